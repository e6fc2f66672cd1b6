// The OpenAPI document: served as JSON, OpenAPI 3.1, every route of the modules' tables
// (`dangjian routes`) documented with the access it declares, and clean under Redocly's
// recommended lint rules.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { request } from './lib.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '../..')

/** Every route of the modules' tables, as the binary reports them: {module, method, pattern, access}. */
function routeTable() {
  const r = spawnSync(process.env.DJ_BIN, ['routes'], { encoding: 'utf8', timeout: 60000 })
  if (r.status !== 0) throw new Error(`dangjian routes: ${r.stderr}`)
  return JSON.parse(r.stdout)
}
/** [method, path, access] of every route. */
function routes() {
  return routeTable().map((r) => [r.method, r.pattern, r.access])
}

/** The document as the build assembles it from src/api/openapi/ (base.json + one fragment per module). */
function assembled() {
  const dir = fs.mkdtempSync(path.join(process.env.DJ_TMP || os.tmpdir(), 'dj-openapi-asm-'))
  try {
    const meson = fs.readFileSync(path.join(root, 'src/api/meson.build'), 'utf8')
    const parts = [...meson.matchAll(/'(openapi\/[\w.-]+\.json)'/g)].map((m) => path.join(root, 'src/api', m[1])).filter((f) => !f.endsWith('/base.json'))
    parts.unshift(path.join(root, 'src/api/openapi/base.json'))
    const out = path.join(dir, 'openapi.json')
    const r = spawnSync('python3', [path.join(root, 'tools/openapi_assemble.py'), out, ...parts], { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`openapi_assemble.py: ${r.stderr}`)
    return JSON.parse(fs.readFileSync(out, 'utf8'))
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

let doc, res
before(async () => {
  res = await request('GET', '/api/v1/openapi.json')
  doc = res.json
})

const deref = (x) => {
  if (x && x.$ref) {
    const parts = x.$ref.replace(/^#\//, '').split('/')
    return parts.reduce((o, k) => o[k.replaceAll('~1', '/').replaceAll('~0', '~')], doc)
  }
  return x
}

test('GET /api/v1/openapi.json: 200 JSON, OpenAPI 3.1.x, without a session', async () => {
  assert.equal(res.status, 200)
  assert.match(res.headers.get('content-type'), /application\/json/)
  assert.ok(doc, 'valid JSON')
  assert.match(doc.openapi, /^3\.1\.\d+$/)
  assert.ok(doc.info && doc.info.title && doc.info.version)
  // The server embeds the document assembled from the modules' fragments, verbatim.
  assert.deepEqual(doc, assembled())
})

test('every route of the module tables is in paths with its method, operationId, summary and tags', () => {
  const rs = routes()
  assert.ok(rs.length >= 30, `parsed ${rs.length} routes`)
  const ids = new Set()
  for (const [method, p, access] of rs) {
    assert.ok(access, `${method} ${p} declares its access`)
    const item = doc.paths[p]
    assert.ok(item, `path ${p} missing`)
    const op = item[method.toLowerCase()]
    assert.ok(op, `${method} ${p} missing`)
    assert.ok(op.operationId, `${method} ${p}: operationId`)
    assert.ok(!ids.has(op.operationId), `duplicate operationId ${op.operationId}`)
    ids.add(op.operationId)
    assert.ok(op.summary, `${method} ${p}: summary`)
    assert.ok(Array.isArray(op.tags) && op.tags.length > 0, `${method} ${p}: tags`)
    for (const [code] of Object.entries(op.responses)) assert.match(code, /^[1-5]\d\d$/)
    // Path parameters are declared.
    const params = (op.parameters || []).map(deref)
    for (const [, name] of p.matchAll(/\{(\w+)\}/g)) {
      assert.ok(params.some((x) => x.in === 'path' && x.name === name && x.required), `${method} ${p}: path parameter ${name}`)
    }
    // State-changing operations (all but login) declare the CSRF header; login and the public
    // endpoints need no session.
    const write = !['GET', 'HEAD', 'OPTIONS'].includes(method)
    const csrf = params.some((x) => x.in === 'header' && x.name === 'X-CSRF-Token' && x.required)
    if (write && !(method === 'POST' && p === '/api/v1/session')) assert.ok(csrf, `${method} ${p}: X-CSRF-Token`)
    const security = op.security ?? doc.security
    const isPublic = p === '/healthz' || p === '/api/v1/openapi.json' || (method === 'POST' && p === '/api/v1/session') ||
      p.startsWith('/api/v1/public/') // the pages the public reaches without an account (issue 16)
    // The route's declared access and the document agree.
    assert.equal(access === 'public', isPublic, `${method} ${p}: declared ${access}`)
    if (isPublic) assert.deepEqual(security, [], `${method} ${p} is public`)
    else assert.ok(security.some((s) => 'dj_session' in s), `${method} ${p} needs the session`)
  }
  // Nothing documented that the server does not route.
  const known = new Set(rs.map(([m, p]) => `${m.toLowerCase()} ${p}`))
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const m of Object.keys(item)) {
      if (['get', 'post', 'put', 'patch', 'delete', 'head', 'options'].includes(m)) assert.ok(known.has(`${m} ${p}`), `${m} ${p} documented but not routed`)
    }
  }
})

test('components: the session cookie scheme, the shared Error schema and the main objects', () => {
  const c = doc.components
  assert.deepEqual(c.securitySchemes.dj_session, { ...c.securitySchemes.dj_session, type: 'apiKey', in: 'cookie', name: 'dj_session' })
  const err = c.schemas.Error
  assert.deepEqual(err.required, ['error'])
  for (const k of ['code', 'message', 'field']) assert.ok(err.properties.error.properties[k], `Error.error.${k}`)
  for (const s of ['Member', 'Org', 'Institution', 'User', 'Me', 'List', 'MemberCreate']) assert.ok(c.schemas[s], `schema ${s}`)
  // The member body schema lists the fields the server takes, with the required ones.
  const mc = c.schemas.MemberCreate
  for (const f of ['name', 'gender', 'birth_date', 'id_number', 'org_id', 'category', 'joined_on']) assert.ok(mc.required.includes(f), `required ${f}`)
  for (const f of ['ethnicity', 'phone', 'education', 'title', 'department', 'position', 'status', 'full_on', 'tags']) assert.ok(mc.properties[f], `property ${f}`)
  // Error responses of the documented statuses use the Error schema.
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) {
      for (const [code, r] of Object.entries(op.responses)) {
        if (code >= '400') {
          const schema = deref(r).content['application/json'].schema
          assert.equal(schema.$ref, '#/components/schemas/Error', `${m} ${p} ${code}`)
        }
      }
    }
  }
})

test('redocly lint (recommended rules) finds no errors', () => {
  const bin = path.join(here, 'node_modules', '.bin', 'redocly')
  assert.ok(fs.existsSync(bin), '@redocly/cli is not installed: run (cd tests/http && npm ci)')
  const dir = fs.mkdtempSync(path.join(process.env.DJ_TMP || os.tmpdir(), 'dj-openapi-'))
  try {
    const file = path.join(dir, 'openapi.json')
    fs.writeFileSync(file, res.text)
    const r = spawnSync('npx', ['--no-install', '@redocly/cli', 'lint', '--config', path.join(here, 'redocly.yaml'), '--format', 'stylish', file], {
      cwd: here,
      encoding: 'utf8',
      timeout: 120000,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' }
    })
    assert.equal(r.status, 0, `redocly lint failed:\n${r.stdout}\n${r.stderr}`)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('real responses have the documented shape (required keys present, no undocumented keys)', async () => {
  const { login } = await import('./lib.mjs')
  const admin = await login('admin')
  const check = (obj, schemaName, where) => {
    const s = doc.components.schemas[schemaName]
    for (const k of s.required || []) assert.ok(k in obj, `${where}: required ${schemaName}.${k} missing`)
    for (const k of Object.keys(obj)) assert.ok(k in s.properties, `${where}: ${schemaName} does not document ${k}`)
  }
  check(await admin.ok('/me'), 'Me', 'GET /me')
  check(await admin.ok('/meta'), 'Meta', 'GET /meta')
  const orgs = await admin.ok('/orgs?limit=5')
  check(orgs, 'List', 'GET /orgs')
  for (const o of orgs.items) check(o, 'Org', 'GET /orgs item')
  check(await admin.ok(`/orgs/${orgs.items[0].id}`), 'Org', 'GET /orgs/{id}')
  check(await admin.ok(`/orgs/${orgs.items[0].id}/warnings`), 'WarningList', 'GET /orgs/{id}/warnings')
  const members = await admin.ok('/members?limit=5')
  for (const m of members.items) check(m, 'Member', 'GET /members item')
  check(await admin.ok(`/members/${members.items[0].id}`), 'Member', 'GET /members/{id}')
  const h = await admin.ok(`/members/${members.items[0].id}/history`)
  for (const e of h.items) check(e, e.kind === 'transfer' ? 'HistoryTransfer' : 'HistoryChange', 'history entry')
  const inst = await admin.ok('/institutions?limit=5')
  for (const i of inst.items) check(i, 'Institution', 'GET /institutions item')
  const users = await admin.ok('/users?limit=5')
  for (const u of users.items) check(u, 'User', 'GET /users item')
  const login2 = await request('POST', '/session', { username: 'reviewer', password: 'dangjian2026' })
  check(login2.json, 'Session', 'POST /session')
  check(login2.json.user, 'Me', 'POST /session user')
  const e = await request('GET', '/api/v1/me')
  check(e.json, 'Error', '401')
  for (const k of Object.keys(e.json.error)) assert.ok(k in doc.components.schemas.Error.properties.error.properties, `Error.error.${k}`)
})
