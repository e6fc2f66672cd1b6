// The command line (DJ_BIN) against the database the server is running on (DJ_DB).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { login, orgByName, memberBody, memberCount, token, listAll, createSecretary, request } from './lib.mjs'

const BIN = process.env.DJ_BIN
const DB = process.env.DJ_DB
const IS_PG = /^postgres(ql)?:\/\//.test(DB || '')
let dir, admin, branch

function run(args, input, env) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', timeout: 60000, env: env ? { ...process.env, ...env } : process.env })
  if (r.error) throw new Error(`cannot run ${BIN} ${args.join(' ')}: ${r.error.message}`)
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, all: `${r.stdout}\n${r.stderr}` }
}

before(async () => {
  assert.ok(BIN && fs.existsSync(BIN), 'DJ_BIN names the dangjian binary')
  assert.ok(DB && (IS_PG || fs.existsSync(DB)), 'DJ_DB names the database the server uses')
  dir = fs.mkdtempSync(path.join(process.env.DJ_TMP || os.tmpdir(), 'dj-cli-'))
  admin = await login('admin')
  branch = await orgByName(admin, '江海区中西医结合医院第一党支部')
})
after(() => fs.rmSync(dir, { recursive: true, force: true }))

test('dangjian --help exits 0 and lists the commands', () => {
  const r = run(['--help'])
  assert.equal(r.code, 0, r.all)
  for (const c of ['init', 'serve', 'user', 'import', 'export', 'backup']) assert.ok(r.stdout.includes(c), `--help mentions ${c}`)
  const sub = run(['export', '--help'])
  assert.equal(sub.code, 0, sub.all)
  assert.match(sub.all, /--format/)
})

test('an unknown subcommand exits non-zero with a message', () => {
  const r = run(['frobnicate'])
  assert.notEqual(r.code, 0)
  assert.match(r.stderr, /frobnicate/)
  const none = run([])
  assert.notEqual(none.code, 0)
  const badOpt = run(['backup', '--db', DB, '--no-such-option'])
  assert.notEqual(badOpt.code, 0)
  assert.ok(badOpt.stderr.length > 0)
})

test('user add NAME --role secretary --org ID --password-stdin; the user can then log in', async () => {
  const name = 'cli' + token()
  const password = 'CliUser2026pw'
  const r = run(['user', 'add', name, '--role', 'secretary', '--org', String(branch.id), '--password-stdin', '--db', DB], password + '\n')
  assert.equal(r.code, 0, r.all)
  const c = await login(name, password)
  const me = await c.ok('/me')
  assert.equal(me.username, name)
  assert.equal(me.role, 'secretary')
  assert.equal(me.org_id, branch.id)
  // Its scope is the branch.
  const all = await listAll(c, '/members')
  assert.equal(all.total, await memberCount(admin, branch.id))
  // The same name again fails; a weak password fails; a missing --org fails.
  assert.notEqual(run(['user', 'add', name, '--role', 'secretary', '--org', String(branch.id), '--password-stdin', '--db', DB], password + '\n').code, 0)
  assert.notEqual(run(['user', 'add', 'cli' + token(), '--role', 'secretary', '--org', String(branch.id), '--password-stdin', '--db', DB], 'short\n').code, 0)
  assert.notEqual(run(['user', 'add', 'cli' + token(), '--role', 'secretary', '--password-stdin', '--db', DB], password + '\n').code, 0)
  assert.notEqual(run(['user', 'add', 'cli' + token(), '--role', 'emperor', '--org', String(branch.id), '--password-stdin', '--db', DB], password + '\n').code, 0)
})

test('export members --format xlsx writes a zip (PK); --format csv writes the rows', async () => {
  const xlsx = path.join(dir, 'f.xlsx')
  const r = run(['export', 'members', '--format', 'xlsx', '--out', xlsx, '--org', String(branch.id), '--db', DB])
  assert.equal(r.code, 0, r.all)
  const bytes = fs.readFileSync(xlsx)
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK')
  assert.ok(bytes.length > 1000)
  const csv = path.join(dir, 'f.csv')
  const c = run(['export', 'members', '--format', 'csv', '--out', csv, '--org', String(branch.id), '--db', DB])
  assert.equal(c.code, 0, c.all)
  const text = fs.readFileSync(csv, 'utf8').replace(/^\uFEFF/, '')
  const lines = text.split(/\r?\n/).filter((l) => l)
  assert.ok(lines[0].includes('姓名') && lines[0].includes('身份证号'), lines[0])
  assert.equal(lines.length - 1, await memberCount(admin, branch.id), 'one line per member of the branch')
  const one = (await admin.ok(`/members?org=${branch.id}&limit=1`)).items[0]
  assert.ok(text.includes(one.id_number))
  assert.notEqual(run(['export', 'members', '--format', 'pdf', '--out', path.join(dir, 'x.pdf'), '--db', DB]).code, 0)
})

test('import members FILE --org ID --dry-run reports and writes nothing; without --dry-run it imports', async () => {
  const tag = 'cli-' + token()
  const rows = [memberBody(branch.id, { tags: [tag] }), memberBody(branch.id, { tags: [tag] })]
  const header = 'name,gender,birth_date,id_number,category,joined_on,full_on,tags'
  const text = [header, ...rows.map((m) => [m.name, m.gender, m.birth_date, m.id_number, m.category, m.joined_on, m.full_on, tag].join(','))].join('\n') + '\n'
  const file = path.join(dir, 'import.csv')
  fs.writeFileSync(file, text)
  const before = await memberCount(admin)
  const r = run(['import', 'members', file, '--org', String(branch.id), '--dry-run', '--db', DB])
  assert.equal(r.code, 0, r.all)
  assert.match(r.stdout, /2/)
  assert.equal(await memberCount(admin), before)
  assert.equal((await admin.ok(`/members?tag=${tag}`)).total, 0)
  // A bad file: non-zero, the row named, nothing written.
  const badFile = path.join(dir, 'bad.csv')
  fs.writeFileSync(badFile, text.replace(rows[1].id_number, rows[1].id_number.slice(0, 17) + (rows[1].id_number[17] === '0' ? '1' : '0')))
  const b = run(['import', 'members', badFile, '--org', String(branch.id), '--db', DB])
  assert.notEqual(b.code, 0)
  assert.match(b.stderr, /3/)
  assert.equal(await memberCount(admin), before)
  // The real import, while the server runs: the server sees the rows.
  const ok = run(['import', 'members', file, '--org', String(branch.id), '--db', DB])
  assert.equal(ok.code, 0, ok.all)
  assert.equal(await memberCount(admin), before + 2)
  assert.equal((await admin.ok(`/members?tag=${tag}`)).total, 2)
})

test('a large file is written as a bulk, on two threads when asked (DJ_IMPORT_THREADS=2): a number twice in the file is found, nothing written; then all rows, and the audit chain holds', async () => {
  const tag = 'bulk-' + token()
  const rows = []
  for (let i = 0; i < 2500; i++) rows.push(memberBody(branch.id, { tags: [tag] }))
  const header = 'name,gender,birth_date,id_number,category,joined_on,full_on,tags'
  const line = (m) => [m.name, m.gender, m.birth_date, m.id_number, m.category, m.joined_on, m.full_on, tag].join(',')
  const good = [header, ...rows.map(line)].join('\n') + '\n'
  assert.ok(good.length > 128 * 1024, 'over the bulk threshold')
  // The 1,000th row's number again at the end: only writing finds it (the unique index), on the writer's thread.
  const dup = good + line({ ...memberBody(branch.id), id_number: rows[999].id_number, birth_date: rows[999].birth_date, gender: rows[999].gender }) + '\n'
  const dupFile = path.join(dir, 'bulk-dup.csv'), goodFile = path.join(dir, 'bulk.csv')
  fs.writeFileSync(dupFile, dup)
  fs.writeFileSync(goodFile, good)
  const before = await memberCount(admin)
  for (const threads of ['2', '1']) {
    const b = run(['import', 'members', dupFile, '--org', String(branch.id), '--db', DB], undefined, { DJ_IMPORT_THREADS: threads })
    assert.notEqual(b.code, 0, b.all)
    assert.match(b.all, /2502/, `the duplicate's line is named (threads ${threads})`)
    assert.equal(await memberCount(admin), before)
  }
  const ok = run(['import', 'members', goodFile, '--org', String(branch.id), '--db', DB], undefined, { DJ_IMPORT_THREADS: '2' })
  assert.equal(ok.code, 0, ok.all)
  assert.equal((await admin.ok(`/members?tag=${tag}&limit=1`)).total, 2500)
  const v = run(['audit', 'verify', '--db', DB])
  assert.equal(v.code, 0, v.all)
  // Each imported member has its own audit record, in order.
  const one = (await admin.ok(`/members?tag=${tag}&limit=1&sort=id`)).items[0]
  assert.equal((await admin.ok(`/audit?object_type=member&object_id=${one.id}&action=import`)).total, 1)
})

test('backup --out FILE while the server runs gives an intact database with the same members', async () => {
  const out = path.join(dir, 'backup.db')
  const r = run(['backup', '--out', out, '--db', DB])
  // From PostgreSQL too the backup is a SQLite file: one snapshot, checked table by table.
  assert.equal(r.code, 0, r.all)
  if (IS_PG) assert.match(r.all, /every table matches/)
  assert.ok(fs.statSync(out).size > 0)
  const ic = spawnSync('sqlite3', [out, 'PRAGMA integrity_check'], { encoding: 'utf8' })
  assert.equal(ic.status, 0, ic.stderr)
  assert.equal(ic.stdout.trim(), 'ok')
  const n = spawnSync('sqlite3', [out, 'SELECT COUNT(*) FROM members WHERE deleted_at IS NULL'], { encoding: 'utf8' })
  assert.equal(n.status, 0, n.stderr)
  assert.equal(Number(n.stdout.trim()), await memberCount(admin))
  // A backup to a path that cannot be written fails; so does one over an existing file, which stays as it was.
  assert.notEqual(run(['backup', '--out', path.join(dir, 'no', 'such', 'dir', 'b.db'), '--db', DB]).code, 0)
  const size = fs.statSync(out).size
  const again = run(['backup', '--out', out, '--db', DB])
  assert.notEqual(again.code, 0)
  assert.match(again.all, /already exists/)
  assert.equal(fs.statSync(out).size, size)
})

test('user unlock NAME lifts a lockout; user passwd does too; unknown subcommands are refused', async () => {
  const { username, password } = await createSecretary(admin, 'cliunlock', '命令行解锁')
  const lockFrom = async (ip) => {
    for (let i = 0; i < 10; i++) await request('POST', '/session', { username, password: 'no' + i }, { headers: { 'X-Forwarded-For': ip } })
    assert.equal((await request('POST', '/session', { username, password }, { headers: { 'X-Forwarded-For': ip } })).status, 423)
  }
  await lockFrom('198.18.0.1')
  const r = run(['user', 'unlock', username, '--db', DB])
  assert.equal(r.code, 0, r.all)
  assert.equal((await request('POST', '/session', { username, password }, { headers: { 'X-Forwarded-For': '198.18.0.1' } })).status, 200)
  await lockFrom('198.18.0.2')
  const p = run(['user', 'passwd', username, '--password-stdin', '--db', DB], 'NewUnlock2026pw\n')
  assert.equal(p.code, 0, p.all)
  assert.equal((await request('POST', '/session', { username, password: 'NewUnlock2026pw' }, { headers: { 'X-Forwarded-For': '198.18.0.2' } })).status, 200)
  const none = run(['user', 'unlock', 'nosuchuser' + token(), '--db', DB])
  assert.notEqual(none.code, 0)
  assert.match(none.stderr, /no user/)
  const bad = run(['user', 'remove', username, '--db', DB])
  assert.equal(bad.code, 2)
  assert.match(bad.stderr, /unknown user command/)
  const blank = run(['user', 'add', '', '--role', 'admin', '--password-stdin', '--db', DB], 'GoodPass2026x\n')
  assert.notEqual(blank.code, 0)
  assert.match(blank.stderr, /用户名/)
})

test('a --db that names no database is an error for every command but init, and creates nothing', () => {
  const missing = path.join(dir, 'typo-' + token() + '.db')
  for (const args of [['backup', '--out', path.join(dir, 'b-' + token() + '.db')], ['export', 'members', '--format', 'csv', '--out', path.join(dir, 'e.csv')],
    ['audit', 'verify'], ['user', 'unlock', 'admin'], ['serve', '--listen', '127.0.0.1:1']]) {
    const r = run([...args, '--db', missing])
    assert.notEqual(r.code, 0, `${args[0]} on a missing db: ${r.all}`)
    assert.match(r.stderr, /no database at/)
    assert.ok(!fs.existsSync(missing), `${args[0]} created ${missing}`)
  }
  const restore = run(['restore', '--from', missing, '--db', path.join(dir, 'r-' + token() + '.db')])
  assert.equal(restore.code, 1, restore.all)
  assert.match(restore.stderr, /no database at/)
  assert.ok(!fs.existsSync(missing))
})
