// Party dues (issue 14, DOMAIN.md §3): the rule as a calculator (both roundings), bases with
// history (never rewritten), payments one or in a batch (all or none, every refusal named by row
// and field), reversals, the monthly ledger (JSON and .xlsx), arrears with the six-month flag and
// its to-do item, the file import (GB18030), a member's own dues, and scope for every kind of
// role. Everything is made in a branch of its own, so the numbers are this file's.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { login, assertError, orgByName, createOrg, createMember, token, dayOffset } from './lib.mjs'

let admin, sec, yizhibu, jianghai, reviewer, jinzhou, member1
let branch, full, recent, lapsed6, lapsed5

/** This month in China time (UTC+8) plus k months, as YYYY-MM. */
function month(k = 0) {
  const d = new Date(Date.now() + 8 * 3600e3)
  const n = d.getUTCFullYear() * 12 + d.getUTCMonth() + k
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`
}
const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
const pay = (m, mo, amount, over = {}) => ({ member_id: m.id, month: mo, amount_fen: amount, method: 'cash', paid_on: today(), ...over })

async function base(client, m, body, status = 201) {
  const r = await client.post(`/members/${m.id}/dues-bases`, body)
  assert.equal(r.status, status, `POST /members/${m.id}/dues-bases ${JSON.stringify(body)} → ${r.status} ${r.text}`)
  return r.json
}

async function ledger(mo) {
  return admin.ok(`/dues/ledger?org=${branch.id}&month=${mo}&limit=200`)
}
const rowOf = (l, m) => l.items.find((x) => x.member_id === m.id)

before(async () => {
  ;[admin, yizhibu, jianghai, reviewer, jinzhou, member1] = await Promise.all(
    ['admin', 'yizhibu', 'jianghai', 'reviewer', 'jinzhou', 'member1'].map((u) => login(u)))
  const parent = await orgByName(admin, '江门市江海区卫生健康局机关党委')
  branch = await createOrg(admin, { name: '党费测试党支部' + token(), type: 'branch', parent_id: parent.id })
  const username = 'dues' + token()
  const u = await admin.post('/users', { username, display_name: '党费测试书记', role: 'secretary', org_id: branch.id, password: 'Dues2026pass' })
  assert.equal(u.status, 201, u.text)
  sec = await login(username, 'Dues2026pass')
  full = await createMember(admin, branch.id, { birth_date: '1980-05-10', joined_on: '2015-07-01', full_on: '2016-07-01' })
  recent = await createMember(admin, branch.id, { birth_date: '1995-05-10', category: 'probationary', joined_on: dayOffset(-40), full_on: null })
  lapsed6 = await createMember(admin, branch.id, { birth_date: '1970-05-10', joined_on: '2010-03-01', full_on: '2011-03-01' })
  lapsed5 = await createMember(admin, branch.id, { birth_date: '1970-05-10', joined_on: '2010-03-01', full_on: '2011-03-01' })
  await base(admin, full, { kind: 'employed', base_fen: 300000, from_month: month(-10) })
  await base(admin, recent, { kind: 'employed', base_fen: 500001, from_month: month(-3) })
  await base(admin, lapsed6, { kind: 'retired', base_fen: 500000, from_month: month(-6) })
  await base(admin, lapsed5, { kind: 'low_income', base_fen: 0, from_month: month(-5) })
})

after(async () => {
  await admin.put('/settings/dues', { rounding: 'fen_half_up', back_limit_months: 6 })
})

test('calc: the bands of 中组发〔2008〕3号 at their boundaries, in fen', async () => {
  const cases = [
    ['employed', 300000, 1500, 5], ['employed', 300001, 3000, 10], ['employed', 500000, 5000, 10],
    ['employed', 500001, 7500, 15], ['employed', 1000000, 15000, 15], ['employed', 1000001, 20000, 20],
    ['retired', 500000, 2500, 5], ['retired', 500001, 5000, 10], ['low_income', 900000, 20, 0], ['rural', 0, 20, 0]
  ]
  for (const [kind, b, due, rate] of cases) {
    const j = await member1.ok(`/dues/calc?kind=${kind}&base_fen=${b}`)
    assert.equal(j.due_fen, due, `${kind} ${b}`)
    assert.equal(j.rate_permille, rate, `${kind} ${b}`)
  }
  assertError(await admin.get('/dues/calc?kind=student&base_fen=100'), 400, 'bad_request', 'kind')
  assertError(await admin.get('/dues/calc?kind=employed&base_fen=-1'), 400, 'bad_request', 'base_fen')
  assertError(await admin.get('/dues/calc?kind=employed&base_fen=12.5'), 400, 'bad_request', 'base_fen')
  assertError(await admin.get('/dues/calc?kind=employed&base_fen=99999999999'), 400, 'bad_request', 'base_fen')
})

test('settings: rounding up to the jiao changes the rule; only an administrator changes it', async () => {
  const s = await yizhibu.ok('/settings/dues')
  assert.equal(s.rounding, 'fen_half_up')
  assert.equal(s.back_limit_months, 6)
  assertError(await yizhibu.put('/settings/dues', { rounding: 'jiao_up' }), 403, 'forbidden')
  assertError(await admin.put('/settings/dues', { rounding: 'round' }), 422, 'validation', 'rounding')
  assertError(await admin.put('/settings/dues', { back_limit_months: 0 }), 422, 'validation', 'back_limit_months')
  const r = await admin.put('/settings/dues', { rounding: 'jiao_up' })
  assert.equal(r.status, 200, r.text)
  assert.equal((await admin.ok('/dues/calc?kind=employed&base_fen=300001')).due_fen, 3010)
  assert.equal((await admin.ok('/dues/calc?kind=employed&base_fen=300000')).due_fen, 1500)
  assert.equal((await admin.put('/settings/dues', { rounding: 'fen_half_up' })).status, 200)
  assert.equal((await admin.ok('/dues/calc?kind=employed&base_fen=300001')).due_fen, 3000)
})

test('bases: history kept, never rewritten; a negative, absurd or malformed base refused', async () => {
  assertError(await sec.post(`/members/${full.id}/dues-bases`, { kind: 'employed', base_fen: -100, from_month: month(1) }), 422, 'validation', 'base_fen')
  assertError(await sec.post(`/members/${full.id}/dues-bases`, { kind: 'employed', base_fen: 50000001, from_month: month(1) }), 422, 'validation', 'base_fen')
  assertError(await sec.post(`/members/${full.id}/dues-bases`, { kind: 'student', base_fen: 100, from_month: month(1) }), 422, 'validation', 'kind')
  assertError(await sec.post(`/members/${full.id}/dues-bases`, { kind: 'employed', base_fen: 100, from_month: '2026-13' }), 422, 'validation', 'from_month')
  assertError(await sec.post(`/members/${full.id}/dues-bases`, { kind: 'employed', base_fen: '100', from_month: month(1) }), 422, 'validation', 'base_fen')
  // The same month again, or an earlier one: a base is never rewritten.
  assertError(await sec.post(`/members/${full.id}/dues-bases`, { kind: 'employed', base_fen: 400000, from_month: month(-10) }), 422, 'validation', 'from_month')
  assertError(await sec.post(`/members/${full.id}/dues-bases`, { kind: 'employed', base_fen: 400000, from_month: month(-11) }), 422, 'validation', 'from_month')
  const b = await base(sec, full, { kind: 'employed', base_fen: 400000, from_month: month(1) })
  assert.equal(b.due_fen, 4000)
  const list = await sec.ok(`/members/${full.id}/dues-bases`)
  assert.deepEqual(list.items.map((x) => [x.from_month, x.base_fen]), [[month(-10), 300000], [month(1), 400000]])
  // The ledger of this month still uses the base in force now.
  assert.equal(rowOf(await ledger(month(0)), full).base_fen, 300000)
  // Rights and scope.
  assertError(await reviewer.post(`/members/${full.id}/dues-bases`, { kind: 'employed', base_fen: 1, from_month: month(2) }), 403, 'forbidden')
  assertError(await jinzhou.post(`/members/${full.id}/dues-bases`, { kind: 'employed', base_fen: 1, from_month: month(2) }), 404, 'not_found')
  assertError(await jinzhou.get(`/members/${full.id}/dues-bases`), 404, 'not_found')
  assertError(await member1.get(`/members/${full.id}/dues-bases`), 404, 'not_found')
  assert.equal((await reviewer.get(`/members/${full.id}/dues-bases`)).status, 404) // reviewer's scope is another city
  assert.equal((await jianghai.get(`/members/${full.id}/dues-bases`)).status, 200)
})

test('payments: every refusal of the issue, each on its row and field, nothing written', async () => {
  const refused = async (items, field, row = 1) => {
    const r = await sec.post('/dues/payments', { items })
    assertError(r, 422, 'validation', field)
    const d = r.json.error.details.find((x) => x.row === row)
    assert.ok(d, `no detail for row ${row}: ${r.text}`)
    assert.match(r.json.error.message, new RegExp(`^第${r.json.error.details[0].row}项`))
    return r
  }
  await refused([pay(full, month(1), 1500)], 'month') // a month in the future
  await refused([pay(recent, month(-3), 7500)], 'month') // before joining (40 days ago)
  await refused([pay(full, month(-1), 1400)], 'amount_fen') // not the month's due
  await refused([pay(full, month(-1), 1600)], 'amount_fen') // more, not recorded as voluntary
  await refused([pay(full, month(-1), 1000, { voluntary: true })], 'amount_fen') // less is never accepted
  await refused([pay(full, month(-8), 1500)], 'reason') // back payment older than 6 months
  await refused([pay(full, month(-12), 1500, { reason: '外出务工补缴' })], 'month') // no base then
  await refused([pay(full, month(-1), 1500, { method: 'cheque' })], 'method')
  await refused([pay(full, month(-1), 1500, { paid_on: '2999-01-01' })], 'paid_on')
  await refused([pay(full, '2026/01', 1500)], 'month')
  // Out of scope and rights.
  const out = await jinzhou.post('/dues/payments', { items: [pay(full, month(-1), 1500)] })
  assertError(out, 422, 'validation', 'member_id')
  assertError(await reviewer.post('/dues/payments', { items: [pay(full, month(-1), 1500)] }), 403, 'forbidden')
  assertError(await member1.post('/dues/payments', { items: [pay(full, month(-1), 1500)] }), 403, 'forbidden')
  assert.equal(rowOf(await ledger(month(-1)), full).paid_fen, 0)
  assert.equal(rowOf(await ledger(month(-8)), full).paid_fen, 0)
})

test('payments: a batch is all or none; a month already paid is refused; voluntary extra kept', async () => {
  // Row 2 is bad: row 1 (valid) must not be written either.
  const r = await sec.post('/dues/payments', { items: [pay(full, month(-2), 1500), pay(full, month(-3), 99)] })
  assertError(r, 422, 'validation', 'amount_fen')
  assert.deepEqual(r.json.error.details.map((d) => [d.row, d.field]), [[2, 'amount_fen']])
  assert.equal(rowOf(await ledger(month(-2)), full).paid_fen, 0)
  // The same month twice in one batch: the second is refused, nothing written.
  const dup = await sec.post('/dues/payments', { items: [pay(full, month(-2), 1500), pay(full, month(-2), 1500)] })
  assertError(dup, 422, 'validation', 'month')
  assert.equal(rowOf(await ledger(month(-2)), full).paid_fen, 0)
  // Checked without writing (dry_run): 200, nothing written.
  const dry = await sec.post('/dues/payments', { items: [pay(full, month(-2), 1500)], dry_run: true })
  assert.equal(dry.status, 200, dry.text)
  assert.equal(dry.json.dry_run, true)
  assert.equal(rowOf(await ledger(month(-2)), full).paid_fen, 0)
  assertError(await sec.post('/dues/payments', { items: [pay(full, month(-2), 1500)], dry_run: 'yes' }), 422, 'validation', 'dry_run')
  // A good batch: three months at once, one 自愿多交, an old one with its reason.
  const ok = await sec.post('/dues/payments', {
    items: [pay(full, month(-2), 1500), pay(full, month(-3), 2000, { voluntary: true, method: 'online' }),
      pay(full, month(-8), 1500, { reason: '长期外派，回来补缴' })]
  })
  assert.equal(ok.status, 201, ok.text)
  assert.equal(ok.json.total, 3)
  const l3 = rowOf(await ledger(month(-3)), full)
  assert.equal(l3.paid_fen, 2000)
  assert.equal(l3.due_fen, 1500)
  assert.equal(l3.method, 'online')
  // Already paid.
  assertError(await sec.post('/dues/payments', { items: [pay(full, month(-2), 1500)] }), 422, 'validation', 'month')
  // Audited, with who recorded it.
  const audit = await admin.ok(`/audit?object_type=dues_payment&object_id=${ok.json.items[0].id}`)
  assert.equal(audit.items.length, 1)
  assert.equal(audit.items[0].username, sec.user.username)
})

test('reversal: the only correction; once; the month may then be paid again', async () => {
  const r = await sec.post('/dues/payments', { items: [pay(full, month(-4), 1500)] })
  assert.equal(r.status, 201, r.text)
  const id = r.json.items[0].id
  assertError(await sec.post(`/dues/payments/${id}/reversal`, {}), 422, 'validation', 'reason')
  assertError(await jinzhou.post(`/dues/payments/${id}/reversal`, { reason: '越权' }), 404, 'not_found')
  assertError(await reviewer.post(`/dues/payments/${id}/reversal`, { reason: '越权' }), 403, 'forbidden')
  const rev = await sec.post(`/dues/payments/${id}/reversal`, { reason: '录入错误' })
  assert.equal(rev.status, 201, rev.text)
  assert.equal(rev.json.amount_fen, -1500)
  assert.equal(rev.json.reverses_id, id)
  assertError(await sec.post(`/dues/payments/${id}/reversal`, { reason: '再次' }), 409, 'conflict')
  assertError(await sec.post(`/dues/payments/${rev.json.id}/reversal`, { reason: '冲销冲销' }), 422, 'validation')
  assert.equal(rowOf(await ledger(month(-4)), full).paid_fen, 0)
  // Both rows stay in the member's history.
  const own = await sec.ok(`/members/${full.id}/dues?year=${month(-4).slice(0, 4)}`)
  assert.ok(own.payments.some((p) => p.id === id && p.reversed))
  assert.ok(own.payments.some((p) => p.id === rev.json.id && p.amount_fen === -1500))
  const again = await sec.post('/dues/payments', { items: [pay(full, month(-4), 1500, { method: 'transfer' })] })
  assert.equal(again.status, 201, again.text)
  assert.equal(rowOf(await ledger(month(-4)), full).paid_fen, 1500)
})

test('ledger: computed per member with totals for the subtree; scope; .xlsx', async () => {
  const mo = month(-1)
  const l = await ledger(mo)
  assert.equal(l.month, mo)
  assert.equal(l.totals.members, 4)
  const f = rowOf(l, full)
  assert.deepEqual([f.kind, f.base_fen, f.due_fen], ['employed', 300000, 1500])
  const rc = rowOf(l, recent)
  assert.deepEqual([rc.kind, rc.base_fen, rc.due_fen], ['employed', 500001, 7500])
  assert.equal(rowOf(l, lapsed5).due_fen, 20)
  assert.equal(l.totals.due_fen, l.items.reduce((a, x) => a + (x.due_fen || 0), 0))
  // A member who joined after the month is not in its ledger.
  assert.equal(rowOf(await ledger(month(-3)), recent), undefined)
  // Scope: the branch's own secretary of another branch, another city, a member.
  assertError(await jinzhou.get(`/dues/ledger?org=${branch.id}&month=${mo}`), 404, 'not_found')
  assertError(await member1.get(`/dues/ledger?org=${branch.id}`), 403, 'forbidden')
  assertError(await admin.get(`/dues/ledger?org=${branch.id}&month=2026-13`), 400, 'bad_request', 'month')
  assert.equal((await jianghai.get(`/dues/ledger?org=${branch.id}&month=${mo}`)).status, 200)
  const x = await yizhibu.get(`/dues/ledger?org=${branch.id}&month=${mo}&format=xlsx`)
  assert.equal(x.status, 404) // yizhibu is the secretary of another branch
  const xa = await admin.get(`/dues/ledger?org=${branch.id}&month=${mo}&format=xlsx`)
  assert.equal(xa.status, 200)
  assert.match(xa.headers.get('content-type'), /spreadsheetml/)
  assert.equal(xa.bytes.subarray(0, 2).toString('latin1'), 'PK')
  assert.equal(xa.headers.get('cache-control'), 'no-store')
})

test('arrears: unpaid months; six in a row flagged (five not); on the to-do list; never changed', async () => {
  const a = await admin.ok(`/dues/arrears?org=${branch.id}&limit=200`)
  const six = a.items.find((x) => x.member_id === lapsed6.id)
  const five = a.items.find((x) => x.member_id === lapsed5.id)
  assert.equal(six.consecutive_unpaid, 6)
  assert.equal(six.flagged, true)
  assert.equal(five.consecutive_unpaid, 5)
  assert.equal(five.flagged, false)
  assert.equal(a.flagged, 1)
  assertError(await jinzhou.get(`/dues/arrears?org=${branch.id}`), 404, 'not_found')
  assertError(await member1.get('/dues/arrears'), 403, 'forbidden')
  const todo = await jianghai.ok('/todo')
  const item = todo.items.find((t) => t.kind === 'dues_lapsed' && t.org_id === branch.id)
  assert.ok(item, 'no dues_lapsed item for the branch')
  assert.match(item.title, /^1 名党员连续 6 个月未缴党费/)
  assert.equal(item.link, `/dues/arrears?org=${branch.id}`)
  // Flagged, not changed: the member is still active.
  assert.equal((await admin.ok(`/members/${lapsed6.id}`)).status, 'active')
  // Paying the last month ends the streak.
  const r = await yizhibu.post('/dues/payments', { items: [pay(lapsed6, month(-1), 2500)] })
  assertError(r, 422, 'validation', 'member_id') // yizhibu is the secretary of another branch
  const r2 = await jianghai.post('/dues/payments', { items: [pay(lapsed6, month(-1), 2500)] })
  assert.equal(r2.status, 201, r2.text)
  const b = await admin.ok(`/dues/arrears?org=${branch.id}&limit=200`)
  assert.equal(b.items.find((x) => x.member_id === lapsed6.id).flagged, false)
})

test('import: CSV in GB18030, errors by row and column, all rows or none', async () => {
  const { execFileSync } = await import('node:child_process')
  const gb = (s) => execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: s })
  const csv = (c, text, q = '') => c.post('/dues/payments/import' + q, gb(text), { headers: { 'Content-Type': 'text/csv' } })
  const head = '党员编号,月份,金额（元）,缴纳方式,缴纳日期,原因\r\n'
  const bad = head + `${lapsed5.id},${month(-1)},0.20,现金,${today()},\r\n${lapsed5.id},${month(-2)},0.30,现金,${today()},\r\n${lapsed5.id},${month(1)},0.20,现金,${today()},\r\n`
  const r = await csv(jianghai, bad)
  assertError(r, 422, 'import_invalid')
  assert.deepEqual(r.json.error.details.map((d) => [d.row, d.column]), [[3, '金额'], [4, '月份']])
  assert.equal(rowOf(await ledger(month(-1)), lapsed5).paid_fen, 0)
  const good = head + `${lapsed5.id},${month(-1)},0.20,现金,${today()},\r\n${lapsed5.id},${month(-2)},0.2,线上缴纳,${today()},\r\n`
  const dry = await csv(jianghai, good, '?dry_run=1')
  assert.equal(dry.status, 200, dry.text)
  assert.equal(dry.json.encoding, 'GB18030')
  assert.equal(rowOf(await ledger(month(-1)), lapsed5).paid_fen, 0)
  const done = await csv(jianghai, good)
  assert.equal(done.status, 200, done.text)
  assert.equal(done.json.imported, 2)
  assert.equal(rowOf(await ledger(month(-2)), lapsed5).method, 'online')
  assertError(await csv(jinzhou, good), 422, 'import_invalid') // out of scope: every row refused
  assertError(await reviewer.post('/dues/payments/import', good, { headers: { 'Content-Type': 'text/csv' } }), 403, 'forbidden')
  assertError(await jianghai.post('/dues/payments/import', '{}'), 415, 'unsupported_media_type')
})

test("a member's own dues: paid and due by month, no one else's", async () => {
  const me = member1.user.member_id
  const j = await member1.ok(`/members/${me}/dues`)
  assert.equal(j.member_id, me)
  assert.ok(j.months.length > 0)
  for (const m of j.months) assert.ok(m.due_fen === null || Number.isInteger(m.due_fen))
  assert.ok(j.bases.length > 0)
  assertError(await member1.get(`/members/${full.id}/dues`), 404, 'not_found')
  assertError(await jinzhou.get(`/members/${full.id}/dues`), 404, 'not_found')
  const f = await yizhibu.get(`/members/${full.id}/dues`)
  assert.equal(f.status, 404)
  const fa = await admin.ok(`/members/${full.id}/dues?year=${month(-2).slice(0, 4)}`)
  assert.ok(fa.months.some((m) => m.month === month(-2) && m.paid && m.paid_fen === 1500))
  assert.equal(fa.name, full.name)
})
