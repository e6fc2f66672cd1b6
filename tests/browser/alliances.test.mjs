// 红联共建 (issue 16; seeds 003, 004): the Baiyun private sector committee opens its "1+N" alliance
// led by 白云精康医院, records an activity and a month's referrals through the dialogs, then opens the
// yearly report and prints it on A4 (1440 px); on a phone (375 px) the list is cards and the
// detail and the report do not scroll sideways. Each page with the axe check.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, login, shot, apiGet, apiSend, axeCheck, noSideScroll, chinaTime } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

const item = (scope, label) => scope.locator('.el-form-item').filter({ has: scope.page().locator(`label:text-is("${label}")`) })

/** Picks option `text` of the el-select in form item `label` of the dialog. */
async function pick(page, dlg, label, text) {
  await item(dlg, label).locator('.el-select').click()
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first().click()
}

test('the lead records an activity and referrals, then prints the yearly report (1440 px)', async () => {
  const page = await newPage(browser)
  await login(page, 'baiyun')
  await page.goto(BASE + '/#/alliances')
  const rows = page.locator('[data-test="alliance-table"] .el-table__row')
  await rows.first().waitFor()
  const list = await apiGet(page, '/alliances')
  assert.equal(await rows.count(), list.total)
  assert.ok(await page.locator('[data-test="alliance-create"]').isVisible(), 'an org administrator sets alliances up')
  assert.ok(await page.locator('[data-test="alliance-export"]').isVisible())
  await shot(page, '80-alliances-list')
  await axeCheck(page, 'alliances list')

  await rows.filter({ hasText: '白云精康医院“1+N”红联共建' }).locator('a').first().click()
  await page.waitForURL(/#\/alliances\/\d+$/)
  const id = Number(/alliances\/(\d+)/.exec(page.url())[1])
  await page.locator('[data-test="alliance-name"]').waitFor()
  assert.equal(await page.locator('[data-test="alliance-member"]').count(), 3)
  assert.match(await page.locator('[data-test="alliance-members"]').innerText(), /人和镇卫生院（公立）/)

  // An activity through its dialog.
  const title = '联学：精神卫生专科培训' + Date.now().toString(36)
  await page.locator('[data-test="activity-add"]').click()
  const adlg = page.locator('.el-dialog', { hasText: '登记共建活动' })
  await adlg.waitFor()
  await adlg.locator('label.el-radio-button', { hasText: '培训' }).click()
  await item(adlg, '主题').locator('input').fill(title)
  await item(adlg, '参加人数').locator('input').fill('32')
  await axeCheck(page, 'activity form')
  await adlg.locator('[data-test="activity-save"]').click()
  await adlg.waitFor({ state: 'hidden' })
  await page.locator('[data-test="activity-table"] .el-table__row', { hasText: title }).waitFor()
  const acts = await apiGet(page, `/alliances/${id}/activities?limit=5`)
  const mine = acts.items.find((x) => x.title === title)
  assert.equal(mine.kind, 'training')
  assert.equal(mine.attendance, 32)
  assert.equal(mine.held_on, chinaTime().slice(0, 10))

  // This month's referrals from 人和镇卫生院 to 白云精康医院 through their dialog.
  await page.locator('[data-test="referral-add"]').click()
  const rdlg = page.locator('.el-dialog', { hasText: '登记转诊人次' })
  await rdlg.waitFor()
  await pick(page, rdlg, '转出单位', '人和镇卫生院党支部')
  // 转入单位 starts at the lead.
  assert.match(await item(rdlg, '转入单位').innerText(), /白云精康医院党支部/)
  await item(rdlg, '人次').locator('input').fill('23')
  await rdlg.locator('[data-test="referral-save"]').click()
  await rdlg.waitFor({ state: 'hidden' })
  const series = await apiGet(page, `/alliances/${id}/referrals`)
  const dir = series.directions.find((d) => d.from_org_name === '人和镇卫生院党支部' && d.to_org_name === '白云精康医院党支部')
  assert.equal(dir.months[Number(chinaTime().slice(5, 7)) - 1], 23)
  await page.locator('[data-test="referral-total"]', { hasText: String(series.total) }).waitFor()
  await shot(page, '81-alliance-detail')
  await axeCheck(page, 'alliance detail')

  // The yearly report: the same figures; printed, the menu and the toolbar are gone.
  await page.locator('[data-test="alliance-report-link"]').click()
  await page.waitForURL(/#\/alliances\/\d+\/report$/)
  await page.locator('[data-test="report-title"]').waitFor()
  const rep = await apiGet(page, `/alliances/${id}/report`)
  assert.match(await page.locator('[data-test="report-title"]').innerText(), /白云精康医院“1\+N”红联共建/)
  assert.equal(await page.locator('[data-test="report-referral-total"]').innerText(), String(rep.referrals.total))
  assert.match(await page.locator('[data-test="report-by-kind"]').innerText(), new RegExp(`${rep.activities.total} 次$`))
  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.locator('.el-aside').isVisible(), false)
  assert.equal(await page.locator('[data-test="report-print"]').isVisible(), false)
  assert.ok(await page.locator('[data-test="report-sheet"]').isVisible())
  await shot(page, '82-alliance-report-print')
  await page.emulateMedia({ media: 'screen' })
  await shot(page, '83-alliance-report')
  await axeCheck(page, 'alliance report')
  await page.close()
})

test('on a phone (375 px) cards, detail and report fit; a secretary and a partner’s committee read without writing', async () => {
  const page = await newPage(browser, { width: 375, height: 812 })
  await login(page, 'baiyun')
  await page.goto(BASE + '/#/alliances')
  const card = page.locator('[data-test="alliance-card"]').first()
  await card.waitFor()
  assert.equal(await page.locator('[data-test="alliance-card"]').count(), (await apiGet(page, '/alliances')).total)
  assert.ok((await noSideScroll(page)).ok, 'no sideways scrolling on the list')
  await shot(page, '84-alliances-375')
  await axeCheck(page, 'alliances list 375')
  await page.locator('[data-test="alliance-card"]', { hasText: '1+N' }).first().click()
  await page.waitForURL(/#\/alliances\/\d+$/)
  await page.locator('[data-test="alliance-name"]').waitFor()
  assert.ok((await noSideScroll(page)).ok, 'no sideways scrolling on the alliance')
  await shot(page, '85-alliance-375')
  await axeCheck(page, 'alliance detail 375')
  await page.locator('[data-test="alliance-report-link"]').click()
  await page.locator('[data-test="report-title"]').waitFor()
  assert.ok((await noSideScroll(page)).ok, 'no sideways scrolling on the report')
  await shot(page, '86-alliance-report-375')
  await axeCheck(page, 'alliance report 375')
  await page.close()

  // A secretary reads (alliances.read) but has no buttons that write.
  const sec = await newPage(browser)
  await login(sec, 'yizhibu')
  await sec.goto(BASE + '/#/alliances')
  await sec.locator('[data-test="alliance-table"]').waitFor()
  assert.equal(await sec.locator('[data-test="alliance-create"]').count(), 0)
  await sec.close()

  // A partner's committee (东莞广济医院党支部) holds alliances.write but does not lead: it reads the
  // Dongguan alliance without any button that writes.
  const adm = await newPage(browser)
  await login(adm, 'admin')
  const gj = (await apiGet(adm, '/orgs?limit=200&q=' + encodeURIComponent('东莞广济医院党支部'))).items.find((o) => o.name === '东莞广济医院党支部')
  const username = 'gjcom' + Date.now().toString(36)
  await apiSend(adm, 'POST', '/users', { username, display_name: '广济医院支委', role: 'committee', org_id: gj.id, password: 'Alliance2026pass' })
  await adm.close()
  const partner = await newPage(browser)
  await login(partner, username, 'Alliance2026pass')
  await partner.goto(BASE + '/#/alliances')
  const row = partner.locator('[data-test="alliance-table"] .el-table__row', { hasText: '公立+民营' })
  await row.waitFor()
  assert.ok(await partner.locator('[data-test="alliance-create"]').isVisible(), 'it may set up an alliance it leads')
  await row.locator('a').first().click()
  await partner.locator('[data-test="alliance-name"]').waitFor()
  await partner.locator('[data-test="alliance-member"]').first().waitFor()
  for (const t of ['alliance-edit', 'alliance-delete', 'activity-add', 'resource-add', 'referral-add', 'agreement-upload']) {
    assert.equal(await partner.locator(`[data-test="${t}"]`).count(), 0, `no ${t} for a partner`)
  }
  assert.ok(await partner.locator('[data-test="alliance-report-link"]').isVisible())
  await shot(partner, '87-alliance-partner')
  await axeCheck(partner, 'alliance detail, partner')
  await partner.close()
})
