// Sessions: login, cookie flags, /me, logout, CSRF, login throttling.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { request, login, anon, sessionCookie, setCookies, assertError, orgByName, Client, PASSWORD, token, createSecretary } from './lib.mjs'

test('login with the right password: 200, csrf token, the user, and a session cookie', async () => {
  const r = await request('POST', '/session', { username: 'admin', password: PASSWORD })
  assert.equal(r.status, 200, r.text)
  assert.equal(typeof r.json.csrf_token, 'string')
  assert.ok(r.json.csrf_token.length >= 16, 'csrf token too short')
  assert.equal(r.json.user.username, 'admin')
  assert.equal(r.json.user.role, 'admin')
  assert.equal(r.json.user.csrf_token, r.json.csrf_token)
  const cookies = setCookies(r.headers).filter((c) => c.startsWith('dj_session='))
  assert.equal(cookies.length, 1, 'exactly one dj_session cookie')
  const c = cookies[0]
  assert.match(c, /^dj_session=[^;]{16,}/)
  assert.match(c, /;\s*HttpOnly/i)
  assert.match(c, /;\s*SameSite=Strict/i)
  assert.match(c, /;\s*Path=\//i)
})

test('login with a wrong password or an unknown user: 401 unauthorized, no cookie', async () => {
  for (const body of [{ username: 'admin', password: 'wrong-password-1' }, { username: 'nobody-' + token(), password: PASSWORD }]) {
    const r = await request('POST', '/session', body)
    assertError(r, 401, 'unauthorized')
    assert.equal(sessionCookie(r.headers), null)
  }
})

test('login without a password: 422', async () => {
  const r = await request('POST', '/session', { username: 'admin' })
  assertError(r, 422, 'validation')
})

test('/me answers the caller; without a session 401', async () => {
  const c = await login('liyong')
  const r = await c.get('/me')
  assert.equal(r.status, 200, r.text)
  const me = r.json
  assert.equal(me.username, 'liyong')
  assert.equal(me.role, 'secretary')
  assert.equal(me.org_name, '武汉东大中医肛肠医院党支部')
  assert.equal(typeof me.org_id, 'number')
  assert.equal(me.csrf_token, c.csrf)
  for (const k of ['id', 'display_name', 'member_id']) assert.ok(k in me, `Me has ${k}`)

  const m = await login('member1')
  const mr = await m.ok('/me')
  assert.equal(mr.role, 'member')
  assert.equal(typeof mr.member_id, 'number', 'member1 is linked to a member file')

  assertError(await anon().get('/me'), 401, 'unauthorized')
  assertError(await new Client('dj_session=not-a-real-session-token-xxxxxxxx').get('/me'), 401, 'unauthorized')
})

test('logout ends the session: the old cookie then gets 401', async () => {
  const c = await login('liyong')
  assert.equal((await c.get('/me')).status, 200)
  const r = await c.del('/session')
  assert.equal(r.status, 204, r.text)
  assertError(await c.get('/me'), 401, 'unauthorized')
  assertError(await c.get('/members'), 401, 'unauthorized')
})

test('a new login gives a new session; other sessions of the user stay valid', async () => {
  const a = await login('liyong')
  const b = await login('liyong')
  assert.notEqual(a.cookie, b.cookie)
  assert.notEqual(a.csrf, b.csrf)
  assert.equal((await a.get('/me')).status, 200)
  assert.equal((await b.get('/me')).status, 200)
})

test('state-changing requests without or with a wrong X-CSRF-Token: 403 csrf, nothing changes', async () => {
  const c = await login('admin')
  const before = (await c.ok('/members?limit=1')).total
  const body = { name: 'CSRF测试', gender: 'male' }
  // No token.
  assertError(await c.post('/members', body, { csrf: null }), 403, 'csrf')
  // Wrong token (another session's token is wrong too).
  assertError(await c.post('/members', body, { csrf: 'x'.repeat(c.csrf.length) }), 403, 'csrf')
  const other = await login('admin')
  assertError(await c.post('/members', body, { csrf: other.csrf }), 403, 'csrf')
  // PATCH and DELETE too, and logout.
  const m = (await c.ok('/members?limit=1')).items[0]
  assertError(await c.patch(`/members/${m.id}`, { version: m.version, position: 'x' }, { csrf: null }), 403, 'csrf')
  assertError(await c.del(`/members/${m.id}?version=${m.version}`, undefined, { csrf: 'nope' }), 403, 'csrf')
  assertError(await c.del('/session', undefined, { csrf: null }), 403, 'csrf')
  assert.equal((await c.get('/me')).status, 200, 'the session survives a logout without CSRF token')
  const after = await c.ok(`/members/${m.id}`)
  assert.equal(after.version, m.version)
  assert.equal(after.deleted, false)
  assert.equal((await c.ok('/members?limit=1')).total, before)
})

test('throttling: 5 failed logins for one account → 429, then the right password is refused too', async () => {
  const admin = await login('admin')
  const { username, password, user: created } = await createSecretary(admin, 'throttle', '限流测试')
  // The account works.
  const ok = await login(username, password)
  assert.equal((await ok.get('/me')).status, 200)

  for (let i = 0; i < 5; i++) {
    const r = await request('POST', '/session', { username, password: 'wrong' + i })
    assertError(r, 401, 'unauthorized')
  }
  const r6 = await request('POST', '/session', { username, password: 'wrong-again' })
  assertError(r6, 429, 'too_many_requests')
  const good = await request('POST', '/session', { username, password })
  assertError(good, 429, 'too_many_requests')
  assert.ok(Number(good.headers.get('retry-after')) > 0, 'Retry-After header')
  assert.equal(sessionCookie(good.headers), null)
  // Other accounts are not locked out.
  assert.equal((await (await login('liyong')).get('/me')).status, 200)
  // An administrator's unlock lets the account in again.
  const u = created
  const un = await admin.post(`/users/${u.id}/unlock`, {})
  assert.equal(un.status, 200, un.text)
  assert.equal(un.json.locked, false)
  assert.equal((await (await login(username, password)).get('/me')).status, 200)
  // Only user managers may unlock.
  const liyong = await login('liyong')
  assertError(await liyong.post(`/users/${u.id}/unlock`, {}), 403, 'forbidden')
})

test('a disabled account cannot log in and its sessions end', async () => {
  const admin = await login('admin')
  const { username, password, user: u } = await createSecretary(admin, 'disable', '停用测试')
  const s = await login(username, password)
  const d = await admin.del(`/users/${u.id}?version=${u.version}`)
  assert.equal(d.status, 200, d.text)
  assert.equal(d.json.disabled, true)
  assertError(await s.get('/me'), 401, 'unauthorized')
  assertError(await request('POST', '/session', { username, password }), 401, 'unauthorized')
})

test('users: PATCH with version → version + 1; a new password ends the sessions; stale → 409', async () => {
  const admin = await login('admin')
  const { username, password, user: u } = await createSecretary(admin, 'patch', '修改测试')
  const org = await orgByName(admin, '江海区中西医结合医院第一党支部')
  assert.equal(u.version, 1)
  assert.equal(u.disabled, false)
  const s = await login(username, password)
  const r = await admin.patch(`/users/${u.id}`, { version: u.version, display_name: '改过的名字' })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.display_name, '改过的名字')
  assert.equal(r.json.version, u.version + 1)
  assertError(await admin.patch(`/users/${u.id}`, { version: u.version, display_name: '过期' }), 409, 'conflict')
  assert.equal((await s.get('/me')).status, 200, 'a name change keeps the session')
  const p = await admin.patch(`/users/${u.id}`, { version: r.json.version, password: 'NewPass2026x' })
  assert.equal(p.status, 200, p.text)
  assertError(await s.get('/me'), 401, 'unauthorized')
  assert.equal((await (await login(username, 'NewPass2026x')).get('/me')).status, 200)
  // Weak passwords and duplicate usernames are refused.
  assertError(await admin.post('/users', { username: 'weak' + token(), display_name: 'x', role: 'secretary', org_id: org.id, password: 'short1' }), 422, 'validation', 'password')
  assertError(await admin.post('/users', { username, display_name: 'x', role: 'secretary', org_id: org.id, password: 'Another2026x' }), 409, 'conflict')
})

test('/meta lists the enums with Chinese labels', async () => {
  const c = await login('member1')
  const m = await c.ok('/meta')
  const labels = (k) => Object.fromEntries(m[k].map((x) => [x.value, x.label]))
  assert.equal(labels('org_types').committee, '党委')
  assert.equal(labels('org_types').branch, '党支部')
  assert.equal(labels('member_categories').probationary, '预备党员')
  assert.equal(labels('member_statuses').suspended, '停止党籍')
  assert.equal(labels('institution_kinds').township_health_center, '乡镇卫生院')
  assert.equal(labels('ownerships').private, '民营')
  assert.equal(labels('genders').female, '女')
  assert.deepEqual(Object.keys(labels('roles')).sort(), ['admin', 'committee', 'instructor', 'member', 'org_admin', 'reviewer', 'secretary'])
  assert.ok(m.educations.length > 0)
  assertError(await anon().get('/meta'), 401, 'unauthorized')
})

test('users: an org admin sees and manages only accounts in its subtree', async () => {
  const jianghai = await login('jianghai')
  const admin = await login('admin')
  const all = (await admin.ok('/users?limit=200')).items
  const liyong = all.find((u) => u.username === 'liyong')
  const yizhibu = all.find((u) => u.username === 'yizhibu')
  const adminUser = all.find((u) => u.username === 'admin')
  assertError(await jianghai.get(`/users/${liyong.id}`), 404, 'not_found')
  assertError(await jianghai.get(`/users/${adminUser.id}`), 404, 'not_found')
  assert.equal((await jianghai.ok(`/users/${yizhibu.id}`)).username, 'yizhibu')
  // It cannot create admins, nor accounts outside its subtree.
  const wuhan = await orgByName(admin, '武汉东大中医肛肠医院党支部')
  const own = await orgByName(admin, '江海区中西医结合医院第一党支部')
  assertError(await jianghai.post('/users', { username: 'x' + token(), display_name: 'x', role: 'admin', org_id: own.id, password: 'GoodPass2026' }), 403, 'forbidden')
  assertError(await jianghai.post('/users', { username: 'x' + token(), display_name: 'x', role: 'secretary', org_id: wuhan.id, password: 'GoodPass2026' }), 422, 'validation', 'org_id')
  const ok = await jianghai.post('/users', { username: 'jh' + token(), display_name: '江海新用户', role: 'secretary', org_id: own.id, password: 'GoodPass2026' })
  assert.equal(ok.status, 201, ok.text)
  assert.equal(ok.json.org_id, own.id)
  assert.equal((await jianghai.ok('/users?role=admin')).total, 0, 'org admins never list admins')
})
