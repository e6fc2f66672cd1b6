// Pioneer posts, badges and volunteer service (issue 16, seed 002): a member's public badge page
// opened from its link at 375 px without signing in (and gone once switched off); the posts and
// the service events pages at 1440 and 375 px (a table, then cards); the desk card. Each page with
// the axe check.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, login, shot, apiGet, apiSend, axeCheck, noSideScroll } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

test('a badge page opens at 375 px without signing in, shows only the public fields, and dies when switched off', async () => {
  // The member switches its badge on (signed in), then a stranger's phone opens the link.
  const own = await newPage(browser, { width: 375, height: 812 })
  await login(own, 'member1')
  const me = await apiGet(own, '/me')
  const b = await apiSend(own, 'PUT', `/members/${me.member_id}/badge`, { enabled: true })
  assert.match(b.url, /^\/p\/badge\/[0-9a-f]{32}$/)
  const file = await apiGet(own, `/members/${me.member_id}`)
  // Its own page shows the badge panel and the service hours.
  // (Signing in landed on the member's own page already: load it again after the switch.)
  await own.goto(BASE + `/#/members/${me.member_id}`)
  await own.reload()
  await own.locator('[data-test="member-badge"] [data-test="badge-qr"]').waitFor()
  await own.locator('[data-test="member-service"]').waitFor()
  assert.ok((await noSideScroll(own)).ok, 'no sideways scrolling')
  await shot(own, '90-member-badge-375')
  await axeCheck(own, 'member badge panel')

  await own.close()

  // A stranger's phone: no session at all (the one profile's cookies are cleared).
  const page = await newPage(browser, { width: 375, height: 812 })
  await page.goto(BASE + b.url)
  await page.locator('[data-test="badge-card"]').waitFor()
  assert.equal(await page.locator('[data-test="badge-name"]').innerText(), file.name)
  assert.equal(await page.locator('[data-test="badge-identity"]').innerText(), '共产党员')
  const text = await page.locator('body').innerText()
  for (const v of [file.id_number, file.phone, file.birth_date]) if (v) assert.ok(!text.includes(v), `shows ${v}`)
  assert.equal(await page.locator('.el-aside, .topbar').count(), 0, 'no admin shell')
  assert.ok(!page.url().includes('login'), 'no redirect to the login')
  assert.ok((await noSideScroll(page)).ok, 'no sideways scrolling')
  await shot(page, '91-badge-public-375')
  await axeCheck(page, 'public badge page')

  // Switched off by the member: the same link says it is gone.
  const again = await newPage(browser, { width: 375, height: 812 })
  await login(again, 'member1')
  await apiSend(again, 'PUT', `/members/${me.member_id}/badge`, { enabled: false })
  await page.reload()
  await page.locator('[data-test="badge-missing"]').waitFor()
  await axeCheck(page, 'public badge page, switched off')
  await apiSend(again, 'PUT', `/members/${me.member_id}/badge`, { enabled: true })
  await again.close()
  await page.close()
})

test('the pioneer posts at 1440 px (a table) and 375 px (cards); the desk card of a member on duty', async () => {
  const page = await newPage(browser)
  await login(page, 'jinzhou')
  await page.goto(BASE + '/#/pioneer-posts')
  const rows = page.locator('[data-test="post-table"] .el-table__row')
  await rows.first().waitFor()
  assert.ok(await rows.count() >= 20)
  assert.match(await page.locator('.el-pagination').innerText(), /共 5\d 条/)
  await shot(page, '92-posts-1440')
  await axeCheck(page, 'pioneer posts')
  await page.locator('[data-test="post-create"]').click()
  await page.locator('[data-test="post-form"] .el-dialog, .el-dialog').first().waitFor()
  await axeCheck(page, 'pioneer post form')
  await page.keyboard.press('Escape')

  const post = (await apiGet(page, '/pioneer-posts?limit=1')).items[0]
  await page.goto(BASE + `/#/members/${post.members[0].id}/badge-card`)
  await page.locator('.desk-card img').waitFor()
  await shot(page, '93-desk-card-1440')
  await axeCheck(page, 'desk card')
  await page.close()

  const phone = await newPage(browser, { width: 375, height: 812 })
  await login(phone, 'jinzhou')
  await phone.goto(BASE + '/#/pioneer-posts')
  await phone.locator('[data-test="post-card"]').first().waitFor()
  assert.ok((await noSideScroll(phone)).ok, 'no sideways scrolling')
  await shot(phone, '94-posts-375')
  await axeCheck(phone, 'pioneer posts on a phone')
  await phone.close()
})

test('volunteer service at 1440 px: the seed’s totals, the ledger, an event; at 375 px cards', async () => {
  const page = await newPage(browser)
  await login(page, 'jinzhou')
  await page.goto(BASE + '/#/service-events')
  await page.locator('[data-test="service-table"] .el-table__row').first().waitFor()
  const totals = page.locator('[data-test="service-totals"]')
  await page.waitForFunction(() => Number(document.querySelector('[data-test="total-events"]').textContent) >= 40)
  assert.ok(Number(await totals.locator('[data-test="total-members"]').innerText()) >= 200)
  assert.equal(await totals.locator('[data-test="total-medicine"]').innerText(), '150,000.00')
  await shot(page, '95-service-1440')
  await axeCheck(page, 'service events')
  await page.locator('[data-test="service-table"] .el-table__row a').first().click()
  await page.locator('[data-test="service-members"]').waitFor()
  await shot(page, '96-service-event-1440')
  await axeCheck(page, 'service event')
  await page.close()

  const phone = await newPage(browser, { width: 375, height: 812 })
  await login(phone, 'jinzhou')
  await phone.goto(BASE + '/#/service-events')
  await phone.locator('[data-test="service-card"]').first().waitFor()
  assert.ok((await noSideScroll(phone)).ok, 'no sideways scrolling')
  await shot(phone, '97-service-375')
  await axeCheck(phone, 'service events on a phone')
  await phone.close()
})
