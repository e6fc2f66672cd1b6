// Meeting attachments (issue 13): JPEG, PNG and PDF recognised by their bytes, downloaded as they
// were sent; anything else refused whatever its name; 10 MiB at most (413 past it, nothing
// stored); scope; delete; hidden while their meeting is deleted. In a branch of its own.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { login, assertError, orgByName, createOrg, token } from './lib.mjs'

let admin, reviewer, other, branch, meeting, jzMeeting

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e1ee2c0000000049454e44ae426082', 'hex')
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF\0 test bytes \x00\x01\xfe'), Buffer.from([0xff, 0xd9])])
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n')
const raw = { headers: { 'Content-Type': 'application/octet-stream' } }

const upload = (client, m, name, bytes) =>
  client.post(`/meetings/${m.id}/attachments?name=${encodeURIComponent(name)}`, bytes, raw)

async function listOf(m, client = admin) {
  const r = await client.get(`/meetings/${m.id}/attachments`)
  assert.equal(r.status, 200, r.text)
  return r.json
}

before(async () => {
  ;[admin, reviewer, other] = await Promise.all(['admin', 'reviewer', 'jinzhou'].map((u) => login(u)))
  const parent = await orgByName(admin, '江门市江海区卫生健康局机关党委')
  branch = await createOrg(admin, { name: '附件测试党支部' + token(), type: 'branch', parent_id: parent.id })
  const r = await admin.post('/meetings', { org_id: branch.id, type: 'theme_day', topic: '附件测试' + token(), starts_at: '2030-03-01T09:00', ends_at: '2030-03-01T11:00' })
  assert.equal(r.status, 201, r.text)
  meeting = r.json
  // The reviewer's scope is 锦州: a meeting there, for what it may read.
  const jz = await createOrg(admin, { name: '附件测试锦州党支部' + token(), type: 'branch', parent_id: (await orgByName(admin, '锦州市卫生健康行业党委')).id })
  const r2 = await admin.post('/meetings', { org_id: jz.id, type: 'theme_day', topic: '附件测试' + token(), starts_at: '2030-03-02T09:00', ends_at: '2030-03-02T11:00' })
  assert.equal(r2.status, 201, r2.text)
  jzMeeting = r2.json
})

test('PNG, JPEG and PDF are stored and downloaded byte for byte with their type', async () => {
  for (const [name, bytes, type, ext] of [['现场照片.png', PNG, 'image/png', 'png'], ['合影 2030.jpeg', JPEG, 'image/jpeg', 'jpg'], ['会议记录"扫描".pdf', PDF, 'application/pdf', 'pdf']]) {
    const r = await upload(admin, meeting, name, bytes)
    assert.equal(r.status, 201, r.text)
    assert.equal(r.json.name, name)
    assert.equal(r.json.content_type, type)
    assert.equal(r.json.size, bytes.length)
    assert.equal(r.json.meeting_id, meeting.id)
    assert.ok(r.json.created_at)
    const d = await admin.get(`/meetings/${meeting.id}/attachments/${r.json.id}`)
    assert.equal(d.status, 200)
    assert.equal(d.headers.get('content-type'), type)
    assert.ok(d.bytes.equals(bytes), `${name}: the bytes differ`)
    assert.equal(d.headers.get('content-disposition'), `attachment; filename="attachment.${ext}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())}`)
    assert.equal(d.headers.get('cache-control'), 'no-store')
    assert.equal(d.headers.get('x-content-type-options'), 'nosniff')
  }
  const l = await listOf(meeting)
  assert.equal(l.total, 3)
  assert.equal(l.next, null)
  assert.deepEqual(l.items.map((a) => a.content_type), ['image/png', 'image/jpeg', 'application/pdf'])
  assert.ok(l.items.every((a) => !('data' in a) && !('sha256' in a)))
  // The audit record: name, type, size, SHA-256, never the bytes.
  const audit = await admin.ok(`/audit?object_type=meeting_attachment&object_id=${l.items[0].id}`)
  assert.equal(audit.items.length, 1)
  assert.equal(audit.items[0].action, 'create')
  const after = audit.items[0].after
  assert.equal(after.sha256, (await import('node:crypto')).createHash('sha256').update(PNG).digest('hex'))
  assert.equal(after.size, PNG.length)
  assert.ok(!JSON.stringify(audit).includes(PNG.toString('base64')))
})

test('the content decides, not the name or the Content-Type; a name is required and readable', async () => {
  const n0 = (await listOf(meeting)).total
  const r = await upload(admin, meeting, '照片.jpg', Buffer.from('这是一个文本文件，不是图片'))
  assertError(r, 415, 'unsupported_media_type')
  assert.match(r.json.error.message, /JPEG、PNG/)
  assertError(await admin.post(`/meetings/${meeting.id}/attachments?name=a.png`, PNG.subarray(0, 5), { headers: { 'Content-Type': 'image/png' } }), 415, 'unsupported_media_type')
  assertError(await admin.post(`/meetings/${meeting.id}/attachments?name=a.png`, '', raw), 415, 'unsupported_media_type')
  assertError(await admin.post(`/meetings/${meeting.id}/attachments`, PNG, raw), 422, 'validation', 'name')
  assertError(await upload(admin, meeting, '', PNG), 422, 'validation', 'name')
  assertError(await upload(admin, meeting, '图'.repeat(101), PNG), 422, 'validation', 'name')
  assertError(await upload(admin, meeting, 'a\u0000b.png', PNG), 400)
  assertError(await upload(admin, meeting, 'a\u202eb.png', PNG), 422, 'validation', 'name')
  assert.equal((await upload(admin, meeting, '图'.repeat(100), PNG)).status, 201)
  // A PDF sent as image/png is stored as what it is.
  const p = await admin.post(`/meetings/${meeting.id}/attachments?name=x.png`, PDF, { headers: { 'Content-Type': 'image/png' } })
  assert.equal(p.status, 201, p.text)
  assert.equal(p.json.content_type, 'application/pdf')
  assert.equal((await listOf(meeting)).total, n0 + 2)
})

test('10 MiB is the limit: 10 MiB + 1 byte is 413 and nothing is stored', async () => {
  const n0 = (await listOf(meeting)).total
  const big = Buffer.alloc(10 * 1024 * 1024 + 1)
  PNG.copy(big)
  const r = await upload(admin, meeting, 'big.png', big)
  assert.equal(r.status, 413, r.text)
  assert.equal((await listOf(meeting)).total, n0)
  const ok = await upload(admin, meeting, 'exact.png', big.subarray(0, 10 * 1024 * 1024))
  assert.equal(ok.status, 201, ok.text)
  assert.equal(ok.json.size, 10 * 1024 * 1024)
  const d = await admin.get(`/meetings/${meeting.id}/attachments/${ok.json.id}`)
  assert.ok(d.bytes.equals(big.subarray(0, 10 * 1024 * 1024)))
  assert.equal((await admin.del(`/meetings/${meeting.id}/attachments/${ok.json.id}`)).status, 204)
})

test('scope: another sector 404, the reviewer reads but cannot upload or delete', async () => {
  const a = (await upload(admin, meeting, 'scope.png', PNG)).json
  assertError(await other.get(`/meetings/${meeting.id}/attachments`), 404, 'not_found')
  assertError(await other.get(`/meetings/${meeting.id}/attachments/${a.id}`), 404, 'not_found')
  assertError(await upload(other, meeting, 'x.png', PNG), 404, 'not_found')
  assertError(await other.del(`/meetings/${meeting.id}/attachments/${a.id}`), 404, 'not_found')
  assertError(await reviewer.get(`/meetings/${meeting.id}/attachments/${a.id}`), 404, 'not_found')
  const j = (await upload(admin, jzMeeting, '锦州.png', PNG)).json
  assert.ok((await listOf(jzMeeting, reviewer)).items.some((x) => x.id === j.id))
  assert.ok((await listOf(jzMeeting, other)).items.some((x) => x.id === j.id))
  const d = await reviewer.get(`/meetings/${jzMeeting.id}/attachments/${j.id}`)
  assert.equal(d.status, 200)
  assert.ok(d.bytes.equals(PNG))
  assertError(await upload(reviewer, jzMeeting, 'x.png', PNG), 403, 'forbidden')
  assertError(await reviewer.del(`/meetings/${jzMeeting.id}/attachments/${j.id}`), 403, 'forbidden')
  assert.equal((await listOf(jzMeeting)).total, 1)
  // Without the CSRF token: refused like every write.
  assert.equal((await admin.post(`/meetings/${meeting.id}/attachments?name=x.png`, PNG, { ...raw, csrf: null })).status, 403)
  // An attachment of another meeting is not found through this one.
  const r2 = await admin.post('/meetings', { org_id: branch.id, type: 'theme_day', topic: '附件测试' + token(), starts_at: '2030-04-01T09:00', ends_at: '2030-04-01T11:00' })
  assertError(await admin.get(`/meetings/${r2.json.id}/attachments/${a.id}`), 404, 'not_found')
  assertError(await admin.del(`/meetings/${r2.json.id}/attachments/${a.id}`), 404, 'not_found')
  assertError(await admin.get(`/meetings/${meeting.id}/attachments/99999999`), 404, 'not_found')
  assertError(await admin.get(`/meetings/${meeting.id}/attachments/abc`), 404)
})

test('delete, audited; a deleted meeting hides its attachments until restored', async () => {
  const a = (await upload(admin, meeting, 'gone.pdf', PDF)).json
  const d = await admin.del(`/meetings/${meeting.id}/attachments/${a.id}`)
  assert.equal(d.status, 204, d.text)
  assertError(await admin.get(`/meetings/${meeting.id}/attachments/${a.id}`), 404, 'not_found')
  assertError(await admin.del(`/meetings/${meeting.id}/attachments/${a.id}`), 404, 'not_found')
  const audit = await admin.ok(`/audit?object_type=meeting_attachment&object_id=${a.id}`)
  assert.deepEqual(audit.items.map((x) => x.action).sort(), ['create', 'delete'])

  const b = (await upload(admin, meeting, 'kept.png', PNG)).json
  const m = await admin.ok(`/meetings/${meeting.id}`)
  assert.equal((await admin.del(`/meetings/${meeting.id}?version=${m.version}`)).status, 200)
  assertError(await admin.get(`/meetings/${meeting.id}/attachments`), 404, 'not_found')
  assertError(await admin.get(`/meetings/${meeting.id}/attachments/${b.id}`), 404, 'not_found')
  assertError(await upload(admin, meeting, 'x.png', PNG), 404, 'not_found')
  assertError(await admin.del(`/meetings/${meeting.id}/attachments/${b.id}`), 404, 'not_found')
  assert.equal((await admin.post(`/meetings/${meeting.id}/restore?version=${m.version + 1}`)).status, 200)
  const d2 = await admin.get(`/meetings/${meeting.id}/attachments/${b.id}`)
  assert.equal(d2.status, 200)
  assert.ok(d2.bytes.equals(PNG))
})
