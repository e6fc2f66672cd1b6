// Scope and masking: each role sees and changes only what is in its scope; everything outside
// answers 404 and never appears in a list; instructors and reviewers see masked numbers.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { login, assertError, orgByName, listAll, memberBody } from './lib.mjs'

const MASKED_ID = /^\d{2}\*{15}[\dX]$/
const MASKED_PHONE = /^\d{3}\*{4}\d{4}$/
const FULL_ID = /^\d{17}[\dX]$/
const FULL_PHONE = /^1\d{10}$/

let admin, orgs, byId
const pathOf = (id) => byId.get(id).path
const inSubtree = (orgId, rootId) => pathOf(orgId).startsWith(pathOf(rootId))

before(async () => {
  admin = await login('admin')
  orgs = (await listAll(admin, '/orgs')).items
  byId = new Map(orgs.map((o) => [o.id, o]))
})

const named = (name) => {
  const o = orgs.find((x) => x.name === name)
  assert.ok(o, `org ${name}`)
  return o
}

test('secretary (liyong) lists only the members of its branch', async () => {
  const liyong = await login('liyong')
  const branch = named('武汉东大中医肛肠医院党支部')
  const all = await listAll(liyong, '/members')
  assert.ok(all.items.length > 0)
  assert.equal(all.total, all.items.length)
  for (const m of all.items) assert.ok(inSubtree(m.org_id, branch.id), `member ${m.id} of org ${m.org_id} outside the branch`)
  const adminView = await admin.ok(`/members?limit=1&org=${branch.id}`)
  assert.equal(all.total, adminView.total, 'the secretary sees the whole branch')
  // Secretaries see the numbers of their own members.
  assert.match(all.items[0].id_number, FULL_ID)
  // Organisations: only the branch's subtree.
  const o = await listAll(liyong, '/orgs')
  assert.ok(o.items.length >= 1)
  for (const x of o.items) assert.ok(x.path.startsWith(branch.path), `org ${x.name} outside scope`)
})

test('out-of-scope member: GET, PATCH, DELETE, transfer, history → 404, nothing changes', async () => {
  const liyong = await login('liyong')
  const jh = named('江海区中西医结合医院第一党支部')
  const target = (await admin.ok(`/members?org=${jh.id}&limit=1`)).items[0]
  assertError(await liyong.get(`/members/${target.id}`), 404, 'not_found')
  assertError(await liyong.patch(`/members/${target.id}`, { version: target.version, position: '被越权修改' }), 404, 'not_found')
  assertError(await liyong.del(`/members/${target.id}?version=${target.version}`), 404, 'not_found')
  assertError(await liyong.get(`/members/${target.id}/history`), 404, 'not_found')
  const own = named('武汉东大中医肛肠医院党支部')
  assertError(await liyong.post(`/members/${target.id}/transfer`, { to_org_id: own.id, transfer_date: '2025-01-01', version: target.version }), 404, 'not_found')
  const after = await admin.ok(`/members/${target.id}`)
  assert.equal(after.version, target.version)
  assert.equal(after.position, target.position)
  assert.equal(after.org_id, target.org_id)
  assert.equal(after.deleted, false)
})

test('transfer to an org outside the scope → 422 to_org_id; the member stays', async () => {
  const liyong = await login('liyong')
  const jh = named('江海区中西医结合医院第一党支部')
  const mine = (await liyong.ok('/members?limit=1')).items[0]
  const r = await liyong.post(`/members/${mine.id}/transfer`, { to_org_id: jh.id, transfer_date: '2025-01-01', version: mine.version })
  assertError(r, 422, 'validation', 'to_org_id')
  const after = await admin.ok(`/members/${mine.id}`)
  assert.equal(after.org_id, mine.org_id)
  assert.equal(after.version, mine.version)
})

test('listing another branch with ?org= → 404; other orgs → 404', async () => {
  const liyong = await login('liyong')
  const jh = named('江海区中西医结合医院第一党支部')
  assertError(await liyong.get(`/members?org=${jh.id}`), 404, 'not_found')
  assertError(await liyong.get(`/members/export?format=csv&org=${jh.id}`), 404, 'not_found')
  assertError(await liyong.get(`/orgs/${jh.id}`), 404, 'not_found')
  assertError(await liyong.get(`/orgs/${jh.id}/warnings`), 404, 'not_found')
  // Creating a member in an org outside the scope is refused (422 on org_id) and writes nothing.
  const before = (await admin.ok(`/members?limit=1&org=${jh.id}`)).total
  const r = await liyong.post('/members', memberBody(jh.id))
  assert.ok(r.status === 422 || r.status === 404, `expected 422/404, got ${r.status} ${r.text}`)
  if (r.status === 422) assert.equal(r.json.error.field, 'org_id')
  assert.equal((await admin.ok(`/members?limit=1&org=${jh.id}`)).total, before)
})

test('secretary of a Jianghai branch does not see its sibling branch', async () => {
  const yizhibu = await login('yizhibu')
  const own = named('江海区中西医结合医院第一党支部')
  const sibling = named('江海区中西医结合医院第二党支部')
  const mine = await listAll(yizhibu, '/members')
  for (const m of mine.items) assert.ok(inSubtree(m.org_id, own.id))
  assert.equal(mine.total, (await admin.ok(`/members?limit=1&org=${own.id}`)).total)
  assertError(await yizhibu.get(`/members?org=${sibling.id}`), 404, 'not_found')
  const s = (await admin.ok(`/members?org=${sibling.id}&limit=1`)).items[0]
  assertError(await yizhibu.get(`/members/${s.id}`), 404, 'not_found')
})

test('org admin (jianghai) sees the whole subtree and nothing else', async () => {
  const jianghai = await login('jianghai')
  const root = named('江门市江海区卫生健康局机关党委')
  const all = await listAll(jianghai, '/members')
  for (const m of all.items) assert.ok(inSubtree(m.org_id, root.id), `member ${m.id} outside the subtree`)
  assert.equal(all.total, (await admin.ok(`/members?limit=1&org=${root.id}`)).total)
  // Deep members are included: the general branch's branches.
  const deep = named('江海区中西医结合医院第一党支部')
  assert.ok(all.items.some((m) => m.org_id === deep.id), 'members of a branch two levels down are listed')
  const o = await listAll(jianghai, '/orgs')
  const expected = orgs.filter((x) => x.path.startsWith(root.path)).length
  assert.equal(o.total, expected)
  for (const x of o.items) assert.ok(x.path.startsWith(root.path))
  // Wuhan is out of scope.
  const wuhan = named('武汉东大中医肛肠医院党支部')
  assertError(await jianghai.get(`/orgs/${wuhan.id}`), 404, 'not_found')
  assertError(await jianghai.get(`/members?org=${wuhan.id}`), 404, 'not_found')
  const w = (await admin.ok(`/members?org=${wuhan.id}&limit=1`)).items[0]
  assertError(await jianghai.get(`/members/${w.id}`), 404, 'not_found')
  // Roots: the scope root only.
  const roots = await jianghai.ok('/orgs?roots=1')
  assert.deepEqual(roots.items.map((x) => x.id), [root.id])
})

test('hospital committee (zxyjh) sees its general branch, not the rest of Jianghai', async () => {
  const zxyjh = await login('zxyjh')
  const gb = named('江海区中西医结合医院党总支')
  const outside = named('江海区卫生健康局机关党支部')
  const all = await listAll(zxyjh, '/members')
  for (const m of all.items) assert.ok(inSubtree(m.org_id, gb.id))
  assert.equal(all.total, (await admin.ok(`/members?limit=1&org=${gb.id}`)).total)
  assertError(await zxyjh.get(`/members?org=${outside.id}`), 404, 'not_found')
  const m = (await admin.ok(`/members?org=${outside.id}&limit=1`)).items[0]
  assertError(await zxyjh.get(`/members/${m.id}`), 404, 'not_found')
})

test('member (member1) sees only itself, unmasked', async () => {
  const m1 = await login('member1')
  const me = await m1.ok('/me')
  const list = await m1.ok('/members')
  assert.equal(list.total, 1)
  assert.equal(list.items.length, 1)
  assert.equal(list.items[0].id, me.member_id)
  assert.match(list.items[0].id_number, FULL_ID)
  const own = await m1.ok(`/members/${me.member_id}`)
  assert.match(own.id_number, FULL_ID)
  if (own.phone) assert.match(own.phone, FULL_PHONE)
  // A colleague in the same branch is invisible.
  const colleague = (await admin.ok(`/members?org=${own.org_id}&limit=5`)).items.find((x) => x.id !== me.member_id)
  assertError(await m1.get(`/members/${colleague.id}`), 404, 'not_found')
  // Filters cannot widen it.
  assert.equal((await m1.ok(`/members?category=full`)).items.every((x) => x.id === me.member_id), true)
  // Members write nothing.
  assertError(await m1.patch(`/members/${me.member_id}`, { version: own.version, position: '自己改' }), 403, 'forbidden')
  assertError(await m1.post('/members', memberBody(own.org_id)), 403, 'forbidden')
  assert.equal((await m1.ok('/orgs')).total, 0)
  assertError(await m1.get('/users'), 403, 'forbidden')
})

for (const [user, rootName] of [['reviewer', '锦州市卫生健康行业党委'], ['luolan', '武汉市民营医疗机构行业党委']]) {
  test(`${user} sees masked ID and phone numbers and may not write`, async () => {
    const c = await login(user)
    const root = named(rootName)
    const list = await c.ok('/members?limit=50')
    assert.ok(list.items.length > 0, 'some members in scope')
    assert.equal(list.total, (await admin.ok(`/members?limit=1&org=${root.id}`)).total)
    let phones = 0
    for (const m of list.items) {
      assert.ok(inSubtree(m.org_id, root.id), `member ${m.id} outside scope`)
      assert.match(m.id_number, MASKED_ID)
      if (m.phone) {
        assert.match(m.phone, MASKED_PHONE)
        phones++
      }
    }
    assert.ok(phones > 0, 'some phones to check')
    const one = await c.ok(`/members/${list.items[0].id}`)
    assert.match(one.id_number, MASKED_ID)
    // The masked form keeps the first and last 4 characters of the real number.
    const real = await admin.ok(`/members/${one.id}`)
    assert.equal(one.id_number.slice(0, 2), real.id_number.slice(0, 2))
    assert.equal(one.id_number.slice(17), real.id_number.slice(17))
    assert.equal(one.birth_date, real.birth_date.slice(0, 4), 'the birth year only')
    // Exports are masked too.
    const csv = await c.get(`/members/export?format=csv&org=${list.items[0].org_id}`)
    assert.equal(csv.status, 200)
    assert.ok(!csv.text.includes(real.id_number), 'the export does not contain the unmasked ID number')
    // No writes.
    assertError(await c.post('/members', memberBody(root.id)), 403, 'forbidden')
    assertError(await c.patch(`/members/${one.id}`, { version: one.version, position: '越权' }), 403, 'forbidden')
    assertError(await c.del(`/members/${one.id}?version=${one.version}`), 403, 'forbidden')
    assertError(await c.post('/orgs', { name: '越权组织', type: 'branch', parent_id: root.id }), 403, 'forbidden')
    const after = await admin.ok(`/members/${one.id}`)
    assert.equal(after.version, real.version)
  })
}

test('lists never include out-of-scope objects: institutions and users', async () => {
  const liyong = await login('liyong')
  const branch = named('武汉东大中医肛肠医院党支部')
  const inst = await listAll(liyong, '/institutions')
  for (const i of inst.items) {
    assert.ok(i.orgs.length === 0 || i.orgs.some((o) => inSubtree(o.id, branch.id)), `institution ${i.name} outside scope`)
  }
  // An institution of Jianghai only: 404 for liyong.
  const jhInst = (await listAll(admin, '/institutions')).items.find((i) => i.orgs.length > 0 && i.orgs.every((o) => pathOf(o.id).startsWith(named('江门市江海区卫生健康局机关党委').path)))
  assert.ok(jhInst, 'a Jianghai institution in the demo data')
  assertError(await liyong.get(`/institutions/${jhInst.id}`), 404, 'not_found')
  assert.ok(!inst.items.some((i) => i.id === jhInst.id))
  // Users: a secretary may not list them; an org admin lists only its subtree's accounts.
  assertError(await liyong.get('/users'), 403, 'forbidden')
  const jianghai = await login('jianghai')
  const users = await listAll(jianghai, '/users')
  const root = named('江门市江海区卫生健康局机关党委')
  assert.ok(users.items.length > 0)
  for (const u of users.items) {
    assert.notEqual(u.role, 'admin')
    assert.ok(u.org_id && inSubtree(u.org_id, root.id), `user ${u.username} outside scope`)
  }
  assert.ok(!users.items.some((u) => u.username === 'liyong'))
})
