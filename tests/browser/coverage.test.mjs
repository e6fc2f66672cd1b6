// Two-coverage survey (issue 15): the bureau sees totals by status and records a survey; it accepts
// the demo's two joint-branch proposals in 江岸区, one at 1440 px and one at 375 px (the branch is
// set up under the committee that registered the clinics, the clinics are covered); survey rounds
// and their diff; the axe check on each page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, login, shot, apiGet, axeCheck, noSideScroll } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

const JIANG_AN = encodeURIComponent('江岸区')

/** Accepts the first proposal on the page; returns the ids of its institutions. */
async function acceptFirst(page) {
  const group = page.locator('[data-test="joint-group"]').first()
  await group.waitFor()
  const before = await apiGet(page, `/coverage/joint-proposals?district=${JIANG_AN}`)
  const ids = before.items[0].institutions.map((x) => x.id)
  assert.match(await group.innerText(), /最远相距/)
  await group.locator('[data-test="joint-accept"]').click()
  const dlg = page.locator('[data-test="accept-dialog"]')
  await dlg.locator('[data-test="accept-name"] input, input[aria-label="联合党支部名称"]').first().waitFor()
  // Prefilled: the proposal's name and the committee that registered the clinics.
  assert.equal(await dlg.locator('input[aria-label="联合党支部名称"]').inputValue(), before.items[0].suggested_name)
  assert.match(await dlg.innerText(), /武汉江岸区/)
  await axeCheck(page, 'accept dialog')
  await dlg.locator('[data-test="accept-confirm"]').click()
  await page.locator('.el-message--success', { hasText: '已成立联合党支部' }).waitFor()
  const cov = await apiGet(page, `/coverage?district=${JIANG_AN}&limit=100`)
  for (const id of ids) assert.equal(cov.items.find((x) => x.institution_id === id).status, 'has_org')
  const after = await apiGet(page, `/coverage/joint-proposals?district=${JIANG_AN}`)
  assert.equal(after.items.length, before.items.length - 1)
  return ids
}

test('the coverage view, a survey, and accepting a joint-branch proposal (1440 px)', async () => {
  const page = await newPage(browser)
  await login(page, 'admin')
  await page.goto(BASE + '/#/coverage')
  await page.locator('[data-test="coverage-table"] .el-table__row').first().waitFor()
  const totals = await apiGet(page, '/coverage?limit=1')
  for (const k of ['has_org', 'should_build', 'should_join', 'no_members']) {
    assert.ok(totals.totals[k] > 0, `the demo has ${k}`)
    assert.match(await page.locator(`[data-test="coverage-totals"] [data-status="${k}"]`).innerText(), new RegExp(String(totals.totals[k])))
  }
  await shot(page, '60-coverage')
  await axeCheck(page, 'coverage list')

  // A filter by status, from its total.
  await page.locator('[data-test="coverage-totals"] [data-status="should_build"]').click()
  await page.locator('[data-test="coverage-table"] .el-table__row', { hasText: '武汉江汉区华康医院' }).waitFor()
  assert.equal(await page.locator('[data-test="coverage-table"] .el-table__row').count(), totals.totals.should_build)

  // A survey: a clinic registered after the first round now has one full member (应联).
  await page.locator('[data-test="coverage-totals"] [data-status="should_build"]').click() // all again
  await page.locator('[data-test="coverage-district"] input, input[aria-label="区县"]').first().fill('武昌区')
  await page.locator('[data-test="coverage-search"]').click()
  const row = page.locator('[data-test="coverage-table"] .el-table__row', { hasText: '武汉武昌区康泰诊所' })
  await row.waitFor()
  const id = (await apiGet(page, `/coverage?district=${encodeURIComponent('武昌区')}`)).items.find((x) => x.name === '武汉武昌区康泰诊所').institution_id
  await page.locator(`[data-test="survey-${id}"]`).first().click()
  const dlg = page.locator('[data-test="survey-dialog"]')
  await dlg.locator('input[aria-label="正式党员人数"]').fill('1')
  await axeCheck(page, 'survey form')
  await dlg.locator('[data-test="survey-save"]').click()
  await page.locator('.el-message--success', { hasText: '应联' }).waitFor()
  const after = (await apiGet(page, `/coverage?district=${encodeURIComponent('武昌区')}`)).items.find((x) => x.institution_id === id)
  assert.equal(after.full_members, 1)
  assert.equal(after.status, 'should_join')
  assert.equal(after.source, 'survey')

  // Joint branches.
  await page.goto(BASE + '/#/coverage?tab=joint')
  await page.locator('[data-test="joint-district"] input, input[aria-label="区县"]').first().fill('江岸区')
  await page.locator('[data-test="joint-search"]').click()
  await page.locator('[data-test="joint-group"]').first().waitFor()
  assert.ok(await page.locator('[data-test="joint-group"]').count() >= 2, 'two proposals in 江岸区')
  await shot(page, '61-joint-proposals')
  await axeCheck(page, 'joint proposals')
  await acceptFirst(page)
  await page.close()
})

test('accepting a proposal, and the rounds, on a phone (375 px)', async () => {
  const page = await newPage(browser, { width: 375, height: 800 })
  await login(page, 'admin')
  await page.goto(BASE + '/#/coverage?tab=joint')
  await page.locator('[data-test="joint-district"] input, input[aria-label="区县"]').first().fill('江岸区')
  await page.locator('[data-test="joint-search"]').click()
  await page.locator('[data-test="joint-group"]').first().waitFor()
  const side = await noSideScroll(page)
  assert.ok(side.ok, `no side scroll at 375 px: ${side.scrollWidth} > ${side.clientWidth}`)
  await shot(page, '62-joint-proposals-375')
  await axeCheck(page, 'joint proposals at 375 px')
  await acceptFirst(page)
  // Nothing left to propose in 江岸区.
  await page.locator('.el-empty', { hasText: '没有可组建联合党支部的建议' }).waitFor()

  // Rounds: freeze one, compare it with the demo's first round.
  await page.goto(BASE + '/#/coverage?tab=rounds')
  await page.locator('[data-test="rounds-table"] .el-table__row').first().waitFor()
  await page.locator('[data-test="round-create"]').click()
  await page.locator('.el-message--success', { hasText: '已固定' }).waitFor()
  const rounds = await apiGet(page, '/coverage/rounds')
  const demo = rounds.items.find((r) => r.name === '第一轮两个覆盖摸排（演示）')
  await page.locator(`[data-test="diff-${demo.id}"]`).first().click()
  await page.locator('[data-test="round-diff"]').waitFor()
  assert.match(await page.locator('[data-test="round-diff"]').innerText(), /有变化的机构/)
  await shot(page, '63-rounds-375')
  await axeCheck(page, 'rounds at 375 px')
  const side2 = await noSideScroll(page)
  assert.ok(side2.ok, `no side scroll at 375 px: ${side2.scrollWidth} > ${side2.clientWidth}`)
  await page.close()
})
