// Validation gaps found by an audit: each bad input gets a 4xx with the JSON error body naming
// the field (or the query parameter), and changes nothing (the object is read again).
// Rules: DOMAIN.md §1 (organisations: nesting, committee, departments), §4 (probation of one
// year; full_on), docs/API.md §Members "Validation" and §Conventions (lists, errors).
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import {
  login, assertError, orgByName, memberBody, createMember, createOrg, memberCount, listAll, cjkName, token, dayOffset
} from './lib.mjs'

let admin, root, branch1, branch2
before(async () => {
  admin = await login('admin')
  root = await orgByName(admin, '江门市江海区卫生健康局机关党委')
  branch1 = await orgByName(admin, '江海区中西医结合医院第一党支部')
  branch2 = await orgByName(admin, '江海区中西医结合医院第二党支部')
})

/** Asserts that the member (or org) reads back exactly as before. */
async function sameMember(before) {
  const now = await admin.ok(`/members/${before.id}`)
  assert.deepEqual(now, before, 'the member is unchanged')
}
async function sameOrg(before) {
  const now = await admin.ok(`/orgs/${before.id}`)
  for (const k of ['name', 'type', 'parent_id', 'path', 'departments', 'term_start', 'term_end', 'committee', 'version']) {
    assert.deepEqual(now[k], before[k], `org ${k} unchanged`)
  }
}

// 1. Names ------------------------------------------------------------------------------------

test('name of white space only (ASCII or U+3000) → 422 name on POST and PATCH; nothing written', async () => {
  const count = await memberCount(admin, branch2.id)
  for (const name of ['   ', '\t \n', '\u3000\u3000', ' \u3000 ']) {
    assertError(await admin.post('/members', memberBody(branch2.id, { name })), 422, 'validation', 'name')
  }
  assert.equal(await memberCount(admin, branch2.id), count)
  const m = await admin.ok(`/members/${(await createMember(admin, branch2.id)).id}`)
  for (const name of ['   ', '\u3000']) {
    assertError(await admin.patch(`/members/${m.id}`, { version: m.version, name }), 422, 'validation', 'name')
  }
  await sameMember(m)
})

test('a name with white space around it is stored trimmed, as the import stores it', async () => {
  const core = '测试' + cjkName(2)
  const m = await createMember(admin, branch2.id, { name: `  ${core}\u3000` })
  assert.equal(m.name, core)
  const r = await admin.patch(`/members/${m.id}`, { version: m.version, name: ` ${core}甲 ` })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.name, core + '甲')
})

// 2. CSV import -------------------------------------------------------------------------------

const HEADER = ['姓名', '性别', '出生日期', '身份证号', '党员类别', '入党日期', '转正日期', '标签']
const cells = (m) => [m.name, m.gender === 'male' ? '男' : '女', m.birth_date, m.id_number, m.category === 'full' ? '正式党员' : '预备党员',
  m.joined_on, m.full_on || '', m.tags.join(';')]
const importCsv = (text, org = branch2.id) =>
  admin.post(`/members/import?org=${org}`, text, { headers: { 'Content-Type': 'text/csv' } })

test('import: a row with more cells than the header → 422 naming the row; nothing written', async () => {
  const tag = 'extra-' + token()
  const rows = [memberBody(branch2.id, { tags: [tag] }), memberBody(branch2.id, { tags: [tag] }), memberBody(branch2.id, { tags: [tag] })]
  // File line 3: an unquoted comma inside the name shifts every column after it.
  const lines = [HEADER.join(','), cells(rows[0]).join(','), ['张,三', ...cells(rows[1]).slice(1)].join(','), cells(rows[2]).join(',')]
  const before = await memberCount(admin)
  const r = await importCsv(lines.join('\r\n') + '\r\n')
  assert.equal(r.status, 422, r.text)
  assert.equal(r.json.error.code, 'import_invalid')
  assert.deepEqual(r.json.error.details.map((d) => d.row), [3], JSON.stringify(r.json.error.details))
  assert.match(r.json.error.details[0].message, /第3行/)
  assert.match(r.json.error.details[0].message, /多于表头/)
  // An extra empty cell counts as well (a trailing comma can hide the same shift).
  const trailing = [HEADER.join(','), cells(rows[0]).join(',') + ','].join('\n') + '\n'
  const r2 = await importCsv(trailing)
  assert.equal(r2.status, 422, r2.text)
  assert.deepEqual(r2.json.error.details.map((d) => d.row), [2])
  // A dry run reports it too.
  const r3 = await importCsv(lines.join('\r\n') + '\r\n', branch2.id + '&dry_run=1')
  assert.equal(r3.status, 422, r3.text)
  assert.equal(await memberCount(admin), before)
  assert.equal((await admin.ok(`/members?tag=${tag}`)).total, 0)
  // The same rows with the comma quoted import.
  lines[2] = ['"张,三"', ...cells(rows[1]).slice(1)].join(',')
  const ok = await importCsv(lines.join('\r\n') + '\r\n')
  assert.equal(ok.status, 200, ok.text)
  assert.equal(ok.json.imported, 3)
})

test('import: a blank name (spaces, U+3000) → 422 on name; ?org is the default for rows without 组织ID, not a restriction', async () => {
  const tag = 'impname-' + token()
  const blank = memberBody(branch2.id, { tags: [tag], name: ' \u3000 ' })
  const r = await importCsv([HEADER.join(','), cells(blank).join(',')].join('\n') + '\n')
  assert.equal(r.status, 422, r.text)
  assert.deepEqual(r.json.error.details.map((d) => [d.row, d.field]), [[2, 'name']])
  // A row naming its own 组织ID goes there, whatever ?org says.
  const a = memberBody(branch1.id, { tags: [tag] })
  const b = memberBody(branch2.id, { tags: [tag] })
  const text = [[...HEADER, '组织ID'].join(','), [...cells(a), String(branch1.id)].join(','), [...cells(b), ''].join(',')].join('\n') + '\n'
  const ok = await importCsv(text, branch2.id)
  assert.equal(ok.status, 200, ok.text)
  const got = new Map((await listAll(admin, `/members?tag=${tag}`)).items.map((m) => [m.id_number, m.org_id]))
  assert.equal(got.get(a.id_number), branch1.id)
  assert.equal(got.get(b.id_number), branch2.id)
})

// 3. Organisation type against its children -----------------------------------------------------

test('PATCH type: a general branch holding branches cannot become a branch → 422 type; nothing changes', async () => {
  const t = token()
  const gb = await createOrg(admin, { name: 'HTTP校验总支' + t, type: 'general_branch', parent_id: root.id })
  await createOrg(admin, { name: 'HTTP校验支部' + t, type: 'branch', parent_id: gb.id })
  const before = await admin.ok(`/orgs/${gb.id}`)
  assertError(await admin.patch(`/orgs/${gb.id}`, { version: before.version, type: 'branch' }), 422, 'validation', 'type')
  assertError(await admin.patch(`/orgs/${gb.id}`, { version: before.version, type: '党支部', name: '改名' }), 422, 'validation', 'type')
  assertError(await admin.patch(`/orgs/${gb.id}`, { version: before.version, type: 'group' }), 422, 'validation')
  await sameOrg(before)
  // A branch (under a committee) holding a group cannot become a general branch: groups sit only
  // in branches, though the committee above would take a general branch.
  const b2 = await createOrg(admin, { name: 'HTTP校验支部二' + t, type: 'branch', parent_id: root.id })
  await createOrg(admin, { name: 'HTTP校验小组' + t, type: 'group', parent_id: b2.id })
  const bb = await admin.ok(`/orgs/${b2.id}`)
  assertError(await admin.patch(`/orgs/${b2.id}`, { version: bb.version, type: 'general_branch' }), 422, 'validation', 'type')
  assertError(await admin.patch(`/orgs/${b2.id}`, { version: bb.version, type: 'committee' }), 422, 'validation', 'type')
  await sameOrg(bb)
  // A joint branch may hold the same group: allowed.
  const j = await admin.patch(`/orgs/${b2.id}`, { version: bb.version, type: 'joint_branch' })
  assert.equal(j.status, 200, j.text)
  assert.equal(j.json.type, 'joint_branch')
  // Without children the type may change; a committee may hold branches.
  const gb2 = await admin.patch(`/orgs/${gb.id}`, { version: before.version, type: 'committee' })
  assert.equal(gb2.status, 200, gb2.text)
  const lone = await createOrg(admin, { name: 'HTTP校验空总支' + t, type: 'general_branch', parent_id: root.id })
  const r = await admin.patch(`/orgs/${lone.id}`, { version: lone.version, type: 'branch' })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.type, 'branch')
})

// 4. Committee and departments --------------------------------------------------------------------

test('committee: term order, positions, one 书记, members of the org or below it, names; 422 committee, nothing changes', async () => {
  const t = token()
  const gb = await createOrg(admin, { name: 'HTTP班子总支' + t, type: 'general_branch', parent_id: root.id })
  const child = await createOrg(admin, { name: 'HTTP班子支部' + t, type: 'branch', parent_id: gb.id })
  const other = await createOrg(admin, { name: 'HTTP班子外支部' + t, type: 'branch', parent_id: root.id })
  const inChild = await createMember(admin, child.id)
  const outside = await createMember(admin, other.id)
  const gone = await createMember(admin, child.id)
  assert.equal((await admin.del(`/members/${gone.id}?version=${gone.version}`)).status, 200)
  const good = [
    { name: '张书记', position: '书记', term_start: '2025-01-01', term_end: '2027-12-31' },
    { position: '副书记', member_id: inChild.id } // the name comes from the member's file
  ]
  const ok = await admin.patch(`/orgs/${gb.id}`, { version: gb.version, committee: good })
  assert.equal(ok.status, 200, ok.text)
  assert.deepEqual(ok.json.committee.map((c) => [c.name, c.position, c.member_id]), [['张书记', '书记', null], [inChild.name, '副书记', inChild.id]])
  const before = await admin.ok(`/orgs/${gb.id}`)
  const bad = [
    [{ name: '甲', position: '组织委员', term_start: '2025-01-01', term_end: '2024-12-31' }],
    [{ name: '甲', position: '主任' }],
    [{ name: '甲', position: '书记' }, { name: '乙', position: '书记' }],
    [{ name: '甲', position: '书记', member_id: outside.id }],
    [{ name: '甲', position: '书记', member_id: gone.id }],
    [{ name: '甲', position: '书记', member_id: 99999999 }],
    [{ name: inChild.name + '误', position: '书记', member_id: inChild.id }],
    [{ name: '\u3000 ', position: '书记' }],
    [{ position: '委员', member_id: inChild.id }, { position: '委员', member_id: inChild.id }]
  ]
  for (const committee of bad) {
    const r = await admin.patch(`/orgs/${gb.id}`, { version: before.version, committee })
    assertError(r, 422, 'validation', 'committee')
    assert.match(r.json.error.message, /[\u4e00-\u9fff]/, 'a Chinese message')
  }
  await sameOrg(before)
  // On a new org a member_id cannot belong to it yet; nothing is created.
  const name = 'HTTP班子新支部' + t
  assertError(await admin.post('/orgs', { name, type: 'branch', parent_id: gb.id, committee: [{ name: inChild.name, position: '书记', member_id: inChild.id }] }), 422, 'validation', 'committee')
  assertError(await admin.post('/orgs', { name, type: 'branch', parent_id: gb.id, committee: [{ name: '甲', position: '书记' }, { name: '乙', position: '书记' }] }), 422, 'validation', 'committee')
  assert.equal((await admin.ok(`/orgs?q=${encodeURIComponent(name)}`)).total, 0)
})

test('departments listed twice (or blank) → 422 departments on POST and PATCH; nothing changes', async () => {
  const name = 'HTTP科室支部' + token()
  assertError(await admin.post('/orgs', { name, type: 'branch', parent_id: root.id, departments: ['内科', '内科'] }), 422, 'validation', 'departments')
  assertError(await admin.post('/orgs', { name, type: 'branch', parent_id: root.id, departments: ['内科', ' 内科 '] }), 422, 'validation', 'departments')
  assertError(await admin.post('/orgs', { name, type: 'branch', parent_id: root.id, departments: ['内科', '   '] }), 422, 'validation', 'departments')
  assert.equal((await admin.ok(`/orgs?q=${encodeURIComponent(name)}`)).total, 0)
  const b = await createOrg(admin, { name, type: 'branch', parent_id: root.id, departments: ['内科', '外科'] })
  const before = await admin.ok(`/orgs/${b.id}`)
  assertError(await admin.patch(`/orgs/${b.id}`, { version: b.version, departments: ['外科', '儿科', '外科'] }), 422, 'validation', 'departments')
  await sameOrg(before)
  assert.deepEqual(before.departments, ['内科', '外科'])
  // Values are stored trimmed.
  const r = await admin.patch(`/orgs/${b.id}`, { version: b.version, departments: [' 儿科 ', '外科'] })
  assert.equal(r.status, 200, r.text)
  assert.deepEqual(r.json.departments, ['儿科', '外科'])
})

// 5. Member rules of DOMAIN.md §4 -------------------------------------------------------------------

test('full members: full_on required, at least one year after joined_on, not in the future → 422 full_on', async () => {
  const count = await memberCount(admin, branch2.id)
  const cases = [
    { category: 'full', full_on: null },
    { category: '正式党员', full_on: '' },
    { joined_on: '2015-07-01', full_on: '2016-06-30' }, // a day short of one year
    { joined_on: '2015-07-01', full_on: '2015-07-01' },
    { joined_on: dayOffset(-400), full_on: dayOffset(1) }, // in the future
    { category: 'probationary', joined_on: dayOffset(-100), full_on: dayOffset(-1) }
  ]
  for (const over of cases) {
    assertError(await admin.post('/members', memberBody(branch2.id, over)), 422, 'validation', 'full_on')
  }
  assert.equal(await memberCount(admin, branch2.id), count)
  // Exactly one year is accepted; a year from 29 February ends on 1 March in a common year, as an
  // age does (one rule for "N years after a date"): 28 February is still inside the probation.
  assert.equal((await admin.post('/members', memberBody(branch2.id, { joined_on: '2015-07-01', full_on: '2016-07-01' }))).status, 201)
  assertError(await admin.post('/members', memberBody(branch2.id, { joined_on: '2016-02-29', full_on: '2017-02-28' })), 422, 'validation', 'full_on')
  assert.equal((await admin.post('/members', memberBody(branch2.id, { joined_on: '2016-02-29', full_on: '2017-03-01' }))).status, 201)
})

test('PATCH that makes a probationary member full without full_on → 422 full_on; with a valid full_on → 200', async () => {
  const joined = dayOffset(-500)
  const m = await admin.ok(`/members/${(await createMember(admin, branch2.id, { category: 'probationary', joined_on: joined, full_on: null })).id}`)
  assertError(await admin.patch(`/members/${m.id}`, { version: m.version, category: 'full' }), 422, 'validation', 'full_on')
  assertError(await admin.patch(`/members/${m.id}`, { version: m.version, category: 'full', full_on: dayOffset(-300) }), 422, 'validation', 'full_on')
  assertError(await admin.patch(`/members/${m.id}`, { version: m.version, full_on: dayOffset(-10) }), 422, 'validation', 'full_on')
  assertError(await admin.patch(`/members/${m.id}`, { version: m.version, joined_on: dayOffset(3) }), 422, 'validation', 'joined_on')
  await sameMember(m)
  const r = await admin.patch(`/members/${m.id}`, { version: m.version, category: 'full', full_on: dayOffset(-130) })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.category, 'full')
  assert.equal(r.json.full_on, dayOffset(-130))
})

// 6. Transfers --------------------------------------------------------------------------------

test('transfer_date: invalid, in the future, or before joined_on → 422 transfer_date; the member stays', async () => {
  const m = await admin.ok(`/members/${(await createMember(admin, branch2.id, { joined_on: '2015-07-01', full_on: '2016-07-01' })).id}`)
  for (const transfer_date of ['2024-02-30', '2024-13-01', dayOffset(1), '2015-06-30']) {
    const r = await admin.post(`/members/${m.id}/transfer`, { to_org_id: branch1.id, transfer_date, reason: '校验', version: m.version })
    assertError(r, 422, 'validation', 'transfer_date')
  }
  await sameMember(m)
  assert.equal((await admin.ok(`/members/${m.id}/history`)).items.filter((e) => e.kind === 'transfer').length, 0)
  const ok = await admin.post(`/members/${m.id}/transfer`, { to_org_id: branch1.id, transfer_date: '2015-07-01', version: m.version })
  assert.equal(ok.status, 200, ok.text)
  assert.equal(ok.json.org_id, branch1.id)
})

// 7. Enum-valued list filters ------------------------------------------------------------------------

test('list filters with a value outside their list → 400 naming the parameter', async () => {
  for (const [path, field] of [
    ['/members?status=bogus', 'status'],
    ['/members?category=xx', 'category'],
    ['/members?category=Full', 'category'],
    [`/members?org=${branch1.id}&status=active%27%20--`, 'status'],
    ['/members/export?format=csv&status=bogus', 'status'],
    ['/members/export?format=csv&category=xx', 'category'],
    ['/orgs?type=xx', 'type'],
    ['/orgs?type=Branch', 'type']
  ]) {
    const r = await admin.get(path)
    assertError(r, 400, 'bad_request', field)
    assert.match(r.json.error.message, new RegExp(field))
  }
  // Valid values, Chinese labels (as the import takes them) and empty values still work.
  const full = (await admin.ok('/members?category=full&limit=1')).total
  assert.ok(full > 0)
  assert.equal((await admin.ok(`/members?category=${encodeURIComponent('正式党员')}&limit=1`)).total, full)
  assert.equal((await admin.ok(`/members?status=${encodeURIComponent('在册')}&limit=1`)).total, (await admin.ok('/members?status=active&limit=1')).total)
  assert.equal((await admin.ok('/members?category=&status=&limit=1')).total, await memberCount(admin))
  const branches = (await admin.ok('/orgs?type=branch&limit=1')).total
  assert.equal((await admin.ok(`/orgs?type=${encodeURIComponent('党支部')}&limit=1`)).total, branches)
  assert.equal((await admin.ok('/orgs?type=&limit=1')).total, (await admin.ok('/orgs?limit=1')).total)
})

test('list filters of institutions (ownership, kind) and users (role) outside their lists → 400', async () => {
  assertError(await admin.get('/institutions?ownership=xx'), 400, 'bad_request', 'ownership')
  assertError(await admin.get('/institutions?kind=xx'), 400, 'bad_request', 'kind')
  assertError(await admin.get('/users?role=boss'), 400, 'bad_request', 'role')
  assert.equal((await admin.get('/institutions?ownership=' + encodeURIComponent('民营'))).status, 200)
  assert.equal((await admin.get('/users?role=secretary')).status, 200)
})

// 8. Media types are case-insensitive (RFC 9110 §8.3.1) -----------------------------------------------

test("Content-Type 'Application/JSON' is JSON; 'application/jsonx' is not", async () => {
  const tag = 'ct-' + token()
  const r = await admin.post('/members', JSON.stringify(memberBody(branch2.id, { tags: [tag] })), { headers: { 'Content-Type': 'Application/JSON; charset=UTF-8' } })
  assert.equal(r.status, 201, r.text)
  const x = await admin.post('/members', JSON.stringify(memberBody(branch2.id, { tags: [tag] })), { headers: { 'Content-Type': 'application/jsonx' } })
  assertError(x, 415, 'unsupported_media_type')
  assert.equal((await admin.ok(`/members?tag=${tag}`)).total, 1)
})
