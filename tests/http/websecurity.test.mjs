// Web security: headers on every kind of response, the Secure cookie behind a TLS proxy, and
// the account lockout that only an administrator lifts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { request, login, assertError, orgByName, sessionCookie, BASE, PASSWORD, token, createSecretary } from './lib.mjs'

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
  assert.doesNotMatch(plain.headers.getSetCookie().join('\n'), /;\s*Secure/i)
  const tls = await request('POST', '/session', { username: 'admin', password: PASSWORD }, { headers: { 'X-Forwarded-Proto': 'https' } })
  assert.equal(tls.status, 200)
  const c = tls.headers.getSetCookie().find((x) => x.startsWith('dj_session='))
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
