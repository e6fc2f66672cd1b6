// The public's needs by QR code (issue 16, seed 002 "需求'码'上提，医院马上办", DOMAIN.md §7): an
// institution's poster and its token, the public page's API (a challenge, a proof of work, the
// need, its ticket, its photo) attacked with bad input, replays and floods, and the staff's side
// (scope per role, triage as 立行立办 or 倒排工期, assignment, replies, closing, statistics, the
// to-do list, the export). The proof of work's difficulty is lowered through the settings
// (PUT /settings/needs {difficulty}) so that the tests stay fast; every public request carries an
// X-Forwarded-For of its own (the server trusts 127.0.0.1 as a proxy), so the throttle of one
// test never meets another's.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomInt } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { login, anon, assertError, request, dayOffset, token, listAll } from './lib.mjs'

let admin, jinzhou, jianghai, yizhibu, reviewer, member1, luolan
let center, renai, poster, oldSettings

const addr = () => `10.${randomInt(1, 250)}.${randomInt(1, 250)}.${randomInt(1, 250)}`
const from = (ip) => ({ headers: { 'X-Forwarded-For': ip } })

/** A write on the server's own database (what no API does: ageing a challenge). */
function dbExec(sql) {
  const db = process.env.DJ_DB
  const pg = /^postgres(ql)?:\/\//.test(db)
  const r = pg
    ? spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', db, '-c', sql], { encoding: 'utf8' })
    : spawnSync('sqlite3', [db, '.timeout 5000', sql], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`query failed: ${r.stderr || r.error}`)
  return r.stdout
}

/** The nonce (hex digits) whose SHA-256 of "challenge:nonce" starts with `difficulty` zero bits. */
export function solve(challenge, difficulty) {
  for (let n = 0; ; n++) {
    const nonce = n.toString(16)
    const h = createHash('sha256').update(`${challenge}:${nonce}`).digest()
    let bits = 0
    for (const b of h) {
      if (b === 0) { bits += 8; continue }
      bits += Math.clz32(b) - 24
      break
    }
    if (bits >= difficulty) return nonce
  }
}

async function challenge(tok, ip) {
  const r = await request('GET', `/api/v1/public/needs/challenge?token=${encodeURIComponent(tok)}`, undefined, from(ip))
  assert.equal(r.status, 200, r.text)
  return r.json
}

/** Files a need through the public API from address ip; returns the response. */
async function file(tok, ip, overrides = {}) {
  const ch = await challenge(tok, ip)
  const body = { token: tok, category: 'medical', description: '测试需求' + token(), contact: '13900001111', challenge: ch.challenge, nonce: solve(ch.challenge, ch.difficulty), ...overrides }
  return request('POST', '/api/v1/public/needs', body, from(ip))
}

const needCount = () => Number(dbRowsCount())
function dbRowsCount() {
  return dbExec('SELECT COUNT(*) FROM needs').trim()
}

before(async () => {
  ;[admin, jinzhou, jianghai, yizhibu, reviewer, member1, luolan] = await Promise.all(
    ['admin', 'jinzhou', 'jianghai', 'yizhibu', 'reviewer', 'member1', 'luolan'].map((u) => login(u)))
  const insts = (await listAll(jinzhou, '/institutions')).items
  center = insts.find((i) => i.name === '锦州市中心医院')
  renai = insts.find((i) => i.name === '锦州仁爱医院')
  oldSettings = await admin.ok('/settings/needs')
  const r = await admin.put('/settings/needs', { difficulty: 4 })
  assert.equal(r.status, 200, r.text)
  poster = await jinzhou.ok(`/institutions/${center.id}/needs-poster`)
})

after(async () => {
  await admin.put('/settings/needs', { difficulty: oldSettings.difficulty, per_address_hour: oldSettings.per_address_hour, per_institution_hour: oldSettings.per_institution_hour })
})

test('the demo: Jinzhou’s hospitals solved 15 needs (seed 002), some open, one overdue; a poster per institution', async () => {
  const s = await jinzhou.ok('/needs/stats')
  assert.ok(s.solved >= 15, JSON.stringify(s))
  assert.ok(s.overdue >= 1 && s.open >= 1, JSON.stringify(s))
  assert.ok(s.solved_on_time < s.solved, 'one solved late')
  assert.ok(s.average_days > 0)
  const c = s.institutions.find((x) => x.institution_id === center.id)
  assert.ok(c && c.received >= c.solved && c.institution_name === '锦州市中心医院')
  const overdue = await jinzhou.ok('/needs?overdue=1')
  assert.ok(overdue.total >= 1 && overdue.items.every((n) => n.overdue && n.status !== 'solved'))
  assert.match(poster.token, /^[A-Z2-7]{24}$/)
  assert.equal(poster.url, `/p/needs/${poster.token}`)
  const todo = await jinzhou.ok('/todo')
  assert.ok(todo.items.some((t) => t.kind === 'need_overdue' && /^\/needs\/\d+$/.test(t.link)))
})

test('the poster: its link, the QR code as PNG, in scope only; a new token kills the old link (audited)', async () => {
  const png = await jinzhou.get(`/institutions/${center.id}/needs-poster?format=png`)
  assert.equal(png.status, 200)
  assert.equal(png.headers.get('content-type'), 'image/png')
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  assertError(await jinzhou.get(`/institutions/${center.id}/needs-poster?format=gif`), 400, 'bad_request', 'format')
  assertError(await jianghai.get(`/institutions/${center.id}/needs-poster`), 404, 'not_found')
  assertError(await member1.get(`/institutions/${center.id}/needs-poster`), 403, 'forbidden')
  assertError(await reviewer.post(`/institutions/${renai.id}/needs-poster`), 403, 'forbidden')
  assertError(await yizhibu.post(`/institutions/${renai.id}/needs-poster`), 404, 'not_found')
  const before = await jinzhou.ok(`/institutions/${renai.id}/needs-poster`)
  const r = await jinzhou.post(`/institutions/${renai.id}/needs-poster`)
  assert.equal(r.status, 200, r.text)
  assert.notEqual(r.json.token, before.token)
  assertError(await request('GET', `/api/v1/public/needs/challenge?token=${before.token}`, undefined, from(addr())), 404, 'not_found', 'token')
  assert.equal((await request('GET', `/api/v1/public/needs/challenge?token=${r.json.token}`, undefined, from(addr()))).status, 200)
  const audit = await admin.ok(`/audit?object_type=need_poster&object_id=${renai.id}`)
  assert.ok(audit.items.some((a) => a.action === 'update'), JSON.stringify(audit.items.slice(0, 2)))
})

test('filing a need: a challenge, the proof of work, a ticket; the status page shows nothing personal', async () => {
  const ip = addr()
  const ch = await challenge(poster.token, ip)
  assert.equal(ch.difficulty, 4)
  assert.equal(ch.institution_name, '锦州市中心医院')
  assert.ok(ch.categories.some((c) => c.label === '诊疗服务'))
  assert.match(ch.challenge, /^[A-Z2-7]{32}$/)
  const desc = '急诊室晚上没有热水' + token()
  const r = await request('POST', '/api/v1/public/needs', { token: poster.token, category: '就医环境', description: desc, contact: '13900002222', challenge: ch.challenge, nonce: solve(ch.challenge, ch.difficulty), website: '' }, from(ip))
  assert.equal(r.status, 201, r.text)
  assert.match(r.json.ticket, /^[A-Z2-7]{16}$/)
  assert.equal(r.json.status, 'received')
  const s = await request('GET', `/api/v1/public/needs/${r.json.ticket}`)
  assert.equal(s.status, 200, s.text)
  assert.equal(s.json.status_label, '待办理')
  assert.equal(s.json.category, 'environment')
  assert.equal(s.json.institution_name, '锦州市中心医院')
  assert.ok(!s.text.includes('13900002222') && !s.text.includes(desc) && s.json.id === undefined, s.text)
  // The staff see it, with the contact for those who handle it and masked for a reviewer.
  const list = await jinzhou.ok(`/needs?institution=${center.id}&status=received`)
  const n = list.items.find((x) => x.ticket === r.json.ticket)
  assert.ok(n && n.description === desc && n.contact === undefined)
  const d = await jinzhou.ok(`/needs/${n.id}`)
  assert.equal(d.contact, '13900002222')
  assert.equal((await jinzhou.get(`/needs/${n.id}`)).headers.get('cache-control'), 'no-store')
  const rv = await reviewer.ok(`/needs/${n.id}`)
  assert.ok(rv.contact !== '13900002222' && rv.contact.startsWith('139') && rv.contact.includes('*'), rv.contact)
})

test('bad input on the public route: oversized, wrong types, not JSON, unknown fields, lengths; nothing stored', async () => {
  const ip = addr()
  const n0 = needCount()
  const ch = await challenge(poster.token, ip)
  const good = { token: poster.token, category: 'medical', description: '正常内容', challenge: ch.challenge, nonce: '0' }
  const post = (b, h = {}) => request('POST', '/api/v1/public/needs', b, { headers: { 'X-Forwarded-For': ip, ...h } })
  assert.equal((await post('x'.repeat(20 * 1024))).status, 413)
  assertError(await post('{"token":'), 400)
  assert.equal((await post('token=1', { 'Content-Type': 'application/x-www-form-urlencoded' })).status, 415)
  assertError(await post([1, 2]), 400)
  assertError(await post({ ...good, description: 123 }), 422, 'validation', 'description')
  assertError(await post({ ...good, token: ['x'] }), 422, 'validation', 'token')
  assertError(await post({ ...good, nonce: 17 }), 422, 'validation', 'nonce')
  assertError(await post({ ...good, extra: 1 }), 422, 'validation')
  assertError(await post({ ...good, description: '' }), 422, 'validation', 'description')
  assertError(await post({ ...good, description: '急'.repeat(1001) }), 422, 'validation', 'description')
  assertError(await post({ ...good, description: 'a\u202Eb' }), 422, 'validation', 'description')
  assertError(await post({ ...good, category: 'spam' }), 422, 'validation', 'category')
  assertError(await post({ ...good, contact: '<script>' }), 422, 'validation', 'contact')
  assertError(await post({ ...good, nonce: 'xyz' }), 422, 'validation', 'nonce')
  assertError(await post({ ...good, challenge: undefined }), 422, 'validation', 'challenge')
  assertError(await post({ ...good, nonce: undefined }), 422, 'validation', 'nonce')
  assertError(await post({ ...good, token: 'A'.repeat(24) }), 404, 'not_found', 'token')
  assertError(await post({ ...good, token: "' OR 1=1 --" }), 404, 'not_found', 'token')
  assert.equal(needCount(), n0, 'nothing stored')
  // Every message is Chinese, none shows a raw field name.
  const r = await post({ ...good, description: 123 })
  assert.match(r.json.error.message, /[\u4e00-\u9fff]/)
  assert.ok(!/description/.test(r.json.error.message))
})

test('the proof of work: a wrong or missing nonce, a replayed, expired or foreign challenge are refused; nothing stored', async () => {
  const ip = addr()
  const n0 = needCount()
  const send = (b) => request('POST', '/api/v1/public/needs', { token: poster.token, category: 'medical', description: '验证测试', ...b }, from(ip))
  // A wrong nonce (one that does not reach the difficulty) uses the challenge up.
  let ch = await challenge(poster.token, ip)
  let bad = '0'
  for (let n = 0; ; n++) {
    const h = createHash('sha256').update(`${ch.challenge}:${n.toString(16)}`).digest()
    if (h[0] >= 0x10) { bad = n.toString(16); break }
  }
  assertError(await send({ challenge: ch.challenge, nonce: bad }), 422, 'validation', 'nonce')
  assertError(await send({ challenge: ch.challenge, nonce: solve(ch.challenge, ch.difficulty) }), 422, 'validation', 'challenge')
  // A replay of a challenge that worked.
  ch = await challenge(poster.token, ip)
  const nonce = solve(ch.challenge, ch.difficulty)
  const ok = await send({ challenge: ch.challenge, nonce })
  assert.equal(ok.status, 201, ok.text)
  assertError(await send({ challenge: ch.challenge, nonce }), 422, 'validation', 'challenge')
  // An unknown challenge, and one issued for another poster.
  assertError(await send({ challenge: 'A'.repeat(32), nonce: '0' }), 422, 'validation', 'challenge')
  const other = await jinzhou.ok(`/institutions/${renai.id}/needs-poster`)
  const och = await challenge(other.token, ip)
  assertError(await send({ challenge: och.challenge, nonce: solve(och.challenge, och.difficulty) }), 422, 'validation', 'challenge')
  // An expired one (aged in the database: ten minutes do not pass in a test).
  ch = await challenge(poster.token, ip)
  dbExec(`UPDATE need_challenges SET expires_at = 1000 WHERE challenge = '${ch.challenge}'`)
  const exp = await send({ challenge: ch.challenge, nonce: solve(ch.challenge, ch.difficulty) })
  assertError(exp, 422, 'validation', 'challenge')
  assert.match(exp.json.error.message, /过期/)
  assert.equal(needCount(), n0 + 1, 'only the one good need')
})

test('the hidden field: filled, the need is refused and nothing stored', async () => {
  const n0 = needCount()
  const r = await file(poster.token, addr(), { website: 'http://spam.example' })
  assertError(r, 422, 'validation')
  assert.equal(needCount(), n0)
})

test('tickets and tokens: forged, unknown or malformed answer 404', async () => {
  for (const t of ['AAAAAAAAAAAAAAAA', 'ZZZZZZZZZZZZZZZZ', 'short', '%27%20OR%201%3D1', 'a'.repeat(300), '..%2F..%2Fetc'])
    assertError(await request('GET', `/api/v1/public/needs/${t}`), 404, 'not_found')
  for (const t of ['', 'A'.repeat(24), 'x', '%E4%B8%AD', 'A'.repeat(2000)])
    assertError(await request('GET', `/api/v1/public/needs/challenge?token=${t}`, undefined, from(addr())), 404, 'not_found')
  assertError(await request('GET', '/api/v1/public/needs/challenge?token=%00', undefined, from(addr())), 400, 'bad_request')
  assertError(await request('GET', '/api/v1/public/needs/challenge', undefined, from(addr())), 404, 'not_found')
})

test('script in the text is stored as text and returned escaped inside JSON', async () => {
  const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&'
  const r = await file(poster.token, addr(), { description: evil })
  assert.equal(r.status, 201, r.text)
  const list = await jinzhou.ok(`/needs?institution=${center.id}&limit=5`)
  const n = list.items.find((x) => x.ticket === r.json.ticket)
  assert.equal(n.description, evil)
  const raw = await jinzhou.get(`/needs/${n.id}`)
  assert.match(raw.headers.get('content-type'), /^application\/json/)
  assert.equal(raw.headers.get('x-content-type-options'), 'nosniff')
})

test('a flood from one address is answered 429 while another address still gets through', async () => {
  const r0 = await admin.put('/settings/needs', { per_address_hour: 3 })
  assert.equal(r0.status, 200, r0.text)
  try {
    const a = addr(), b = addr()
    for (let i = 0; i < 3; i++) assert.equal((await file(poster.token, a)).status, 201)
    const n0 = needCount()
    const flood = await file(poster.token, a)
    assertError(flood, 429, 'too_many_requests')
    assert.match(flood.json.error.message, /频繁/)
    assert.equal(needCount(), n0)
    assert.equal((await file(poster.token, b)).status, 201, 'another address')
  } finally {
    await admin.put('/settings/needs', { per_address_hour: oldSettings.per_address_hour })
  }
})

test('a flood on one poster is answered 429 (per institution), others still get through', async () => {
  const insts = (await listAll(jinzhou, '/institutions')).items
  const quiet = insts.find((i) => i.name === '锦州安康诊所')
  const p = await jinzhou.ok(`/institutions/${quiet.id}/needs-poster`)
  const s = await jinzhou.ok(`/needs/stats?institution=${quiet.id}`)
  void s
  const r0 = await admin.put('/settings/needs', { per_institution_hour: 1 })
  assert.equal(r0.status, 200)
  try {
    const first = await file(p.token, addr())
    // The poster may already have had its one in this hour (a rerun): then both are refused.
    if (first.status === 201) assertError(await file(p.token, addr()), 429, 'too_many_requests')
    else assertError(first, 429, 'too_many_requests')
  } finally {
    await admin.put('/settings/needs', { per_institution_hour: oldSettings.per_institution_hour })
  }
  assert.equal((await file(poster.token, addr())).status, 201)
})

test('a photo: JPEG or PNG by content, once, to the ticket; the staff see it', async () => {
  const ip = addr()
  const r = await file(poster.token, ip)
  assert.equal(r.status, 201)
  const url = `/api/v1/public/needs/${r.json.ticket}/photo`
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b55', 'hex')
  const send = (b) => request('POST', url, b, { headers: { 'Content-Type': 'image/png', 'X-Forwarded-For': ip } })
  assertError(await send(Buffer.from('<svg onload=alert(1)>')), 415)
  assertError(await send(Buffer.from('GIF89a....')), 415)
  const ok = await send(png)
  assert.equal(ok.status, 201, ok.text)
  assertError(await send(png), 409, 'conflict')
  assertError(await request('POST', '/api/v1/public/needs/AAAAAAAAAAAAAAAA/photo', png, { headers: { 'Content-Type': 'image/png' } }), 404)
  assert.equal((await request('POST', url, Buffer.alloc(6 * 1024 * 1024, 0xff), { headers: { 'Content-Type': 'image/jpeg' } })).status, 413)
  const n = (await jinzhou.ok(`/needs?institution=${center.id}&limit=10`)).items.find((x) => x.ticket === r.json.ticket)
  const d = await jinzhou.ok(`/needs/${n.id}`)
  assert.equal(d.has_photo, true)
  const img = await jinzhou.get(`/needs/${n.id}/photo`)
  assert.equal(img.status, 200)
  assert.equal(img.headers.get('content-type'), 'image/png')
  assertError(await jianghai.get(`/needs/${n.id}/photo`), 404)
})

test('scope per role: the institution’s covering subtree sees it, others 404, members and instructors 403', async () => {
  const r = await file(poster.token, addr())
  const n = (await jinzhou.ok(`/needs?institution=${center.id}&limit=10`)).items.find((x) => x.ticket === r.json.ticket)
  assert.ok(n)
  assert.equal((await admin.get(`/needs/${n.id}`)).status, 200)
  assert.equal((await reviewer.get(`/needs/${n.id}`)).status, 200)
  assertError(await jianghai.get(`/needs/${n.id}`), 404, 'not_found')
  assertError(await yizhibu.get(`/needs/${n.id}`), 404, 'not_found')
  assertError(await member1.get(`/needs/${n.id}`), 403, 'forbidden')
  assertError(await luolan.get('/needs'), 403, 'forbidden')
  assertError(await anon().get('/needs'), 401)
  const jl = await listAll(jianghai, '/needs')
  assert.ok(!jl.items.some((x) => x.institution_name.startsWith('锦州')))
  assertError(await jianghai.patch(`/needs/${n.id}`, { version: n.version, grade: 'urgent' }), 404)
  assertError(await reviewer.patch(`/needs/${n.id}`, { version: n.version, grade: 'urgent' }), 403)
  const st = await jianghai.ok('/needs/stats')
  assert.ok(!st.institutions.some((x) => x.institution_name.startsWith('锦州')))
  const orgs = (await jinzhou.ok('/orgs?limit=200')).items || []
  void orgs
  assertError(await assertStats404(), 404)
})

async function assertStats404() {
  const jz = (await admin.ok('/orgs?q=锦州市卫生健康行业党委')).items[0]
  return jianghai.get(`/needs/stats?org=${jz.id}`)
}

test('triage: grade and 立行立办 due in the set days; 倒排工期 with milestones backwards; assignment; replies; closing', async () => {
  const r = await file(poster.token, addr())
  let n = (await jinzhou.ok(`/needs?institution=${center.id}&limit=10`)).items.find((x) => x.ticket === r.json.ticket)
  // 立行立办: due three days from today.
  let p = await jinzhou.patch(`/needs/${n.id}`, { version: n.version, grade: '较急', category: 'fees', mode: 'immediate' })
  assert.equal(p.status, 200, p.text)
  assert.equal(p.json.status, 'in_progress')
  assert.equal(p.json.grade, 'urgent')
  assert.equal(p.json.category, 'fees')
  assert.equal(p.json.due_on, dayOffset(3))
  // 倒排工期: a deadline and milestones set backwards from it.
  p = await jinzhou.patch(`/needs/${n.id}`, { version: p.json.version, mode: 'scheduled', deadline: dayOffset(30), milestones: [{ title: '制定方案' }, { title: '实施' }, { title: '验收', days_before: 0 }] })
  assert.equal(p.status, 200, p.text)
  assert.equal(p.json.due_on, dayOffset(30))
  assert.deepEqual(p.json.milestones.map((m) => m.due_on), [dayOffset(10), dayOffset(20), dayOffset(30)])
  assertError(await jinzhou.patch(`/needs/${n.id}`, { version: p.json.version, mode: 'scheduled', deadline: dayOffset(0) }), 422, 'validation', 'deadline')
  assertError(await jinzhou.patch(`/needs/${n.id}`, { version: p.json.version, mode: 'scheduled' }), 422, 'validation', 'deadline')
  assertError(await jinzhou.patch(`/needs/${n.id}`, { version: p.json.version, grade: 'very' }), 422, 'validation', 'grade')
  assertError(await jinzhou.patch(`/needs/${n.id}`, { version: p.json.version, deadline: dayOffset(9) }), 422, 'validation', 'mode')
  assertError(await jinzhou.patch(`/needs/${n.id}`, { version: 1, grade: 'normal' }), 409, 'conflict')
  // Assignment: an account of the scope; one outside is 422 on the field.
  const users = (await listAll(admin, '/users')).items
  const inScope = users.find((u) => u.username === 'reviewer')
  const outside = users.find((u) => u.username === 'jianghai')
  assertError(await jinzhou.patch(`/needs/${n.id}`, { version: p.json.version, assignee_user_id: outside.id }), 422, 'validation', 'assignee_user_id')
  assertError(await jinzhou.patch(`/needs/${n.id}`, { version: p.json.version, assignee_user_id: 999999 }), 422, 'validation', 'assignee_user_id')
  p = await jinzhou.patch(`/needs/${n.id}`, { version: p.json.version, assignee_user_id: inScope.id })
  assert.equal(p.status, 200, p.text)
  assert.equal(p.json.assignee_user_id, inScope.id)
  // Replies: the public one shows on the ticket's page, the internal one does not.
  const pub = await jinzhou.post(`/needs/${n.id}/replies`, { body: '已安排专人处理', public: true })
  assert.equal(pub.status, 201, pub.text)
  assert.equal((await jinzhou.post(`/needs/${n.id}/replies`, { body: '内部：联系后勤科' })).status, 201)
  assertError(await jinzhou.post(`/needs/${n.id}/replies`, { body: '' }), 422, 'validation', 'body')
  assertError(await reviewer.post(`/needs/${n.id}/replies`, { body: '越权' }), 403)
  let s = (await request('GET', `/api/v1/public/needs/${r.json.ticket}`)).json
  assert.deepEqual(s.replies.map((x) => x.body), ['已安排专人处理'])
  assert.equal(s.status, 'in_progress')
  // Closing: solved today, on time, the solution a public reply; then nothing changes it.
  const cl = await jinzhou.post(`/needs/${n.id}/close`, { version: p.json.version, solution: '已完成整改' })
  assert.equal(cl.status, 200, cl.text)
  assert.equal(cl.json.status, 'solved')
  assert.equal(cl.json.solved_on, dayOffset(0))
  assert.equal(cl.json.on_time, true)
  s = (await request('GET', `/api/v1/public/needs/${r.json.ticket}`)).json
  assert.equal(s.status_label, '已解决')
  assert.deepEqual(s.replies.map((x) => x.body), ['已安排专人处理', '已完成整改'])
  assertError(await jinzhou.patch(`/needs/${n.id}`, { version: cl.json.version, grade: 'normal' }), 409, 'conflict')
  assertError(await jinzhou.post(`/needs/${n.id}/close`, { version: cl.json.version, solution: '再次' }), 409, 'conflict')
  const audit = await admin.ok(`/audit?object_type=need&object_id=${n.id}`)
  assert.ok(audit.items.length >= 4, `${audit.items.length} audit records`)
})

test('list filters, the export as .xlsx, and the settings', async () => {
  assertError(await jinzhou.get('/needs?status=bogus'), 400, 'bad_request', 'status')
  assertError(await jinzhou.get('/needs?overdue=maybe'), 400, 'bad_request', 'overdue')
  const solved = await jinzhou.ok('/needs?status=已解决&limit=200')
  assert.ok(solved.items.length >= 15 && solved.items.every((n) => n.status === 'solved'))
  const x = await jinzhou.get('/needs/export')
  assert.equal(x.status, 200)
  assert.match(x.headers.get('content-type'), /spreadsheetml/)
  assert.equal(x.bytes.subarray(0, 2).toString(), 'PK')
  assertError(await jinzhou.put('/settings/needs', { difficulty: 3 }), 403)
  assertError(await admin.put('/settings/needs', { difficulty: 33 }), 422, 'validation', 'difficulty')
  assertError(await admin.put('/settings/needs', { difficulty: 'easy' }), 422, 'validation', 'difficulty')
  const g = await jinzhou.ok('/settings/needs')
  assert.equal(g.defaults.difficulty, 18)
  assert.equal(g.defaults.per_address_hour, 5)
})
