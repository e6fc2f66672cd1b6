// Edges of the HTTP contract (issue 11): HEAD answered as GET without the body; every 405 with
// an Allow header; a NUL (%00) in the path or the query refused with 400; a request body that
// does not arrive in time dropped with its connection.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import net from 'node:net'
import fs from 'node:fs'
import { spawn } from 'node:child_process'
import { BASE, login, request, assertError } from './lib.mjs'

let admin, memberId

before(async () => {
  admin = await login('admin')
  const d = await admin.ok('/members?limit=1')
  memberId = d.items[0].id
})

/** Sends raw bytes on a new connection; resolves with what came back and when it closed. */
function raw(port, bytes, { trickle, limitMs = 20000 } = {}) {
  return new Promise((resolve) => {
    const t0 = Date.now()
    const s = net.connect(port, '127.0.0.1')
    let got = ''
    let timer = null
    const done = (closed) => {
      clearInterval(timer)
      clearTimeout(guard)
      s.destroy()
      resolve({ closed, seconds: (Date.now() - t0) / 1000, text: got })
    }
    s.on('connect', () => {
      s.write(bytes)
      if (trickle) timer = setInterval(() => { if (!s.destroyed) s.write(trickle) }, 300)
    })
    s.on('data', (d) => { got += d })
    s.on('error', () => {})
    s.on('close', () => done(true))
    const guard = setTimeout(() => done(false), limitMs)
  })
}

const portOf = (url) => Number(new URL(url).port)

// HEAD --------------------------------------------------------------------------------------

test('HEAD on a GET resource answers as GET, without the body: same status and headers', async () => {
  const paths = ['/healthz', '/api/v1/openapi.json', '/api/v1/me', `/api/v1/members/${memberId}`, '/api/v1/members?limit=3', '/']
  for (const p of paths) {
    // identity: with gzip, fetch would hand back the inflated body and the deflated length.
    const opts = { headers: { 'Accept-Encoding': 'identity' } }
    const get = await admin.get(p, opts)
    const head = await admin.send('HEAD', p, undefined, opts)
    assert.equal(head.status, get.status, `HEAD ${p} → ${head.status}`)
    assert.equal(head.bytes.length, 0, `HEAD ${p} has no body`)
    for (const h of ['content-type', 'content-length', 'x-content-type-options', 'cache-control']) {
      assert.equal(head.headers.get(h), get.headers.get(h), `HEAD ${p}: ${h}`)
    }
    assert.equal(Number(head.headers.get('content-length')), get.bytes.length, `HEAD ${p}: Content-Length of the GET`)
  }
})

test('HEAD follows the GET handler for errors too (401 without a session, 404 for no such member)', async () => {
  const anon = await request('HEAD', '/api/v1/me')
  assert.equal(anon.status, 401)
  const missing = await admin.send('HEAD', '/api/v1/members/999999999')
  assert.equal(missing.status, 404)
  assert.equal(missing.bytes.length, 0)
})

test('HEAD on raw HTTP/1.1: headers only, and the connection stays usable', async () => {
  const port = portOf(BASE)
  const r = await raw(port, 'HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
  assert.ok(r.closed)
  const answers = r.text.split('HTTP/1.1 ').filter(Boolean)
  assert.equal(answers.length, 2, r.text)
  assert.match(answers[0], /^200 /)
  assert.match(answers[0], /Content-Length: 15\r\n/i)
  assert.ok(answers[0].endsWith('\r\n\r\n'), 'no body after the HEAD headers')
  assert.ok(answers[1].endsWith('{"status":"ok"}'))
})

// 405 ----------------------------------------------------------------------------------------

test('every 405 carries Allow listing the methods of the path', async () => {
  const cases = [
    ['DELETE', '/healthz', ['GET', 'HEAD']],
    ['POST', '/api/v1/me', ['GET', 'HEAD']],
    ['PUT', '/api/v1/session', ['POST', 'DELETE']],
    ['PUT', `/api/v1/members/${memberId}`, ['GET', 'HEAD', 'PATCH', 'DELETE']],
    ['PUT', '/api/v1/members', ['GET', 'HEAD', 'POST']],
    ['GET', `/api/v1/members/${memberId}/transfer`, ['POST']],
    ['DELETE', '/api/v1/orgs/1/warnings', ['GET', 'HEAD']],
  ]
  for (const [method, path, want] of cases) {
    const r = await admin.send(method, path, method === 'GET' ? undefined : {})
    assertError(r, 405, 'method_not_allowed')
    const allow = (r.headers.get('allow') || '').split(/,\s*/).filter(Boolean)
    assert.deepEqual([...allow].sort(), [...want].sort(), `${method} ${path}: Allow ${r.headers.get('allow')}`)
  }
})

// NUL -----------------------------------------------------------------------------------------

test('a NUL (%00) in the path or in a query name or value is 400, not a shorter string', async () => {
  const paths = [
    `/api/v1/members/${memberId}%00junk`,
    `/api/v1/members/${memberId}%00`,
    '/api/v1/members?category=full%00x',
    '/api/v1/members?q=%00',
    '/api/v1/members?q=%E5%BC%A0%00',
    '/api/v1/members?q%00x=1',
    '/api/v1/orgs?limit=5&q=a%00',
    '/healthz%00',
    '/index.html%00.js',
  ]
  for (const p of paths) {
    const r = await admin.get(p)
    assertError(r, 400, 'bad_request')
    assert.ok(!/[a-z_]+:/.test(r.json.error.message), 'message without a raw field name')
  }
  // Anonymous callers get the same 400 (the target is malformed before anything else).
  assertError(await request('GET', `/api/v1/members/${memberId}%00junk`), 400, 'bad_request')
})

test('text that merely shows "%00" (sent as %2500) is an ordinary query', async () => {
  const r = await admin.get('/api/v1/members?q=%2500')
  assert.equal(r.status, 200, r.text)
  const m = await admin.get(`/api/v1/members/${memberId}`)
  assert.equal(m.status, 200)
})

// A body that does not arrive ------------------------------------------------------------------

/** Starts a second server on the same database with DJ_BODY_TIMEOUT_S=2. */
async function startServer(env) {
  const bin = process.env.DJ_BIN
  const db = process.env.DJ_DB
  assert.ok(bin && fs.existsSync(bin), 'DJ_BIN names the dangjian binary')
  const port = await new Promise((resolve) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)) })
  })
  const child = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', '2'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (d) => { stderr += d })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 150; i++) {
    try {
      const r = await fetch(url + '/healthz')
      if (r.ok) return { child, port, url }
    } catch {}
    if (child.exitCode !== null) break
    await new Promise((r) => setTimeout(r, 100))
  }
  child.kill('SIGKILL')
  throw new Error('the second server did not start: ' + stderr)
}

let slow
before(async () => { slow = await startServer({ DJ_BODY_TIMEOUT_S: '2' }) })
after(async () => {
  if (!slow) return
  const exited = new Promise((r) => slow.child.on('exit', r))
  slow.child.kill('SIGTERM')
  await exited
})

// POST to a GET-only path: the body is read (and then answered 405), and no login is attempted.
const CHUNKED_HEAD = 'POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'

test('a chunk of ffffffffffffffff bytes that never arrives: the connection is dropped at the limit', async () => {
  const r = await raw(slow.port, CHUNKED_HEAD + 'ffffffffffffffff\r\n')
  assert.ok(r.closed, 'closed by the server')
  assert.ok(r.seconds >= 1.5 && r.seconds < 8, `closed after ${r.seconds} s (limit 2 s)`)
})

test('the same chunk trickled a byte at a time is dropped at the limit too', async () => {
  const r = await raw(slow.port, CHUNKED_HEAD + 'ffffffffffffffff\r\n', { trickle: 'a' })
  assert.ok(r.closed, 'closed by the server')
  assert.ok(r.seconds >= 1.5 && r.seconds < 8, `closed after ${r.seconds} s (limit 2 s)`)
})

test('a Content-Length body that stops half-way is dropped at the limit', async () => {
  const r = await raw(slow.port, 'POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"username":')
  assert.ok(r.closed)
  assert.ok(r.seconds >= 1.5 && r.seconds < 8, `closed after ${r.seconds} s`)
})

test('with the short limit, ordinary requests still work, and a connection idles between requests as before', async () => {
  const r = await request('POST', slow.url + '/api/v1/session', { username: 'admin', password: 'dangjian2026' })
  assert.equal(r.status, 200, r.text)
  // A keep-alive connection idle for longer than the body limit is not dropped by it.
  const port = slow.port
  const answer = await new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1')
    let got = ''
    s.on('data', (d) => { got += d })
    s.on('connect', () => {
      s.write('POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}')
      setTimeout(() => s.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 3000)
    })
    s.on('close', () => resolve(got))
    s.on('error', () => resolve(got))
  })
  assert.match(answer, /^HTTP\/1.1 405 /, answer.slice(0, 200))
  assert.match(answer, /\{"status":"ok"\}$/, answer.slice(-200))
})
