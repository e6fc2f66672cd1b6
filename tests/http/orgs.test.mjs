// Organisations: create, warnings (DOMAIN rules), move a subtree with its members, delete rules.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { login, assertError, orgByName, createOrg, createMember, memberBody, listAll, token, dayOffset } from './lib.mjs'

let admin, root
before(async () => {
  admin = await login('admin')
  root = await orgByName(admin, '江门市江海区卫生健康局机关党委')
})

const codes = (o) => o.warnings.map((w) => w.code)

test('create a branch under a committee → 201; a new branch warns too_few_full_members (danger)', async () => {
  const name = 'HTTP测试党支部' + token()
  const b = await createOrg(admin, { name, type: 'branch', parent_id: root.id, departments: ['内科', '外科'], established_on: '2020-07-01' })
  assert.equal(b.name, name)
  assert.equal(b.type, 'branch')
  assert.equal(b.parent_id, root.id)
  assert.equal(b.path, `${root.path}${b.id}/`)
  assert.deepEqual(b.departments, ['内科', '外科'])
  assert.equal(b.version, 1)
  const g = await admin.ok(`/orgs/${b.id}`)
  assert.equal(g.member_count, 0)
  const w = g.warnings.find((x) => x.code === 'too_few_full_members')
  assert.ok(w, 'too_few_full_members')
  assert.equal(w.severity, 'danger')
  assert.equal(typeof w.message, 'string')
  const ws = await admin.ok(`/orgs/${b.id}/warnings`)
  assert.deepEqual(ws.items.map((x) => x.code), codes(g))
  // It is listed under its parent and found by name.
  assert.ok((await listAll(admin, `/orgs?parent=${root.id}`)).items.some((x) => x.id === b.id))
  assert.deepEqual((await admin.ok(`/orgs?q=${encodeURIComponent(name)}`)).items.map((x) => x.id), [b.id])
  assert.ok((await admin.ok(`/orgs?q=${encodeURIComponent(name)}&type=branch`)).items.length === 1)
  assert.equal((await admin.ok(`/orgs?q=${encodeURIComponent(name)}&type=committee`)).items.length, 0)
  // An org admin creates within its scope.
  const jianghai = await login('jianghai')
  const j = await createOrg(jianghai, { name: 'HTTP测试机关支部' + token(), type: '党支部', parent_id: root.id })
  assert.equal(j.type, 'branch')
})

test('the list with warnings=1 (the tree) gives each organisation its warnings, the same as /orgs/{id}/warnings; without it, none', async () => {
  const page = await admin.ok(`/orgs?parent=${root.id}&warnings=1&limit=50`)
  assert.ok(page.items.length > 0)
  let warned = 0
  for (const o of page.items) {
    assert.ok(Array.isArray(o.warnings), `${o.name}: warnings`)
    const one = await admin.ok(`/orgs/${o.id}/warnings`)
    assert.deepEqual(o.warnings, one.items, o.name)
    if (o.warnings.length) warned++
  }
  assert.ok(warned > 0, 'some organisation under the root has a warning in the demo data')
  assert.ok((await admin.ok(`/orgs?parent=${root.id}&limit=5`)).items.every((o) => o.warnings === undefined))
})

test('committee_required: 7 full members and no committee; a committee of 3 clears it', async () => {
  const b = await createOrg(admin, { name: 'HTTP测试大支部' + token(), type: 'branch', parent_id: root.id })
  for (let i = 0; i < 7; i++) await createMember(admin, b.id, { category: 'full' })
  const g = await admin.ok(`/orgs/${b.id}`)
  assert.equal(g.full_count, 7)
  assert.ok(codes(g).includes('committee_required'), JSON.stringify(g.warnings))
  assert.ok(!codes(g).includes('too_few_full_members'))
  const committee = [
    { name: '张书记', position: '书记', term_start: '2025-01-01', term_end: '2027-12-31' },
    { name: '李委员', position: '组织委员' },
    { name: '王委员', position: '宣传委员' }
  ]
  const r = await admin.patch(`/orgs/${b.id}`, { version: g.version, committee })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.version, g.version + 1)
  const after = await admin.ok(`/orgs/${b.id}`)
  assert.deepEqual(after.committee.map((c) => c.name), ['张书记', '李委员', '王委员'])
  assert.equal(after.committee[0].term_end, '2027-12-31')
  assert.ok(!codes(after).includes('committee_required'), JSON.stringify(after.warnings))
  // A committee member needs a name and a position.
  assertError(await admin.patch(`/orgs/${b.id}`, { version: after.version, committee: [{ name: '缺职务' }] }), 422, 'validation', 'position')
})

test('term_ending for a term that ends in 30 days; term_overdue for one that has ended', async () => {
  const soon = await createOrg(admin, { name: 'HTTP测试换届' + token(), type: 'general_branch', parent_id: root.id, term_start: dayOffset(-1000), term_end: dayOffset(30) })
  const g = await admin.ok(`/orgs/${soon.id}`)
  const w = g.warnings.find((x) => x.code === 'term_ending')
  assert.ok(w, JSON.stringify(g.warnings))
  assert.equal(w.severity, 'warning')
  assert.ok(!codes(g).includes('term_overdue'))
  assert.ok(!codes(g).includes('too_few_full_members'), 'a general branch has no member minimum')
  const far = await createOrg(admin, { name: 'HTTP测试远期' + token(), type: 'general_branch', parent_id: root.id, term_start: dayOffset(-10), term_end: dayOffset(400) })
  assert.deepEqual(codes(await admin.ok(`/orgs/${far.id}`)), [])
  const over = await createOrg(admin, { name: 'HTTP测试超期' + token(), type: 'general_branch', parent_id: root.id, term_start: dayOffset(-1200), term_end: dayOffset(-10) })
  const o = (await admin.ok(`/orgs/${over.id}`)).warnings.find((x) => x.code === 'term_overdue')
  assert.ok(o)
  assert.equal(o.severity, 'danger')
  // term_end before term_start → 422.
  assertError(await admin.post('/orgs', { name: 'x', type: 'branch', parent_id: root.id, term_start: '2025-01-01', term_end: '2024-01-01' }), 422, 'validation', 'term_end')
})

test('move a subtree (PATCH parent_id): paths and members follow', async () => {
  const t = token()
  const ga = await createOrg(admin, { name: 'HTTP测试总支A' + t, type: 'general_branch', parent_id: root.id })
  const b = await createOrg(admin, { name: 'HTTP测试支部B' + t, type: 'branch', parent_id: ga.id })
  const grp = await createOrg(admin, { name: 'HTTP测试小组' + t, type: 'group', parent_id: b.id })
  const cx = await createOrg(admin, { name: 'HTTP测试党委X' + t, type: 'committee', parent_id: root.id })
  const m = await createMember(admin, b.id)
  assert.ok(!(await listAll(admin, `/members?org=${cx.id}`)).items.some((x) => x.id === m.id))

  const r = await admin.patch(`/orgs/${ga.id}`, { version: ga.version, parent_id: cx.id })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.parent_id, cx.id)
  assert.equal(r.json.path, `${cx.path}${ga.id}/`)
  const b2 = await admin.ok(`/orgs/${b.id}`)
  assert.equal(b2.path, `${cx.path}${ga.id}/${b.id}/`)
  assert.equal((await admin.ok(`/orgs/${grp.id}`)).path, `${cx.path}${ga.id}/${b.id}/${grp.id}/`)
  // The member follows: listed under the new parent, its org unchanged.
  const under = await listAll(admin, `/members?org=${cx.id}`)
  assert.deepEqual(under.items.map((x) => x.id), [m.id])
  assert.equal((await admin.ok(`/members/${m.id}`)).org_id, b.id)
  assert.ok((await listAll(admin, `/members?org=${ga.id}`)).items.some((x) => x.id === m.id))
  assert.equal((await admin.ok(`/orgs/${cx.id}`)).member_count, 1)
  assert.ok((await admin.ok(`/orgs?parent=${cx.id}`)).items.some((x) => x.id === ga.id))
  assert.ok(!(await listAll(admin, `/orgs?parent=${root.id}`)).items.some((x) => x.id === ga.id))
  // A stale version is refused and changes nothing.
  assertError(await admin.patch(`/orgs/${ga.id}`, { version: ga.version, parent_id: root.id }), 409, 'conflict')
  assert.equal((await admin.ok(`/orgs/${ga.id}`)).parent_id, cx.id)
})

test('cannot move an org under itself or its own descendant → 422; wrong nesting → 422', async () => {
  const t = token()
  const c1 = await createOrg(admin, { name: 'HTTP测试上级' + t, type: 'committee', parent_id: root.id })
  const c2 = await createOrg(admin, { name: 'HTTP测试下级' + t, type: 'committee', parent_id: c1.id })
  const c3 = await createOrg(admin, { name: 'HTTP测试下下级' + t, type: 'committee', parent_id: c2.id })
  assertError(await admin.patch(`/orgs/${c1.id}`, { version: c1.version, parent_id: c3.id }), 422, 'validation', 'parent_id')
  assertError(await admin.patch(`/orgs/${c1.id}`, { version: c1.version, parent_id: c2.id }), 422, 'validation', 'parent_id')
  assertError(await admin.patch(`/orgs/${c1.id}`, { version: c1.version, parent_id: c1.id }), 422, 'validation', 'parent_id')
  const g = await admin.ok(`/orgs/${c1.id}`)
  assert.equal(g.parent_id, root.id)
  assert.equal(g.version, c1.version)
  assert.equal((await admin.ok(`/orgs/${c3.id}`)).path, `${root.path}${c1.id}/${c2.id}/${c3.id}/`)
  // A branch cannot hold a branch; a group cannot sit under a committee; unknown types.
  const b = await createOrg(admin, { name: 'HTTP测试支部' + t, type: 'branch', parent_id: c1.id })
  assertError(await admin.post('/orgs', { name: 'x', type: 'branch', parent_id: b.id }), 422, 'validation', 'parent_id')
  assertError(await admin.post('/orgs', { name: 'x', type: 'group', parent_id: c1.id }), 422, 'validation', 'parent_id')
  assertError(await admin.post('/orgs', { name: 'x', type: 'club', parent_id: c1.id }), 422, 'validation', 'type')
  assertError(await admin.post('/orgs', { type: 'branch', parent_id: c1.id }), 422, 'validation', 'name')
  // Outside the caller's scope: 422 on parent_id for a new org, 404 for an existing one.
  const jianghai = await login('jianghai')
  const wuhan = await orgByName(admin, '武汉市民营医疗机构行业党委')
  assertError(await jianghai.post('/orgs', { name: 'x', type: 'branch', parent_id: wuhan.id }), 422, 'validation', 'parent_id')
  assertError(await jianghai.patch(`/orgs/${c1.id}`, { version: c1.version, parent_id: wuhan.id }), 422, 'validation', 'parent_id')
  assertError(await jianghai.patch(`/orgs/${wuhan.id}`, { version: wuhan.version, name: '越权' }), 404, 'not_found')
  // Only admins create roots.
  assertError(await jianghai.post('/orgs', { name: 'x', type: 'committee' }), 422, 'validation', 'parent_id')
})

test('delete: a non-empty org → 409; an empty one is soft-deleted and can be restored', async () => {
  const t = token()
  const ga = await createOrg(admin, { name: 'HTTP测试删总支' + t, type: 'general_branch', parent_id: root.id })
  const b = await createOrg(admin, { name: 'HTTP测试删支部' + t, type: 'branch', parent_id: ga.id })
  assertError(await admin.del(`/orgs/${ga.id}?version=${ga.version}`), 409, 'conflict')
  const m = await createMember(admin, b.id)
  assertError(await admin.del(`/orgs/${b.id}?version=${b.version}`), 409, 'conflict')
  assert.equal((await admin.ok(`/orgs/${b.id}`)).deleted, false)
  // Empty it (delete the member), then delete the branch.
  assert.equal((await admin.del(`/members/${m.id}?version=${m.version}`)).status, 200)
  assertError(await admin.del(`/orgs/${b.id}?version=${b.version + 3}`), 409, 'conflict')
  const d = await admin.del(`/orgs/${b.id}?version=${b.version}`)
  assert.equal(d.status, 200, d.text)
  assert.equal(d.json.deleted, true)
  assert.ok(!(await listAll(admin, `/orgs?parent=${ga.id}`)).items.some((x) => x.id === b.id))
  assert.ok((await listAll(admin, `/orgs?deleted=1`)).items.some((x) => x.id === b.id))
  // No members can be added to a deleted org.
  assertError(await admin.post('/members', memberBody(b.id)), 422, 'validation', 'org_id')
  const rs = await admin.post(`/orgs/${b.id}/restore`, { version: d.json.version })
  assert.equal(rs.status, 200, rs.text)
  assert.equal(rs.json.deleted, false)
  assert.ok((await listAll(admin, `/orgs?parent=${ga.id}`)).items.some((x) => x.id === b.id))
  // An org admin cannot delete the root of its own scope.
  const jianghai = await login('jianghai')
  const rr = await jianghai.del(`/orgs/${root.id}?version=${root.version}`)
  assert.ok(rr.status === 403 || rr.status === 409, `${rr.status} ${rr.text}`)
  assert.equal((await admin.ok(`/orgs/${root.id}`)).deleted, false)
  // Unknown org.
  assertError(await admin.get('/orgs/99999999'), 404, 'not_found')
})

test('committee role can write orgs in its subtree; secretaries cannot', async () => {
  const zxyjh = await login('zxyjh')
  const gb = await orgByName(admin, '江海区中西医结合医院党总支')
  const b = await createOrg(zxyjh, { name: 'HTTP测试院内支部' + token(), type: 'branch', parent_id: gb.id })
  assert.equal(b.parent_id, gb.id)
  const yizhibu = await login('yizhibu')
  const own = await orgByName(admin, '江海区中西医结合医院第一党支部')
  assertError(await yizhibu.post('/orgs', { name: 'x', type: 'group', parent_id: own.id }), 403, 'forbidden')
  assertError(await yizhibu.patch(`/orgs/${own.id}`, { version: own.version, name: '改名' }), 403, 'forbidden')
})
