// 三会一课 达标情况 and the 会议登记本: the grid renders with its summary and drills down to the
// meetings of a kind and period; the register renders, exports and prints on A4; the to-do links
// open the meetings pages with their filters.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, login, shot, apiGet, axeCheck, noSideScroll } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

test('the compliance grid shows the summary and the states; a cell opens that period\'s meetings', async () => {
  const page = await newPage(browser)
  await login(page, 'jianghai')
  await page.goto(BASE + '/#/compliance')
  await page.locator('[data-test="compliance-cell"]').first().waitFor()
  const summary = await page.locator('[data-test="compliance-summary"]').innerText()
  assert.match(summary, /已完成/)
  assert.ok(await page.locator('[data-test="compliance-cell"][data-state="met"]').count() > 0, 'some periods are met')
  await shot(page, '53-compliance')
  await axeCheck(page, 'compliance')

  // A met quarter of 支部党员大会: its meetings, filtered by organisation, type and the quarter.
  const row = page.locator('[data-test="compliance-org"] tr').filter({ hasText: '支部党员大会' }).first()
  await row.locator('[data-test="compliance-cell"][data-state="met"]').first().click()
  await page.waitForURL(/#\/meetings\?/)
  const q = new URL(page.url().replace('#/', '')).searchParams
  assert.equal(q.get('type'), 'branch_assembly')
  assert.match(q.get('from'), /^\d{4}-\d{2}-01$/)
  assert.ok(q.get('org'))
  await page.locator('[data-test="meeting-table"] .el-table__row').first().waitFor()
  const types = await page.locator('[data-test="meeting-table"] .el-table__body-wrapper .el-table__row td:nth-child(3)').allInnerTexts()
  assert.ok(types.length > 0 && types.every((t) => t.trim() === '支部党员大会'), 'only branch assemblies: ' + types.join(','))
  const dates = await page.locator('[data-test="meeting-table"] .el-table__body-wrapper .el-table__row td:nth-child(1)').allInnerTexts()
  assert.ok(dates.every((d) => d.slice(0, 10) >= q.get('from') && d.slice(0, 10) <= q.get('to')), 'within the period')
  await page.close()
})

test('the compliance grid at 375 px scrolls inside its frame, not the page', async () => {
  const page = await newPage(browser, { width: 375, height: 812 })
  await login(page, 'yizhibu')
  await page.goto(BASE + '/#/compliance')
  await page.locator('[data-test="compliance-cell"]').first().waitFor()
  assert.ok((await noSideScroll(page)).ok, 'no sideways scrolling of the page')
  await shot(page, '54-compliance-mobile')
  await axeCheck(page, 'compliance 375')
  await page.close()
})

test('the meeting register renders, exports .xlsx and prints on A4 without the menu', async () => {
  const page = await newPage(browser)
  await login(page, 'yizhibu')
  const me = await apiGet(page, '/me')
  const year = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 4)
  await page.goto(BASE + `/#/orgs/${me.org_id}/register?year=${year}`)
  await page.locator('[data-test="register-entry"]').first().waitFor()
  const reg = await apiGet(page, `/orgs/${me.org_id}/register?year=${year}`)
  assert.equal(await page.locator('[data-test="register-entry"]').count(), reg.items.length)
  assert.match(await page.locator('[data-test="register-org"]').innerText(), new RegExp(reg.org_name))
  await axeCheck(page, 'register')

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="register-export"]').click()])
  assert.match(download.suggestedFilename(), /\.xlsx$/)

  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.locator('[data-test="side-menu"]').isVisible(), false, 'no menu in print')
  assert.equal(await page.locator('[data-test="tabs"]').isVisible(), false, 'no tabs in print')
  assert.equal(await page.locator('[data-test="register-print"]').isVisible(), false, 'no buttons in print')
  await shot(page, '55-register-print')
  const pdf = await page.pdf({ format: 'A4' }).catch(() => null) // headless Chromium prints A4 when it can
  if (pdf) assert.ok(pdf.length > 1000)
  await page.emulateMedia({ media: 'screen' })
  await page.close()
})

test('the to-do links of meetings open the list filtered by the organisation, and the meeting itself', async () => {
  const page = await newPage(browser)
  await login(page, 'jianghai')
  const todo = await apiGet(page, '/todo?limit=200')
  const listItem = todo.items.find((t) => /^\/meetings\?org=\d+$/.test(t.link || ''))
  const oneItem = todo.items.find((t) => /^\/meetings\/\d+$/.test(t.link || ''))
  assert.ok(listItem, 'the demo has meetings owed')
  await page.goto(BASE + '/#' + listItem.link)
  await page.locator('[data-test="meeting-filters"] .el-select', { hasText: listItem.org_name }).first().waitFor()
  await page.locator('[data-test="meeting-table"] .el-table__row').first().waitFor()
  if (oneItem) {
    const m = await apiGet(page, oneItem.link)
    await page.goto(BASE + '/#' + oneItem.link)
    await page.locator('[data-test="meeting-topic"]', { hasText: m.topic }).waitFor()
  }
  await page.close()
})
