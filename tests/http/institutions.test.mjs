// Institutions: credit codes (GB 32100), links to organisations, filters, scope.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { login, assertError, orgByName, creditCode, withWrongCreditCheck, creditCheckChar, listAll, token } from './lib.mjs'

let admin, branch
before(async () => {
  admin = await login('admin')
  branch = await orgByName(admin, '江海区中西医结合医院第一党支部')
})

test('the generator agrees with a demo credit code', async () => {
  const all = (await listAll(admin, '/institutions')).items.filter((i) => i.credit_code)
  assert.ok(all.length > 0)
  for (const i of all) assert.equal(creditCheckChar(i.credit_code), i.credit_code[17], i.credit_code)
})

test('create with a valid credit code → 201, every field; read back', async () => {
  const code = creditCode({ prefix: '52' })
  const body = {
    name: 'HTTP测试民营医院' + token(), credit_code: code, ownership: 'private', kind: 'hospital', grade: '一级',
    district: '江海区', address: '江门市江海区测试路 1 号', latitude: 22.56, longitude: 113.11, staff_count: 120,
    org_ids: [branch.id]
  }
  const r = await admin.post('/institutions', body)
  assert.equal(r.status, 201, r.text)
  const i = r.json
  for (const k of ['name', 'credit_code', 'ownership', 'kind', 'grade', 'district', 'address', 'latitude', 'longitude', 'staff_count']) {
    assert.deepEqual(i[k], body[k], k)
  }
  assert.deepEqual(i.org_ids, [branch.id])
  assert.deepEqual(i.orgs.map((o) => [o.id, o.name]), [[branch.id, branch.name]])
  assert.equal(i.version, 1)
  assert.equal(i.deleted, false)
  const g = await admin.ok(`/institutions/${i.id}`)
  assert.equal(g.credit_code, code)
  // The org shows it.
  const o = await admin.ok(`/orgs/${branch.id}`)
  assert.ok(o.institutions.some((x) => x.id === i.id && x.name === body.name))
  // A lower-case code is accepted and stored upper-case.
  const lower = creditCode({ prefix: '12' })
  if (/[A-Z]/.test(lower)) {
    const r2 = await admin.post('/institutions', { name: 'HTTP测试小写' + token(), credit_code: lower.toLowerCase(), ownership: '公立', kind: '医院' })
    assert.equal(r2.status, 201, r2.text)
    assert.equal(r2.json.credit_code, lower)
    assert.equal(r2.json.ownership, 'public')
  }
  // Duplicate code → 409.
  assertError(await admin.post('/institutions', { ...body, name: 'HTTP测试重复' + token() }), 409, 'conflict', 'credit_code')
})

test('an invalid credit code → 422 field credit_code; nothing written', async () => {
  const before = (await admin.ok('/institutions?limit=1')).total
  const good = creditCode()
  for (const bad of [withWrongCreditCheck(good), good.slice(0, 17), good.slice(0, 16) + 'I' + good[17], good + '0', 'ABCDEFGHIJKLMNOPQR']) {
    const r = await admin.post('/institutions', { name: 'HTTP测试错码' + token(), credit_code: bad, ownership: 'public', kind: 'hospital' })
    assertError(r, 422, 'validation', 'credit_code')
  }
  assert.equal((await admin.ok('/institutions?limit=1')).total, before)
  // Other fields.
  const base = { name: 'HTTP测试字段' + token(), ownership: 'public', kind: 'hospital' }
  assertError(await admin.post('/institutions', { ...base, ownership: 'mixed' }), 422, 'validation', 'ownership')
  assertError(await admin.post('/institutions', { ...base, kind: 'spa' }), 422, 'validation', 'kind')
  assertError(await admin.post('/institutions', { ...base, latitude: 91 }), 422, 'validation', 'latitude')
  assertError(await admin.post('/institutions', { ...base, longitude: -181 }), 422, 'validation', 'longitude')
  assertError(await admin.post('/institutions', { ...base, staff_count: -1 }), 422, 'validation', 'staff_count')
  assertError(await admin.post('/institutions', { ...base, org_ids: [99999999] }), 422, 'validation', 'org_ids')
  assertError(await admin.post('/institutions', { ownership: 'public', kind: 'hospital' }), 422, 'validation', 'name')
  assert.equal((await admin.ok('/institutions?limit=1')).total, before)
})

test('link and relink to orgs (PATCH org_ids), with versions', async () => {
  const other = await orgByName(admin, '江海区中西医结合医院第二党支部')
  const i = (await admin.post('/institutions', { name: 'HTTP测试卫生院' + token(), ownership: 'public', kind: 'township_health_center', org_ids: [branch.id] })).json
  const r = await admin.patch(`/institutions/${i.id}`, { version: i.version, org_ids: [branch.id, other.id] })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.version, i.version + 1)
  assert.deepEqual([...r.json.org_ids].sort((a, b) => a - b), [branch.id, other.id].sort((a, b) => a - b))
  assert.ok((await admin.ok(`/orgs/${other.id}`)).institutions.some((x) => x.id === i.id))
  const r2 = await admin.patch(`/institutions/${i.id}`, { version: r.json.version, org_ids: [other.id] })
  assert.equal(r2.status, 200, r2.text)
  assert.ok(!(await admin.ok(`/orgs/${branch.id}`)).institutions.some((x) => x.id === i.id))
  assertError(await admin.patch(`/institutions/${i.id}`, { version: i.version, grade: '三甲' }), 409, 'conflict')
  // Linking from the org side too.
  const o = await admin.ok(`/orgs/${branch.id}`)
  const p = await admin.patch(`/orgs/${branch.id}`, { version: o.version, institution_ids: [...o.institutions.map((x) => x.id), i.id] })
  assert.equal(p.status, 200, p.text)
  assert.ok((await admin.ok(`/institutions/${i.id}`)).org_ids.includes(branch.id))
  // Delete (soft) and restore.
  const cur = await admin.ok(`/institutions/${i.id}`)
  const d = await admin.del(`/institutions/${i.id}?version=${cur.version}`)
  assert.equal(d.status, 200, d.text)
  assert.ok(!(await listAll(admin, '/institutions')).items.some((x) => x.id === i.id))
  assert.ok((await listAll(admin, '/institutions?deleted=1')).items.some((x) => x.id === i.id))
  const rs = await admin.post(`/institutions/${i.id}/restore`, { version: d.json.version })
  assert.equal(rs.status, 200, rs.text)
  assert.ok((await listAll(admin, '/institutions')).items.some((x) => x.id === i.id))
})

test('filters: ownership, kind, district, q', async () => {
  const district = '测试区' + token()
  const mk = async (over) => {
    const r = await admin.post('/institutions', { name: 'HTTP筛选' + token(), ownership: 'public', kind: 'hospital', district, org_ids: [branch.id], ...over })
    assert.equal(r.status, 201, r.text)
    return r.json
  }
  const a = await mk({ ownership: 'private', kind: 'clinic' })
  const b = await mk({ ownership: 'public', kind: 'clinic' })
  const c = await mk({ ownership: 'public', kind: 'community_health_center', name: 'HTTP筛选社区中心' + token() })
  const ids = async (q) => (await listAll(admin, `/institutions?district=${encodeURIComponent(district)}${q}`)).items.map((x) => x.id).sort((x, y) => x - y)
  assert.deepEqual(await ids(''), [a.id, b.id, c.id])
  assert.deepEqual(await ids('&ownership=private'), [a.id])
  assert.deepEqual(await ids('&ownership=public'), [b.id, c.id])
  assert.deepEqual(await ids('&kind=clinic'), [a.id, b.id])
  assert.deepEqual(await ids('&kind=clinic&ownership=public'), [b.id])
  assert.deepEqual(await ids('&q=' + encodeURIComponent('社区中心')), [c.id])
  const priv = await listAll(admin, '/institutions?ownership=private')
  assert.ok(priv.items.length > 1)
  for (const i of priv.items) assert.equal(i.ownership, 'private')
  // Scope: a Wuhan secretary sees none of them.
  const liyong = await login('liyong')
  assertError(await liyong.get(`/institutions/${a.id}`), 404, 'not_found')
  assert.equal((await liyong.ok(`/institutions?district=${encodeURIComponent(district)}`)).total, 0)
  // An org admin cannot link an institution to an org outside its scope; secretaries cannot create.
  const jianghai = await login('jianghai')
  const wuhan = await orgByName(admin, '武汉东大中医肛肠医院党支部')
  assertError(await jianghai.post('/institutions', { name: 'x' + token(), ownership: 'public', kind: 'hospital', org_ids: [wuhan.id] }), 422, 'validation', 'org_ids')
  assertError(await liyong.post('/institutions', { name: 'x' + token(), ownership: 'public', kind: 'hospital' }), 403, 'forbidden')
  // Paging.
  const p = await admin.ok(`/institutions?district=${encodeURIComponent(district)}&limit=2`)
  assert.equal(p.items.length, 2)
  assert.equal(p.total, 3)
  assert.equal(p.next, 2)
})

test('an uncovered institution: an org administrator sees it but may only take it over, not edit or delete it', async () => {
  const baiyun = await login('baiyun')
  const me = await baiyun.ok('/me')
  const body = { name: 'HTTP测试未覆盖机构' + token(), credit_code: creditCode({ prefix: '52' }), ownership: 'private', kind: 'clinic' }
  const made = await admin.post('/institutions', body)
  assert.equal(made.status, 201, made.text)
  const inst = made.json
  assert.deepEqual(inst.orgs, [])
  // Visible to an org administrator (两个覆盖: it has to be found to be covered) ...
  const seen = await baiyun.get(`/institutions/${inst.id}`)
  assert.equal(seen.status, 200)
  assert.equal(seen.json.editable, false, 'the answer tells the UI it may not be changed')
  assert.equal(inst.editable, true)
  // ... but not renamed, nor deleted.
  assertError(await baiyun.patch(`/institutions/${inst.id}`, { name: '被改名', version: inst.version }), 403, 'forbidden')
  assertError(await baiyun.del(`/institutions/${inst.id}?version=${inst.version}`), 403, 'forbidden')
  const still = await admin.ok(`/institutions/${inst.id}`)
  assert.equal(still.name, body.name)
  assert.equal(still.deleted, false)
  assert.equal(still.version, inst.version)
  // Linking it to an org of its own takes it over; from then on it is theirs to edit.
  const taken = await baiyun.patch(`/institutions/${inst.id}`, { org_ids: [me.org_id], version: inst.version })
  assert.equal(taken.status, 200, taken.text)
  assert.deepEqual(taken.json.org_ids, [me.org_id])
  const renamed = await baiyun.patch(`/institutions/${inst.id}`, { name: body.name + '（已覆盖）', version: taken.json.version })
  assert.equal(renamed.status, 200, renamed.text)
  // The administrator edits uncovered ones.
  const other = await admin.post('/institutions', { ...body, name: body.name + '二', credit_code: creditCode({ prefix: '52' }) })
  assert.equal((await admin.patch(`/institutions/${other.json.id}`, { grade: '一级', version: other.json.version })).status, 200)
})

test('an uncovered institution an org administrator registered is theirs alone: another scope neither sees it nor takes it over', async () => {
  const jianghai = await login('jianghai')
  const jinzhou = await login('jinzhou')
  const jinzhouMe = await jinzhou.ok('/me')
  const made = await jianghai.post('/institutions', { name: 'HTTP测试自建诊所' + token(), credit_code: creditCode({ prefix: '52' }), ownership: 'private', kind: 'clinic' })
  assert.equal(made.status, 201, made.text)
  const inst = made.json
  assert.equal(inst.editable, true)
  assert.equal(inst.registered_by_org_id, (await jianghai.ok('/me')).org_id, 'registered by jianghai\'s scope')
  // Another city's administrator: 404 for it, absent from the list, and no take-over by linking.
  assertError(await jinzhou.get(`/institutions/${inst.id}`), 404, 'not_found')
  assert.equal((await jinzhou.ok(`/institutions?q=${encodeURIComponent(inst.name)}`)).total, 0)
  assertError(await jinzhou.patch(`/institutions/${inst.id}`, { grade: '一级', version: inst.version }), 404, 'not_found')
  assertError(await jinzhou.patch(`/institutions/${inst.id}`, { org_ids: [jinzhouMe.org_id], version: inst.version }), 404, 'not_found')
  assertError(await jinzhou.del(`/institutions/${inst.id}?version=${inst.version}`), 404, 'not_found')
  // The registering scope sees it in its list and edits it; the administrator sees it too.
  assert.equal((await jianghai.ok(`/institutions?q=${encodeURIComponent(inst.name)}`)).items[0].editable, true)
  assert.equal((await admin.ok(`/institutions?q=${encodeURIComponent(inst.name)}`)).total, 1)
  const mine = await jianghai.patch(`/institutions/${inst.id}`, { grade: '一级', version: inst.version })
  assert.equal(mine.status, 200, mine.text)
  assert.equal(mine.json.owner_path, undefined, 'the owner is not part of the answer')
  const after = await admin.ok(`/institutions/${inst.id}`)
  assert.deepEqual([after.orgs.length, after.version], [0, mine.json.version], 'nothing of the refused requests was written')
  assert.equal((await jianghai.del(`/institutions/${inst.id}?version=${mine.json.version}`)).status, 200)
})
