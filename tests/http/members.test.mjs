// Members: create, read, update with optimistic locking, soft delete and restore, transfer and
// history, paging, sorting, filters, search, and the validation rules of docs/API.md.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import {
  login, assertError, orgByName, memberBody, createMember, memberCount, listAll, idNumber, withWrongCheck,
  cjkName, token, dayOffset
} from './lib.mjs'

let admin, branch1, branch2
before(async () => {
  admin = await login('admin')
  branch1 = await orgByName(admin, '江海区中西医结合医院第一党支部')
  branch2 = await orgByName(admin, '江海区中西医结合医院第二党支部')
})

test('create with every field → 201, and reading it back gives the same values', async () => {
  const body = memberBody(branch2.id, {
    name: '欧阳' + cjkName(2), gender: 'female', birth_date: '1988-03-09', ethnicity: '壮族', education: '研究生',
    title: '副主任医师', department: '妇科', position: '科主任', category: 'full', status: 'mobile',
    joined_on: '2010-06-30', full_on: '2011-06-30', tags: ['业务骨干', '后备干部'], phone: '13812345678'
  })
  body.id_number = idNumber({ birth: '1988-03-09', male: false })
  const r = await admin.post('/members', body)
  assert.equal(r.status, 201, r.text)
  const m = r.json
  assert.equal(typeof m.id, 'number')
  assert.equal(m.version, 1)
  assert.equal(m.deleted, false)
  assert.equal(m.org_name, branch2.name)
  for (const [k, v] of Object.entries(body)) assert.deepEqual(m[k], v, `field ${k}`)
  const g = await admin.ok(`/members/${m.id}`)
  for (const [k, v] of Object.entries(body)) assert.deepEqual(g[k], v, `read back ${k}`)
  assert.equal(g.org_name, branch2.name)
})

test('Chinese labels are accepted for enums and stored as wire names; a lower-case x is upper-cased', async () => {
  let id
  do id = idNumber({ birth: '1979-11-05', male: true }); while (!id.endsWith('X'))
  const m = await createMember(admin, branch2.id, {
    gender: '男', birth_date: '1979-11-05', id_number: id.toLowerCase(), category: '预备党员', status: '流动',
    joined_on: '2024-01-15', full_on: null
  })
  assert.equal(m.gender, 'male')
  assert.equal(m.category, 'probationary')
  assert.equal(m.status, 'mobile')
  assert.equal(m.id_number, id)
})

test('every wire name of the enums is accepted: categories and statuses', async () => {
  for (const category of ['full', 'probationary']) {
    const r = await admin.post('/members', memberBody(branch2.id, { category, full_on: category === 'full' ? '2016-07-01' : null }))
    assert.equal(r.status, 201, `category ${category}: ${r.text}`)
    assert.equal(r.json.category, category)
  }
  for (const status of ['active', 'mobile', 'lost_contact', 'transferred_out', 'suspended', 'deceased']) {
    const r = await admin.post('/members', memberBody(branch2.id, { status }))
    assert.equal(r.status, 201, `status ${status}: ${r.text}`)
    assert.equal(r.json.status, status)
  }
  // status defaults to active.
  const body = memberBody(branch2.id)
  delete body.status
  const r = await admin.post('/members', body)
  assert.equal(r.status, 201, r.text)
  assert.equal(r.json.status, 'active')
})

test('update with the version read → 200, version + 1; a stale version → 409 and nothing changes', async () => {
  const m = await createMember(admin, branch2.id)
  const r = await admin.patch(`/members/${m.id}`, { version: m.version, position: '护士长', department: '外科' })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.version, m.version + 1)
  assert.equal(r.json.position, '护士长')
  assert.equal(r.json.department, '外科')
  assert.equal(r.json.name, m.name, 'fields not sent are kept')
  // The same (now stale) version again.
  const stale = await admin.patch(`/members/${m.id}`, { version: m.version, position: '被覆盖' })
  assertError(stale, 409, 'conflict')
  const g = await admin.ok(`/members/${m.id}`)
  assert.equal(g.version, m.version + 1)
  assert.equal(g.position, '护士长')
  // PATCH without a version → 422 version.
  assertError(await admin.patch(`/members/${m.id}`, { position: 'x' }), 422, 'validation', 'version')
  // An invalid change is refused as a whole.
  assertError(await admin.patch(`/members/${m.id}`, { version: g.version, position: '主任', phone: '12345' }), 422, 'validation', 'phone')
  assert.equal((await admin.ok(`/members/${m.id}`)).position, '护士长')
  // org_id cannot change by PATCH.
  assertError(await admin.patch(`/members/${m.id}`, { version: g.version, org_id: branch1.id }), 422, 'validation', 'org_id')
  assert.equal((await admin.ok(`/members/${m.id}`)).org_id, branch2.id)
})

test('saving a form with nothing changed → 200, the same version, no history entry; a stale version is still 409', async () => {
  const m = await createMember(admin, branch2.id, { tags: ['业务骨干', '三培养'] })
  const same = { version: m.version, name: m.name, phone: m.phone, department: m.department, tags: m.tags,
    full_on: m.full_on, birth_date: m.birth_date }
  const r = await admin.patch(`/members/${m.id}`, same)
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.version, m.version, 'nothing written, so the version stays')
  const h = await admin.ok(`/members/${m.id}/history`)
  assert.deepEqual(h.items.map((x) => x.action), ['create'])
  // A colleague who read the same version can still save a real change …
  const real = await admin.patch(`/members/${m.id}`, { version: m.version, tags: ['三培养'] })
  assert.equal(real.status, 200, real.text)
  assert.equal(real.json.version, m.version + 1)
  assert.deepEqual(real.json.tags, ['三培养'])
  // … after which the first version is stale, whether or not the form changed anything.
  assertError(await admin.patch(`/members/${m.id}`, same), 409, 'conflict')
  assertError(await admin.patch(`/members/${m.id}`, { version: m.version }), 409, 'conflict')
  // A PATCH of the version alone, on the current version, changes nothing either.
  const bare = await admin.patch(`/members/${m.id}`, { version: real.json.version })
  assert.equal(bare.status, 200, bare.text)
  assert.equal(bare.json.version, real.json.version)
  const hist = await admin.ok(`/members/${m.id}/history`)
  assert.deepEqual([hist.items.length, hist.total, hist.next], [2, 2, null], 'a list: items, total, next')
})

test('soft delete: gone from the list, listed with deleted=1; restore brings it back', async () => {
  const tag = 'del-' + token()
  const m = await createMember(admin, branch2.id, { tags: [tag] })
  const count = await memberCount(admin)
  // A stale version is refused.
  assertError(await admin.del(`/members/${m.id}?version=${m.version + 5}`), 409, 'conflict')
  const d = await admin.del(`/members/${m.id}?version=${m.version}`)
  assert.equal(d.status, 200, d.text)
  assert.equal(d.json.deleted, true)
  assert.equal(await memberCount(admin), count - 1)
  assert.equal((await admin.ok(`/members?tag=${tag}`)).total, 0)
  const gone = await admin.ok(`/members?tag=${tag}&deleted=1`)
  assert.deepEqual(gone.items.map((x) => x.id), [m.id])
  assert.equal(gone.items[0].deleted, true)
  const r = await admin.post(`/members/${m.id}/restore`, { version: d.json.version })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.deleted, false)
  assert.deepEqual((await admin.ok(`/members?tag=${tag}`)).items.map((x) => x.id), [m.id])
  assert.equal((await admin.ok(`/members?tag=${tag}&deleted=1`)).total, 0)
  assert.equal(await memberCount(admin), count)
  const actions = (await admin.ok(`/members/${m.id}/history`)).items.filter((e) => e.kind === 'change').map((e) => e.action)
  assert.deepEqual(actions.slice(0, 3), ['restore', 'delete', 'create'])
})

test('restoring a member whose ID number was registered again meanwhile → 409', async () => {
  const m = await createMember(admin, branch2.id)
  const d = await admin.del(`/members/${m.id}?version=${m.version}`)
  assert.equal(d.status, 200, d.text)
  // The number is free while deleted? Either way the restore must not create a duplicate.
  const again = await admin.post('/members', memberBody(branch1.id, { id_number: m.id_number, birth_date: m.birth_date, gender: m.gender }))
  if (again.status === 201) {
    assertError(await admin.post(`/members/${m.id}/restore`, { version: d.json.version }), 409, 'conflict')
    assert.equal((await admin.ok(`/members/${m.id}`)).deleted, true)
  } else {
    assertError(again, 409, 'conflict')
  }
})

test('transfer: the org changes; the history shows the transfer with names and the updates', async () => {
  const m = await createMember(admin, branch2.id, { position: '医师' })
  const u = await admin.patch(`/members/${m.id}`, { version: m.version, position: '主任医师' })
  assert.equal(u.status, 200, u.text)
  const t = await admin.post(`/members/${m.id}/transfer`, {
    to_org_id: branch1.id, transfer_date: dayOffset(-1), reason: '工作调动', version: u.json.version
  })
  assert.equal(t.status, 200, t.text)
  assert.equal(t.json.org_id, branch1.id)
  assert.equal(t.json.org_name, branch1.name)
  assert.ok(t.json.version > u.json.version)
  // It follows the list filters.
  assert.ok((await listAll(admin, `/members?org=${branch1.id}&department=${encodeURIComponent(m.department)}`)).items.some((x) => x.id === m.id))
  assert.ok(!(await listAll(admin, `/members?org=${branch2.id}&department=${encodeURIComponent(m.department)}`)).items.some((x) => x.id === m.id))
  // A stale version is refused; the same org is refused.
  assertError(await admin.post(`/members/${m.id}/transfer`, { to_org_id: branch2.id, transfer_date: dayOffset(0), version: u.json.version }), 409, 'conflict')
  assertError(await admin.post(`/members/${m.id}/transfer`, { to_org_id: branch1.id, transfer_date: dayOffset(0), version: t.json.version }), 422, 'validation', 'to_org_id')
  assert.equal((await admin.ok(`/members/${m.id}`)).org_id, branch1.id)

  const h = await admin.ok(`/members/${m.id}/history`)
  const tr = h.items.filter((e) => e.kind === 'transfer')
  assert.equal(tr.length, 1)
  assert.equal(tr[0].from_org_id, branch2.id)
  assert.equal(tr[0].from_org_name, branch2.name)
  assert.equal(tr[0].to_org_id, branch1.id)
  assert.equal(tr[0].to_org_name, branch1.name)
  assert.equal(tr[0].transfer_date, dayOffset(-1))
  assert.equal(tr[0].reason, '工作调动')
  assert.equal(tr[0].by, 'admin')
  const changes = h.items.filter((e) => e.kind === 'change')
  const upd = changes.find((e) => e.action === 'update')
  assert.ok(upd, 'an update entry')
  assert.deepEqual(upd.changes.position, ['医师', '主任医师'])
  assert.equal(upd.by, 'admin')
  assert.ok(changes.some((e) => e.action === 'create'), 'a create entry')
  // Newest first.
  const ats = h.items.map((e) => e.at)
  assert.deepEqual([...ats].sort().reverse(), ats)
  assert.equal(h.items[h.items.length - 1].action, 'create')
})

test('paging: limit, offset, total, next; pages do not overlap', async () => {
  const total = (await admin.ok(`/members?org=${branch1.id}&limit=1`)).total
  assert.ok(total > 12, 'enough members in the branch')
  const p1 = await admin.ok(`/members?org=${branch1.id}&limit=5&sort=id`)
  assert.equal(p1.items.length, 5)
  assert.equal(p1.total, total)
  assert.equal(p1.next, 5)
  const p2 = await admin.ok(`/members?org=${branch1.id}&limit=5&offset=5&sort=id`)
  assert.equal(p2.items.length, 5)
  assert.equal(p2.next, 10)
  assert.ok(p1.items[4].id < p2.items[0].id)
  const ids = new Set([...p1.items, ...p2.items].map((x) => x.id))
  assert.equal(ids.size, 10)
  const last = await admin.ok(`/members?org=${branch1.id}&limit=5&offset=${total - 2}`)
  assert.equal(last.items.length, 2)
  assert.equal(last.next, null)
  const beyond = await admin.ok(`/members?org=${branch1.id}&offset=${total + 10}`)
  assert.equal(beyond.items.length, 0)
  assert.equal(beyond.total, total)
  // Default 20.
  assert.equal((await admin.ok(`/members?org=${branch1.id}`)).items.length, Math.min(20, total))
  for (const bad of ['limit=0', 'limit=201', 'limit=abc', 'offset=-1', 'offset=x']) {
    assertError(await admin.get(`/members?${bad}`), 400, 'bad_request')
  }
})

test('sort by name, -joined_on, birth_date; an unknown sort → 400', async () => {
  const ptag = 'py-' + token()
  for (const n of ['朱', '陈', '王', '安', '刘', '张', '黄']) await createMember(admin, branch1.id, { name: n + '排序', tags: [ptag] })
  const page = await admin.ok(`/members?org=${branch1.id}&limit=200&sort=name`)
  const byName = page.items.map((x) => x.name)
  assert.ok(byName.length > 5)
  // By pinyin, as a roster sorts names: surnames of distinct syllables in pinyin order (members of
  // their own tag, so that the other suites' members cannot push them off the page).
  const SURNAMES = ['安', '白', '蔡', '曹', '陈', '邓', '丁', '杜', '范', '方', '冯', '高', '郭', '韩', '何', '胡', '黄', '江', '金',
    '李', '梁', '林', '刘', '卢', '马', '潘', '彭', '钱', '秦', '任', '沈', '石', '宋', '苏', '孙', '唐', '田', '王', '魏', '吴', '夏',
    '肖', '谢', '徐', '杨', '叶', '于', '袁', '张', '赵', '郑', '周', '朱']
  const rank = (n) => SURNAMES.indexOf(n[0])
  const up = (await admin.ok(`/members?org=${branch1.id}&tag=${ptag}&sort=name`)).items.map((x) => rank(x.name))
  const down = (await admin.ok(`/members?org=${branch1.id}&tag=${ptag}&sort=-name`)).items.map((x) => rank(x.name))
  assert.equal(up.length, 7)
  for (let i = 1; i < up.length; i++) assert.ok(up[i - 1] < up[i], `name order at ${i}: ${SURNAMES[up[i - 1]]} before ${SURNAMES[up[i]]}`)
  assert.deepEqual(down, [...up].reverse(), '-name is the reverse')
  const desc = (await admin.ok(`/members?org=${branch1.id}&limit=200&sort=-name`)).items.map((x) => x.name)
  if (page.total <= 200) assert.deepEqual([...desc].sort(), [...byName].sort(), 'the same members either way')
  const joined = (await admin.ok(`/members?org=${branch1.id}&limit=200&sort=-joined_on`)).items.map((x) => x.joined_on)
  for (let i = 1; i < joined.length; i++) assert.ok(joined[i - 1] >= joined[i], `-joined_on order at ${i}`)
  const births = (await admin.ok(`/members?org=${branch1.id}&limit=200&sort=birth_date`)).items.map((x) => x.birth_date)
  for (let i = 1; i < births.length; i++) assert.ok(births[i - 1] <= births[i], `birth_date order at ${i}`)
  assertError(await admin.get('/members?sort=id_number'), 400, 'bad_request', 'sort')
  assertError(await admin.get('/members?sort=name;DROP'), 400, 'bad_request', 'sort')
})

test('filters: category, status, tag, department', async () => {
  const tag = 'flt-' + token()
  const dept = '测试科' + token()
  const a = await createMember(admin, branch2.id, { tags: [tag, '后备干部'], department: dept, category: 'full', status: 'active' })
  const b = await createMember(admin, branch2.id, { tags: [tag], department: dept, category: '预备党员', full_on: null, joined_on: dayOffset(-100), status: 'active' })
  const c = await createMember(admin, branch2.id, { tags: [tag], department: dept, category: 'full', status: 'lost_contact' })
  const d = await createMember(admin, branch2.id, { tags: ['其他'], department: dept, category: 'full', status: 'active' })
  const ids = async (q) => (await listAll(admin, `/members?${q}`)).items.map((x) => x.id).sort((x, y) => x - y)
  assert.deepEqual(await ids(`tag=${tag}`), [a.id, b.id, c.id])
  assert.deepEqual(await ids(`department=${encodeURIComponent(dept)}`), [a.id, b.id, c.id, d.id])
  assert.deepEqual(await ids(`department=${encodeURIComponent(dept)}&category=probationary`), [b.id])
  assert.deepEqual(await ids(`department=${encodeURIComponent(dept)}&status=lost_contact`), [c.id])
  assert.deepEqual(await ids(`tag=${tag}&category=full&status=active`), [a.id])
  assert.deepEqual(await ids(`department=${encodeURIComponent(dept)}&tag=${encodeURIComponent('后备干部')}`), [a.id])
  assert.deepEqual(await ids(`department=${encodeURIComponent(dept)}&org=${branch1.id}`), [])
  // Every result of a broad filter matches it.
  const pro = await admin.ok(`/members?category=probationary&limit=200`)
  assert.ok(pro.items.length > 0)
  for (const m of pro.items) assert.equal(m.category, 'probationary')
  const mob = await admin.ok(`/members?status=mobile&limit=200`)
  for (const m of mob.items) assert.equal(m.status, 'mobile')
})

test('search q: a 3+ character name fragment (full text) and a 2-character name', async () => {
  const long = await createMember(admin, branch2.id, { name: '诸葛' + cjkName(3) })
  const frag = long.name.slice(1, 4)
  const found = await listAll(admin, `/members?q=${encodeURIComponent(frag)}`)
  assert.ok(found.items.some((x) => x.id === long.id), `q=${frag} finds ${long.name}`)
  for (const m of found.items) {
    assert.ok([m.name, m.department, m.phone].some((s) => s && s.includes(frag)), `${m.name} matches ${frag}`)
  }
  const short = await createMember(admin, branch2.id, { name: cjkName(1) + cjkName(1) })
  const two = await listAll(admin, `/members?q=${encodeURIComponent(short.name)}`)
  assert.ok(two.items.some((x) => x.id === short.id), `q=${short.name} finds it`)
  for (const m of two.items) assert.ok([m.name, m.department, m.phone].some((s) => s && s.includes(short.name)))
  // Search stays inside the scope and the org filter.
  assert.ok(!(await listAll(admin, `/members?q=${encodeURIComponent(frag)}&org=${branch1.id}`)).items.some((x) => x.id === long.id))
  const liyong = await login('liyong')
  assert.ok(!(await listAll(liyong, `/members?q=${encodeURIComponent(frag)}`)).items.some((x) => x.id === long.id))
  // After a rename the index follows.
  const renamed = '上官' + cjkName(3)
  assert.equal((await admin.patch(`/members/${long.id}`, { version: long.version, name: renamed })).status, 200)
  assert.ok((await listAll(admin, `/members?q=${encodeURIComponent(renamed.slice(0, 3))}`)).items.some((x) => x.id === long.id))
  assert.ok(!(await listAll(admin, `/members?q=${encodeURIComponent(frag)}`)).items.some((x) => x.id === long.id))
  // FTS syntax in q is just text.
  for (const q of ['"', 'a OR b', 'NEAR(x y)', '*', '%_', "'--"]) {
    const r = await admin.get(`/members?q=${encodeURIComponent(q)}`)
    assert.equal(r.status, 200, `q=${q}: ${r.text}`)
  }
})

test('duplicate id_number → 409 on create and on update', async () => {
  const m = await createMember(admin, branch2.id)
  const count = await memberCount(admin)
  const dup = memberBody(branch1.id, { birth_date: m.birth_date, gender: m.gender, id_number: m.id_number })
  assertError(await admin.post('/members', dup), 409, 'conflict')
  const other = await createMember(admin, branch2.id, { birth_date: m.birth_date, gender: m.gender })
  assertError(await admin.patch(`/members/${other.id}`, { version: other.version, id_number: m.id_number }), 409, 'conflict')
  assert.equal(await memberCount(admin), count + 1)
})

test('validation of the ID number, dates and fields → 422 with the field; nothing written', async () => {
  const count = await memberCount(admin)
  const ok = memberBody(branch2.id, { birth_date: '1990-04-12', gender: 'male' })
  ok.id_number = idNumber({ birth: '1990-04-12', male: true })
  const cases = [
    [{ id_number: withWrongCheck(ok.id_number) }, 'id_number'],
    [{ id_number: idNumber({ birth: '1990-04-13', male: true }) }, 'id_number'], // birth date differs
    [{ id_number: idNumber({ birth: '1990-04-12', male: false }) }, 'id_number'], // parity: female number, male
    [{ id_number: ok.id_number.slice(0, 17) }, 'id_number'],
    [{ id_number: ok.id_number.slice(0, 16) + 'AB' }, 'id_number'],
    [{ gender: 'other' }, 'gender'],
    [{ phone: '23812345678' }, 'phone'],
    [{ phone: '1381234567' }, 'phone'],
    [{ category: 'candidate' }, 'category'],
    [{ status: 'retired' }, 'status'],
    [{ birth_date: '1990-02-30' }, 'birth_date'],
    [{ joined_on: dayOffset(5) }, 'joined_on'],
    [{ joined_on: '2005-01-01' }, 'joined_on'], // 14 years old
    [{ full_on: '2014-01-01', joined_on: '2015-07-01' }, 'full_on'], // before joined_on
    [{ category: '预备党员', full_on: '2016-07-01' }, 'full_on'],
    [{ name: '名'.repeat(51) }, 'name'],
    [{ department: '科'.repeat(101) }, 'department'],
    [{ tags: ['ok', ''] }, 'tags'],
    [{ tags: 'backbone' }, 'tags']
  ]
  for (const [over, field] of cases) {
    const r = await admin.post('/members', { ...ok, ...over })
    assertError(r, 422, 'validation', field)
  }
  // A birth date in the future (with a matching ID number).
  const future = dayOffset(30)
  const rf = await admin.post('/members', { ...ok, birth_date: future, id_number: idNumber({ birth: future, male: true }) })
  assert.equal(rf.status, 422, rf.text)
  assert.ok(['birth_date', 'id_number'].includes(rf.json.error.field))
  assert.equal(await memberCount(admin), count)
  // The valid body is accepted.
  const r = await admin.post('/members', ok)
  assert.equal(r.status, 201, r.text)
})

test('GET of a member that does not exist, or a malformed id → 404', async () => {
  assertError(await admin.get('/members/99999999'), 404, 'not_found')
  assertError(await admin.get('/members/abc'), 404, 'not_found')
  assertError(await admin.get('/members/0'), 404, 'not_found')
  assertError(await admin.patch('/members/99999999', { version: 1, name: 'x' }), 404, 'not_found')
})

test('export: csv and xlsx of the list with its filters', async () => {
  const tag = 'exp-' + token()
  const a = await createMember(admin, branch2.id, { tags: [tag] })
  const b = await createMember(admin, branch2.id, { tags: [tag] })
  const csv = await admin.get(`/members/export?format=csv&tag=${tag}`)
  assert.equal(csv.status, 200, csv.text)
  assert.match(csv.headers.get('content-type'), /text\/csv/)
  assert.match(csv.headers.get('content-disposition') || '', /attachment/)
  const text = csv.text.replace(/^\uFEFF/, '')
  const lines = text.split(/\r?\n/).filter((l) => l)
  assert.equal(lines.length, 3, 'header and two rows')
  assert.ok(lines[0].includes('姓名') && lines[0].includes('身份证号'))
  assert.ok(text.includes(a.id_number) && text.includes(b.id_number) && text.includes(a.name))
  const x = await admin.get(`/members/export?format=xlsx&tag=${tag}`)
  assert.equal(x.status, 200)
  assert.equal(x.bytes.subarray(0, 2).toString(), 'PK')
  assertError(await admin.get('/members/export?format=pdf'), 400, 'bad_request')
})

test('export keeps every cell whole: 20 tags of 50 characters come out exactly, in csv and in a valid xlsx', async () => {
  const tag = 'long-' + token()
  const tags = [tag, ...Array.from({ length: 19 }, (_, i) => '长标签'.repeat(16) + String(i).padStart(2, '0'))]
  assert.ok(tags.every((t) => [...t].length <= 50))
  const m = await createMember(admin, branch2.id, { tags })
  assert.deepEqual(m.tags, tags)
  const joined = tags.join(';')
  const csv = await admin.get(`/members/export?format=csv&tag=${tag}`)
  assert.equal(csv.status, 200, csv.text)
  new TextDecoder('utf-8', { fatal: true }).decode(csv.bytes) // throws on a character cut in two
  assert.ok(csv.text.includes(joined), 'the csv holds every tag whole')
  const x = await admin.get(`/members/export?format=xlsx&tag=${tag}`)
  assert.equal(x.status, 200)
  const py = `
import sys, zipfile, io, re
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
print('\\n'.join(re.findall(r'<t[^>]*>([^<]*)</t>', z.read('xl/worksheets/sheet1.xml').decode('utf-8'))))`
  const cells = execFileSync('python3', ['-c', py], { input: x.bytes }).toString().split('\n')
  assert.ok(cells.includes(joined), 'the xlsx cell holds every tag whole')
})

test('restoring a member that is not deleted → 409, nothing changes', async () => {
  const m = await createMember(admin, branch1.id)
  assertError(await admin.post(`/members/${m.id}/restore`, { version: m.version }), 409, 'conflict')
  assert.equal((await admin.ok(`/members/${m.id}`)).version, m.version)
})
