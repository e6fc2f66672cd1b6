// The modules added on the module skeleton: the audit log for people (GET /audit, /audit/verify),
// everyone's to-do list (GET /todo), one's own password (POST /me/password), and what the
// skeleton itself promises: capabilities in /me, Cache-Control: no-store on personal data,
// booleans that are 1|0|true|false.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { login, request, orgByName, createMember, assertError, token, createSecretary, listAll } from './lib.mjs'

let admin, jianghai, root
before(async () => {
  admin = await login('admin')
  jianghai = await login('jianghai')
  root = await orgByName(admin, '江门市江海区卫生健康局机关党委')
})

test('/me carries the capabilities of the role, and nothing a role may not do', async () => {
  const caps = async (u) => (await (await login(u)).ok('/me')).capabilities
  assert.ok((await caps('admin')).includes('scope.all'))
  assert.ok((await caps('admin')).includes('users.manage'))
  const sec = await caps('yizhibu')
  assert.ok(sec.includes('members.write') && sec.includes('members.personal'))
  assert.ok(!sec.includes('orgs.write') && !sec.includes('users.manage') && !sec.includes('audit.read'))
  const rev = await caps('reviewer')
  assert.ok(rev.includes('members.read') && rev.includes('coverage.oversee'))
  assert.ok(!rev.includes('members.write') && !rev.includes('members.personal'))
  assert.deepEqual(await caps('member1'), ['scope.self'])
})

test('the audit log: a change shows who, what, before and after; filters by object, action, user and date', async () => {
  const m = await createMember(jianghai, root.id)
  const r = await jianghai.patch(`/members/${m.id}`, { version: m.version, position: '审计测试' + token() })
  assert.equal(r.status, 200, r.text)
  const page = await jianghai.ok(`/audit?object_type=member&object_id=${m.id}`)
  assert.deepEqual(page.items.map((x) => x.action), ['update', 'create'], 'newest first')
  assert.equal(page.total, 2)
  const [upd] = page.items
  assert.equal(upd.username, 'jianghai')
  assert.equal(upd.before.position, m.position ?? null)
  assert.equal(upd.after.position, r.json.position)
  assert.ok(!('password_hash' in (upd.after || {})))
  // Filters narrow; a date range that excludes today finds nothing.
  assert.equal((await jianghai.ok(`/audit?object_type=member&object_id=${m.id}&action=create`)).total, 1)
  assert.equal((await jianghai.ok(`/audit?object_type=member&object_id=${m.id}&user=admin`)).total, 0)
  assert.equal((await jianghai.ok(`/audit?object_type=member&object_id=${m.id}&from=2000-01-01&to=2000-12-31`)).total, 0)
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  assert.equal((await jianghai.ok(`/audit?object_type=member&object_id=${m.id}&from=${today}&to=${today}`)).total, 2)
  assertError(await jianghai.get('/audit?from=yesterday'), 400, 'bad_request', 'from')
  // Personal data: no-store.
  const raw = await jianghai.get('/audit?limit=1')
  assert.equal(raw.headers.get('cache-control'), 'no-store')
})

test('the audit log keeps to the scope: another sector\'s changes are not shown; roles without audit.read get 403', async () => {
  const jinzhou = await login('jinzhou')
  const m = await createMember(jianghai, root.id)
  assert.equal((await jinzhou.ok(`/audit?object_type=member&object_id=${m.id}`)).total, 0)
  assert.equal((await admin.ok(`/audit?object_type=member&object_id=${m.id}`)).total, 1)
  for (const u of ['yizhibu', 'reviewer', 'luolan', 'member1']) assertError(await (await login(u)).get('/audit'), 403, 'forbidden')
})

test('audit/verify: the chain is intact and names its head', async () => {
  const v = await admin.ok('/audit/verify')
  assert.equal(v.ok, true)
  assert.equal(v.broken_id, null)
  assert.match(v.head, /^[0-9a-f]{64}$/)
  assert.ok(v.records > 10)
})

test('the to-do list: the organisations\' warnings of the scope, each linking to its organisation', async () => {
  const t = await jianghai.ok('/todo')
  assert.ok(t.items.length > 0, 'the demo has organisations with warnings')
  assert.equal(t.total, t.items.length)
  for (const it of t.items) {
    assert.ok(['error', 'warning', 'info'].includes(it.severity), it.severity)
    assert.ok(it.title && it.kind && it.link)
  }
  // The same warnings the dashboard counts for the scope (other modules add items of their own
  // kinds: organisational life's are in meetings.test.mjs).
  const d = await jianghai.ok('/dashboard')
  const warnings = t.items.filter((it) => it.kind in d.warnings.by_code)
  for (const it of warnings) assert.equal(it.link, `/orgs?id=${it.org_id}`)
  const fromDashboard = Object.values(d.warnings.by_code).reduce((a, b) => a + b, 0)
  assert.equal(warnings.length, fromDashboard)
  // A member's account has no organisation warnings to fix.
  assert.deepEqual((await (await login('member1')).ok('/todo')).items, [])
})

test('one\'s own password: the old one first, the rules, every session ended; then the new one signs in', async () => {
  const { username: name, password: PASSWORD } = await createSecretary(admin, 'pw')
  const u = await login(name, PASSWORD)
  assertError(await u.post('/me/password', { old_password: 'wrong-pass-1', new_password: 'Another-pass-2026' }), 422, 'validation', 'old_password')
  const weak = await u.post('/me/password', { old_password: PASSWORD, new_password: 'short1' })
  assertError(weak, 422, 'validation', 'new_password')
  assert.ok(!/new_password/.test(weak.json.error.message), 'no raw field name in the message')
  assertError(await u.post('/me/password', { old_password: PASSWORD }), 422, 'validation', 'new_password')
  assertError(await u.post('/me/password', { old_password: PASSWORD, new_password: 'Another-pass-2026', extra: 1 }), 422, 'validation', 'extra')
  const ok = await u.post('/me/password', { old_password: PASSWORD, new_password: 'Another-pass-2026' })
  assert.equal(ok.status, 204, ok.text)
  assert.equal((await u.get('/me')).status, 401, 'the session ended')
  assert.equal((await request('POST', '/session', { username: name, password: PASSWORD })).status, 401)
  const again = await login(name, 'Another-pass-2026')
  assert.equal((await again.ok('/me')).username, name)
})

test('booleans take 1|0|true|false and refuse anything else with 400 naming the parameter', async () => {
  assertError(await admin.get('/members?deleted=2'), 400, 'bad_request', 'deleted')
  assertError(await admin.get('/orgs?roots=yes'), 400, 'bad_request', 'roots')
  assertError(await admin.get('/orgs?warnings=on'), 400, 'bad_request', 'warnings')
  assertError(await admin.get('/institutions?deleted=TRUE'), 400, 'bad_request', 'deleted')
  const del = await admin.ok('/members?deleted=true&limit=1')
  const del1 = await admin.ok('/members?deleted=1&limit=1')
  assert.equal(del.total, del1.total)
  assert.equal((await admin.ok('/members?deleted=false&limit=1')).total, (await admin.ok('/members?limit=1')).total)
  // dry_run=2 is no real import: refused before anything is read.
  const csv = '姓名,性别\r\n'
  const r = await admin.post(`/members/import?org=${root.id}&dry_run=2`, csv, { headers: { 'Content-Type': 'text/csv' } })
  assertError(r, 400, 'bad_request', 'dry_run')
})

test('personal data is never cached: members, a member, its history, the export and /me answer no-store', async () => {
  const m = await createMember(admin, root.id)
  for (const p of ['/members?limit=1', `/members/${m.id}`, `/members/${m.id}/history`, '/members/export?format=csv', '/me']) {
    const r = await admin.get(p)
    assert.equal(r.status, 200, p)
    assert.equal(r.headers.get('cache-control'), 'no-store', p)
  }
})

test('every body field is type-checked, version too, even where it is not needed; messages name fields in words', async () => {
  const users = await admin.ok('/users?limit=2')
  const u = users.items.find((x) => x.username !== 'admin')
  assertError(await admin.post(`/users/${u.id}/unlock`, { version: { a: 1 } }), 422, 'validation', 'version')
  assertError(await admin.post(`/users/${u.id}/unlock`, { unknown: 1 }), 422, 'validation', 'unknown')
  const m = await createMember(admin, root.id)
  for (const [body, field] of [[{ version: { a: 1 } }, 'version'], [{ version: m.version, name: 5 }, 'name'], [{ version: m.version, birth_date: 'soon' }, 'birth_date'], [{ version: m.version, department: 'x'.repeat(101) }, 'department']]) {
    const r = await admin.patch(`/members/${m.id}`, body)
    assertError(r, 422, 'validation', field)
    assert.ok(!r.json.error.message.includes(field), `"${r.json.error.message}" shows the raw name ${field}`)
  }
  assert.match((await admin.patch(`/members/${m.id}`, { version: m.version, department: 'x'.repeat(101) })).json.error.message, /科室不能超过 100 个字/)
})

test('the member search finds a whole phone or ID number (roles that see them), pieces of names and departments; numbers never leak to masked roles', async () => {
  const branch = await orgByName(admin, '江海区中西医结合医院第一党支部')
  const m = await createMember(admin, branch.id, { department: '针灸推拿科' + token() })
  const byPhone = await admin.ok(`/members?q=${m.phone}`)
  assert.deepEqual(byPhone.items.map((x) => x.id), [m.id])
  const byId = await admin.ok(`/members?q=${m.id_number.toLowerCase()}`)
  assert.deepEqual(byId.items.map((x) => x.id), [m.id], 'an ID number, x or X')
  assert.ok((await admin.ok(`/members?q=${encodeURIComponent(m.department.slice(0, 4))}`)).items.some((x) => x.id === m.id))
  // A piece of a number is no search for a number.
  assert.ok(!(await admin.ok(`/members?q=${m.phone.slice(0, 7)}`)).items.some((x) => x.id === m.id))
  // Who sees numbers masked cannot find a member by them either (it would reveal the number).
  const reviewer = await login('reviewer')
  const luolan = await login('luolan')
  for (const c of [reviewer, luolan]) {
    assert.equal((await c.ok(`/members?q=${m.phone}`)).total, 0)
    assert.equal((await c.ok(`/members?q=${m.id_number}`)).total, 0)
  }
})

test('names sort by pinyin on both databases: 李 before 王 before 张 (members sort=name, institutions)', async () => {
  const t = token()
  const o = await (await import('./lib.mjs')).createOrg(admin, { name: '拼音排序支部' + t, type: 'branch', parent_id: root.id })
  for (const n of ['张', '李', '王', '陈']) await createMember(admin, o.id, { name: n + '拼音' })
  const asc = await admin.ok(`/members?org=${o.id}&sort=name`)
  assert.deepEqual(asc.items.map((m) => m.name[0]), ['陈', '李', '王', '张'])
  const desc = await admin.ok(`/members?org=${o.id}&sort=-name`)
  assert.deepEqual(desc.items.map((m) => m.name[0]), ['张', '王', '李', '陈'])
  const { creditCode } = await import('./lib.mjs')
  for (const n of ['张', '李', '王']) {
    const r = await admin.post('/institutions', { name: `${n}氏医院${t}`, credit_code: creditCode(), ownership: 'private', kind: 'hospital', org_ids: [o.id] })
    assert.equal(r.status, 201, r.text)
  }
  const inst = await admin.ok(`/institutions?q=${encodeURIComponent(t)}`)
  assert.deepEqual(inst.items.map((i) => i.name[0]), ['李', '王', '张'])
})

test('user names are unique whatever their case: ADMIN beside admin is refused (409 on username)', async () => {
  const org = await orgByName(admin, '江海区中西医结合医院第一党支部')
  for (const username of ['ADMIN', 'Admin', 'JiangHai']) {
    const r = await admin.post('/users', { username, display_name: '大小写', role: 'secretary', org_id: org.id, password: 'Case2026password' })
    assertError(r, 409, 'conflict', 'username')
  }
})

test('institutions and users export as .xlsx (default) and .csv, with the list\'s filters', async () => {
  const x = await admin.get('/institutions/export')
  assert.equal(x.status, 200)
  assert.match(x.headers.get('content-type'), /spreadsheetml/)
  assert.equal(x.bytes.subarray(0, 2).toString('latin1'), 'PK')
  assert.match(x.headers.get('content-disposition'), /institutions\.xlsx/)
  const priv = await admin.get('/institutions/export?format=csv&ownership=private')
  assert.equal(priv.status, 200)
  const lines = priv.text.replace(/^\uFEFF/, '').trim().split('\r\n')
  assert.match(lines[0], /^编号,机构名称,统一社会信用代码,性质/)
  const list = (await admin.ok('/institutions?ownership=private&limit=200'))
  assert.equal(lines.length - 1, list.total)
  for (const l of lines.slice(1)) assert.match(l, /,民营,/)
  const u = await admin.get('/users/export?format=csv&role=secretary')
  assert.equal(u.status, 200)
  const ul = u.text.replace(/^\uFEFF/, '').trim().split('\r\n')
  assert.match(ul[0], /^编号,用户名,姓名,角色,所属组织,关联党员,状态/)
  assert.ok(ul.slice(1).every((l) => l.includes(',支部书记,')))
  assertError(await admin.get('/users/export?format=pdf'), 400, 'bad_request', 'format')
  assertError(await (await login('yizhibu')).get('/users/export'), 403, 'forbidden')
  // A member account's user list names its linked member.
  const m1 = (await admin.ok('/users?q=member1')).items.find((x) => x.username === 'member1')
  assert.ok(m1.member_name, 'member_name of a member account')
})

test('meetings export as .xlsx and .csv with the list\'s filters, within scope', async () => {
  const x = await admin.get('/meetings/export')
  assert.equal(x.status, 200)
  assert.match(x.headers.get('content-type'), /spreadsheetml/)
  assert.equal(x.bytes.subarray(0, 2).toString('latin1'), 'PK')
  assert.match(x.headers.get('content-disposition'), /meetings\.xlsx/)
  const held = await admin.get('/meetings/export?format=csv&status=held')
  assert.equal(held.status, 200)
  const lines = held.text.replace(/^\uFEFF/, '').trim().split('\r\n')
  assert.match(lines[0], /^编号,组织,类型,主题,开始时间,结束时间,地点,主持人,记录人,状态,出席/)
  const list = await admin.ok('/meetings?status=held&limit=200')
  assert.ok(list.total > 0, 'the demo has held meetings')
  assert.equal(lines.length - 1, list.total)
  for (const l of lines.slice(1)) assert.match(l, /,已召开,\d+\/\d+（请假\d+）$/)
  // A branch secretary's file holds only the meetings of the branch's subtree.
  const sec = await login('yizhibu')
  const mine = (await sec.ok('/meetings?limit=200')).items.map((m) => m.id).sort((a, b) => a - b)
  const sl = (await sec.get('/meetings/export?format=csv')).text.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1)
  assert.deepEqual(sl.map((l) => Number(l.split(',')[0])).sort((a, b) => a - b), mine)
  assertError(await admin.get('/meetings/export?format=pdf'), 400, 'bad_request', 'format')
  assertError(await admin.get('/meetings/export?type=nope'), 400, 'bad_request', 'type')
  assertError(await (await login('member1')).get('/meetings/export'), 403, 'forbidden')
})

test('the checked rows export on the server: ids= keeps only those members, and only those in scope', async () => {
  const all = (await listAll(admin, '/members')).items
  const picked = [all[0], all[3], all[5]]
  const r = await admin.get('/members/export?format=csv&ids=' + picked.map((m) => m.id).join(','))
  assert.equal(r.status, 200)
  const lines = r.text.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1)
  assert.deepEqual(lines.map((l) => l.split(',')[0]).sort(), picked.map((m) => m.name).sort())
  // The list takes the same filter.
  assert.equal((await admin.ok('/members?ids=' + picked.map((m) => m.id).join(','))).total, 3)
  // Ids outside the caller's scope are not there: a branch secretary naming its own and others gets its own.
  const sec = await login('yizhibu')
  const mine = new Set((await listAll(sec, '/members')).items.map((m) => m.id))
  const own = [...mine].slice(0, 900)
  const others = all.filter((m) => !mine.has(m.id)).slice(0, 50).map((m) => m.id)
  assert.ok(own.length > 0 && others.length > 0)
  const sr = (await sec.get('/members/export?format=csv&ids=' + own.concat(others).join(','))).text
  assert.equal(sr.replace(/^\uFEFF/, '').trim().split('\r\n').length - 1, own.length)
  assert.equal((await sec.ok('/members?ids=' + own.concat(others).join(','))).total, own.length)
  for (const bad of ['1,,2', 'x', '0', '1;2', '-1', '12345678901234567', Array.from({ length: 1001 }, (_, i) => i + 1).join(',')]) {
    assertError(await admin.get('/members/export?format=csv&ids=' + encodeURIComponent(bad)), 400, 'bad_request', 'ids')
  }
})

test('the import report lists every fault of every row, not only the first of each', async () => {
  const branch = await orgByName(admin, '江海区中西医结合医院第一党支部')
  const csv = '姓名,性别,出生日期,身份证号,手机号,党员类别,状态,入党日期,转正日期\r\n' +
    '王一,未知,1985-06-15,440101198506151237,12345,正式党员,休眠,2010-07-01,2011-07-01\r\n' +
    '李二,男,1985-02-30,440101198506151237,13812341234,正式党员,在册,2031-01-01,\r\n'
  const r = await admin.post(`/members/import?org=${branch.id}&dry_run=1`, csv, { headers: { 'Content-Type': 'text/csv' } })
  assertError(r, 422, 'import_invalid')
  const rows = (n) => r.json.error.details.filter((d) => d.row === n).map((d) => d.field)
  assert.deepEqual(rows(2), ['gender', 'phone', 'status'])
  assert.ok(rows(3).includes('birth_date') && rows(3).includes('joined_on'), JSON.stringify(rows(3)))
})

test('text that breaks things is refused in every body, not only a member\'s: organisations, institutions, accounts', async () => {
  const { creditCode } = await import('./lib.mjs')
  const bad = ['\u202E反转', '\u200B', 'a\u001Bb', 'x\uFFFE']
  for (const name of bad) {
    assertError(await admin.post('/orgs', { name, type: 'branch', parent_id: root.id }), 422, 'validation', 'name')
    assertError(await admin.post('/institutions', { name, credit_code: creditCode(), ownership: 'private', kind: 'hospital' }), 422, 'validation', 'name')
  }
  const org = await orgByName(admin, '江海区中西医结合医院第一党支部')
  assertError(await admin.post('/users', { username: 'txt' + token(), display_name: '\u202Eadmin', role: 'secretary', org_id: org.id, password: 'Text2026password' }), 422, 'validation', 'display_name')
  // Multi-line text keeps its line breaks where a field is multi-line.
  const inst = await admin.post('/institutions', { name: '换行测试医院' + token(), credit_code: creditCode(), ownership: 'private', kind: 'hospital', address: '江海区\n东海路 1 号' })
  assert.equal(inst.status, 201, inst.text)
})
