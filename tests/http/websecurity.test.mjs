// Web security: headers on every kind of response, the Secure cookie behind a TLS proxy, and
// the account lockout that only an administrator lifts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { request, login, assertError, orgByName, sessionCookie, setCookies, BASE, PASSWORD, token, createSecretary } from './lib.mjs'

function assertSecurityHeaders(h, what) {
  const csp = h.get('content-security-policy') || ''
  assert.match(csp, /default-src 'self'/, `${what}: CSP default-src`)
  assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP frame-ancestors`)
  assert.equal(h.get('x-content-type-options'), 'nosniff', `${what}: nosniff`)
  assert.ok(h.get('referrer-policy'), `${what}: Referrer-Policy`)
  assert.equal(h.get('x-frame-options'), 'DENY', `${what}: X-Frame-Options`)
}

test('security headers on API answers, errors, the UI and its assets', async () => {
  const admin = await login('admin')
  assertSecurityHeaders((await admin.get('/me')).headers, 'GET /me')
  assertSecurityHeaders((await request('GET', '/members')).headers, '401')
  assertSecurityHeaders((await admin.get('/members/999999999')).headers, '404')
  assertSecurityHeaders((await request('POST', '/session', '{bad')).headers, '400')
  const ui = await fetch(BASE + '/')
  assert.equal(ui.status, 200)
  assert.match(ui.headers.get('content-type'), /text\/html/)
  assertSecurityHeaders(ui.headers, 'GET /')
  const html = await ui.text()
  const asset = html.match(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/)
  if (asset) {
    const a = await fetch(`${BASE}/${asset[1]}`)
    assert.equal(a.status, 200)
    assertSecurityHeaders(a.headers, 'asset')
    assert.match(a.headers.get('cache-control'), /immutable/)
  }
  assertSecurityHeaders((await fetch(BASE + '/healthz')).headers, '/healthz')
})

test('the session cookie is Secure behind a TLS proxy (X-Forwarded-Proto: https), not on plain loopback', async () => {
  const plain = await request('POST', '/session', { username: 'admin', password: PASSWORD })
  assert.equal(plain.status, 200)
  assert.doesNotMatch(setCookies(plain.headers).join('\n'), /;\s*Secure/i)
  const tls = await request('POST', '/session', { username: 'admin', password: PASSWORD }, { headers: { 'X-Forwarded-Proto': 'https' } })
  assert.equal(tls.status, 200)
  const c = setCookies(tls.headers).find((x) => x.startsWith('dj_session='))
  assert.match(c, /;\s*Secure/i)
  assert.match(c, /;\s*HttpOnly/i)
})

test('lockout: 10 failed attempts in a day lock the account (423) until an administrator unlocks it', async () => {
  const admin = await login('admin')
  const { username, password, user: created } = await createSecretary(admin, 'lockout', '锁定测试')
  const statuses = []
  for (let i = 0; i < 10; i++) statuses.push((await request('POST', '/session', { username, password: 'wrong' + i })).status)
  assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401])
  assert.ok(statuses.slice(5).every((s) => s === 429), statuses.join(','))
  // Now locked: even the right password is refused with 423, and no session is made.
  const locked = await request('POST', '/session', { username, password })
  assertError(locked, 423, 'locked')
  assert.equal(sessionCookie(locked.headers), null)
  const shown = await admin.get(`/users/${created.id}`)
  assert.equal(shown.json.locked, true)
  // The administrator unlocks: the account logs in again.
  const un = await admin.post(`/users/${created.id}/unlock`, {})
  assert.equal(un.status, 200, un.text)
  assert.equal(un.json.locked, false)
  assert.equal((await (await login(username, password)).get('/me')).status, 200)
})

// Behind a proxy (the tests run the server with --trusted-proxy 127.0.0.1) the client's address
// is the right-most X-Forwarded-For entry; a lockout holds for the address that earned it, so a
// stranger who knows a user name cannot lock its owner out.
const from = (ip) => ({ headers: { 'X-Forwarded-For': ip } })

test('a lockout earned from one address does not lock the owner out from another', async () => {
  const admin = await login('admin')
  const { username, password, user: created } = await createSecretary(admin, 'lockip', '地址锁定')
  const attacker = '198.51.100.' + (10 + Math.floor(Math.random() * 200))
  const statuses = []
  for (let i = 0; i < 10; i++) statuses.push((await request('POST', '/session', { username, password: 'bad' + i }, from(attacker))).status)
  assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401])
  assertError(await request('POST', '/session', { username, password }, from(attacker)), 423, 'locked')
  // The owner, elsewhere, logs in; the administrator still sees the account as locked.
  const owner = await request('POST', '/session', { username, password }, from('203.0.113.7'))
  assert.equal(owner.status, 200, owner.text)
  assert.ok(sessionCookie(owner.headers))
  assert.equal((await admin.get(`/users/${created.id}`)).json.locked, true)
  // The address the attacker claimed left of the proxy's entry is not believed.
  const spoof = await request('POST', '/session', { username, password }, from(`203.0.113.9, ${attacker}`))
  assertError(spoof, 423, 'locked')
  assert.equal((await request('POST', '/session', { username, password }, from(`${attacker}, 203.0.113.9`))).status, 200)
  // The administrator's unlock lifts it for every address.
  assert.equal((await admin.post(`/users/${created.id}/unlock`, {})).status, 200)
  assert.equal((await request('POST', '/session', { username, password }, from(attacker))).status, 200)
  assert.equal((await admin.get(`/users/${created.id}`)).json.locked, false)
})

test('failed logins under one address do not throttle the same account from another address', async () => {
  const admin = await login('admin')
  const { username, password } = await createSecretary(admin, 'thrip', '限流地址')
  const a = '192.0.2.' + (10 + Math.floor(Math.random() * 200))
  for (let i = 0; i < 5; i++) assert.equal((await request('POST', '/session', { username, password: 'x' + i }, from(a))).status, 401)
  const paused = await request('POST', '/session', { username, password }, from(a))
  assertError(paused, 429, 'too_many_requests')
  assert.ok(paused.headers.get('retry-after'))
  assert.equal((await request('POST', '/session', { username, password }, from('192.0.2.250'))).status, 200)
})

test('user names: 2-32 of letters, digits and _ . - @; anything else is 422 on username', async () => {
  const admin = await login('admin')
  const org = await orgByName(admin, '江海区中西医结合医院第一党支部')
  for (const username of ['', 'a', 'zhang san', '张三', 'a|b', 'x'.repeat(33)]) {
    const r = await admin.post('/users', { username, display_name: '名字', role: 'secretary', org_id: org.id, password: 'GoodPass2026x' })
    assert.ok(r.status === 422 || r.status === 400, `${JSON.stringify(username)} → ${r.status}`)
    assert.equal(r.json?.error?.field, 'username', r.text)
  }
  const list = await admin.ok('/users?limit=200')
  assert.ok(!list.items.some((u) => u.username === 'zhang san' || u.username === '张三'))
})

test('an over-long address (414) or oversized headers (431) get the JSON error and the security headers', async () => {
  const long = await request('GET', '/members?q=' + 'a'.repeat(10 * 1024))
  assertError(long, 414, 'uri_too_long')
  assertSecurityHeaders(long.headers, '414')
  const big = await request('GET', '/healthz', undefined, { headers: { 'X-Big': 'b'.repeat(40 * 1024) } })
  assertError(big, 431, 'headers_too_large')
  assertSecurityHeaders(big.headers, '431')
  // Just under the limits is served as usual.
  assert.equal((await request('GET', '/healthz', undefined, { headers: { 'X-Big': 'b'.repeat(16 * 1024) } })).status, 200)
})
