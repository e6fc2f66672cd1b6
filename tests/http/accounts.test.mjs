// Accounts against the records they hang on (issue: defects found from outside): a deleted
// member's account stops working, an account can always be disabled or given a new password, a
// member's account reads by its member record wherever it is now, and the right password during
// a login pause is not counted towards the lock.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { login, request, orgByName, createMember, createOrg, assertError, token, createSecretary, dbRows, sessionCookie } from './lib.mjs'

let admin, branchA, branchB
before(async () => {
  admin = await login('admin')
  branchA = await orgByName(admin, '江海区中西医结合医院第一党支部')
  branchB = await orgByName(admin, '江海区中西医结合医院第二党支部')
})

async function memberAccount(member, orgId) {
  const username = 'ma' + token()
  const password = 'Member2026pass'
  const r = await admin.post('/users', { username, display_name: member.name, role: 'member', org_id: orgId, member_id: member.id, password })
  assert.equal(r.status, 201, r.text)
  return { username, password, user: r.json }
}

test('deleting a member disables its account in the same write; the account no longer signs in or reads', async () => {
  const m = await createMember(admin, branchA.id)
  const acc = await memberAccount(m, branchA.id)
  const s = await login(acc.username, acc.password)
  assert.equal((await s.get(`/members/${m.id}`)).status, 200)
  const cur = await admin.ok(`/members/${m.id}`)
  assert.equal((await admin.del(`/members/${m.id}?version=${cur.version}`)).status, 200)
  assert.equal((await s.get(`/members/${m.id}`)).status, 401, 'the open session ended')
  assertError(await request('POST', '/session', { username: acc.username, password: acc.password }), 401, 'unauthorized')
  const u = await admin.ok(`/users/${acc.user.id}`)
  assert.equal(u.disabled, true)
  const audit = await admin.ok(`/audit?object_type=user&object_id=${acc.user.id}&action=disable`)
  assert.equal(audit.total, 1, 'the disabling is in the audit log')
  // It can still be given a new password (and stays disabled): nothing refuses on the deleted member.
  const pw = await admin.patch(`/users/${acc.user.id}`, { version: u.version, password: 'Another2026pass' })
  assert.equal(pw.status, 200, pw.text)
  // A failed delete changes nothing: a stale version leaves the account as it was.
  const m2 = await createMember(admin, branchA.id)
  const acc2 = await memberAccount(m2, branchA.id)
  assert.equal((await admin.del(`/members/${m2.id}?version=999`)).status, 409)
  assert.equal((await admin.ok(`/users/${acc2.user.id}`)).disabled, false)
})

test('an organisation with enabled accounts is not deleted: 409 naming them; once disabled, it is, and the account can still be re-passworded', async () => {
  const o = await createOrg(admin, { name: '账号测试支部' + token(), type: 'branch', parent_id: branchA.parent_id })
  const username = 'oa' + token()
  const cr = await admin.post('/users', { username, display_name: '组织账号', role: 'secretary', org_id: o.id, password: 'Secretary2026pass' })
  assert.equal(cr.status, 201, cr.text)
  const refused = await admin.del(`/orgs/${o.id}?version=${o.version}`)
  assertError(refused, 409, 'conflict')
  assert.match(refused.json.error.message, new RegExp(username))
  assert.equal((await admin.ok(`/orgs/${o.id}`)).deleted_at ?? null, null)
  const dis = await admin.del(`/users/${cr.json.id}?version=${cr.json.version}`)
  assert.equal(dis.status, 200, dis.text)
  assert.equal((await admin.del(`/orgs/${o.id}?version=${o.version}`)).status, 200)
  // The account of the deleted organisation: a new password and disabling again are possible.
  const pw = await admin.patch(`/users/${cr.json.id}`, { version: dis.json.version, password: 'Another2026pass' })
  assert.equal(pw.status, 200, pw.text)
  const again = await admin.del(`/users/${cr.json.id}?version=${pw.json.version}`)
  assert.equal(again.status, 200, again.text)
  // Changing what it hangs on is still checked.
  assertError(await admin.patch(`/users/${cr.json.id}`, { version: again.json.version, org_id: o.id }), 422, 'validation', 'org_id')
  // Leave the tree as it was for the other suites: the organisation back.
  assert.equal((await admin.post(`/orgs/${o.id}/restore?version=${(await admin.ok(`/orgs/${o.id}`)).version}`)).status, 200)
})

test('a member account reads by its member record: after a transfer the new branch, never the account\'s org_id', async () => {
  const m = await createMember(admin, branchA.id)
  // Created with the member of branch A and the org_id of branch B: it reads A.
  const acc = await memberAccount(m, branchB.id)
  const s = await login(acc.username, acc.password)
  assert.equal((await s.get(`/orgs/${branchA.id}`)).status, 200)
  assert.equal((await s.get(`/orgs/${branchB.id}`)).status, 404)
  const cur = await admin.ok(`/members/${m.id}`)
  const t = await admin.post(`/members/${m.id}/transfer`, { version: cur.version, to_org_id: branchB.id, transfer_date: '2024-01-01' })
  assert.equal(t.status, 200, t.text)
  assert.equal((await s.get(`/orgs/${branchB.id}`)).status, 200, 'the new branch')
  assert.equal((await s.get(`/orgs/${branchA.id}`)).status, 404, 'not the old one')
  const list = await s.ok('/members')
  assert.deepEqual(list.items.map((x) => x.id), [m.id])
  assert.equal((await s.ok(`/members/${m.id}`)).org_id, branchB.id)
})

test('the right password during a pause answers 429 and is not counted: 5 wrong from the same address plus 5 right ones do not lock the owner', async () => {
  const { username, password } = await createSecretary(admin, 'nat')
  for (let i = 0; i < 5; i++) assertError(await request('POST', '/session', { username, password: 'wrong-pass-' + i }), 401, 'unauthorized')
  for (let i = 0; i < 5; i++) {
    const r = await request('POST', '/session', { username, password })
    assertError(r, 429, 'too_many_requests')
    assert.equal(sessionCookie(r.headers), null)
  }
  const failures = (key) => Number(dbRows(`SELECT COUNT(*) FROM login_failures WHERE key = '${key}'`)[0][0])
  assert.equal(failures(`a:${username}|127.0.0.1`), 5, 'the right password during the pause counted nothing')
  assert.equal(failures(`L:${username}|127.0.0.1`), 0, 'not locked')
  // Wrong ones during the pause do count, and lock at 10.
  for (let i = 0; i < 5; i++) assertError(await request('POST', '/session', { username, password: 'again-wrong-' + i }), 429, 'too_many_requests')
  assertError(await request('POST', '/session', { username, password }), 423, 'locked')
})

test('a login from another site\'s page (a foreign Origin) is refused; the server\'s own Origin is taken', async () => {
  const { username, password } = await createSecretary(admin, 'orig')
  const foreign = await request('POST', '/session', { username, password }, { headers: { Origin: 'https://evil.example' } })
  assertError(foreign, 403, 'forbidden')
  assert.equal(sessionCookie(foreign.headers), null)
  const host = new URL(process.env.DJ_URL).host
  const own = await request('POST', '/session', { username, password }, { headers: { Origin: `http://${host}` } })
  assert.equal(own.status, 200, own.text)
})

test('a body must declare its type: JSON without Content-Type → 415, a login too; the import takes text/csv only', async () => {
  const r = await fetch(process.env.DJ_URL + '/api/v1/session', { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'dangjian2026' }) })
  assert.equal(r.status, 415)
  // fetch adds text/plain;charset=UTF-8 to a string body: also refused.
  assert.equal((await r.json()).error.code, 'unsupported_media_type')
  const m = await admin.post('/members', { name: 'x' }, { headers: { 'Content-Type': 'text/plain' } })
  assertError(m, 415, 'unsupported_media_type')
  const imp = await admin.post(`/members/import?org=${branchA.id}&dry_run=1`, JSON.stringify({ a: 1 }), { headers: { 'Content-Type': 'application/json' } })
  assertError(imp, 415, 'unsupported_media_type')
})
