// Hostile and broken input: malformed, deep, mistyped, mis-encoded, oversized JSON, and SQL
// metacharacters. Each bad request leaves the member count unchanged.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import net from 'node:net'
import { login, assertError, orgByName, memberBody, memberCount, listAll, request, BASE } from './lib.mjs'

let admin, branch, count0
before(async () => {
  admin = await login('admin')
  branch = await orgByName(admin, '江海区中西医结合医院第二党支部')
  count0 = await memberCount(admin)
})
let created = 0
after(async () => {
  assert.equal(await memberCount(admin), count0 + created, 'only the valid requests added members')
})

const unchanged = async () => assert.equal(await memberCount(admin), count0 + created)

test('malformed JSON → 400 invalid_json', async () => {
  for (const text of ['{"name": ', '{name: "x"}', "{'name': 'x'}", '{"name": "x",}', '', 'null', '[]', '"x"', '{"a":1}{"b":2}']) {
    const r = await admin.post('/members', text)
    assert.equal(r.status, 400, `${JSON.stringify(text)} → ${r.status} ${r.text}`)
    assert.equal(r.json.error.code, 'invalid_json', text)
  }
  // Duplicate keys are ambiguous: refused.
  const b = memberBody(branch.id)
  const dup = JSON.stringify(b).replace(/^\{/, '{"name":"甲",')
  assertError(await admin.post('/members', dup), 400, 'invalid_json')
  await unchanged()
})

test('deeply nested JSON (depth 10000) → 400, and the server stays up', async () => {
  const deep = '{"name":' + '['.repeat(10000) + ']'.repeat(10000) + '}'
  assertError(await admin.post('/members', deep), 400, 'invalid_json')
  const deepObj = '{"a":'.repeat(10000) + '1' + '}'.repeat(10000)
  assertError(await admin.post('/members', deepObj), 400, 'invalid_json')
  // Moderately deep (within jansson's limit, beyond ours) too.
  const mid = '{"tags":' + '['.repeat(50) + ']'.repeat(50) + '}'
  assertError(await admin.post('/members', mid), 400, 'invalid_json')
  assert.equal((await request('GET', '/healthz')).status, 200)
  await unchanged()
})

test('wrong types → 422 naming the field', async () => {
  const cases = [
    [{ name: 123 }, 'name'],
    [{ org_id: 'x' }, 'org_id'],
    [{ org_id: 1.5 }, 'org_id'],
    [{ birth_date: 19900101 }, 'birth_date'],
    [{ birth_date: '1990/01/01' }, 'birth_date'],
    [{ tags: [1, 2] }, 'tags'],
    [{ tags: { a: 1 } }, 'tags'],
    [{ gender: true }, 'gender'],
    [{ phone: 13800000000 }, 'phone'],
    [{ name: ['张三'] }, 'name']
  ]
  for (const [over, field] of cases) {
    assertError(await admin.post('/members', memberBody(branch.id, over)), 422, 'validation', field)
  }
  const m = (await admin.ok(`/members?org=${branch.id}&limit=1`)).items[0]
  assertError(await admin.patch(`/members/${m.id}`, { version: '1', name: 'x' }), 422, 'validation', 'version')
  assertError(await admin.patch(`/members/${m.id}`, { version: m.version, name: 123 }), 422, 'validation', 'name')
  assertError(await admin.post('/orgs', { name: 'x', type: 'branch', parent_id: 'abc' }), 422, 'validation', 'parent_id')
  assertError(await admin.post('/institutions', { name: 'x', ownership: 'public', kind: 'hospital', staff_count: '100' }), 422, 'validation', 'staff_count')
  assert.equal((await admin.ok(`/members/${m.id}`)).version, m.version)
  await unchanged()
})

test('missing required fields → 422 naming the field', async () => {
  assertError(await admin.post('/members', {}), 422, 'validation')
  for (const field of ['name', 'gender', 'birth_date', 'id_number', 'org_id', 'category', 'joined_on']) {
    const b = memberBody(branch.id)
    delete b[field]
    assertError(await admin.post('/members', b), 422, 'validation', field)
    assertError(await admin.post('/members', { ...memberBody(branch.id), [field]: null }), 422, 'validation', field)
  }
  assertError(await admin.post('/members', memberBody(branch.id, { name: '' })), 422, 'validation', 'name')
  await unchanged()
})

test('invalid UTF-8 in a JSON body → 400', async () => {
  const good = Buffer.from(JSON.stringify(memberBody(branch.id, { name: 'NAMEPLACEHOLDER' })))
  const i = good.indexOf('NAMEPLACEHOLDER')
  for (const bad of [[0xff, 0xfe], [0xc3, 0x28], [0xe4, 0xb8], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
    const body = Buffer.concat([good.subarray(0, i), Buffer.from(bad), good.subarray(i + 'NAMEPLACEHOLDER'.length)])
    const r = await admin.post('/members', new Uint8Array(body))
    assert.equal(r.status, 400, `bytes ${bad.map((x) => x.toString(16))} → ${r.status} ${r.text}`)
    assert.equal(r.json.error.code, 'invalid_json')
  }
  await unchanged()
})

test('a body over 1 MiB → 413 payload_too_large', async () => {
  const big = JSON.stringify({ ...memberBody(branch.id), ethnicity: 'x'.repeat(1024 * 1024 + 10) })
  assertError(await admin.post('/members', big), 413, 'payload_too_large')
  // Also without authentication, and the server still answers afterwards.
  const anonBig = await request('POST', '/session', JSON.stringify({ username: 'admin', password: 'y'.repeat(1100000) }))
  assertError(anonBig, 413, 'payload_too_large')
  assert.equal((await admin.get('/me')).status, 200)
  await unchanged()
})

test('a non-JSON content type → 415', async () => {
  const r = await admin.post('/members', JSON.stringify(memberBody(branch.id)), { headers: { 'Content-Type': 'text/plain' } })
  assertError(r, 415)
  await unchanged()
})

test("SQL metacharacters in a name are stored and returned verbatim", async () => {
  const names = ["'); DROP TABLE members;--", 'Robert"); DELETE FROM orgs;--', "O'Brien % _ \\ ; --"]
  for (const name of names) {
    const r = await admin.post('/members', memberBody(branch.id, { name, department: "科'室\"--" }))
    assert.equal(r.status, 201, r.text)
    created++
    assert.equal(r.json.name, name)
    const g = await admin.ok(`/members/${r.json.id}`)
    assert.equal(g.name, name)
    assert.equal(g.department, "科'室\"--")
    // Found by searching for it, and a LIKE wildcard matches only itself.
    const found = await listAll(admin, `/members?q=${encodeURIComponent(name)}`)
    assert.ok(found.items.some((x) => x.id === r.json.id), `q=${name}`)
  }
  const pct = await listAll(admin, `/members?q=${encodeURIComponent('%')}`)
  for (const m of pct.items) assert.ok([m.name, m.department, m.phone].some((s) => s && s.includes('%')), `q=% matched ${m.name}`)
  const us = await listAll(admin, `/members?q=${encodeURIComponent('_ ')}`)
  for (const m of us.items) assert.ok([m.name, m.department, m.phone].some((s) => s && s.includes('_ ')), `q=_ matched ${m.name}`)
  // The tables are intact.
  assert.ok((await admin.ok('/orgs?limit=1')).total > 30)
  await unchanged()
})

test('a query parameter that is not UTF-8 once decoded (%FF) → 400, whatever the endpoint; valid Chinese passes', async () => {
  for (const path of ['/members?q=%FF', '/members?tag=%C3%28', '/orgs?q=ab%FE', '/institutions?district=%ED%A0%80', '/members?%FF=1']) {
    assertError(await admin.get(path), 400, 'bad_request')
  }
  assert.equal((await admin.get('/members?q=' + encodeURIComponent('王'))).status, 200)
  const anon = await request('GET', '/api/v1/members?q=%FF')
  assert.equal(anon.status, 400, 'checked before anything else, sign-in included')
})

/** Sends raw bytes on a new connection; resolves with all the server wrote before it closed. */
function rawHttp(bytes) {
  const { hostname, port } = new URL(BASE)
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname, () => sock.end(bytes))
    let got = ''
    sock.setEncoding('utf8')
    sock.on('data', (d) => (got += d))
    sock.on('end', () => resolve(got))
    sock.on('error', reject)
    sock.setTimeout(10000, () => sock.destroy(new Error('timeout')))
  })
}

test('an HTTP/1.1 request without Host → 400 with the JSON error; HTTP/1.0 needs none', async () => {
  const noHost = await rawHttp('GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n')
  assert.match(noHost, /^HTTP\/1\.1 400/)
  assert.match(noHost, /content-security-policy/i)
  assert.match(noHost, /"code":\s*"bad_request"/)
  const withHost = await rawHttp('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
  assert.match(withHost, /^HTTP\/1\.1 200/)
  const old = await rawHttp('GET /healthz HTTP/1.0\r\n\r\n')
  assert.match(old, /^HTTP\/1\.[01] 200/)
})

test('a field the object does not have → 422 naming it, nothing changes (a misspelt name is not silently ignored)', async () => {
  const m = (await admin.ok(`/members?org=${branch.id}&limit=1`)).items[0]
  const before = await memberCount(admin)
  assertError(await admin.patch(`/members/${m.id}`, { version: m.version, phon: '13800138000' }), 422, 'validation', 'phon')
  assertError(await admin.patch(`/members/${m.id}`, { version: m.version, bogus: 1 }), 422, 'validation', 'bogus')
  assertError(await admin.post('/members', { ...memberBody(branch.id), org: branch.id }), 422, 'validation', 'org')
  assertError(await admin.post('/institutions', { name: '未知字段测试', ownership: 'public', kind: 'clinic', ['x'.repeat(100)]: 1 }), 422, 'validation')
  const after = await admin.ok(`/members/${m.id}`)
  assert.deepEqual([after.version, after.phone], [m.version, m.phone])
  assert.equal(await memberCount(admin), before)
})

test('metacharacters in query parameters are data, not SQL', async () => {
  for (const q of ["tag=x' OR '1'='1", "department=' OR 1=1 --"]) {
    const r = await admin.get('/members?' + q.replace(/ /g, '%20').replace(/'/g, '%27').replace(/"/g, '%22'))
    assert.equal(r.status, 200, `${q} → ${r.status}`)
    assert.equal(r.json.total, 0, q)
  }
  // Enum filters take only their listed values: anything else is a bad parameter, not data.
  for (const [q, field] of [["status=active' --", 'status'], ['category=full"', 'category']]) {
    const r = await admin.get('/members?' + q.replace(/ /g, '%20').replace(/'/g, '%27').replace(/"/g, '%22'))
    assertError(r, 400, 'bad_request', field)
  }
  for (const bad of ['org=1%20OR%201=1', "org=1'", 'org=-1']) {
    assertError(await admin.get('/members?' + bad), 400, 'bad_request', 'org')
  }
  assertError(await admin.get('/members/1%20OR%201=1'), 404, 'not_found')
})

test('unknown paths and methods', async () => {
  assertError(await admin.get('/nothing-here'), 404, 'not_found')
  const r = await admin.put('/members', {})
  assert.equal(r.status, 405, r.text)
})
