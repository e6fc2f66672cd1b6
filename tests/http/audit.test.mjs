// The audit log records what a write changed, including the rows that belong to an object:
// an organisation's committee and covered institutions, an institution's covering organisations.
// Read straight from the server's database (DJ_DB): the API has no audit endpoint.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { login, orgByName, token, creditCode, dbRows } from './lib.mjs'

let admin, root
before(async () => {
  admin = await login('admin')
  root = await orgByName(admin, '江门市江海区卫生健康局机关党委')
})

/** The audit records of one object, oldest first: {action, username, before, after}. */
function auditOf(type, id) {
  return dbRows(`SELECT action, username, before, after FROM audit_log WHERE object_type = '${type}' AND object_id = ${Number(id)} ORDER BY id`)
    .map(([action, username, b, a]) => ({ action, username, before: b ? JSON.parse(b) : null, after: a ? JSON.parse(a) : null }))
}

test('a committee change and an institution link are in the audit log, before and after, and who did it', async () => {
  const jianghai = await login('jianghai')
  const inst = await jianghai.post('/institutions', { name: '审计测试医院' + token(), credit_code: creditCode(), ownership: 'public', kind: 'hospital' })
  assert.equal(inst.status, 201, inst.text)
  const made = await jianghai.post('/orgs', {
    name: '审计测试支部' + token(), type: 'branch', parent_id: root.id,
    committee: [{ name: '甲书记', position: '书记' }, { name: '乙委员', position: '组织委员' }],
  })
  assert.equal(made.status, 201, made.text)
  const org = made.json
  const created = auditOf('org', org.id)
  assert.deepEqual(created.map((r) => r.action), ['create', 'create_links'])
  assert.deepEqual(created[1].after.committee.map((c) => c.name), ['甲书记', '乙委员'])
  assert.equal(created[1].username, 'jianghai')

  // Replace the committee and cover the institution, in one PATCH.
  const r = await jianghai.patch(`/orgs/${org.id}`, { version: org.version, committee: [{ name: '丙书记', position: '书记' }], institution_ids: [inst.json.id] })
  assert.equal(r.status, 200, r.text)
  const links = auditOf('org', org.id).filter((x) => x.action === 'update_links')
  assert.equal(links.length, 1)
  assert.deepEqual(links[0].before.committee.map((c) => c.name), ['甲书记', '乙委员'], 'who was removed is kept')
  assert.deepEqual(links[0].after.committee.map((c) => c.name), ['丙书记'])
  assert.deepEqual(links[0].before.institutions, [])
  assert.deepEqual(links[0].after.institutions.map((i) => i.id), [inst.json.id])

  // The same committee again: a new version (the form saved), but no links record, as nothing changed.
  const again = await jianghai.patch(`/orgs/${org.id}`, { version: r.json.version, committee: [{ name: '丙书记', position: '书记' }] })
  assert.equal(again.status, 200, again.text)
  assert.equal(auditOf('org', org.id).filter((x) => x.action === 'update_links').length, 1)

  // From the institution's side: unlink, then link again.
  const cur = await jianghai.ok(`/institutions/${inst.json.id}`)
  const un = await admin.patch(`/institutions/${inst.json.id}`, { version: cur.version, org_ids: [] })
  assert.equal(un.status, 200, un.text)
  const il = auditOf('institution', inst.json.id).filter((x) => x.action === 'update_links')
  assert.equal(il.length, 1)
  assert.deepEqual([il[0].before.org_ids, il[0].after.org_ids, il[0].username], [[org.id], [], 'admin'])
  // A refused write (stale version) leaves no record.
  const n = auditOf('institution', inst.json.id).length
  assert.equal((await admin.patch(`/institutions/${inst.json.id}`, { version: cur.version, org_ids: [org.id] })).status, 409)
  assert.equal(auditOf('institution', inst.json.id).length, n)
})
