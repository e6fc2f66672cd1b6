// The server keeps rendered member-list pages and dashboards per connection (`serve --cache`,
// SQLite): a page must never outlive a change. Every request below is sent several times at
// once, so that each of the server's threads has the page cached before the change.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { login, orgByName, createMember, memberBody, token } from './lib.mjs'

const TIMES = 12
let admin, jianghai, reviewer, branch

// The same GET TIMES times concurrently; all answers must agree, and that answer is returned.
async function askAll(client, p) {
  const all = await Promise.all(Array.from({ length: TIMES }, () => client.ok(p)))
  for (const a of all) assert.deepEqual(a, all[0], `every thread answers ${p} alike`)
  return all[0]
}

before(async () => {
  admin = await login('admin')
  jianghai = await login('jianghai')
  reviewer = await login('reviewer')
  branch = await orgByName(admin, '江海区中西医结合医院第一党支部')
})

test('an edit, a create and a delete through the API show at once in a page every thread had cached', async () => {
  const m = await createMember(admin, branch.id, { name: '缓存' + token().replace(/\d/g, '') })
  const page = `/members?org=${branch.id}&limit=200&sort=-id`
  const first = await askAll(jianghai, page)
  assert.equal(first.items[0].id, m.id)
  const r = await admin.patch(`/members/${m.id}`, { name: '缓存改名', version: m.version })
  assert.equal(r.status, 200, r.text)
  const edited = await askAll(jianghai, page)
  assert.equal(edited.items[0].name, '缓存改名')
  const n = await createMember(admin, branch.id)
  const created = await askAll(jianghai, page)
  assert.equal(created.total, first.total + 1)
  assert.equal(created.items[0].id, n.id)
  assert.equal((await admin.del(`/members/${n.id}?version=${n.version}`)).status, 200)
  const deleted = await askAll(jianghai, page)
  assert.equal(deleted.total, first.total)
  assert.ok(!deleted.items.some((x) => x.id === n.id))
})

test('the dashboard counts a new member at once', async () => {
  const before = await askAll(jianghai, '/dashboard')
  await createMember(admin, branch.id)
  const after = await askAll(jianghai, '/dashboard')
  assert.equal(after.members.total, before.members.total + 1)
})

test('a write by another process (the command-line import) shows in the next page and dashboard', async () => {
  const BIN = process.env.DJ_BIN
  const DB = process.env.DJ_DB
  assert.ok(BIN && DB, 'DJ_BIN and DJ_DB name the binary and the database the server uses')
  const page = `/members?org=${branch.id}&limit=1`
  const before = await askAll(jianghai, page)
  const dashBefore = await askAll(jianghai, '/dashboard')
  const m = memberBody(branch.id)
  const dir = fs.mkdtempSync(path.join(process.env.DJ_TMP || os.tmpdir(), 'dj-cache-'))
  const file = path.join(dir, 'one.csv')
  fs.writeFileSync(file, 'name,gender,birth_date,id_number,category,joined_on,full_on\n' +
    [m.name, m.gender, m.birth_date, m.id_number, m.category, m.joined_on, m.full_on].join(',') + '\n')
  const r = spawnSync(BIN, ['import', 'members', file, '--org', String(branch.id), '--db', DB], { encoding: 'utf8', timeout: 60000 })
  fs.rmSync(dir, { recursive: true, force: true })
  assert.equal(r.status, 0, r.stderr)
  assert.equal((await askAll(jianghai, page)).total, before.total + 1)
  assert.equal((await askAll(jianghai, '/dashboard')).members.total, dashBefore.members.total + 1)
})

test('the same page for a role that sees numbers and one that does not: each gets its own', async () => {
  const jinzhou = await orgByName(admin, '锦州市卫生健康行业党委')
  const page = `/members?org=${jinzhou.id}&limit=20`
  const plain = await askAll(admin, page)
  const masked = await askAll(reviewer, page)
  const again = await askAll(admin, page)
  assert.deepEqual(plain.items.map((x) => x.id), masked.items.map((x) => x.id))
  assert.ok(plain.items.some((x) => /^\d{17}[\dX]$/.test(x.id_number)), 'the administrator sees whole ID numbers')
  for (const x of masked.items) {
    if (x.id_number) assert.match(x.id_number, /\*/, 'the reviewer sees masked ID numbers')
    if (x.phone) assert.match(x.phone, /\*/, 'the reviewer sees masked phone numbers')
  }
  assert.deepEqual(again, plain)
})

test('a page outside a scope is not served from another user\'s cache', async () => {
  const wuhan = await orgByName(admin, '武汉市民营医疗机构行业党委')
  await askAll(admin, `/members?org=${wuhan.id}&limit=5`)
  const r = await jianghai.get(`/members?org=${wuhan.id}&limit=5`)
  assert.equal(r.status, 404)
})
