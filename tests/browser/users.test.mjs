// User management: the admin creates a branch secretary, who can then log in; disabling stops that.
// An org admin manages the accounts of its own subtree (no administrators); a secretary cannot.
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
  // The demo has more accounts than a page holds (the 201 project's instructors): find it by name.
  await page.locator('[data-test="user-filters"] input').first().fill(username)
  await page.locator('[data-test="user-filters"]').getByRole('button', { name: '查询' }).click()
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
  await admin.locator('[data-test="user-table"] .el-table__row').first().waitFor()
  await admin.locator('[data-test="user-filters"] input').first().fill(username)
  await admin.locator('[data-test="user-filters"]').getByRole('button', { name: '查询' }).click()
  const row = admin.locator('[data-test="user-table"] .el-table__row', { hasText: username })
  await row.getByRole('button', { name: '停用' }).click()
  await admin.locator('.el-message-box .el-button--danger', { hasText: '停用' }).click() // a danger-styled confirmation
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

test('an org admin sees user management, cannot grant 系统管理员, and creates a secretary in its subtree', async () => {
  const page = await newPage(browser)
  await login(page, 'jianghai')
  const me = await apiGet(page, '/me')
  assert.equal(me.role, 'org_admin')
  const orgRequests = []
  page.on('request', (r) => { if (r.url().includes('/api/v1/orgs?')) orgRequests.push(r.url()) })
  const menu = await page.locator('[data-test="side-menu"]').innerText()
  assert.ok(menu.includes('系统管理') && menu.includes('用户'), 'menu has 系统管理 › 用户')
  await page.locator('.el-menu-item:text-is("用户")').click()
  await page.waitForURL(/#\/users$/)
  const table = page.locator('[data-test="user-table"]')
  await table.locator('.el-table__row').first().waitFor()
  assert.ok(!(await table.innerText()).includes('系统管理员'), 'no administrators listed')

  const username = 'oas' + Date.now().toString(36)
  await page.locator('[data-test="user-create"]').click()
  const dlg = page.locator('.el-dialog', { hasText: '新增用户' })
  await dlg.waitFor()
  const item = (label) => dlg.locator('.el-form-item').filter({ has: page.locator(`label:text-is("${label}")`) })
  const dropdown = page.locator('.el-select-dropdown:visible')

  // The role choices: everything but 系统管理员.
  await item('角色').locator('.el-select').click()
  const options = dropdown.locator('.el-select-dropdown__item')
  await options.first().waitFor()
  const roles = (await options.allInnerTexts()).map((t) => t.trim())
  assert.ok(!roles.includes('系统管理员'), `no 系统管理员 among ${roles.join('、')}`)
  for (const r of ['组织管理员', '支部书记', '党员']) assert.ok(roles.includes(r), `${r} offered`)

  // 组织管理员 only below jianghai's own organisation: its root cannot be picked for that role.
  await options.filter({ hasText: '组织管理员' }).click()
  await dropdown.waitFor({ state: 'hidden' })
  await item('所属组织').locator('.el-select').click()
  const tree = dropdown.locator('.el-tree')
  const rootRows = tree.locator(':scope > .el-tree-node > .el-tree-node__content')
  await rootRows.first().waitFor()
  // The picker offers jianghai's subtree only: its own organisation is the one root.
  assert.equal(await rootRows.count(), 1, 'one root: the caller’s own organisation')
  assert.ok((await rootRows.first().innerText()).includes(me.org_name))
  assert.equal(await rootRows.first().locator('.is-disabled').count(), 1, 'own organisation disabled for 组织管理员')
  await page.keyboard.press('Escape')
  await dropdown.waitFor({ state: 'hidden' })

  // A secretary of a branch below.
  await item('角色').locator('.el-select').click()
  await options.filter({ hasText: '支部书记' }).click()
  await dropdown.waitFor({ state: 'hidden' })
  const branch = (await apiGet(page, `/orgs?parent=${me.org_id}&type=branch&limit=50`)).items.find((o) => !o.deleted)
  assert.ok(branch, 'a branch directly below jianghai’s organisation')
  await item('所属组织').locator('.el-select').click()
  await rootRows.first().waitFor()
  await rootRows.first().locator('.el-tree-node__expand-icon').click()
  await tree.locator('.el-tree-node__content', { hasText: branch.name }).first().click()
  await dropdown.waitFor({ state: 'hidden' })
  await item('用户名').locator('input').fill(username)
  await item('姓名').locator('input').fill('分院书记')
  await item('密码').locator('input').fill('Zhibu2026xyz')
  await dlg.getByRole('button', { name: '保存' }).click()
  await dlg.waitFor({ state: 'hidden' })
  const list = await apiGet(page, '/users?q=' + username)
  assert.equal(list.items.length, 1)
  assert.equal(list.items[0].role, 'secretary')
  assert.equal(list.items[0].org_id, branch.id)
  await table.locator('.el-table__row', { hasText: username }).waitFor()
  // The org picker does not ask the server for warnings (only the organisation tree does).
  assert.ok(orgRequests.length > 0 && orgRequests.every((u) => !u.includes('warnings=')), orgRequests.join('\n'))
  await shot(page, '25-org-admin-users')
  await page.close()
})

test('a secretary sees no user management and cannot open it by its address', async () => {
  const page = await newPage(browser)
  await login(page, 'yizhibu')
  const me = await apiGet(page, '/me')
  assert.equal(me.role, 'secretary')
  const menu = await page.locator('[data-test="side-menu"]').innerText()
  assert.ok(!menu.includes('系统管理') && !menu.includes('用户'), 'no 系统管理 › 用户 in the menu')
  await page.goto(BASE + '/#/users')
  await page.waitForURL(/#\/dashboard$/)
  await page.locator('[data-test="side-menu"]').waitFor()
  assert.equal(await page.locator('[data-test="user-table"]').count(), 0, 'the user page is not shown')
  assert.equal(await page.locator('[data-test="user-create"]').count(), 0)
  assert.equal((await page.request.get(BASE + '/api/v1/users')).status(), 403, 'the server refuses too')
  await page.close()
})

test('the user list names the linked member, a member account is linked by searching a name, and the list exports', async () => {
  const page = await newPage(browser)
  await login(page, 'admin')
  await page.goto(BASE + '/#/users')
  await page.locator('input[placeholder="用户名/姓名"]').fill('member1')
  await page.getByRole('button', { name: '查询' }).click()
  const linked = (await apiGet(page, '/users?q=member1')).items[0]
  assert.ok(linked.member_name, 'the server names the linked member')
  await page.locator('[data-test="user-table"] .el-table__row', { hasText: linked.member_name }).waitFor()

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="user-export"]').click()])
  assert.match(download.suggestedFilename(), /\.xlsx$/)

  // A new member account: the member is found by a piece of the name, not typed as a number.
  const member = (await apiGet(page, '/members?org=' + linked.org_id + '&limit=5')).items.find((m) => m.id !== linked.member_id)
  const username = 'mem' + Date.now().toString(36)
  await page.locator('[data-test="user-create"]').click()
  const dlg = page.locator('.el-dialog', { hasText: '新增用户' })
  await dlg.waitFor()
  const item = (label) => dlg.locator('.el-form-item').filter({ has: page.locator(`label:text-is("${label}")`) })
  await item('用户名').locator('input').fill(username)
  await item('姓名').locator('input').fill(member.name)
  await item('角色').locator('.el-select').click()
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: /^党员$/ }).click()
  await item('所属组织').locator('.el-select').click()
  await page.locator('.el-select-dropdown:visible .el-tree-node__content').first().click()
  await item('关联党员').locator('input').fill(member.name)
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: member.name }).first().click()
  await item('密码').locator('input').fill('Dangyuan2026x')
  await dlg.getByRole('button', { name: '保存' }).click()
  await dlg.waitFor({ state: 'hidden' })
  const created = (await apiGet(page, '/users?q=' + username)).items[0]
  assert.equal(created.role, 'member')
  assert.equal(created.member_name, member.name)
  await page.close()
})
