// Text that breaks things (issue 11 A, C, F), through the API and the import, which share the
// domain's member rules: noncharacters, control characters, bidi controls, names of invisible
// characters only, ID numbers of no province, birth dates before 1900.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { login, assertError, orgByName, memberBody, memberCount, idNumber } from './lib.mjs'

let admin, branch

before(async () => {
  admin = await login('admin')
  branch = await orgByName(admin, '江海区中西医结合医院第二党支部')
})

const BAD = [
  ['张\uFFFE三', 'U+FFFE'],
  ['张\uFFFF三', 'U+FFFF'],
  ['张\u0001三', 'U+0001'],
  ['张\u001B[31m三', 'U+001B'],
  ['张\u0085三', 'U+0085'],
  ['\u202E三张', 'U+202E'],
  ['张\u2067三', 'U+2067'],
  ['\u200B', '不可见字符'],
  ['\u200B\u3000\uFEFF', '不可见字符'],
]

test('a name with a noncharacter, a control, a bidi control, or nothing visible → 422 name; nothing written', async () => {
  const count = await memberCount(admin, branch.id)
  for (const [name, fragment] of BAD) {
    const r = await admin.post('/members', memberBody(branch.id, { name }))
    assertError(r, 422, 'validation', 'name')
    assert.ok(r.json.error.message.includes('姓名'), r.json.error.message)
    assert.ok(r.json.error.message.includes(fragment), `${JSON.stringify(name)}: ${r.json.error.message}`)
    assert.ok(!r.json.error.message.includes('name'), 'no raw field name in the message')
  }
  assert.equal(await memberCount(admin, branch.id), count)
})

test('every other text field and the tags are checked the same way', async () => {
  for (const field of ['ethnicity', 'education', 'title', 'department', 'position']) {
    for (const [text, fragment] of BAD) {
      const r = await admin.post('/members', memberBody(branch.id, { [field]: text }))
      assertError(r, 422, 'validation', field)
      assert.ok(r.json.error.message.includes(fragment), `${field} ${JSON.stringify(text)}: ${r.json.error.message}`)
    }
  }
  const r = await admin.post('/members', memberBody(branch.id, { tags: ['三培养', '\u202E岗锋先'] }))
  assertError(r, 422, 'validation', 'tags')
  assert.match(r.json.error.message, /第2个标签.*U\+202E/)
})

test('a PATCH is held to the same rules', async () => {
  const created = await admin.post('/members', memberBody(branch.id))
  assert.equal(created.status, 201, created.text)
  const m = created.json
  const r = await admin.patch(`/members/${m.id}`, { version: m.version, department: '内科\u001B[2J' })
  assertError(r, 422, 'validation', 'department')
  const ok = await admin.patch(`/members/${m.id}`, { version: m.version, name: '阿依古丽·买买提' })
  assert.equal(ok.status, 200, ok.text)
})

test('an ID number whose first two digits are no province → 422 id_number', async () => {
  for (const region of ['990101', '000000', '200101', '840000']) {
    const birth = '1985-06-15'
    const r = await admin.post('/members', memberBody(branch.id, { birth_date: birth, gender: 'male', id_number: idNumber({ birth, male: true, region }) }))
    assertError(r, 422, 'validation', 'id_number')
    assert.match(r.json.error.message, /省级行政区划代码/)
  }
  for (const region of ['110101', '650102', '810000', '820000', '830000']) {
    const birth = '1985-06-15'
    const r = await admin.post('/members', memberBody(branch.id, { birth_date: birth, gender: 'male', id_number: idNumber({ birth, male: true, region }) }))
    assert.equal(r.status, 201, `${region}: ${r.text}`)
  }
})

// The import: the same rules, row by row -------------------------------------------------------------

const HEADER = ['姓名', '性别', '民族', '出生日期', '身份证号', '手机号', '学历', '职称', '科室', '职务', '党员类别', '状态', '入党日期', '转正日期', '标签']
const row = (m) => [m.name, m.gender === 'male' ? '男' : '女', m.ethnicity, m.birth_date, m.id_number, m.phone, m.education, m.title,
  m.department, m.position, '正式党员', '在册', m.joined_on, m.full_on, m.tags.join('；')]
const csvLine = (cells) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')
const csv = (rows) => [csvLine(HEADER), ...rows.map((r) => csvLine(row(r)))].join('\r\n') + '\r\n'
const importCsv = (body) => admin.post(`/members/import?org=${branch.id}&dry_run=1`, body, { headers: { 'Content-Type': 'text/csv' } })

test('an import row with such text is refused with the same message', async () => {
  for (const [name, fragment] of BAD.filter(([n]) => !/^[\u200B\u3000\uFEFF]+$/.test(n))) {
    const r = await importCsv(csv([memberBody(branch.id), memberBody(branch.id, { name })]))
    assert.equal(r.status, 422, r.text)
    assert.ok(r.text.includes(fragment), `${JSON.stringify(name)}: ${r.text.slice(0, 400)}`)
  }
  const esc = await importCsv(csv([memberBody(branch.id, { department: '\u001B]0;pwned\u0007内科' })]))
  assert.equal(esc.status, 422, esc.text)
  assert.ok(esc.text.includes('U+001B'), esc.text.slice(0, 400))
})

test('an import row born 1899-01-01 says the date is too early, without a raw field name', async () => {
  const m = memberBody(branch.id)
  m.birth_date = '1899-01-01'
  const r = await importCsv(csv([m]))
  assert.equal(r.status, 422, r.text)
  assert.ok(r.text.includes('出生日期不能早于1900-01-01'), r.text.slice(0, 400))
  assert.ok(!r.text.includes('birth_date:'), r.text.slice(0, 400))
})
