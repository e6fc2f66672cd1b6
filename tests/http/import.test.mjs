// Member import: CSV in UTF-8 or GB18030, all rows or none, row-by-row errors, dry runs.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { login, request, assertError, orgByName, memberBody, memberCount, listAll, withWrongCheck, token } from './lib.mjs'

const HEADER = ['姓名', '性别', '民族', '出生日期', '身份证号', '手机号', '学历', '职称', '科室', '职务', '党员类别', '状态', '入党日期', '转正日期', '标签']
const GENDER = { male: '男', female: '女' }
const CATEGORY = { full: '正式党员', probationary: '预备党员' }
const STATUS = { active: '在册', mobile: '流动', lost_contact: '失联' }

function row(m) {
  return [m.name, GENDER[m.gender], m.ethnicity, m.birth_date, m.id_number, m.phone, m.education, m.title, m.department,
    m.position, CATEGORY[m.category], STATUS[m.status], m.joined_on, m.full_on || '', m.tags.join('；')]
}
const csvLine = (cells) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')
const csv = (rows) => [csvLine(HEADER), ...rows.map((r) => csvLine(row(r)))].join('\r\n') + '\r\n'

let admin, branch
before(async () => {
  admin = await login('admin')
  branch = await orgByName(admin, '江海区中西医结合医院第二党支部')
})

const importCsv = (client, body, query = '') =>
  client.post(`/members/import?org=${branch.id}${query}`, body, { headers: { 'Content-Type': 'text/csv' } })

test('a good UTF-8 file imports every row', async () => {
  const tag = 'imp-' + token()
  const rows = Array.from({ length: 5 }, () => memberBody(branch.id, { tags: [tag, '三培养'] }))
  rows[1] = memberBody(branch.id, { tags: [tag], category: 'probationary', full_on: null, status: 'mobile', name: '含"引号,逗号"的名字' })
  const before = await memberCount(admin)
  const r = await importCsv(admin, csv(rows))
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.imported, 5)
  assert.equal(r.json.dry_run, false)
  assert.equal(await memberCount(admin), before + 5)
  const got = (await listAll(admin, `/members?tag=${tag}&sort=id`)).items
  assert.equal(got.length, 5)
  const byId = new Map(got.map((m) => [m.id_number, m]))
  for (const m of rows) {
    const g = byId.get(m.id_number)
    assert.ok(g, `row ${m.name} imported`)
    assert.equal(g.name, m.name)
    assert.equal(g.org_id, branch.id)
    assert.equal(g.gender, m.gender)
    assert.equal(g.category, m.category)
    assert.equal(g.status, m.status)
    assert.equal(g.phone, m.phone)
    assert.equal(g.department, m.department)
    assert.deepEqual(g.tags, m.tags)
  }
  // Each imported member's history starts with its import: who, and what was written.
  const h = await admin.ok(`/members/${got[0].id}/history`)
  const imp = h.items.filter((x) => x.action === 'import')
  assert.equal(imp.length, 1, JSON.stringify(h.items))
  assert.equal(imp[0].by, 'admin')
  assert.deepEqual(imp[0].changes.name, [null, got[0].name])
})

test('English headers and a UTF-8 BOM are accepted', async () => {
  const tag = 'impen-' + token()
  const m = memberBody(branch.id, { tags: [tag] })
  const text = '\uFEFFname,gender,birth_date,id_number,category,joined_on,full_on,tags\n' +
    [m.name, m.gender, m.birth_date, m.id_number, m.category, m.joined_on, m.full_on, tag].join(',') + '\n'
  const r = await importCsv(admin, text)
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.imported, 1)
  assert.equal((await admin.ok(`/members?tag=${tag}`)).items[0].id_number, m.id_number)
})

test('one bad row → 422 with details naming the row and the column; nothing is written', async () => {
  const tag = 'impbad-' + token()
  const rows = Array.from({ length: 4 }, () => memberBody(branch.id, { tags: [tag] }))
  rows[1] = { ...rows[1], id_number: withWrongCheck(rows[1].id_number) } // file line 3
  const before = await memberCount(admin)
  const r = await importCsv(admin, csv(rows))
  assert.equal(r.status, 422, r.text)
  const e = r.json.error
  assert.ok(['import_invalid', 'validation'].includes(e.code), e.code)
  assert.ok(Array.isArray(e.details), 'error.details')
  assert.equal(e.details.length, 1, JSON.stringify(e.details))
  assert.equal(e.details[0].row, 3)
  assert.equal(e.details[0].column, '身份证号')
  assert.equal(e.details[0].field, 'id_number')
  assert.equal(typeof e.details[0].message, 'string')
  assert.equal(await memberCount(admin), before)
  assert.equal((await admin.ok(`/members?tag=${tag}`)).total, 0)
  // Every bad row is listed.
  rows[3] = { ...rows[3], phone: '12345' } // file line 5
  const r2 = await importCsv(admin, csv(rows))
  assert.equal(r2.status, 422, r2.text)
  assert.deepEqual(r2.json.error.details.map((d) => [d.row, d.column]), [[3, '身份证号'], [5, '手机号']])
  assert.equal(await memberCount(admin), before)
})

test('tags are checked as the API checks them (at most 20, each up to 50 characters); a 党小组 takes members as in the API', async () => {
  const tag = 'imptag-' + token()
  const many = memberBody(branch.id, { tags: [tag, ...Array.from({ length: 20 }, (_, i) => `标签${i}`)] }) // 21
  const long = memberBody(branch.id, { tags: [tag, '长'.repeat(51)] })
  const before = await memberCount(admin)
  const r = await importCsv(admin, csv([memberBody(branch.id, { tags: [tag] }), many, long]))
  assert.equal(r.status, 422, r.text)
  assert.deepEqual(r.json.error.details.map((d) => [d.row, d.column]), [[3, '标签'], [4, '标签']])
  assert.equal(await memberCount(admin), before)
  // The API refuses the same two members.
  assertError(await admin.post('/members', many), 422, 'validation', 'tags')
  assertError(await admin.post('/members', long), 422, 'validation', 'tags')
  // A 党小组: the API accepts a member there, and so does the import.
  const groups = (await admin.ok('/orgs?type=group&limit=5')).items
  assert.ok(groups.length > 0, 'the demo data has 党小组')
  const g = groups[0]
  const viaApi = await admin.post('/members', memberBody(g.id, { tags: [tag] }))
  assert.equal(viaApi.status, 201, viaApi.text)
  const r2 = await admin.post(`/members/import?org=${g.id}`, csv([memberBody(g.id, { tags: [tag] })]), { headers: { 'Content-Type': 'text/csv' } })
  assert.equal(r2.status, 200, r2.text)
  const inGroup = await admin.ok(`/members?org=${g.id}&tag=${tag}`)
  assert.equal(inGroup.total, 2)
  assert.ok(inGroup.items.every((m) => m.org_id === g.id))
})

test('a GB18030 file (as Excel in China saves it) imports', async () => {
  const tag = 'gbk-' + token()
  const rows = [memberBody(branch.id, { tags: [tag], name: '欧阳锋' + token().slice(0, 1) }), memberBody(branch.id, { tags: [tag], department: '针灸推拿科' })]
  const gb = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: Buffer.from(csv(rows), 'utf8') })
  assert.notDeepEqual(gb, Buffer.from(csv(rows), 'utf8'), 'the bytes differ from UTF-8')
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(gb), 'not valid UTF-8')
  const before = await memberCount(admin)
  const r = await importCsv(admin, new Uint8Array(gb))
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.imported, 2)
  assert.equal(await memberCount(admin), before + 2)
  const got = (await listAll(admin, `/members?tag=${tag}&sort=id`)).items
  assert.deepEqual(got.map((m) => m.name).sort(), rows.map((m) => m.name).sort())
  assert.ok(got.some((m) => m.department === '针灸推拿科'))
})

test('dry_run=1 checks the file and writes nothing', async () => {
  const tag = 'dry-' + token()
  const rows = Array.from({ length: 3 }, () => memberBody(branch.id, { tags: [tag] }))
  const before = await memberCount(admin)
  const r = await importCsv(admin, csv(rows), '&dry_run=1')
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.dry_run, true)
  assert.equal(r.json.imported, 0)
  assert.equal(await memberCount(admin), before)
  assert.equal((await admin.ok(`/members?tag=${tag}`)).total, 0)
  // A dry run reports the same errors as a real one.
  const bad = [...rows, { ...rows[0] }]
  const rb = await importCsv(admin, csv(bad), '&dry_run=1')
  assert.equal(rb.status, 422, rb.text)
  // And the same file then imports for real.
  const ok = await importCsv(admin, csv(rows))
  assert.equal(ok.status, 200, ok.text)
  assert.equal(ok.json.imported, 3)
})

test('a duplicate ID number inside the file, or one already on file → 422; nothing written', async () => {
  const tag = 'dup-' + token()
  const rows = Array.from({ length: 3 }, () => memberBody(branch.id, { tags: [tag] }))
  rows.push({ ...rows[0], name: '重复者', tags: [tag] })
  const before = await memberCount(admin)
  const r = await importCsv(admin, csv(rows))
  assert.equal(r.status, 422, r.text)
  assert.ok(r.json.error.details.some((d) => d.field === 'id_number'), JSON.stringify(r.json.error))
  assert.equal(await memberCount(admin), before)
  // Already on file.
  const existing = (await admin.ok(`/members?org=${branch.id}&limit=1`)).items[0]
  const clash = memberBody(branch.id, {
    tags: [tag], id_number: existing.id_number, birth_date: existing.birth_date, gender: existing.gender,
    category: existing.category, joined_on: existing.joined_on, full_on: existing.full_on, status: 'active'
  })
  const r2 = await importCsv(admin, csv([memberBody(branch.id, { tags: [tag] }), clash]))
  assert.equal(r2.status, 422, r2.text)
  assert.ok(r2.json.error.details.some((d) => d.field === 'id_number' && d.row === 3), JSON.stringify(r2.json.error))
  assert.equal(await memberCount(admin), before)
  assert.equal((await admin.ok(`/members?tag=${tag}`)).total, 0)
})

test('scope, headers and roles: whole-file faults → 422; out-of-scope org → 404/422; readers → 403', async () => {
  const before = await memberCount(admin)
  // Unknown column, missing required column, empty file.
  for (const text of ['姓名,爱好\n张三,游泳\n', '姓名,性别\n张三,男\n', '']) {
    const r = await importCsv(admin, text)
    assert.equal(r.status, 422, `${JSON.stringify(text)} → ${r.status} ${r.text}`)
  }
  // Rows for an org outside the caller's scope.
  const liyong = await login('liyong')
  const m = memberBody(branch.id)
  const r = await liyong.post(`/members/import?org=${branch.id}`, csv([m]), { headers: { 'Content-Type': 'text/csv' } })
  assert.ok(r.status === 422 || r.status === 404, `${r.status} ${r.text}`)
  const reviewer = await login('reviewer')
  assertError(await reviewer.post(`/members/import?org=${branch.id}`, csv([m]), { headers: { 'Content-Type': 'text/csv' } }), 403, 'forbidden')
  // No CSRF token.
  assertError(await admin.post(`/members/import?org=${branch.id}`, csv([m]), { headers: { 'Content-Type': 'text/csv' }, csrf: null }), 403, 'csrf')
  assert.equal(await memberCount(admin), before)
})

test('dates as Chinese spreadsheets show them (1985/6/15, 2015年7月1日, 20160701) are read as dates', async () => {
  const tag = 'impdate-' + token()
  const m = memberBody(branch.id, { tags: [tag], birth_date: '1985-06-15', joined_on: '2015-07-01', full_on: '2016-07-01' })
  m.id_number = (await import('./lib.mjs')).idNumber({ birth: '1985-06-15', male: m.gender === 'male' })
  const slashed = { ...m, birth_date: '1985/6/15', joined_on: '2015年7月1日', full_on: '20160701' }
  const r = await importCsv(admin, csv([slashed]))
  assert.equal(r.status, 200, r.text)
  const got = (await admin.ok(`/members?tag=${tag}`)).items[0]
  assert.equal(got.birth_date, '1985-06-15')
  assert.equal(got.joined_on, '2015-07-01')
  assert.equal(got.full_on, '2016-07-01')
  // A date that is no date in any form is still an error naming its column.
  const bad = await importCsv(admin, csv([{ ...memberBody(branch.id, { tags: [tag] }), joined_on: '2015/13/45' }]))
  assert.equal(bad.status, 422, bad.text)
  assert.ok(JSON.stringify(bad.json).includes('joined_on'), bad.text)
  assert.equal((await admin.ok(`/members?tag=${tag}`)).total, 1)
})

test('a large file (over 128 KB: the bulk path) imports every row, searchable, each with its history; one bad row keeps none', async () => {
  const tag = 'big-' + token()
  const rows = Array.from({ length: 1100 }, () => memberBody(branch.id, { tags: [tag], department: '体检中心' + tag }))
  const body = csv(rows)
  assert.ok(Buffer.byteLength(body) > 128 * 1024, `file of ${Buffer.byteLength(body)} bytes`)
  // A bad row at the end: nothing of the 1,099 good rows before it is kept.
  const bad = [...rows.slice(0, -1), { ...rows.at(-1), id_number: rows[0].id_number }]
  const before = await memberCount(admin)
  const refused = await importCsv(admin, csv(bad))
  assert.equal(refused.status, 422, refused.text)
  assert.equal(refused.json.error.details[0].row, 1101, JSON.stringify(refused.json.error.details.slice(0, 3)))
  assert.equal(await memberCount(admin), before)
  assert.equal((await admin.ok(`/members?tag=${tag}`)).total, 0)

  const r = await importCsv(admin, body)
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.imported, 1100)
  assert.equal(await memberCount(admin), before + 1100)
  assert.equal((await admin.ok(`/members?tag=${tag}&org=${branch.id}`)).total, 1100)
  // The search index was filled once at the end: a name and a department are found.
  const one = rows[777]
  const byName = await admin.ok(`/members?q=${encodeURIComponent(one.name)}&org=${branch.id}`)
  assert.ok(byName.items.some((m) => m.id_number.slice(-4) === one.id_number.slice(-4) && m.name === one.name), one.name)
  assert.equal((await admin.ok(`/members?q=${encodeURIComponent('体检中心' + tag)}`)).total, 1100)
  const h = await admin.ok(`/members/${byName.items.find((m) => m.name === one.name).id}/history`)
  assert.deepEqual(h.items.map((x) => x.action), ['import'])
  // The ID numbers are on file now: a second import of one of them is refused.
  const again = await importCsv(admin, csv(rows.slice(0, 1)))
  assert.equal(again.status, 422, 'the ID numbers are on file now')
})

test('the .xlsx import template: the import columns as headers, every column formatted as text, a sheet of notes', async () => {
  const member = await login('member1')
  const r = await member.get('/members/import-template')
  assert.equal(r.status, 200, r.text)
  assert.match(r.headers.get('content-type'), /spreadsheetml\.sheet/)
  assert.match(r.headers.get('content-disposition'), /attachment;.*\.xlsx/)
  // Read the workbook's parts with Python's zipfile (an .xlsx is a zip of XML files).
  const py = `
import sys, zipfile, io, json, re
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
strings = re.findall(r'<t[^>]*>([^<]*)</t>', z.read('xl/sharedStrings.xml').decode())
sheets = re.findall(r'<sheet [^>]*name="([^"]*)"', z.read('xl/workbook.xml').decode())
styles = z.read('xl/styles.xml').decode()
sheet1 = z.read('xl/worksheets/sheet1.xml').decode()
print(json.dumps({'strings': strings, 'sheets': sheets, 'text_xf': 'numFmtId="49"' in styles,
                  'styled_cols': len(re.findall(r'<col [^>]*style="1"', sheet1))}))`
  const got = JSON.parse(execFileSync('python3', ['-c', py], { input: r.bytes }).toString())
  assert.deepEqual(got.sheets, ['党员信息', '填写说明'])
  const headers = ['姓名', '性别', '民族', '出生日期', '身份证号', '手机号', '学历', '职称', '科室', '职务', '组织ID', '党员类别', '状态', '入党日期', '转正日期', '标签']
  assert.deepEqual(got.strings.slice(0, headers.length), headers)
  assert.ok(got.text_xf, 'a text number format (@, id 49)')
  assert.equal(got.styled_cols, headers.length, 'every column carries the text format')
  assert.ok(got.strings.some((s) => s.includes('身份证号')) && got.strings.some((s) => s.includes('整批不导入')))
  // The header row the template gives is one the import accepts.
  const csvHeader = headers.join(',') + '\r\n'
  const dry = await admin.post(`/members/import?org=${branch.id}&dry_run=1`, csvHeader, { headers: { 'Content-Type': 'text/csv' } })
  assert.equal(dry.status, 200, dry.text)
  assert.equal(dry.json.rows, 0)
  assert.equal((await request('GET', '/api/v1/members/import-template')).status, 401)
})
