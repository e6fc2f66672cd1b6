// Logging in and out, the role menus, and a screenshot of every main page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, login, shot } from './helpers.mjs'

let browser
/** The side menu's entry whose text is exactly `text`. */
const menuItem = (page, text) => page.locator(`.el-menu-item:text-is("${text}")`)
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

test('a wrong password shows an error and stays on the login page', async () => {
  const page = await newPage(browser)
  await page.goto(BASE + '/')
  await page.waitForURL(/#\/login/)
  await page.locator('input[name="username"]').fill('admin')
  await page.locator('input[name="password"]').fill('wrong-password-1')
  await page.getByRole('button', { name: '登 录' }).click()
  const alert = page.locator('.el-alert--error')
  await alert.waitFor()
  assert.match(await alert.innerText(), /\S/)
  assert.match(page.url(), /#\/login/)
  await shot(page, '01-login-error')
  await page.close()
})

test('admin logs in, sees every menu entry and each main page', async () => {
  const page = await newPage(browser)
  await login(page, 'admin')
  const menu = await page.locator('[data-test="side-menu"]').innerText()
  // Groups and their entries: 组织建设 (组织架构, 医疗机构), 党员管理 (党员, 导入导出), 系统管理 (用户, 审计日志).
  for (const entry of ['组织建设', '组织架构', '医疗机构', '党员管理', '党员', '导入导出', '系统管理', '用户']) assert.ok(menu.includes(entry), `menu has ${entry}`)
  assert.match(await page.locator('[data-test="current-user"]').innerText(), /系统管理员|管理员/)
  await page.locator('.chart canvas').first().waitFor()
  // The rule warnings of the whole scope are listed (the demo has some).
  await page.locator('[data-test="dashboard-warnings"] .el-table__body .el-table__row').first().waitFor()
  await page.waitForTimeout(1500) // chart animations
  await shot(page, '02-dashboard')

  await page.locator('.el-menu-item', { hasText: '组织架构' }).click()
  await page.locator('[data-test="org-detail"]').waitFor()
  await page.locator('.org-tree .el-tree-node').first().waitFor()
  await shot(page, '03-orgs')

  await page.locator('.el-menu-item', { hasText: '医疗机构' }).click()
  await page.locator('[data-test="inst-table"] .el-table__row').first().waitFor()
  await shot(page, '04-institutions')
  await page.locator('[data-test="inst-create"]').click()
  const dlg = page.locator('.el-dialog', { hasText: '新增医疗机构' })
  await dlg.waitFor()
  await dlg.locator('.el-form-item', { hasText: '统一社会信用代码' }).locator('input').fill('91440101MA5CXXXX0A')
  await dlg.getByRole('button', { name: '保存' }).click()
  await dlg.locator('.el-form-item__error', { hasText: '统一社会信用代码' }).waitFor()
  await shot(page, '05-institution-form-error')
  await dlg.getByRole('button', { name: '取消' }).click()

  await menuItem(page, '党员').click()
  await page.locator('[data-test="member-table"] .el-table__row').first().waitFor()
  await shot(page, '06-members')
  await page.locator('[data-test="member-table"] .el-table__row a').first().click()
  await page.locator('[data-test="member-detail"] [data-test="member-name"]').waitFor()
  await page.locator('[data-test="member-history"]').waitFor()
  await shot(page, '07-member-detail')

  await page.locator('.el-menu-item', { hasText: '导入导出' }).click()
  await page.locator('[data-test="export-btn"]').waitFor()
  await shot(page, '08-import-export')

  await menuItem(page, '用户').click()
  await page.locator('[data-test="user-table"] .el-table__row').first().waitFor()
  const users = await page.locator('[data-test="user-table"]').innerText()
  assert.ok(users.includes('jianghai') && users.includes('member1'), 'demo users listed')
  await shot(page, '09-users')

  await page.locator('[data-test="logout"]').click()
  await page.waitForURL(/#\/login/)
  await page.close()
})

test('a branch secretary sees no user management; losing the session goes back to login', async () => {
  const page = await newPage(browser)
  await login(page, 'liyong')
  const menu = await page.locator('[data-test="side-menu"]').innerText()
  assert.ok(menu.includes('党员管理'))
  assert.ok(!menu.includes('系统管理') && !menu.includes('用户'), 'no user management (nor its group)')
  await page.locator('.chart canvas').first().waitFor()
  // The session goes away (expired, or signed out elsewhere): the next API answer is 401.
  await page.context().clearCookies()
  await page.goto(BASE + '/#/members')
  await page.waitForURL(/#\/login/)
  await page.locator('input[name="username"]').waitFor()
  await page.close()
})

test('an instructor gets read-only views with masked ID and phone numbers', async () => {
  const page = await newPage(browser)
  await login(page, 'luolan')
  const menu = await page.locator('[data-test="side-menu"]').innerText()
  assert.ok(menu.includes('党员管理') && !menu.includes('导入导出') && !menu.includes('系统管理') && !menu.includes('用户'))
  await menuItem(page, '党员').click()
  const rows = page.locator('[data-test="member-table"] .el-table__body .el-table__row')
  await rows.first().waitFor()
  assert.equal(await page.locator('[data-test="member-create"]').count(), 0, 'no create button')
  assert.equal(await rows.first().getByRole('button', { name: '编辑' }).count(), 0, 'no edit button')
  assert.match(await rows.first().innerText(), /\d{2}\*{15}[\dX]/, 'ID number masked')
  await shot(page, '22-instructor-members')
  await page.close()
})
