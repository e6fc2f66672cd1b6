// Honest errors: a failed request shows what went wrong with 重试 (never an empty table reading
// 暂无数据); an expired session says 登录已过期 and, signed in again, returns to the same page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, login, shot, axeCheck, noSideScroll } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

for (const viewport of [{ width: 1440, height: 900 }, { width: 375, height: 812 }]) {
  test(`a failed list request shows the error and 重试, which loads the list (${viewport.width} px)`, async () => {
    const page = await newPage(browser, viewport)
    await login(page, 'jianghai')
    // The server fails the member list (as a crashed or overloaded server would) until released.
    let fail = true
    await page.route(/\/api\/v1\/members\?/, (route) => (fail
      ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal', message: '服务暂不可用' } }) })
      : route.continue()))
    await page.goto(BASE + '/#/members')
    await page.waitForURL(/#\/members$/)
    const err = page.locator('[data-test="load-error"]', { hasText: '数据加载失败' })
    await err.waitFor()
    assert.match(await err.innerText(), /503/)
    assert.match(await err.innerText(), /服务暂不可用/)
    assert.equal(await page.getByText('暂无党员').count(), 0, 'no empty table')
    assert.equal(await page.getByText('暂无数据').count(), 0, 'no empty table')
    assert.equal(await page.locator('.el-pagination__total').count(), 0, 'no 共 0 条')
    await shot(page, viewport.width < 768 ? '41-error-retry-mobile' : '40-error-retry')
    await axeCheck(page, 'load error')
    if (viewport.width < 768) assert.ok((await noSideScroll(page)).ok)
    fail = false
    await err.locator('[data-test="retry"]').click()
    await page.locator('[data-test="member-table"] .el-table__row, [data-test="member-card"]').first().waitFor()
    assert.equal(await err.count(), 0)
    await page.unroute(/\/api\/v1\/members\?/)
    await page.close()
  })
}

test('the dashboard and the organisation tree show their errors with 重试 too', async () => {
  const page = await newPage(browser)
  await login(page, 'yizhibu')
  await page.route(/\/api\/v1\/dashboard/, (route) => route.fulfill({ status: 500, contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'internal', message: '内部错误' } }) }))
  await page.goto(BASE + '/#/dashboard')
  await page.reload()
  await page.locator('[data-test="load-error"]', { hasText: '统计数据加载失败' }).waitFor()
  await page.unroute(/\/api\/v1\/dashboard/)
  await page.locator('[data-test="load-error"]', { hasText: '统计数据加载失败' }).locator('[data-test="retry"]').click()
  await page.locator('.chart canvas').first().waitFor()

  await page.route(/\/api\/v1\/orgs\?roots=1/, (route) => route.abort('connectionrefused'))
  await page.goto(BASE + '/#/orgs')
  const err = page.locator('[data-test="load-error"]', { hasText: '组织树加载失败' })
  await err.waitFor()
  assert.match(await err.innerText(), /无法连接服务器/)
  await page.unroute(/\/api\/v1\/orgs\?roots=1/)
  await err.locator('[data-test="retry"]').click()
  await page.locator('[data-test="org-detail"]').waitFor()
  await page.close()
})

for (const viewport of [{ width: 1440, height: 900 }, { width: 375, height: 812 }]) {
  test(`an expired session says 登录已过期 and comes back to the same page after signing in (${viewport.width} px)`, async () => {
    const page = await newPage(browser, viewport)
    await login(page, 'yizhibu')
    await page.goto(BASE + '/#/institutions?q=' + encodeURIComponent('医院'))
    await page.locator('[data-test="inst-table"], [data-test="inst-cards"]').first().waitFor()
    const before = new URL(page.url()).hash
    // The session ends (8 hours passed, or it was ended elsewhere): the next call answers 401.
    await page.context().clearCookies()
    await page.getByRole('button', { name: '查询' }).click()
    await page.waitForURL(/#\/login/)
    await page.locator('[data-test="session-expired"]', { hasText: '登录已过期' }).waitFor()
    await shot(page, viewport.width < 768 ? '43-session-expired-mobile' : '42-session-expired')
    await axeCheck(page, 'login (expired)')
    await page.locator('input[name="username"]').fill('yizhibu')
    await page.locator('input[name="password"]').fill('dangjian2026')
    await page.getByRole('button', { name: '登 录' }).click()
    await page.waitForURL((u) => !u.hash.startsWith('#/login'))
    assert.equal(new URL(page.url()).hash, before, 'back on the same page, query and all')
    await page.close()
  })
}
