// 三重一大 (issue 16, seed 002, DOMAIN.md §7): a hospital committee's records of major decisions,
// important appointments, major projects and large sums, with the meeting that decided them, the
// votes, the amount and the day each was reported upward; the bureau sees those not reported in
// time flagged and on its to-do list. Scope for every kind of role, bad input (all or none),
// optimistic locking, audit records. What this file creates is its own (new titles).
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { login, assertError, orgByName, token, dayOffset, listAll } from './lib.mjs'

let admin, jinzhou, reviewer, jianghai, zxyjh, yizhibu, luolan, member1
let hospital, bureau, branch, jianghaiCommittee

const body = (over = {}) => ({ org_id: hospital.id, category: 'decision', title: '测试决策' + token(), decided_on: dayOffset(-3), votes_for: 7, votes_against: 1, votes_abstain: 1, ...over })

before(async () => {
  ;[admin, jinzhou, reviewer, jianghai, zxyjh, yizhibu, luolan, member1] = await Promise.all(
    ['admin', 'jinzhou', 'reviewer', 'jianghai', 'zxyjh', 'yizhibu', 'luolan', 'member1'].map((u) => login(u)))
  hospital = await orgByName(admin, '锦州市中心医院党委')
  bureau = await orgByName(admin, '锦州市卫生健康行业党委')
  branch = await orgByName(admin, '心血管内科党支部')
  jianghaiCommittee = await orgByName(admin, '江海区中西医结合医院党总支')
})

test('the demo: Jinzhou’s hospital committee, all four categories, some reported late, some overdue', async () => {
  const all = (await listAll(jinzhou, `/decisions?org=${hospital.id}`)).items
  assert.ok(all.length >= 10, `${all.length} items`)
  assert.deepEqual([...new Set(all.map((d) => d.category))].sort(), ['appointment', 'decision', 'funds', 'project'])
  assert.ok(all.every((d) => d.category !== 'funds' || d.amount_fen >= 0), 'large sums carry their amount')
  const states = new Set(all.map((d) => d.report_state))
  for (const s of ['overdue', 'reported', 'reported_late', 'pending']) assert.ok(states.has(s), `a ${s} item`)
  const meds = all.find((d) => d.title.includes('义诊'))
  assert.equal(meds.amount_fen, 15000000, 'seed 002: 发放医用药品15万元')
  assert.equal(meds.category_label, '大额资金使用')
  assert.deepEqual(meds.votes, { for: 7, against: 1, abstain: 1 })
  // The overdue filter gives exactly the flagged ones; the to-do list names them.
  const overdue = (await listAll(jinzhou, '/decisions?overdue=1')).items
  assert.deepEqual(overdue.map((d) => d.id).sort(), all.filter((d) => d.overdue).map((d) => d.id).sort())
  const todo = (await jinzhou.ok('/todo')).items.filter((t) => t.kind === 'decision_unreported')
  assert.equal(todo.length, overdue.length)
  assert.ok(todo.every((t) => /^\/decisions\/\d+$/.test(t.link)))
  const unreported = (await listAll(jinzhou, '/decisions?unreported=1')).items
  assert.ok(unreported.every((d) => d.reported_on === null) && unreported.length > overdue.length)
})

test('scope: the bureau and its reviewer see the subtree; other areas nothing; roles without the right 403', async () => {
  const mine = (await listAll(jinzhou, '/decisions')).items
  const rev = (await listAll(reviewer, '/decisions')).items
  assert.deepEqual(rev.map((d) => d.id), mine.map((d) => d.id))
  const ids = new Set(mine.map((d) => d.id))
  for (const c of [jianghai, zxyjh]) {
    const theirs = (await listAll(c, '/decisions')).items
    assert.ok(!theirs.some((d) => ids.has(d.id)), 'another area sees none of Jinzhou’s')
  }
  const one = mine[0]
  assert.equal((await jianghai.get(`/decisions/${one.id}`)).status, 404)
  assert.equal((await zxyjh.get(`/decisions/${one.id}`)).status, 404)
  for (const c of [yizhibu, luolan, member1]) {
    assert.equal((await c.get('/decisions')).status, 403)
    assert.equal((await c.get(`/decisions/${one.id}`)).status, 403)
  }
  assertError(await jianghai.get(`/decisions?org=${hospital.id}`), 404, 'not_found')
  // The reviewer reads but does not write.
  assertError(await reviewer.post('/decisions', body()), 403, 'forbidden')
  assertError(await reviewer.post(`/decisions/${one.id}/report`, { version: one.version }), 403, 'forbidden')
  // Writes outside the scope: 404 for the object, 422 on org_id for a body.
  assertError(await jianghai.patch(`/decisions/${one.id}`, { version: one.version, title: '越权' }), 404, 'not_found')
  assertError(await jianghai.post('/decisions', body()), 422, 'validation', 'org_id')
  const after = await admin.ok(`/decisions/${one.id}`)
  assert.equal(after.version, one.version)
})

test('create, change, report upward, delete: versioned and audited', async () => {
  const r = await jinzhou.post('/decisions', body({ category: 'funds', amount_fen: 8800000, note: '设备采购' }))
  assert.equal(r.status, 201, r.text)
  const d = r.json
  assert.equal(d.org_name, '锦州市中心医院党委')
  assert.equal(d.report_state, 'pending')
  assert.equal(d.report_due, dayOffset(12))
  assert.equal(d.version, 1)
  // A stale version changes nothing.
  assertError(await jinzhou.patch(`/decisions/${d.id}`, { version: 9, title: '过期版本' }), 409, 'conflict')
  const p = await jinzhou.patch(`/decisions/${d.id}`, { version: 1, title: d.title + '（修订）', amount_fen: 9900000 })
  assert.equal(p.status, 200, p.text)
  assert.equal(p.json.version, 2)
  assert.equal(p.json.amount_fen, 9900000)
  // Report upward: today by default; a second report 409.
  const rep = await jinzhou.post(`/decisions/${d.id}/report`, { version: 2 })
  assert.equal(rep.status, 200, rep.text)
  assert.equal(rep.json.reported_on, dayOffset(0))
  assert.equal(rep.json.report_state, 'reported')
  assertError(await jinzhou.post(`/decisions/${d.id}/report`, { version: 3 }), 409, 'conflict', 'reported_on')
  const audit = (await admin.ok(`/audit?object_type=decision&object_id=${d.id}`)).items
  assert.deepEqual(audit.map((a) => a.action).sort(), ['create', 'update', 'update'])
  assert.ok((await jinzhou.ok(`/audit?object_type=decision&object_id=${d.id}`)).total >= 3, 'the bureau sees the records')
  const del = await jinzhou.del(`/decisions/${d.id}?version=3`)
  assert.equal(del.status, 200, del.text)
  assert.equal((await jinzhou.get(`/decisions/${d.id}`)).status, 404)
  assert.ok(!(await listAll(jinzhou, '/decisions')).items.some((x) => x.id === d.id))
})

test('bad input: each refused with its field, nothing stored', async () => {
  const before = (await jinzhou.ok('/decisions')).total
  const cases = [
    [body({ category: 'funds' }), 'amount_fen'], // 大额资金 without its amount
    [body({ category: 'funds', amount_fen: -1 }), 'amount_fen'],
    [body({ category: 'gift' }), 'category'],
    [body({ votes_for: 4, votes_against: 4, votes_abstain: 0 }), 'votes'], // exactly half
    [body({ votes_for: 0, votes_against: 0, votes_abstain: 0 }), 'votes'],
    [body({ votes_for: -1 }), 'votes'],
    [body({ votes_for: '七' }), 'votes_for'],
    [body({ decided_on: dayOffset(1) }), 'decided_on'],
    [body({ decided_on: '2026-02-30' }), 'decided_on'],
    [body({ decided_on: null }), 'decided_on'],
    [body({ reported_on: dayOffset(-10) }), 'reported_on'], // before the decision
    [body({ title: '' }), 'title'],
    [body({ title: 'x'.repeat(201) }), 'title'],
    [body({ title: '<script>alert(1)</script>\u202e' }), 'title'],
    [body({ org_id: branch.id }), 'org_id'], // a branch does not decide 三重一大
    [body({ org_id: 999999 }), 'org_id'],
    [body({ meeting_id: 999999 }), 'meeting_id'],
    [body({ surprise: 1 }), 'surprise']
  ]
  for (const [b, field] of cases) {
    const r = await jinzhou.post('/decisions', b)
    assert.ok(r.status === 422 || r.status === 400, `${JSON.stringify(b)} → ${r.status} ${r.text}`)
    assert.equal(r.json.error.field, field, `${JSON.stringify(b)}: ${r.text}`)
    assert.ok(!/[a-z]+_[a-z]+/.test(r.json.error.message), `raw field name in: ${r.json.error.message}`)
  }
  assert.equal((await jinzhou.ok('/decisions')).total, before)
  for (const q of ['year=1999', 'category=gift', 'overdue=maybe', 'org=abc']) assert.equal((await jinzhou.get('/decisions?' + q)).status, 400, q)
})

test('the meeting that decided it: in scope and of the committee’s subtree; its day by default', async () => {
  const meetings = (await listAll(admin, `/meetings?org=${hospital.id}`)).items
  const m = meetings.find((x) => x.status === 'held' && x.type !== 'committee') || meetings[0]
  const r = await jinzhou.post('/decisions', body({ meeting_id: m.id, decided_on: null }))
  assert.equal(r.status, 201, r.text)
  assert.equal(r.json.decided_on, m.starts_at.slice(0, 10))
  assert.equal(r.json.meeting_topic, m.topic)
  const other = (await listAll(admin, `/meetings?org=${jianghaiCommittee.id}`)).items[0]
  assertError(await jinzhou.post('/decisions', body({ meeting_id: other.id })), 422, 'validation', 'meeting_id')
  await jinzhou.del(`/decisions/${r.json.id}?version=1`)
})

test('the reporting deadline is a setting: at its boundary, and only admin changes it', async () => {
  const s = await jinzhou.ok('/settings/decisions')
  assert.equal(s.report_days, 15)
  assert.equal(s.defaults.report_days, 15)
  assertError(await jinzhou.put('/settings/decisions', { report_days: 20 }), 403, 'forbidden')
  assertError(await admin.put('/settings/decisions', { report_days: 0 }), 422, 'validation', 'report_days')
  // Decided 15 days ago: on time with 15 days, overdue with 14.
  const r = await jinzhou.post('/decisions', body({ decided_on: dayOffset(-15) }))
  assert.equal(r.status, 201, r.text)
  assert.equal(r.json.report_state, 'pending')
  assert.equal((await admin.put('/settings/decisions', { report_days: 14 })).status, 200)
  assert.equal((await jinzhou.ok(`/decisions/${r.json.id}`)).report_state, 'overdue')
  assert.ok((await jinzhou.ok('/todo')).items.some((t) => t.link === `/decisions/${r.json.id}`))
  assert.equal((await admin.put('/settings/decisions', { report_days: 15 })).status, 200)
  assert.equal((await jinzhou.ok(`/decisions/${r.json.id}`)).report_state, 'pending')
  await jinzhou.del(`/decisions/${r.json.id}?version=1`)
})

test('the register as .xlsx and .csv: the rows of the list, in scope', async () => {
  const x = await jinzhou.get('/decisions/export')
  assert.equal(x.status, 200)
  assert.equal(x.bytes.subarray(0, 2).toString('latin1'), 'PK')
  const c = await jinzhou.get(`/decisions/export?format=csv&org=${hospital.id}&category=funds`)
  assert.equal(c.status, 200)
  const lines = c.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/)
  assert.ok(lines[0].startsWith('编号,决策组织,事项类别'))
  const funds = (await listAll(jinzhou, `/decisions?org=${hospital.id}&category=funds`)).items
  assert.equal(lines.length - 1, funds.length)
  assert.ok(c.text.includes('150000.00'), 'amounts in yuan')
  const theirs = (await jianghai.get('/decisions/export?format=csv')).text
  assert.ok(!funds.some((d) => theirs.includes(d.title)), 'another area’s register holds none of Jinzhou’s')
  assert.equal((await yizhibu.get('/decisions/export')).status, 403)
})
