// 红联共建 (issue 16; seeds 003, 004; DOMAIN.md §7): alliances of public and private institutions'
// party organisations, "1+1" and "1+N", with their agreement, joint activities (a joint study may
// link its meeting), shared resources, two-way referrals counted per month and direction, and the
// yearly report (JSON, .xlsx). Scope for every kind of role: an alliance is seen from the lead's
// or any partner's subtree and written by the lead's writers; bad input changes nothing; optimistic
// locking; audit records. What this file creates is its own.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { login, assertError, orgByName, token, listAll } from './lib.mjs'

const china = (minutes = 0) => new Date(Date.now() + 8 * 3600e3 + minutes * 60e3).toISOString().slice(0, 16)
const thisYear = Number(china().slice(0, 4))
const thisMonth = china().slice(0, 7)

let admin, baiyun, luolan, jianghai, yizhibu, reviewer, member1, jinzhou
let dgAdmin, gjSecretary, gjCommittee
const O = {}
let A1, A2, A3

/** A new account of role at org, made by admin; its signed-in client. */
async function account(role, org) {
  const username = 'al' + token()
  const r = await admin.post('/users', { username, display_name: '共建测试账号', role, org_id: org.id, password: 'Alliance2026pass' })
  assert.equal(r.status, 201, r.text)
  return login(username, 'Alliance2026pass')
}

before(async () => {
  ;[admin, baiyun, luolan, jianghai, yizhibu, reviewer, member1, jinzhou] = await Promise.all(
    ['admin', 'baiyun', 'luolan', 'jianghai', 'yizhibu', 'reviewer', 'member1', 'jinzhou'].map((u) => login(u)))
  for (const [k, name] of Object.entries({
    jk: '白云精康医院党支部', dz: '广州白云大众医院党支部', clinics: '白云区民营诊所联合党支部', byroot: '广州市白云区卫生健康局机关党委',
    rh: '人和镇卫生院党支部', lg: '龙归街社区卫生服务中心党支部', dgroot: '东莞市卫生健康局机关党委', fy: '东莞市妇幼保健院党委',
    gj: '东莞广济医院党支部', j9: '东莞市卫生健康局机关第九党支部'
  })) O[k] = await orgByName(admin, name)
  const all = (await listAll(admin, '/alliances')).items
  A1 = all.find((a) => a.name === '白云精康医院“1+N”红联共建')
  A2 = all.find((a) => a.name.startsWith('“公立+民营”党建联学共建'))
  A3 = all.find((a) => a.kind === '1+1')
  dgAdmin = await account('org_admin', O.dgroot)
  O.fck = await orgByName(dgAdmin, '妇产科党支部') // Jinzhou's has the same name
  gjSecretary = await account('secretary', O.gj)
  gjCommittee = await account('committee', O.gj)
})

test('the demo: the seeds’ alliances, 1+N led by a private and by a public hospital, and a 1+1', async () => {
  assert.ok(A1 && A2 && A3)
  const d1 = await admin.ok(`/alliances/${A1.id}`)
  assert.equal(d1.kind, '1+N')
  assert.equal(d1.started_on, '2021-04-15', 'seed 003: 2021年4月以来')
  assert.deepEqual(d1.members.map((m) => m.name), ['白云精康医院党支部', '人和镇卫生院党支部', '龙归街社区卫生服务中心党支部'])
  assert.deepEqual(d1.members.map((m) => m.ownership), ['private', 'public', 'public'])
  assert.deepEqual(d1.members.map((m) => m.role), ['lead', 'partner', 'partner'])
  assert.equal(d1.members[1].institutions[0].name, '人和镇卫生院')
  assert.equal(d1.members[1].institutions[0].ownership_label, '公立')
  assert.equal(d1.referrals_year.year, thisYear)
  assert.equal(d1.referrals_year.directions.length, 4, 'two partners, both ways')
  assert.equal(d1.referrals_year.total, d1.referrals_year.directions.reduce((s, x) => s + x.total, 0))
  assert.ok(d1.referrals_year.total > 0)
  const d2 = await admin.ok(`/alliances/${A2.id}`)
  assert.equal(d2.lead_org_name, '东莞市妇幼保健院党委')
  assert.equal(d2.members[0].ownership, 'public')
  assert.deepEqual(d2.members.slice(1).map((m) => [m.name, m.ownership]), [['东莞广济医院党支部', 'private'], ['东莞市卫生健康局机关第九党支部', null]])
  const acts = await admin.ok(`/alliances/${A2.id}/activities?limit=200`)
  assert.ok(acts.items.some((x) => x.held_on === '2023-07-27' && x.kind === 'study' && x.kind_label === '联学'), 'seed 004: 7月27日 联学共建见面会')
  assert.ok(acts.items.some((x) => x.held_on.startsWith(String(thisYear))), 'activities this year')
  assert.ok((await admin.ok(`/alliances/${A1.id}/resources`)).items.some((r) => r.kind === 'expert' && r.provider_org_name === '白云精康医院党支部'))
  const d3 = await admin.ok(`/alliances/${A3.id}`)
  assert.equal(d3.members.length, 2)
})

test('scope: the lead’s and every partner’s subtree see an alliance; others get 404, those without the right 403', async () => {
  const ids = async (c) => (await listAll(c, '/alliances')).items.map((a) => a.id)
  const mine = await ids(baiyun)
  assert.ok(mine.includes(A1.id) && mine.includes(A3.id) && !mine.includes(A2.id), 'the Baiyun private sector committee leads two')
  assert.ok((await ids(dgAdmin)).includes(A2.id))
  // A secretary of a partner organisation (东莞广济医院) reads the alliance and its report.
  assert.deepEqual(await ids(gjSecretary), [A2.id])
  assert.equal((await gjSecretary.ok(`/alliances/${A2.id}/report`)).alliance.id, A2.id)
  assertError(await gjSecretary.get(`/alliances/${A1.id}`), 404, 'not_found')
  // An instructor of Wuhan, a reviewer and an administrator of Jinzhou, Jianghai's: none.
  for (const c of [luolan, reviewer, jinzhou, jianghai, yizhibu]) {
    assert.deepEqual(await ids(c), [])
    for (const path of ['', '/activities', '/resources', '/referrals', '/report', '/agreement'])
      assertError(await c.get(`/alliances/${A1.id}${path}`), 404, 'not_found')
  }
  // A member's account holds no alliances.read.
  for (const path of ['/alliances', `/alliances/${A1.id}`, `/alliances/${A1.id}/report`]) assertError(await member1.get(path), 403, 'forbidden')
  // Filters.
  assert.ok((await admin.ok('/alliances?kind=1%2B1&limit=200')).items.every((a) => a.kind === '1+1'))
  assert.deepEqual((await admin.ok(`/alliances?org=${O.gj.id}`)).items.map((a) => a.id), [A2.id])
  assertError(await admin.get('/alliances?kind=2%2B2'), 400, 'bad_request', 'kind')
  assertError(await admin.get('/alliances?org=x'), 400, 'bad_request')
})

test('writes: the lead’s writers only; a partner’s committee 403; a secretary or reviewer has no alliances.write', async () => {
  const cur = await admin.ok(`/alliances/${A2.id}`)
  assert.equal((await gjCommittee.ok(`/alliances/${A2.id}`)).writable, false, 'a partner’s committee reads, the UI hides the writes')
  assert.equal((await gjSecretary.ok(`/alliances/${A2.id}`)).writable, false)
  assert.equal((await dgAdmin.ok(`/alliances/${A2.id}`)).writable, true)
  assertError(await gjCommittee.patch(`/alliances/${A2.id}`, { version: cur.version, note: '越权' }), 403, 'forbidden')
  assertError(await gjCommittee.post(`/alliances/${A2.id}/activities`, { kind: 'study', held_on: '2024-01-05', title: '越权活动' }), 403, 'forbidden')
  assertError(await gjCommittee.put(`/alliances/${A2.id}/referrals`, { month: '2024-01', from_org_id: O.gj.id, to_org_id: O.fy.id, count: 1 }), 403, 'forbidden')
  assertError(await gjCommittee.del(`/alliances/${A2.id}?version=${cur.version}`), 403, 'forbidden')
  for (const c of [gjSecretary, reviewer, luolan, yizhibu]) {
    assertError(await c.patch(`/alliances/${A2.id}`, { version: cur.version, note: '越权' }), 403, 'forbidden')
    assertError(await c.post('/alliances', { name: 'x', kind: '1+1', lead_org_id: O.gj.id, member_org_ids: [O.fy.id], started_on: '2024-01-01' }), 403, 'forbidden')
  }
  // Outside the scope: 404, though holding the right.
  assertError(await jianghai.patch(`/alliances/${A2.id}`, { version: cur.version, note: '越权' }), 404, 'not_found')
  assertError(await baiyun.post(`/alliances/${A2.id}/resources`, { kind: 'venue', title: '越权', provider_org_id: O.gj.id }), 404, 'not_found')
  const after = await admin.ok(`/alliances/${A2.id}`)
  assert.equal(after.version, cur.version)
  assert.equal(after.note, cur.note)
  // The lead's administrator changes it.
  const r = await dgAdmin.patch(`/alliances/${A2.id}`, { version: cur.version, note: cur.note + '（已续签）' })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.version, cur.version + 1)
})

test('create: 1+1 and 1+N, 公立+民营 required, every organisation in scope, all or nothing; audited', async () => {
  const body = { name: '测试共建' + token(), kind: '1+N', lead_org_id: O.fy.id, member_org_ids: [O.gj.id, O.j9.id], started_on: '2024-03-01' }
  const before = (await admin.ok('/alliances')).total
  // The kind's number of organisations.
  assertError(await dgAdmin.post('/alliances', { ...body, kind: '1+1' }), 422, 'validation', 'member_org_ids')
  assertError(await dgAdmin.post('/alliances', { ...body, member_org_ids: [O.gj.id] }), 422, 'validation', 'member_org_ids')
  assertError(await dgAdmin.post('/alliances', { ...body, member_org_ids: [O.gj.id, O.gj.id] }), 422, 'validation', 'member_org_ids')
  assertError(await dgAdmin.post('/alliances', { ...body, member_org_ids: [O.fy.id, O.gj.id] }), 422, 'validation', 'member_org_ids')
  // Public and private: the bureau's branch and the public hospital alone are not an alliance.
  const noPrivate = await dgAdmin.post('/alliances', { ...body, kind: '1+1', member_org_ids: [O.j9.id] })
  assertError(noPrivate, 422, 'validation', 'member_org_ids')
  assert.match(noPrivate.json.error.message, /公立和民营/)
  assertError(await baiyun.post('/alliances', { ...body, kind: '1+N', lead_org_id: O.jk.id, member_org_ids: [O.dz.id, O.clinics.id] }), 422, 'validation', 'member_org_ids')
  // Outside the scope: the lead, a partner.
  assertError(await dgAdmin.post('/alliances', { ...body, lead_org_id: O.jk.id }), 422, 'validation', 'lead_org_id')
  assertError(await dgAdmin.post('/alliances', { ...body, member_org_ids: [O.gj.id, O.rh.id] }), 422, 'validation', 'member_org_ids')
  assertError(await baiyun.post('/alliances', { ...body, kind: '1+1', lead_org_id: O.jk.id, member_org_ids: [O.rh.id] }), 422, 'validation', 'member_org_ids')
  assertError(await dgAdmin.post('/alliances', { ...body, member_org_ids: [O.gj.id, 999999] }), 422, 'validation', 'member_org_ids')
  // Shapes.
  assertError(await dgAdmin.post('/alliances', { ...body, kind: '1+2' }), 422, 'validation', 'kind')
  assertError(await dgAdmin.post('/alliances', { ...body, ends_on: '2024-02-29' }), 422, 'validation', 'ends_on')
  assertError(await dgAdmin.post('/alliances', { ...body, started_on: '2024-02-30' }), 422, 'validation', 'started_on')
  assertError(await dgAdmin.post('/alliances', { ...body, name: '   ' }), 422, 'validation', 'name')
  assertError(await dgAdmin.post('/alliances', { ...body, name: '<script>\u202e' }), 422, 'validation', 'name')
  assertError(await dgAdmin.post('/alliances', { ...body, member_org_ids: 'x' }), 422, 'validation', 'member_org_ids')
  assertError(await dgAdmin.post('/alliances', { ...body, colour: 'red' }), 422, 'validation')
  const { member_org_ids: _, ...noMembers } = body
  assertError(await dgAdmin.post('/alliances', noMembers), 422, 'validation', 'member_org_ids')
  assert.equal((await admin.ok('/alliances')).total, before, 'nothing of the refused requests was written')
  // A good one; a 1+1 by the lead's administrator; a cross-tree 1+N by the administrator.
  const r = await dgAdmin.post('/alliances', { ...body, kind: '“1+N”联盟共建', ends_on: '2026-02-28' })
  assert.equal(r.status, 201, r.text)
  assert.equal(r.json.kind, '1+N')
  assert.equal(r.json.version, 1)
  assert.deepEqual(r.json.member_org_ids, [O.gj.id, O.j9.id])
  assert.equal(r.json.agreement, null)
  const audit = await admin.ok(`/audit?object_type=alliance&object_id=${r.json.id}`)
  assert.deepEqual(audit.items.map((a) => a.action).sort(), ['create', 'create_links'])
  assert.equal((await dgAdmin.ok(`/audit?object_type=alliance&object_id=${r.json.id}`)).total, 2, 'the lead’s administrator sees its records')
  const one = await dgAdmin.post('/alliances', { ...body, name: '测试1+1' + token(), kind: '1+1', lead_org_id: O.fck.id, member_org_ids: [O.gj.id] })
  assertError(one, 422, 'validation', 'member_org_ids') // a department branch covers no institution: no public side
  const cross = await admin.post('/alliances', { ...body, name: '跨区共建' + token(), lead_org_id: O.rh.id, member_org_ids: [O.gj.id, O.lg.id] })
  assert.equal(cross.status, 201, cross.text)
  assert.ok((await listAll(dgAdmin, '/alliances')).items.some((a) => a.id === cross.json.id), 'a partner’s subtree sees it')
  assertError(await dgAdmin.patch(`/alliances/${cross.json.id}`, { version: 1, note: '越权' }), 403, 'forbidden')
})

test('change and delete: optimistic locking, partners audited as links, 404 once deleted', async () => {
  const r = await admin.post('/alliances', { name: '锁测试' + token(), kind: '1+1', lead_org_id: O.fy.id, member_org_ids: [O.gj.id], started_on: '2024-01-01' })
  assert.equal(r.status, 201, r.text)
  const id = r.json.id
  const p = await dgAdmin.patch(`/alliances/${id}`, { version: 1, kind: '1+N', member_org_ids: [O.gj.id, O.j9.id] })
  assert.equal(p.status, 200, p.text)
  assert.equal(p.json.version, 2)
  assert.equal(p.json.members.length, 3)
  const links = (await admin.ok(`/audit?object_type=alliance&object_id=${id}&action=update_links`)).items
  assert.equal(links.length, 1)
  assert.deepEqual(links[0].after.map((x) => x.org_id), [O.gj.id, O.j9.id])
  assertError(await dgAdmin.patch(`/alliances/${id}`, { version: 1, note: '过期' }), 409, 'conflict')
  assertError(await dgAdmin.patch(`/alliances/${id}`, { version: 2, kind: '1+1' }), 422, 'validation', 'member_org_ids')
  assertError(await dgAdmin.patch(`/alliances/${id}`, { version: 2, name: null }), 422, 'validation', 'name')
  assertError(await dgAdmin.patch(`/alliances/${id}`, { note: '无版本' }), 422, 'validation')
  assert.equal((await admin.ok(`/alliances/${id}`)).version, 2)
  assertError(await dgAdmin.del(`/alliances/${id}?version=1`), 409, 'conflict')
  assert.equal((await dgAdmin.del(`/alliances/${id}?version=2`)).status, 200)
  assertError(await dgAdmin.get(`/alliances/${id}/activities`), 404, 'not_found')
  assert.ok(!(await listAll(admin, '/alliances')).items.some((a) => a.id === id))
  assert.equal((await admin.ok(`/audit?object_type=alliance&object_id=${id}&action=delete`)).total, 1)
})

test('agreement: a PDF or an image by its bytes, 10 MB at most, replaced, downloaded, removed; audited', async () => {
  const pdf = Buffer.from('%PDF-1.4\n% 共建协议\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
  const ver = async () => (await admin.ok(`/alliances/${A3.id}`)).version
  const v0 = await ver()
  const url = `/alliances/${A3.id}/agreement?version=${v0}&name=` + encodeURIComponent('共建协议.pdf')
  assertError(await baiyun.put(`/alliances/${A3.id}/agreement?name=a.pdf`, pdf, { headers: { 'Content-Type': 'application/pdf' } }), 422, 'validation', 'version')
  assertError(await baiyun.put(`/alliances/${A3.id}/agreement?name=a.pdf&version=${v0 - 1}`, pdf, { headers: { 'Content-Type': 'application/pdf' } }), 409, 'conflict')
  assertError(await baiyun.put(url, Buffer.from('<html>not a pdf</html>'), { headers: { 'Content-Type': 'application/pdf' } }), 415, 'unsupported_media_type')
  assertError(await baiyun.put(`/alliances/${A3.id}/agreement?version=${v0}`, pdf, { headers: { 'Content-Type': 'application/pdf' } }), 422, 'validation', 'name')
  assertError(await baiyun.get(`/alliances/${A3.id}/agreement`), 404, 'not_found')
  const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)
  big.write('%PDF-1.4')
  assert.equal((await baiyun.put(url, big, { headers: { 'Content-Type': 'application/pdf' } })).status, 413)
  const r = await baiyun.put(url, pdf, { headers: { 'Content-Type': 'application/octet-stream' } })
  assert.equal(r.status, 201, r.text)
  assert.equal(r.json.content_type, 'application/pdf')
  assert.equal(r.json.size, pdf.length)
  assert.equal(await ver(), v0 + 1, 'the alliance’s version moves with its agreement')
  assertError(await baiyun.put(url, pdf), 409, 'conflict')
  const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'binary'), Buffer.alloc(32)])
  const again = await baiyun.put(`/alliances/${A3.id}/agreement?version=${v0 + 1}&name=scan.png`, png, { headers: { 'Content-Type': 'application/pdf' } })
  assert.equal(again.status, 200, again.text)
  assert.equal(again.json.content_type, 'image/png')
  const got = await baiyun.get(`/alliances/${A3.id}/agreement`)
  assert.equal(got.status, 200)
  assert.equal(got.headers.get('content-type'), 'image/png')
  assert.ok(got.bytes.equals(png))
  assert.equal((await baiyun.ok(`/alliances/${A3.id}`)).agreement.name, 'scan.png')
  assert.equal((await admin.ok(`/alliances?kind=1%2B1&limit=200`)).items.find((a) => a.id === A3.id).has_agreement, true)
  // Read by a partner's subtree; written only by the lead's.
  assertError(await reviewer.get(`/alliances/${A3.id}/agreement`), 404, 'not_found')
  const actions = (await admin.ok(`/audit?object_type=alliance_agreement&object_id=${A3.id}`)).items.map((a) => a.action)
  assert.deepEqual(actions.sort(), ['create', 'update'])
  assertError(await baiyun.del(`/alliances/${A3.id}/agreement?version=${v0 + 1}`), 409, 'conflict')
  assert.equal((await baiyun.del(`/alliances/${A3.id}/agreement?version=${v0 + 2}`)).status, 204)
  assertError(await baiyun.del(`/alliances/${A3.id}/agreement?version=${v0 + 3}`), 404, 'not_found')
  assert.equal((await admin.ok(`/alliances/${A3.id}`)).agreement, null)
})

test('activities: the alliance’s organisations, within its term, a joint study linked to its meeting', async () => {
  const url = `/alliances/${A2.id}/activities`
  const before = (await admin.ok(url)).total
  const base = { kind: 'study', held_on: '2024-05-10', title: '联学：第一议题' + token(), attendance: 30 }
  assertError(await dgAdmin.post(url, { ...base, kind: 'party' }), 422, 'validation', 'kind')
  assertError(await dgAdmin.post(url, { ...base, held_on: '2023-07-26' }), 422, 'validation', 'held_on')
  assertError(await dgAdmin.post(url, { ...base, org_ids: [O.jk.id] }), 422, 'validation', 'org_ids')
  assertError(await dgAdmin.post(url, { ...base, org_ids: [O.gj.id, O.gj.id] }), 422, 'validation', 'org_ids')
  assertError(await dgAdmin.post(url, { ...base, attendance: -1 }), 422, 'validation', 'attendance')
  assertError(await dgAdmin.post(url, { ...base, attendance: 'many' }), 422, 'validation', 'attendance')
  assertError(await dgAdmin.post(url, { ...base, title: '' }), 422, 'validation', 'title')
  // A meeting of another organisation, or one outside the scope: refused on the field.
  const jhMeeting = (await jianghai.ok('/meetings?limit=1')).items[0]
  assertError(await admin.post(url, { ...base, meeting_id: jhMeeting.id }), 422, 'validation', 'meeting_id')
  assertError(await dgAdmin.post(url, { ...base, meeting_id: jhMeeting.id }), 422, 'validation', 'meeting_id')
  assertError(await dgAdmin.post(url, { ...base, meeting_id: 99999999 }), 422, 'validation', 'meeting_id')
  assert.equal((await admin.ok(url)).total, before)
  // A meeting of the lead: linked and shown.
  const m = await dgAdmin.post('/meetings', { org_id: O.fy.id, topic: '联学共建会议' + token(), type: 'joint_study', joint_org_ids: [O.gj.id], starts_at: china(-60), ends_at: china(-10) })
  assert.equal(m.status, 201, m.text)
  const r = await dgAdmin.post(url, { ...base, held_on: china().slice(0, 10), meeting_id: m.json.id, org_ids: [O.fy.id, O.gj.id] })
  assert.equal(r.status, 201, r.text)
  assert.equal(r.json.meeting.id, m.json.id)
  assert.equal(r.json.meeting.topic, m.json.topic)
  assert.deepEqual(r.json.org_ids, [O.fy.id, O.gj.id])
  const all = await dgAdmin.post(url, { ...base, kind: '义诊' })
  assert.equal(all.status, 201, all.text)
  assert.equal(all.json.kind, 'clinic')
  assert.deepEqual(all.json.org_ids, [O.fy.id, O.gj.id, O.j9.id], 'none given: every organisation')
  assert.equal((await admin.ok(`/audit?object_type=alliance_activity&object_id=${r.json.id}`)).items[0].action, 'create')
  const yr = await gjSecretary.ok(`${url}?year=${thisYear}&limit=200`)
  assert.ok(yr.items.some((x) => x.id === r.json.id) && yr.items.every((x) => x.held_on.startsWith(String(thisYear))))
  assertError(await admin.get(`${url}?year=20x4`), 400, 'bad_request', 'year')
  // Deleted by the lead's writers, with its version.
  assertError(await gjCommittee.del(`/alliance-activities/${all.json.id}?version=1`), 403, 'forbidden')
  assertError(await jianghai.del(`/alliance-activities/${all.json.id}?version=1`), 404, 'not_found')
  assertError(await dgAdmin.del(`/alliance-activities/${all.json.id}?version=2`), 409, 'conflict')
  assert.equal((await dgAdmin.del(`/alliance-activities/${all.json.id}?version=1`)).status, 200)
  assert.ok(!(await listAll(admin, url)).items.some((x) => x.id === all.json.id))
})

test('resources: a kind, a title, a provider among the alliance’s organisations', async () => {
  const url = `/alliances/${A1.id}/resources`
  const n = (await admin.ok(url)).total
  assertError(await baiyun.post(url, { kind: 'money', title: '经费', provider_org_id: O.jk.id }), 422, 'validation', 'kind')
  assertError(await baiyun.post(url, { kind: 'venue', title: '场地', provider_org_id: O.dz.id }), 422, 'validation', 'provider_org_id')
  assertError(await baiyun.post(url, { kind: 'venue', provider_org_id: O.jk.id }), 422, 'validation', 'title')
  const r = await baiyun.post(url, { kind: '培训名额', title: '心理咨询师培训名额 2 个', provider_org_id: O.rh.id, note: '人和镇卫生院提供' })
  assert.equal(r.status, 201, r.text)
  assert.equal(r.json.kind, 'training_slot')
  assert.equal(r.json.provider_org_name, '人和镇卫生院党支部')
  assert.equal((await admin.ok(url)).total, n + 1)
  assert.equal((await baiyun.del(`/alliance-resources/${r.json.id}?version=1`)).status, 200)
  assertError(await baiyun.del(`/alliance-resources/${r.json.id}?version=2`), 404, 'not_found')
  assert.equal((await admin.ok(url)).total, n)
})

test('referrals: counts per month and direction, months within the term and not ahead, audited only when changed', async () => {
  const url = `/alliances/${A2.id}/referrals`
  const good = { month: '2024-03', from_org_id: O.gj.id, to_org_id: O.fy.id, count: 17 }
  for (const [body, field] of [
    [{ ...good, month: '2024-13' }, 'month'], [{ ...good, month: '2024-3' }, 'month'], [{ ...good, month: '2023-06' }, 'month'],
    [{ ...good, month: `${thisYear + 1}-01` }, 'month'], [{ ...good, to_org_id: O.gj.id }, 'to_org_id'],
    [{ ...good, to_org_id: O.jk.id }, 'to_org_id'], [{ ...good, from_org_id: O.rh.id }, 'from_org_id'],
    [{ ...good, count: -1 }, 'count'], [{ ...good, count: 100001 }, 'count'], [{ ...good, count: '17' }, 'count'],
    [{ ...good, patient: '张三' }, undefined]
  ]) assertError(await dgAdmin.put(url, body), 422, 'validation', field)
  const { count: _, ...noCount } = good
  assertError(await dgAdmin.put(url, noCount), 422, 'validation', 'count')
  let r = await dgAdmin.put(url, good)
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.year, 2024)
  const dir = r.json.directions.find((x) => x.from_org_id === O.gj.id && x.to_org_id === O.fy.id)
  assert.equal(dir.months[2], 17)
  assert.equal(dir.from_org_name, '东莞广济医院党支部')
  assert.equal(r.json.monthly_totals[2], r.json.directions.reduce((s, x) => s + x.months[2], 0))
  const audits = async () => (await admin.ok(`/audit?object_type=alliance_referral&object_id=${A2.id}`)).total
  const n = await audits()
  r = await dgAdmin.put(url, good)
  assert.equal(await audits(), n, 'the same count again: no record')
  r = await dgAdmin.put(url, { ...good, count: 20 })
  assert.equal(await audits(), n + 1)
  const last = (await admin.ok(`/audit?object_type=alliance_referral&object_id=${A2.id}&limit=1`)).items[0]
  assert.deepEqual([last.action, last.before.count, last.after.count], ['update', 17, 20])
  assert.equal((await dgAdmin.put(url, { ...good, month: thisMonth, count: 0 })).status, 200)
  const series = await gjSecretary.ok(`${url}?year=2024`)
  assert.equal(series.directions.find((x) => x.from_org_id === O.gj.id && x.to_org_id === O.fy.id).months[2], 20)
  assertError(await admin.get(`${url}?year=24`), 400, 'bad_request', 'year')
})

test('report: members, activities by kind, resources, referrals per month each way with totals; as .xlsx', async () => {
  const r = await baiyun.ok(`/alliances/${A1.id}/report?year=${thisYear}`)
  assert.equal(r.year, thisYear)
  assert.equal(r.alliance.id, A1.id)
  assert.equal(r.members.length, 3)
  assert.equal(r.activities.by_kind.length, 5)
  assert.deepEqual(r.activities.by_kind.map((k) => k.label), ['联学', '联办', '培训', '义诊', '讲座'])
  assert.equal(r.activities.by_kind.reduce((s, k) => s + k.count, 0), r.activities.total)
  assert.equal(r.activities.items.length, r.activities.total)
  assert.ok(r.activities.items.every((x) => x.held_on.startsWith(String(thisYear))))
  const dates = r.activities.items.map((x) => x.held_on)
  assert.deepEqual(dates, [...dates].sort(), 'in date order')
  assert.equal(r.activities.attendance, r.activities.items.reduce((s, x) => s + (x.attendance || 0), 0))
  assert.ok(r.resources.length >= 4)
  assert.equal(r.referrals.months.length, 12)
  assert.equal(r.referrals.directions.length, 4)
  for (const d of r.referrals.directions) assert.equal(d.total, d.months.reduce((s, x) => s + x, 0))
  assert.deepEqual(r.referrals.monthly_totals, r.referrals.months.map((_, i) => r.referrals.directions.reduce((s, d) => s + d.months[i], 0)))
  assert.equal(r.referrals.total, r.referrals.monthly_totals.reduce((s, x) => s + x, 0))
  const x = await baiyun.get(`/alliances/${A1.id}/report?year=${thisYear}&format=xlsx`)
  assert.equal(x.status, 200)
  assert.match(x.headers.get('content-type'), /spreadsheetml/)
  assert.equal(x.bytes.subarray(0, 2).toString(), 'PK')
  assertError(await baiyun.get(`/alliances/${A1.id}/report?format=pdf`), 400, 'bad_request')
  // An empty year: zeros, no directions.
  const old = await baiyun.ok(`/alliances/${A1.id}/report?year=2020`)
  assert.deepEqual([old.activities.total, old.referrals.total, old.referrals.directions.length], [0, 0, 0])
  // The list as .xlsx: the caller's alliances only.
  const list = await baiyun.get('/alliances?format=xlsx')
  assert.equal(list.status, 200)
  assert.equal(list.bytes.subarray(0, 2).toString(), 'PK')
  assert.match(list.headers.get('content-disposition'), /alliances\.xlsx/)
})
