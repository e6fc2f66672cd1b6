// Batch actions on the members list (checked rows): 批量导出 (the server's .xlsx export of exactly
// the checked rows, by their ids) and 批量转接 (one transfer per member, a danger-styled confirmation naming
// them, a result summary, the list refreshed).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import XLSX from 'xlsx'
import { BASE, launch, newPage, login, shot, apiGet, apiSend, axeCheck, findBranch, makeIdNumber, uniqueName } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

/** Creates `n` members in `orgId` sharing the department `tag`: their names. */
async function createMembers(page, orgId, tag, n) {
  const names = []
  for (let i = 0; i < n; i++) {
    const g = i % 2 ? 'female' : 'male'
    const p = makeIdNumber(g)
    let name
    do { name = uniqueName('批') } while (names.includes(name))
    await apiSend(page, 'POST', '/members', { name, gender: g, birth_date: p.birth, id_number: p.id, org_id: orgId, category: 'full',
      status: 'active', joined_on: '2012-07-01', full_on: '2013-07-01', department: tag, phone: '13800001234', tags: ['业务骨干'] })
    names.push(name)
  }
  return names
}

/** Shows the members of department `tag` on the list and waits for `n` rows. */
async function listDepartment(page, tag, n) {
  await page.goto(BASE + '/#/members')
  const form = page.locator('[data-test="member-filters"]')
  await form.locator('.el-form-item', { hasText: '科室' }).locator('input').fill(tag)
  await form.getByRole('button', { name: '查询' }).click()
  await page.waitForFunction((k) => document.querySelectorAll('[data-test="member-table"] .el-table__body-wrapper .el-table__row').length === k, n)
}

/** The body row of the member named `name`. */
function row(page, name) {
  return page.locator('[data-test="member-table"] .el-table__body-wrapper .el-table__row', { hasText: name })
}


test('批量导出: the server\'s .xlsx (the export\'s Chinese headers) of exactly the checked rows', async () => {
  const page = await newPage(browser)
  await login(page, 'admin')
  const branch = await findBranch(page)
  const tag = '批导' + Date.now().toString(36).slice(-5)
  const names = await createMembers(page, branch.id, tag, 3)
  await listDepartment(page, tag, 3)
  assert.ok(await page.locator('[data-test="member-batch-export"]').isDisabled(), 'nothing checked: disabled')
  const checked = [names[0], names[2]]
  for (const n of checked) await row(page, n).locator('.el-checkbox').click()
  await page.locator('[data-test="member-selected-count"]', { hasText: '已选 2 人' }).waitFor()
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="member-batch-export"]').click()])
  assert.match(download.suggestedFilename(), /所选2人.*\.xlsx$/)
  const buf = fs.readFileSync(await download.path())
  const wb = XLSX.read(buf)
  const rows = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: false, defval: '' })
  assert.deepEqual(rows[0], ['姓名', '性别', '民族', '出生日期', '身份证号', '手机号', '学历', '职称', '科室', '职务', '组织ID', '所在组织',
    '党员类别', '状态', '入党日期', '转正日期', '标签'])
  assert.equal(rows.length, 3, 'the header and the two checked rows')
  assert.deepEqual(rows.slice(1).map((r) => r[0]).sort(), checked.slice().sort())
  const first = (await apiGet(page, '/members?department=' + encodeURIComponent(tag) + '&q=' + encodeURIComponent(names[0]))).items[0]
  const line = rows.find((r) => r[0] === names[0])
  assert.equal(line[1], '男')
  assert.equal(line[4], first.id_number)
  assert.equal(line[5], '13800001234')
  assert.equal(line[8], tag)
  assert.equal(line[10], String(branch.id))
  assert.equal(line[12], '正式党员')
  assert.equal(line[13], '在册')
  assert.equal(line[16], '业务骨干')
  await page.close()
})

test('批量转接: two checked members moved to one organisation, confirmed, summarised, the list refreshed', async () => {
  const page = await newPage(browser)
  await login(page, 'admin')
  const branch = await findBranch(page)
  const root = (await apiGet(page, '/orgs?roots=1')).items[0]
  assert.notEqual(root.id, branch.id)
  const tag = '批转' + Date.now().toString(36).slice(-5)
  const names = await createMembers(page, branch.id, tag, 2)
  await listDepartment(page, tag, 2)
  assert.ok(await page.locator('[data-test="member-batch-transfer"]').isDisabled(), 'nothing checked: disabled')
  await page.locator('[data-test="member-table"] .el-table__header .el-checkbox').first().click()
  await page.locator('[data-test="member-batch-transfer"]:not([disabled])').click()
  const dlg = page.locator('[data-test="batch-transfer-dialog"]')
  await dlg.locator('[data-test="batch-transfer-form"]').waitFor()
  const intro = await dlg.innerText()
  for (const n of names) assert.ok(intro.includes(n), `the dialog names ${n}`)
  // The form's own checks first.
  await dlg.locator('[data-test="batch-transfer-save"]').click()
  await dlg.locator('.el-form-item__error', { hasText: '请选择转入组织' }).waitFor()
  await dlg.locator('.el-select').click()
  await page.locator('.el-select-dropdown:visible .el-tree-node__content').first().click()
  await dlg.locator('textarea').fill('科室整体调整')
  await axeCheck(page, 'batch transfer dialog')
  await shot(page, '86-batch-transfer-form')
  await dlg.locator('[data-test="batch-transfer-save"]').click()
  const box = page.locator('.el-message-box')
  await box.waitFor()
  const text = await box.innerText()
  assert.match(text, /2 名党员/)
  for (const n of names) assert.ok(text.includes(n), `the confirmation names ${n}`)
  assert.ok(text.includes(root.name), 'the confirmation names the organisation')
  await shot(page, '87-batch-transfer-confirm')
  await box.locator('.el-button--danger', { hasText: '转接 2 人' }).click()
  const result = dlg.locator('[data-test="batch-transfer-result"]')
  await result.waitFor()
  assert.match(await result.innerText(), /已转接 2 人/)
  assert.match(await result.innerText(), /不能整体撤回/)
  const moved = (await apiGet(page, '/members?department=' + encodeURIComponent(tag))).items
  assert.equal(moved.length, 2)
  for (const m of moved) assert.equal(m.org_id, root.id, `${m.name} moved`)
  const hist = await apiGet(page, `/members/${moved[0].id}/history`)
  assert.ok(hist.items.some((h) => h.kind === 'transfer' && h.reason === '科室整体调整'))
  // The list behind the dialog was refreshed: the rows name the new organisation.
  await page.waitForFunction((o) => {
    const rows = [...document.querySelectorAll('[data-test="member-table"] .el-table__body-wrapper .el-table__row')]
    return rows.length === 2 && rows.every((r) => r.innerText.includes(o))
  }, root.name)
  await shot(page, '88-batch-transfer-result')
  await dlg.locator('[data-test="batch-transfer-close"]').click()
  await dlg.waitFor({ state: 'hidden' })
  // The selection is cleared once the list behind has reloaded (wait for it rather than race it).
  await page.locator('[data-test="member-selected-count"]').waitFor({ state: 'detached', timeout: 5000 })
  assert.equal(await page.locator('[data-test="member-selected-count"]').count(), 0, 'the selection was cleared')
  await page.close()
})

test('批量转接: a stale member is named with the reason, the others are moved', async () => {
  const page = await newPage(browser)
  await login(page, 'admin')
  const branch = await findBranch(page)
  const root = (await apiGet(page, '/orgs?roots=1')).items[0]
  const tag = '批败' + Date.now().toString(36).slice(-5)
  const names = await createMembers(page, branch.id, tag, 2)
  await listDepartment(page, tag, 2)
  await page.locator('[data-test="member-table"] .el-table__header .el-checkbox').first().click()
  // Someone else changes the first one after the list was read.
  const stale = (await apiGet(page, '/members?department=' + encodeURIComponent(tag) + '&q=' + encodeURIComponent(names[0]))).items[0]
  await apiSend(page, 'PATCH', `/members/${stale.id}`, { version: stale.version, title: '主治医师' })
  await page.locator('[data-test="member-batch-transfer"]').click()
  const dlg = page.locator('[data-test="batch-transfer-dialog"]')
  await dlg.locator('.el-select').click()
  await page.locator('.el-select-dropdown:visible .el-tree-node__content').first().click()
  await dlg.locator('textarea').fill('工作调动')
  await dlg.locator('[data-test="batch-transfer-save"]').click()
  await page.locator('.el-message-box .el-button--danger').click()
  const failed = dlg.locator('[data-test="batch-transfer-failed"]')
  await failed.waitFor()
  assert.match(await dlg.locator('[data-test="batch-transfer-result"]').innerText(), /已转接 1 人，1 人未转接/)
  assert.match(await failed.innerText(), new RegExp(names[0] + '：数据已被他人修改'))
  assert.equal((await apiGet(page, `/members/${stale.id}`)).org_id, branch.id, 'the stale one stays')
  const other = (await apiGet(page, '/members?department=' + encodeURIComponent(tag) + '&q=' + encodeURIComponent(names[1]))).items[0]
  assert.equal(other.org_id, root.id)
  await axeCheck(page, 'batch transfer result')
  await page.close()
})
