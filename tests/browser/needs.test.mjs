// 需求"码"上提，医院马上办 (issue 16, seed 002): on a phone (375 px) a person opens an
// institution's QR page without an account, files a need (the proof of work done by the page,
// with the difficulty lowered through the settings first), gets a ticket and opens its status
// page; then the hospital's staff (1440 px) triage it, reply, and print the institution's poster.
// Each page with the axe check.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, login, shot, apiGet, apiSend, axeCheck, noSideScroll } from './helpers.mjs'

let browser, token, centerId, oldDifficulty, ticket
const description = '门诊自助机旁没有座椅，老人排队很累' + Date.now().toString(36)

before(async () => {
  browser = await launch()
  const page = await newPage(browser)
  await login(page, 'admin')
  oldDifficulty = (await apiGet(page, '/settings/needs')).difficulty
  await apiSend(page, 'PUT', '/settings/needs', { difficulty: 10 })
  const insts = (await apiGet(page, '/institutions?q=' + encodeURIComponent('锦州市中心医院'))).items
  centerId = insts.find((i) => i.name === '锦州市中心医院').id
  token = (await apiGet(page, `/institutions/${centerId}/needs-poster`)).token
  await page.close()
})

after(async () => {
  const page = await newPage(browser)
  await login(page, 'admin')
  await apiSend(page, 'PUT', '/settings/needs', { difficulty: oldDifficulty })
  await page.close()
  await browser.close()
})

test('on a phone (375 px) the public files a need from the QR page, gets a ticket and follows it', async () => {
  const page = await newPage(browser, { width: 375, height: 812 })
  await page.goto(`${BASE}/p/needs/${token}`)
  await page.locator('[data-test="public-need-institution"]', { hasText: '锦州市中心医院' }).waitFor()
  assert.equal(await page.locator('[data-test="side-menu"], [data-test="current-user"]').count(), 0, 'no shell, no login')
  assert.equal((await noSideScroll(page)).ok, true)
  await page.locator('[data-test="public-need-pow"]', { hasText: '安全验证已完成' }).waitFor()
  await shot(page, '80-need-public-form-mobile')
  await axeCheck(page, 'public need form')
  // Nothing filled: the page says what is missing, nothing is sent.
  await page.locator('[data-test="public-need-submit"]').click()
  await page.locator('.el-form-item__error', { hasText: '请选择需求类别' }).waitFor()
  await page.locator('[data-test="public-need-category"] label', { hasText: '就医环境' }).click()
  await page.locator('textarea[data-test="public-need-description"]').fill(description)
  await page.locator('input[data-test="public-need-contact"]').fill('13900004444')
  await page.locator('[data-test="public-need-submit"]').click()
  const t = page.locator('[data-test="public-need-ticket"]')
  await t.waitFor()
  ticket = (await t.innerText()).trim()
  assert.match(ticket, /^[A-Z2-7]{16}$/)
  await shot(page, '81-need-public-ticket-mobile')
  await axeCheck(page, 'public need ticket')
  await page.locator('[data-test="public-need-status-link"]').click()
  await page.waitForURL(new RegExp(`/p/needs/ticket/${ticket}$`))
  await page.locator('[data-test="public-status-tag"]', { hasText: '待办理' }).waitFor()
  const text = await page.locator('[data-test="public-status-card"]').innerText()
  assert.ok(text.includes('锦州市中心医院') && !text.includes('13900004444') && !text.includes(description), text)
  assert.equal((await noSideScroll(page)).ok, true)
  await shot(page, '82-need-public-status-mobile')
  await axeCheck(page, 'public need status')
  // A forged ticket and a dead token say so in Chinese.
  await page.goto(`${BASE}/p/needs/ticket/AAAAAAAAAAAAAAAA`)
  await page.locator('[data-test="public-status-error"]', { hasText: '未找到该受理编号' }).waitFor()
  await page.goto(`${BASE}/p/needs/${'A'.repeat(24)}`)
  await page.locator('[data-test="public-need-fatal"]', { hasText: '二维码无效' }).waitFor()
  await page.close()
})

test('the staff (1440 px) triage it as 紧急 · 立行立办, reply in public, and print the poster', async () => {
  assert.ok(ticket, 'the need of the first test')
  const page = await newPage(browser)
  await login(page, 'jinzhou')
  await page.goto(BASE + '/#/needs')
  const row = page.locator('[data-test="needs-table"] .el-table__row', { hasText: ticket })
  await row.waitFor()
  await shot(page, '83-needs-list')
  await axeCheck(page, 'needs list')
  await row.locator('a').first().click()
  await page.waitForURL(/#\/needs\/\d+$/)
  const id = Number(/needs\/(\d+)/.exec(page.url())[1])
  await page.locator('[data-test="need-description"]', { hasText: description }).waitFor()
  await page.locator('[data-test="need-triage-grade"] label', { hasText: '紧急' }).click()
  await page.locator('[data-test="need-triage-mode"] label', { hasText: '立行立办' }).click()
  await page.locator('[data-test="need-triage-save"]').click()
  await page.locator('[data-test="need-status"]', { hasText: '办理中' }).waitFor()
  const n = await apiGet(page, `/needs/${id}`)
  assert.equal(n.grade, 'critical')
  assert.equal(n.mode, 'immediate')
  assert.equal(n.contact, '13900004444')
  assert.ok(n.due_on > n.received_on)
  await page.locator('textarea[data-test="need-reply-body"]').fill('已增设候诊座椅，感谢您的建议')
  await page.locator('[data-test="need-reply-send"]').click()
  await page.locator('[data-test="need-replies"] .el-timeline-item', { hasText: '已增设候诊座椅' }).waitFor()
  await shot(page, '84-need-detail')
  await axeCheck(page, 'need detail')
  const pub = await (await page.request.get(`${BASE}/api/v1/public/needs/${ticket}`)).json()
  assert.deepEqual(pub.replies.map((r) => r.body), ['已增设候诊座椅，感谢您的建议'])

  await page.goto(`${BASE}/#/needs/poster/${centerId}`)
  await page.locator('[data-test="need-poster-institution"]', { hasText: '锦州市中心医院' }).waitFor()
  await page.locator('[data-test="need-poster-qr"]').waitFor()
  assert.ok(await page.locator('[data-test="need-poster-qr"]').evaluate((img) => img.complete && img.naturalWidth > 100))
  await shot(page, '85-need-poster')
  await axeCheck(page, 'need poster')
  await page.goto(BASE + '/#/needs-stats')
  await page.locator('[data-test="need-stats-table"] .el-table__row').first().waitFor()
  assert.match(await page.locator('[data-test="need-stats-lead"]').innerText(), /已解决 \d+ 件/)
  await shot(page, '86-need-stats')
  await axeCheck(page, 'need stats')
  await page.close()
})

test('on a phone (375 px) the staff see the needs as cards', async () => {
  const page = await newPage(browser, { width: 375, height: 812 })
  await login(page, 'jinzhou')
  await page.goto(BASE + '/#/needs')
  await page.locator('[data-test="need-card"]').first().waitFor()
  assert.equal((await noSideScroll(page)).ok, true)
  await shot(page, '87-needs-mobile')
  await axeCheck(page, 'needs cards')
  await page.close()
})
