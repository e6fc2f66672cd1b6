// Two dangjian processes (DJ_A, DJ_B) on one PostgreSQL database, and nginx in front (DJ_LB):
// the processes hold no state, so a session, the login throttle and optimistic locking work
// across them; nginx (DJ_TLS: with TLS) adds the security headers to its own answers and makes
// the session cookie Secure. Run by tests/pg/cluster.sh.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import { test } from 'node:test'

const A = process.env.DJ_A
const B = process.env.DJ_B
const LB = process.env.DJ_LB
const TLS = process.env.DJ_TLS
const PASSWORD = 'dangjian2026'

function token() {
  return randomBytes(4).toString('hex')
}

/** One request; returns {status, json, headers, cookie} (cookie: the dj_session pair set, if any). */
async function send(base, method, path, { body, cookie, csrf } = {}) {
  const headers = {}
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (cookie) headers.Cookie = cookie
  if (csrf) headers['X-CSRF-Token'] = csrf
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  let json = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    json = null
  }
  const set = res.headers.get('set-cookie')
  const m = set && /dj_session=([^;]*)/.exec(set)
  return { status: res.status, json, headers: res.headers, cookie: m ? `dj_session=${m[1]}` : null }
}

async function login(base, username = 'admin') {
  const r = await send(base, 'POST', '/api/v1/session', { body: { username, password: PASSWORD } })
  assert.equal(r.status, 200, `login ${username} via ${base}: ${JSON.stringify(r.json)}`)
  assert.ok(r.cookie, 'the login sets the session cookie')
  return { cookie: r.cookie, csrf: r.json.csrf_token }
}

test('the environment names two processes and the proxy', () => {
  assert.ok(A && B && LB, 'DJ_A, DJ_B and DJ_LB are set (run tests/pg/cluster.sh)')
  assert.notEqual(A, B)
})

test('a login through process A is valid on process B (same cookie), and a logout on B ends it on A', async () => {
  const s = await login(A)
  for (const base of [B, A, B]) {
    const me = await send(base, 'GET', '/api/v1/me', { cookie: s.cookie })
    assert.equal(me.status, 200, `GET /me via ${base}`)
    assert.equal(me.json.username, 'admin')
    assert.equal(me.json.csrf_token, s.csrf, 'the CSRF token lives with the session, in the database')
  }
  // A write on B with the token issued by A.
  const list = await send(B, 'GET', '/api/v1/members?limit=1', { cookie: s.cookie })
  assert.equal(list.status, 200)
  const out = await send(B, 'DELETE', '/api/v1/session', { cookie: s.cookie, csrf: s.csrf })
  assert.equal(out.status, 204)
  assert.equal((await send(A, 'GET', '/api/v1/me', { cookie: s.cookie })).status, 401, 'logged out on B, so out on A')
})

test('through nginx, requests alternate between A and B and one session serves them all', async () => {
  const s = await login(LB)
  const seen = new Set()
  for (let i = 0; i < 8; i++) {
    const r = await send(LB, 'GET', '/api/v1/me', { cookie: s.cookie })
    assert.equal(r.status, 200, `request ${i} through nginx`)
    seen.add(r.headers.get('x-upstream'))
  }
  assert.equal(seen.size, 2, `both upstreams answered: ${[...seen].join(', ')}`)
})

test('the login throttle counts failures made on either process', async () => {
  const name = 'nobody-' + token() // an unknown account: only the per-name throttle applies
  for (let i = 0; i < 5; i++) {
    const r = await send(i % 2 ? B : A, 'POST', '/api/v1/session', { body: { username: name, password: 'wrong-' + i } })
    assert.equal(r.status, 401, `failure ${i + 1}`)
  }
  for (const base of [A, B]) {
    const r = await send(base, 'POST', '/api/v1/session', { body: { username: name, password: 'wrong' } })
    assert.equal(r.status, 429, `the 6th attempt via ${base} is throttled`)
  }
})

test('concurrent PATCHes of one member with the same version, one via A and one via B: one 200, one 409, no lost update', async () => {
  const sa = await login(A)
  const sb = await login(B)
  const list = await send(A, 'GET', '/api/v1/members?limit=5&sort=id', { cookie: sa.cookie })
  assert.equal(list.status, 200)
  const id = list.json.items[3].id
  const changesOf = async () => {
    const h = await send(B, 'GET', `/api/v1/members/${id}/history`, { cookie: sb.cookie })
    assert.equal(h.status, 200)
    return (h.json.items || h.json).filter((e) => e.kind === 'change').length
  }
  const before = await changesOf()
  const rounds = 12
  for (let round = 0; round < rounds; round++) {
    const cur = await send(A, 'GET', `/api/v1/members/${id}`, { cookie: sa.cookie })
    assert.equal(cur.status, 200)
    const version = cur.json.version
    const valueA = `A-${round}-${token()}`
    const valueB = `B-${round}-${token()}`
    const [ra, rb] = await Promise.all([
      send(A, 'PATCH', `/api/v1/members/${id}`, { cookie: sa.cookie, csrf: sa.csrf, body: { version, position: valueA } }),
      send(B, 'PATCH', `/api/v1/members/${id}`, { cookie: sb.cookie, csrf: sb.csrf, body: { version, position: valueB } }),
    ])
    const statuses = [ra.status, rb.status].sort()
    assert.deepEqual(statuses, [200, 409], `round ${round}: A ${ra.status} ${JSON.stringify(ra.json)}, B ${rb.status} ${JSON.stringify(rb.json)}`)
    const [winner, loser, value] = ra.status === 200 ? [ra, rb, valueA] : [rb, ra, valueB]
    assert.equal(loser.json.error.code, 'conflict')
    assert.equal(winner.json.version, version + 1)
    assert.equal(winner.json.position, value)
    // Read back through the other process, and the first: exactly the winner's change.
    for (const [base, s] of [[A, sa], [B, sb]]) {
      const after = await send(base, 'GET', `/api/v1/members/${id}`, { cookie: s.cookie })
      assert.equal(after.json.version, version + 1, `round ${round}: one update applied (via ${base})`)
      assert.equal(after.json.position, value, `round ${round}: the winner's value (via ${base})`)
    }
  }
  assert.equal(await changesOf(), before + rounds, 'one audit record per successful update, none for the 409s')
})

test('concurrent creates through both processes get distinct ids and all arrive', async () => {
  const sa = await login(A)
  const sb = await login(B)
  const orgs = await send(A, 'GET', '/api/v1/orgs?limit=1', { cookie: sa.cookie })
  const tag = 'cluster' + token()
  const made = await Promise.all(
    Array.from({ length: 10 }, (_, i) => {
      const [base, s] = i % 2 ? [B, sb] : [A, sa]
      return send(base, 'POST', '/api/v1/institutions', {
        cookie: s.cookie,
        csrf: s.csrf,
        body: { name: `集群测试机构${tag}-${i}`, ownership: 'public', kind: 'hospital' },
      })
    }),
  )
  for (const r of made) assert.equal(r.status, 201, JSON.stringify(r.json))
  assert.equal(new Set(made.map((r) => r.json.id)).size, 10)
  const found = await send(B, 'GET', `/api/v1/institutions?q=${encodeURIComponent(tag)}&limit=50`, { cookie: sb.cookie })
  assert.equal(found.json.total, 10)
  assert.ok(orgs.status === 200)
})

/** A request through node:http(s), for what fetch cannot do: a CA of our own, a source address. */
function raw(url, { method = 'GET', headers = {}, body, ca, localAddress } = {}) {
  const u = new URL(url)
  const mod = u.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const req = mod.request(u, { method, headers, ca, localAddress }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }))
    })
    req.on('error', reject)
    req.setTimeout(10000, () => req.destroy(new Error(`timeout: ${method} ${url}`)))
    if (body !== undefined) req.end(typeof body === 'string' ? body : JSON.stringify(body))
    else req.end()
  })
}

const SECURITY = ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'x-frame-options']

test('nginx sends the security headers on every answer, its own errors included, once each and equal to dangjian\'s', async () => {
  const direct = await raw(A + '/healthz')
  for (const h of SECURITY) assert.ok(direct.headers[h], `dangjian sets ${h}`)
  const cases = [
    ['a proxied answer', await raw(LB + '/healthz'), 200],
    ['a proxied 404', await raw(LB + '/api/v1/no-such-thing'), 404],
    // nginx answers these itself (large_client_header_buffers): they never reach dangjian.
    ['nginx\'s 414', await raw(LB + '/' + 'a'.repeat(20000)), 414],
    ['nginx\'s 400', await raw(LB + '/healthz', { headers: { 'X-Big': 'b'.repeat(20000) } }), 400],
  ]
  for (const [what, r, status] of cases) {
    assert.equal(r.status, status, what)
    for (const h of SECURITY) assert.equal(r.headers[h], direct.headers[h], `${what}: ${h}, one copy, as dangjian's`)
  }
})

test('behind TLS (nginx with X-Forwarded-Proto) the session cookie is Secure; over plain HTTP, or when a client that is not the proxy claims https, it is not', async () => {
  const ca = readFileSync(process.env.DJ_TLS_CA)
  const creds = { username: 'admin', password: PASSWORD }
  const json = { 'Content-Type': 'application/json' }
  const tls = await raw(TLS + '/api/v1/session', { method: 'POST', headers: json, body: creds, ca })
  assert.equal(tls.status, 200)
  const cookie = (tls.headers['set-cookie'] || []).find((c) => c.startsWith('dj_session='))
  assert.match(cookie, /;\s*Secure/i, 'Secure over TLS')
  const me = await raw(TLS + '/api/v1/me', { headers: { Cookie: cookie.split(';')[0] }, ca })
  assert.equal(me.status, 200, 'the session works over TLS')
  const plain = await raw(LB + '/api/v1/session', { method: 'POST', headers: json, body: creds })
  assert.equal(plain.status, 200)
  assert.doesNotMatch((plain.headers['set-cookie'] || []).join('\n'), /;\s*Secure/i, 'not Secure over plain HTTP')
  // The processes believe X-Forwarded-* from 127.0.0.1 (nginx) only; this client is 127.0.0.2.
  const claimed = await raw(A + '/api/v1/session', {
    method: 'POST',
    headers: { ...json, 'X-Forwarded-Proto': 'https' },
    body: creds,
    localAddress: '127.0.0.2',
  })
  assert.equal(claimed.status, 200)
  assert.doesNotMatch((claimed.headers['set-cookie'] || []).join('\n'), /;\s*Secure/i, 'a direct client\'s X-Forwarded-Proto is not believed')
})

test('concurrent PATCHes of one member through nginx reach both processes: one 200, one 409, no lost update', async () => {
  const s = await login(LB)
  const list = await send(LB, 'GET', '/api/v1/members?limit=8&sort=id', { cookie: s.cookie })
  assert.equal(list.status, 200)
  const id = list.json.items[6].id
  const upstreams = new Set()
  for (let round = 0; round < 8; round++) {
    const cur = await send(LB, 'GET', `/api/v1/members/${id}`, { cookie: s.cookie })
    assert.equal(cur.status, 200)
    const version = cur.json.version
    const values = [`L1-${round}-${token()}`, `L2-${round}-${token()}`]
    const rs = await Promise.all(
      values.map((position) => send(LB, 'PATCH', `/api/v1/members/${id}`, { cookie: s.cookie, csrf: s.csrf, body: { version, position } })),
    )
    for (const r of rs) upstreams.add(r.headers.get('x-upstream'))
    assert.deepEqual(rs.map((r) => r.status).sort(), [200, 409], `round ${round}: ${rs.map((r) => `${r.status} ${r.headers.get('x-upstream')}`).join(', ')}`)
    const won = rs.findIndex((r) => r.status === 200)
    for (const base of [A, B]) {
      const after = await send(base, 'GET', `/api/v1/members/${id}`, { cookie: s.cookie })
      assert.equal(after.json.version, version + 1, `round ${round}: one update applied (read via ${base})`)
      assert.equal(after.json.position, values[won], `round ${round}: the winner's value (read via ${base})`)
    }
  }
  assert.equal(upstreams.size, 2, `the PATCHes went to both processes: ${[...upstreams].join(', ')}`)
})
