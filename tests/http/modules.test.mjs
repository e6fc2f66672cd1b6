// The modules added on the module skeleton: the audit log for people (GET /audit, /audit/verify),
// everyone's to-do list (GET /todo), one's own password (POST /me/password), and what the
// skeleton itself promises: capabilities in /me, Cache-Control: no-store on personal data,
// booleans that are 1|0|true|false.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { login, request, orgByName, createMember, assertError, token, createSecretary } from './lib.mjs'

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
