// A member on a phone: their own file only, readable at 375 px without sideways scrolling.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, login, shot } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

test('member1 logs in at 375 px and sees their own page without horizontal scroll', async () => {
  const page = await newPage(browser, { width: 375, height: 812 })
  await login(page, 'member1')
  await page.waitForURL(/#\/members\/\d+/)
  const me = await (await page.request.get(BASE + '/api/v1/me')).json()
  assert.equal(me.role, 'member')
  assert.ok(page.url().endsWith(`/members/${me.member_id}`), 'lands on their own file')
  await page.locator('[data-test="member-name"]').waitFor()
  await page.locator('[data-test="member-history"]').waitFor()
  assert.equal(await page.locator('.el-aside').count(), 0, 'no side menu for members')
  assert.equal(await page.locator('[data-test="member-edit"]').count(), 0, 'a member cannot edit here')
  const detail = await page.locator('[data-test="member-detail"]').innerText()
  assert.ok(!/\*{6,}/.test(detail), 'the member sees their own ID number unmasked')
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth
  }))
  assert.ok(scrollWidth <= clientWidth, `no horizontal scroll (scrollWidth ${scrollWidth} > ${clientWidth})`)
  await shot(page, '16-member-mobile')

  // Other pages lead back to their own file.
  await page.goto(BASE + '/#/members')
  await page.waitForURL(new RegExp(`#/members/${me.member_id}$`))
  await page.close()
})
