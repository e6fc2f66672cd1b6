// Two-coverage survey and joint branches by proximity (issue 15): statuses at 0, 1–2 and 3+ full
// members, totals and 应纳 per district, survey counts and their bad input, survey rounds and their
// diff, joint-branch proposals on a hand-made layout and their acceptance (twice → 409, an
// institution changed meanwhile → 409), scope for every role. Everything is made in a district of
// its own, registered by an organisation administrator of Wuhan's committee made here, so the
// numbers are this file's.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { login, assertError, orgByName, createOrg, token, dayOffset } from './lib.mjs'

const D = '测试区' + token()
let admin, wuhan, jianghai, reviewer, zxyjh, yizhibu, luolan, member1
let wuhanOrg, jianghaiOrg
const inst = {}

async function register(client, key, { full, prob = 0, lat, lng, orgIds, district = D }) {
  const body = { name: `覆盖测试${key}${token()}`, ownership: 'private', kind: 'clinic', district }
  if (lat !== undefined) Object.assign(body, { latitude: lat, longitude: lng })
  if (orgIds) body.org_ids = orgIds
  const r = await client.post('/institutions', body)
  assert.equal(r.status, 201, r.text)
  inst[key] = r.json
  if (full !== undefined) {
    const s = await client.put(`/institutions/${r.json.id}/survey`, { full_members: full, probationary_members: prob, surveyed_on: dayOffset(-3) })
    assert.equal(s.status, 200, s.text)
  }
  return r.json
}

const byId = (list) => Object.fromEntries(list.map((x) => [x.institution_id ?? x.id, x]))

before(async () => {
  ;[admin, jianghai, reviewer, zxyjh, yizhibu, luolan, member1] = await Promise.all(
    ['admin', 'jianghai', 'reviewer', 'zxyjh', 'yizhibu', 'luolan', 'member1'].map((u) => login(u)))
  wuhanOrg = await orgByName(admin, '武汉市民营医疗机构行业党委')
  jianghaiOrg = await orgByName(admin, '江门市江海区卫生健康局机关党委')
  const username = 'wh' + token()
  const cr = await admin.post('/users', { username, display_name: '武汉行业党委党办', role: 'org_admin', org_id: wuhanOrg.id, password: 'Wuhan2026pass' })
  assert.equal(cr.status, 201, cr.text)
  wuhan = await login(username, 'Wuhan2026pass')
  // A pair (2 + 1) half a kilometre apart, three one-member clinics in a 0.5 km triangle, one far
  // away, one that should build (5), one without full members, one covered by a branch.
  await register(wuhan, 'A', { full: 2, lat: 30.6, lng: 114.3 })
  await register(wuhan, 'B', { full: 1, prob: 1, lat: 30.604, lng: 114.302 })
  await register(wuhan, 'C', { full: 1, lat: 30.55, lng: 114.35 })
  await register(wuhan, 'E', { full: 1, lat: 30.553, lng: 114.352 })
  await register(wuhan, 'F', { full: 1, lat: 30.551, lng: 114.355 })
  await register(wuhan, 'G', { full: 1, lat: 30.9, lng: 114.6 })
  await register(wuhan, 'H', { full: 5, prob: 2, lat: 30.7, lng: 114.2 })
  await register(wuhan, 'I', { full: 0, prob: 1, lat: 30.71, lng: 114.21 })
  const branch = await createOrg(wuhan, { name: '覆盖测试党支部' + token(), type: 'branch', parent_id: wuhanOrg.id })
  await register(wuhan, 'J', { lat: 30.72, lng: 114.22, orgIds: [branch.id] })
})

test('status per institution: 0 → no_members, 1–2 → should_join, 3+ → should_build, covered → has_org; totals by status', async () => {
  const d = await wuhan.ok(`/coverage?district=${encodeURIComponent(D)}&limit=50`)
  const s = byId(d.items)
  const want = { A: 'should_join', B: 'should_join', C: 'should_join', E: 'should_join', F: 'should_join', G: 'should_join', H: 'should_build', I: 'no_members', J: 'has_org' }
  for (const [k, st] of Object.entries(want)) assert.equal(s[inst[k].id]?.status, st, `${k}: ${JSON.stringify(s[inst[k].id])}`)
  assert.equal(s[inst.A.id].full_members, 2)
  assert.equal(s[inst.B.id].probationary_members, 1)
  assert.equal(s[inst.A.id].source, 'survey')
  assert.equal(s[inst.J.id].source, 'orgs')
  assert.deepEqual(d.totals, { has_org: 1, should_build: 1, should_join: 6, no_members: 1 })
  assert.equal(d.total, 9)
  // 应纳: the members the survey found where no organisation is, per district.
  const row = d.unorganised.by_district.find((x) => x.district === D)
  assert.equal(row.members, 2 + 2 + 1 + 1 + 1 + 1 + 7 + 1)
  // The status filter keeps the totals of every status; paging.
  const j = await wuhan.ok(`/coverage?district=${encodeURIComponent(D)}&status=should_join&limit=4`)
  assert.equal(j.total, 6)
  assert.equal(j.items.length, 4)
  assert.equal(j.next, 4)
  assert.ok(j.items.every((x) => x.status === 'should_join'))
  assert.deepEqual(j.totals, d.totals)
  assertError(await wuhan.get('/coverage?status=应该'), 400, 'bad_request', 'status')
})

test('to-do: institutions that should build or join, in the scope only', async () => {
  const t = (await wuhan.ok('/todo')).items
  const build = t.find((x) => x.kind === 'coverage_should_build')
  assert.ok(build && build.detail.includes(inst.H.name), JSON.stringify(build))
  assert.equal(build.link, '/coverage?tab=survey')
  const join = t.find((x) => x.kind === 'coverage_should_join')
  assert.match(join.title, /^\d+家医疗机构应联未联$/)
  assert.equal(join.link, '/coverage?tab=joint')
  for (const c of [jianghai, reviewer]) assert.ok(!(await c.ok('/todo')).items.some((x) => (x.detail || '').includes(inst.H.name)))
  assert.ok(!(await yizhibu.ok('/todo')).items.some((x) => x.kind.startsWith('coverage_')))
})

test('scope: overseers see their subtree only, other roles are refused; ?org= outside → 404', async () => {
  const q = `/coverage?district=${encodeURIComponent(D)}`
  assert.equal((await admin.ok(q)).total, 9)
  assert.equal((await wuhan.ok(q + `&org=${wuhanOrg.id}`)).total, 9)
  assert.equal((await jianghai.ok(q)).total, 0)
  assert.equal((await reviewer.ok(q)).total, 0)
  const all = await jianghai.ok('/coverage?limit=200')
  assert.ok(all.items.every((x) => !x.name.startsWith('覆盖测试')))
  assertError(await jianghai.get(`/coverage?org=${wuhanOrg.id}`), 404, 'not_found')
  for (const c of [zxyjh, yizhibu, luolan, member1]) {
    assertError(await c.get('/coverage'), 403, 'forbidden')
    assertError(await c.get('/coverage/joint-proposals'), 403, 'forbidden')
    assertError(await c.get('/coverage/rounds'), 403, 'forbidden')
  }
  // Writing survey counts: coverage.write, and the institution in scope (404 outside).
  const body = { full_members: 1, probationary_members: 0, surveyed_on: dayOffset(-1) }
  assertError(await jianghai.put(`/institutions/${inst.A.id}/survey`, body), 404, 'not_found')
  for (const c of [reviewer, zxyjh, yizhibu, luolan, member1]) assertError(await c.put(`/institutions/${inst.A.id}/survey`, body), 403, 'forbidden')
  assertError(await wuhan.put('/institutions/99999999/survey', body), 404, 'not_found')
  // Proposals of another scope hold none of these.
  const p = await jianghai.ok('/coverage/joint-proposals')
  const ids = new Set([...p.items.flatMap((g) => g.institutions.map((i) => i.id)), ...p.left.map((l) => l.id)])
  assert.ok(!ids.has(inst.A.id) && !ids.has(inst.C.id))
  assertError(await jianghai.get(`/coverage/joint-proposals?org=${wuhanOrg.id}`), 404, 'not_found')
})

test('survey counts: who and when are recorded; bad input is refused with the field named', async () => {
  const r = await wuhan.put(`/institutions/${inst.I.id}/survey`, { full_members: 0, probationary_members: 2, surveyed_on: dayOffset(-1) })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.surveyed_by, wuhan.user.username)
  assert.equal(r.json.probationary_members, 2)
  assert.equal(r.json.status, 'no_members')
  assert.ok(r.json.version >= 2)
  const put = (b) => wuhan.put(`/institutions/${inst.I.id}/survey`, { full_members: 0, probationary_members: 0, surveyed_on: dayOffset(-1), ...b })
  assertError(await put({ full_members: -1 }), 422, 'validation', 'full_members')
  assertError(await put({ probationary_members: -3 }), 422, 'validation', 'probationary_members')
  assertError(await put({ full_members: 100001 }), 422, 'validation', 'full_members')
  assertError(await put({ full_members: '3' }), 422, 'validation', 'full_members')
  assertError(await put({ surveyed_on: dayOffset(5) }), 422, 'validation', 'surveyed_on')
  assertError(await put({ surveyed_on: '2026-02-30' }), 422, 'validation', 'surveyed_on')
  assertError(await put({ version: 1 }), 409, 'conflict')
  assertError(await put({ note: 'x' }), 422, 'validation')
  const missing = await wuhan.put(`/institutions/${inst.I.id}/survey`, { full_members: 1 })
  assertError(missing, 422, 'validation')
  assert.match(missing.json.error.message, /预备党员人数|摸排日期/)
  // Coordinates out of range never reach the grouping.
  assertError(await wuhan.patch(`/institutions/${inst.I.id}`, { version: inst.I.version, latitude: 91 }), 422, 'validation', 'latitude')
  assertError(await wuhan.patch(`/institutions/${inst.I.id}`, { version: inst.I.version, longitude: -180.5 }), 422, 'validation', 'longitude')
  assertError(await wuhan.post('/institutions', { name: '坐标越界' + token(), ownership: 'private', kind: 'clinic', latitude: 30, longitude: 181 }), 422, 'validation', 'longitude')
  // The audit log holds the survey's change.
  const a = await admin.ok('/audit?limit=50&object_type=institution_survey')
  assert.ok(a.items.some((x) => x.action === 'update'), JSON.stringify(a.items.slice(0, 2)))
})

test('joint proposals: the pair and the triangle, the far one left with its reason; settings', async () => {
  const p = await wuhan.ok(`/coverage/joint-proposals?district=${encodeURIComponent(D)}`)
  const groups = p.items.map((g) => g.institutions.map((i) => i.id).sort((a, b) => a - b))
  const pair = [inst.A.id, inst.B.id].sort((a, b) => a - b)
  const tri = [inst.C.id, inst.E.id, inst.F.id].sort((a, b) => a - b)
  assert.deepEqual(groups.map(String).sort(), [pair, tri].map(String).sort())
  for (const g of p.items) {
    assert.equal(g.full_members, 3)
    assert.ok(g.max_distance_km > 0 && g.max_distance_km < 1, JSON.stringify(g))
    assert.ok(g.centre.latitude > 30 && g.centre.longitude > 114)
    assert.ok(g.institutions.every((i) => typeof i.distance_km === 'number' && i.distance_km <= g.radius_km + 0.01))
    assert.equal(g.district, D)
  }
  assert.deepEqual(p.left.map((l) => [l.id, l.reason]), [[inst.G.id, 'too_far']])
  assert.equal(p.settings.max_distance_km, 10)
  const s = await reviewer.ok('/settings/coverage')
  assert.equal(s.defaults.max_distance_km, 10)
  assert.equal(s.cross_district, false)
  assertError(await admin.put('/settings/coverage', { max_distance_km: 0 }), 422, 'validation', 'max_distance_km')
  assertError(await admin.put('/settings/coverage', { max_distance_km: '5' }), 422, 'validation', 'max_distance_km')
  assertError(await wuhan.put('/settings/coverage', { max_distance_km: 5 }), 403, 'forbidden')
  // At 50 km the far one joins the nearest group (its radius grows least), and nothing is left.
  const w = await admin.put('/settings/coverage', { max_distance_km: 50 })
  assert.equal(w.status, 200, w.text)
  try {
    const q = await wuhan.ok(`/coverage/joint-proposals?district=${encodeURIComponent(D)}`)
    assert.equal(q.left.length, 0)
    assert.equal(q.items.flatMap((g) => g.institutions).length, 6)
  } finally {
    assert.equal((await admin.put('/settings/coverage', { max_distance_km: 10 })).status, 200)
  }
})

test('accepting a proposal sets the joint branch up; twice → 409; an institution changed meanwhile → 409', async () => {
  const body = { institution_ids: [inst.A.id, inst.B.id], name: '覆盖测试联合党支部' + token(), parent_id: wuhanOrg.id }
  // Refused before anything is written: a parent outside the scope, too few members, mixed districts.
  assertError(await wuhan.post('/coverage/joint-proposals/accept', { ...body, parent_id: jianghaiOrg.id }), 422, 'validation', 'parent_id')
  assertError(await jianghai.post('/coverage/joint-proposals/accept', { ...body, parent_id: jianghaiOrg.id }), 422, 'validation', 'institution_ids')
  assertError(await reviewer.post('/coverage/joint-proposals/accept', body), 403, 'forbidden')
  assertError(await wuhan.post('/coverage/joint-proposals/accept', { ...body, institution_ids: [inst.C.id, inst.E.id] }), 422, 'validation', 'institution_ids')
  assertError(await wuhan.post('/coverage/joint-proposals/accept', { ...body, institution_ids: [inst.A.id, inst.A.id] }), 422, 'validation', 'institution_ids')
  assertError(await wuhan.post('/coverage/joint-proposals/accept', { ...body, institution_ids: [inst.A.id, inst.G.id] }), 422, 'validation', 'institution_ids')
  assertError(await wuhan.post('/coverage/joint-proposals/accept', { ...body, institution_ids: [inst.A.id, inst.H.id] }), 409, 'conflict', 'institution_ids')
  assertError(await wuhan.post('/coverage/joint-proposals/accept', { ...body, name: '' }), 422, 'validation', 'name')

  const r = await wuhan.post('/coverage/joint-proposals/accept', body)
  assert.equal(r.status, 201, r.text)
  assert.equal(r.json.org.type, 'joint_branch')
  assert.equal(r.json.org.parent_id, wuhanOrg.id)
  assert.deepEqual(r.json.org.institutions.map((i) => i.id).sort((a, b) => a - b), body.institution_ids.slice().sort((a, b) => a - b))
  assert.equal(r.json.full_members, 3)
  assert.match(r.json.message, /已成立联合党支部/)
  assert.ok(r.json.institutions.every((i) => i.status === 'has_org'))
  const d = byId((await wuhan.ok(`/coverage?district=${encodeURIComponent(D)}&limit=50`)).items)
  assert.equal(d[inst.A.id].status, 'has_org')
  // The proposals no longer hold them; accepting again is a conflict, and nothing is created.
  const p = await wuhan.ok(`/coverage/joint-proposals?district=${encodeURIComponent(D)}`)
  assert.ok(!p.items.some((g) => g.institutions.some((i) => i.id === inst.A.id)))
  const orgsBefore = (await admin.ok('/orgs?limit=1')).total
  assertError(await wuhan.post('/coverage/joint-proposals/accept', { ...body, name: body.name + '二' }), 409, 'conflict', 'institution_ids')
  assert.equal((await admin.ok('/orgs?limit=1')).total, orgsBefore)
  // The audit log has the organisation and its links.
  const audit = await admin.ok(`/audit?limit=20&object_type=org&object_id=${r.json.org.id}`)
  assert.ok(audit.items.some((x) => x.action === 'create'))

  // The triangle, after one of its clinics grew to 3 full members (应建): 409; back to 1: accepted.
  const tri = { institution_ids: [inst.C.id, inst.E.id, inst.F.id], name: '覆盖测试联合党支部' + token(), parent_id: wuhanOrg.id }
  const grow = await wuhan.put(`/institutions/${inst.E.id}/survey`, { full_members: 3, probationary_members: 0, surveyed_on: dayOffset(0) })
  assert.equal(grow.json.status, 'should_build')
  const c = await wuhan.post('/coverage/joint-proposals/accept', tri)
  assertError(c, 409, 'conflict', 'institution_ids')
  assert.match(c.json.error.message, /应建/)
  await wuhan.put(`/institutions/${inst.E.id}/survey`, { full_members: 1, probationary_members: 0, surveyed_on: dayOffset(0) })
  assert.equal((await wuhan.post('/coverage/joint-proposals/accept', tri)).status, 201)
})

test('survey rounds: frozen figures, the diff (new, gone, changed), scope', async () => {
  const r1 = await wuhan.post('/coverage/rounds', { name: '覆盖测试第一轮' })
  assert.equal(r1.status, 201, r1.text)
  assert.equal(r1.json.org_id, wuhanOrg.id)
  assert.ok(r1.json.institutions >= 9)
  assert.ok(r1.json.totals.should_build >= 1)
  // Since then: H shrank to 2 full members (应建 → 应联), K was registered, G was deleted.
  await wuhan.put(`/institutions/${inst.H.id}/survey`, { full_members: 2, probationary_members: 2, surveyed_on: dayOffset(0) })
  await register(wuhan, 'K', { full: 1, lat: 30.8, lng: 114.1 })
  const g = await wuhan.ok(`/institutions/${inst.G.id}`)
  assert.equal((await wuhan.del(`/institutions/${inst.G.id}?version=${g.version}`)).status, 200)
  const r2 = await wuhan.post('/coverage/rounds', {})
  assert.equal(r2.status, 201, r2.text)
  for (const url of [`/coverage/rounds/${r2.json.id}/diff?against=${r1.json.id}`, `/coverage/rounds/${r2.json.id}/diff`]) {
    const d = await wuhan.ok(url)
    assert.equal(d.against.id, r1.json.id)
    assert.deepEqual(d.new.map((x) => x.institution_id), [inst.K.id])
    assert.deepEqual(d.gone.map((x) => x.institution_id), [inst.G.id])
    const h = d.changed.find((x) => x.institution_id === inst.H.id)
    assert.deepEqual(h.before, { status: 'should_build', full_members: 5, probationary_members: 2 })
    assert.deepEqual(h.after, { status: 'should_join', full_members: 2, probationary_members: 2 })
    assert.equal(d.changed.length, 1, JSON.stringify(d.changed))
  }
  // Listed newest first; out of scope: not listed, 404.
  const list = await wuhan.ok('/coverage/rounds')
  assert.equal(list.items[0].id, r2.json.id)
  assert.ok((await admin.ok('/coverage/rounds?limit=200')).items.some((x) => x.id === r1.json.id))
  assert.ok(!(await jianghai.ok('/coverage/rounds?limit=200')).items.some((x) => x.id === r1.json.id))
  assertError(await jianghai.get(`/coverage/rounds/${r2.json.id}/diff`), 404, 'not_found')
  assertError(await reviewer.get(`/coverage/rounds/${r2.json.id}/diff?against=${r1.json.id}`), 404, 'not_found')
  assertError(await wuhan.get(`/coverage/rounds/${r2.json.id}/diff?against=99999999`), 404, 'not_found')
  assertError(await wuhan.get(`/coverage/rounds/${r2.json.id}/diff?against=abc`), 400, 'bad_request')
  assertError(await jianghai.post('/coverage/rounds', { org_id: wuhanOrg.id }), 422, 'validation', 'org_id')
  assertError(await reviewer.post('/coverage/rounds', {}), 403, 'forbidden')
  assertError(await wuhan.post('/coverage/rounds', { name: 'x'.repeat(101) }), 422, 'validation', 'name')
})
