// Importing members from CSV and .xlsx (all-or-nothing with a row report) and exporting to .xlsx.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import XLSX from 'xlsx'
import { BASE, launch, newPage, login, shot, findBranch, makeIdNumber, uniqueName, apiGet } from './helpers.mjs'

const HEADER = ['姓名', '性别', '出生日期', '身份证号', '手机号', '科室', '组织ID', '党员类别', '状态', '入党日期', '转正日期', '标签']
let browser
let tmp
before(async () => {
  browser = await launch()
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dj-import-'))
})
after(async () => {
  await browser.close()
  fs.rmSync(tmp, { recursive: true, force: true })
})

function row(name, person, orgId, overrides = {}) {
  const r = {
    姓名: name, 性别: person.gender === 'male' ? '男' : '女', 出生日期: person.birth, 身份证号: person.id, 手机号: '13600001234',
    科室: '外科', 组织ID: String(orgId), 党员类别: '正式党员', 状态: '在册', 入党日期: '2012-07-01', 转正日期: '2013-07-01', 标签: '', ...overrides
  }
  return HEADER.map((h) => r[h])
}
function csvText(rows) {
  const esc = (v) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)
  return [HEADER, ...rows].map((r) => r.map(esc).join(',')).join('\r\n') + '\r\n'
}

async function openImport(page) {
  await page.goto(BASE + '/#/import')
  await page.locator('[data-test="import-upload"]').waitFor()
}
async function upload(page, file) {
  await page.locator('[data-test="import-upload"] input[type="file"]').setInputFiles(file)
}
async function countByName(page, name) {
  return (await apiGet(page, '/members?q=' + encodeURIComponent(name))).total
}

test('a CSV with one bad row shows that row and imports nothing; a good CSV imports', async () => {
  const page = await newPage(browser)
  await login(page, 'jianghai')
  const branch = await findBranch(page)
  const good = uniqueName('导')
  const bad = uniqueName('错')
  const p1 = makeIdNumber('male')
  const p2 = makeIdNumber('female')
  const wrongCheck = p2.id.slice(0, 17) + (p2.id[17] === '1' ? '2' : '1')
  const file = path.join(tmp, 'members-bad.csv')
  fs.writeFileSync(file, csvText([row(good, p1, branch.id), row(bad, { ...p2, id: wrongCheck }, branch.id)]))

  await openImport(page)
  await upload(page, file)
  const errors = page.locator('[data-test="import-errors"]')
  await errors.waitFor()
  const text = await errors.innerText()
  assert.match(text, /\b3\b/, 'the bad row is row 3 (header is row 1)')
  assert.match(text, /身份证/, 'the column at fault is named')
  assert.equal(await page.locator('[data-test="import-errors"] .el-table__body .el-table__row').count(), 1, 'only the bad row is reported')
  assert.ok(await page.locator('[data-test="import-confirm"]').isDisabled(), 'no import while rows are wrong')
  await shot(page, '13-import-csv-errors')
  assert.equal(await countByName(page, good), 0, 'nothing imported')
  assert.equal(await countByName(page, bad), 0, 'nothing imported')

  // The same file with the row fixed: dry run passes, then the real import writes both rows.
  const fixed = path.join(tmp, 'members-good.csv')
  fs.writeFileSync(fixed, csvText([row(good, p1, branch.id), row(bad, p2, branch.id)]))
  await upload(page, fixed)
  await page.locator('[data-test="import-ok"]', { hasText: '校验通过' }).waitFor()
  assert.equal(await countByName(page, good), 0, 'a dry run writes nothing')
  await page.locator('[data-test="import-confirm"]').click()
  await page.locator('[data-test="import-ok"]', { hasText: '导入成功' }).waitFor()
  assert.equal(await countByName(page, good), 1)
  assert.equal(await countByName(page, bad), 1)
  await shot(page, '14-import-csv-done')
  await page.close()
})

test('an .xlsx (shared strings, a real date cell, an empty row) is read in the browser: the bad row is named by its Excel row; fixed, it imports', async () => {
  const page = await newPage(browser)
  await login(page, 'jianghai')
  const branch = await findBranch(page)
  const good = uniqueName('表')
  const bad = uniqueName('误')
  const p1 = makeIdNumber('female', '1985-03-12')
  const p2 = makeIdNumber('male')
  // Row 1 the header, row 2 good (its birth date a date cell, as Excel stores a typed date),
  // row 3 empty, row 4 with a phone number that is not 11 digits.
  const write = (badPhone) => {
    const r1 = row(good, p1, branch.id)
    r1[HEADER.indexOf('出生日期')] = new Date(1985, 2, 12)
    const aoa = [HEADER, r1, [], row(bad, p2, branch.id, { 手机号: badPhone })]
    const wb = XLSX.utils.book_new()
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa, { dateNF: 'yyyy"年"m"月"d"日"' }), '党员')
    const file = path.join(tmp, `members-${badPhone}.xlsx`)
    XLSX.writeFile(wb, file, { bookSST: true })
    return file
  }

  await openImport(page)
  await upload(page, write('2345'))
  const errors = page.locator('[data-test="import-errors"]')
  await errors.waitFor()
  const text = await errors.innerText()
  assert.match(text, /\b4\b/, 'row 4, as Excel numbers it: ' + text)
  assert.match(text, /手机/)
  assert.equal(await page.locator('[data-test="import-errors"] .el-table__body .el-table__row').count(), 1)
  await shot(page, '15-import-xlsx-errors')
  assert.equal(await countByName(page, good), 0, 'nothing imported')

  await upload(page, write('13600009876'))
  await page.locator('[data-test="import-ok"]', { hasText: '校验通过' }).waitFor()
  await page.locator('[data-test="import-confirm"]').click()
  await page.locator('[data-test="import-ok"]', { hasText: '导入成功' }).waitFor()
  const got = (await apiGet(page, '/members?q=' + encodeURIComponent(good))).items
  assert.equal(got.length, 1)
  assert.equal(got[0].birth_date, '1985-03-12', 'the date cell became the date it shows')
  assert.equal(await countByName(page, bad), 1)
  await page.close()
})

test('an .xlsx exported by dangjian reads back (inline strings): every row is found already on file; an old .xls gets a clear message', async () => {
  const page = await newPage(browser)
  await login(page, 'jianghai')
  const branch = await findBranch(page)
  const res = await page.request.get(BASE + `/api/v1/members/export?format=xlsx&org=${branch.id}`)
  assert.equal(res.status(), 200)
  const file = path.join(tmp, 'exported.xlsx')
  fs.writeFileSync(file, await res.body())
  const onFile = (await apiGet(page, `/members?org=${branch.id}&limit=1`)).total
  assert.ok(onFile > 0)

  await openImport(page)
  await upload(page, file)
  const errors = page.locator('[data-test="import-errors"]')
  await errors.waitFor()
  const rows = page.locator('[data-test="import-errors"] .el-table__body .el-table__row')
  assert.equal(await rows.count(), Math.min(onFile, 500), 'one fault per exported member')
  assert.match(await rows.first().innerText(), /身份证号重复/)

  const xls = path.join(tmp, 'old.xls')
  fs.writeFileSync(xls, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]))
  await upload(page, xls)
  const alert = page.locator('[data-test="import-error"]')
  await alert.waitFor()
  assert.match(await alert.innerText(), /另存为.*\.xlsx/)
  // A damaged file (cut short in transfer) is named as such.
  const cut = path.join(tmp, 'cut.xlsx')
  fs.writeFileSync(cut, fs.readFileSync(file).subarray(0, 3000))
  await upload(page, cut)
  await page.locator('[data-test="import-error"]', { hasText: '损坏' }).waitFor()

  // The Excel template comes from the server, its columns the import's own.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="template-xlsx"]').click()])
  const tpl = path.join(tmp, 'template.xlsx')
  await download.saveAs(tpl)
  assert.match(download.suggestedFilename(), /模板\.xlsx$/)
  const wb = XLSX.read(fs.readFileSync(tpl), { type: 'buffer' })
  assert.deepEqual(wb.SheetNames, ['党员信息', '填写说明'])
  const header = XLSX.utils.sheet_to_json(wb.Sheets['党员信息'], { header: 1 })[0]
  assert.ok(header.includes('身份证号') && header.includes('转正日期'), header.join(','))
  await page.close()
})

test('export downloads a valid .xlsx with Chinese headers', async () => {
  const page = await newPage(browser)
  await login(page, 'jianghai')
  await openImport(page)
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="export-btn"]').click()])
  const file = path.join(tmp, 'export.xlsx')
  await download.saveAs(file)
  assert.match(download.suggestedFilename(), /\.xlsx$/)
  const bytes = fs.readFileSync(file)
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an xlsx is a zip')
  const wb = XLSX.read(bytes, { type: 'buffer' })
  const rows = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1 })
  const header = rows[0].map(String)
  assert.ok(header.includes('姓名'), 'header has 姓名: ' + header.join(','))
  assert.ok(header.some((h) => h.includes('身份证')), 'header has 身份证号')
  assert.ok(rows.length > 1, 'the export has data rows')
  await page.close()
})
