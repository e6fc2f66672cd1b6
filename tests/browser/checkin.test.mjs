// Check-in by phone (375 px): a member scans the QR code of a meeting of their branch that starts
// now, signs in, and is marked present; scanning again, or a wrong code, is refused in words.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, login, shot, apiGet, apiSend, axeCheck, noSideScroll, chinaTime } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })
const PHONE = { width: 375, height: 812 }

test('a member checks in at 375 px from the QR address, signing in on the way; a second scan says so', async () => {
  // member1's branch, from their own account: the meeting's expected attendees are its members now.
  const mem = await newPage(browser, PHONE)
  await login(mem, 'member1')
  const me = await apiGet(mem, '/me')
  assert.ok(me.member_id, 'member1 has a member record')
  const file = await apiGet(mem, `/members/${me.member_id}`)
  await mem.close()

  const admin = await newPage(browser)
  await login(admin, 'admin')
  const topic = '扫码签到测试' + Date.now().toString(36)
  const meeting = await apiSend(admin, 'POST', '/meetings', {
    org_id: file.org_id, type: 'theme_day', topic, starts_at: chinaTime(0), ends_at: chinaTime(120), place: '党员活动室'
  })
  const code = await apiGet(admin, `/meetings/${meeting.id}/checkin-code`)
  assert.match(code.url, /^\/checkin\?code=/)
  await admin.close()

  // Signed out, the phone opens the address in the QR code: the sign-in comes first, then the check-in.
  const page = await newPage(browser, PHONE)
  await page.goto(BASE + code.url)
  await page.waitForURL(/#\/login/)
  await page.locator('input[name="username"]').fill('member1')
  await page.locator('input[name="password"]').fill('dangjian2026')
  await page.getByRole('button', { name: '登 录' }).click()
  await page.locator('[data-test="checkin-ok"]').waitFor()
  assert.equal((await page.locator('[data-test="checkin-topic"]').innerText()).trim(), topic)
  assert.ok((await noSideScroll(page)).ok, 'no sideways scrolling')
  await shot(page, '50-checkin-ok-mobile')
  await axeCheck(page, 'check-in success')
  const att = await apiGet(page, `/members/${me.member_id}/attendance?year=${chinaTime(0).slice(0, 4)}`)
  assert.ok(att, 'the member reads their own attendance')

  // Twice: the server's words, not a failure.
  await page.reload()
  await page.locator('[data-test="checkin-refused"]').waitFor()
  assert.match(await page.locator('[data-test="checkin-refused"]').innerText(), /已签到/)
  await page.close()
})

test('a wrong code is refused with a clear message at 375 px', async () => {
  const page = await newPage(browser, PHONE)
  await login(page, 'member1')
  await page.goto(BASE + '/#/checkin?code=' + encodeURIComponent('999999-0123456789abcdef0123456789abcdef'))
  await page.locator('[data-test="checkin-refused"]').waitFor()
  const msg = (await page.locator('[data-test="checkin-message"]').innerText()).trim()
  assert.match(msg, /[\u4e00-\u9fff]/, 'the refusal is in Chinese words')
  assert.ok(!/code|error|\{/.test(msg), 'no raw field names: ' + msg)
  assert.ok((await noSideScroll(page)).ok, 'no sideways scrolling')
  await shot(page, '51-checkin-refused-mobile')
  await axeCheck(page, 'check-in refused')
  await page.close()
})

test("a member's home (their own file) shows their attendance rate for the year", async () => {
  const page = await newPage(browser, PHONE)
  await login(page, 'member1')
  await page.waitForURL(/#\/members\/\d+$/)
  await page.locator('[data-test="attendance-rate"]').waitFor()
  assert.match(await page.locator('[data-test="attendance-rate"]').innerText(), /%|—/)
  await shot(page, '52-member-home-attendance')
  await axeCheck(page, 'member home with attendance')
  await page.close()
})
