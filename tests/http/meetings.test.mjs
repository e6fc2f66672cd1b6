// Organisational life (issue 13): meetings and their versions, attendance, quorum, check-in by
// QR code inside and outside its window, compliance against meetings made here, the meeting
// register (JSON and .xlsx), scope for every kind of role, a member's attendance rate, the to-do
// items. Everything is made in a branch of its own, so the numbers are this file's.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { login, assertError, orgByName, createOrg, createMember, token, dayOffset, listAll } from './lib.mjs'

let admin, jianghai, yizhibu, reviewer, luolan, member1, own
let branch, members, account

/** China time (UTC+8) plus minutes, as YYYY-MM-DDTHH:MM. */
const china = (minutes = 0) => new Date(Date.now() + 8 * 3600e3 + minutes * 60e3).toISOString().slice(0, 16)
const thisYear = Number(china().slice(0, 4))
const lastYear = thisYear - 1

async function create(client, body, status = 201) {
  const r = await client.post('/meetings', { org_id: branch.id, topic: '测试会议' + token(), ...body })
  assert.equal(r.status, status, `POST /meetings ${JSON.stringify(body)} → ${r.status} ${r.text}`)
  return r.json
}

async function mark(meeting, statuses) {
  const list = await admin.ok(`/meetings/${meeting.id}/attendance`)
  const m = await admin.ok(`/meetings/${meeting.id}`)
  const items = list.items.map((a) => ({ member_id: a.member_id, status: statuses(a) }))
  const r = await admin.put(`/meetings/${meeting.id}/attendance`, { version: m.version, items })
  assert.equal(r.status, 200, r.text)
  return r.json
}

before(async () => {
  ;[admin, jianghai, yizhibu, reviewer, luolan, member1] = await Promise.all(
    ['admin', 'jianghai', 'yizhibu', 'reviewer', 'luolan', 'member1'].map((u) => login(u)))
  const parent = await orgByName(admin, '江门市江海区卫生健康局机关党委')
  branch = await createOrg(admin, { name: '会议测试党支部' + token(), type: 'branch', parent_id: parent.id })
  members = []
  for (let i = 0; i < 3; i++) members.push(await createMember(admin, branch.id, { category: 'full', status: 'active' }))
  members.push(await createMember(admin, branch.id, { category: 'probationary', status: 'active', joined_on: dayOffset(-100), full_on: null }))
  const username = 'meet' + token()
  const cr = await admin.post('/users', { username, display_name: '签到测试', role: 'member', org_id: branch.id, member_id: members[0].id, password: 'Meeting2026pass' })
  assert.equal(cr.status, 201, cr.text)
  account = cr.json
  own = await login(username, 'Meeting2026pass')
})

after(async () => {
  // The settings back to their defaults for the other files.
  await admin.put('/settings/compliance', { checkin_before_minutes: 30 })
})

test('create, read, list, update with versions, cancel, delete and restore', async () => {
  const m = await create(admin, { type: 'branch_assembly', starts_at: china(3 * 24 * 60), ends_at: china(3 * 24 * 60 + 90), place: '活动室' })
  assert.equal(m.status, 'planned')
  assert.equal(m.org_id, branch.id)
  assert.equal(m.org_name, branch.name)
  assert.deepEqual(m.attendance, { expected: 4, present: 0, leave: 0, absent: 4 })
  assert.equal(m.quorum.required, 2) // 3 full members: more than half is 2; the probationary one does not count
  assert.equal(m.quorum.met, false)
  assert.deepEqual(m.decisions, [])
  assert.equal(m.version, 1)
  const got = await admin.ok(`/meetings/${m.id}`)
  assert.deepEqual(got, m)

  const list = await admin.ok(`/meetings?org=${branch.id}&type=branch_assembly&status=planned`)
  assert.ok(list.items.some((x) => x.id === m.id))
  assert.ok(list.items.every((x) => x.type === 'branch_assembly' && x.status === 'planned'))
  assertError(await admin.get('/meetings?type=nonsense'), 400, 'bad_request', 'type')
  assertError(await admin.get('/meetings?from=2026-13-01'), 400, 'bad_request', 'from')

  const up = await admin.patch(`/meetings/${m.id}`, { version: 1, topic: '改过的主题', host: '书记' })
  assert.equal(up.status, 200, up.text)
  assert.equal(up.json.version, 2)
  assert.equal(up.json.topic, '改过的主题')
  assertError(await admin.patch(`/meetings/${m.id}`, { version: 1, topic: '过期' }), 409, 'conflict')
  assertError(await admin.patch(`/meetings/${m.id}`, { version: 2, type: 'lecture' }), 422, 'validation', 'type')
  assertError(await admin.patch(`/meetings/${m.id}`, { version: 2, ends_at: m.starts_at }), 422, 'validation', 'ends_at')
  assertError(await admin.patch(`/meetings/${m.id}`, { version: 2, nonsense: 1 }), 422, 'validation', 'nonsense')
  // Held before it started: refused; cancelled without a reason: refused; with one: done, and final.
  assertError(await admin.patch(`/meetings/${m.id}`, { version: 2, status: 'held' }), 422, 'validation', 'status')
  assertError(await admin.patch(`/meetings/${m.id}`, { version: 2, status: 'cancelled' }), 422, 'validation', 'cancel_reason')
  const c = await admin.patch(`/meetings/${m.id}`, { version: 2, status: 'cancelled', cancel_reason: '与应急任务冲突' })
  assert.equal(c.status, 200, c.text)
  assert.equal(c.json.status, 'cancelled')
  assertError(await admin.patch(`/meetings/${m.id}`, { version: 3, status: 'planned' }), 422, 'validation', 'status')

  const d = await admin.del(`/meetings/${m.id}?version=3`)
  assert.equal(d.status, 200, d.text)
  assert.equal(d.json.deleted, true)
  assert.ok(!(await listAll(admin, `/meetings?org=${branch.id}`)).items.some((x) => x.id === m.id))
  assert.ok((await listAll(admin, `/meetings?org=${branch.id}&deleted=1`)).items.some((x) => x.id === m.id))
  assertError(await admin.post(`/meetings/${m.id}/restore`, { version: 3 }), 409, 'conflict')
  const r = await admin.post(`/meetings/${m.id}/restore`, { version: 4 })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.deleted, false)
  // Every write is in the audit log.
  const audit = await admin.ok(`/audit?object_type=meeting&object_id=${m.id}`)
  assert.deepEqual(audit.items.map((a) => a.action).reverse(), ['create', 'update', 'update', 'delete', 'restore'])
  // An organisation administrator sees the records of the meetings of the scope, another scope's not.
  assert.equal((await jianghai.ok(`/audit?object_type=meeting&object_id=${m.id}`)).items.length, 5)
  const jz = await login('jinzhou')
  assert.equal((await jz.ok(`/audit?object_type=meeting&object_id=${m.id}`)).items.length, 0)
})

test('bodies: times, types, the organisation and joint organisations in scope, CSRF', async () => {
  const base = { type: 'theme_day', starts_at: china(60), ends_at: china(120) }
  assertError(await admin.post('/meetings', { ...base, org_id: branch.id, topic: 'x', starts_at: '2026-02-30T10:00' }), 422, 'validation', 'starts_at')
  assertError(await admin.post('/meetings', { ...base, org_id: branch.id, topic: 'x', type: 'party' }), 422, 'validation', 'type')
  assertError(await admin.post('/meetings', { ...base, org_id: branch.id, topic: 'x', type: 'group' }), 422, 'validation', 'type')
  assertError(await admin.post('/meetings', { ...base, org_id: branch.id }), 422, 'validation', 'topic')
  assertError(await admin.post('/meetings', { ...base, org_id: branch.id, topic: 'x', joint_org_ids: [1] }), 422, 'validation', 'joint_org_ids')
  // A committee meeting needs committee members on file; this branch has none.
  assertError(await admin.post('/meetings', { ...base, org_id: branch.id, topic: 'x', type: 'committee' }), 422, 'validation', 'type')
  // The secretary of another branch: the branch is outside the scope, as a joint organisation too.
  const home = (await yizhibu.ok('/me')).org_id
  assertError(await yizhibu.post('/meetings', { ...base, org_id: branch.id, topic: 'x' }), 422, 'validation', 'org_id')
  assertError(await yizhibu.post('/meetings', { ...base, org_id: home, topic: 'x', type: 'joint_study', joint_org_ids: [branch.id] }), 422, 'validation', 'joint_org_ids')
  assertError(await admin.post('/meetings', { ...base, org_id: branch.id, topic: 'x' }, { csrf: 'wrong' }), 403, 'csrf')
  // A joint study takes the members of both organisations, each once.
  const j = await create(admin, { type: 'joint_study', joint_org_ids: [home], starts_at: china(60), ends_at: china(120) })
  const homeCount = (await admin.ok(`/meetings/${j.id}/attendance`)).total
  assert.ok(homeCount > 4, `joint study list of ${homeCount}`)
})

test('attendance: all or none, versions, quorum refusal, decisions counted against those entitled', async () => {
  const m = await create(admin, { type: 'branch_assembly', status: 'held', starts_at: `${lastYear}-03-10T14:00`, ends_at: `${lastYear}-03-10T16:00` })
  const list = await admin.ok(`/meetings/${m.id}/attendance`)
  assert.equal(list.total, 4)
  assert.deepEqual(list.items.map((a) => a.member_id).sort(), members.map((x) => x.id).sort())
  const prob = list.items.find((a) => a.member_id === members[3].id)
  assert.equal(prob.category, 'probationary')
  assert.ok(list.items.every((a) => a.status === 'unmarked'))
  assert.equal(list.items.find((a) => a.member_id === members[0].id).name, members[0].name)

  // One bad item: nothing changes.
  const bad = await admin.put(`/meetings/${m.id}/attendance`, { version: 1, items: [{ member_id: members[0].id, status: 'present' }, { member_id: 999999999, status: 'present' }] })
  assertError(bad, 422, 'validation', 'items')
  assertError(await admin.put(`/meetings/${m.id}/attendance`, { version: 1, items: [{ member_id: members[0].id, status: 'sleeping' }] }), 422, 'validation', 'items')
  assert.ok((await admin.ok(`/meetings/${m.id}/attendance`)).items.every((a) => a.status === 'unmarked'))
  assertError(await admin.put(`/meetings/${m.id}/attendance`, { version: 7, items: [] }), 409, 'conflict')

  // One full member and the probationary one present: the probationary member does not count.
  const r = await admin.put(`/meetings/${m.id}/attendance`, { version: 1, items: [
    { member_id: members[0].id, status: 'present' }, { member_id: members[3].id, status: 'present' },
    { member_id: members[1].id, status: 'leave', reason: '值班' }] })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.version, 2)
  assert.deepEqual(r.json.attendance, { expected: 4, present: 2, leave: 1, absent: 1 })
  assert.equal(r.json.quorum.present, 1)
  assert.equal(r.json.quorum.met, false)
  const after = await admin.ok(`/meetings/${m.id}/attendance`)
  assert.equal(after.items.find((a) => a.member_id === members[1].id).reason, '值班')

  // Short of quorum: a decision is refused naming the rule, unless marked invalid; never valid.
  const refused = await admin.patch(`/meetings/${m.id}`, { version: 2, decisions: [{ text: '接收预备党员', yes: 1, no: 0, abstain: 0 }] })
  assertError(refused, 422, 'validation', 'decisions')
  assert.match(refused.json.error.message, /法定人数/)
  const inv = await admin.patch(`/meetings/${m.id}`, { version: 2, decisions: [{ text: '接收预备党员', yes: 1, no: 0, abstain: 0, invalid: true }] })
  assert.equal(inv.status, 200, inv.text)
  assert.equal(inv.json.decisions[0].passed, false)
  assert.equal(inv.json.decisions[0].invalid, true)

  // Two of three full members present: quorum; 2 yes of 3 entitled passes, 1 does not.
  const r2 = await admin.put(`/meetings/${m.id}/attendance`, { version: 3, items: [{ member_id: members[1].id, status: 'present' }] })
  assert.equal(r2.status, 200, r2.text)
  assert.equal(r2.json.quorum.met, true)
  const ok = await admin.patch(`/meetings/${m.id}`, { version: 4, decisions: [
    { text: '通过年度工作计划', yes: 2, no: 0, abstain: 0, passed: false }, { text: '另一事项', yes: 1, no: 1, abstain: 0 }] })
  assert.equal(ok.status, 200, ok.text)
  assert.deepEqual(ok.json.decisions.map((x) => x.passed), [true, false])
  // More votes than voters present: refused.
  assertError(await admin.patch(`/meetings/${m.id}`, { version: 5, decisions: [{ text: 'x', yes: 3, no: 0, abstain: 0 }] }), 422, 'validation', 'decisions')
  // Taking the quorum away afterwards would leave the valid decisions standing on nothing: refused.
  assertError(await admin.put(`/meetings/${m.id}/attendance`, { version: 5, items: [{ member_id: members[1].id, status: 'absent' }] }), 422, 'validation', 'items')
  // Decisions are for assemblies and committees only.
  const t = await create(admin, { type: 'theme_day', status: 'held', starts_at: `${lastYear}-01-08T09:00`, ends_at: `${lastYear}-01-08T11:00` })
  assertError(await admin.patch(`/meetings/${t.id}`, { version: 1, decisions: [{ text: 'x', yes: 0 }] }), 422, 'validation', 'decisions')
  await mark(t, (a) => (a.member_id === members[2].id ? 'absent' : 'present'))
  // The audit log holds the attendance before and after.
  const audit = await admin.ok(`/audit?object_type=meeting&object_id=${m.id}&action=update_links`)
  assert.ok(audit.items.length >= 2)
})

test('check-in: inside the window once, twice 409, outside it, another meeting\'s code, not expected', async () => {
  const now = await create(admin, { type: 'theme_day', starts_at: china(-10), ends_at: china(60) })
  const code = await admin.ok(`/meetings/${now.id}/checkin-code`)
  assert.match(code.code, new RegExp(`^${now.id}-[0-9a-f]{32}$`))
  assert.equal(code.url, `/checkin?code=${code.code}`)
  assert.equal(code.valid_from, china(-40))
  assert.equal(code.valid_to, now.ends_at)
  const png = await admin.get(`/meetings/${now.id}/checkin-code?format=png`)
  assert.equal(png.status, 200)
  assert.equal(png.headers.get('content-type'), 'image/png')
  assert.equal(png.bytes.subarray(1, 4).toString('latin1'), 'PNG')
  assertError(await yizhibu.get(`/meetings/${now.id}/checkin-code`), 404, 'not_found')
  assertError(await reviewer.get(`/meetings/${now.id}/checkin-code`), 403)

  const ok = await own.post('/checkin', { code: code.code })
  assert.equal(ok.status, 200, ok.text)
  assert.equal(ok.json.meeting_id, now.id)
  assert.equal(ok.json.member_id, members[0].id)
  assertError(await own.post('/checkin', { code: code.code }), 409, 'conflict')
  const a = (await admin.ok(`/meetings/${now.id}/attendance`)).items.find((x) => x.member_id === members[0].id)
  assert.equal(a.status, 'present')
  assert.ok(a.checked_in_at)
  const audit = await admin.ok(`/audit?object_type=meeting&object_id=${now.id}&action=checkin`)
  assert.equal(audit.items.length, 1)

  // member1 belongs to another branch: not on this list.
  const notExpected = await member1.post('/checkin', { code: code.code })
  assertError(notExpected, 422, 'validation', 'code')
  assert.match(notExpected.json.error.message, /应到人员/)
  // An account without a member record.
  assertError(await admin.post('/checkin', { code: code.code }), 422, 'validation', 'code')

  const future = await create(admin, { type: 'lecture', starts_at: china(180), ends_at: china(240) })
  const fcode = (await admin.ok(`/meetings/${future.id}/checkin-code`)).code
  const early = await own.post('/checkin', { code: fcode })
  assertError(early, 422, 'validation', 'code')
  assert.match(early.json.error.message, /尚未开始/)
  const past = await create(admin, { type: 'lecture', starts_at: china(-24 * 60), ends_at: china(-23 * 60) })
  const pcode = (await admin.ok(`/meetings/${past.id}/checkin-code`)).code
  const late = await own.post('/checkin', { code: pcode })
  assertError(late, 422, 'validation', 'code')
  assert.match(late.json.error.message, /已结束/)
  // The id of one meeting with the secret of another; a made-up code; not JSON with a code.
  const other = await create(admin, { type: 'talk', starts_at: china(-5), ends_at: china(55) })
  const forged = `${other.id}-${code.code.split('-')[1]}`
  assertError(await own.post('/checkin', { code: forged }), 422, 'validation', 'code')
  assertError(await own.post('/checkin', { code: `${other.id}-00000000000000000000000000000000` }), 422, 'validation', 'code')
  assertError(await own.post('/checkin', { code: 'nonsense' }), 422, 'validation', 'code')
  assertError(await own.post('/checkin', {}), 422, 'validation', 'code')
  // The window follows the setting.
  const s = await admin.put('/settings/compliance', { checkin_before_minutes: 240 })
  assert.equal(s.status, 200, s.text)
  const nowEarly = await own.post('/checkin', { code: fcode })
  assert.equal(nowEarly.status, 200, nowEarly.text)
  await admin.put('/settings/compliance', { checkin_before_minutes: 30 })
})

test('compliance: the numbers of the meetings made here, paged by organisation', async () => {
  // Last year: a theme day in January and the assembly of 10 March are held (earlier tests).
  const jan = await admin.ok(`/compliance?org=${branch.id}&year=${lastYear}&month=1`)
  assert.equal(jan.total, 1)
  assert.equal(jan.period, `${lastYear}-01`)
  const row = (type) => jan.items.find((x) => x.type === type)
  assert.deepEqual({ ...row('theme_day'), rule: undefined, source: undefined, note: undefined },
    { org_id: branch.id, org_name: branch.name, type: 'theme_day', type_label: '主题党日', period: `${lastYear}-01`, required: 1, held: 1, missing: 0, state: 'met', rule: undefined, source: undefined, note: undefined })
  assert.equal(row('branch_assembly').period, `${lastYear}-Q1`)
  assert.equal(row('branch_assembly').held, 1)
  assert.equal(row('branch_assembly').state, 'met')
  assert.equal(row('lecture').state, 'missed')
  assert.equal(row('committee'), undefined) // no committee: none owed
  assert.ok(row('lecture').rule.includes('党课'))
  const year = await admin.ok(`/compliance?org=${branch.id}&year=${lastYear}`)
  const theme = year.items.filter((x) => x.type === 'theme_day')
  assert.equal(theme.length, 12)
  assert.deepEqual(theme.map((x) => x.state), ['met', ...Array(11).fill('missed')])
  assert.equal(year.summary.orgs, 1)
  assert.equal(year.summary.met, year.items.filter((x) => x.state === 'met').length)
  // The whole scope, one organisation a page: the summary covers all of them.
  const page = await jianghai.ok(`/compliance?year=${lastYear}&limit=1`)
  assert.ok(page.total > 1)
  assert.ok(new Set(page.items.map((x) => x.org_id)).size === 1)
  const page2 = await jianghai.ok(`/compliance?year=${lastYear}&limit=1&offset=1`)
  assert.deepEqual(page2.summary, page.summary)
  assert.notEqual(page2.items[0].org_id, page.items[0].org_id)
  assertError(await admin.get('/compliance?year=20x5'), 400, 'bad_request', 'year')
  assertError(await admin.get('/compliance?month=13'), 400, 'bad_request', 'month')
  assertError(await yizhibu.get(`/compliance?org=${branch.id}`), 404, 'not_found')
  assertError(await member1.get('/compliance'), 403)
})

test('the meeting register: held and cancelled meetings in date order, as JSON and .xlsx', async () => {
  const c = await create(admin, { type: 'lecture', starts_at: `${lastYear}-02-01T09:00`, ends_at: `${lastYear}-02-01T10:00` })
  const cc = await admin.patch(`/meetings/${c.id}`, { version: 1, status: 'cancelled', cancel_reason: '讲课人临时出差' })
  assert.equal(cc.status, 200, cc.text)
  await create(admin, { type: 'lecture', starts_at: `${lastYear}-11-01T09:00`, ends_at: `${lastYear}-11-01T10:00` }) // planned: not in it
  const reg = await admin.ok(`/orgs/${branch.id}/register?year=${lastYear}`)
  assert.equal(reg.org_name, branch.name)
  assert.equal(reg.year, lastYear)
  assert.deepEqual(reg.items.map((m) => [m.starts_at.slice(0, 10), m.status]), [
    [`${lastYear}-01-08`, 'held'], [`${lastYear}-02-01`, 'cancelled'], [`${lastYear}-03-10`, 'held']])
  const assembly = reg.items[2]
  assert.equal(assembly.attendees.length, 4)
  assert.equal(assembly.decisions.length, 2)
  assert.equal(reg.items[0].attendance.present, 3)
  const x = await admin.get(`/orgs/${branch.id}/register?year=${lastYear}&format=xlsx`)
  assert.equal(x.status, 200)
  assert.equal(x.bytes.subarray(0, 2).toString('latin1'), 'PK')
  assert.match(x.headers.get('content-disposition'), /attachment/)
  assertError(await admin.get(`/orgs/${branch.id}/register?year=abc`), 400, 'bad_request', 'year')
  assertError(await yizhibu.get(`/orgs/${branch.id}/register`), 404, 'not_found')
  assertError(await member1.get(`/orgs/${branch.id}/register`), 403)
})

test('scope: out of scope is 404 for every role, readers cannot write (403), members cannot read', async () => {
  const m = await create(admin, { type: 'theme_day', starts_at: china(2 * 24 * 60), ends_at: china(2 * 24 * 60 + 60) })
  assert.equal((await jianghai.get(`/meetings/${m.id}`)).status, 200)
  for (const c of [yizhibu, reviewer, luolan]) {
    const r = await c.get(`/meetings/${m.id}`)
    assert.ok(r.status === 404 || r.status === 403, `${c.user.username}: ${r.status}`)
    const w = await c.patch(`/meetings/${m.id}`, { version: 1, topic: '越权' })
    assert.ok(w.status === 404 || w.status === 403, `${c.user.username}: ${w.status}`)
    assert.ok(!(await listAll(c, '/meetings')).items.some((x) => x.id === m.id))
  }
  assertError(await yizhibu.get(`/meetings/${m.id}`), 404, 'not_found')
  assertError(await yizhibu.get(`/meetings/${m.id}/attendance`), 404, 'not_found')
  assertError(await yizhibu.put(`/meetings/${m.id}/attendance`, { version: 1, items: [] }), 404, 'not_found')
  assertError(await yizhibu.del(`/meetings/${m.id}?version=1`), 404, 'not_found')
  assertError(await yizhibu.get(`/meetings?org=${branch.id}`), 404, 'not_found')
  // The reviewer reads the meetings of its scope but writes none.
  const jin = (await reviewer.ok('/meetings?limit=1')).items[0]
  assert.ok(jin, 'the demo data has meetings in the reviewer\'s scope')
  assert.equal((await reviewer.get(`/meetings/${jin.id}`)).status, 200)
  assertError(await reviewer.patch(`/meetings/${jin.id}`, { version: jin.version, topic: '越权' }), 403)
  assertError(await reviewer.post('/meetings', { org_id: jin.org_id, type: 'theme_day', topic: 'x', starts_at: china(60), ends_at: china(90) }), 403)
  assertError(await reviewer.put(`/meetings/${jin.id}/attendance`, { version: jin.version, items: [] }), 403)
  assert.deepEqual(await admin.ok(`/meetings/${jin.id}`), jin)
  const ins = (await luolan.ok('/meetings?limit=1')).items[0]
  if (ins) assertError(await luolan.del(`/meetings/${ins.id}?version=${ins.version}`), 403)
  // A member's account: no meeting reads, only check-in.
  assertError(await member1.get('/meetings'), 403)
  assertError(await member1.get(`/meetings/${m.id}`), 403)
  assertError(await own.get(`/meetings/${m.id}/attendance`), 403)
})

test('a member\'s attendance rate for a year: in scope, and one\'s own for a member account', async () => {
  // Last year member 0 was present at both held meetings; member 2 at the assembly only.
  const r0 = await admin.ok(`/members/${members[0].id}/attendance?year=${lastYear}`)
  assert.deepEqual({ e: r0.expected, p: r0.present, rate: r0.rate }, { e: 2, p: 2, rate: 1 })
  const r2 = await admin.ok(`/members/${members[2].id}/attendance?year=${lastYear}`)
  assert.deepEqual({ e: r2.expected, p: r2.present, a: r2.absent, rate: r2.rate }, { e: 2, p: 0, a: 2, rate: 0 })
  assert.equal((await own.get(`/members/${members[0].id}/attendance?year=${lastYear}`)).status, 200)
  assertError(await own.get(`/members/${members[1].id}/attendance?year=${lastYear}`), 404, 'not_found')
  assertError(await yizhibu.get(`/members/${members[0].id}/attendance`), 404, 'not_found')
  const none = await admin.ok(`/members/${members[0].id}/attendance?year=2001`)
  assert.equal(none.rate, null)
})

test('to-do: a meeting past but never recorded, meetings missing, within the scope only', async () => {
  const m = await create(admin, { type: 'lecture', starts_at: china(-3 * 24 * 60), ends_at: china(-3 * 24 * 60 + 60) })
  const find = (j) => j.items.find((t) => t.kind === 'meeting_unrecorded' && t.link === `/meetings/${m.id}`)
  const todo = await jianghai.ok('/todo')
  const item = find(todo)
  assert.ok(item, 'the unrecorded meeting is on the org admin\'s list')
  assert.equal(item.org_id, branch.id)
  assert.ok(find(await admin.ok('/todo')))
  assert.ok(!find(await yizhibu.ok('/todo')))
  assert.ok(todo.items.some((t) => t.kind === 'meetings_missing' && t.org_id === branch.id && t.link === `/meetings?org=${branch.id}`))
  assert.ok((await member1.ok('/todo')).items.every((t) => !t.kind.startsWith('meeting')))
  // The demo data has a member absent three times in a row.
  assert.ok((await admin.ok('/todo')).items.some((t) => t.kind === 'member_absent' && /^\/members\/\d+$/.test(t.link)))
  // Recording it takes it off the list.
  const h = await admin.patch(`/meetings/${m.id}`, { version: 1, status: 'held' })
  assert.equal(h.status, 200, h.text)
  assert.ok(!find(await jianghai.ok('/todo')))
})

test('settings: anyone signed in reads them, only an administrator changes them (audited)', async () => {
  const s = await member1.ok('/settings/compliance')
  assert.deepEqual(s.frequencies.committee, { freq: 'monthly', times: 1 })
  assert.equal(s.frequencies.branch_assembly.freq, 'quarterly')
  assert.equal(s.min_share_percent, 50)
  assertError(await jianghai.put('/settings/compliance', { min_share_percent: 10 }), 403)
  assertError(await admin.put('/settings/compliance', { frequencies: { lecture: { freq: 'daily', times: 1 } } }), 422, 'validation')
  assertError(await admin.put('/settings/compliance', { min_share_percent: 101 }), 422, 'validation', 'min_share_percent')
  const up = await admin.put('/settings/compliance', { frequencies: { lecture: { freq: 'yearly', times: 2 } } })
  assert.equal(up.status, 200, up.text)
  assert.deepEqual(up.json.frequencies.lecture, { freq: 'yearly', times: 2 })
  const lect = (await admin.ok(`/compliance?org=${branch.id}&year=${lastYear}`)).items.filter((x) => x.type === 'lecture')
  assert.deepEqual(lect.map((x) => [x.period, x.required]), [[String(lastYear), 2]])
  const back = await admin.put('/settings/compliance', { frequencies: { lecture: { freq: 'quarterly', times: 1 } } })
  assert.equal(back.status, 200)
  const audit = await admin.ok('/audit?object_type=settings')
  assert.ok(audit.items.length >= 2)
})

test('moving an organisation moves its meetings with it', async () => {
  const m = await create(admin, { type: 'theme_day', starts_at: china(5 * 24 * 60), ends_at: china(5 * 24 * 60 + 60) })
  const home = await orgByName(admin, '江海区中西医结合医院党总支')
  const o = await admin.ok(`/orgs/${branch.id}`)
  const mv = await admin.patch(`/orgs/${branch.id}`, { version: o.version, parent_id: home.id })
  assert.equal(mv.status, 200, mv.text)
  try {
    // Now inside the general branch's subtree: its committee account sees it, the secretary of
    // the first branch still does not.
    const zxyjh = await login('zxyjh')
    assert.equal((await zxyjh.get(`/meetings/${m.id}`)).status, 200)
    assert.ok((await listAll(zxyjh, '/meetings')).items.some((x) => x.id === m.id))
    assertError(await yizhibu.get(`/meetings/${m.id}`), 404, 'not_found')
  } finally {
    const o2 = await admin.ok(`/orgs/${branch.id}`)
    const back = await admin.patch(`/orgs/${branch.id}`, { version: o2.version, parent_id: o.parent_id })
    assert.equal(back.status, 200, back.text)
  }
})
