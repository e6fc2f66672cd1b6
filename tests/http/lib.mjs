// Shared helpers of the HTTP tests: a cookie-keeping client, logins, and generators of valid
// Chinese ID numbers (GB 11643) and unified social credit codes (GB 32100).
// The suite runs against a real server started by run.sh (DJ_URL, DJ_BIN, DJ_DB).
import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import { spawnSync } from 'node:child_process'

export const BASE = (process.env.DJ_URL || 'http://127.0.0.1:8080').replace(/\/$/, '')
export const API = BASE + '/api/v1'
export const PASSWORD = 'dangjian2026'

function urlOf(path) {
  if (/^https?:/.test(path)) return path
  if (path.startsWith('/api/') || path.startsWith('/healthz')) return BASE + path
  return API + path
}

/**
 * Sends one request. body: undefined (none), a string / Buffer / Uint8Array (sent as is,
 * Content-Type application/json unless headers say otherwise), or a value sent as JSON.
 * Returns {status, headers, json, text}; json is null when the body is not JSON.
 */
export async function request(method, path, body, { headers = {}, cookie, csrf } = {}) {
  const h = { ...headers }
  let payload
  if (body !== undefined) {
    if (typeof body === 'string' || body instanceof Uint8Array) {
      payload = body
    } else {
      payload = JSON.stringify(body)
    }
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json'
  }
  if (cookie) h.Cookie = cookie
  if (csrf && !Object.keys(h).some((k) => k.toLowerCase() === 'x-csrf-token')) h['X-CSRF-Token'] = csrf
  const res = await fetch(urlOf(path), { method, headers: h, body: payload, redirect: 'manual' })
  const buf = Buffer.from(await res.arrayBuffer())
  const text = buf.toString('utf8')
  let json = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    json = null
  }
  return { status: res.status, headers: res.headers, json, text, bytes: buf }
}

/** A signed-in (or anonymous) caller: keeps the session cookie and sends the CSRF token. */
export class Client {
  constructor(cookie = null, csrf = null, user = null) {
    this.cookie = cookie
    this.csrf = csrf
    this.user = user
  }

  send(method, path, body, opts = {}) {
    return request(method, path, body, { ...opts, cookie: this.cookie, csrf: opts.csrf === undefined ? this.csrf : opts.csrf })
  }

  get(path, opts) { return this.send('GET', path, undefined, opts) }
  post(path, body, opts) { return this.send('POST', path, body, opts) }
  patch(path, body, opts) { return this.send('PATCH', path, body, opts) }
  put(path, body, opts) { return this.send('PUT', path, body, opts) }
  del(path, body, opts) { return this.send('DELETE', path, body, opts) }

  /** GET that must answer 200; returns the JSON body. */
  async ok(path) {
    const r = await this.get(path)
    assert.equal(r.status, 200, `GET ${path} → ${r.status} ${r.text}`)
    return r.json
  }
}

/** Every Set-Cookie header of a response. Debian 12's Node 18 (built on an older undici) has no
 *  Headers.getSetCookie: there the joined header is split before each "name=". */
export function setCookies(headers) {
  if (typeof headers.getSetCookie === 'function') return headers.getSetCookie()
  const joined = headers.get('set-cookie')
  return joined ? joined.split(/,\s*(?=[A-Za-z0-9_.-]+=)/) : []
}

/** The dj_session cookie ("dj_session=...") from a response's Set-Cookie headers, or null. */
export function sessionCookie(headers) {
  for (const c of setCookies(headers)) {
    const m = /^dj_session=([^;]*)/.exec(c)
    if (m && m[1]) return 'dj_session=' + m[1]
  }
  return null
}

/** Signs in; throws unless the server answers 200. */
export async function login(username, password = PASSWORD) {
  const r = await request('POST', '/session', { username, password })
  if (r.status !== 200) throw new Error(`login ${username} → ${r.status} ${r.text}`)
  const cookie = sessionCookie(r.headers)
  if (!cookie) throw new Error(`login ${username}: no dj_session cookie`)
  return new Client(cookie, r.json.csrf_token, r.json.user)
}

export const anon = () => new Client()

/** Asserts a response is an error with this status and code (and field, when given). */
export function assertError(r, status, code, field) {
  assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status} ${r.text.slice(0, 300)}`)
  assert.ok(r.json && r.json.error, `error body expected: ${r.text.slice(0, 300)}`)
  if (code) assert.equal(r.json.error.code, code, r.text.slice(0, 300))
  if (field !== undefined) assert.equal(r.json.error.field, field, r.text.slice(0, 300))
  assert.equal(typeof r.json.error.message, 'string')
}

/** Finds one organisation by its exact name (as admin-like client); returns the Org. */
export async function orgByName(client, name) {
  const d = await client.ok('/orgs?limit=200&q=' + encodeURIComponent(name))
  const o = d.items.find((x) => x.name === name)
  if (!o) throw new Error(`org ${name} not found`)
  return o
}

/** Number of members (not deleted) the client sees in its scope, or in org's subtree. */
export async function memberCount(client, org) {
  const d = await client.ok('/members?limit=1' + (org ? '&org=' + org : ''))
  return d.total
}

// GB 11643 ---------------------------------------------------------------------------------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** The check character of the first 17 digits of an ID number. */
export function idCheckChar(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]
  return ID_CHECK[sum % 11]
}

const usedIds = new Set()
// Provinces of GB/T 2260 but Guangdong (44: the demo's own areas), each with a random 4-digit
// rest: a space wide enough that the test files (separate processes, each with its own usedIds)
// do not draw the same number (1,100 random members against thousands on file collided).
const ID_PROVINCES = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65']
const randomArea = () => ID_PROVINCES[randomInt(ID_PROVINCES.length)] + String(randomInt(10000)).padStart(4, '0')

/**
 * A valid 18-character ID number. birth: 'YYYY-MM-DD'; male: the 17th digit odd; region: 6
 * digits (default: areas the demo data does not use, so numbers do not collide with it).
 * Numbers are unique within the process.
 */
export function idNumber({ birth = '1985-06-15', male = true, region } = {}) {
  for (;;) {
    const area = region || randomArea()
    const seq2 = String(randomInt(100)).padStart(2, '0')
    const g = male ? [1, 3, 5, 7, 9][randomInt(5)] : [0, 2, 4, 6, 8][randomInt(5)]
    const first17 = area + birth.replaceAll('-', '') + seq2 + g
    const id = first17 + idCheckChar(first17)
    if (!usedIds.has(id)) {
      usedIds.add(id)
      return id
    }
  }
}

/** The same number with a wrong check character. */
export function withWrongCheck(id) {
  const right = id[17]
  const other = ID_CHECK.split('').find((c) => c !== right)
  return id.slice(0, 17) + other
}

// GB 32100 ---------------------------------------------------------------------------------

const CC_SET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export function creditCheckChar(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CC_SET.indexOf(first17[i]) * CC_WEIGHTS[i]
  const c = 31 - (sum % 31)
  return CC_SET[c === 31 ? 0 : c]
}

/** A valid unified social credit code: "12" (public institution) or "52" (private), an area, a
 * random organisation code, and the right check character. */
export function creditCode({ prefix = '12', area = '440704' } = {}) {
  let body = ''
  for (let i = 0; i < 9; i++) body += CC_SET[randomInt(i < 8 ? 10 : 31)]
  const first17 = prefix + area + body
  return first17 + creditCheckChar(first17)
}

export function withWrongCreditCheck(code) {
  const right = code[17]
  const other = CC_SET.split('').find((c) => c !== right)
  return code.slice(0, 17) + other
}

// Test data --------------------------------------------------------------------------------

const CJK = '安柏晨丹恩芳光海红慧佳建静凯兰磊丽林玲敏明娜宁鹏琪青荣瑞珊书涛婷伟文霞欣秀雪妍艳毅颖宇玉越云泽哲志珍卓'

/** A random unique-ish Chinese given name of n characters. */
export function cjkName(n = 3) {
  let s = ''
  for (let i = 0; i < n; i++) s += CJK[randomInt(CJK.length)]
  return s
}

/** A short random ASCII token for names, tags and departments of one test run. */
export const token = () => Math.random().toString(36).slice(2, 8)

/** YYYY-MM-DD of today plus days (local time, as the server on the same machine). */
export function dayOffset(days) {
  const d = new Date()
  d.setDate(d.getDate() + days)
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/** A complete, valid member body (every field) in org; overrides replace fields. */
export function memberBody(orgId, overrides = {}) {
  const male = overrides.gender ? overrides.gender === 'male' : randomInt(2) === 0
  const birth = typeof overrides.birth_date === 'string' && /^\d{4}-\d\d-\d\d$/.test(overrides.birth_date)
    ? overrides.birth_date
    : `19${70 + randomInt(25)}-0${1 + randomInt(9)}-1${randomInt(9)}`
  const base = {
    name: '测试' + cjkName(3),
    gender: male ? 'male' : 'female',
    ethnicity: '汉族',
    birth_date: birth,
    id_number: idNumber({ birth, male }),
    phone: '139' + String(randomInt(1e8)).padStart(8, '0'),
    education: '本科',
    title: '主治医师',
    department: '内科',
    position: '医师',
    org_id: orgId,
    category: 'full',
    status: 'active',
    joined_on: '2015-07-01',
    full_on: '2016-07-01',
    tags: ['业务骨干']
  }
  return { ...base, ...overrides }
}

/** Creates a member as client; asserts 201 and returns it. */
export async function createMember(client, orgId, overrides = {}) {
  let r
  for (let attempt = 0; attempt < 5; attempt++) {
    r = await client.post('/members', memberBody(orgId, overrides))
    // Another test file (another process) may have drawn the same random number: draw again,
    // unless the caller chose the number.
    if (!(r.status === 409 && r.json?.error?.field === 'id_number' && !overrides.id_number)) break
  }
  assert.equal(r.status, 201, `POST /members → ${r.status} ${r.text}`)
  return r.json
}

/** Creates an organisation as client; asserts 201 and returns it. */
export async function createOrg(client, body) {
  const r = await client.post('/orgs', body)
  assert.equal(r.status, 201, `POST /orgs ${JSON.stringify(body)} → ${r.status} ${r.text}`)
  return r.json
}

/** All pages of a list (limit 200 each). */
export async function listAll(client, path) {
  const sep = path.includes('?') ? '&' : '?'
  const items = []
  for (let offset = 0; ; ) {
    const d = await client.ok(`${path}${sep}limit=200&offset=${offset}`)
    items.push(...d.items)
    if (d.next === null) return { items, total: d.total }
    offset = d.next
  }
}

/** A new secretary account of 江海区中西医结合医院第一党支部, created by admin: {username, password, user}. */
export async function createSecretary(admin, prefix, displayName = '测试账号') {
  const org = await orgByName(admin, '江海区中西医结合医院第一党支部')
  const username = prefix + token()
  const password = prefix.charAt(0).toUpperCase() + prefix.slice(1) + '2026pass'
  const cr = await admin.post('/users', { username, display_name: displayName, role: 'secretary', org_id: org.id, password })
  if (cr.status !== 201) throw new Error(`creating ${username}: ${cr.status} ${cr.text}`)
  return { username, password, user: cr.json }
}

/** Rows of a read-only SQL query on the server's own database (DJ_DB: a SQLite file or a
 *  postgresql:// URL), each row an array of text cells: for what the API does not show. */
export function dbRows(sql) {
  const db = process.env.DJ_DB
  if (!db) throw new Error('DJ_DB is not set (run tests/http/run.sh)')
  const pg = /^postgres(ql)?:\/\//.test(db)
  const r = pg
    ? spawnSync('psql', ['-X', '-q', '-At', '-F', '\x1f', '-v', 'ON_ERROR_STOP=1', db, '-c', sql], { encoding: 'utf8' })
    : spawnSync('sqlite3', ['-readonly', '-separator', '\x1f', db, sql], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`query failed: ${r.stderr || r.error}`)
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\x1f'))
}

/** A CSV export (UTF-8 with a BOM, RFC 4180 quotes) as {header, rows}: each row an object keyed by
 *  the (Chinese) header. */
export function csvTable(text) {
  const rows = []
  let row = [], cell = '', quoted = false
  const s = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') { cell += '"'; i++ } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') { row.push(cell); cell = '' }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++
      row.push(cell); rows.push(row); row = []; cell = ''
    } else cell += ch
  }
  if (cell || row.length) { row.push(cell); rows.push(row) }
  const [header = [], ...data] = rows
  return { header, rows: data.filter((r) => r.length > 1).map((r) => Object.fromEntries(header.map((h, k) => [h, r[k]]))) }
}
