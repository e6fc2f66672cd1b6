// 三重一大 and the task ledger (issue 16, seed 002): the bureau's register with the items not
// reported in time flagged, one reported upward and one changed (1440 px); the register on a phone
// (375 px); key tasks, a milestone added; the printable ledger (工作推进台账) on A4 and on a phone.
// Each page with the axe check.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { BASE, launch, newPage, login, shot, apiGet, axeCheck, noSideScroll, chinaTime } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

test('the bureau’s 三重一大 register: overdue items flagged, one reported upward, one changed (1440 px)', async () => {
  const page = await newPage(browser)
  await login(page, 'jinzhou')
  await page.goto(BASE + '/#/decisions')
  const table = page.locator('[data-test="decision-table"]')
  await table.locator('tbody tr').first().waitFor()
  const list = await apiGet(page, '/decisions?limit=50')
  assert.equal(await table.locator('tbody tr').count(), list.items.length)
  assert.equal(await table.locator('tbody tr.overdue').count(), list.items.filter((d) => d.overdue).length)
  assert.ok(list.items.some((d) => d.overdue), 'the demo has overdue items')
  await shot(page, '80-decisions')
  await axeCheck(page, 'decisions register')

  // Report the first overdue one upward.
  const d = list.items.find((x) => x.overdue)
  await page.locator(`[data-test="decision-report-${d.id}"]`).click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await page.locator(`[data-test="decision-row-${d.id}"]`, { hasText: chinaTime().slice(0, 10) }).waitFor()
  const after = await apiGet(page, `/decisions/${d.id}`)
  assert.equal(after.reported_on, chinaTime().slice(0, 10))
  assert.equal(after.report_state, 'reported_late')
  assert.equal(after.version, d.version + 1)

  // Change one through its form (/decisions/:id opens it).
  await page.goto(BASE + `/#/decisions/${d.id}`)
  const dlg = page.locator('.el-dialog', { hasText: '编辑三重一大事项' })
  await dlg.waitFor()
  await dlg.locator('[data-test="decision-form-title"]').fill(d.title + '（修订）')
  await axeCheck(page, 'decision form')
  await shot(page, '81-decision-form')
  await dlg.locator('[data-test="decision-save"]').click()
  await dlg.waitFor({ state: 'hidden' })
  assert.equal((await apiGet(page, `/decisions/${d.id}`)).title, d.title + '（修订）')

  // Printed: the register on A4 without the menu and the toolbar.
  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.locator('.el-aside').isVisible(), false)
  assert.equal(await page.locator('[data-test="decision-print"]').isVisible(), false)
  await page.emulateMedia({ media: 'screen' })
  await page.close()
})

test('on a phone (375 px) the register is cards; the reviewer reads and does not write', async () => {
  const page = await newPage(browser, { width: 375, height: 812 })
  await login(page, 'reviewer')
  await page.goto(BASE + '/#/decisions')
  await page.locator('[data-test="decision-card"]').first().waitFor()
  assert.equal(await page.locator('[data-test="decision-create"]').count(), 0)
  assert.ok((await noSideScroll(page)).ok, 'no sideways scrolling')
  await shot(page, '82-decisions-375')
  await axeCheck(page, 'decisions 375')
  await page.close()
})

test('key tasks: overdue flagged, a milestone added through the form (1440 px)', async () => {
  const page = await newPage(browser)
  await login(page, 'jinzhou')
  await page.goto(BASE + '/#/tasks')
  const rows = page.locator('[data-test="task-table"] .el-table__body-wrapper .el-table__row')
  await rows.first().waitFor()
  const year = chinaTime().slice(0, 4)
  const list = await apiGet(page, `/tasks?year=${year}&limit=50`)
  assert.equal(await rows.count(), list.items.length)
  await shot(page, '83-tasks')
  await axeCheck(page, 'tasks list')
  const t = list.items.find((x) => x.status === 'ongoing')
  await page.locator(`[data-test="task-edit-${t.id}"]`).first().click()
  const dlg = page.locator('.el-dialog', { hasText: '编辑重点任务' })
  await dlg.waitFor()
  await dlg.locator('[data-test="task-form-milestones"] .ms-row').first().waitFor()
  const n = await dlg.locator('[data-test="task-form-milestones"] .ms-row').count()
  await dlg.locator('[data-test="task-form-add-milestone"]').click()
  const row = dlg.locator('[data-test="task-form-milestones"] .ms-row').nth(n)
  await row.locator('input[placeholder="节点名称"]').fill('阶段总结')
  await row.locator('input[placeholder="计划完成"]').fill(t.deadline)
  await row.locator('input[placeholder="计划完成"]').press('Enter')
  // The evidence (佐证材料): a scan filed with the task.
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'task-'))
  const pdf = path.join(dir, '推进会纪要.pdf')
  fs.writeFileSync(pdf, '%PDF-1.4 推进会纪要')
  const files = dlg.locator('[data-test="task-files"]')
  await files.locator('[data-test="attachment-file"]').setInputFiles(pdf)
  await files.locator('[data-test="attachment-link"]', { hasText: '推进会纪要.pdf' }).waitFor()
  assert.deepEqual((await apiGet(page, `/tasks/${t.id}`)).attachments.map((f) => f.name), ['推进会纪要.pdf'])
  await axeCheck(page, 'task form')
  await dlg.locator('[data-test="task-save"]').click()
  await dlg.waitFor({ state: 'hidden' })
  const saved = await apiGet(page, `/tasks/${t.id}`)
  assert.equal(saved.milestones.length, n + 1)
  assert.equal(saved.milestones[n].title, '阶段总结')
  assert.equal(saved.version, t.version + 1)
  await page.close()
})

test('the ledger (工作推进台账) prints on A4, and reads on a phone', async () => {
  const page = await newPage(browser)
  await login(page, 'jinzhou')
  const year = chinaTime().slice(0, 4)
  await page.goto(BASE + `/#/tasks-ledger?year=${year}`)
  const rows = page.locator('[data-test="task-ledger-table"] tbody tr')
  await rows.first().waitFor()
  await page.locator('[data-test="task-ledger-table"] .steps li').first().waitFor()
  const list = await apiGet(page, `/tasks?year=${year}&limit=200`)
  assert.equal(await rows.count(), list.items.length)
  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.locator('.el-aside').isVisible(), false)
  assert.equal(await page.locator('[data-test="task-ledger-print"]').isVisible(), false)
  assert.ok(await page.locator('.sheet-head h1').isVisible())
  await shot(page, '84-task-ledger-print')
  await page.emulateMedia({ media: 'screen' })
  await axeCheck(page, 'task ledger')
  await page.close()

  const phone = await newPage(browser, { width: 375, height: 812 })
  await login(phone, 'reviewer')
  await phone.goto(BASE + `/#/tasks-ledger?year=${year}`)
  await phone.locator('[data-test="task-ledger-table"] tbody tr').first().waitFor()
  assert.ok((await noSideScroll(phone)).ok, 'no sideways scrolling')
  await shot(phone, '85-task-ledger-375')
  await axeCheck(phone, 'task ledger 375')
  await phone.close()
})
