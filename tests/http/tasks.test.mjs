// Yearly key tasks (项目化管理 + 清单化推进 + 责任化落实; issue 16, seed 002, DOMAIN.md §7): owner,
// deadline, milestones, progress (computed from the milestones), overdue alerts on the to-do
// list, the ledger (工作推进台账) as .xlsx and .csv. Scope for every kind of role, bad input,
// optimistic locking, audit records. What this file creates is its own (new titles).
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { login, assertError, orgByName, token, dayOffset, listAll } from './lib.mjs'

let admin, jinzhou, reviewer, jianghai, zxyjh, yizhibu, luolan, member1
let hospital, bureau, owner, outsider
const YEAR = Number(dayOffset(0).slice(0, 4))

const body = (over = {}) => ({ org_id: hospital.id, year: YEAR, title: '测试任务' + token(), owner_member_id: owner.id, deadline: `${YEAR}-12-31`, ...over })

before(async () => {
  ;[admin, jinzhou, reviewer, jianghai, zxyjh, yizhibu, luolan, member1] = await Promise.all(
    ['admin', 'jinzhou', 'reviewer', 'jianghai', 'zxyjh', 'yizhibu', 'luolan', 'member1'].map((u) => login(u)))
  hospital = await orgByName(admin, '锦州市中心医院党委')
  bureau = await orgByName(admin, '锦州市卫生健康行业党委')
  owner = (await jinzhou.ok(`/members?org=${hospital.id}&limit=1`)).items[0]
  outsider = (await jianghai.ok('/members?limit=1')).items[0]
})

test('the demo: Jinzhou’s key tasks of the year with owners and milestones, some overdue', async () => {
  const all = (await listAll(jinzhou, `/tasks?year=${YEAR}`)).items
  assert.ok(all.length >= 9, `${all.length} tasks`)
  assert.ok(all.every((t) => t.owner_name && t.milestones_total === 3))
  assert.ok(all.some((t) => t.org_id === bureau.id) && all.some((t) => t.org_id === hospital.id))
  const done = all.find((t) => t.status === 'done')
  assert.equal(done.progress, 100)
  const some = all.find((t) => t.milestones_done === 1)
  assert.equal(some.progress, 33, 'one of three milestones: 33 per cent, rounded down')
  assert.equal(some.progress_computed, true)
  const overdue = (await listAll(jinzhou, '/tasks?overdue=1')).items
  assert.deepEqual(overdue.map((t) => t.id).sort(), all.filter((t) => t.overdue).map((t) => t.id).sort())
  const todo = (await jinzhou.ok('/todo')).items.filter((t) => t.kind === 'task_overdue' || t.kind === 'task_milestone_late')
  assert.ok(todo.length >= overdue.length)
  assert.ok(todo.every((t) => /^\/tasks\/\d+$/.test(t.link)))
})

test('scope: the subtree for every kind of role; others nothing or 403', async () => {
  const mine = (await listAll(jinzhou, '/tasks')).items
  assert.deepEqual((await listAll(reviewer, '/tasks')).items.map((t) => t.id), mine.map((t) => t.id))
  const ids = new Set(mine.map((t) => t.id))
  for (const c of [jianghai, zxyjh, yizhibu]) assert.ok(!(await listAll(c, '/tasks')).items.some((t) => ids.has(t.id)), 'another area sees none of Jinzhou’s')
  for (const c of [luolan, member1]) assert.equal((await c.get('/tasks')).status, 403)
  const t = mine[0]
  for (const c of [jianghai, zxyjh, yizhibu]) assert.equal((await c.get(`/tasks/${t.id}`)).status, 404)
  assertError(await yizhibu.patch(`/tasks/${t.id}`, { version: t.version, title: '越权' }), 403, 'forbidden')
  assertError(await reviewer.patch(`/tasks/${t.id}`, { version: t.version, title: '越权' }), 403, 'forbidden')
  assertError(await jianghai.patch(`/tasks/${t.id}`, { version: t.version, title: '越权' }), 404, 'not_found')
  assertError(await jianghai.post('/tasks', body()), 422, 'validation', 'org_id')
  assertError(await jinzhou.post('/tasks', body({ owner_member_id: outsider.id })), 422, 'validation', 'owner_member_id')
  assert.equal((await admin.ok(`/tasks/${t.id}`)).version, t.version)
})

test('create with milestones, progress from them, done only when all are done; versioned and audited', async () => {
  const ms = [
    { title: '制定方案', due_on: dayOffset(-5), done_on: dayOffset(-6), evidence: '方案文件' },
    { title: '组织实施', due_on: dayOffset(-1) },
    { title: '总结验收', due_on: `${YEAR}-12-31` }
  ]
  const r = await jinzhou.post('/tasks', body({ milestones: ms, status: 'ongoing', progress: 90 }))
  assert.equal(r.status, 201, r.text)
  const t = r.json
  assert.equal(t.owner_name, owner.name)
  assert.equal(t.progress, 33)
  assert.equal(t.progress_reported, 90)
  assert.deepEqual(t.milestones.map((m) => m.state), ['done', 'late', 'pending'])
  assert.ok((await jinzhou.ok('/todo')).items.some((x) => x.link === `/tasks/${t.id}`), 'the late milestone is on the to-do list')
  assertError(await jinzhou.patch(`/tasks/${t.id}`, { version: 1, status: 'done' }), 422, 'validation', 'status')
  assertError(await jinzhou.patch(`/tasks/${t.id}`, { version: 7, title: '过期' }), 409, 'conflict')
  const all = ms.map((m) => ({ ...m, done_on: m.done_on || dayOffset(0) }))
  const p = await jinzhou.patch(`/tasks/${t.id}`, { version: 1, milestones: all, status: 'done' })
  assert.equal(p.status, 200, p.text)
  assert.equal(p.json.progress, 100)
  assert.equal(p.json.version, 2)
  const audit = (await admin.ok(`/audit?object_type=task&object_id=${t.id}`)).items.map((a) => a.action).sort()
  assert.deepEqual(audit, ['create', 'create_links', 'update', 'update_links'])
  assert.equal((await jinzhou.del(`/tasks/${t.id}?version=2`)).status, 200)
  assert.equal((await jinzhou.get(`/tasks/${t.id}`)).status, 404)
})

test('without milestones: the reported progress; bad input refused with its field, nothing stored', async () => {
  const r = await jinzhou.post('/tasks', body({ progress: 45 }))
  assert.equal(r.status, 201, r.text)
  assert.equal(r.json.progress, 45)
  assert.equal(r.json.progress_computed, false)
  await jinzhou.del(`/tasks/${r.json.id}?version=1`)
  const before = (await jinzhou.ok('/tasks')).total
  const cases = [
    [body({ year: 1999 }), 'year'],
    [body({ deadline: `${YEAR - 1}-12-31` }), 'deadline'],
    [body({ deadline: '2026-13-01' }), 'deadline'],
    [body({ progress: 101 }), 'progress'],
    [body({ status: 'finished' }), 'status'],
    [body({ title: '' }), 'title'],
    [body({ title: 'a\u0007b' }), 'title'],
    [body({ owner_member_id: 999999 }), 'owner_member_id'],
    [body({ milestones: [{ title: '节点', due_on: `${YEAR + 2}-01-01` }] }), 'milestones'],
    [body({ milestones: [{ title: '节点', due_on: dayOffset(-1), done_on: dayOffset(2) }] }), 'milestones'],
    [body({ milestones: [{ due_on: dayOffset(-1) }] }), 'milestones'],
    [body({ milestones: 'x' }), 'milestones'],
    [body({ extra: true }), 'extra']
  ]
  for (const [b, field] of cases) {
    const x = await jinzhou.post('/tasks', b)
    assert.ok(x.status === 422 || x.status === 400, `${JSON.stringify(b)} → ${x.status} ${x.text}`)
    assert.equal(x.json.error.field, field, `${JSON.stringify(b)}: ${x.text}`)
  }
  assert.equal((await jinzhou.ok('/tasks')).total, before)
  for (const q of ['year=3000', 'status=x', 'overdue=2']) assert.equal((await jinzhou.get('/tasks?' + q)).status, 400, q)
})

test('the ledger (工作推进台账) per org and year: .xlsx and .csv with milestones and evidence', async () => {
  const x = await jinzhou.get(`/tasks/ledger?org=${hospital.id}&year=${YEAR}`)
  assert.equal(x.status, 200)
  assert.equal(x.bytes.subarray(0, 2).toString('latin1'), 'PK')
  const c = await jinzhou.get(`/tasks/ledger?org=${hospital.id}&year=${YEAR}&format=csv`)
  assert.equal(c.status, 200)
  assert.ok(c.text.includes('推进节点') && c.text.includes('完成佐证') && c.text.includes('1. '))
  const list = (await listAll(jinzhou, `/tasks?org=${hospital.id}&year=${YEAR}`)).items
  for (const t of list) assert.ok(c.text.includes(t.title), t.title)
  assert.equal((await jianghai.get(`/tasks/ledger?org=${hospital.id}`)).status, 404)
  assert.equal((await luolan.get('/tasks/ledger')).status, 403)
})

test('a task\'s evidence (佐证材料): PDF or image by content, shown with the task, written by the org writers in scope', async () => {
  const t = (await listAll(jinzhou, '/tasks')).items[0]
  const base = `/tasks/${t.id}/attachments`
  const oct = { headers: { 'Content-Type': 'application/octet-stream' } }
  const pdf = Buffer.from('%PDF-1.4 会议纪要')
  const up = await jinzhou.post(`${base}?name=${encodeURIComponent('推进会纪要.pdf')}`, pdf, oct)
  assert.equal(up.status, 201, up.text)
  assert.deepEqual([up.json.task_id, up.json.name, up.json.content_type], [t.id, '推进会纪要.pdf', 'application/pdf'])
  assert.deepEqual((await reviewer.ok(`/tasks/${t.id}`)).attachments.map((f) => f.id), [up.json.id])
  const got = await reviewer.get(`${base}/${up.json.id}`)
  assert.equal(got.status, 200)
  assert.ok(got.bytes.equals(pdf))
  assertError(await jinzhou.post(`${base}?name=x.pdf`, Buffer.from('MZ not a document'), oct), 415, 'unsupported_media_type')
  assertError(await reviewer.post(`${base}?name=x.pdf`, pdf, oct), 403, 'forbidden')
  assertError(await jianghai.get(base), 404, 'not_found')
  assert.equal((await jinzhou.del(`${base}/${up.json.id}`)).status, 204)
  assertError(await jinzhou.get(`${base}/${up.json.id}`), 404, 'not_found')
  assert.deepEqual((await admin.ok(`/audit?object_type=task_file&object_id=${up.json.id}`)).items.map((a) => a.action), ['delete', 'create'])
})
