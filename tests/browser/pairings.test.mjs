// The 201 project: an instructor opens its pairing and records a visit with a photo (1440 and 375 px), marks a
// milestone done; the bureau's progress view with its charts; an institution's inspection report
// (A4) from the institutions list. Each page with the axe check.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { BASE, launch, newPage, login, shot, apiGet, axeCheck, noSideScroll, chinaTime } from './helpers.mjs'

// A 1×1 PNG: a visit photo.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e1ee2c0000000049454e44ae426082', 'hex')

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

/** Records a visit through the dialog of the pairing page; returns its topic. */
async function recordVisit(page, topic) {
  await page.locator('[data-test="visit-create"]').click()
  const dlg = page.locator('.el-dialog', { hasText: '记录走访' })
  await dlg.waitFor()
  // The day defaults to today (China time).
  const dateInput = dlg.locator('.el-form-item').filter({ has: page.locator('label:text-is("走访日期")') }).locator('input').first()
  assert.equal(await dateInput.inputValue(), chinaTime().slice(0, 10))
  const item = (label) => dlg.locator('.el-form-item').filter({ has: page.locator(`label:text-is("${label}")`) })
  await item('走访主题').locator('input').fill(topic)
  await item('发现的问题').locator('textarea').fill('党员档案缺少入党日期')
  await item('指导意见').locator('textarea').fill('一周内补齐党员档案')
  await axeCheck(page, 'visit form')
  await dlg.locator('[data-test="visit-save"]').click()
  await dlg.waitFor({ state: 'hidden' })
  await page.locator('[data-test="visit"]', { hasText: topic }).waitFor()
}

test('an instructor records a visit to its paired hospital and marks a milestone done (1440 px)', async () => {
  const page = await newPage(browser)
  await login(page, 'luolan')
  await page.goto(BASE + '/#/pairings')
  const rows = page.locator('[data-test="pairing-table"] .el-table__row')
  await rows.first().waitFor()
  assert.equal(await rows.count(), 1, 'an instructor sees only its own pairing')
  assert.match(await rows.first().innerText(), /武汉东大中医肛肠医院/)
  assert.equal(await page.locator('[data-test="pairing-create"]').count(), 0, 'only the bureau pairs')
  await shot(page, '70-pairings-list')
  await axeCheck(page, 'pairings list')

  await rows.first().locator('a').first().click()
  await page.waitForURL(/#\/pairings\/\d+$/)
  const id = Number(/pairings\/(\d+)/.exec(page.url())[1])
  await page.locator('[data-test="pairing-institution"]').waitFor()
  const before = await apiGet(page, `/pairings/${id}`)
  const topic = '走访：指导规范党员管理' + Date.now().toString(36)
  await recordVisit(page, topic)
  const after = await apiGet(page, `/pairings/${id}`)
  assert.equal(after.visits, before.visits + 1)
  const v = (await apiGet(page, `/pairings/${id}/visits`)).items[0]
  assert.equal(v.topic, topic)
  assert.equal(v.findings, '党员档案缺少入党日期')
  assert.equal(v.visited_on, chinaTime().slice(0, 10))

  // A photo of the visit: chosen from the phone or the computer, shown as a thumbnail under it.
  const box = page.locator('[data-test="visit"]', { hasText: topic }).locator('[data-test="visit-photos"]')
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'photo-'))
  const photo = path.join(dir, '支部活动室.png')
  fs.writeFileSync(photo, PNG)
  await box.locator('[data-test="attachment-file"]').setInputFiles(photo)
  await box.locator('[data-test="attachment-link"]', { hasText: '支部活动室.png' }).waitFor()
  await box.locator('img[alt="支部活动室.png"]').waitFor()
  const photos = (await apiGet(page, `/pairings/${id}/visits`)).items[0].photos
  assert.deepEqual(photos.map((f) => [f.name, f.content_type]), [['支部活动室.png', 'image/png']])
  const notPhoto = path.join(dir, '记录.pdf')
  fs.writeFileSync(notPhoto, '%PDF-1.4 not a photo')
  await box.locator('[data-test="attachment-file"]').setInputFiles(notPhoto)
  await box.locator('[data-test="attachment-error"]', { hasText: 'JPEG 或 PNG' }).waitFor()

  // A milestone due marked done with its evidence.
  await page.locator('[data-test="milestones-edit"]').click()
  const row = page.locator('[data-test="milestone-row"]').first()
  await row.locator('input[placeholder="实际完成"]').fill(before.started_on)
  await row.locator('input[placeholder="实际完成"]').press('Enter')
  await row.locator('input[placeholder="完成佐证"]').fill('党支部成立批复')
  await axeCheck(page, 'milestones editing')
  await page.locator('[data-test="milestones-save"]').click()
  await page.locator('[data-test="milestones"]').waitFor()
  const saved = await apiGet(page, `/pairings/${id}`)
  assert.equal(saved.milestones[0].done_on, before.started_on)
  assert.equal(saved.milestones[0].evidence, '党支部成立批复')
  assert.equal(saved.milestones[0].state, 'done')
  assert.equal(saved.version, before.version + 1)
  await shot(page, '71-pairing-detail')
  await axeCheck(page, 'pairing detail')
  await page.close()
})

test('on a phone (375 px) the pairings are cards and a visit is recorded', async () => {
  const page = await newPage(browser, { width: 375, height: 812 })
  await login(page, 'xiongjing')
  await page.goto(BASE + '/#/pairings')
  const card = page.locator('[data-test="pairing-card"]').first()
  await card.waitFor()
  assert.equal(await page.locator('[data-test="pairing-card"]').count(), 1)
  assert.ok((await noSideScroll(page)).ok, 'no sideways scrolling on the list')
  await axeCheck(page, 'pairings list 375')
  await card.click()
  await page.waitForURL(/#\/pairings\/\d+$/)
  await page.locator('[data-test="pairing-institution"]').waitFor()
  const topic = '手机走访' + Date.now().toString(36)
  await recordVisit(page, topic)
  assert.ok((await noSideScroll(page)).ok, 'no sideways scrolling on the pairing')
  await shot(page, '72-pairing-375')
  await axeCheck(page, 'pairing detail 375')
  await page.close()
})

test('the bureau: progress by stage with charts, then an institution’s inspection report (A4)', async () => {
  const page = await newPage(browser)
  await login(page, 'wuhan')
  await page.goto(BASE + '/#/pairings-progress')
  await page.locator('[data-test="progress-pairings"] .stat-num').filter({ hasText: /\d/ }).waitFor()
  const g = await apiGet(page, '/pairings/progress')
  assert.equal(await page.locator('[data-test="progress-pairings"] .stat-num').innerText(), String(g.pairings))
  assert.equal(await page.locator('[data-test="progress-late"] .el-table__row').count(), g.late_items.length)
  assert.equal(await page.locator('.chart canvas').count(), 2)
  await shot(page, '73-pairings-progress')
  await axeCheck(page, 'pairings progress')

  await page.goto(BASE + '/#/institutions?q=' + encodeURIComponent('东大'))
  await page.locator('[data-test="inst-table"] .el-table__row').first().waitFor()
  await page.locator('[data-test="inst-table"] .el-table__row', { hasText: '武汉东大中医肛肠医院' }).locator('[data-test="inst-inspection"]').click()
  await page.waitForURL(/#\/institutions\/\d+\/inspection/)
  await page.locator('[data-test="inspection-org"]').first().waitFor()
  assert.equal(await page.locator('[data-test="inspection-institution"]').innerText(), '武汉东大中医肛肠医院')
  const iid = Number(/institutions\/(\d+)/.exec(page.url())[1])
  const rep = await apiGet(page, `/institutions/${iid}/inspection`)
  const boxes = page.locator('[data-test="inspection-checklist"] input[type="checkbox"]')
  assert.equal(await boxes.count(), rep.checklist.length)
  // The dues section: one row per completed month of the period, with the ledger's figures.
  const duesRows = page.locator('[data-test="inspection-dues"] tbody tr')
  assert.equal(await duesRows.count(), rep.orgs[0].dues.months.length)
  if (rep.orgs[0].dues.months.length) assert.match(await duesRows.first().innerText(), new RegExp(rep.orgs[0].dues.months[0].month))
  if (rep.checklist.length) {
    await boxes.first().check()
    assert.ok(await boxes.first().isChecked())
  }
  // Printed on A4: the menu and the toolbar are not on the page.
  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.locator('.el-aside').isVisible(), false)
  assert.equal(await page.locator('[data-test="inspection-print"]').isVisible(), false)
  await page.emulateMedia({ media: 'screen' })
  await shot(page, '74-inspection')
  await axeCheck(page, 'inspection report')
  await page.close()
})

test('the inspection report on a phone (375 px) has no sideways scroll', async () => {
  const page = await newPage(browser, { width: 375, height: 812 })
  await login(page, 'luolan')
  const p = (await apiGet(page, '/pairings')).items[0]
  await page.goto(BASE + `/#/institutions/${p.institution_id}/inspection`)
  await page.locator('[data-test="inspection-org"]').first().waitFor()
  assert.ok((await noSideScroll(page)).ok, 'no sideways scrolling on the report')
  await axeCheck(page, 'inspection 375')
  await page.close()
})
