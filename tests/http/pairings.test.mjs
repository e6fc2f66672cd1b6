// The 201 project (issue 15, seed 000, DOMAIN.md §7): instructors paired with private institutions
// for three years (搭架子 → 正常化 → 见成效), milestones, visits, the bureau's progress view; and an
// institution's inspection report (seed 001). Scope for every kind of role (an instructor sees only
// its own pairings and the institutions paired with it), bad input, audit records. What this file
// creates is its own: a new instructor account and new private institutions of Wuhan's committee.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { login, assertError, orgByName, createMember, token, dayOffset, listAll } from './lib.mjs'

const WUHAN = '武汉市民营医疗机构行业党委'
let admin, wuhan, luolan, jianghai, yizhibu, reviewer, member1, jinzhou
let wuhanOrg, instructor, instructorClient, inst

/** A new instructor account of Wuhan's committee, made by its administrator; {user, client}. */
async function newInstructor() {
  const username = 'zdy' + token()
  const r = await wuhan.post('/users', { username, display_name: '测试指导员', role: 'instructor', org_id: wuhanOrg.id, password: 'Pairing2026pass' })
  assert.equal(r.status, 201, r.text)
  return { user: r.json, client: await login(username, 'Pairing2026pass') }
}

/** A new private institution registered by Wuhan's committee (no organisation covers it). */
async function newInstitution(ownership = 'private') {
  const r = await wuhan.post('/institutions', { name: '测试民营医院' + token(), ownership, kind: 'hospital', district: '江汉区' })
  assert.equal(r.status, 201, r.text)
  return r.json
}

before(async () => {
  ;[admin, wuhan, luolan, jianghai, yizhibu, reviewer, member1, jinzhou] = await Promise.all(
    ['admin', 'wuhan', 'luolan', 'jianghai', 'yizhibu', 'reviewer', 'member1', 'jinzhou'].map((u) => login(u)))
  wuhanOrg = await orgByName(admin, WUHAN)
  ;({ user: instructor, client: instructorClient } = await newInstructor())
  inst = await newInstitution()
})

test('the demo: Wuhan’s 20 instructors paired one-to-one with 20 private institutions at every stage', async () => {
  const all = (await listAll(wuhan, '/pairings')).items
  const demo = all.filter((p) => p.instructor_name.endsWith('（党建指导员）') && p.created_at === all[all.length - 1].created_at)
  assert.ok(demo.length >= 20, `${demo.length} demo pairings`)
  assert.equal(new Set(demo.map((p) => p.instructor_user_id)).size, demo.length, 'one institution per instructor')
  assert.equal(new Set(demo.map((p) => p.institution_id)).size, demo.length, 'one instructor per institution')
  assert.ok(demo.every((p) => p.ownership === 'private'))
  assert.deepEqual([...new Set(demo.map((p) => p.stage))].sort(), ['framework', 'regular', 'results'])
  const seed = demo.find((p) => p.institution_name === '武汉东大中医肛肠医院')
  assert.equal(seed.instructor_name, '罗岚（党建指导员）')
  assert.equal(seed.target_stars, 6, 'seed 000: 六星的党支部')
  assert.equal(seed.stars, null, 'no ratings module yet')
  for (const p of demo) {
    // Three years (DOMAIN.md §7), the five milestones of the plan, visits.
    const y = Number(p.started_on.slice(0, 4))
    assert.ok(p.ends_on === `${y + 3}${p.started_on.slice(4)}` || p.started_on.endsWith('02-29'), `${p.started_on} → ${p.ends_on}`)
    assert.equal(p.milestones_total, 5)
    assert.ok(p.visits > 0)
  }
})

test('scope: an instructor sees only its own pairings; the committee its subtree; others nothing or 403', async () => {
  const mine = (await listAll(luolan, '/pairings')).items
  const me = (await luolan.ok('/me')).id
  assert.ok(mine.length >= 1 && mine.every((p) => p.instructor_user_id === me))
  const other = (await listAll(wuhan, '/pairings')).items.find((p) => p.instructor_user_id !== me)
  assertError(await luolan.get(`/pairings/${other.id}`), 404, 'not_found')
  assertError(await luolan.get(`/pairings/${other.id}/visits`), 404, 'not_found')
  // Jinzhou's reviewer and administrator: none of Wuhan's.
  for (const c of [reviewer, jinzhou]) {
    const items = (await listAll(c, '/pairings')).items
    assert.ok(!items.some((p) => p.id === other.id))
    assertError(await c.get(`/pairings/${other.id}`), 404, 'not_found')
  }
  assert.ok((await listAll(admin, '/pairings')).total >= 20)
  for (const c of [yizhibu, member1]) {
    assertError(await c.get('/pairings'), 403, 'forbidden')
    assertError(await c.get('/pairings/progress'), 403, 'forbidden')
    assertError(await c.get(`/pairings/${other.id}`), 403, 'forbidden')
  }
  // Filters.
  const reg = await wuhan.ok('/pairings?stage=' + encodeURIComponent('正常化') + '&limit=200')
  assert.ok(reg.items.length > 0 && reg.items.every((p) => p.stage === 'regular'))
  assertError(await wuhan.get('/pairings?stage=finished'), 400, 'bad_request', 'stage')
  const one = await wuhan.ok(`/pairings?institution=${other.institution_id}`)
  assert.deepEqual(one.items.map((p) => p.id), [other.id])
})

test('pair: three years by default, framework first, audited; the instructor then sees it', async () => {
  const r = await wuhan.post('/pairings', {
    instructor_user_id: instructor.id, institution_id: inst.id, started_on: '2024-02-29',
    milestones: [{ title: '建立党组织', due_on: '2024-08-31' }, { title: '三会一课正常化', due_on: '2025-12-31', done_on: '2025-12-01', evidence: '会议记录' }]
  })
  assert.equal(r.status, 201, r.text)
  const p = r.json
  assert.equal(p.ends_on, '2027-03-01', 'three years after 29 February: 1 March (date_add_years)')
  assert.equal(p.stage, 'framework')
  assert.equal(p.stage_label, '搭架子')
  assert.equal(p.target_stars, 6)
  assert.equal(p.version, 1)
  assert.deepEqual(p.milestones.map((m) => m.state), ['late', 'done'])
  assert.equal(p.milestones_late, 1)
  const audit = await admin.ok(`/audit?object_type=pairing&object_id=${p.id}`)
  assert.deepEqual(audit.items.map((a) => a.action).sort(), ['create', 'create_links'])
  assert.equal((await wuhan.ok(`/audit?object_type=pairing&object_id=${p.id}`)).total, 2, 'the committee sees its records')
  const seen = await instructorClient.ok('/pairings')
  assert.deepEqual(seen.items.map((x) => x.id), [p.id])
  assert.equal((await instructorClient.ok(`/pairings/${p.id}`)).institution_name, inst.name)
})

test('bad input: a public institution, the end before the start, a second pairing of one instructor or one institution', async () => {
  const { user: other } = await newInstructor()
  const pub = await newInstitution('public')
  assertError(await wuhan.post('/pairings', { instructor_user_id: other.id, institution_id: pub.id, started_on: '2025-01-01' }), 422, 'validation', 'institution_id')
  const free = await newInstitution()
  assertError(await wuhan.post('/pairings', { instructor_user_id: other.id, institution_id: free.id, started_on: '2025-01-01', ends_on: '2025-01-01' }), 422, 'validation', 'ends_on')
  assertError(await wuhan.post('/pairings', { instructor_user_id: other.id, institution_id: free.id, started_on: '2025-01-01', ends_on: '2024-06-30' }), 422, 'validation', 'ends_on')
  // The instructor made in before() holds a pairing for 2024-02-29 .. 2027-03-01.
  const second = await wuhan.post('/pairings', { instructor_user_id: instructor.id, institution_id: free.id, started_on: '2026-01-01' })
  assertError(second, 409, 'conflict', 'instructor_user_id')
  assert.match(second.json.error.message, /上限/)
  // One institution, one instructor.
  assertError(await wuhan.post('/pairings', { instructor_user_id: other.id, institution_id: inst.id, started_on: '2025-06-01' }), 409, 'conflict', 'institution_id')
  // After the first pairing has ended, the instructor may take another.
  const later = await wuhan.post('/pairings', { instructor_user_id: instructor.id, institution_id: free.id, started_on: '2027-03-01' })
  assert.equal(later.status, 201, later.text)
  // Not an instructor's account; unknown stage; stars off the scale; a milestone outside the term; an unknown field.
  const secretary = (await wuhan.ok('/users?role=secretary&limit=200')).items[0]
  const free2 = await newInstitution()
  assertError(await wuhan.post('/pairings', { instructor_user_id: secretary.id, institution_id: free2.id, started_on: '2025-01-01' }), 422, 'validation', 'instructor_user_id')
  assertError(await wuhan.post('/pairings', { instructor_user_id: other.id, institution_id: free2.id, started_on: '2025-01-01', stage: 'done' }), 422, 'validation', 'stage')
  assertError(await wuhan.post('/pairings', { instructor_user_id: other.id, institution_id: free2.id, started_on: '2025-01-01', target_stars: 7 }), 422, 'validation', 'target_stars')
  assertError(await wuhan.post('/pairings', { instructor_user_id: other.id, institution_id: free2.id, started_on: '2025-01-01', milestones: [{ title: '早于开始', due_on: '2024-12-31' }] }), 422, 'validation', 'milestones')
  assertError(await wuhan.post('/pairings', { instructor_user_id: other.id, institution_id: free2.id, started_on: '2025-01-01', colour: 'red' }), 422, 'validation')
  assertError(await wuhan.post('/pairings', { instructor_user_id: other.id, institution_id: free2.id }), 422, 'validation', 'started_on')
  // Another scope's institution or instructor: refused on the field.
  const jz = (await listAll(jinzhou, '/institutions?ownership=private')).items.find((i) => i.orgs.length)
  assertError(await wuhan.post('/pairings', { instructor_user_id: other.id, institution_id: jz.id, started_on: '2025-01-01' }), 422, 'validation', 'institution_id')
  assertError(await jinzhou.post('/pairings', { instructor_user_id: other.id, institution_id: jz.id, started_on: '2025-01-01' }), 422, 'validation', 'instructor_user_id')
  // Only the bureau pairs.
  for (const c of [luolan, reviewer, yizhibu]) assertError(await c.post('/pairings', { instructor_user_id: other.id, institution_id: free2.id, started_on: '2025-01-01' }), 403, 'forbidden')
  // Nothing of this was made.
  assert.equal((await wuhan.ok(`/pairings?institution=${free2.id}`)).total, 0)
  assert.equal((await wuhan.ok(`/pairings?institution=${pub.id}`)).total, 0)
})

test('stages move one step at a time; the instructor moves its own pairing on, the bureau the rest', async () => {
  const { user: ins, client } = await newInstructor()
  const i = await newInstitution()
  let p = (await wuhan.post('/pairings', { instructor_user_id: ins.id, institution_id: i.id, started_on: dayOffset(-200), milestones: [{ title: '建立党组织', due_on: dayOffset(-10) }] })).json
  assertError(await client.patch(`/pairings/${p.id}`, { version: p.version, stage: 'results' }), 422, 'validation', 'stage')
  let r = await client.patch(`/pairings/${p.id}`, { version: p.version, stage: '正常化', milestones: [{ title: '建立党组织', due_on: dayOffset(-10), done_on: dayOffset(-12), evidence: '支部成立批复' }] })
  assert.equal(r.status, 200, r.text)
  p = r.json
  assert.equal(p.stage, 'regular')
  assert.equal(p.version, 2)
  assert.equal(p.milestones[0].state, 'done')
  assertError(await client.patch(`/pairings/${p.id}`, { version: p.version, stage: 'framework' }), 422, 'validation', 'stage')
  assertError(await client.patch(`/pairings/${p.id}`, { version: p.version - 1, note: '旧版本' }), 409, 'conflict')
  // The instructor cannot re-pair or change the term or the target.
  assertError(await client.patch(`/pairings/${p.id}`, { version: p.version, target_stars: 3 }), 403, 'forbidden', 'target_stars')
  assertError(await client.patch(`/pairings/${p.id}`, { version: p.version, ends_on: dayOffset(2000) }), 403, 'forbidden', 'ends_on')
  // A milestone done in the future.
  assertError(await client.patch(`/pairings/${p.id}`, { version: p.version, milestones: [{ title: 'x', due_on: dayOffset(-10), done_on: dayOffset(3) }] }), 422, 'validation', 'milestones')
  // Another instructor's pairing: 404.
  assertError(await luolan.patch(`/pairings/${p.id}`, { version: p.version, note: '越权' }), 404, 'not_found')
  // The bureau changes the target; the audit log holds the milestones before and after.
  r = await wuhan.patch(`/pairings/${p.id}`, { version: p.version, target_stars: 5 })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.target_stars, 5)
  const links = (await admin.ok(`/audit?object_type=pairing&object_id=${p.id}&action=update_links`)).items
  assert.equal(links.length, 1)
  assert.equal(links[0].before[0].done_on, null)
  assert.equal(links[0].after[0].done_on, dayOffset(-12))
  // The reviewer reads but does not write.
  assertError(await reviewer.patch(`/pairings/${p.id}`, { version: r.json.version, note: 'x' }), 403, 'forbidden')
})

test('visits: the instructor records its own, within the term and not in the future; the list shows them newest first', async () => {
  const p = (await instructorClient.ok('/pairings')).items.find((x) => x.institution_id === inst.id)
  const r = await instructorClient.post(`/pairings/${p.id}/visits`, { visited_on: dayOffset(-3), topic: '送“红色书包”', findings: '党员学习资料不全', advice: '配发学习资料' })
  assert.equal(r.status, 201, r.text)
  assert.equal(r.json.pairing_id, p.id)
  const r2 = await instructorClient.post(`/pairings/${p.id}/visits`, { visited_on: dayOffset(-1), topic: '检查三会一课记录' })
  assert.equal(r2.status, 201, r2.text)
  const list = await instructorClient.ok(`/pairings/${p.id}/visits`)
  assert.deepEqual(list.items.map((v) => v.id), [r2.json.id, r.json.id])
  assert.equal(list.total, 2)
  assert.equal((await instructorClient.ok(`/pairings/${p.id}`)).visits, 2)
  assertError(await instructorClient.post(`/pairings/${p.id}/visits`, { visited_on: dayOffset(3), topic: '未来' }), 422, 'validation', 'visited_on')
  assertError(await instructorClient.post(`/pairings/${p.id}/visits`, { visited_on: '2024-02-28', topic: '开始前' }), 422, 'validation', 'visited_on')
  assertError(await instructorClient.post(`/pairings/${p.id}/visits`, { visited_on: dayOffset(-1) }), 422, 'validation', 'topic')
  assertError(await instructorClient.post(`/pairings/${p.id}/visits`, { visited_on: dayOffset(-1), topic: '   ' }), 422, 'validation', 'topic')
  // Others: another instructor 404, the reviewer 403, the committee records one too.
  assertError(await luolan.post(`/pairings/${p.id}/visits`, { visited_on: dayOffset(-1), topic: '越权' }), 404, 'not_found')
  assertError(await reviewer.post(`/pairings/${p.id}/visits`, { visited_on: dayOffset(-1), topic: '越权' }), 403, 'forbidden')
  assert.equal((await wuhan.post(`/pairings/${p.id}/visits`, { visited_on: dayOffset(-2), topic: '行业党委督导' })).status, 201)
  assert.equal((await admin.ok(`/audit?object_type=pairing_visit&object_id=${r.json.id}`)).items[0].action, 'create')
})

test('visit photos: JPEG or PNG by content, 5 MB at most, the pairing\'s instructor and the bureau; listed with the visit', async () => {
  const p = (await instructorClient.ok('/pairings')).items.find((x) => x.institution_id === inst.id)
  const v = await instructorClient.post(`/pairings/${p.id}/visits`, { visited_on: dayOffset(-2), topic: '走访照片' })
  assert.equal(v.status, 201, v.text)
  const base = `/pairings/${p.id}/visits/${v.json.id}/photos`
  const oct = { headers: { 'Content-Type': 'application/octet-stream' } }
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('a visit photo')])
  const up = await instructorClient.post(`${base}?name=${encodeURIComponent('支部活动室.jpg')}`, jpeg, oct)
  assert.equal(up.status, 201, up.text)
  assert.deepEqual([up.json.name, up.json.content_type, up.json.size, up.json.visit_id], ['支部活动室.jpg', 'image/jpeg', jpeg.length, v.json.id])
  // Listed with its visit, downloadable as it was sent.
  const listed = (await wuhan.ok(`/pairings/${p.id}/visits`)).items.find((x) => x.id === v.json.id)
  assert.deepEqual(listed.photos.map((f) => f.id), [up.json.id])
  const got = await wuhan.get(`${base}/${up.json.id}`)
  assert.equal(got.status, 200)
  assert.ok(got.bytes.equals(jpeg))
  assert.equal(got.headers.get('content-type'), 'image/jpeg')
  // A PDF or a script is no photo, whatever its name; past 5 MB is 413; a name is required.
  assertError(await instructorClient.post(`${base}?name=a.jpg`, Buffer.from('%PDF-1.4 x'), oct), 415, 'unsupported_media_type')
  assertError(await instructorClient.post(`${base}?name=a.jpg`, Buffer.from('<script>alert(1)</script>'), oct), 415, 'unsupported_media_type')
  assertError(await instructorClient.post(`${base}?name=big.jpg`, Buffer.concat([jpeg, Buffer.alloc(5 * 1024 * 1024)]), oct), 413, 'payload_too_large')
  assertError(await instructorClient.post(base, jpeg, oct), 422, 'validation', 'name')
  // Another instructor's pairing, and a visit of another pairing under this one: 404; the reviewer may not upload.
  assertError(await luolan.post(`${base}?name=x.jpg`, jpeg, oct), 404, 'not_found')
  const other = (await listAll(wuhan, '/pairings')).items.find((x) => x.id !== p.id && x.visits > 0)
  const ov = (await wuhan.ok(`/pairings/${other.id}/visits?limit=1`)).items[0]
  assertError(await instructorClient.get(`/pairings/${p.id}/visits/${ov.id}/photos`), 404, 'not_found')
  assertError(await reviewer.post(`${base}?name=x.jpg`, jpeg, oct), 403, 'forbidden') // reviewers never write
  // Deleted, audited both ways.
  assert.equal((await instructorClient.del(`${base}/${up.json.id}`)).status, 204)
  assertError(await instructorClient.get(`${base}/${up.json.id}`), 404, 'not_found')
  const audit = (await admin.ok(`/audit?object_type=pairing_visit_photo&object_id=${up.json.id}`)).items.map((a) => a.action)
  assert.deepEqual(audit, ['delete', 'create'])
})

test('the progress view: by stage, late milestones, visits per quarter, the target only', async () => {
  const all = (await listAll(wuhan, '/pairings')).items
  const g = await wuhan.ok('/pairings/progress')
  assert.equal(g.pairings, all.length)
  assert.equal(g.by_stage.framework + g.by_stage.regular + g.by_stage.results, all.length)
  for (const s of ['framework', 'regular', 'results']) assert.equal(g.by_stage[s], all.filter((p) => p.stage === s).length)
  assert.equal(g.milestones.late, all.reduce((n, p) => n + p.milestones_late, 0))
  assert.equal(g.milestones.total, all.reduce((n, p) => n + p.milestones_total, 0))
  assert.equal(g.milestones.done + g.milestones.done_late + g.milestones.late + g.milestones.pending, g.milestones.total)
  assert.ok(g.late_items.length > 0 && g.late_items.every((x) => all.some((p) => p.id === x.pairing_id)))
  assert.ok(g.late_items.every((x, k) => k === 0 || g.late_items[k - 1].due_on <= x.due_on), 'most overdue first')
  assert.ok(g.visits_by_quarter.length > 0 && g.visits_by_quarter.every((q) => /^\d{4}-Q[1-4]$/.test(q.quarter) && q.visits > 0))
  assert.equal(g.visits_by_quarter.reduce((n, q) => n + q.visits, 0), all.reduce((n, p) => n + p.visits, 0))
  assert.equal(g.stars.available, false)
  assert.equal(g.targets.reduce((n, t) => n + t.pairings, 0), all.length)
  for (const t of g.targets) assert.equal(t.pairings, all.filter((p) => p.target_stars === t.stars).length)
  // An instructor's view is its own pairings'.
  const mine = await instructorClient.ok('/pairings/progress')
  assert.equal(mine.pairings, (await instructorClient.ok('/pairings')).total)
})

test('inspection: an instructor reads the reports of its paired institutions only', async () => {
  const dongda = (await listAll(luolan, '/pairings')).items.find((p) => p.institution_name === '武汉东大中医肛肠医院')
  const rep = await luolan.get(`/institutions/${dongda.institution_id}/inspection`)
  assert.equal(rep.status, 200, rep.text)
  assert.equal(rep.headers.get('cache-control'), 'no-store')
  assert.equal(rep.json.institution.name, '武汉东大中医肛肠医院')
  assert.deepEqual(rep.json.orgs.map((o) => o.org_name), ['武汉东大中医肛肠医院党支部'])
  const o = rep.json.orgs[0]
  assert.deepEqual(o.member_files.fields.map((f) => f.label), ['入党日期', '转正日期', '民族', '学历', '手机号', '科室'])
  assert.ok(o.member_files.total > 0)
  // Dues over the period's completed months, agreeing with the monthly ledger (党费收缴台账).
  assert.equal(o.dues.available, true)
  const ym = (d) => d.toISOString().slice(0, 7)
  const now = new Date(Date.now() + 8 * 3600e3) // China time, as the server counts months
  const from = ym(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 6, 1)))
  const last = ym(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)))
  const dues = (await luolan.ok(`/institutions/${dongda.institution_id}/inspection?from=${from}-01&to=${ym(now)}-01`)).orgs[0].dues
  assert.equal(dues.months.length, 6, 'six completed months; this month is still being collected')
  assert.equal(dues.months[5].month, last)
  for (const m of [dues.months[0], dues.months[5]]) {
    const led = await wuhan.ok(`/dues/ledger?org=${o.org_id}&month=${m.month}&limit=1`)
    assert.equal(m.due_fen, led.totals.due_fen)
    assert.equal(m.collected_fen, led.totals.collected_fen)
    assert.equal(m.members, led.total)
  }
  assert.equal(dues.due_fen, dues.months.reduce((n, m) => n + m.due_fen, 0))
  assert.equal(dues.months_short, dues.months.filter((m) => m.collected_fen < m.due_fen).length)
  const arrears = await wuhan.ok(`/dues/arrears?org=${o.org_id}&limit=1`)
  assert.equal(dues.members_owing, arrears.total)
  assert.equal(dues.members_lapsed, arrears.flagged)
  assert.ok(Array.isArray(o.register.missing) && o.register.missing.every((r) => r.missing > 0))
  assert.equal(typeof o.activities.held, 'number')
  assert.equal(rep.json.gaps, rep.json.checklist.length)
  // Another instructor's institution, and one of the instructor's own organisation's subtree: 404.
  const other = (await listAll(wuhan, '/pairings')).items.find((p) => p.institution_id !== dongda.institution_id)
  assertError(await luolan.get(`/institutions/${other.institution_id}/inspection`), 404, 'not_found')
  assertError(await instructorClient.get(`/institutions/${dongda.institution_id}/inspection`), 404, 'not_found')
  // Out of every scope but the admin's and Wuhan's.
  assertError(await jianghai.get(`/institutions/${dongda.institution_id}/inspection`), 404, 'not_found')
  assert.equal((await wuhan.get(`/institutions/${dongda.institution_id}/inspection`)).status, 200)
  assertError(await yizhibu.get(`/institutions/${dongda.institution_id}/inspection`), 403, 'forbidden')
  // An institution no organisation covers: one item, to build one.
  const bare = await instructorClient.ok(`/institutions/${inst.id}/inspection`)
  assert.deepEqual(bare.orgs, [])
  assert.deepEqual(bare.checklist.map((c) => c.area), ['coverage'])
})

test('inspection: member files by field, the register through compliance, the period checked', async () => {
  const hospital = (await listAll(jianghai, '/institutions')).items.find((i) => i.name === '江门市江海区中西医结合医院')
  const url = `/institutions/${hospital.id}/inspection`
  const before = await jianghai.ok(url)
  const branch = await orgByName(jianghai, '江海区中西医结合医院第一党支部')
  const m = await createMember(jianghai, branch.id, { phone: null, education: null })
  const after = await jianghai.ok(url)
  const field = (rep, f) => rep.orgs[0].member_files.fields.find((x) => x.field === f)
  assert.equal(field(after, 'phone').missing, field(before, 'phone').missing + 1)
  assert.equal(field(after, 'education').missing, field(before, 'education').missing + 1)
  assert.equal(after.orgs[0].member_files.total, before.orgs[0].member_files.total + 1)
  assert.ok(after.checklist.some((c) => c.area === 'members' && c.item.includes('手机号')))
  if (field(after, 'phone').members.length < 30) assert.ok(field(after, 'phone').members.some((x) => x.id === m.id))
  // The register: the rows compliance shows as missing, within the period.
  const year = Number(after.to.slice(0, 4))
  const rows = (await listAll(jianghai, `/compliance?org=${after.orgs[0].org_id}&year=${year}`)).items.filter((r) => r.missing > 0)
  const reg = after.orgs[0].register.missing
  for (const r of reg) assert.ok(rows.some((x) => x.org_id === r.org_id && x.period === r.period && x.type === r.type), `${r.org_name} ${r.period} ${r.type}`)
  // A period of last year only.
  const last = await jianghai.ok(`${url}?from=${year - 1}-01-01&to=${year - 1}-12-31`)
  assert.equal(last.from, `${year - 1}-01-01`)
  assert.ok(last.orgs[0].register.missing.every((r) => r.period.startsWith(String(year - 1))))
  assertError(await jianghai.get(`${url}?from=2026-05-01&to=2026-04-30`), 400, 'bad_request', 'from')
  assertError(await jianghai.get(`${url}?from=2026-13-01`), 400, 'bad_request', 'from')
  assertError(await jianghai.get(`${url}?from=2020-01-01&to=2026-12-31`), 400, 'bad_request', 'from')
  assertError(await jianghai.get('/institutions/999999999/inspection'), 404, 'not_found')
})

test('settings: one instructor one institution unless the administrator allows more', async () => {
  const def = await wuhan.ok('/settings/pairings')
  assert.deepEqual(def.defaults, { max_per_instructor: 1, max_per_institution: 1, max_stars: 6 })
  assertError(await wuhan.put('/settings/pairings', { max_per_instructor: 2 }), 403, 'forbidden')
  assertError(await admin.put('/settings/pairings', { max_per_instructor: 0 }), 422, 'validation', 'max_per_instructor')
  assertError(await admin.put('/settings/pairings', { max_stars: 'six' }), 422, 'validation', 'max_stars')
  const { user } = await newInstructor()
  const a = await newInstitution()
  const b = await newInstitution()
  assert.equal((await wuhan.post('/pairings', { instructor_user_id: user.id, institution_id: a.id, started_on: '2025-03-01' })).status, 201)
  assertError(await wuhan.post('/pairings', { instructor_user_id: user.id, institution_id: b.id, started_on: '2025-03-01' }), 409, 'conflict', 'instructor_user_id')
  try {
    const r = await admin.put('/settings/pairings', { max_per_instructor: 2 })
    assert.equal(r.status, 200, r.text)
    assert.equal(r.json.max_per_instructor, 2)
    assert.equal((await admin.ok('/audit?object_type=settings&limit=1')).items[0].after.max_per_instructor, 2)
    const second = await wuhan.post('/pairings', { instructor_user_id: user.id, institution_id: b.id, started_on: '2025-03-01' })
    assert.equal(second.status, 201, second.text)
  } finally {
    await admin.put('/settings/pairings', { max_per_instructor: 1 })
  }
})

test('the to-do list: late milestones and pairings not visited for 90 days, each linking to its pairing', async () => {
  const { user, client } = await newInstructor()
  const i = await newInstitution()
  const p = (await wuhan.post('/pairings', { instructor_user_id: user.id, institution_id: i.id, started_on: dayOffset(-200), milestones: [{ title: '建立党组织', due_on: dayOffset(-20) }] })).json
  const mine = (await client.ok('/todo')).items.filter((t) => t.link === `/pairings/${p.id}`)
  assert.deepEqual(mine.map((t) => t.kind).sort(), ['pairing_milestone_late', 'pairing_no_visit'])
  assert.ok(mine.every((t) => t.org_id === wuhanOrg.id))
  // The committee sees them too; Jiangmen's administrator and another instructor do not.
  assert.ok((await wuhan.ok('/todo')).items.some((t) => t.link === `/pairings/${p.id}`))
  assert.ok(!(await jianghai.ok('/todo')).items.some((t) => t.link === `/pairings/${p.id}`))
  assert.ok(!(await luolan.ok('/todo')).items.some((t) => t.link === `/pairings/${p.id}`))
  // A visit and the milestone done: nothing left.
  assert.equal((await client.post(`/pairings/${p.id}/visits`, { visited_on: dayOffset(-1), topic: '走访' })).status, 201)
  const r = await client.patch(`/pairings/${p.id}`, { version: p.version, milestones: [{ title: '建立党组织', due_on: dayOffset(-20), done_on: dayOffset(-21) }] })
  assert.equal(r.status, 200, r.text)
  assert.deepEqual((await client.ok('/todo')).items.filter((t) => t.link === `/pairings/${p.id}`), [])
})

test('the answers have the shapes the OpenAPI document gives them', async () => {
  const doc = await admin.ok('/openapi.json')
  const check = (obj, name) => {
    const s = doc.components.schemas[name]
    for (const k of s.required || []) assert.ok(k in obj, `${name}.${k} missing`)
    for (const k of Object.keys(obj)) assert.ok(k in s.properties, `${name} does not document ${k}`)
  }
  const p = (await luolan.ok('/pairings')).items[0]
  check(p, 'Pairing')
  const one = await luolan.ok(`/pairings/${p.id}`)
  check(one, 'Pairing')
  for (const m of one.milestones) check(m, 'PairingMilestone')
  for (const v of (await luolan.ok(`/pairings/${p.id}/visits`)).items) check(v, 'PairingVisit')
  check(await wuhan.ok('/pairings/progress'), 'PairingProgress')
  check(await wuhan.ok('/settings/pairings'), 'PairingSettings')
  check(await luolan.ok(`/institutions/${p.institution_id}/inspection`), 'InspectionReport')
})
