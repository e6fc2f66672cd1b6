// The institution registry: create with a checked credit code, find it, delete and undo.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, login, shot, uniqueName, apiGet } from './helpers.mjs'
import { creditCode as makeCreditCode } from '../http/lib.mjs'

/** A unified social credit code of a private non-enterprise unit (52), valid GB 32100 check character. */
const creditCode = () => makeCreditCode({ prefix: '52', area: '440704' })

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

test('an org admin registers a private clinic, finds it with the filters, deletes it and undoes', async () => {
  const page = await newPage(browser)
  await login(page, 'jianghai')
  await page.goto(BASE + '/#/institutions')
  await page.locator('[data-test="inst-table"] .el-table__row').first().waitFor()
  const name = uniqueName('江海') + '诊所'
  const code = creditCode()

  await page.locator('[data-test="inst-create"]').click()
  const dlg = page.locator('.el-dialog', { hasText: '新增医疗机构' })
  await dlg.waitFor()
  const item = (label) => dlg.locator('.el-form-item').filter({ has: page.locator(`label:text-is("${label}")`) })
  await item('机构名称').locator('input').fill(name)
  await item('统一社会信用代码').locator('input').fill(code)
  await item('所有制').getByText('民营').click()
  await item('机构类别').locator('.el-select').click()
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '诊所/门诊部' }).click()
  await item('所在区县').locator('input').fill('江海区')
  await item('纬度').locator('input').fill('22.56')
  await item('经度').locator('input').fill('113.11')
  await dlg.getByRole('button', { name: '保存' }).click()
  await dlg.waitFor({ state: 'hidden' })

  const saved = (await apiGet(page, '/institutions?q=' + encodeURIComponent(name))).items[0]
  assert.ok(saved, 'the institution was created')
  assert.equal(saved.credit_code, code)
  assert.equal(saved.ownership, 'private')
  assert.equal(saved.kind, 'clinic')

  await page.locator('input[placeholder="机构名称/信用代码"]').fill(name)
  await page.getByRole('button', { name: '查询' }).click()
  // The search answer replaces the list: only the new clinic is left.
  await page.waitForFunction((n) => {
    const rows = [...document.querySelectorAll('[data-test="inst-table"] .el-table__body-wrapper .el-table__row')]
    return rows.length === 1 && rows[0].innerText.includes(n)
  }, name)
  const row = page.locator('[data-test="inst-table"] .el-table__row', { hasText: name }).first()
  await shot(page, '20-institution-search')

  await row.getByRole('button', { name: '删除' }).click()
  await page.locator('.el-message-box .el-button--danger', { hasText: '删除' }).click() // a danger-styled confirmation
  await page.locator('[data-test="inst-undo"]').click()
  await page.locator('.el-message--success', { hasText: '已恢复' }).waitFor()
  assert.equal((await apiGet(page, `/institutions/${saved.id}`)).deleted, false)
  await page.close()
})

test('the institution list exports what it shows as .xlsx', async () => {
  const page = await newPage(browser)
  await login(page, 'jianghai')
  await page.goto(BASE + '/#/institutions')
  await page.locator('[data-test="inst-table"] .el-table__row').first().waitFor()
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="inst-export"]').click()])
  assert.match(download.suggestedFilename(), /\.xlsx$/)
  const file = await download.path()
  const fs = await import('node:fs')
  assert.equal(fs.readFileSync(file).subarray(0, 2).toString('latin1'), 'PK', 'an xlsx is a zip')
  await page.close()
})
