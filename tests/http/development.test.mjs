// Developing members (issue 14, DOMAIN.md §4): applicants with the member file's checks, the 25
// steps in order with their time rules (refused with the rule and its source, accepted with an
// override reason from the committee, refused for a secretary), the people of steps 5 and 9,
// step 15 creating the member record and step 24 making it full, the one extension of
// probation, the board, the to-do list, 三培养, and scope for every kind of role. Applicants are
// made in the 第一党支部 (the secretary yizhibu's branch, under the committee zxyjh).
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { login, assertError, orgByName, createMember, idNumber, withWrongCheck, cjkName, dayOffset, listAll, token } from './lib.mjs'

let admin, zxyjh, yizhibu, reviewer, member1, jianghai
let branch, other, contacts, probationary

function applicantBody(overrides = {}) {
  const birth = overrides.birth_date || '1995-04-12'
  const male = (overrides.gender || 'male') === 'male'
  return { name: cjkName(3), gender: male ? 'male' : 'female', birth_date: birth, id_number: idNumber({ birth, male }),
    org_id: branch.id, phone: '13800138000', department: '内科', ...overrides }
}

async function createApplicant(client, overrides = {}, status = 201) {
  const r = await client.post('/applicants', applicantBody(overrides))
  assert.equal(r.status, status, `POST /applicants → ${r.status} ${r.text}`)
  return r.json
}

/** Records a step; returns the response. */
async function step(client, a, body) {
  const cur = await admin.ok(`/applicants/${a.id}`)
  return client.post(`/applicants/${a.id}/steps`, { version: cur.version, ...body })
}

async function stepOk(client, a, body) {
  const r = await step(client, a, body)
  assert.equal(r.status, 200, `step ${body.step} → ${r.status} ${r.text}`)
  return r.json
}

/** Dates of a straight run that keeps every rule, step 1 on start (days from today). */
function plan(start) {
  const d = {}
  const at = (k, days) => { d[k] = dayOffset(days) }
  at(1, start); at(2, start + 10); at(3, start + 40); at(4, start + 45); at(5, start + 50); at(6, start + 60)
  at(7, start + 40 + 380); at(8, start + 425); at(9, start + 430); at(10, start + 435); at(11, start + 440)
  at(12, start + 450); at(13, start + 455); at(14, start + 460); at(15, start + 470); at(16, start + 480)
  at(17, start + 500); at(18, start + 505); at(19, start + 506); at(20, start + 507); at(21, start + 510)
  at(22, start + 800)
  return d
}

function bodyOf(k, dates) {
  const b = { step: k, done_on: dates[k] }
  if (k === 5 || k === 9) b.people = contacts.map((m) => m.id)
  if (k === 11) b.training_days = 3
  if (k === 15 || k === 23) Object.assign(b, VOTE)
  return b
}

/** The branch general meeting's vote on steps 15 and 23: 12 entitled, 10 present, 9 in favour. */
const VOTE = { voters_entitled: 12, voters_present: 10, votes_for: 9, votes_against: 1, votes_abstain: 0 }

before(async () => {
  ;[admin, zxyjh, yizhibu, reviewer, member1, jianghai] = await Promise.all(
    ['admin', 'zxyjh', 'yizhibu', 'reviewer', 'member1', 'jianghai'].map((u) => login(u)))
  branch = await orgByName(admin, '江海区中西医结合医院第一党支部')
  other = await orgByName(admin, '江海区中西医结合医院第二党支部')
  contacts = [await createMember(admin, branch.id, { category: 'full', status: 'active' }),
    await createMember(admin, branch.id, { category: 'full', status: 'active' })]
  probationary = await createMember(admin, branch.id, { category: 'probationary', status: 'active', joined_on: dayOffset(-100), full_on: null })
})

test('an applicant is created with the member file checks, in the scope, and read back masked for those not entitled', async () => {
  const a = await createApplicant(yizhibu, { tags: ['业务骨干'] })
  assert.equal(a.stage, 'applicant')
  assert.equal(a.stage_label, '入党申请人')
  assert.equal(a.last_step, 0)
  assert.deepEqual(a.steps, [])
  assert.equal(a.next_step.step, 1)
  assert.equal(a.next_step.label, '递交入党申请书')
  assert.deepEqual(a.tags, ['业务骨干'])
  // The ID number in full for the branch's secretary, masked for the instructor-like reader.
  assert.match(a.id_number, /^\d{17}[\dX]$/)
  const luolan = await login('luolan')
  assertError(await luolan.get(`/applicants/${a.id}`), 404, 'not_found') // another tree
  const list = await yizhibu.ok(`/applicants?org=${branch.id}&limit=200`)
  assert.ok(list.items.some((x) => x.id === a.id))
  assert.ok(list.items.every((x) => x.org_id === branch.id))
  const byStage = await admin.ok(`/applicants?org=${branch.id}&stage=applicant&limit=200`)
  assert.ok(byStage.items.every((x) => x.stage === 'applicant'))
  const byName = await admin.ok(`/applicants?q=${encodeURIComponent(a.name)}`)
  assert.ok(byName.items.some((x) => x.id === a.id))
})

test('bad input: each field named, by its label', async () => {
  const bad = async (overrides, field) => {
    const r = await yizhibu.post('/applicants', applicantBody(overrides))
    assertError(r, 422, 'validation', field)
    assert.doesNotMatch(r.json.error.message, /[a-z]_[a-z]/)
  }
  await bad({ name: '   ' }, 'name')
  await bad({ gender: 'x' }, 'gender')
  await bad({ id_number: withWrongCheck(idNumber({ birth: '1995-04-12' })) }, 'id_number')
  await bad({ birth_date: '1995-04-13', id_number: idNumber({ birth: '1995-04-12', male: true }) }, 'id_number') // the ID number's birth date differs
  await bad({ birth_date: '2090-01-01', id_number: idNumber({ birth: '2090-01-01' }) }, 'birth_date')
  await bad({ phone: '12345' }, 'phone')
  await bad({ org_id: other.id }, 'org_id') // the secretary's scope is the first branch only
  assertError(await yizhibu.post('/applicants', { ...applicantBody(), rank: 1 }), 422, 'validation')
  assertError(await yizhibu.post('/applicants', { ...applicantBody(), extension_months: 6 }), 422, 'validation', 'extension_months')
  assertError(await yizhibu.get('/applicants?stage=nope'), 400, 'bad_request', 'stage')
  assertError(await yizhibu.get('/applicants?org=abc'), 400, 'bad_request', 'org')
})

test('scope per role: a reader outside the tree gets 404, a member 403, a reviewer reads nothing of this tree', async () => {
  const a = await createApplicant(admin)
  assertError(await reviewer.get(`/applicants/${a.id}`), 404, 'not_found')
  assertError(await member1.get(`/applicants/${a.id}`), 403, 'forbidden')
  assertError(await member1.get('/applicants'), 403, 'forbidden')
  assertError(await reviewer.post(`/applicants/${a.id}/steps`, { version: a.version, step: 1, done_on: dayOffset(-1) }), 403, 'forbidden')
  assert.equal((await jianghai.ok(`/applicants/${a.id}`)).id, a.id)
  const rl = await reviewer.ok('/applicants?limit=200')
  assert.ok(!rl.items.some((x) => x.id === a.id))
  assertError(await reviewer.get(`/development/board?org=${branch.id}`), 404, 'not_found')
  // The secretary of the first branch does not reach the second branch's applicants.
  const b = await createApplicant(admin, { org_id: other.id })
  assertError(await yizhibu.get(`/applicants/${b.id}`), 404, 'not_found')
  assertError(await yizhibu.patch(`/applicants/${b.id}`, { version: b.version, phone: '13900139000' }), 404, 'not_found')
})

test('steps in order, once each; a time rule broken is refused with its rule and source, overridden by the committee only', async () => {
  const a = await createApplicant(yizhibu)
  // Out of order.
  let r = await step(yizhibu, a, { step: 3, done_on: dayOffset(-5) })
  assertError(r, 422, 'validation', 'step')
  assert.match(r.json.error.message, /第1步/)
  // In the future.
  assertError(await step(yizhibu, a, { step: 1, done_on: dayOffset(1) }), 422, 'validation', 'done_on')
  await stepOk(yizhibu, a, { step: 1, done_on: dayOffset(-60) })
  // Twice.
  assertError(await step(yizhibu, a, { step: 1, done_on: dayOffset(-59) }), 409, 'conflict', 'step')
  // Before the previous step.
  assertError(await step(yizhibu, a, { step: 2, done_on: dayOffset(-61) }), 422, 'validation', 'done_on')
  // The talk more than a month after the application: refused, naming the rule and its source.
  r = await step(yizhibu, a, { step: 2, done_on: dayOffset(-2) })
  assertError(r, 422, 'validation', 'done_on')
  assert.match(r.json.error.message, /1个月内/)
  assert.match(r.json.error.message, /发展党员工作细则/)
  assert.equal(r.json.error.rule, '党组织应在收到入党申请书后1个月内派人谈话')
  assert.match(r.json.error.source, /发展党员工作细则/)
  assert.equal(r.json.error.overridable, false)
  // A secretary may not override.
  r = await step(yizhibu, a, { step: 2, done_on: dayOffset(-2), override_reason: '申请人外出进修' })
  assertError(r, 403, 'forbidden', 'override_reason')
  // The committee may, with a reason: kept on the step and in the audit log.
  r = await step(zxyjh, a, { step: 2, done_on: dayOffset(-2) })
  assert.equal(r.json.error.overridable, true)
  const done = await stepOk(zxyjh, a, { step: 2, done_on: dayOffset(-2), override_reason: '申请人外出进修，经党委研究同意' })
  const s2 = done.steps.find((s) => s.step === 2)
  assert.equal(s2.override_reason, '申请人外出进修，经党委研究同意')
  assert.equal(s2.rule, '党组织应在收到入党申请书后1个月内派人谈话')
  assert.equal(s2.created_by, 'zxyjh')
  assert.equal(done.last_step, 2)
  assert.equal(done.next_step.step, 3)
  const audit = await admin.ok(`/audit?object_type=applicant&object_id=${a.id}&limit=50`)
  assert.ok(JSON.stringify(audit.items).includes('申请人外出进修，经党委研究同意'), 'the override reason is in the audit log')
  // A step within its rule needs no reason; one given is not kept.
  const s3 = await stepOk(yizhibu, a, { step: 3, done_on: dayOffset(-1), override_reason: '无' })
  assert.equal(s3.steps.find((s) => s.step === 3).override_reason, null)
  assert.equal(s3.stage, 'activist')
})

test('age 18 on the application date; the activist year; training of 3 days or 24 hours', async () => {
  const young = new Date()
  young.setFullYear(young.getFullYear() - 18)
  young.setDate(young.getDate() + 5)
  const birth = young.toISOString().slice(0, 10)
  const a = await createApplicant(admin, { birth_date: birth, id_number: idNumber({ birth, male: true }) })
  const r = await step(admin, a, { step: 1, done_on: dayOffset(0) })
  assertError(r, 422, 'validation', 'done_on')
  assert.equal(r.json.error.rule, '申请入党须年满18周岁')
  const b = await createApplicant(admin)
  const d = plan(-600)
  for (let k = 1; k <= 6; k++) await stepOk(admin, b, bodyOf(k, d))
  // Step 7 less than a year after step 3.
  const r7 = await step(admin, b, { step: 7, done_on: dayOffset(-600 + 40 + 300) })
  assert.equal(r7.json.error.rule, '入党积极分子须经过1年以上培养教育和考察才能确定为发展对象')
  for (let k = 7; k <= 10; k++) await stepOk(admin, b, bodyOf(k, d))
  assertError(await step(admin, b, { step: 11, done_on: d[11] }), 422, 'validation', 'training_days')
  const r11 = await step(admin, b, { step: 11, done_on: d[11], training_days: 2, training_hours: 20 })
  assert.equal(r11.json.error.rule, '发展对象集中培训不少于3天或24学时')
  await stepOk(admin, b, { step: 11, done_on: d[11], training_hours: 24 })
})

test('the people of steps 5 and 9: two full members in scope', async () => {
  const a = await createApplicant(admin)
  const d = plan(-100)
  for (let k = 1; k <= 4; k++) await stepOk(admin, a, bodyOf(k, d))
  assertError(await step(admin, a, { step: 5, done_on: d[5], people: [contacts[0].id] }), 422, 'validation', 'people')
  assertError(await step(admin, a, { step: 5, done_on: d[5], people: [contacts[0].id, contacts[0].id] }), 422, 'validation', 'people')
  assertError(await step(admin, a, { step: 5, done_on: d[5], people: [contacts[0].id, probationary.id] }), 422, 'validation', 'people')
  const outside = await createMember(admin, other.id, { category: 'full', status: 'active' })
  assertError(await step(yizhibu, a, { step: 5, done_on: d[5], people: [contacts[0].id, outside.id] }), 422, 'validation', 'people')
  await stepOk(yizhibu, a, bodyOf(5, d))
})

test('step 15 creates the probationary member, the extension moves step 23, step 24 makes the member full', async () => {
  const a = await createApplicant(admin, { tags: ['业务骨干'] })
  const d = plan(-1300)
  for (let k = 1; k <= 14; k++) await stepOk(admin, a, bodyOf(k, d))
  const after15 = await stepOk(yizhibu, a, bodyOf(15, d))
  assert.equal(after15.stage, 'probationary')
  assert.ok(after15.member_id)
  const m = await admin.ok(`/members/${after15.member_id}`)
  assert.equal(m.category, 'probationary')
  assert.equal(m.joined_on, d[15])
  assert.equal(m.name, a.name)
  assert.equal(m.org_id, branch.id)
  assert.deepEqual(m.tags, ['业务骨干'])
  for (let k = 16; k <= 22; k++) await stepOk(admin, a, bodyOf(k, d))
  const before = await admin.ok(`/applicants/${a.id}`)
  assert.equal(before.next_step.step, 23)
  const end = before.next_step.earliest
  assert.equal(before.probation_ends, end)
  // One extension, 6 to 12 months.
  assertError(await admin.patch(`/applicants/${a.id}`, { version: before.version, extension_months: 5 }), 422, 'validation', 'extension_months')
  const ext = await admin.patch(`/applicants/${a.id}`, { version: before.version, extension_months: 6 })
  assert.equal(ext.status, 200, ext.text)
  assert.equal(ext.json.extension_months, 6)
  assert.ok(ext.json.next_step.earliest > end)
  assertError(await admin.patch(`/applicants/${a.id}`, { version: ext.json.version, extension_months: 7 }), 422, 'validation', 'extension_months')
  // Step 23 on the old end is now too early.
  const r = await step(admin, a, { step: 23, done_on: end })
  assert.equal(r.json.error.rule, '预备期为1年（延长的须满延长期）后才能讨论转正')
  await stepOk(admin, a, { step: 23, done_on: ext.json.next_step.earliest, ...VOTE })
  const full = await stepOk(admin, a, { step: 24, done_on: dayOffset(-5) })
  assert.equal(full.stage, 'full')
  const m2 = await admin.ok(`/members/${after15.member_id}`)
  assert.equal(m2.category, 'full')
  assert.equal(m2.full_on, ext.json.next_step.earliest)
  await stepOk(admin, a, { step: 25, done_on: dayOffset(-1) })
  assertError(await step(admin, a, { step: 25, done_on: dayOffset(0) }), 409, 'conflict')
  assertError(await step(admin, a, { step: 26, done_on: dayOffset(0) }), 422, 'validation', 'step')
})

test('steps 15 and 23 need the branch general meeting\'s vote: quorum and a majority of those entitled (DOMAIN.md §2), no override', async () => {
  const a = await createApplicant(yizhibu)
  const d = plan(-1300)
  for (let k = 1; k <= 14; k++) await stepOk(admin, a, bodyOf(k, d))
  const at15 = { step: 15, done_on: d[15] }
  assertError(await step(yizhibu, a, at15), 422, 'validation', 'voters_entitled')
  // Exactly half present is short of quorum; exactly half in favour fails; more votes than present is refused.
  const short = await step(yizhibu, a, { ...at15, voters_entitled: 12, voters_present: 6, votes_for: 6 })
  assertError(short, 422, 'validation', 'voters_present')
  assert.match(short.json.error.message, /应到12名.*须至少7名.*实到6名/)
  assertError(await step(zxyjh, a, { ...at15, voters_entitled: 12, voters_present: 12, votes_for: 6, votes_against: 6, override_reason: '上级同意' }), 422, 'validation', 'votes_for')
  assertError(await step(yizhibu, a, { ...at15, voters_entitled: 12, voters_present: 8, votes_for: 7, votes_against: 2 }), 422, 'validation', 'votes_for')
  assertError(await step(yizhibu, a, { ...at15, voters_entitled: 12, voters_present: 13, votes_for: 7 }), 422, 'validation', 'voters_present')
  assert.equal((await admin.ok(`/applicants/${a.id}`)).last_step, 14, 'nothing recorded')
  // A meeting that is not the branch's held general meeting of that day is refused; the right one counts its list.
  const meetings = (await listAll(admin, `/meetings?org=${branch.id}`)).items
  const theme = meetings.find((m) => m.type !== 'branch_assembly' && m.status === 'held')
  assertError(await step(yizhibu, a, { ...at15, meeting_id: theme.id, votes_for: 9 }), 422, 'validation', 'meeting_id')
  assertError(await step(yizhibu, a, { ...at15, meeting_id: 999999999, votes_for: 9 }), 422, 'validation', 'meeting_id')
  // The held 支部党员大会 of that day: its attendance list gives those entitled (full members) and present.
  const mt = await admin.post('/meetings', { org_id: branch.id, type: 'branch_assembly', status: 'held', topic: '讨论接收预备党员' + token(),
    starts_at: `${d[15]}T14:00`, ends_at: `${d[15]}T16:00` })
  assert.equal(mt.status, 201, mt.text)
  const list = (await listAll(admin, `/meetings/${mt.json.id}/attendance`)).items
  const full = list.filter((x) => x.category === 'full')
  const present = Math.floor(full.length / 2) + 1
  // Just over half of the full members marked present (the rest stay unmarked: not present).
  const items = full.slice(0, present).map((x) => ({ member_id: x.member_id, status: 'present' }))
  const put = await admin.put(`/meetings/${mt.json.id}/attendance`, { version: mt.json.version, items })
  assert.equal(put.status, 200, put.text)
  const half = Math.floor(full.length / 2)
  assertError(await step(yizhibu, a, { ...at15, meeting_id: mt.json.id, votes_for: half }), 422, 'validation', 'votes_for')
  const ok = await stepOk(yizhibu, a, { ...at15, meeting_id: mt.json.id, votes_for: half + 1 })
  const s15 = ok.steps.find((s) => s.step === 15)
  assert.deepEqual([s15.meeting_id, s15.voters_entitled, s15.voters_present, s15.votes_for], [mt.json.id, full.length, present, half + 1])
  // Other steps keep no vote.
  const s16 = (await stepOk(admin, a, { ...bodyOf(16, d), votes_for: 3 })).steps.find((s) => s.step === 16)
  assert.equal(s16.votes_for, null)
})

test('after step 15, an edit of the applicant\'s personal fields changes its member file too, all or nothing', async () => {
  const a = await createApplicant(yizhibu)
  const d = plan(-1300)
  for (let k = 1; k <= 15; k++) await stepOk(admin, a, bodyOf(k, d))
  const cur = await admin.ok(`/applicants/${a.id}`)
  const r = await yizhibu.patch(`/applicants/${a.id}`, { version: cur.version, phone: '13912345678', department: '心内科', title: '主治医师' })
  assert.equal(r.status, 200, r.text)
  const m = await admin.ok(`/members/${cur.member_id}`)
  assert.deepEqual([m.phone, m.department, m.title], ['13912345678', '心内科', '主治医师'])
  const audit = (await admin.ok(`/audit?object_type=member&object_id=${cur.member_id}`)).items
  assert.equal(audit[0].action, 'update')
  assert.equal(audit[0].username, 'yizhibu')
  // An ID number already on another member file: 409, and neither record changes.
  const taken = contacts[0].id_number
  const born = taken.slice(6, 10) + '-' + taken.slice(10, 12) + '-' + taken.slice(12, 14)
  const bad = await yizhibu.patch(`/applicants/${a.id}`, { version: r.json.version, id_number: taken, birth_date: born, gender: contacts[0].gender, phone: '13900000000' })
  assertError(bad, 409, 'conflict', 'id_number')
  assert.equal((await admin.ok(`/applicants/${a.id}`)).phone, '13912345678')
  assert.equal((await admin.ok(`/members/${cur.member_id}`)).phone, '13912345678')
})

test('a step\'s papers: PDF or image by content, on done steps only, shown with the step, within scope', async () => {
  const a = await createApplicant(yizhibu)
  await stepOk(yizhibu, a, { step: 1, done_on: dayOffset(-5) })
  const oct = { headers: { 'Content-Type': 'application/octet-stream' } }
  const pdf = Buffer.from('%PDF-1.4 入党申请书')
  const base = `/applicants/${a.id}/steps/1/attachments`
  const up = await yizhibu.post(`${base}?name=${encodeURIComponent('入党申请书.pdf')}`, pdf, oct)
  assert.equal(up.status, 201, up.text)
  assert.deepEqual([up.json.name, up.json.content_type, up.json.step, up.json.applicant_id], ['入党申请书.pdf', 'application/pdf', 1, a.id])
  const cur = await admin.ok(`/applicants/${a.id}`)
  assert.deepEqual(cur.steps[0].attachments.map((f) => f.id), [up.json.id])
  const got = await zxyjh.get(`${base}/${up.json.id}`)
  assert.equal(got.status, 200)
  assert.ok(got.bytes.equals(pdf))
  assert.equal(got.headers.get('cache-control'), 'no-store')
  // A step not done yet, a script, another scope, a member's account.
  assertError(await yizhibu.post(`/applicants/${a.id}/steps/2/attachments?name=a.pdf`, pdf, oct), 404, 'not_found')
  assertError(await yizhibu.post(`${base}?name=a.pdf`, Buffer.from('<script>alert(1)</script>'), oct), 415, 'unsupported_media_type')
  assertError(await reviewer.get(base), 404, 'not_found')
  assertError(await member1.get(base), 403, 'forbidden')
  assert.equal((await yizhibu.del(`${base}/${up.json.id}`)).status, 204)
  assert.deepEqual((await admin.ok(`/audit?object_type=applicant_step_file&object_id=${up.json.id}`)).items.map((x) => x.action), ['delete', 'create'])
})

test('step 15 refuses an ID number already on a member file', async () => {
  const a = await createApplicant(admin, { id_number: contacts[0].id_number, birth_date: contacts[0].birth_date, gender: contacts[0].gender })
  const d = plan(-1000)
  for (let k = 1; k <= 14; k++) await stepOk(admin, a, bodyOf(k, d))
  assertError(await step(admin, a, bodyOf(15, d)), 409, 'conflict', 'id_number')
})

test('the board counts the stages and lists what falls due; the to-do list shows it', async () => {
  const a = await createApplicant(yizhibu)
  await stepOk(yizhibu, a, { step: 1, done_on: dayOffset(-40) })
  const board = await yizhibu.ok(`/development/board?org=${branch.id}`)
  assert.equal(board.org_id, branch.id)
  for (const s of ['applicant', 'activist', 'candidate', 'probationary', 'full']) assert.equal(typeof board.stages[s], 'number')
  assert.equal(board.total, Object.values(board.stages).reduce((x, y) => x + y, 0))
  const owed = board.due.talks_owed.items.find((x) => x.applicant_id === a.id)
  assert.ok(owed, 'a talk owed')
  assert.equal(owed.overdue, true)
  for (const k of ['activists_year', 'probation_ending', 'approvals_late']) assert.ok(Array.isArray(board.due[k].items))
  const whole = await admin.ok('/development/board')
  assert.ok(whole.total >= board.total)
  const todo = await yizhibu.ok('/todo')
  assert.ok(todo.items.some((x) => x.kind === 'development_talk' && x.link === `/development/applicants/${a.id}`))
  const mine = await member1.ok('/todo')
  assert.ok(!mine.items.some((x) => x.kind.startsWith('development_')))
})

test('三培养: tags dated on member files, and the three flows of a year', async () => {
  const year = Number(dayOffset(0).slice(0, 4))
  const m = await createMember(admin, branch.id, { category: 'full', status: 'active', joined_on: '2015-06-01', full_on: '2016-06-01' })
  assertError(await yizhibu.post('/development/tags', { member_id: m.id, tag: '先锋岗', tagged_on: dayOffset(0) }), 422, 'validation', 'tag')
  assertError(await yizhibu.post('/development/tags', { member_id: m.id, tag: '业务骨干', tagged_on: dayOffset(1) }), 422, 'validation', 'tagged_on')
  const outside = await createMember(admin, other.id, { category: 'full', status: 'active' })
  assertError(await yizhibu.post('/development/tags', { member_id: outside.id, tag: '业务骨干', tagged_on: dayOffset(0) }), 422, 'validation', 'member_id')
  const r = await yizhibu.post('/development/tags', { member_id: m.id, tag: '业务骨干', tagged_on: dayOffset(0) })
  assert.equal(r.status, 200, r.text)
  assert.ok((await admin.ok(`/members/${m.id}`)).tags.includes('业务骨干'))
  assert.equal((await yizhibu.post('/development/tags', { member_id: m.id, tag: '后备干部', tagged_on: dayOffset(0) })).status, 200)
  const v = await yizhibu.ok(`/development/three-cultivations?org=${branch.id}&year=${year}`)
  assert.equal(v.year, year)
  const flow = (k) => v.flows.find((f) => f.key === k)
  assert.ok(flow('member_to_backbone').items.some((x) => x.member_id === m.id))
  assert.ok(flow('backbone_to_reserve').items.some((x) => x.member_id === m.id))
  assert.equal(flow('member_to_backbone').count, flow('member_to_backbone').items.length)
  assertError(await yizhibu.get('/development/three-cultivations?year=20x4'), 400, 'bad_request', 'year')
  assertError(await reviewer.get(`/development/three-cultivations?org=${branch.id}`), 404, 'not_found')
  assertError(await reviewer.post('/development/tags', { member_id: m.id, tag: '业务骨干', tagged_on: dayOffset(0) }), 403, 'forbidden')
})

test('delete and restore, with versions', async () => {
  const a = await createApplicant(admin)
  const del = await admin.del(`/applicants/${a.id}`, { version: a.version })
  assert.equal(del.status, 200, del.text)
  assert.equal(del.json.deleted, true)
  const list = await admin.ok(`/applicants?org=${branch.id}&limit=200`)
  assert.ok(!list.items.some((x) => x.id === a.id))
  assertError(await step(admin, a, { step: 1, done_on: dayOffset(0) }), 404, 'not_found')
  const res = await admin.post(`/applicants/${a.id}/restore`, { version: del.json.version })
  assert.equal(res.status, 200, res.text)
  assert.equal(res.json.deleted, false)
  assertError(await admin.patch(`/applicants/${a.id}`, { version: a.version, phone: '13900139000' }), 409, 'conflict')
})
