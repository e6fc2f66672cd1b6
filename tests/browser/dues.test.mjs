// Party dues: a branch secretary enters a month's payments on the ledger with the keyboard only
// (an amount, Enter to the next, one save = one batch), a wrong amount is refused on its row with
// nothing saved, and a payment is reversed; arrears; a member sees their own dues on a phone.
// The pages at 1440 and 375 px, with the axe check.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, login, shot, apiGet, axeCheck, noSideScroll } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

const yuan = (fen) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`

test('a secretary records payments from the ledger with the keyboard, as one batch (1440 px)', async () => {
  const page = await newPage(browser)
  await login(page, 'yizhibu')
  await page.goto(BASE + '/#/dues/ledger')
  await page.locator('[data-test="ledger-row"]').first().waitFor()
  await shot(page, '60-dues-ledger')
  await axeCheck(page, 'dues ledger')

  const month = new URL(page.url().replace('/#', '')).searchParams.get('month')
  const before = await apiGet(page, `/dues/ledger?month=${month}&limit=200`)
  const unpaid = before.items.filter((r) => !r.payment_id && r.due_fen > 0)
  assert.ok(unpaid.length >= 3, `only ${unpaid.length} unpaid members this month`)
  const inputs = page.locator('[data-test="ledger-table"] .amount input')
  assert.equal(await inputs.count(), before.items.filter((r) => !r.payment_id && r.due_fen !== null).length)

  // A wrong amount on the second row: refused on that row, nothing saved (all or none).
  await inputs.nth(0).click()
  await page.keyboard.type(yuan(unpaid[0].due_fen))
  await page.keyboard.press('Enter')
  assert.equal(await inputs.nth(1).evaluate((el) => el === document.activeElement), true, 'Enter moves to the next amount')
  await page.keyboard.type('0.01')
  await page.keyboard.press('Tab')
  await page.locator('[data-test="ledger-save"]').click()
  await page.locator('[role="alert"]', { hasText: '应缴' }).first().waitFor()
  await shot(page, '61-dues-ledger-refused')
  const still = await apiGet(page, `/dues/ledger?month=${month}&limit=200`)
  assert.equal(still.totals.paid_fen, before.totals.paid_fen, 'nothing saved after a refused batch')

  // Corrected: three payments typed and saved as one batch.
  await inputs.nth(1).fill('')
  await inputs.nth(1).click()
  await page.keyboard.type(yuan(unpaid[1].due_fen))
  await page.keyboard.press('Enter')
  await page.keyboard.type(yuan(unpaid[2].due_fen))
  await page.locator('[data-test="ledger-save"]').click()
  await page.locator('.el-message--success').waitFor()
  const after1 = await apiGet(page, `/dues/ledger?month=${month}&limit=200`)
  for (const u of unpaid.slice(0, 3)) {
    const r = after1.items.find((x) => x.member_id === u.member_id)
    assert.equal(r.paid_fen, u.due_fen, `${u.name} paid`)
    assert.equal(r.method, 'cash')
  }
  assert.equal(after1.totals.paid_fen, before.totals.paid_fen + unpaid[0].due_fen + unpaid[1].due_fen + unpaid[2].due_fen)
  await shot(page, '62-dues-ledger-saved')

  // A reversal: the payment stays on file, the month is open again.
  const row = page.locator('[data-test="ledger-row"]', { hasText: unpaid[0].name }).first()
  await row.getByRole('button', { name: '冲销' }).click()
  const box = page.locator('.el-message-box')
  await box.locator('input').fill('金额录入有误')
  await box.getByRole('button', { name: '冲销' }).click()
  await page.locator('.el-message--success', { hasText: '已冲销' }).waitFor()
  const after2 = await apiGet(page, `/dues/ledger?month=${month}&limit=200`)
  assert.equal(after2.items.find((x) => x.member_id === unpaid[0].member_id).paid_fen, 0)
  await page.close()
})

test('payments imported from a file on the ledger page: checked, then imported all at once', async () => {
  const page = await newPage(browser)
  await login(page, 'yizhibu')
  await page.goto(BASE + '/#/dues/ledger')
  await page.locator('[data-test="ledger-row"]').first().waitFor()
  const month = new URL(page.url().replace('/#', '')).searchParams.get('month')
  const l = await apiGet(page, `/dues/ledger?month=${month}&limit=200`)
  const open = l.items.filter((r) => !r.payment_id && r.due_fen > 0).slice(0, 2)
  assert.equal(open.length, 2)
  const day = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  const csv = '党员编号,月份,金额（元）,缴纳方式,缴纳日期\r\n' + open.map((r) => `${r.member_id},${month},${yuan(r.due_fen)},转账,${day}`).join('\r\n') + '\r\n'
  await page.locator('input[type="file"]').setInputFiles({ name: 'dues.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  const dlg = page.locator('.el-dialog', { hasText: '导入缴费记录' })
  await dlg.getByText('校验通过').waitFor()
  await axeCheck(page, 'dues import dialog')
  await dlg.getByRole('button', { name: '确认导入' }).click()
  await dlg.getByText('导入成功').waitFor()
  const after = await apiGet(page, `/dues/ledger?month=${month}&limit=200`)
  for (const r of open) {
    const x = after.items.find((y) => y.member_id === r.member_id)
    assert.equal(x.paid_fen, r.due_fen)
    assert.equal(x.method, 'transfer')
  }
  await page.close()
})

test('arrears, and the ledger on a phone (375 px)', async () => {
  const page = await newPage(browser, { width: 375, height: 812 })
  await login(page, 'yizhibu')
  await page.goto(BASE + '/#/dues/arrears')
  await page.locator('[data-test="arrears-cards"] .card').first().waitFor()
  assert.match(await page.locator('[data-test="arrears-count"]').innerText(), /连续 6 个月/)
  await shot(page, '63-dues-arrears-375')
  await axeCheck(page, 'dues arrears 375')
  assert.ok((await noSideScroll(page)).ok, 'arrears: no sideways scroll at 375 px')
  await page.goto(BASE + '/#/dues/ledger')
  await page.locator('[data-test="ledger-row"]').first().waitFor()
  await shot(page, '64-dues-ledger-375')
  await axeCheck(page, 'dues ledger 375')
  assert.ok((await noSideScroll(page)).ok, 'ledger: no sideways scroll at 375 px')
  await page.close()
})

test("a member sees their own dues, paid and due, on a phone (375 px)", async () => {
  const page = await newPage(browser, { width: 375, height: 812 })
  await login(page, 'member1')
  const me = await apiGet(page, '/me')
  await page.goto(BASE + `/#/members/${me.member_id}`)
  const card = page.locator('[data-test="member-dues"]')
  await card.locator('[data-test="dues-months"] tbody tr').first().waitFor()
  const own = await apiGet(page, `/members/${me.member_id}/dues`)
  assert.equal(await card.locator('[data-test="dues-paid"]').innerText(), yuan(own.paid_fen))
  assert.equal(await card.locator('[data-test="dues-months"] tbody tr').count(), own.months.length)
  await card.scrollIntoViewIfNeeded()
  await shot(page, '65-member-own-dues-375')
  await axeCheck(page, 'member own dues 375')
  assert.ok((await noSideScroll(page)).ok, 'own dues: no sideways scroll at 375 px')
  await page.close()
})
