// Every list a user keeps as a register exports to .xlsx (and .csv): the organisation tree, the audit
// log, the applicants, the pairings (each GET …/export with its list's filters), the coverage survey
// and the dues arrears (the report's own GET with format=xlsx|csv). Each file holds exactly the
// rows its list holds for the same caller, masked as the list is.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { login, orgByName, createMember, assertError, listAll, cjkName, csvTable } from './lib.mjs'

let admin, jianghai, luolan, member
before(async () => {
  admin = await login('admin')
  jianghai = await login('jianghai')
  luolan = await login('luolan')
  member = await login('member1')
})


async function csv(client, path) {
  const r = await client.get(path)
  assert.equal(r.status, 200, `GET ${path} → ${r.status} ${r.text.slice(0, 200)}`)
  assert.match(r.headers.get('content-type'), /text\/csv/)
  return csvTable(r.text)
}

async function isXlsx(client, path) {
  const r = await client.get(path)
  assert.equal(r.status, 200, `GET ${path} → ${r.status}`)
  assert.match(r.headers.get('content-type'), /spreadsheetml/)
  assert.equal(r.bytes.subarray(0, 2).toString('latin1'), 'PK')
  return r
}

test('the organisation tree exports in tree order, each name indented by its depth with its parent', async () => {
  const x = await isXlsx(jianghai, '/orgs/export')
  assert.match(x.headers.get('content-disposition'), /orgs\.xlsx/)
  assert.match(x.headers.get('content-disposition'), /filename\*=UTF-8''%E5%85%9A%E7%BB%84%E7%BB%87%E5%90%8D%E5%86%8C\.xlsx/) // 党组织名册
  const { header, rows } = await csv(jianghai, '/orgs/export?format=csv')
  assert.deepEqual(header.slice(0, 5), ['编号', '层级', '组织名称', '组织类型', '上级组织'])
  const list = (await listAll(jianghai, '/orgs')).items
  assert.deepEqual(rows.map((r) => Number(r['编号'])), list.map((o) => o.id), 'the same organisations in the same (tree) order')
  const byId = new Map(list.map((o) => [o.id, o]))
  const top = rows[0]
  assert.equal(top['层级'], '1')
  assert.equal(top['组织名称'], '江门市江海区卫生健康局机关党委')
  for (const r of rows.slice(1)) {
    const o = byId.get(Number(r['编号']))
    const depth = Number(r['层级'])
    assert.equal(r['组织名称'], '　　'.repeat(depth - 1) + o.name)
    assert.equal(r['上级组织'], byId.get(o.parent_id).name)
  }
  assert.ok(rows.some((r) => r['组织类型'] === '党支部') && rows.some((r) => r['组织类型'] === '党总支'))
  // The list's filters apply; a member's account has no organisations to list.
  const branches = await csv(jianghai, '/orgs/export?format=csv&type=branch')
  assert.ok(branches.rows.length > 0 && branches.rows.every((r) => r['组织类型'] === '党支部'))
  assert.equal((await csv(member, '/orgs/export?format=csv')).rows.length, 0)
  assertError(await jianghai.get('/orgs/export?format=pdf'), 400, 'bad_request', 'format')
  assertError(await jianghai.get('/orgs/export?type=nope'), 400, 'bad_request', 'type')
})

test('the audit log exports who, what and each changed field before → after, within scope', async () => {
  const root = await orgByName(admin, '江门市江海区卫生健康局机关党委')
  const m = await createMember(jianghai, root.id)
  const newName = cjkName(3)
  const r = await jianghai.patch(`/members/${m.id}`, { name: newName, version: m.version })
  assert.equal(r.status, 200, r.text)
  await isXlsx(jianghai, '/audit/export')
  const { rows } = await csv(jianghai, `/audit/export?format=csv&object_type=member&object_id=${m.id}`)
  assert.deepEqual(rows.map((x) => x['操作']), ['修改', '新增'], 'newest first, actions in words')
  assert.ok(rows.every((x) => x['用户'] === 'jianghai' && x['对象编号'] === String(m.id)))
  assert.ok(rows[0]['变更内容'].includes(`name：${m.name} → ${newName}`), rows[0]['变更内容'])
  assert.ok(!/version|updated_at/.test(rows[0]['变更内容']), 'bookkeeping columns are not changes')
  // The rows are the list's rows, for an organisation administrator's scope too.
  const list = (await listAll(jianghai, '/audit?from=2000-01-01')).items.map((a) => a.id)
  const all = (await csv(jianghai, '/audit/export?format=csv&from=2000-01-01')).rows.map((a) => Number(a['编号']))
  assert.deepEqual(all, list)
  assertError(await jianghai.get('/audit/export?from=yesterday'), 400, 'bad_request', 'from')
  assertError(await luolan.get('/audit/export'), 403, 'forbidden')
  assert.equal((await jianghai.get('/audit/export')).headers.get('cache-control'), 'no-store')
})

test('the applicants export (发展党员工作台账) holds the list\'s rows, masked for a read-only role', async () => {
  await isXlsx(admin, '/applicants/export')
  const full = await csv(admin, '/applicants/export?format=csv&stage=activist')
  const list = (await listAll(admin, '/applicants?stage=activist')).items
  assert.ok(list.length > 0)
  assert.deepEqual(full.rows.map((r) => Number(r['编号'])), list.map((a) => a.id))
  assert.ok(full.rows.every((r) => r['阶段'] === '入党积极分子'))
  assert.match(full.rows[0]['身份证号'], /^\d{17}[\dX]$/)
  // The instructor reads the pipeline masked: no full ID number, phone or birth date in the file.
  const masked = await csv(luolan, '/applicants/export?format=csv')
  const mine = (await listAll(luolan, '/applicants')).items
  assert.deepEqual(masked.rows.map((r) => Number(r['编号'])), mine.map((a) => a.id))
  for (const r of masked.rows) {
    assert.ok(!/^\d{17}[\dX]$/.test(r['身份证号']), r['身份证号'])
    assert.ok(!/^1\d{10}$/.test(r['手机号']), r['手机号'])
    assert.ok(!/^\d{4}-\d{2}-\d{2}$/.test(r['出生日期']), r['出生日期'])
  }
  assertError(await member.get('/applicants/export'), 403, 'forbidden')
})

test('the pairings export: the bureau sees every pairing, an instructor only their own', async () => {
  await isXlsx(admin, '/pairings/export')
  const all = await csv(admin, '/pairings/export?format=csv')
  assert.deepEqual(all.rows.map((r) => Number(r['编号'])), (await listAll(admin, '/pairings')).items.map((p) => p.id))
  assert.ok(all.rows.length >= 20, 'the demo pairs 20 instructors (the 201 project)')
  for (const r of all.rows) assert.match(r['里程碑'], /^\d+\/\d+（逾期\d+）$/)
  const ins = await login('zdy04')
  const own = (await listAll(ins, '/pairings')).items
  assert.equal(own.length, 1)
  assert.deepEqual((await csv(ins, '/pairings/export?format=csv')).rows.map((r) => Number(r['编号'])), [own[0].id])
  const stage = await csv(admin, '/pairings/export?format=csv&stage=results')
  assert.ok(stage.rows.every((r) => r['阶段'] === '见成效'))
  assertError(await admin.get('/pairings/export?stage=nope'), 400, 'bad_request', 'stage')
})

test('the coverage survey and the dues arrears export every row of their report, unpaged', async () => {
  const cov = await admin.ok('/coverage?status=should_join&limit=1')
  assert.ok(cov.total > 1)
  const c = await csv(admin, '/coverage?format=csv&status=should_join&limit=1')
  assert.equal(c.rows.length, cov.total, 'the file ignores paging')
  assert.ok(c.rows.every((r) => r['状态'] === cov.items[0].status_label))
  await isXlsx(admin, '/coverage?format=xlsx')
  assertError(await admin.get('/coverage?format=pdf'), 400, 'bad_request', 'format')

  const arr = await jianghai.ok('/dues/arrears?limit=1')
  assert.ok(arr.total > 0)
  const a = await csv(jianghai, '/dues/arrears?format=csv')
  assert.equal(a.rows.length, arr.total)
  assert.equal(a.rows.filter((r) => r['连续6个月未缴（待支部研究）'] === '是').length, arr.flagged)
  await isXlsx(jianghai, '/dues/arrears?format=xlsx')
  assert.equal((await jianghai.get('/dues/arrears?format=csv')).headers.get('cache-control'), 'no-store')
})
