// The organisation tree: create a child, see its rule warnings, edit, move, delete and restore;
// and a member's transfer to another organisation, delete and restore.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, login, shot, findBranch, uniqueName, apiGet } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

async function confirmBox(page) {
  const box = page.locator('.el-message-box')
  await box.waitFor()
  await box.locator('.el-button--primary').click()
}

test('admin creates, edits, moves, deletes and restores an organisation in the tree', async () => {
  const page = await newPage(browser)
  await login(page, 'admin')
  await page.goto(BASE + '/#/orgs')
  const detail = page.locator('[data-test="org-detail"]')
  await detail.waitFor()
  const rootName = (await detail.locator('h2').innerText()).trim()

  const name = uniqueName('测试') + '党支部'
  await page.locator('[data-test="org-create-child"]').click()
  const dlg = page.locator('.el-dialog', { hasText: '新建组织' })
  await dlg.waitFor()
  await dlg.locator('.el-form-item', { hasText: '组织名称' }).locator('input').fill(name)
  await dlg.locator('[data-test="org-save"]').click()
  await dlg.waitFor({ state: 'hidden' })
  await detail.locator('h2', { hasText: name }).waitFor()
  // A new branch has no full members: the rule warning is shown in red.
  await detail.locator('.el-alert--error').first().waitFor()
  assert.match(await detail.locator('.el-alert--error').first().innerText(), /3/)
  await page.locator('.org-tree .el-tree-node__content', { hasText: name }).waitFor()
  await shot(page, '17-org-created')

  await page.locator('[data-test="org-edit"]').click()
  const edit = page.locator('.el-dialog', { hasText: '编辑组织' })
  await edit.waitFor()
  const renamed = name.replace('党支部', '联合党支部')
  await edit.locator('.el-form-item', { hasText: '组织名称' }).locator('input').fill(renamed)
  await edit.locator('[data-test="org-save"]').click()
  await edit.waitFor({ state: 'hidden' })
  await detail.locator('h2', { hasText: renamed }).waitFor()

  // Move it under another root organisation.
  await page.locator('[data-test="org-move"]').click()
  const move = page.locator('.el-dialog', { hasText: '移动组织' })
  await move.waitFor()
  await move.locator('.el-select').click()
  const target = page.locator('.el-select-dropdown:visible .el-tree-node__content').filter({ hasNotText: rootName }).first()
  const targetName = (await target.innerText()).replace(/（.*?）\s*$/, '').trim()
  await target.click()
  await move.getByRole('button', { name: '移动' }).click()
  await move.waitFor({ state: 'hidden' })
  const moved = (await apiGet(page, '/orgs?q=' + encodeURIComponent(renamed))).items[0]
  const parent = await apiGet(page, `/orgs/${moved.parent_id}`)
  assert.equal(parent.name, targetName, 'moved under the chosen organisation')

  await page.locator('[data-test="org-delete"]').click()
  await confirmBox(page)
  await page.locator('[data-test="org-restore"]').waitFor()
  await page.locator('[data-test="org-restore"]').click()
  await page.locator('[data-test="org-delete"]').waitFor()
  assert.equal((await apiGet(page, `/orgs/${moved.id}`)).deleted, false)
  await page.close()
})

test('a member is transferred to another organisation, deleted and restored', async () => {
  const page = await newPage(browser)
  await login(page, 'admin')
  const branch = await findBranch(page)
  const member = (await apiGet(page, `/members?org=${branch.id}&limit=1&sort=-name`)).items[0]
  await page.goto(`${BASE}/#/members/${member.id}`)
  await page.locator('[data-test="member-name"]', { hasText: member.name }).waitFor()

  await page.locator('[data-test="member-transfer"]').click()
  const dlg = page.locator('.el-dialog', { hasText: '组织关系转接' })
  await dlg.waitFor()
  await dlg.locator('.el-select').click()
  await page.locator('.el-select-dropdown:visible .el-tree-node__content').first().click()
  await dlg.locator('textarea').fill('工作调动')
  await dlg.locator('[data-test="transfer-save"]').click()
  await dlg.waitFor({ state: 'hidden' })
  await page.locator('[data-test="member-history"]', { hasText: '工作调动' }).waitFor()
  assert.notEqual((await apiGet(page, `/members/${member.id}`)).org_id, branch.id)
  await shot(page, '18-member-transferred')

  await page.getByRole('button', { name: '删除' }).click()
  await confirmBox(page)
  await page.waitForURL(/#\/members$/)
  await page.locator('[data-test="member-deleted-filter"]').click()
  await page.locator('[data-test="member-search"]').fill(member.name)
  await page.locator('[data-test="member-search-btn"]').click()
  const row = page.locator('[data-test="member-table"] .el-table__row', { hasText: member.name }).first()
  await row.waitFor()
  await shot(page, '19-members-deleted')
  await row.locator('[data-test="member-restore"]').click()
  await page.locator('.el-message--success', { hasText: '已恢复' }).waitFor()
  assert.equal((await apiGet(page, `/members/${member.id}`)).deleted, false)
  await page.close()
})
