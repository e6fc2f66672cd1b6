// Authorization matrix, generated from the OpenAPI document the server itself serves
// (GET /api/v1/openapi.json): every operation × every demo role, on objects inside and outside
// the role's scope.
//
// Scope of a role = the subtree of its org (in scope iff the object's org path starts with the
// role's org path; admin: everything; member: only its own member file and its own org).
// Institutions are in scope through the orgs that cover them; uncovered ones only for admin,
// org_admin and reviewer, and of those only the ones whose scope registered it (registered_by_org_id)
// unless an administrator registered it. Users: admin all; org_admin its own account and the non-admin accounts of
// its subtree, except other org_admins of its own root.
//
// Rules:
//  - out of scope: 404 (403 only where the role may never use the operation), never 2xx, and
//    the object is unchanged (re-read as admin);
//  - in scope, read: 200, with id_number/phone masked for instructor and reviewer;
//  - in scope, write: 403 and nothing changes for a role without the right; a role with it gets
//    past the check: a stale version (or an invalid body) answers 409/422, nothing changes;
//  - creates with an org outside the scope: 422 on org_id/parent_id/org_ids (or 403/404), nothing
//    created; references in bodies to objects outside the scope are refused the same way;
//  - lists: every item lies inside the scope, for every role and every query parameter;
//  - anonymous callers get 401 everywhere but healthz, openapi.json and POST /session.
// A new operation in openapi.json that the matrix below does not know fails the run, so the
// matrix grows with the API.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { request, login, listAll, memberBody, withWrongCheck, token, dayOffset, dbRows, csvTable } from './lib.mjs'

const MASKED_ID = /^\d{2}\*{15}[\dX]$/
const MASKED_PHONE = /^\d{3}\*{4}\d{4}$/
const FULL_ID = /^\d{17}[\dX]$/
const FULL_PHONE = /^1\d{10}$/

const USERNAMES = ['admin', 'jianghai', 'zxyjh', 'yizhibu', 'liyong', 'luolan', 'jinzhou', 'baiyun', 'reviewer', 'member1']

const WRITES_MEMBERS = new Set(['admin', 'org_admin', 'committee', 'secretary'])
const WRITES_ORGS = new Set(['admin', 'org_admin', 'committee'])
const MANAGES_USERS = new Set(['admin', 'org_admin'])
const SEES_UNCOVERED = new Set(['admin', 'org_admin', 'reviewer'])
const MASKED_ROLES = new Set(['instructor', 'reviewer'])

const writesMembers = (R) => WRITES_MEMBERS.has(R.role)
const readsMeetings = (R) => R.role !== 'member' // meetings.read: every role but a member's account
const writesMeetings = writesMembers // meetings.write: the same roles as members.write
const readsDevelopment = readsMeetings // development.read: every role but a member's account
const writesDevelopment = writesMembers // development.write: the same roles as members.write
const writesOrgs = (R) => WRITES_ORGS.has(R.role)
const managesUsers = (R) => MANAGES_USERS.has(R.role)
const seesUncovered = (R) => SEES_UNCOVERED.has(R.role) // coverage.oversee
const writesCoverage = managesUsers // coverage.write: admin and org_admin
const withOrg = (R, q) => (R.all || !R.orgId ? q : `org=${R.orgId}&${q}`)
const districtQ = () => 'district=' + encodeURIComponent('江岸区')
const everyone = () => true
// The 201 project (pairings.read: admin, org_admin, reviewer, instructor; pairings.manage: admin,
// org_admin; pairings.visit: admin, org_admin, instructor) and the inspection report (inspection.read:
// as pairings.read). An instructor (scope.paired) sees only its own pairings and their institutions.
const READS_PAIRINGS = new Set(['admin', 'org_admin', 'reviewer', 'instructor'])
const readsPairings = (R) => READS_PAIRINGS.has(R.role)
const managesPairings = managesUsers
const visitsPairings = (R) => ['admin', 'org_admin', 'instructor'].includes(R.role)
// 红联共建 (alliances.read: every role but a member's account; alliances.write: the org writers).
// An alliance is seen from its lead's and every partner's subtree, written from its lead's.
const readsAlliances = readsMeetings
const writesAlliances = writesOrgs
// Pioneer posts and volunteer service (posts.read, service.read: every staff role; posts.write,
// service.write: the branch writers). A badge: the member itself or members.write in scope.
const readsPosts = readsMeetings
const writesPosts = writesMembers
const switchesBadge = (R) => writesMembers(R) || R.role === 'member'
// 三重一大 (decisions.read: admin, org_admin, committee, reviewer; decisions.write: the org writers)
// and key tasks (tasks.read: every staff role but an instructor; tasks.write: the org writers).
const readsDecisions = (R) => ['admin', 'org_admin', 'committee', 'reviewer'].includes(R.role)
const writesDecisions = writesOrgs
const readsTasks = (R) => ['admin', 'org_admin', 'committee', 'secretary', 'reviewer'].includes(R.role)
const writesTasks = writesOrgs

// The OpenAPI document ---------------------------------------------------------------------------

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace']
const docRes = await request('GET', '/api/v1/openapi.json')
if (docRes.status !== 200 || !docRes.json || !docRes.json.paths) throw new Error(`GET /api/v1/openapi.json → ${docRes.status}`)
const DOC = docRes.json

function resolve(p) {
  if (p && p.$ref) {
    const name = p.$ref.replace('#/components/parameters/', '')
    return DOC.components.parameters[name]
  }
  return p
}

const OPERATIONS = []
for (const [path, item] of Object.entries(DOC.paths)) {
  for (const m of METHODS) {
    const op = item[m]
    if (!op) continue
    const params = [...(item.parameters || []), ...(op.parameters || [])].map(resolve)
    const security = op.security !== undefined ? op.security : DOC.security || []
    OPERATIONS.push({
      key: `${m.toUpperCase()} ${path}`,
      method: m.toUpperCase(),
      path,
      query: params.filter((p) => p.in === 'query').map((p) => p.name),
      needsLogin: security.length > 0
    })
  }
}

// Fixtures ---------------------------------------------------------------------------------------

let admin
const roles = [] // one record per demo login, see makeRole
const org = new Map() // id → org (live and deleted) as the admin reads it
let allMembers, allInsts, allUsers, allMeetings, allApplicants, allPairings
let allAlliances, allianceRows = new Map() // alliance id → {activity, resource} (the first of each)
let allPosts, allEvents
let allDecisions, allTasks
const fixturesDeleted = { members: [], orgs: [], institutions: [], meetings: [], applicants: [] }
let existingCreditCode
const hits = new Map() // operation key → number of requests sent for it
const hit = (key) => hits.set(key, (hits.get(key) || 0) + 1)

const segs = (p) => p.split('/').filter(Boolean)
function common(a, b) {
  const x = segs(a), y = segs(b)
  let n = 0
  while (n < x.length && n < y.length && x[n] === y[n]) n++
  return n
}
const pathOf = (id) => {
  const o = org.get(id)
  if (!o) throw new Error(`org ${id} unknown to the fixtures`)
  return o.path
}
const byId = (a, b) => a.id - b.id

// Scope predicates, mirroring the rules in the header comment.
function memberIn(R, m) {
  if (R.all) return true
  if (R.role === 'member') return m.id === R.memberId
  return pathOf(m.org_id).startsWith(R.path)
}
function orgIn(R, o) {
  if (R.all) return true
  if (R.role === 'member') return o.id === R.orgId
  return (o.path || pathOf(o.id)).startsWith(R.path)
}
function instIn(R, i) {
  if (R.all) return true
  if (R.role === 'member') return false
  const orgs = i.orgs || []
  // Uncovered: those who oversee coverage in the scope that registered it (all of them when an
  // administrator registered it).
  if (orgs.length === 0) return SEES_UNCOVERED.has(R.role) && (i.registered_by_org_id == null || pathOf(i.registered_by_org_id).startsWith(R.path))
  return orgs.some((x) => (x.path || pathOf(x.id)).startsWith(R.path))
}
function meetingIn(R, m) {
  if (R.all) return true
  if (R.role === 'member') return false
  return pathOf(m.org_id).startsWith(R.path)
}
function applicantIn(R, a) {
  if (R.all) return true
  if (R.role === 'member') return false
  return pathOf(a.org_id).startsWith(R.path)
}
/** An applicant's body in org orgId (the member file's personal fields). */
function applicantBody(orgId) {
  const { category, status, joined_on: j, full_on: f, ...rest } = memberBody(orgId)
  return rest
}

// A pairing lies in the subtree of its instructor's organisation; an instructor's are its own.
const pairingPath = (p) => pathOf(allUsers.find((u) => u.id === p.instructor_user_id).org_id)
function pairingIn(R, p) {
  if (R.all) return true
  if (R.role === 'instructor') return p.instructor_user_id === R.userId
  if (!readsPairings(R)) return false
  return pairingPath(p).startsWith(R.path)
}
// An alliance: its lead's path or any partner's in the scope.
const allianceOrgs = (a) => [a.lead_org_id, ...a.member_org_ids]
const alliancePath = (a) => pathOf(a.lead_org_id)
function allianceIn(R, a) {
  if (R.all) return true
  if (!readsAlliances(R)) return false
  return allianceOrgs(a).some((id) => pathOf(id).startsWith(R.path))
}
const allianceLedIn = (R, a) => R.all || pathOf(a.lead_org_id).startsWith(R.path)
// The public's needs (needs.read: every staff role but an instructor; needs.handle: the writers of
// members): a need lies in the scope of the institution it was filed at (instIn).
const readsNeeds = (R) => ['admin', 'org_admin', 'committee', 'secretary', 'reviewer'].includes(R.role)
const handlesNeeds = writesMembers
let allNeeds = []
function needIn(R, n) {
  if (!readsNeeds(R)) return false
  if (R.all) return true
  const i = allInsts.find((x) => x.id === n.institution_id)
  return !!i && instIn(R, i)
}
/** A need with a photo at an institution of each reading role's scope (filed through the public
 * API from an address of its own, with the proof of work), and each role's fixtures. */
async function makeNeedFixtures() {
  const { createHash } = await import('node:crypto')
  const created = []
  for (const R of roles) {
    if (!readsNeeds(R) || R.all || created.some((n) => needIn(R, n))) continue
    const depth = (i) => Math.max(...i.orgs.map((x) => segs(pathOf(x.id)).length))
    const inst = allInsts.filter((i) => i.orgs.length && instIn(R, i)).sort((a, b) => depth(b) - depth(a) || a.id - b.id)[0]
    if (!inst) continue
    const p = await admin.ok(`/institutions/${inst.id}/needs-poster`)
    const ip = { headers: { 'X-Forwarded-For': `10.250.${created.length + 1}.${Math.floor(Math.random() * 250) + 1}` } }
    const ch = (await request('GET', `/api/v1/public/needs/challenge?token=${p.token}`, undefined, ip)).json
    let nonce = 0
    for (;; nonce++) {
      const h = createHash('sha256').update(`${ch.challenge}:${nonce.toString(16)}`).digest()
      let bits = 0
      for (const b of h) { if (b === 0) { bits += 8; continue } bits += Math.clz32(b) - 24; break }
      if (bits >= ch.difficulty) break
    }
    const r = await request('POST', '/api/v1/public/needs', { token: p.token, category: 'medical', description: '授权测试需求' + token(), contact: '13900003333', challenge: ch.challenge, nonce: nonce.toString(16) }, ip)
    assert.equal(r.status, 201, r.text)
    const ph = await request('POST', `/api/v1/public/needs/${r.json.ticket}/photo`, TINY_PNG, { headers: { 'Content-Type': 'image/png', ...ip.headers } })
    assert.equal(ph.status, 201, ph.text)
    const n = (await admin.ok(`/needs?institution=${inst.id}&limit=5`)).items.find((x) => x.ticket === r.json.ticket)
    created.push(n)
  }
  allNeeds = (await listAll(admin, '/needs')).items
  for (const R of roles) {
    const mine = created.filter((n) => needIn(R, n)).sort(byId)
    R.fx.needs = {
      inside: R.all ? created[0] : mine[0],
      outside: R.all || !readsNeeds(R) ? (R.all ? [] : created.slice(0, 1)) : nearest(R, created.filter((n) => !needIn(R, n)), (n) => pathOf(allInsts.find((i) => i.id === n.institution_id).orgs[0].id)).slice(0, 1)
    }
  }
}
// A pioneer post and a service event lie in the subtree of their organisation.
function postIn(R, p) {
  if (R.all) return true
  if (R.role === 'member') return false
  return pathOf(p.org_id).startsWith(R.path)
}
const eventIn = postIn
// 三重一大 items and key tasks lie in the subtree of their organisation.
function decisionIn(R, d) {
  if (R.all) return true
  if (!readsDecisions(R)) return false
  return pathOf(d.org_id).startsWith(R.path)
}
function taskIn(R, t) {
  if (R.all) return true
  if (!readsTasks(R)) return false
  return pathOf(t.org_id).startsWith(R.path)
}
function userIn(R, u) {
  if (R.all) return true
  if (R.role !== 'org_admin') return false
  if (u.id === R.userId) return true // one's own account
  // Not admins, and not a peer org_admin of the same root (who could reset the other's password).
  if (u.role === 'org_admin' && pathOf(u.org_id) === R.path) return false
  return u.role !== 'admin' && !!u.org_id && pathOf(u.org_id).startsWith(R.path)
}

/** Nearest first: most path segments in common with the role's org, then the smallest id. */
function nearest(R, list, pathFn) {
  return [...list].sort((a, b) => common(pathFn(b), R.path) - common(pathFn(a), R.path) || a.id - b.id)
}

async function total(path) {
  const r = await admin.get(path + (path.includes('?') ? '&' : '?') + 'limit=1')
  assert.equal(r.status, 200, `${path} → ${r.status}`)
  return r.json.total
}

function makeRole(username, client) {
  const u = client.user
  const R = { name: username, c: client, role: u.role, orgId: u.org_id, memberId: u.member_id, userId: u.id, all: u.role === 'admin' }
  R.path = R.all ? '/' : pathOf(u.org_id)
  R.masked = MASKED_ROLES.has(R.role)
  return R
}

/** One org per role scope, where deleted fixtures are made: the deepest branch in the scope. */
function areaOf(R) {
  const live = [...org.values()].filter((o) => !o.deleted && (o.type === 'branch' || o.type === 'joint_branch') && o.path.startsWith(R.path))
  live.sort((a, b) => segs(b.path).length - segs(a.path).length || a.id - b.id)
  return live[0]
}

async function makeDeletedFixtures(areas) {
  for (const a of areas) {
    const m = await admin.post('/members', memberBody(a.id, { tags: ['authz-fixture'] }))
    assert.equal(m.status, 201, m.text)
    const o = await admin.post('/orgs', { name: '授权测试小组' + token(), type: 'group', parent_id: a.id })
    assert.equal(o.status, 201, o.text)
    const i = await admin.post('/institutions', { name: '授权测试机构' + token(), ownership: 'public', kind: 'clinic', org_ids: [a.id] })
    assert.equal(i.status, 201, i.text)
    const when = new Date(Date.now() + 8 * 3600e3 + 10 * 86400e3).toISOString().slice(0, 16)
    const until = new Date(Date.now() + 8 * 3600e3 + 10 * 86400e3 + 3600e3).toISOString().slice(0, 16)
    const mt = await admin.post('/meetings', { org_id: a.id, type: 'theme_day', topic: '授权测试会议' + token(), starts_at: when, ends_at: until })
    assert.equal(mt.status, 201, mt.text)
    const ap = await admin.post('/applicants', applicantBody(a.id))
    assert.equal(ap.status, 201, ap.text)
    for (const [res, x] of [['members', m.json], ['orgs', o.json], ['institutions', i.json], ['meetings', mt.json], ['applicants', ap.json]]) {
      const d = await admin.del(`/${res}/${x.id}?version=${x.version}`)
      assert.equal(d.status, 200, `delete fixture ${res}/${x.id}: ${d.text}`)
      fixturesDeleted[res].push(d.json)
    }
    org.set(o.json.id, { ...o.json, deleted: true })
  }
}

/** A pairing in each role's area that has none (the demo's are all in Wuhan): an instructor's
 * account of the area and a private institution the area covers, paired by the admin. */
async function makePairingFixtures(areas) {
  const users = (await listAll(admin, '/users?role=instructor')).items
  const pairings = (await listAll(admin, '/pairings')).items
  const done = new Set()
  for (const a of areas.values()) {
    const root = a.path.split('/').slice(0, 2).join('/') + '/'
    const has = pairings.some((p) => {
      const u = users.find((x) => x.id === p.instructor_user_id)
      return u && org.get(u.org_id).path.startsWith(root)
    })
    if (has || done.has(root)) continue
    done.add(root)
    const u = await admin.post('/users', { username: 'authzins' + token(), display_name: '授权测试指导员', role: 'instructor', org_id: a.id, password: 'Authz2026pass' })
    assert.equal(u.status, 201, u.text)
    const i = await admin.post('/institutions', { name: '授权测试民营机构' + token(), ownership: 'private', kind: 'clinic', org_ids: [a.id] })
    assert.equal(i.status, 201, i.text)
    const p = await admin.post('/pairings', { instructor_user_id: u.json.id, institution_id: i.json.id, started_on: dayOffset(-400) })
    assert.equal(p.status, 201, p.text)
  }
}

/** A "1+1" alliance led by each role's area (made private by an institution it now covers) with a
 * public partner of Baiyun (人和镇卫生院党支部, the demo's), each with an agreement, an activity, a
 * resource and a month of referrals, made by the admin. */
async function makeAllianceFixtures(areas) {
  const partner = [...org.values()].find((o) => o.name === '人和镇卫生院党支部' && !o.deleted)
  assert.ok(partner, 'the demo has 人和镇卫生院党支部')
  for (const a of areas.values()) {
    const i = await admin.post('/institutions', { name: '授权测试共建机构' + token(), ownership: 'private', kind: 'clinic', org_ids: [a.id] })
    assert.equal(i.status, 201, i.text)
    const al = await admin.post('/alliances', { name: '授权测试共建' + token(), kind: '1+1', lead_org_id: a.id, member_org_ids: [partner.id], started_on: '2024-01-01' })
    assert.equal(al.status, 201, al.text)
    const id = al.json.id
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n')
    const ag = await admin.put(`/alliances/${id}/agreement?version=1&name=authz.pdf`, pdf, { headers: { 'Content-Type': 'application/pdf' } })
    assert.equal(ag.status, 201, ag.text)
    const x = await admin.post(`/alliances/${id}/activities`, { kind: 'study', held_on: '2024-03-01', title: '授权测试联学', attendance: 10 })
    assert.equal(x.status, 201, x.text)
    const rs = await admin.post(`/alliances/${id}/resources`, { kind: 'venue', title: '授权测试场地', provider_org_id: a.id })
    assert.equal(rs.status, 201, rs.text)
    const rf = await admin.put(`/alliances/${id}/referrals`, { month: '2024-02', from_org_id: a.id, to_org_id: partner.id, count: 3 })
    assert.equal(rf.status, 200, rf.text)
  }
}

/** A pioneer post and a service event in each area (the demo's are all in Jinzhou): an
 * institution covered by the area's branch, a post there, an event the branch organised. */
async function makePostFixtures(areas) {
  for (const a of areas.values()) {
    const i = await admin.post('/institutions', { name: '授权测试先锋岗机构' + token(), ownership: 'public', kind: 'clinic', org_ids: [a.id] })
    assert.equal(i.status, 201, i.text)
    const p = await admin.post('/pioneer-posts', { name: '授权测试先锋岗' + token(), institution_id: i.json.id, place: '门诊' })
    assert.equal(p.status, 201, p.text)
    const e = await admin.post('/service-events', { held_on: dayOffset(-2), title: '授权测试义诊' + token(), kind: 'free_clinic', place: '社区', org_ids: [a.id] })
    assert.equal(e.status, 201, e.text)
  }
}

/** A 三重一大 item and a key task in each role's scope that has none (the demo's are all in
 * Jinzhou): the item in the deepest committee or general branch of the scope, the task in the
 * role's area with an owner of that area, made by the admin. */
async function makeDecisionTaskFixtures(areas) {
  const decisions = (await listAll(admin, '/decisions')).items
  const tasks = (await listAll(admin, '/tasks')).items
  for (const R of roles) {
    if (R.all || R.role === 'member') continue
    const committees = [...org.values()].filter((o) => !o.deleted && (o.type === 'committee' || o.type === 'general_branch') && o.path.startsWith(R.path))
    committees.sort((a, b) => segs(b.path).length - segs(a.path).length || a.id - b.id)
    if (committees[0] && !decisions.some((d) => pathOf(d.org_id).startsWith(R.path))) {
      const d = await admin.post('/decisions', { org_id: committees[0].id, category: 'project', title: '授权测试事项' + token(), decided_on: dayOffset(-30), votes_for: 5 })
      assert.equal(d.status, 201, d.text)
      decisions.push(d.json)
    }
    const a = areaOf(R)
    if (a && !tasks.some((t) => pathOf(t.org_id).startsWith(R.path))) {
      const owner = (await admin.ok(`/members?org=${a.id}&limit=1`)).items[0]
      if (!owner) continue
      const year = Number(dayOffset(0).slice(0, 4))
      const t = await admin.post('/tasks', { org_id: a.id, year, title: '授权测试任务' + token(), owner_member_id: owner.id, deadline: `${year}-12-31` })
      assert.equal(t.status, 201, t.text)
      tasks.push(t.json)
    }
  }
}

function fixturesFor(R) {
  const live = [...org.values()].filter((o) => !o.deleted)
  const fx = { members: {}, orgs: {}, institutions: {}, users: {}, meetings: {}, applicants: {}, pairings: {}, alliances: {} }

  // Orgs. Inside (for writes): a non-root org of the scope, nearest to the root; a member's own org.
  const inOrgs = live.filter((o) => orgIn(R, o))
  const nonRoot = inOrgs.filter((o) => o.path !== R.path).sort((a, b) => segs(a.path).length - segs(b.path).length || a.id - b.id)
  fx.orgs.inside = R.role === 'member' ? org.get(R.orgId) : nonRoot[0] || inOrgs[0]
  const outOrgs = live.filter((o) => !orgIn(R, o))
  const ancestors = outOrgs.filter((o) => R.path.startsWith(o.path)).sort((a, b) => segs(b.path).length - segs(a.path).length)
  const others = nearest(R, outOrgs.filter((o) => !R.path.startsWith(o.path) && o.type !== 'group'), (o) => o.path)
  fx.orgs.outside = [ancestors[0], others[0]].filter(Boolean)
  R.outOrg = others[0] // the outside org used in bodies (creates, references)
  R.homeOrg = R.all ? areaOf(R) : org.get(R.orgId) // an in-scope org for creates
  if (R.homeOrg && R.homeOrg.type === 'group') R.homeOrg = inOrgs.find((o) => o.type !== 'group')

  // Members.
  const inM = allMembers.filter((m) => memberIn(R, m)).sort(byId)
  fx.members.inside = inM[0]
  fx.members.outside = nearest(R, allMembers.filter((m) => !memberIn(R, m)), (m) => pathOf(m.org_id)).slice(0, 1)

  // Institutions: a covered one nearby, and an uncovered one for the roles that may not see those.
  const inI = allInsts.filter((i) => instIn(R, i)).sort((a, b) => (b.orgs.length > 0) - (a.orgs.length > 0) || a.id - b.id)
  fx.institutions.inside = inI[0]
  const outI = allInsts.filter((i) => !instIn(R, i))
  const instPath = (i) => (i.orgs.length ? i.orgs.map((x) => pathOf(x.id)).sort((a, b) => common(b, R.path) - common(a, R.path))[0] : '/')
  fx.institutions.outside = [nearest(R, outI.filter((i) => i.orgs.length > 0), instPath)[0], outI.find((i) => i.orgs.length === 0)].filter(Boolean)

  // Users: managers an account of their subtree (not themselves when they can), others themselves.
  const inU = allUsers.filter((u) => userIn(R, u) && u.id !== R.userId).sort(byId)
  fx.users.inside = managesUsers(R) ? inU[0] || allUsers.find((u) => u.id === R.userId) : allUsers.find((u) => u.id === R.userId)
  const outU = allUsers.filter((u) => !userIn(R, u) && u.id !== R.userId)
  fx.users.outside = [outU.find((u) => u.role === 'admin'), nearest(R, outU.filter((u) => u.org_id), (u) => pathOf(u.org_id))[0]].filter(Boolean)

  // Meetings: one of the scope (a member's account reads none), the nearest one outside.
  fx.meetings.inside = allMeetings.filter((m) => meetingIn(R, m)).sort(byId)[0]
  fx.meetings.outside = nearest(R, allMeetings.filter((m) => !meetingIn(R, m) && R.role !== 'member'), (m) => pathOf(m.org_id)).slice(0, 1)

  // Applicants: one of the scope (a member's account reads none), the nearest one outside.
  fx.applicants.inside = allApplicants.filter((a) => applicantIn(R, a)).sort(byId)[0]
  fx.applicants.outside = nearest(R, allApplicants.filter((a) => !applicantIn(R, a) && R.role !== 'member'), (a) => pathOf(a.org_id)).slice(0, 1)
  // Pairings: one of the scope (an instructor's own), the nearest one outside.
  fx.pairings.inside = allPairings.filter((p) => pairingIn(R, p)).sort(byId)[0]
  fx.pairings.outside = nearest(R, allPairings.filter((p) => !pairingIn(R, p)), pairingPath).slice(0, 1)
  // Instructors for the bodies of new pairings: one of the scope, one outside.
  const instructors = allUsers.filter((u) => u.role === 'instructor' && !u.disabled)
  R.instructorIn = instructors.find((u) => R.all || pathOf(u.org_id).startsWith(R.path))
  R.instructorOut = instructors.find((u) => !R.all && !pathOf(u.org_id).startsWith(R.path))
  // Pioneer posts and service events: one of the scope, the nearest one outside.
  fx['pioneer-posts'] = { inside: allPosts.filter((p) => postIn(R, p)).sort(byId)[0], outside: nearest(R, allPosts.filter((p) => !postIn(R, p)), (p) => pathOf(p.org_id)).slice(0, 1) }
  fx['service-events'] = { inside: allEvents.filter((e) => eventIn(R, e)).sort(byId)[0], outside: nearest(R, allEvents.filter((e) => !eventIn(R, e)), (e) => pathOf(e.org_id)).slice(0, 1) }

  // Alliances: one the role leads (with an agreement, an activity and a resource), the nearest one
  // it does not see.
  fx.alliances.inside = allAlliances.filter((a) => allianceLedIn(R, a) && allianceIn(R, a) && a.has_agreement && allianceRows.get(a.id).activity).sort(byId)[0] ||
    allAlliances.filter((a) => allianceIn(R, a)).sort(byId)[0]
  fx.alliances.outside = nearest(R, allAlliances.filter((a) => !allianceIn(R, a) && allianceRows.get(a.id).activity), alliancePath).slice(0, 1)

  // Deleted fixtures (restore, and out-of-scope deleted objects).
  const inFn = { members: memberIn, orgs: orgIn, institutions: instIn, meetings: meetingIn, applicants: applicantIn }
  for (const res of ['members', 'orgs', 'institutions', 'meetings', 'applicants']) {
    fx[res].insideDeleted = fixturesDeleted[res].find((x) => inFn[res](R, x))
    const out = fixturesDeleted[res].filter((x) => !inFn[res](R, x))
    if (out.length) fx[res].outside.push(out[0])
  }
  // 三重一大 items and key tasks: one of the scope, the nearest one outside.
  fx.decisions = { inside: allDecisions.filter((d) => decisionIn(R, d)).sort(byId)[0], outside: nearest(R, allDecisions.filter((d) => !decisionIn(R, d) && R.role !== 'member'), (d) => pathOf(d.org_id)).slice(0, 1) }
  fx.tasks = { inside: allTasks.filter((t) => taskIn(R, t)).sort(byId)[0], outside: nearest(R, allTasks.filter((t) => !taskIn(R, t) && R.role !== 'member'), (t) => pathOf(t.org_id)).slice(0, 1) }
  if (R.all) for (const res of Object.keys(fx)) fx[res].outside = []
  return fx
}

before(async () => {
  admin = await login('admin')
  for (const o of (await listAll(admin, '/orgs')).items) org.set(o.id, o)
  for (const o of (await listAll(admin, '/orgs?deleted=1')).items) org.set(o.id, o)
  const clients = await Promise.all(USERNAMES.map((u) => (u === 'admin' ? admin : login(u))))
  for (let k = 0; k < USERNAMES.length; k++) roles.push(makeRole(USERNAMES[k], clients[k]))
  const areas = new Map()
  for (const R of roles) {
    if (R.all || R.role === 'member') continue
    const a = areaOf(R)
    if (a) areas.set(a.id, a)
  }
  await makeDeletedFixtures([...areas.values()])
  await makePairingFixtures(areas)
  await makeAllianceFixtures(areas)
  await makePostFixtures(areas)
  allMembers = (await listAll(admin, '/members')).items
  allInsts = (await listAll(admin, '/institutions')).items
  allUsers = (await listAll(admin, '/users')).items
  allMeetings = (await listAll(admin, '/meetings')).items
  allApplicants = (await listAll(admin, '/applicants')).items
  allPairings = (await listAll(admin, '/pairings')).items
  allAlliances = (await listAll(admin, '/alliances')).items
  for (const a of allAlliances) {
    allianceRows.set(a.id, {
      activity: (await admin.ok(`/alliances/${a.id}/activities?limit=1`)).items[0],
      resource: (await admin.ok(`/alliances/${a.id}/resources`)).items[0]
    })
  }
  allPosts = (await listAll(admin, '/pioneer-posts')).items
  allEvents = (await listAll(admin, '/service-events')).items
  await makeDecisionTaskFixtures(areas)
  allDecisions = (await listAll(admin, '/decisions')).items
  allTasks = (await listAll(admin, '/tasks')).items
  existingCreditCode = allInsts.find((i) => i.credit_code).credit_code
  for (const R of roles) R.fx = fixturesFor(R)
  await makeNeedFixtures()
  // The badges of the members each role tries are on (the QR code needs it).
  for (const R of roles) if (R.fx.members.inside) assert.equal((await admin.put(`/members/${R.fx.members.inside.id}/badge`, { enabled: true })).status, 200)
  if (process.env.DJ_AUTHZ_VERBOSE) {
    for (const R of roles) {
      const ids = (x) => (x ? x.id : '-')
      const line = Object.entries(R.fx).map(([res, f]) => `${res} in ${ids(f.inside)}/del ${ids(f.insideDeleted)} out ${f.outside.map(ids).join(',')}`)
      console.log(`# ${R.name} (${R.role} ${R.path}) home ${ids(R.homeOrg)} outOrg ${ids(R.outOrg)}: ${line.join('; ')}`)
    }
  }
})

// Checking -------------------------------------------------------------------------------------------

const show = (r) => `${r.status} ${r.text.slice(0, 200)}`

/** Admin's view of an object, to compare before and after a call that must change nothing. */
async function snap(res, id) {
  const r = await admin.get(`/${res}/${id}`)
  assert.equal(r.status, 200, `admin GET /${res}/${id} → ${show(r)}`)
  return r.json
}

async function unchanged(P, res, before, label) {
  const after = await snap(res, before.id)
  try {
    assert.deepEqual(after, before)
  } catch {
    const diff = Object.keys({ ...before, ...after }).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    P.push(`${label}: the object changed (${diff.map((k) => `${k}: ${JSON.stringify(before[k])} → ${JSON.stringify(after[k])}`).join('; ')})`)
  }
}

function expectStatus(P, label, r, allowed) {
  if (!allowed.includes(r.status)) P.push(`${label}: expected ${allowed.join('/')}, got ${show(r)}`)
  return allowed.includes(r.status)
}

function report(P) {
  assert.ok(P.length === 0, `${P.length} problem(s):\n  ` + P.join('\n  '))
}

function checkMemberNumbers(P, label, R, m, real) {
  if (R.masked) {
    if (!MASKED_ID.test(m.id_number)) P.push(`${label}: id_number not masked for ${R.role}: ${m.id_number}`)
    if (m.phone && !MASKED_PHONE.test(m.phone)) P.push(`${label}: phone not masked for ${R.role}: ${m.phone}`)
  } else {
    if (!FULL_ID.test(m.id_number)) P.push(`${label}: id_number masked for ${R.role}: ${m.id_number}`)
    if (m.phone && !FULL_PHONE.test(m.phone)) P.push(`${label}: phone masked for ${R.role}: ${m.phone}`)
    if (real && m.id_number !== real.id_number) P.push(`${label}: id_number differs from the admin's view`)
  }
}

// The matrix -------------------------------------------------------------------------------------------
// kind: public | login | logout | self | list | read | write | create | summary.

const v = (o, stale) => (stale ? -1 : o.version)
const trOrg = (R, m) => {
  // An in-scope target for a transfer: another non-group org of the scope, else the member's own.
  const cands = [...org.values()].filter((o) => !o.deleted && o.type !== 'group' && orgIn(R, o) && o.id !== m.org_id).sort(byId)
  return (cands[0] || org.get(m.org_id)).id
}
const incompatibleChild = (parent) => (['branch', 'joint_branch', 'group'].includes(parent.type) ? 'committee' : 'group')
const compatibleChild = (parent) => (parent.type === 'committee' || parent.type === 'general_branch' ? 'branch' : 'group')

function importCsv(m, orgColumn) {
  const head = ['姓名', '性别', '出生日期', '身份证号', '党员类别', '入党日期', '转正日期']
  const row = [m.name, m.gender === 'male' ? '男' : '女', m.birth_date, m.id_number, '正式党员', m.joined_on, m.full_on]
  if (orgColumn) {
    head.push('组织ID')
    row.push(String(orgColumn))
  }
  return head.join(',') + '\r\n' + row.join(',') + '\r\n'
}
const csvPost = (c, url, text) => c.post(url, text, { headers: { 'Content-Type': 'text/csv' } })

// Dues: months in China time, a payment item and its CSV, the payments' count.
function duesMonth(k = 0) {
  const d = new Date(Date.now() + 8 * 3600e3)
  const n = d.getUTCFullYear() * 12 + d.getUTCMonth() + k
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`
}
const duesToday = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
const duesItem = (m, mo) => ({ member_id: m.id, month: mo, amount_fen: 1500, method: 'cash', paid_on: duesToday() })
const duesCsv = (m, mo) => `党员编号,月份,金额（元）,缴纳方式,缴纳日期\r\n${m.id},${mo},15.00,现金,${duesToday()}\r\n`
const paymentCount = async () => Number(dbRows('SELECT COUNT(*) FROM dues_payments')[0][0])

const MATRIX = {
  'GET /healthz': { kind: 'public', status: 200 },
  'GET /api/v1/openapi.json': { kind: 'public', status: 200 },
  'POST /api/v1/session': { kind: 'login' },
  'DELETE /api/v1/session': { kind: 'logout' },
  'GET /api/v1/me': { kind: 'self', check: (R, j) => j.username === R.name && j.role === R.role && !!j.csrf_token },
  'GET /api/v1/meta': { kind: 'self', check: (R, j) => Array.isArray(j.org_types) && Array.isArray(j.roles) },
  // The import template holds no data: the same .xlsx (a zip) for every signed-in user.
  'GET /api/v1/members/import-template': { kind: 'self', check: (R, j, r) => r.bytes.subarray(0, 2).toString('latin1') === 'PK' },
  // Figures of the caller's scope: the same as the admin's for the scope root; members refused.
  'GET /api/v1/dashboard': {
    kind: 'summary', may: (R) => R.role !== 'member',
    orgsIn: (j) => ((j.warnings && j.warnings.items) || []).map((w) => ({ id: w.org_id }))
  },

  // The audit log: admins and org admins, each record's object in the caller's scope.
  'GET /api/v1/audit': { kind: 'gated', may: managesUsers, check: auditInScope },
  'GET /api/v1/audit/verify': { kind: 'gated', may: managesUsers, check: (R, j) => (j.ok === true && j.records > 0 ? null : `chain ${JSON.stringify(j)}`) },
  // Everyone's own to-do list: only organisations of the caller's scope.
  'GET /api/v1/todo': { kind: 'self', check: (R, j) => Array.isArray(j.items) && j.items.every((t) => t.org_id == null || orgIn(R, { id: t.org_id })) },
  // One's own password: every role gets past the access check to the old password's check.
  'POST /api/v1/me/password': { kind: 'ownpw' },

  // Registers as files: exactly the rows of the caller's own list (the same scope), as .csv.
  'GET /api/v1/institutions/export': { kind: 'export', list: '/institutions' },
  'GET /api/v1/users/export': { kind: 'export', list: '/users', may: managesUsers },

  // Organisations.
  'GET /api/v1/orgs': { kind: 'list', res: 'orgs', inScope: orgIn },
  'GET /api/v1/orgs/{id}': { kind: 'read', res: 'orgs', url: (o) => `/orgs/${o.id}` },
  'GET /api/v1/orgs/{id}/warnings': { kind: 'read', res: 'orgs', url: (o) => `/orgs/${o.id}/warnings` },
  'PATCH /api/v1/orgs/{id}': {
    kind: 'write', res: 'orgs', may: writesOrgs,
    send: (c, o, stale) => c.patch(`/orgs/${o.id}`, { version: v(o, stale), name: o.name + '越权' }),
    refs: [
      { what: 'parent_id outside', fields: ['parent_id'], body: (R, o) => R.outOrg && { version: -1, parent_id: R.outOrg.id } },
      { what: 'institution_ids outside', fields: ['institution_ids'], body: (R) => R.fx.institutions.outside[0] && { version: -1, institution_ids: [R.fx.institutions.outside[0].id] } }
    ],
    refSend: (c, o, body) => c.patch(`/orgs/${o.id}`, body)
  },
  'DELETE /api/v1/orgs/{id}': { kind: 'write', res: 'orgs', may: writesOrgs, send: (c, o, stale) => c.del(`/orgs/${o.id}?version=${v(o, stale)}`) },
  'POST /api/v1/orgs/{id}/restore': { kind: 'write', res: 'orgs', may: writesOrgs, restore: true, send: (c, o, stale) => c.post(`/orgs/${o.id}/restore?version=${v(o, stale)}`) },
  'POST /api/v1/orgs': {
    kind: 'create', res: 'orgs', may: writesOrgs, count: () => total('/orgs'),
    cases: (R) => [
      // The message for a parent that does not exist: the in-scope case must not get it.
      { where: 'ref', what: 'parent_id that does not exist', fields: ['parent_id'], send: (c) => c.post('/orgs', { name: '授权' + token(), type: 'branch', parent_id: 999999999 }), remember: 'noParent' },
      R.homeOrg && {
        where: 'inside', what: `type not allowed under in-scope parent ${R.homeOrg.id}`,
        send: (c) => c.post('/orgs', { name: '授权' + token(), type: incompatibleChild(R.homeOrg), parent_id: R.homeOrg.id }),
        ok: (r, mem) => r.status === 422 && r.json?.error?.message !== mem.noParent
      },
      R.outOrg && { where: 'outside', what: `parent ${R.outOrg.id} outside`, fields: ['parent_id'], send: (c) => c.post('/orgs', { name: '授权' + token(), type: compatibleChild(R.outOrg), parent_id: R.outOrg.id }) },
      R.homeOrg && R.fx.institutions.outside[0] && {
        where: 'ref', what: 'institution_ids outside', fields: ['institution_ids'],
        send: (c) => c.post('/orgs', { name: '授权' + token(), type: incompatibleChild(R.homeOrg), parent_id: R.homeOrg.id, institution_ids: [R.fx.institutions.outside[0].id] })
      }
    ]
  },

  // Institutions.
  'GET /api/v1/institutions': { kind: 'list', res: 'institutions', inScope: instIn },
  'GET /api/v1/institutions/{id}': { kind: 'read', res: 'institutions', url: (o) => `/institutions/${o.id}` },
  'PATCH /api/v1/institutions/{id}': {
    kind: 'write', res: 'institutions', may: writesOrgs,
    send: (c, o, stale) => c.patch(`/institutions/${o.id}`, { version: v(o, stale), name: o.name + '越权' }),
    refs: [{ what: 'org_ids outside', fields: ['org_ids'], body: (R) => R.outOrg && { version: -1, org_ids: [R.outOrg.id] } }],
    refSend: (c, o, body) => c.patch(`/institutions/${o.id}`, body)
  },
  'DELETE /api/v1/institutions/{id}': { kind: 'write', res: 'institutions', may: writesOrgs, send: (c, o, stale) => c.del(`/institutions/${o.id}?version=${v(o, stale)}`) },
  'POST /api/v1/institutions/{id}/restore': { kind: 'write', res: 'institutions', may: writesOrgs, restore: true, send: (c, o, stale) => c.post(`/institutions/${o.id}/restore?version=${v(o, stale)}`) },
  'POST /api/v1/institutions': {
    kind: 'create', res: 'institutions', may: writesOrgs, count: () => total('/institutions'),
    cases: (R) => [
      R.homeOrg && {
        where: 'inside', what: `duplicate credit code, org_ids in scope`,
        send: (c) => c.post('/institutions', { name: '授权' + token(), ownership: 'public', kind: 'clinic', credit_code: existingCreditCode, org_ids: [R.homeOrg.id] }),
        ok: (r) => (r.status === 409 || r.status === 422) && r.json?.error?.field !== 'org_ids'
      },
      R.outOrg && { where: 'outside', what: `org_ids [${R.outOrg.id}] outside`, fields: ['org_ids'], send: (c) => c.post('/institutions', { name: '授权' + token(), ownership: 'public', kind: 'clinic', org_ids: [R.outOrg.id] }) }
    ]
  },

  // Members.
  'GET /api/v1/members': { kind: 'list', res: 'members', inScope: memberIn },
  'GET /api/v1/members/export': { kind: 'list', res: 'members', csv: true, inScope: memberIn },
  'GET /api/v1/members/{id}': { kind: 'read', res: 'members', url: (o) => `/members/${o.id}`, numbers: true },
  'GET /api/v1/members/{id}/history': { kind: 'read', res: 'members', url: (o) => `/members/${o.id}/history`, history: true },
  'PATCH /api/v1/members/{id}': { kind: 'write', res: 'members', may: writesMembers, send: (c, o, stale) => c.patch(`/members/${o.id}`, { version: v(o, stale), position: '越权修改' }) },
  'DELETE /api/v1/members/{id}': { kind: 'write', res: 'members', may: writesMembers, send: (c, o, stale) => c.del(`/members/${o.id}?version=${v(o, stale)}`) },
  'POST /api/v1/members/{id}/restore': { kind: 'write', res: 'members', may: writesMembers, restore: true, send: (c, o, stale) => c.post(`/members/${o.id}/restore?version=${v(o, stale)}`) },
  'POST /api/v1/members/{id}/transfer': {
    kind: 'write', res: 'members', may: writesMembers,
    send: (c, o, stale, R) => c.post(`/members/${o.id}/transfer`, { to_org_id: trOrg(R, o), transfer_date: dayOffset(-1), reason: '授权测试', version: v(o, stale) }),
    refs: [{ what: 'to_org_id outside', fields: ['to_org_id'], body: (R) => R.outOrg && { to_org_id: R.outOrg.id, transfer_date: dayOffset(-1), reason: '授权测试', version: -1 } }],
    refSend: (c, o, body) => c.post(`/members/${o.id}/transfer`, body)
  },
  'POST /api/v1/members': {
    kind: 'create', res: 'members', may: writesMembers, count: () => total('/members'),
    cases: (R) => [
      R.homeOrg && {
        where: 'inside', what: `org_id ${R.homeOrg.id} in scope, bad ID check character`,
        send: (c) => {
          const b = memberBody(R.homeOrg.id)
          b.id_number = withWrongCheck(b.id_number)
          return c.post('/members', b)
        },
        ok: (r) => (r.status === 409 || r.status === 422) && r.json?.error?.field !== 'org_id'
      },
      R.outOrg && { where: 'outside', what: `org_id ${R.outOrg.id} outside`, fields: ['org_id'], send: (c) => c.post('/members', memberBody(R.outOrg.id)) }
    ]
  },
  'POST /api/v1/members/import': {
    kind: 'create', res: 'members', may: writesMembers, count: () => total('/members'),
    cases: (R) => [
      R.homeOrg && {
        where: 'inside', what: `dry run into ${R.homeOrg.id}`,
        send: (c) => csvPost(c, `/members/import?org=${R.homeOrg.id}&dry_run=1`, importCsv(memberBody(R.homeOrg.id))),
        ok: (r) => r.status === 200 && r.json?.dry_run === true
      },
      R.outOrg && { where: 'outside', what: `?org=${R.outOrg.id} outside`, importFields: true, send: (c) => csvPost(c, `/members/import?org=${R.outOrg.id}&dry_run=1`, importCsv(memberBody(R.outOrg.id))) },
      R.homeOrg && R.outOrg && {
        where: 'ref', what: `组织ID column ${R.outOrg.id} outside`, importFields: true,
        send: (c) => csvPost(c, `/members/import?org=${R.homeOrg.id}&dry_run=1`, importCsv(memberBody(R.outOrg.id), R.outOrg.id))
      }
    ]
  },

  // Organisational life.
  'GET /api/v1/meetings': { kind: 'list', res: 'meetings', may: readsMeetings, inScope: (R, m) => meetingIn(R, m) },
  'GET /api/v1/meetings/export': { kind: 'export', list: '/meetings', may: readsMeetings },
  'GET /api/v1/orgs/export': { kind: 'export', list: '/orgs' },
  'GET /api/v1/audit/export': { kind: 'export', list: '/audit', may: managesUsers },
  'GET /api/v1/applicants/export': { kind: 'export', list: '/applicants', may: readsDevelopment },
  'GET /api/v1/pairings/export': { kind: 'export', list: '/pairings', may: readsPairings },
  'GET /api/v1/meetings/{id}': { kind: 'read', res: 'meetings', may: readsMeetings, url: (o) => `/meetings/${o.id}` },
  'GET /api/v1/meetings/{id}/attendance': { kind: 'read', res: 'meetings', may: readsMeetings, url: (o) => `/meetings/${o.id}/attendance` },
  // The check-in code is a credential: those who run meetings only.
  'GET /api/v1/meetings/{id}/checkin-code': { kind: 'read', res: 'meetings', may: writesMeetings, url: (o) => `/meetings/${o.id}/checkin-code` },
  'PATCH /api/v1/meetings/{id}': { kind: 'write', res: 'meetings', may: writesMeetings, send: (c, o, stale) => c.patch(`/meetings/${o.id}`, { version: v(o, stale), topic: o.topic + '越权' }) },
  'DELETE /api/v1/meetings/{id}': { kind: 'write', res: 'meetings', may: writesMeetings, send: (c, o, stale) => c.del(`/meetings/${o.id}?version=${v(o, stale)}`) },
  'POST /api/v1/meetings/{id}/restore': { kind: 'write', res: 'meetings', may: writesMeetings, restore: true, send: (c, o, stale) => c.post(`/meetings/${o.id}/restore?version=${v(o, stale)}`) },
  // Attachments: a tiny PNG uploaded by each role (or by admin, for the reads and deletes).
  'POST /api/v1/meetings/{id}/attachments': { kind: 'attach', op: 'upload', may: writesMeetings },
  'GET /api/v1/meetings/{id}/attachments': { kind: 'attach', op: 'list', may: readsMeetings },
  'GET /api/v1/meetings/{id}/attachments/{aid}': { kind: 'attach', op: 'get', may: readsMeetings },
  'DELETE /api/v1/meetings/{id}/attachments/{aid}': { kind: 'attach', op: 'delete', may: writesMeetings },
  'PUT /api/v1/meetings/{id}/attendance': { kind: 'write', res: 'meetings', may: writesMeetings, send: (c, o, stale) => c.put(`/meetings/${o.id}/attendance`, { version: v(o, stale), items: [] }) },
  'POST /api/v1/meetings': {
    kind: 'create', res: 'meetings', may: writesMeetings, count: () => total('/meetings'),
    cases: (R) => {
      const body = (over) => ({ type: 'theme_day', topic: '授权测试' + token(), starts_at: '2030-01-05T14:00', ends_at: '2030-01-05T16:00', ...over })
      return [
        R.homeOrg && {
          where: 'inside', what: `org_id ${R.homeOrg.id} in scope, ends before it starts`,
          send: (c) => c.post('/meetings', body({ org_id: R.homeOrg.id, ends_at: '2030-01-05T13:00' })),
          ok: (r) => r.status === 422 && r.json?.error?.field === 'ends_at'
        },
        R.outOrg && { where: 'outside', what: `org_id ${R.outOrg.id} outside`, fields: ['org_id'], send: (c) => c.post('/meetings', body({ org_id: R.outOrg.id })) },
        R.homeOrg && R.outOrg && {
          where: 'ref', what: 'joint_org_ids outside', fields: ['joint_org_ids'],
          send: (c) => c.post('/meetings', body({ org_id: R.homeOrg.id, type: 'joint_study', joint_org_ids: [R.outOrg.id] }))
        }
      ]
    }
  },
  // Everyone signed in gets past the access check to the code's own check.
  'POST /api/v1/checkin': { kind: 'checkin' },
  'GET /api/v1/orgs/{id}/register': { kind: 'read', res: 'orgs', may: readsMeetings, url: (o) => `/orgs/${o.id}/register` },
  'GET /api/v1/members/{id}/attendance': { kind: 'read', res: 'members', url: (o) => `/members/${o.id}/attendance` },
  'GET /api/v1/compliance': { kind: 'summary', may: readsMeetings, orgsIn: (j) => (j.items || []).map((x) => ({ id: x.org_id })) },
  'GET /api/v1/settings/compliance': { kind: 'self', check: (R, j) => !!(j.frequencies && j.frequencies.committee && j.defaults) },
  'PUT /api/v1/settings/compliance': { kind: 'adminput', may: (R) => R.all, url: '/settings/compliance', body: { min_share_percent: 101 } },

  // Two-coverage survey and joint branches (coverage.c, coverage_joint.c).
  // Filters name the organisation too, so that they compare with the admin's.
  'GET /api/v1/coverage': { kind: 'summary', may: seesUncovered, orgsIn: () => [], params: { status: (R) => [{ q: withOrg(R, 'status=should_join') }], district: (R) => [{ q: withOrg(R, districtQ()) }] } },
  'GET /api/v1/coverage/joint-proposals': { kind: 'summary', may: seesUncovered, orgsIn: () => [], params: { district: (R) => [{ q: withOrg(R, districtQ()) }] } },
  'GET /api/v1/coverage/rounds': { kind: 'list', res: 'orgs', may: seesUncovered, inScope: (R, it) => R.all || it.org_path.startsWith(R.path) },
  'GET /api/v1/coverage/rounds/{id}/diff': { kind: 'coverage', op: 'diff', may: seesUncovered },
  'POST /api/v1/coverage/rounds': { kind: 'coverage', op: 'round', may: writesCoverage },
  'PUT /api/v1/institutions/{id}/survey': { kind: 'coverage', op: 'survey', may: writesCoverage },
  'POST /api/v1/coverage/joint-proposals/accept': { kind: 'coverage', op: 'accept', may: writesCoverage },
  'GET /api/v1/settings/coverage': { kind: 'self', check: (R, j) => typeof j.max_distance_km === 'number' && !!j.defaults },
  'PUT /api/v1/settings/coverage': { kind: 'adminput', may: (R) => R.all, url: '/settings/coverage', body: { max_distance_km: 0 } },
  // Party dues: the rule for everyone; the ledger and arrears for staff (figures of the scope,
  // the same as the admin's); bases and payments written by branch writers, in scope only.
  'GET /api/v1/dues/calc': { kind: 'self', url: '/api/v1/dues/calc?kind=employed&base_fen=300000', check: (R, j) => j.due_fen === 1500 && j.rate_permille === 5 },
  'GET /api/v1/settings/dues': { kind: 'self', check: (R, j) => !!(j.rounding && j.defaults && j.back_limit_months) },
  'PUT /api/v1/settings/dues': { kind: 'adminput', may: (R) => R.all, url: '/settings/dues', body: { back_limit_months: 0 } },
  'GET /api/v1/dues/ledger': { kind: 'summary', may: readsMeetings, month: duesMonth(-1), orgsIn: (j) => (j.items || []).map((x) => ({ id: x.org_id })) },
  'GET /api/v1/dues/arrears': { kind: 'summary', may: readsMeetings, orgsIn: (j) => (j.items || []).map((x) => ({ id: x.org_id })) },
  'GET /api/v1/members/{id}/dues': { kind: 'read', res: 'members', url: (o) => `/members/${o.id}/dues` },
  'GET /api/v1/members/{id}/dues-bases': { kind: 'read', res: 'members', url: (o) => `/members/${o.id}/dues-bases` },
  'POST /api/v1/members/{id}/dues-bases': {
    kind: 'write', res: 'members', may: writesMembers,
    send: (c, o, invalid) => c.post(`/members/${o.id}/dues-bases`, { kind: 'employed', base_fen: invalid ? -1 : 300000, from_month: duesMonth(1) })
  },
  'POST /api/v1/dues/payments': {
    kind: 'create', res: 'dues_payments', may: writesMembers, count: paymentCount,
    cases: (R) => [
      R.fx.members.inside && {
        where: 'inside', what: `member ${R.fx.members.inside.id} in scope, a future month`,
        send: (c) => c.post('/dues/payments', { items: [duesItem(R.fx.members.inside, duesMonth(1))] }),
        ok: (r) => r.status === 422 && r.json?.error?.field === 'month'
      },
      R.fx.members.outside[0] && {
        where: 'outside', what: `member ${R.fx.members.outside[0].id} outside`, fields: ['member_id'],
        send: (c) => c.post('/dues/payments', { items: [duesItem(R.fx.members.outside[0], duesMonth(0))] })
      }
    ]
  },
  'POST /api/v1/dues/payments/import': {
    kind: 'create', res: 'dues_payments', may: writesMembers, count: paymentCount,
    cases: (R) => [
      R.fx.members.inside && {
        where: 'inside', what: `dry run, member ${R.fx.members.inside.id} in scope, a future month`,
        send: (c) => csvPost(c, '/dues/payments/import?dry_run=1', duesCsv(R.fx.members.inside, duesMonth(1))),
        ok: (r) => r.status === 422 && (r.json?.error?.details || []).every((d) => d.field === 'month')
      },
      R.fx.members.outside[0] && {
        where: 'outside', what: `member ${R.fx.members.outside[0].id} outside`,
        send: (c) => csvPost(c, '/dues/payments/import', duesCsv(R.fx.members.outside[0], duesMonth(0))),
        ok: (r) => r.status === 422 && r.json.error.details.length > 0 && r.json.error.details.every((d) => d.field === 'member_id')
      }
    ]
  },
  'POST /api/v1/dues/payments/{id}/reversal': { kind: 'duesReversal', may: writesMembers },
  // Developing members.
  'GET /api/v1/applicants': { kind: 'list', res: 'applicants', may: readsDevelopment, inScope: applicantIn },
  'POST /api/v1/applicants/{id}/steps/{step}/attachments': { kind: 'attach', res: 'applicants', op: 'upload', may: writesDevelopment },
  'GET /api/v1/applicants/{id}/steps/{step}/attachments': { kind: 'attach', res: 'applicants', op: 'list', may: readsDevelopment },
  'GET /api/v1/applicants/{id}/steps/{step}/attachments/{aid}': { kind: 'attach', res: 'applicants', op: 'get', may: readsDevelopment },
  'DELETE /api/v1/applicants/{id}/steps/{step}/attachments/{aid}': { kind: 'attach', res: 'applicants', op: 'delete', may: writesDevelopment },
  'GET /api/v1/applicants/{id}': { kind: 'read', res: 'applicants', may: readsDevelopment, url: (o) => `/applicants/${o.id}`, numbers: true },
  'PATCH /api/v1/applicants/{id}': { kind: 'write', res: 'applicants', may: writesDevelopment, send: (c, o, stale) => c.patch(`/applicants/${o.id}`, { version: v(o, stale), position: '越权修改' }) },
  'DELETE /api/v1/applicants/{id}': { kind: 'write', res: 'applicants', may: writesDevelopment, send: (c, o, stale) => c.del(`/applicants/${o.id}?version=${v(o, stale)}`) },
  'POST /api/v1/applicants/{id}/restore': { kind: 'write', res: 'applicants', may: writesDevelopment, restore: true, send: (c, o, stale) => c.post(`/applicants/${o.id}/restore?version=${v(o, stale)}`) },
  // The next step, on a stale version: refused (409), or (a rule broken) 422; nothing recorded.
  'POST /api/v1/applicants/{id}/steps': {
    kind: 'write', res: 'applicants', may: writesDevelopment,
    send: (c, o, stale) => c.post(`/applicants/${o.id}/steps`, { version: v(o, stale), step: Math.min(o.last_step + 1, 25), done_on: dayOffset(-1), training_days: 3 })
  },
  'POST /api/v1/applicants': {
    kind: 'create', res: 'applicants', may: writesDevelopment, count: () => total('/applicants'),
    cases: (R) => [
      R.homeOrg && {
        where: 'inside', what: `org_id ${R.homeOrg.id} in scope, bad ID check character`,
        send: (c) => {
          const b = applicantBody(R.homeOrg.id)
          b.id_number = withWrongCheck(b.id_number)
          return c.post('/applicants', b)
        },
        ok: (r) => r.status === 422 && r.json?.error?.field === 'id_number'
      },
      R.outOrg && { where: 'outside', what: `org_id ${R.outOrg.id} outside`, fields: ['org_id'], send: (c) => c.post('/applicants', applicantBody(R.outOrg.id)) }
    ]
  },
  'GET /api/v1/development/board': {
    kind: 'summary', may: readsDevelopment,
    orgsIn: (j) => Object.values(j.due || {}).flatMap((d) => d.items).map((x) => ({ id: x.org_id }))
  },
  'GET /api/v1/development/three-cultivations': {
    kind: 'summary', may: readsDevelopment,
    orgsIn: (j) => (j.flows || []).flatMap((f) => f.items).map((x) => ({ id: x.org_id }))
  },
  // A 三培养 tag on a member file: the member named in the body must be in the scope.
  'POST /api/v1/development/tags': {
    kind: 'create', res: 'members', may: writesDevelopment, count: () => total('/members'),
    cases: (R) => [
      R.fx.members.inside && {
        where: 'inside', what: `member ${R.fx.members.inside.id} in scope, a tag that is not one of 三培养`,
        send: (c) => c.post('/development/tags', { member_id: R.fx.members.inside.id, tag: '先锋岗', tagged_on: dayOffset(-1) }),
        ok: (r) => r.status === 422 && r.json?.error?.field === 'tag'
      },
      R.fx.members.outside[0] && {
        where: 'outside', what: `member ${R.fx.members.outside[0].id} outside`, fields: ['member_id'],
        send: (c) => c.post('/development/tags', { member_id: R.fx.members.outside[0].id, tag: '业务骨干', tagged_on: dayOffset(-1) })
      }
    ]
  },
  // The 201 project.
  'GET /api/v1/pairings': { kind: 'list', res: 'pairings', may: readsPairings, inScope: pairingIn },
  'GET /api/v1/pairings/{id}': { kind: 'read', res: 'pairings', may: readsPairings, url: (o) => `/pairings/${o.id}` },
  'GET /api/v1/pairings/{id}/visits': { kind: 'read', res: 'pairings', may: readsPairings, url: (o) => `/pairings/${o.id}/visits` },
  'POST /api/v1/pairings/{id}/visits/{vid}/photos': { kind: 'attach', res: 'pairings', op: 'upload', may: visitsPairings },
  'GET /api/v1/pairings/{id}/visits/{vid}/photos': { kind: 'attach', res: 'pairings', op: 'list', may: readsPairings },
  'GET /api/v1/pairings/{id}/visits/{vid}/photos/{pid}': { kind: 'attach', res: 'pairings', op: 'get', may: readsPairings },
  'DELETE /api/v1/pairings/{id}/visits/{vid}/photos/{pid}': { kind: 'attach', res: 'pairings', op: 'delete', may: visitsPairings },
  'PATCH /api/v1/pairings/{id}': { kind: 'write', res: 'pairings', may: visitsPairings, send: (c, o, stale) => c.patch(`/pairings/${o.id}`, { version: v(o, stale), note: '越权修改' }) },
  // A visit: the roles with the right send a visit dated after the pairing's end (422); the
  // others a valid one (403, or 404 out of scope). The pairing's visit count shows any change.
  'POST /api/v1/pairings/{id}/visits': {
    kind: 'write', res: 'pairings', may: visitsPairings,
    send: (c, o, bad) => c.post(`/pairings/${o.id}/visits`, { visited_on: bad ? '2199-01-01' : o.started_on, topic: '越权走访' + token() })
  },
  'POST /api/v1/pairings': {
    kind: 'create', res: 'pairings', may: managesPairings, count: () => total('/pairings'),
    cases: (R) => {
      const pub = allInsts.find((i) => i.ownership === 'public' && instIn(R, i))
      const priv = allInsts.find((i) => i.ownership === 'private' && instIn(R, i))
      const outside = R.fx.institutions.outside.find((i) => !i.deleted)
      return [
        R.instructorIn && (pub || priv) && {
          where: 'inside', what: pub ? 'a public institution of the scope' : 'ends before it starts',
          send: (c) => c.post('/pairings', { instructor_user_id: R.instructorIn.id, institution_id: (pub || priv).id, started_on: '2026-01-01', ends_on: pub ? null : '2025-12-31' }),
          ok: (r) => r.status === 422 && r.json?.error?.field === (pub ? 'institution_id' : 'ends_on')
        },
        R.instructorIn && outside && { where: 'outside', what: `institution ${outside.id} outside`, fields: ['institution_id'], send: (c) => c.post('/pairings', { instructor_user_id: R.instructorIn.id, institution_id: outside.id, started_on: '2026-01-01' }) },
        R.instructorOut && priv && { where: 'ref', what: `instructor ${R.instructorOut.id} outside`, fields: ['instructor_user_id'], send: (c) => c.post('/pairings', { instructor_user_id: R.instructorOut.id, institution_id: priv.id, started_on: '2026-01-01' }) }
      ]
    }
  },
  // The bureau's view: exactly the figures of the pairings of the caller's scope.
  'GET /api/v1/pairings/progress': {
    kind: 'gated', may: readsPairings,
    check: (R, j) => {
      const mine = allPairings.filter((p) => pairingIn(R, p))
      if (j.pairings !== mine.length) return `${j.pairings} pairings, the scope has ${mine.length}`
      const bad = j.late_items.find((x) => !mine.some((p) => p.id === x.pairing_id))
      return bad ? `late item of pairing ${bad.pairing_id} outside the scope` : null
    }
  },
  'GET /api/v1/institutions/{id}/inspection': { kind: 'inspection', may: readsPairings },
  'GET /api/v1/settings/pairings': { kind: 'gated', may: readsPairings, check: (R, j) => (j.max_per_instructor >= 1 && j.defaults ? null : JSON.stringify(j)) },
  'PUT /api/v1/settings/pairings': { kind: 'adminput', may: (R) => R.all, url: '/settings/pairings', body: { max_stars: 11 } },

  // 红联共建: reads from the lead's or any partner's subtree; writes by the lead's writers (a stale
  // version or an invalid body: 409/422, nothing changes; the alliance as the admin reads it
  // counts its activities, resources and referrals and shows its agreement).
  'GET /api/v1/alliances': {
    kind: 'list', res: 'alliances', may: readsAlliances, inScope: allianceIn,
    params: { kind: () => [{ q: 'kind=1%2B1' }, { q: 'kind=' + encodeURIComponent('“1+N”联盟共建') }] }
  },
  'GET /api/v1/alliances/{id}': { kind: 'read', res: 'alliances', may: readsAlliances, url: (o) => `/alliances/${o.id}?year=2024` },
  'GET /api/v1/alliances/{id}/activities': { kind: 'read', res: 'alliances', may: readsAlliances, url: (o) => `/alliances/${o.id}/activities?year=2024` },
  'GET /api/v1/alliances/{id}/resources': { kind: 'read', res: 'alliances', may: readsAlliances, url: (o) => `/alliances/${o.id}/resources` },
  'GET /api/v1/alliances/{id}/referrals': { kind: 'read', res: 'alliances', may: readsAlliances, url: (o) => `/alliances/${o.id}/referrals?year=2024` },
  'GET /api/v1/alliances/{id}/report': { kind: 'read', res: 'alliances', may: readsAlliances, url: (o) => `/alliances/${o.id}/report?year=2024&format=xlsx` },
  'GET /api/v1/alliances/{id}/agreement': { kind: 'read', res: 'alliances', may: readsAlliances, url: (o) => `/alliances/${o.id}/agreement` },
  'PATCH /api/v1/alliances/{id}': { kind: 'write', res: 'alliances', may: writesAlliances, send: (c, o, stale) => c.patch(`/alliances/${o.id}`, { version: v(o, stale), note: '越权修改' }) },
  'DELETE /api/v1/alliances/{id}': { kind: 'write', res: 'alliances', may: writesAlliances, send: (c, o, stale) => c.del(`/alliances/${o.id}?version=${v(o, stale)}`) },
  'PUT /api/v1/alliances/{id}/agreement': {
    kind: 'write', res: 'alliances', may: writesAlliances,
    send: (c, o, stale) => c.put(`/alliances/${o.id}/agreement?version=${v(o, stale)}&name=authz.png`, TINY_PNG, octets)
  },
  'DELETE /api/v1/alliances/{id}/agreement': { kind: 'write', res: 'alliances', may: writesAlliances, send: (c, o, stale) => c.del(`/alliances/${o.id}/agreement?version=${v(o, stale)}`) },
  'POST /api/v1/alliances/{id}/activities': {
    kind: 'write', res: 'alliances', may: writesAlliances,
    send: (c, o, bad) => c.post(`/alliances/${o.id}/activities`, { kind: 'lecture', held_on: bad ? '1999-01-01' : o.started_on, title: '越权活动' + token() })
  },
  'DELETE /api/v1/alliance-activities/{id}': {
    kind: 'write', res: 'alliances', may: writesAlliances,
    send: (c, o, stale) => {
      const x = allianceRows.get(o.id).activity
      return c.del(`/alliance-activities/${x.id}?version=${v(x, stale)}`)
    }
  },
  'POST /api/v1/alliances/{id}/resources': {
    kind: 'write', res: 'alliances', may: writesAlliances,
    send: (c, o, bad) => c.post(`/alliances/${o.id}/resources`, { kind: bad ? 'money' : 'expert', title: '越权资源' + token(), provider_org_id: o.lead_org_id })
  },
  'DELETE /api/v1/alliance-resources/{id}': {
    kind: 'write', res: 'alliances', may: writesAlliances,
    send: (c, o, stale) => {
      const x = allianceRows.get(o.id).resource
      return c.del(`/alliance-resources/${x.id}?version=${v(x, stale)}`)
    }
  },
  'PUT /api/v1/alliances/{id}/referrals': {
    kind: 'write', res: 'alliances', may: writesAlliances,
    send: (c, o, bad) => c.put(`/alliances/${o.id}/referrals`, { month: bad ? '1999-01' : o.started_on.slice(0, 7), from_org_id: o.lead_org_id, to_org_id: o.member_org_ids[0], count: 999 })
  },
  'POST /api/v1/alliances': {
    kind: 'create', res: 'alliances', may: writesAlliances, count: () => total('/alliances'),
    cases: (R) => {
      const body = (over) => ({ name: '授权测试共建' + token(), kind: '1+1', started_on: '2024-01-01', ...over })
      return [
        R.homeOrg && {
          where: 'inside', what: `lead ${R.homeOrg.id} in scope, a 1+1 without its partner`,
          send: (c) => c.post('/alliances', body({ lead_org_id: R.homeOrg.id, member_org_ids: [] })),
          ok: (r) => r.status === 422 && r.json?.error?.field === 'member_org_ids' && /1\+1/.test(r.json.error.message)
        },
        R.outOrg && R.homeOrg && { where: 'outside', what: `lead ${R.outOrg.id} outside`, fields: ['lead_org_id'], send: (c) => c.post('/alliances', body({ lead_org_id: R.outOrg.id, member_org_ids: [R.homeOrg.id] })) },
        R.outOrg && R.homeOrg && { where: 'ref', what: `partner ${R.outOrg.id} outside`, fields: ['member_org_ids'], send: (c) => c.post('/alliances', body({ lead_org_id: R.homeOrg.id, member_org_ids: [R.outOrg.id] })) }
      ]
    }
  },
  // Pioneer posts and badges (党员先锋岗, 亮牌上岗).
  'GET /api/v1/pioneer-posts': {
    kind: 'list', res: 'pioneer-posts', may: readsPosts, inScope: postIn,
    params: { member: () => [{ q: `member=${allMembers[0].id}` }], q: () => [{ q: 'q=' + encodeURIComponent('先锋岗') }], institution: () => [{ q: `institution=${allPosts[0].institution_id}` }] }
  },
  'GET /api/v1/pioneer-posts/export': { kind: 'export', list: '/pioneer-posts', may: readsPosts },
  'GET /api/v1/pioneer-posts/{id}': { kind: 'read', res: 'pioneer-posts', may: readsPosts, url: (o) => `/pioneer-posts/${o.id}` },
  'PATCH /api/v1/pioneer-posts/{id}': {
    kind: 'write', res: 'pioneer-posts', may: writesPosts,
    send: (c, o, stale) => c.patch(`/pioneer-posts/${o.id}`, { version: v(o, stale), place: '越权修改' }),
    refs: [
      { what: 'institution_id outside', fields: ['institution_id'], body: (R) => R.fx.institutions.outside.find((i) => !i.deleted) && { version: -1, institution_id: R.fx.institutions.outside.find((i) => !i.deleted).id } },
      { what: 'member_ids outside', fields: ['member_ids'], body: (R) => R.fx.members.outside[0] && { version: -1, member_ids: [R.fx.members.outside[0].id] } }
    ],
    refSend: (c, o, body) => c.patch(`/pioneer-posts/${o.id}`, body)
  },
  'DELETE /api/v1/pioneer-posts/{id}': { kind: 'write', res: 'pioneer-posts', may: writesPosts, send: (c, o, stale) => c.del(`/pioneer-posts/${o.id}?version=${v(o, stale)}`) },
  'POST /api/v1/pioneer-posts': {
    kind: 'create', res: 'pioneer-posts', may: writesPosts, count: () => total('/pioneer-posts'),
    cases: (R) => {
      const inst = R.fx.institutions.inside && R.fx.institutions.inside.orgs.length ? R.fx.institutions.inside : null
      const m = R.fx.members.inside
      const outI = R.fx.institutions.outside.find((i) => !i.deleted)
      return [
        inst && m && {
          where: 'inside', what: `institution ${inst.id} and member ${m.id} in scope, the member twice`,
          send: (c) => c.post('/pioneer-posts', { name: '授权' + token(), institution_id: inst.id, member_ids: [m.id, m.id] }),
          ok: (r) => r.status === 422 && r.json?.error?.field === 'member_ids'
        },
        outI && { where: 'outside', what: `institution ${outI.id} outside`, fields: ['institution_id'], send: (c) => c.post('/pioneer-posts', { name: '授权' + token(), institution_id: outI.id }) },
        inst && R.fx.members.outside[0] && { where: 'ref', what: 'member_ids outside', fields: ['member_ids'], send: (c) => c.post('/pioneer-posts', { name: '授权' + token(), institution_id: inst.id, member_ids: [R.fx.members.outside[0].id] }) }
      ]
    }
  },
  'GET /api/v1/members/{id}/badge': { kind: 'read', res: 'members', url: (o) => `/members/${o.id}/badge` },
  'GET /api/v1/members/{id}/badge/qr': { kind: 'read', res: 'members', url: (o) => `/members/${o.id}/badge/qr` },
  // Permitted: a body that is not a boolean (422); not permitted: a real switch (403/404).
  'PUT /api/v1/members/{id}/badge': { kind: 'write', res: 'members', may: switchesBadge, send: (c, o, bad) => c.put(`/members/${o.id}/badge`, { enabled: bad ? 'x' : false }) },
  'PUT /api/v1/members/{id}/badge/photo': { kind: 'badgePhoto', op: 'put', may: switchesBadge },
  'DELETE /api/v1/members/{id}/badge/photo': { kind: 'badgePhoto', op: 'delete', may: switchesBadge },
  // The public badge: no session; '{token}' itself is no token (404 for everyone).
  'GET /api/v1/public/badges/{token}': { kind: 'public', status: 404 },
  'GET /api/v1/public/badges/{token}/photo': { kind: 'public', status: 404 },

  // Volunteer service and free clinics (义诊).
  'GET /api/v1/service-events': {
    kind: 'list', res: 'service-events', may: readsPosts, inScope: eventIn,
    params: { member: () => [{ q: `member=${allMembers[0].id}` }], q: () => [{ q: 'q=' + encodeURIComponent('义诊') }], kind: () => [{ q: 'kind=free_clinic' }, { q: 'kind=' + encodeURIComponent('义诊') }] }
  },
  'GET /api/v1/service-events/export': { kind: 'export', list: '/service-events', may: readsPosts },
  'GET /api/v1/service-events/totals': { kind: 'summary', may: readsPosts, orgsIn: (j) => (j.org_id ? [{ id: j.org_id }] : []) },
  'GET /api/v1/service-events/{id}': { kind: 'read', res: 'service-events', may: readsPosts, url: (o) => `/service-events/${o.id}` },
  'PATCH /api/v1/service-events/{id}': {
    kind: 'write', res: 'service-events', may: writesPosts,
    send: (c, o, stale) => c.patch(`/service-events/${o.id}`, { version: v(o, stale), place: '越权修改' }),
    refs: [
      { what: 'org_ids outside', fields: ['org_ids'], body: (R) => R.outOrg && { version: -1, org_ids: [R.outOrg.id] } },
      { what: 'members outside', fields: ['members'], body: (R) => R.fx.members.outside[0] && { version: -1, members: [{ member_id: R.fx.members.outside[0].id, hours: 1 }] } }
    ],
    refSend: (c, o, body) => c.patch(`/service-events/${o.id}`, body)
  },
  'DELETE /api/v1/service-events/{id}': { kind: 'write', res: 'service-events', may: writesPosts, send: (c, o, stale) => c.del(`/service-events/${o.id}?version=${v(o, stale)}`) },
  'POST /api/v1/service-events': {
    kind: 'create', res: 'service-events', may: writesPosts, count: () => total('/service-events'),
    cases: (R) => {
      const body = (over) => ({ held_on: dayOffset(-1), title: '授权' + token(), kind: 'free_clinic', place: '社区', ...over })
      const m = R.fx.members.inside
      return [
        R.homeOrg && m && {
          where: 'inside', what: `org ${R.homeOrg.id} and member ${m.id} in scope, 0 hours`,
          send: (c) => c.post('/service-events', body({ org_ids: [R.homeOrg.id], members: [{ member_id: m.id, hours: 0 }] })),
          ok: (r) => r.status === 422 && r.json?.error?.field === 'members'
        },
        R.outOrg && { where: 'outside', what: `org_ids [${R.outOrg.id}] outside`, fields: ['org_ids'], send: (c) => c.post('/service-events', body({ org_ids: [R.outOrg.id] })) },
        R.homeOrg && R.fx.members.outside[0] && { where: 'ref', what: 'members outside', fields: ['members'], send: (c) => c.post('/service-events', body({ org_ids: [R.homeOrg.id], members: [{ member_id: R.fx.members.outside[0].id, hours: 1 }] })) },
        R.homeOrg && R.fx.institutions.outside.find((i) => !i.deleted) && { where: 'ref', what: 'institution_ids outside', fields: ['institution_ids'], send: (c) => c.post('/service-events', body({ org_ids: [R.homeOrg.id], institution_ids: [R.fx.institutions.outside.find((i) => !i.deleted).id] })) }
      ]
    }
  },
  'POST /api/v1/service-events/{id}/photos': { kind: 'servicePhoto', op: 'upload', may: writesPosts },
  'GET /api/v1/service-events/{id}/photos': { kind: 'servicePhoto', op: 'list', may: readsPosts },
  'GET /api/v1/service-events/{id}/photos/{pid}': { kind: 'servicePhoto', op: 'get', may: readsPosts },
  'DELETE /api/v1/service-events/{id}/photos/{pid}': { kind: 'servicePhoto', op: 'delete', may: writesPosts },
  'GET /api/v1/members/{id}/service-hours': { kind: 'read', res: 'members', url: (o) => `/members/${o.id}/service-hours` },
  // 三重一大: the committees' records, the bureau's oversight.
  'GET /api/v1/decisions': {
    kind: 'list', res: 'decisions', may: readsDecisions, inScope: decisionIn,
    params: { category: () => [{ q: 'category=funds' }, { q: 'category=' + encodeURIComponent('重大决策') }], unreported: () => [{ q: 'unreported=1' }], overdue: () => [{ q: 'overdue=1' }] }
  },
  'GET /api/v1/decisions/export': { kind: 'export', list: '/decisions', may: readsDecisions },
  'GET /api/v1/decisions/{id}': { kind: 'read', res: 'decisions', may: readsDecisions, url: (o) => `/decisions/${o.id}` },
  'PATCH /api/v1/decisions/{id}': {
    kind: 'write', res: 'decisions', may: writesDecisions,
    send: (c, o, stale) => c.patch(`/decisions/${o.id}`, { version: v(o, stale), title: o.title + '越权' }),
    refs: [{ what: 'org_id outside', fields: ['org_id'], body: (R) => R.outOrg && { version: -1, org_id: R.outOrg.id } }],
    refSend: (c, o, body) => c.patch(`/decisions/${o.id}`, body)
  },
  'DELETE /api/v1/decisions/{id}': { kind: 'write', res: 'decisions', may: writesDecisions, send: (c, o, stale) => c.del(`/decisions/${o.id}?version=${v(o, stale)}`) },
  'POST /api/v1/decisions/{id}/report': { kind: 'write', res: 'decisions', may: writesDecisions, send: (c, o, stale) => c.post(`/decisions/${o.id}/report`, { version: v(o, stale) }) },
  'POST /api/v1/decisions': {
    kind: 'create', res: 'decisions', may: writesDecisions, count: () => total('/decisions'),
    cases: (R) => {
      const body = (over) => ({ category: 'project', title: '授权测试' + token(), decided_on: dayOffset(-2), votes_for: 5, ...over })
      return [
        R.homeOrg && {
          where: 'inside', what: `org_id ${R.homeOrg.id} in scope, a large sum without its amount`,
          send: (c) => c.post('/decisions', body({ org_id: R.homeOrg.id, category: 'funds' })),
          ok: (r) => r.status === 422 && r.json?.error?.field === 'amount_fen'
        },
        R.outOrg && { where: 'outside', what: `org_id ${R.outOrg.id} outside`, fields: ['org_id'], send: (c) => c.post('/decisions', body({ org_id: R.outOrg.id })) },
        R.homeOrg && R.fx.meetings.outside[0] && {
          where: 'ref', what: `meeting ${R.fx.meetings.outside[0].id} outside`, fields: ['meeting_id'],
          send: (c) => c.post('/decisions', body({ org_id: R.homeOrg.id, meeting_id: R.fx.meetings.outside[0].id }))
        }
      ]
    }
  },
  'GET /api/v1/settings/decisions': { kind: 'gated', may: readsDecisions, check: (R, j) => (j.report_days >= 1 && j.defaults ? null : JSON.stringify(j)) },
  'PUT /api/v1/settings/decisions': { kind: 'adminput', may: (R) => R.all, url: '/settings/decisions', body: { report_days: 0 } },
  // Key tasks and their ledger.
  'GET /api/v1/tasks': {
    kind: 'list', res: 'tasks', may: readsTasks, inScope: taskIn,
    params: { status: () => [{ q: 'status=ongoing' }, { q: 'status=' + encodeURIComponent('已完成') }], overdue: () => [{ q: 'overdue=1' }] }
  },
  'GET /api/v1/tasks/ledger': { kind: 'export', list: '/tasks', may: readsTasks },
  'GET /api/v1/tasks/{id}': { kind: 'read', res: 'tasks', may: readsTasks, url: (o) => `/tasks/${o.id}` },
  'POST /api/v1/tasks/{id}/attachments': { kind: 'attach', res: 'tasks', op: 'upload', may: writesTasks },
  'GET /api/v1/tasks/{id}/attachments': { kind: 'attach', res: 'tasks', op: 'list', may: readsTasks },
  'GET /api/v1/tasks/{id}/attachments/{aid}': { kind: 'attach', res: 'tasks', op: 'get', may: readsTasks },
  'DELETE /api/v1/tasks/{id}/attachments/{aid}': { kind: 'attach', res: 'tasks', op: 'delete', may: writesTasks },
  'PATCH /api/v1/tasks/{id}': {
    kind: 'write', res: 'tasks', may: writesTasks,
    send: (c, o, stale) => c.patch(`/tasks/${o.id}`, { version: v(o, stale), title: o.title + '越权' }),
    refs: [
      { what: 'org_id outside', fields: ['org_id'], body: (R) => R.outOrg && { version: -1, org_id: R.outOrg.id } },
      { what: 'owner outside', fields: ['owner_member_id'], body: (R) => R.fx.members.outside[0] && { version: -1, owner_member_id: R.fx.members.outside[0].id } }
    ],
    refSend: (c, o, body) => c.patch(`/tasks/${o.id}`, body)
  },
  'DELETE /api/v1/tasks/{id}': { kind: 'write', res: 'tasks', may: writesTasks, send: (c, o, stale) => c.del(`/tasks/${o.id}?version=${v(o, stale)}`) },
  'POST /api/v1/tasks': {
    kind: 'create', res: 'tasks', may: writesTasks, count: () => total('/tasks'),
    cases: (R) => {
      const year = Number(dayOffset(0).slice(0, 4))
      const owner = R.fx.members.inside
      const body = (over) => ({ year, title: '授权测试' + token(), owner_member_id: owner && owner.id, deadline: `${year}-12-31`, ...over })
      return [
        R.homeOrg && owner && {
          where: 'inside', what: `org_id ${R.homeOrg.id} in scope, a year out of range`,
          send: (c) => c.post('/tasks', body({ org_id: R.homeOrg.id, year: 1999 })),
          ok: (r) => r.status === 422 && r.json?.error?.field === 'year'
        },
        R.outOrg && owner && { where: 'outside', what: `org_id ${R.outOrg.id} outside`, fields: ['org_id'], send: (c) => c.post('/tasks', body({ org_id: R.outOrg.id })) },
        R.homeOrg && R.fx.members.outside[0] && {
          where: 'ref', what: `owner ${R.fx.members.outside[0].id} outside`, fields: ['owner_member_id'],
          send: (c) => c.post('/tasks', body({ org_id: R.homeOrg.id, owner_member_id: R.fx.members.outside[0].id }))
        }
      ]
    }
  },

  // Users.
  'GET /api/v1/users': { kind: 'list', res: 'users', may: managesUsers, inScope: userIn },
  'GET /api/v1/users/{id}': { kind: 'read', res: 'users', may: managesUsers, url: (o) => `/users/${o.id}` },
  'PATCH /api/v1/users/{id}': {
    kind: 'write', res: 'users', may: managesUsers,
    send: (c, o, stale) => c.patch(`/users/${o.id}`, { version: v(o, stale), display_name: '越权修改' }),
    refs: [
      { what: 'org_id outside', fields: ['org_id'], body: (R) => R.outOrg && { version: -1, org_id: R.outOrg.id } },
      { what: 'role admin', fields: ['role'], body: (R) => ({ version: -1, role: 'admin' }) },
      { what: 'member_id outside', fields: ['member_id'], body: (R) => R.fx.members.outside[0] && { version: -1, member_id: R.fx.members.outside[0].id } }
    ],
    refSend: (c, o, body) => c.patch(`/users/${o.id}`, body)
  },
  'DELETE /api/v1/users/{id}': { kind: 'write', res: 'users', may: managesUsers, send: (c, o, stale) => c.del(`/users/${o.id}?version=${v(o, stale)}`) },
  'POST /api/v1/users/{id}/unlock': { kind: 'write', res: 'users', may: managesUsers, noVersion: true, send: (c, o) => c.post(`/users/${o.id}/unlock`, {}) },
  'POST /api/v1/users': {
    kind: 'create', res: 'users', may: managesUsers, count: () => total('/users'),
    cases: (R) => {
      const user = (over) => ({ username: 'authz' + token(), display_name: '授权测试', role: 'secretary', password: 'Authz2026pass', ...over })
      return [
        R.homeOrg && {
          where: 'inside', what: `org_id ${R.homeOrg.id} in scope, weak password`,
          send: (c) => c.post('/users', user({ org_id: R.homeOrg.id, password: 'short' })),
          ok: (r) => r.status === 422 && r.json?.error?.field === 'password'
        },
        R.outOrg && { where: 'outside', what: `org_id ${R.outOrg.id} outside`, fields: ['org_id'], send: (c) => c.post('/users', user({ org_id: R.outOrg.id })) },
        R.homeOrg && !R.all && { where: 'ref', what: 'role admin', fields: ['role'], send: (c) => c.post('/users', user({ org_id: R.homeOrg.id, role: 'admin' })) },
        R.homeOrg && R.fx.members.outside[0] && {
          where: 'ref', what: 'member_id outside', fields: ['member_id'],
          send: (c) => c.post('/users', user({ org_id: R.homeOrg.id, role: 'member', member_id: R.fx.members.outside[0].id }))
        }
      ]
    }
  },

  // The public's needs by QR code (issue 16): the staff's routes in the institution's covering
  // subtree (needs.read, needs.handle), the public routes the same for every caller.
  'GET /api/v1/needs': {
    kind: 'list', res: 'needs', may: readsNeeds, inScope: needIn,
    params: { status: () => [{ q: 'status=solved' }], grade: () => [{ q: 'grade=' + encodeURIComponent('较急') }], category: () => [{ q: 'category=medical' }], overdue: () => [{ q: 'overdue=1' }] }
  },
  'GET /api/v1/needs/export': { kind: 'export', may: readsNeeds, list: '/needs' },
  'GET /api/v1/needs/stats': { kind: 'summary', may: readsNeeds, orgsIn: () => [], params: { institution: () => [] } },
  'GET /api/v1/needs/{id}': { kind: 'read', res: 'needs', may: readsNeeds, url: (o) => `/needs/${o.id}` },
  'GET /api/v1/needs/{id}/photo': { kind: 'read', res: 'needs', may: readsNeeds, url: (o) => `/needs/${o.id}/photo` },
  'PATCH /api/v1/needs/{id}': {
    kind: 'write', res: 'needs', may: handlesNeeds,
    send: (c, o, stale) => c.patch(`/needs/${o.id}`, { version: v(o, stale), grade: 'critical' }),
    refs: [{ what: 'assignee outside', fields: ['assignee_user_id'], body: (R) => { const u = allUsers.find((x) => x.org_id && !x.disabled && !pathOf(x.org_id).startsWith(R.path)); return u && { version: -1, assignee_user_id: u.id } } }],
    refSend: (c, o, body) => c.patch(`/needs/${o.id}`, body)
  },
  'POST /api/v1/needs/{id}/replies': { kind: 'write', res: 'needs', may: handlesNeeds, send: (c, o, bad) => c.post(`/needs/${o.id}/replies`, { body: bad ? '' : '越权回复' + token(), public: true }) },
  'POST /api/v1/needs/{id}/close': { kind: 'write', res: 'needs', may: handlesNeeds, send: (c, o, stale) => c.post(`/needs/${o.id}/close`, { version: v(o, stale), solution: '越权办结' }) },
  'GET /api/v1/institutions/{id}/needs-poster': { kind: 'read', res: 'institutions', may: readsNeeds, url: (o) => `/institutions/${o.id}/needs-poster` },
  'POST /api/v1/institutions/{id}/needs-poster': { kind: 'write', res: 'institutions', may: handlesNeeds, noVersion: true, send: (c, o) => c.post(`/institutions/${o.id}/needs-poster`) },
  'GET /api/v1/settings/needs': { kind: 'gated', may: readsNeeds, check: (R, j) => (j.difficulty >= 0 && j.defaults && j.defaults.difficulty === 18 ? null : JSON.stringify(j)) },
  'PUT /api/v1/settings/needs': { kind: 'adminput', may: (R) => R.all, url: '/settings/needs', body: { difficulty: 40 } },
  'GET /api/v1/public/needs/challenge': { kind: 'publicNeeds', status: 404, send: (c) => c.get('/api/v1/public/needs/challenge?token=' + 'A'.repeat(24)) },
  'POST /api/v1/public/needs': { kind: 'publicNeeds', status: 422, send: (c) => c.post('/api/v1/public/needs', { token: 'A'.repeat(24), category: 'medical', description: '授权测试', challenge: 'A'.repeat(32), nonce: 'zz' }) },
  'GET /api/v1/public/needs/{ticket}': { kind: 'publicNeeds', status: 404, send: (c) => c.get('/api/v1/public/needs/' + 'A'.repeat(16)) },
  'POST /api/v1/public/needs/{ticket}/photo': { kind: 'publicNeeds', status: 404, send: (c) => c.post('/api/v1/public/needs/' + 'A'.repeat(16) + '/photo', TINY_PNG, { headers: { 'Content-Type': 'image/png' } }) }
}

// Runners ---------------------------------------------------------------------------------------------

async function runSelf(op, spec) {
  const P = []
  for (const R of roles) {
    const r = await R.c.send(op.method, spec.url || op.path)
    hit(op.key)
    if (expectStatus(P, `${R.name} ${op.key}`, r, [200]) && !spec.check(R, r.json, r)) P.push(`${R.name} ${op.key}: unexpected body ${r.text.slice(0, 200)}`)
  }
  report(P)
}

async function runLogin(op) {
  // Every role logged in once in before(); check what each login answered.
  const P = []
  for (const R of roles) {
    hit(op.key)
    if (R.c.user.username !== R.name) P.push(`login ${R.name}: user ${R.c.user.username}`)
    const u = allUsers.find((x) => x.username === R.name)
    if (!u || u.role !== R.role) P.push(`login ${R.name}: role ${R.role}, the admin sees ${u && u.role}`)
  }
  report(P)
}

async function runPublic(op, spec) {
  const P = []
  for (const R of roles) {
    const r = await R.c.send(op.method, op.path)
    hit(op.key)
    expectStatus(P, `${R.name} ${op.key}`, r, [spec.status])
  }
  report(P)
}

/** Values for the documented query parameters of list operations; a new one fails the run. */
function paramVariants(R, res, name, spec) {
  const inOrg = R.homeOrg || org.get(R.orgId)
  const outOrg = R.outOrg
  if (spec && spec.params && name in spec.params) return spec.params[name](R)
  switch (name) {
    case 'limit': case 'offset': case 'format':
      return [] // paging and the export format are part of every call
    case 'org':
      return [inOrg && { q: `org=${inOrg.id}`, status: [200] }, outOrg && { q: `org=${outOrg.id}`, status: [404] }]
    case 'parent':
      return [inOrg && { q: `parent=${inOrg.id}`, status: [200] }, outOrg && { q: `parent=${outOrg.id}`, status: [200, 404] }]
    case 'roots': return [{ q: 'roots=1' }]
    case 'deleted': return [{ q: 'deleted=1' }]
    case 'warnings': return [{ q: 'warnings=1' }]
    case 'q': return [{ q: 'q=' + encodeURIComponent({ members: '王', orgs: '党支部', institutions: '院', users: 'i', applicants: '李' }[res]) }]
    case 'type': return [{ q: res === 'meetings' ? 'type=theme_day' : 'type=branch' }]
    case 'category': return [{ q: 'category=full' }]
    case 'status': return [{ q: res === 'meetings' ? 'status=held' : 'status=active' }]
    case 'from': return [{ q: 'from=2020-01-01' }]
    case 'to': return [{ q: 'to=2099-12-31' }]
    // Aggregates by year name the organisation too, so that they compare with the admin's.
    case 'year': return [inOrg && { q: `org=${inOrg.id}&year=${new Date().getFullYear()}` }]
    case 'month': return [inOrg && { q: `org=${inOrg.id}&month=${(spec && spec.month) || 1}` }]
    case 'tag': return [{ q: 'tag=' + encodeURIComponent('业务骨干') }]
    case 'department': return [{ q: 'department=' + encodeURIComponent('内科') }]
    case 'sort': return [{ q: 'sort=-name' }]
    case 'ownership': return [{ q: 'ownership=private' }]
    case 'kind': return [{ q: 'kind=hospital' }]
    case 'district': return [{ q: 'district=' + encodeURIComponent(allInsts.find((i) => i.district).district) }]
    case 'role': return [{ q: 'role=secretary' }]
    // Ids of every area (in and out of the caller's scope): only those in scope come back.
    case 'ids': return [{ q: 'ids=' + allMembers.filter((_, i) => i % 7 === 0).slice(0, 200).map((m) => m.id).join(',') }]
    case 'stage': return res === 'applicants' ? [{ q: 'stage=activist' }] : [{ q: 'stage=regular' }, { q: 'stage=' + encodeURIComponent('搭架子') }]
    case 'institution': return [{ q: `institution=${allPairings[0].institution_id}` }]
    case 'instructor': return [{ q: `instructor=${allPairings[0].instructor_user_id}` }]
    default:
      return null
  }
}

/** A CSV export as objects keyed by its (Chinese) header. */
const parseCsv = (text) => csvTable(text).rows

async function runList(op, spec) {
  const P = []
  const unknown = op.query.filter((n) => paramVariants(roles[0], spec.res, n, spec) === null)
  assert.deepEqual(unknown, [], `${op.key}: the matrix has no value for the query parameter(s) ${unknown.join(', ')}`)
  const base = op.path.replace('/api/v1', '')
  for (const R of roles) {
    const may = spec.may ? spec.may(R) : true
    const variants = [{ q: '', all: true }]
    for (const n of op.query) for (const x of paramVariants(R, spec.res, n, spec)) if (x) variants.push(x)
    for (const va of variants) {
      const status = !may ? [403] : R.all && va.status && va.status.includes(404) ? [200] : va.status || [200]
      const items = []
      let url = `${base}?${spec.csv ? 'format=csv&' : ''}${va.q}`
      for (let page = 0; page < 40; page++) {
        const r = await R.c.get(url + (spec.csv ? '' : `&limit=200&offset=${items.length}`))
        hit(op.key)
        if (!expectStatus(P, `${R.name} GET ${url}`, r, status) || r.status !== 200) break
        if (spec.csv) {
          items.push(...parseCsv(r.text))
          break
        }
        items.push(...r.json.items)
        if (!va.all || r.json.next === null) break
      }
      for (const it of items) {
        const label = `${R.name} GET ${url}`
        if (spec.csv) {
          const orgId = Number(it['组织ID'])
          const inScope = R.role === 'member' ? orgId === R.orgId && it['身份证号'] === R.fx.members.inside.id_number : orgIn(R, { id: orgId })
          if (!inScope) P.push(`${label}: row of org ${orgId} (${it['姓名']}) outside the scope`)
          checkMemberNumbers(P, label, R, { id_number: it['身份证号'], phone: it['手机号'] })
        } else if (!spec.inScope(R, it)) {
          P.push(`${label}: item ${it.id} (${it.name || it.username}) outside the scope`)
        } else if (spec.res === 'members') {
          checkMemberNumbers(P, `${label} item ${it.id}`, R, it)
        }
        if (P.length > 50) break
      }
    }
  }
  report(P)
}

async function runRead(op, spec) {
  const P = []
  for (const R of roles) {
    const fx = R.fx[spec.res]
    const may = spec.may ? spec.may(R) : true
    const targets = fx.inside ? [fx.inside] : []
    // The only members with history entries are the deleted fixtures: read theirs too.
    if (spec.history && fx.insideDeleted) targets.push(fx.insideDeleted)
    for (const o of targets) {
      const label = `${R.name} GET ${spec.url(o)} (in scope)`
      const r = await R.c.get(spec.url(o))
      hit(op.key)
      if (!expectStatus(P, label, r, may ? [200] : [403]) || r.status !== 200) continue
      const real = spec.res === 'members' ? await snap('members', o.id) : null
      if (spec.numbers) checkMemberNumbers(P, label, R, r.json, real)
      if (spec.history) {
        if (R.masked && (r.text.includes(real.id_number) || (real.phone && r.text.includes(real.phone)))) P.push(`${label}: the history shows unmasked numbers to ${R.role}`)
        if (o === fx.insideDeleted && !(r.json.items || []).length) P.push(`${label}: no history entries for a created and deleted member`)
      }
    }
    for (const o of fx.outside) {
      const r = await R.c.get(spec.url(o))
      hit(op.key)
      expectStatus(P, `${R.name} GET ${spec.url(o)} (out of scope)`, r, may ? [404] : [403, 404])
    }
  }
  report(P)
}

async function runWrite(op, spec) {
  const P = []
  for (const R of roles) {
    const fx = R.fx[spec.res]
    const may = spec.may(R)
    const inside = spec.restore ? fx.insideDeleted || (may ? null : fx.inside) : fx.inside
    if (!inside && may) P.push(`${R.name} ${op.key}: no in-scope fixture to try`)
    if (inside) {
      const before = await snap(spec.res, inside.id)
      // Permitted: a stale version must stop it (409). Not permitted: the real version, so that a
      // missing role check would show as a change.
      const r = await spec.send(R.c, before, may, R)
      hit(op.key)
      const label = `${R.name} ${op.method} ${op.path.replace('{id}', inside.id)} (in scope${may ? ', stale version' : ''})`
      expectStatus(P, label, r, !may ? [403] : spec.noVersion ? [200] : [409, 422])
      await unchanged(P, spec.res, before, label)
      if (may && !R.all && spec.refs) {
        for (const ref of spec.refs) {
          const body = ref.body(R, before)
          if (!body) continue
          const r2 = await spec.refSend(R.c, before, body)
          hit(op.key)
          const l2 = `${R.name} ${op.method} ${op.path.replace('{id}', inside.id)} with ${ref.what} ${JSON.stringify(body)}`
          if (!(r2.status === 403 || r2.status === 404 || (r2.status === 422 && ref.fields.includes(r2.json?.error?.field)))) {
            P.push(`${l2}: expected 422 on ${ref.fields.join('/')} (or 403/404), got ${show(r2)}`)
          }
          await unchanged(P, spec.res, before, l2)
        }
      }
    }
    for (const o of fx.outside) {
      const before = await snap(spec.res, o.id)
      const r = await spec.send(R.c, before, false, R)
      hit(op.key)
      const label = `${R.name} ${op.method} ${op.path.replace('{id}', o.id)} (out of scope)`
      expectStatus(P, label, r, may ? [404] : [403, 404])
      await unchanged(P, spec.res, before, label)
    }
  }
  report(P)
}

async function runCreate(op, spec) {
  const P = []
  for (const R of roles) {
    const may = spec.may(R)
    const mem = {}
    const cases = spec.cases(R).filter(Boolean)
    if (!cases.some((k) => k.where === 'inside') && may) P.push(`${R.name} ${op.key}: no in-scope case`)
    for (const k of cases) {
      const n0 = await spec.count()
      const r = await k.send(R.c)
      hit(op.key)
      const label = `${R.name} ${op.key}: ${k.what} (${k.where})`
      if (k.remember) mem[k.remember] = r.json?.error?.message
      if (!may) {
        expectStatus(P, label, r, [403])
      } else if (k.ok) {
        if (!k.ok(r, mem)) P.push(`${label}: got ${show(r)}`)
      } else if (k.importFields) {
        const d = r.json?.error?.details
        const ok = r.status === 403 || r.status === 404 ||
          (r.status === 422 && Array.isArray(d) && d.length > 0 && d.every((x) => x.field === 'org_id'))
        if (!ok) P.push(`${label}: expected 422 with every detail on org_id (or 403/404), got ${show(r)}`)
      } else if (!(r.status === 403 || r.status === 404 || (r.status === 422 && k.fields.includes(r.json?.error?.field)))) {
        P.push(`${label}: expected 422 on ${k.fields.join('/')} (or 403/404), got ${show(r)}`)
      }
      const n1 = await spec.count()
      if (n1 !== n0) P.push(`${label}: ${spec.res} count ${n0} → ${n1}`)
    }
  }
  report(P)
}

/** An aggregate of the scope: orgs it names lie in the scope, and the figures are exactly the
 * admin's for the same subtree (the role's root, or the ?org= given). */
async function runSummary(op, spec) {
  const P = []
  const unknown = op.query.filter((n) => paramVariants(roles[0], 'orgs', n, spec) === null)
  assert.deepEqual(unknown, [], `${op.key}: the matrix has no value for the query parameter(s) ${unknown.join(', ')}`)
  const base = op.path.replace('/api/v1', '')
  for (const R of roles) {
    const may = spec.may(R)
    const variants = [{ q: '' }]
    for (const n of op.query) for (const x of paramVariants(R, 'orgs', n, spec)) if (x) variants.push(x)
    for (const va of variants) {
      const url = va.q ? `${base}?${va.q}` : base
      const status = !may ? [403] : R.all && va.status && va.status.includes(404) ? [200] : va.status || [200]
      const r = await R.c.get(url)
      hit(op.key)
      if (!expectStatus(P, `${R.name} GET ${url}`, r, status) || r.status !== 200) continue
      for (const o of spec.orgsIn(r.json)) if (!orgIn(R, o)) P.push(`${R.name} GET ${url}: names org ${o.id} outside the scope`)
      const ref = va.q || R.all ? url : `${base}?org=${R.orgId}`
      const a = await admin.get(ref)
      try {
        assert.deepEqual(r.json, a.json)
      } catch {
        P.push(`${R.name} GET ${url}: differs from the admin's GET ${ref}: ${r.text.slice(0, 150)} vs ${a.text.slice(0, 150)}`)
      }
    }
  }
  report(P)
}

/** null when every record of a page of the audit log is of an object in R's scope. */
async function auditInScope(R, j) {
  for (const it of j.items) {
    if (R.all) break
    let path = null
    if (it.object_type === 'member') {
      const m = await admin.get(`/members/${it.object_id}`)
      path = m.status === 200 ? pathOf(m.json.org_id) : null
    } else if (it.object_type === 'org') {
      const o = await admin.get(`/orgs/${it.object_id}`)
      path = o.status === 200 ? o.json.path : null
    } else if (it.object_type === 'meeting') {
      const m = await admin.get(`/meetings/${it.object_id}`)
      path = m.status === 200 ? pathOf(m.json.org_id) : null
    } else if (it.object_type === 'applicant') {
      const a = await admin.get(`/applicants/${it.object_id}`)
      path = a.status === 200 ? pathOf(a.json.org_id) : null
    } else if (it.object_type === 'pairing') {
      const p = await admin.get(`/pairings/${it.object_id}`)
      path = p.status === 200 ? pathOf((await admin.ok(`/users/${p.json.instructor_user_id}`)).org_id) : null
    } else if (it.object_type === 'alliance') {
      const a = await admin.get(`/alliances/${it.object_id}`)
      path = a.status === 200 ? pathOf(a.json.lead_org_id) : null
    } else if (it.object_type === 'pioneer_post' || it.object_type === 'service_event') {
      const x = await admin.get(`/${it.object_type === 'pioneer_post' ? 'pioneer-posts' : 'service-events'}/${it.object_id}`)
      path = x.status === 200 ? pathOf(x.json.org_id) : null
    } else if (it.object_type === 'decision' || it.object_type === 'task') {
      const x = await admin.get(`/${it.object_type}s/${it.object_id}`)
      path = x.status === 200 ? pathOf(x.json.org_id) : null
    } else if (it.object_type === 'user') {
      const u = await admin.get(`/users/${it.object_id}`)
      path = u.status === 200 && u.json.org_id ? pathOf(u.json.org_id) : null
    }
    if (!path || !path.startsWith(R.path)) return `record ${it.id} (${it.object_type} ${it.object_id}) is outside the scope`
  }
  return null
}

async function runGated(op, spec) {
  const P = []
  for (const R of roles) {
    const may = spec.may(R)
    const r = await R.c.get(op.path.replace('/api/v1', ''))
    hit(op.key)
    if (!expectStatus(P, `${R.name} ${op.key}`, r, may ? [200] : [403]) || r.status !== 200) continue
    const bad = await spec.check(R, r.json)
    if (bad) P.push(`${R.name} ${op.key}: ${bad}`)
  }
  report(P)
}

async function runExport(op, spec) {
  const P = []
  for (const R of roles) {
    const may = spec.may ? spec.may(R) : true
    const r = await R.c.get(op.path.replace('/api/v1', '') + '?format=csv')
    hit(op.key)
    if (!expectStatus(P, `${R.name} ${op.key}`, r, may ? [200] : [403]) || r.status !== 200) continue
    const got = parseCsv(r.text).map((row) => Number(row['编号'])).sort((a, b) => a - b)
    const want = (await listAll(R.c, spec.list)).items.map((x) => x.id).sort((a, b) => a - b)
    try {
      assert.deepEqual(got, want)
    } catch {
      P.push(`${R.name} ${op.key}: ${got.length} rows, the list has ${want.length}`)
    }
  }
  report(P)
}

async function runOwnPassword(op) {
  const P = []
  for (const R of roles) {
    const r = await R.c.post('/me/password', { old_password: 'not-the-password-1', new_password: 'Another-pass-2026' })
    hit(op.key)
    if (expectStatus(P, `${R.name} ${op.key} (wrong old password)`, r, [422]) && r.json.error.field !== 'old_password') P.push(`${R.name} ${op.key}: field ${r.json.error.field}`)
    expectStatus(P, `${R.name} GET /me after a refused change`, await R.c.get('/me'), [200])
  }
  report(P)
}

/** Check-in: every signed-in role gets past the access check; a code that is no meeting's is 422. */
async function runCheckin(op) {
  const P = []
  for (const R of roles) {
    const r = await R.c.post('/checkin', { code: '1-' + '0'.repeat(32) })
    hit(op.key)
    if (expectStatus(P, `${R.name} ${op.key} (a made-up code)`, r, [422]) && r.json.error.field !== 'code') P.push(`${R.name} ${op.key}: field ${r.json.error.field}`)
  }
  report(P)
}

/** A PUT of a setting that only some roles may change: they get past the check to the body's
 * (422), the others 403; nothing changes either way. */
async function runAdminPut(op, spec) {
  const P = []
  const before = await admin.ok(spec.url)
  for (const R of roles) {
    const r = await R.c.put(spec.url, spec.body)
    hit(op.key)
    expectStatus(P, `${R.name} ${op.key}`, r, spec.may(R) ? [422] : [403])
  }
  assert.deepEqual(await admin.ok(spec.url), before)
  report(P)
}

const TINY_PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e1ee2c0000000049454e44ae426082', 'hex')
const octets = { headers: { 'Content-Type': 'application/octet-stream' } }
/** Where an object's files are: a meeting's attachments, the photos of a pairing's visit (one made
 * by the admin when the pairing has none). */
const ATTACH_BASE = {
  meetings: async (m) => `/meetings/${m.id}/attachments`,
  pairings: async (p) => {
    let visit = (await admin.ok(`/pairings/${p.id}/visits?limit=1`)).items[0]
    if (!visit) {
      const r = await admin.post(`/pairings/${p.id}/visits`, { visited_on: p.started_on, topic: '授权测试走访' })
      assert.equal(r.status, 201, show(r))
      visit = r.json
    }
    return `/pairings/${p.id}/visits/${visit.id}/photos`
  },
  applicants: async (a) => {
    const cur = await admin.ok(`/applicants/${a.id}`)
    if (!cur.last_step) {
      const r = await admin.post(`/applicants/${a.id}/steps`, { version: cur.version, step: 1, done_on: dayOffset(-1) })
      assert.equal(r.status, 200, show(r))
    }
    return `/applicants/${a.id}/steps/1/attachments`
  },
  tasks: async (t) => `/tasks/${t.id}/attachments`,
}
const attachmentIds = async (base) => (await admin.ok(base)).items.map((a) => a.id).sort((a, b) => a - b)

/** An object's files (spec.res: meetings or pairings): in scope, a role with the right gets
 * 200/201/204 (its upload and delete really happen), one without it 403 and nothing changes; out of
 * scope 404 (403 for a role that may never), nothing changes. */
async function runAttach(op, spec) {
  const P = []
  const res = spec.res || 'meetings'
  for (const R of roles) {
    const fx = R.fx[res]
    const may = spec.may(R)
    const targets = [...(fx.inside ? [{ m: fx.inside, inside: true }] : []), ...fx.outside.map((m) => ({ m, inside: false }))]
    if (may && !fx.inside) P.push(`${R.name} ${op.key}: no in-scope object to try`)
    for (const { m, inside } of targets) {
      if ((await snap(res, m.id)).deleted) continue // a deleted object's files are all 404 (attachments.test.mjs)
      const base = await ATTACH_BASE[res](m)
      const mine = spec.op === 'get' || spec.op === 'delete'
        ? await admin.post(`${base}?name=authz.png`, TINY_PNG, octets) : null
      if (mine && mine.status !== 201) P.push(`admin upload to ${base}: ${show(mine)}`)
      const before = await attachmentIds(base)
      const r = spec.op === 'upload' ? await R.c.post(`${base}?name=authz.png`, TINY_PNG, octets)
        : spec.op === 'list' ? await R.c.get(base)
          : spec.op === 'get' ? await R.c.get(`${base}/${mine.json.id}`)
            : await R.c.del(`${base}/${mine.json.id}`)
      hit(op.key)
      const label = `${R.name} ${op.method} ${base}${mine ? '/' + mine.json.id : ''} (${inside ? 'in' : 'out of'} scope)`
      const ok = { upload: 201, list: 200, get: 200, delete: 204 }[spec.op]
      expectStatus(P, label, r, inside ? (may ? [ok] : [403]) : may ? [404] : [403, 404])
      const after = await attachmentIds(base)
      const want = r.status === 201 ? [...before, r.json.id].sort((a, b) => a - b)
        : r.status === 204 ? before.filter((x) => x !== mine.json.id) : before
      if (JSON.stringify(after) !== JSON.stringify(want)) P.push(`${label}: files ${before} → ${after}`)
      if (r.status === 200 && spec.op === 'get' && !r.bytes.equals(TINY_PNG)) P.push(`${label}: other bytes`)
      // Leave no file behind.
      for (const id of after.filter((x) => !before.includes(x) || (mine && x === mine.json.id))) await admin.del(`${base}/${id}`)
    }
  }
  report(P)
}


/** The two-coverage survey's writes and its rounds' diff. In scope, a role with the right gets past
 * the checks to the body's (422) and nothing is written; one without it 403; out of scope 404
 * (403 for a role that may never). Rounds are made as the admin first, one per scope. */
const surveyRows = (id) => dbRows(`SELECT full_members, probationary_members, version FROM institution_surveys WHERE institution_id = ${Number(id)}`)
let coverageRounds = null
async function roundsOfScopes() {
  if (coverageRounds) return coverageRounds
  for (const R of roles) {
    if (R.all || R.role === 'member' || !seesUncovered(R)) continue
    const r = await admin.post('/coverage/rounds', { org_id: R.orgId, name: '授权测试轮次' })
    assert.equal(r.status, 201, show(r))
  }
  coverageRounds = (await listAll(admin, '/coverage/rounds')).items
  return coverageRounds
}
async function runCoverage(op, spec) {
  const P = []
  const rounds = spec.op === 'diff' ? await roundsOfScopes() : []
  for (const R of roles) {
    const may = spec.may(R)
    const label = (what) => `${R.name} ${op.key} (${what})`
    if (spec.op === 'diff') {
      const inside = rounds.find((x) => R.all || x.org_path.startsWith(R.path))
      const outside = R.all ? null : rounds.find((x) => !x.org_path.startsWith(R.path))
      if (may && !inside) P.push(label('no round in scope to try'))
      if (inside && (may || R.role !== 'member')) {
        const r = await R.c.get(`/coverage/rounds/${inside.id}/diff`)
        hit(op.key)
        if (expectStatus(P, label(`round ${inside.id} in scope`), r, may ? [200] : [403]) && r.status === 200 && r.json.round.id !== inside.id) P.push(label('another round answered'))
      }
      if (outside) {
        hit(op.key)
        expectStatus(P, label(`round ${outside.id} out of scope`), await R.c.get(`/coverage/rounds/${outside.id}/diff`), may ? [404] : [403, 404])
        if (inside) {
          hit(op.key)
          expectStatus(P, label(`against ${outside.id} out of scope`), await R.c.get(`/coverage/rounds/${inside.id}/diff?against=${outside.id}`), may ? [404] : [403, 404])
        }
      }
    } else if (spec.op === 'survey') {
      const fx = R.fx.institutions
      const good = { full_members: 1, probationary_members: 0, surveyed_on: '2020-01-01' }
      for (const [o, inside] of [...(fx.inside ? [[fx.inside, true]] : []), ...fx.outside.map((x) => [x, false])]) {
        const before = surveyRows(o.id)
        const r = await R.c.put(`/institutions/${o.id}/survey`, inside && may ? { ...good, full_members: -1 } : good)
        hit(op.key)
        expectStatus(P, label(`institution ${o.id} ${inside ? 'in' : 'out of'} scope`), r, inside ? (may ? [422] : [403]) : may ? [404] : [403, 404])
        if (JSON.stringify(surveyRows(o.id)) !== JSON.stringify(before)) P.push(label(`institution ${o.id}: the survey changed`))
      }
    } else if (spec.op === 'round') {
      const n0 = (await admin.ok('/coverage/rounds?limit=1')).total
      const cases = may
        ? [[{ name: 'x'.repeat(101) }, 'name'], ...(R.outOrg && !R.all ? [[{ org_id: R.outOrg.id }, 'org_id']] : [])]
        : [[{}, null]]
      for (const [body, field] of cases) {
        const r = await R.c.post('/coverage/rounds', body)
        hit(op.key)
        if (expectStatus(P, label(JSON.stringify(body).slice(0, 60)), r, may ? [422] : [403]) && field && r.json.error.field !== field) P.push(label(`field ${r.json.error.field}, expected ${field}`))
      }
      if ((await admin.ok('/coverage/rounds?limit=1')).total !== n0) P.push(label('a round was created'))
    } else {
      const n0 = (await admin.ok('/orgs?limit=1')).total
      const fx = R.fx.institutions
      const home = R.homeOrg || org.get(R.orgId)
      const cases = []
      if (!may) cases.push([{ institution_ids: [1, 2], name: '授权', parent_id: home ? home.id : 1 }, null])
      else {
        if (fx.inside) cases.push([{ institution_ids: [fx.inside.id], name: '授权', parent_id: home.id }, 'institution_ids'])
        if (fx.outside[0] && fx.inside) cases.push([{ institution_ids: [fx.inside.id, fx.outside[0].id], name: '授权', parent_id: home.id }, 'institution_ids'])
        const two = allInsts.filter((i) => instIn(R, i)).slice(0, 2).map((i) => i.id)
        if (R.outOrg && two.length === 2) cases.push([{ institution_ids: two, name: '授权', parent_id: R.outOrg.id }, 'parent_id'])
      }
      for (const [body, field] of cases) {
        const r = await R.c.post('/coverage/joint-proposals/accept', body)
        hit(op.key)
        if (expectStatus(P, label(JSON.stringify(body)), r, may ? [422] : [403]) && field && r.json.error.field !== field) P.push(label(`field ${r.json.error.field}, expected ${field}`))
      }
      if ((await admin.ok('/orgs?limit=1')).total !== n0) P.push(label('an organisation was created'))
    }
  }
  report(P)
}

/** A payment of a member (in R's scope or not) that stands: neither a reversal nor reversed. */
async function standingPayment(members) {
  for (const m of members) {
    const r = await admin.get(`/members/${m.id}/dues`)
    if (r.status !== 200) continue
    const p = r.json.payments.find((x) => x.reverses_id == null && !x.reversed)
    if (p) return p
  }
  return null
}

/** Reversal of a payment: in scope, a role with the right gets past the checks to the reason's
 * (422, an empty reason), one without it 403; out of scope 404 (403 for a role that may never);
 * the payment stays unreversed either way. */
async function runDuesReversal(op, spec) {
  const P = []
  const reversed = async (p) => (await admin.ok(`/members/${p.member_id}/dues`)).payments.find((x) => x.id === p.id).reversed
  for (const R of roles) {
    const may = spec.may(R)
    const inM = allMembers.filter((m) => memberIn(R, m)).sort(byId)
    const outM = nearest(R, allMembers.filter((m) => !memberIn(R, m)), (m) => pathOf(m.org_id))
    const inside = R.role === 'member' || inM.length === 0 ? null : await standingPayment(inM.slice(0, 10))
    const outside = R.all ? null : await standingPayment(outM.slice(0, 10))
    if (may && !inside) P.push(`${R.name} ${op.key}: no in-scope payment to try`)
    for (const [p, isIn] of [[inside, true], [outside, false]]) {
      if (!p) continue
      const r = await R.c.post(`/dues/payments/${p.id}/reversal`, { reason: may && isIn ? '' : '越权冲销' })
      hit(op.key)
      const label = `${R.name} POST /dues/payments/${p.id}/reversal (${isIn ? 'in' : 'out of'} scope)`
      expectStatus(P, label, r, isIn ? (may ? [422] : [403]) : may ? [404] : [403, 404])
      if (await reversed(p)) P.push(`${label}: the payment was reversed`)
    }
  }
  report(P)
}

/** The inspection report: an instructor reads those of its paired institutions only (another
 * institution of its organisation's subtree is 404); the other roles with the right those of
 * their scope; out of scope 404. */
async function runInspection(op, spec) {
  const P = []
  for (const R of roles) {
    const may = spec.may(R)
    const inside = [], outside = [...R.fx.institutions.outside.filter((i) => !i.deleted)]
    if (R.role === 'instructor') {
      const paired = allPairings.filter((p) => p.instructor_user_id === R.userId).map((p) => p.institution_id)
      inside.push(...allInsts.filter((i) => paired.includes(i.id)).slice(0, 1))
      outside.push(...allInsts.filter((i) => instIn(R, i) && !paired.includes(i.id)).slice(0, 1))
      if (!inside.length) P.push(`${R.name}: no paired institution to read`)
    } else if (R.fx.institutions.inside) {
      inside.push(R.fx.institutions.inside)
    }
    for (const i of inside) {
      const r = await R.c.get(`/institutions/${i.id}/inspection`)
      hit(op.key)
      if (expectStatus(P, `${R.name} inspection of ${i.id} (in scope)`, r, may ? [200] : [403]) && r.status === 200) {
        if (r.json.institution.id !== i.id || !Array.isArray(r.json.checklist)) P.push(`${R.name} inspection of ${i.id}: ${r.text.slice(0, 150)}`)
        for (const o of r.json.orgs) if (!(i.orgs || []).some((x) => x.id === o.org_id)) P.push(`${R.name} inspection of ${i.id}: org ${o.org_id} does not cover it`)
      }
    }
    for (const i of outside) {
      const r = await R.c.get(`/institutions/${i.id}/inspection`)
      hit(op.key)
      expectStatus(P, `${R.name} inspection of ${i.id} (out of scope)`, r, may ? [404] : [403, 404])
    }
  }
  report(P)
}

/** The public's routes of the needs: every caller, signed in or not, the same answer to the same
 * bad input (never 401/403: no session is asked for). */
async function runPublicNeeds(op, spec) {
  const P = []
  const anonymous = { get: (u) => request('GET', u), post: (u, b, o) => request('POST', u, b, o), user: { username: 'anonymous' } }
  for (const c of [...roles.map((R) => R.c), anonymous]) {
    const r = await spec.send(c)
    hit(op.key)
    expectStatus(P, `${c.user.username} ${op.key}`, r, [spec.status])
  }
  report(P)
}

/** A badge's photo: in scope, a role with the right gets past the checks to the bytes' (415 for a
 * GIF; a delete really deletes), one without it 403; out of scope 404 (403 for a role that may
 * never); the photo is unchanged otherwise. */
async function runBadgePhoto(op, spec) {
  const P = []
  const hasPhoto = async (m) => {
    const r = await admin.get(`/members/${m.id}/badge`)
    return r.status === 200 ? r.json.has_photo : null
  }
  for (const R of roles) {
    const may = spec.may(R)
    const fx = R.fx.members
    for (const [m, inside] of [...(fx.inside ? [[fx.inside, true]] : []), ...fx.outside.map((x) => [x, false])]) {
      if (spec.op === 'delete' && !m.deleted) await admin.put(`/members/${m.id}/badge/photo`, TINY_PNG, octets)
      const before = await hasPhoto(m)
      const r = spec.op === 'put'
        ? await R.c.put(`/members/${m.id}/badge/photo`, inside && may ? Buffer.from('GIF89a') : TINY_PNG, octets)
        : await R.c.del(`/members/${m.id}/badge/photo`)
      hit(op.key)
      const label = `${R.name} ${op.key} member ${m.id} (${inside ? 'in' : 'out of'} scope)`
      const ok = spec.op === 'put' ? 415 : 204
      expectStatus(P, label, r, inside ? (may ? [ok] : [403]) : may ? [404] : [403, 404])
      const after = await hasPhoto(m)
      if (after !== (r.status === 204 ? false : before)) P.push(`${label}: has_photo ${before} → ${after}`)
      if (!m.deleted) await admin.del(`/members/${m.id}/badge/photo`)
    }
  }
  report(P)
}

/** A service event's photos, as the meeting attachments (runAttach). */
async function runServicePhoto(op, spec) {
  const P = []
  const ids = async (e) => (await admin.ok(`/service-events/${e.id}/photos`)).items.map((a) => a.id).sort((a, b) => a - b)
  for (const R of roles) {
    const fx = R.fx['service-events']
    const may = spec.may(R)
    if (may && !fx.inside) P.push(`${R.name} ${op.key}: no in-scope event to try`)
    for (const [e, inside] of [...(fx.inside ? [[fx.inside, true]] : []), ...fx.outside.map((x) => [x, false])]) {
      const base = `/service-events/${e.id}/photos`
      const mine = spec.op === 'get' || spec.op === 'delete' ? await admin.post(`${base}?name=authz.png`, TINY_PNG, octets) : null
      if (mine && mine.status !== 201) P.push(`admin upload to event ${e.id}: ${show(mine)}`)
      const before = await ids(e)
      const r = spec.op === 'upload' ? await R.c.post(`${base}?name=authz.png`, TINY_PNG, octets)
        : spec.op === 'list' ? await R.c.get(base)
          : spec.op === 'get' ? await R.c.get(`${base}/${mine.json.id}`)
            : await R.c.del(`${base}/${mine.json.id}`)
      hit(op.key)
      const label = `${R.name} ${op.method} ${base} (${inside ? 'in' : 'out of'} scope)`
      const ok = { upload: 201, list: 200, get: 200, delete: 204 }[spec.op]
      expectStatus(P, label, r, inside ? (may ? [ok] : [403]) : may ? [404] : [403, 404])
      const after = await ids(e)
      const want = r.status === 201 ? [...before, r.json.id].sort((a, b) => a - b) : r.status === 204 ? before.filter((x) => x !== mine.json.id) : before
      if (JSON.stringify(after) !== JSON.stringify(want)) P.push(`${label}: photos ${before} → ${after}`)
      for (const id of after.filter((x) => !before.includes(x) || (mine && x === mine.json.id))) await admin.del(`${base}/${id}`)
    }
  }
  report(P)
}

const RUNNERS = { publicNeeds: runPublicNeeds, attach: runAttach, coverage: runCoverage, export: runExport, checkin: runCheckin, adminput: runAdminPut, gated: runGated, ownpw: runOwnPassword, summary: runSummary, self: runSelf, login: runLogin, public: runPublic, list: runList, read: runRead, write: runWrite, create: runCreate, duesReversal: runDuesReversal, inspection: runInspection, badgePhoto: runBadgePhoto, servicePhoto: runServicePhoto }

// Tests -------------------------------------------------------------------------------------------------

test('the matrix knows every operation of the OpenAPI document, and nothing else', () => {
  const inDoc = OPERATIONS.map((o) => o.key)
  const unknown = inDoc.filter((k) => !MATRIX[k])
  assert.deepEqual(unknown, [], `operations in openapi.json the authorization matrix does not know how to call: ${unknown.join(', ')}`)
  const stale = Object.keys(MATRIX).filter((k) => !inDoc.includes(k))
  assert.deepEqual(stale, [], `operations in the matrix that openapi.json no longer has: ${stale.join(', ')}`)
  assert.ok(OPERATIONS.length > 0, 'no operations in the document')
})

for (const op of OPERATIONS) {
  const spec = MATRIX[op.key]
  if (spec && spec.kind === 'logout') continue // last: it ends the sessions
  test(`${op.key} (${spec ? spec.kind : 'unknown'})`, async () => {
    assert.ok(spec, `${op.key} is in openapi.json, but the authorization matrix does not know how to call it`)
    await RUNNERS[spec.kind](op, spec)
  })
}

test('anonymous callers: 401 on every operation that needs a login', async () => {
  const P = []
  // The pages the public reaches without an account live under /api/v1/public/ (issue 16).
  const isPublicPage = (o) => o.path.startsWith('/api/v1/public/')
  const publicOps = OPERATIONS.filter((o) => !o.needsLogin && !isPublicPage(o)).map((o) => o.key).sort()
  assert.deepEqual(publicOps, ['GET /api/v1/openapi.json', 'GET /healthz', 'POST /api/v1/session'], 'operations the document marks as public')
  assert.deepEqual(OPERATIONS.filter((o) => isPublicPage(o) && o.needsLogin).map((o) => o.key), [], 'public pages that need a login')
  for (const o of OPERATIONS) {
    const path = o.path.replace('{id}', '1')
    const body = ['POST', 'PATCH', 'PUT'].includes(o.method) ? {} : undefined
    for (const cookie of [undefined, 'dj_session=forged' + token()]) {
      const r = await request(o.method, path, body, { cookie })
      hit(o.key)
      const label = `anonymous${cookie ? ' (forged cookie)' : ''} ${o.method} ${path}`
      if (o.needsLogin) expectStatus(P, label, r, [401])
      else if (o.key === 'POST /api/v1/session') expectStatus(P, label, r, [422])
      else if (o.path.startsWith('/api/v1/public/')) expectStatus(P, label, r, [400, 404, 415, 422])
      else expectStatus(P, label, r, [200])
    }
  }
  report(P)
})

test('DELETE /api/v1/session (logout): 204 for every role, and the session is gone', async () => {
  const P = []
  for (const R of roles) {
    const r = await R.c.del('/session')
    hit('DELETE /api/v1/session')
    expectStatus(P, `${R.name} DELETE /session`, r, [204])
    expectStatus(P, `${R.name} GET /me after logout`, await R.c.get('/me'), [401])
  }
  report(P)
})

test('each route declares the capability the matrix expects: exactly the roles holding it get through', async () => {
  const { spawnSync } = await import('node:child_process')
  const r = spawnSync(process.env.DJ_BIN, ['routes'], { encoding: 'utf8', timeout: 60000 })
  assert.equal(r.status, 0, `dangjian routes: ${r.stderr}`)
  const P = []
  let checked = 0
  for (const route of JSON.parse(r.stdout)) {
    const key = `${route.method} ${route.pattern}`
    const spec = MATRIX[key]
    assert.ok(route.access, `${key} declares no access`)
    if (!spec || !spec.may || route.access === 'public' || route.access === 'signed_in') continue
    for (const R of roles) {
      const holds = (R.c.user.capabilities || []).includes(route.access)
      if (holds !== !!spec.may(R)) P.push(`${R.name} ${key}: the route needs ${route.access} (held: ${holds}), the matrix expects ${!!spec.may(R)}`)
      checked++
    }
  }
  assert.ok(checked > 100, `only ${checked} role × route pairs checked`)
  report(P)
})

test('every operation of the document was exercised', () => {
  const missed = OPERATIONS.filter((o) => !hits.get(o.key)).map((o) => o.key)
  assert.deepEqual(missed, [], `never called: ${missed.join(', ')}`)
})
