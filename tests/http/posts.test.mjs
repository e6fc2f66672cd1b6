// Pioneer posts and badges (issue 16, seed 002, DOMAIN.md §7: 党员先锋岗, 亮牌上岗). Scope for every
// kind of role; the members on duty; the export; a member's badge switched on and off by the member
// and by the branch (and by nobody else); the public badge page's answer (exactly its keys, nothing
// personal) and its bad input (forged, malformed, oversized tokens, path tricks); the photo.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { login, anon, assertError, orgByName, createMember, token, listAll, request } from './lib.mjs'

const JINZHOU = '锦州市卫生健康行业党委'
const PUBLIC_KEYS = ['department', 'identity', 'institution', 'name', 'photo', 'posts', 'title']
const TINY_PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e1ee2c0000000049454e44ae426082', 'hex')
const octets = { headers: { 'Content-Type': 'application/octet-stream' } }
let admin, jinzhou, jianghai, yizhibu, reviewer, member1, zxyjh
let jzOrg, jzInst, jhInst, jzMember, me1

before(async () => {
  ;[admin, jinzhou, jianghai, yizhibu, reviewer, member1, zxyjh] = await Promise.all(
    ['admin', 'jinzhou', 'jianghai', 'yizhibu', 'reviewer', 'member1', 'zxyjh'].map((u) => login(u)))
  jzOrg = await orgByName(admin, JINZHOU)
  const insts = (await listAll(jinzhou, '/institutions')).items
  jzInst = insts.find((i) => i.name === '锦州市中心医院')
  jhInst = (await listAll(jianghai, '/institutions')).items.find((i) => i.orgs.length > 0)
  jzMember = (await jinzhou.ok('/members?limit=1')).items[0]
  me1 = await member1.ok(`/members/${member1.user.member_id}`)
})

test('the demo: Jinzhou’s 50 pioneer posts across its hospitals, members on duty shown by name', async () => {
  // The demo's: made together (other test files add their own).
  const every = (await listAll(jinzhou, '/pioneer-posts')).items
  const all = every.filter((p) => p.created_at === every[0].created_at)
  assert.equal(all.length, 50, 'seed 002: 党员先锋岗 50个')
  assert.ok(new Set(all.map((p) => p.institution_id)).size >= 2, 'across the hospitals')
  for (const p of all) {
    assert.ok(p.members.length >= 1 && p.members.every((m) => m.id > 0 && m.name), JSON.stringify(p))
    assert.ok(!('org_path' in p))
  }
  // Badges of the members on duty are on (亮牌上岗).
  const b = await jinzhou.ok(`/members/${all[0].members[0].id}/badge`)
  assert.equal(b.enabled, true)
  assert.match(b.url, /^\/p\/badge\/[0-9a-f]{32}$/)
})

test('scope: other areas see none of Jinzhou’s posts; a member’s account is refused', async () => {
  const jh = (await listAll(jianghai, '/pioneer-posts')).items
  const jz = (await listAll(jinzhou, '/pioneer-posts')).items
  assert.ok(jh.every((p) => !jz.some((x) => x.id === p.id)))
  assertError(await jianghai.get(`/pioneer-posts/${jz[0].id}`), 404, 'not_found')
  assertError(await jianghai.patch(`/pioneer-posts/${jz[0].id}`, { version: jz[0].version, place: '越权' }), 404, 'not_found')
  assertError(await member1.get('/pioneer-posts'), 403, 'forbidden')
  // The reviewer of Jinzhou reads but does not write.
  assert.equal((await reviewer.ok(`/pioneer-posts/${jz[0].id}`)).id, jz[0].id)
  assertError(await reviewer.patch(`/pioneer-posts/${jz[0].id}`, { version: jz[0].version, place: '越权' }), 403, 'forbidden')
  assertError(await jinzhou.get('/pioneer-posts?org=1'), 404)
})

test('create, change, delete: the institution and the members must be of the scope', async () => {
  const other = (await jianghai.ok('/members?limit=1')).items[0]
  assertError(await jinzhou.post('/pioneer-posts', { name: '先锋岗' + token(), institution_id: jhInst.id }), 422, 'validation', 'institution_id')
  assertError(await jinzhou.post('/pioneer-posts', { name: '先锋岗' + token(), institution_id: jzInst.id, member_ids: [other.id] }), 422, 'validation', 'member_ids')
  assertError(await jinzhou.post('/pioneer-posts', { name: '先锋岗' + token(), institution_id: jzInst.id, member_ids: [jzMember.id, jzMember.id] }), 422, 'validation', 'member_ids')
  assertError(await jinzhou.post('/pioneer-posts', { institution_id: jzInst.id }), 422, 'validation', 'name')
  assertError(await jinzhou.post('/pioneer-posts', { name: '先锋岗', institution_id: jzInst.id, secret: 1 }), 422, 'validation')
  const n0 = (await jinzhou.ok('/pioneer-posts?limit=1')).total
  const r = await jinzhou.post('/pioneer-posts', { name: '党员先锋岗·测试' + token(), institution_id: jzInst.id, department: '心血管内科', place: '门诊二楼', member_ids: [jzMember.id], started_on: '2026-03-01' })
  assert.equal(r.status, 201, r.text)
  assert.deepEqual(r.json.members, [{ id: jzMember.id, name: jzMember.name }])
  assert.equal(r.json.institution_name, '锦州市中心医院')
  assert.equal((await jinzhou.ok('/pioneer-posts?limit=1')).total, n0 + 1)
  assert.ok((await jinzhou.ok(`/pioneer-posts?member=${jzMember.id}`)).items.some((p) => p.id === r.json.id))
  assertError(await jinzhou.patch(`/pioneer-posts/${r.json.id}`, { version: r.json.version + 5, place: 'x' }), 409, 'conflict')
  const u = await jinzhou.patch(`/pioneer-posts/${r.json.id}`, { version: r.json.version, member_ids: [], place: '门诊三楼' })
  assert.equal(u.status, 200, u.text)
  assert.deepEqual(u.json.members, [])
  assert.equal(u.json.version, r.json.version + 1)
  const d = await jinzhou.del(`/pioneer-posts/${r.json.id}?version=${u.json.version}`)
  assert.equal(d.status, 200, d.text)
  assertError(await jinzhou.get(`/pioneer-posts/${r.json.id}`), 404)
  const audit = await admin.ok(`/audit?object_type=pioneer_post&object_id=${r.json.id}`)
  assert.ok(audit.items.length >= 3, 'every write audited')
})

test('the export: the same posts as the list, as .xlsx and .csv', async () => {
  const x = await jinzhou.get('/pioneer-posts/export')
  assert.equal(x.status, 200)
  assert.equal(x.bytes.subarray(0, 2).toString('latin1'), 'PK')
  const c = await jinzhou.get('/pioneer-posts/export?format=csv')
  assert.equal(c.status, 200)
  assert.equal(c.text.trim().split(/\r?\n/).length - 1, (await jinzhou.ok('/pioneer-posts?limit=1')).total)
  assertError(await jinzhou.get('/pioneer-posts/export?format=pdf'), 400)
})

async function publicBadge(url) { return request('GET', '/api/v1/public/badges/' + url.split('/').pop()) }

test('a badge: the member switches it on; the public page shows exactly its keys, nothing personal', async () => {
  const on = await member1.put(`/members/${me1.id}/badge`, { enabled: true })
  assert.equal(on.status, 200, on.text)
  assert.match(on.json.url, /^\/p\/badge\/[0-9a-f]{32}$/)
  assert.ok(!on.json.url.includes(String(me1.id).padStart(32, '0')))
  const p = await publicBadge(on.json.url)
  assert.equal(p.status, 200, p.text)
  assert.deepEqual(Object.keys(p.json).sort(), PUBLIC_KEYS)
  assert.equal(p.json.name, me1.name)
  assert.equal(p.json.identity, '共产党员')
  assert.ok(typeof p.json.institution === 'string' && p.json.institution.length > 0, 'the institution of the member’s organisation')
  for (const v of [me1.id_number, me1.phone, me1.birth_date]) if (v) assert.ok(!p.text.includes(v), `public page shows ${v}`)
  // No organisation id either (as a value: a digit of it may well occur in a name or a token).
  assert.ok(!Object.values(p.json).includes(me1.org_id), 'public page shows the organisation id')
  assert.equal(p.headers.get('cache-control'), 'no-store')
  // Idempotent: on again keeps the same address.
  assert.equal((await member1.put(`/members/${me1.id}/badge`, { enabled: true })).json.url, on.json.url)
  // Off: the page is gone, the same answer as an unknown token.
  const off = await member1.put(`/members/${me1.id}/badge`, { enabled: false })
  assert.equal(off.json.enabled, false)
  assert.equal(off.json.url, null)
  const gone = await publicBadge(on.json.url)
  const unknown = await publicBadge('/p/badge/' + '0'.repeat(32))
  assert.equal(gone.status, 404)
  assert.deepEqual(gone.json, unknown.json)
  // On again: a new token; the old printed link stays dead.
  const again = await member1.put(`/members/${me1.id}/badge`, { enabled: true })
  assert.notEqual(again.json.url, on.json.url)
  assert.equal((await publicBadge(on.json.url)).status, 404)
  assert.equal((await publicBadge(again.json.url)).status, 200)
})

test('a badge: the branch switches it; other areas, other members and readers cannot', async () => {
  const r = await yizhibu.put(`/members/${me1.id}/badge`, { enabled: false })
  assert.equal(r.status, 200, r.text)
  assert.equal((await jianghai.put(`/members/${me1.id}/badge`, { enabled: true })).status, 200)
  assertError(await jinzhou.put(`/members/${me1.id}/badge`, { enabled: false }), 404, 'not_found')
  assertError(await jinzhou.get(`/members/${me1.id}/badge`), 404, 'not_found')
  assertError(await member1.put(`/members/${jzMember.id}/badge`, { enabled: true }), 404, 'not_found')
  assertError(await member1.get(`/members/${jzMember.id}/badge`), 404, 'not_found')
  assertError(await reviewer.put(`/members/${jzMember.id}/badge`, { enabled: false }), 403, 'forbidden')
  assert.equal((await reviewer.get(`/members/${jzMember.id}/badge`)).status, 200)
  assertError(await member1.put(`/members/${me1.id}/badge`, { enabled: 'yes' }), 422, 'validation', 'enabled')
  assertError(await member1.put(`/members/${me1.id}/badge`, {}), 422, 'validation', 'enabled')
  assertError(await anon().put(`/members/${me1.id}/badge`, { enabled: true }), 401)
  const st = await member1.ok(`/members/${me1.id}/badge`)
  assert.equal(st.enabled, true)
  // The audit log records each switch, without the token.
  const audit = await admin.ok(`/audit?object_type=member_badge&object_id=${me1.id}`)
  assert.ok(audit.items.length >= 4)
  assert.ok(!JSON.stringify(audit).includes(st.url.split('/').pop()), 'the token is not in the audit log')
})

test('the QR code of a badge: a PNG while it is on, 409 while off', async () => {
  const on = await member1.put(`/members/${me1.id}/badge`, { enabled: true })
  const q = await member1.get(`/members/${me1.id}/badge/qr`)
  assert.equal(q.status, 200)
  assert.equal(q.headers.get('content-type'), 'image/png')
  assert.equal(q.bytes.subarray(1, 4).toString('latin1'), 'PNG')
  await member1.put(`/members/${me1.id}/badge`, { enabled: false })
  assertError(await member1.get(`/members/${me1.id}/badge/qr`), 409)
  assert.ok(on.json.enabled)
})

test('the photo: JPEG/PNG by content and a size limit; public only while the badge is on', async () => {
  const on = await member1.put(`/members/${me1.id}/badge`, { enabled: true })
  assertError(await member1.put(`/members/${me1.id}/badge/photo`, Buffer.from('GIF89a....'), octets), 415)
  assertError(await member1.put(`/members/${me1.id}/badge/photo`, Buffer.from('<svg onload=alert(1)>'), { headers: { 'Content-Type': 'image/png' } }), 415)
  const big = Buffer.concat([TINY_PNG, Buffer.alloc(3 * 1024 * 1024)])
  assert.equal((await member1.put(`/members/${me1.id}/badge/photo`, big, octets)).status, 413)
  const up = await member1.put(`/members/${me1.id}/badge/photo`, TINY_PNG, octets)
  assert.equal(up.status, 200, up.text)
  assert.equal(up.json.has_photo, true)
  const p = await publicBadge(on.json.url)
  assert.match(p.json.photo, /^\/api\/v1\/public\/badges\/[0-9a-f]{32}\/photo$/)
  const img = await request('GET', p.json.photo)
  assert.equal(img.status, 200)
  assert.ok(img.bytes.equals(TINY_PNG))
  assert.equal(img.headers.get('content-type'), 'image/png')
  await member1.put(`/members/${me1.id}/badge`, { enabled: false })
  assert.equal((await request('GET', p.json.photo)).status, 404)
  assertError(await jinzhou.del(`/members/${me1.id}/badge/photo`), 404)
  assert.equal((await member1.del(`/members/${me1.id}/badge/photo`)).status, 204)
  assert.equal((await member1.ok(`/members/${me1.id}/badge`)).has_photo, false)
})

test('the public badge route: hostile input is a 404 like any unknown badge, never a personal field', async () => {
  const on = await member1.put(`/members/${me1.id}/badge`, { enabled: true })
  const good = on.json.url.split('/').pop()
  const tries = [
    '0'.repeat(32), good.toUpperCase(), good + '0', good.slice(0, 31), 'f'.repeat(5000), `${good}%27%20OR%201=1--`,
    "'%20OR%20'1'='1", '..%2f..%2fmembers', '%2e%2e', '%00', good + '%00', `${good}%2f..`, '<script>alert(1)<%2fscript>',
    encodeURIComponent('锦州'), String(me1.id)
  ]
  for (const t of tries) {
    const r = await request('GET', '/api/v1/public/badges/' + t)
    assert.ok([400, 404, 414].includes(r.status), `${t.slice(0, 40)} → ${r.status} ${r.text.slice(0, 100)}`)
    for (const v of [me1.id_number, me1.phone, me1.name]) if (v) assert.ok(!r.text.includes(v), `${t.slice(0, 40)}: shows ${v}`)
    const ph = await request('GET', '/api/v1/public/badges/' + t + '/photo')
    assert.ok([400, 404, 414].includes(ph.status), `${t.slice(0, 40)}/photo → ${ph.status}`)
  }
  // A path with extra segments is no route of the API.
  assert.equal((await request('GET', `/api/v1/public/badges/${good}/photo/x`)).status, 404)
  // Writes are not routes.
  assert.ok([404, 405].includes((await request('PUT', `/api/v1/public/badges/${good}`, { enabled: false })).status))
  assert.equal((await publicBadge(on.json.url)).status, 200, 'the real one still works')
})
