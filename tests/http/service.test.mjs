// Volunteer service and free clinics (issue 16, seed 002, DOMAIN.md §7: 义诊暖人心, "200余名党员医护人员
// 累计开展中西医义诊、远程影像诊疗等活动40余场, 发放医用药品15万元"). The demo's totals are the seed's; the totals
// agree with the events; scope for every kind of role; bad input (hours, counts, kinds, members and
// organisations outside the scope) changes nothing; each member's hours; photos; the 志愿服务台账.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { login, assertError, orgByName, token, listAll, dayOffset } from './lib.mjs'

const JINZHOU = '锦州市卫生健康行业党委'
const TINY_PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e1ee2c0000000049454e44ae426082', 'hex')
const octets = { headers: { 'Content-Type': 'application/octet-stream' } }
const YEAR = Number(dayOffset(0).slice(0, 4)) // the demo's events are all of this year
let admin, jinzhou, jianghai, yizhibu, reviewer, member1
let jzOrg, hospOrg, jzInst, jzMembers, jhOrg

before(async () => {
  ;[admin, jinzhou, jianghai, yizhibu, reviewer, member1] = await Promise.all(
    ['admin', 'jinzhou', 'jianghai', 'yizhibu', 'reviewer', 'member1'].map((u) => login(u)))
  jzOrg = await orgByName(admin, JINZHOU)
  hospOrg = await orgByName(admin, '锦州市中心医院党委')
  jhOrg = await orgByName(admin, '江门市江海区卫生健康局机关党委')
  jzInst = (await listAll(jinzhou, '/institutions')).items.find((i) => i.name === '锦州市中心医院')
  jzMembers = (await jinzhou.ok('/members?limit=5')).items
})

/** The totals computed from the events of the list, as the endpoint should. */
async function totalsFromEvents(client, q) {
  const items = (await listAll(client, `/service-events?${q}`)).items
  const members = new Set()
  let hours = 0
  for (const it of items) {
    const e = await client.ok(`/service-events/${it.id}`)
    for (const m of e.members) members.add(m.member_id)
    hours += e.members.reduce((s, m) => s + m.hours, 0)
  }
  return { events: items.length, members: members.size, hours, people_served: items.reduce((s, e) => s + e.people_served, 0), medicine_fen: items.reduce((s, e) => s + e.medicine_fen, 0) }
}

test('the demo: Jinzhou’s totals this year are the seed’s (40+ events, 200+ members, 150,000 yuan)', async () => {
  const t = await jinzhou.ok(`/service-events/totals?org=${jzOrg.id}&year=${YEAR}`)
  assert.ok(t.events >= 40, `${t.events} events`)
  assert.ok(t.members >= 200, `${t.members} members`)
  assert.equal(t.medicine_fen, 15000000, '发放医用药品15万元')
  assert.ok(t.people_served > 0 && t.hours > 0)
  assert.equal(t.year, YEAR)
  assert.equal(t.org_id, jzOrg.id)
  // Every year together: the same, all the demo's events are of this year.
  assert.equal((await jinzhou.ok('/service-events/totals')).events, t.events)
  // The totals agree with the events they count.
  const f = await totalsFromEvents(jinzhou, `org=${jzOrg.id}&year=${YEAR}`)
  assert.deepEqual({ events: t.events, members: t.members, hours: t.hours, people_served: t.people_served, medicine_fen: t.medicine_fen }, f)
  // A subtree counts its own events only.
  const h = await jinzhou.ok(`/service-events/totals?org=${hospOrg.id}&year=${YEAR}`)
  assert.ok(h.events < t.events && h.events > 0)
  const none = await jinzhou.ok(`/service-events/totals?org=${jzOrg.id}&year=2001`)
  assert.deepEqual([none.events, none.members, none.hours, none.medicine_fen], [0, 0, 0, 0])
})

test('scope: other areas see none of Jinzhou’s events or totals; a member’s account is refused', async () => {
  const jz = (await listAll(jinzhou, '/service-events')).items
  const jh = (await listAll(jianghai, '/service-events')).items
  assert.ok(jh.every((e) => !jz.some((x) => x.id === e.id)))
  assertError(await jianghai.get(`/service-events/${jz[0].id}`), 404)
  assertError(await jianghai.get(`/service-events/totals?org=${jzOrg.id}`), 404)
  assertError(await jianghai.patch(`/service-events/${jz[0].id}`, { version: jz[0].version, note: '越权' }), 404)
  assertError(await member1.get('/service-events'), 403, 'forbidden')
  assertError(await member1.get('/service-events/totals'), 403, 'forbidden')
  assert.equal((await reviewer.ok(`/service-events/${jz[0].id}`)).id, jz[0].id)
  assertError(await reviewer.post('/service-events', {}), 403, 'forbidden')
  assert.equal((await jianghai.ok('/service-events/totals')).medicine_fen, 0)
})

test('bad input: hours, counts, kind, date, members and organisations outside the scope; nothing written', async () => {
  const body = (over) => ({ held_on: dayOffset(-1), title: '义诊' + token(), kind: '义诊', place: '古塔区', org_ids: [hospOrg.id], institution_ids: [jzInst.id], members: [{ member_id: jzMembers[0].id, hours: 2 }], people_served: 10, medicine_fen: 1000, ...over })
  const n0 = (await jinzhou.ok('/service-events?limit=1')).total
  const outMember = (await jianghai.ok('/members?limit=1')).items[0]
  const cases = [
    [{ members: [{ member_id: jzMembers[0].id, hours: 0 }] }, 'members'],
    [{ members: [{ member_id: jzMembers[0].id, hours: 24.5 }] }, 'members'],
    [{ members: [{ member_id: jzMembers[0].id, hours: 1.25 }] }, 'members'],
    [{ members: [{ member_id: jzMembers[0].id, hours: '2' }] }, 'members'],
    [{ members: [{ member_id: jzMembers[0].id, hours: 2 }, { member_id: jzMembers[0].id, hours: 1 }] }, 'members'],
    [{ members: [{ member_id: outMember.id, hours: 2 }] }, 'members'],
    [{ members: [{ member_id: jzMembers[0].id }] }, 'members'],
    [{ people_served: -1 }, 'people_served'],
    [{ medicine_fen: -5 }, 'medicine_fen'],
    [{ medicine_fen: 1.5 }, 'medicine_fen'],
    [{ kind: '演出' }, 'kind'],
    [{ held_on: dayOffset(3) }, 'held_on'],
    [{ held_on: '2026-02-30' }, 'held_on'],
    [{ org_ids: [] }, 'org_ids'],
    [{ org_ids: [jhOrg.id] }, 'org_ids'],
    [{ org_ids: [hospOrg.id, hospOrg.id] }, 'org_ids'],
    [{ institution_ids: [999999] }, 'institution_ids'],
    [{ title: '' }, 'title'],
    [{ title: 'x'.repeat(101) }, 'title'],
    [{ secret: 1 }, 'secret']
  ]
  for (const [over, field] of cases) {
    const r = await jinzhou.post('/service-events', body(over))
    assertError(r, 422, 'validation', field)
  }
  assert.equal((await jinzhou.ok('/service-events?limit=1')).total, n0, 'nothing written')
})

test('create, change, delete: the totals follow; a member’s hours', async () => {
  const t0 = await jinzhou.ok(`/service-events/totals?org=${jzOrg.id}&year=${YEAR}`)
  const fresh = (await listAll(jinzhou, `/members?org=${hospOrg.id}`)).items.slice(-1)[0]
  const h0 = await jinzhou.ok(`/members/${fresh.id}/service-hours?year=${YEAR}`)
  const r = await jinzhou.post('/service-events', { held_on: dayOffset(0), title: '“义诊暖人心”测试义诊' + token(), kind: 'free_clinic', place: '古塔区', org_ids: [hospOrg.id], institution_ids: [jzInst.id], members: [{ member_id: fresh.id, hours: 2.5 }, { member_id: jzMembers[1].id, hours: 3 }], people_served: 120, medicine_fen: 50000 })
  assert.equal(r.status, 201, r.text)
  assert.equal(r.json.kind, 'free_clinic')
  assert.deepEqual(r.json.members.map((m) => [m.member_id, m.hours]).sort(), [[fresh.id, 2.5], [jzMembers[1].id, 3]].sort())
  assert.equal(r.json.members.find((m) => m.member_id === fresh.id).name, fresh.name)
  const t1 = await jinzhou.ok(`/service-events/totals?org=${jzOrg.id}&year=${YEAR}`)
  assert.equal(t1.events, t0.events + 1)
  assert.equal(t1.medicine_fen, t0.medicine_fen + 50000)
  assert.equal(t1.people_served, t0.people_served + 120)
  assert.equal(t1.hours, t0.hours + 5.5)
  const h1 = await jinzhou.ok(`/members/${fresh.id}/service-hours?year=${YEAR}`)
  assert.equal(h1.hours, h0.hours + 2.5)
  assert.equal(h1.events, h0.events + 1)
  assertError(await jinzhou.patch(`/service-events/${r.json.id}`, { version: r.json.version + 3, people_served: 1 }), 409, 'conflict')
  const u = await jinzhou.patch(`/service-events/${r.json.id}`, { version: r.json.version, members: [{ member_id: fresh.id, hours: 4 }] })
  assert.equal(u.status, 200, u.text)
  assert.equal((await jinzhou.ok(`/members/${fresh.id}/service-hours?year=${YEAR}`)).hours, h0.hours + 4)
  const d = await jinzhou.del(`/service-events/${r.json.id}?version=${u.json.version}`)
  assert.equal(d.status, 200, d.text)
  const t2 = await jinzhou.ok(`/service-events/totals?org=${jzOrg.id}&year=${YEAR}`)
  assert.deepEqual(t2, t0, 'a deleted event no longer counts')
  assertError(await jinzhou.get(`/service-events/${r.json.id}`), 404)
  const audit = await admin.ok(`/audit?object_type=service_event&object_id=${r.json.id}`)
  assert.ok(audit.items.length >= 3)
})

test('a member’s hours: the member itself, and readers of its scope only', async () => {
  const me = member1.user.member_id
  const own = await member1.ok(`/members/${me}/service-hours`)
  assert.equal(own.member_id, me)
  assert.ok(Array.isArray(own.items))
  assert.equal((await yizhibu.get(`/members/${me}/service-hours?year=${YEAR}`)).status, 200)
  assertError(await jinzhou.get(`/members/${me}/service-hours`), 404)
  assertError(await member1.get(`/members/${jzMembers[0].id}/service-hours`), 404)
  assertError(await member1.get(`/members/${me}/service-hours?year=19999`), 400, 'bad_request', 'year')
  assertError(await member1.get(`/members/${me}/service-hours?year=abc`), 400, 'bad_request', 'year')
  const m = (await jinzhou.ok(`/service-events?org=${jzOrg.id}&limit=100`)).items.find((x) => x.member_count > 0)
  const e = await jinzhou.ok(`/service-events/${m.id}`)
  const one = await jinzhou.ok(`/members/${e.members[0].member_id}/service-hours?year=${YEAR}`)
  assert.ok(one.items.some((x) => x.id === m.id))
})

test('photos: JPEG/PNG by content, 5 MiB, in scope', async () => {
  const ev = (await jinzhou.ok('/service-events?limit=1')).items[0]
  assertError(await jinzhou.post(`/service-events/${ev.id}/photos?name=a.png`, Buffer.from('%PDF-1.4'), octets), 415)
  assertError(await jinzhou.post(`/service-events/${ev.id}/photos`, TINY_PNG, octets), 422, 'validation', 'name')
  assert.equal((await jinzhou.post(`/service-events/${ev.id}/photos?name=big.png`, Buffer.concat([TINY_PNG, Buffer.alloc(6 * 1024 * 1024)]), octets)).status, 413)
  const up = await jinzhou.post(`/service-events/${ev.id}/photos?name=${encodeURIComponent('义诊现场.png')}`, TINY_PNG, octets)
  assert.equal(up.status, 201, up.text)
  assertError(await jianghai.get(`/service-events/${ev.id}/photos/${up.json.id}`), 404)
  const g = await reviewer.get(`/service-events/${ev.id}/photos/${up.json.id}`)
  assert.equal(g.status, 200)
  assert.ok(g.bytes.equals(TINY_PNG))
  assert.equal((await jinzhou.ok(`/service-events/${ev.id}`)).photos, ev.photos + 1)
  assertError(await reviewer.del(`/service-events/${ev.id}/photos/${up.json.id}`), 403)
  assert.equal((await jinzhou.del(`/service-events/${ev.id}/photos/${up.json.id}`)).status, 204)
  assertError(await jinzhou.get(`/service-events/${ev.id}/photos/${up.json.id}`), 404)
})

test('the 志愿服务台账: .xlsx and .csv of the same events as the list', async () => {
  const x = await jinzhou.get(`/service-events/export?year=${YEAR}`)
  assert.equal(x.status, 200)
  assert.equal(x.bytes.subarray(0, 2).toString('latin1'), 'PK')
  const c = await jinzhou.get(`/service-events/export?format=csv&year=${YEAR}&kind=free_clinic`)
  assert.equal(c.status, 200)
  const n = (await jinzhou.ok(`/service-events?year=${YEAR}&kind=free_clinic&limit=1`)).total
  assert.equal(c.text.trim().split(/\r?\n/).length - 1, n)
  assert.ok(c.text.includes('义诊'))
  assertError(await jinzhou.get('/service-events?kind=演出'), 400)
  assertError(await jinzhou.get('/service-events?year=1900'), 400)
})
