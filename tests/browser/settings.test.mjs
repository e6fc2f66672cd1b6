// 系统管理 → 设置: the rules each module lets the administrator adjust, each beside its default;
// a change is saved, checked by the server (a refused value shows its message on the field) and
// restored to the default; other roles have no such page. At 1440 and 375 px.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, login, shot, apiGet, axeCheck, noSideScroll } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

test('the administrator changes a rule, sees a refused value explained, and restores the default (1440 px)', async () => {
  const page = await newPage(browser)
  await login(page, 'admin')
  await page.goto(BASE + '/#/settings')
  for (const key of ['compliance', 'dues', 'coverage', 'pairings', 'needs', 'decisions']) await page.locator(`[data-test="settings-${key}"] form`).waitFor()
  // The meeting frequencies of DOMAIN.md §2, with their defaults.
  const freq = page.locator('[data-test="settings-frequencies"] .el-table__row')
  assert.ok(await freq.count() >= 9)
  assert.match(await page.locator('[data-test="settings-frequencies"]').innerText(), /支部党员大会[\s\S]*每季度 1 次/)

  const days = page.locator('[data-test="setting-decisions-report_days"] input')
  assert.equal(await days.inputValue(), String((await apiGet(page, '/settings/decisions')).report_days))
  await days.fill('20')
  await days.press('Tab')
  await page.locator('[data-test="settings-save-decisions"]').click()
  await page.locator('.el-message--success', { hasText: '三重一大' }).waitFor()
  assert.equal((await apiGet(page, '/settings/decisions')).report_days, 20)

  // A value the rule refuses: the server's message under the field, nothing saved.
  const before = await apiGet(page, '/settings/pairings')
  const stars = page.locator('[data-test="setting-pairings-max_stars"] input')
  await stars.fill('0')
  await stars.press('Tab')
  await page.locator('[data-test="settings-save-pairings"]').click()
  await page.locator('[data-test="settings-pairings"] .el-form-item__error').first().waitFor()
  assert.deepEqual(await apiGet(page, '/settings/pairings'), before)

  await page.locator('[data-test="settings-defaults-decisions"]').click()
  await page.locator('.el-message--success', { hasText: '三重一大' }).first().waitFor()
  const d = await apiGet(page, '/settings/decisions')
  assert.equal(d.report_days, d.defaults.report_days)
  await shot(page, 'settings-1440')
  await axeCheck(page, 'settings')
  await page.close()
})

test('on a phone the settings read without sideways scrolling; other roles have no settings page', async () => {
  const page = await newPage(browser, { width: 375, height: 812 })
  await login(page, 'admin')
  await page.goto(BASE + '/#/settings')
  await page.locator('[data-test="settings-needs"] form').waitFor()
  assert.ok((await noSideScroll(page)).ok, 'no sideways scroll')
  await shot(page, 'settings-375')
  await page.close()
  const other = await newPage(browser)
  await login(other, 'jianghai')
  assert.equal(await other.locator('[data-test="side-menu"]').getByText('设置', { exact: true }).count(), 0)
  await other.close()
})
