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

test('an .xlsx with one bad row is converted in the browser, the row is reported, nothing imported', async () => {
  const page = await newPage(browser)
  await login(page, 'jianghai')
  const branch = await findBranch(page)
  const good = uniqueName('表')
  const bad = uniqueName('误')
  const p1 = makeIdNumber('female')
  const p2 = makeIdNumber('male')
  // Row 3 (the second data row) has a phone number that is not 11 digits.
  const wb = XLSX.utils.book_new()
  const ws = XLSX.utils.aoa_to_sheet([HEADER, row(good, p1, branch.id), row(bad, p2, branch.id, { 手机号: '2345' })])
  XLSX.utils.book_append_sheet(wb, ws, '党员')
  const file = path.join(tmp, 'members.xlsx')
  XLSX.writeFile(wb, file)

  await openImport(page)
  await upload(page, file)
  const errors = page.locator('[data-test="import-errors"]')
  await errors.waitFor()
  const text = await errors.innerText()
  assert.match(text, /\b3\b/)
  assert.match(text, /手机/)
  assert.equal(await page.locator('[data-test="import-errors"] .el-table__body .el-table__row').count(), 1)
  await shot(page, '15-import-xlsx-errors')
  assert.equal(await countByName(page, good), 0, 'nothing imported')
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
