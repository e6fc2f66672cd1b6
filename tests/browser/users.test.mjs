// User management: the admin creates a branch secretary, who can then log in; disabling stops that.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, login, shot, apiGet } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

test('admin creates a secretary account with a checked password; the new user logs in', async () => {
  const page = await newPage(browser)
  await login(page, 'admin')
  await page.goto(BASE + '/#/users')
  await page.locator('[data-test="user-table"] .el-table__row').first().waitFor()
  const username = 'sec' + Date.now().toString(36)
  const password = 'Zhibu2026abc'

  await page.locator('[data-test="user-create"]').click()
  const dlg = page.locator('.el-dialog', { hasText: '新增用户' })
  await dlg.waitFor()
  const item = (label) => dlg.locator('.el-form-item').filter({ has: page.locator(`label:text-is("${label}")`) })
  await item('用户名').locator('input').fill(username)
  await item('姓名').locator('input').fill('测试书记')
  await item('所属组织').locator('.el-select').click()
  await page.locator('.el-select-dropdown:visible .el-tree-node__content').first().click()
  await item('密码').locator('input').fill('short1')
  await dlg.getByRole('button', { name: '保存' }).click()
  await item('密码').locator('.el-form-item__error').waitFor()
  await item('密码').locator('input').fill(password)
  await dlg.getByRole('button', { name: '保存' }).click()
  await dlg.waitFor({ state: 'hidden' })
  const list = await apiGet(page, '/users?q=' + username)
  assert.equal(list.items.length, 1)
  assert.equal(list.items[0].role, 'secretary')
  await page.locator('[data-test="user-table"] .el-table__row', { hasText: username }).waitFor()
  await shot(page, '21-users-created')

  await page.close()

  // The pages of this browser share one cookie jar: one signed-in user at a time.
  const other = await newPage(browser)
  await login(other, username, password)
  assert.match(await other.locator('[data-test="current-user"]').innerText(), /测试书记/)
  await other.close()

  // Disabled accounts cannot log in.
  const admin = await newPage(browser)
  await login(admin, 'admin')
  await admin.goto(BASE + '/#/users')
  const row = admin.locator('[data-test="user-table"] .el-table__row', { hasText: username })
  await row.getByRole('button', { name: '停用' }).click()
  await admin.locator('.el-message-box .el-button--primary').click()
  await row.getByText('已停用').waitFor()
  await admin.close()
  const again = await newPage(browser)
  await again.goto(BASE + '/#/login')
  await again.locator('input[name="username"]').fill(username)
  await again.locator('input[name="password"]').fill(password)
  await again.getByRole('button', { name: '登 录' }).click()
  await again.locator('.el-alert--error').waitFor()
  await again.close()
})
