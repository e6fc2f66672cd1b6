// The dashboard (首页): figures of the caller's scope that agree with the lists, and every rule
// warning of the subtree (DOMAIN.md §1), so the office is told what to do instead of searching.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { login, anon, assertError, orgByName, createOrg, createMember, token, dayOffset } from './lib.mjs'

let admin, jianghai, root
before(async () => {
  admin = await login('admin')
  jianghai = await login('jianghai')
  root = await orgByName(admin, '江门市江海区卫生健康局机关党委')
})

test('member figures agree with the member list of the same scope', async () => {
  const d = await jianghai.ok('/dashboard')
  const live = async (q) => {
    let n = 0
    for (const s of ['active', 'mobile', 'lost_contact']) n += (await jianghai.ok(`/members?limit=1&status=${s}${q}`)).total
    return n
  }
  assert.equal(d.members.total, await live(''))
  assert.equal(d.members.full, await live('&category=full'))
  assert.equal(d.members.probationary, await live('&category=probationary'))
  const ages = Object.values(d.members.by_age).reduce((a, b) => a + b, 0)
  assert.equal(ages, d.members.total, 'the age bands add up to the total')
  assert.match(d.as_of, /^\d{4}-\d{2}-\d{2}$/)
  // An org admin's figures are those of its subtree only: fewer than the whole system's.
  const all = await admin.ok('/dashboard')
  assert.ok(all.members.total > d.members.total)
  assert.equal(typeof all.institutions.uncovered, 'number', 'the whole registry shows uncovered institutions')
  assert.equal(d.institutions.uncovered, undefined)
})

test('warnings list the organisations that break a rule, with the rule', async () => {
  const d = await jianghai.ok('/dashboard')
  const small = d.warnings.items.find((w) => w.org_name === '江南街道社区卫生服务中心党支部')
  assert.ok(small, 'a branch with 2 members is listed')
  assert.equal(small.code, 'too_few_full_members')
  assert.equal(small.severity, 'danger')
  assert.equal(d.warnings.by_code.too_few_full_members >= 1, true)
  // A new branch with a term ending in 30 days shows up at once.
  const b = await createOrg(admin, { name: '预警测试支部' + token(), type: 'branch', parent_id: root.id,
    term_start: dayOffset(-1065), term_end: dayOffset(30) })
  const after = await jianghai.ok('/dashboard')
  const mine = after.warnings.items.filter((w) => w.org_id === b.id).map((w) => w.code).sort()
  assert.deepEqual(mine, ['term_ending', 'too_few_full_members'])
  assert.equal(after.warnings.orgs_with_warnings, d.warnings.orgs_with_warnings + 1)
  // Three full members lift the "fewer than 3" warning.
  for (let i = 0; i < 3; i++) await createMember(admin, b.id)
  const later = await jianghai.ok('/dashboard')
  assert.deepEqual(later.warnings.items.filter((w) => w.org_id === b.id).map((w) => w.code), ['term_ending'])
})

test('?org= narrows to one organisation in scope; outside the scope is 404; members and anonymous are refused', async () => {
  const zx = await orgByName(admin, '江海区中西医结合医院党总支')
  const d = await jianghai.ok(`/dashboard?org=${zx.id}`)
  assert.equal(d.members.total, (await jianghai.ok(`/members?org=${zx.id}&limit=1&status=active`)).total +
    (await jianghai.ok(`/members?org=${zx.id}&limit=1&status=mobile`)).total +
    (await jianghai.ok(`/members?org=${zx.id}&limit=1&status=lost_contact`)).total)
  const wuhan = await orgByName(admin, '武汉市民营医疗机构行业党委')
  assertError(await jianghai.get(`/dashboard?org=${wuhan.id}`), 404, 'not_found')
  assertError(await (await login('member1')).get('/dashboard'), 403, 'forbidden')
  assert.equal((await anon().get('/dashboard')).status, 401)
  assertError(await jianghai.get('/dashboard?org=abc'), 400, 'bad_request')
})

test('a branch counts the members of its 党小组: no false "fewer than 3" warning', async () => {
  const b = await createOrg(admin, { name: '小组计数支部' + token(), type: 'branch', parent_id: root.id,
    term_start: dayOffset(-30), term_end: dayOffset(1000) })
  const g = await createOrg(admin, { name: '第一党小组' + token(), type: 'group', parent_id: b.id })
  for (let i = 0; i < 4; i++) await createMember(admin, g.id)
  const codes = (d) => d.warnings.items.filter((w) => w.org_id === b.id).map((w) => w.code)
  assert.deepEqual(codes(await jianghai.ok('/dashboard')), [], 'the branch has 4 full members, all in its group')
  assert.deepEqual((await admin.ok(`/orgs/${b.id}/warnings`)).items.map((w) => w.code), [])
  // Three more in the group and one in the branch itself: over 7 full members without a committee.
  for (let i = 0; i < 3; i++) await createMember(admin, g.id)
  await createMember(admin, b.id)
  assert.deepEqual(codes(await jianghai.ok('/dashboard')), ['committee_required'])
  assert.deepEqual((await admin.ok(`/orgs/${b.id}/warnings`)).items.map((w) => w.code), ['committee_required'])
})
