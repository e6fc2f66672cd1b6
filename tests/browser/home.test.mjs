// Home: the to-do list first (GET /todo, each item a link), the figures below; a warning row
// opens its organisation; the dashboard's member figure and the member list say what they count.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, login, shot, apiGet, axeCheck, noSideScroll, endpointMissing } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

for (const viewport of [{ width: 1440, height: 900 }, { width: 375, height: 812 }]) {
  test(`the to-do list comes first on the home page, the figures below (${viewport.width} px)`, async () => {
    const page = await newPage(browser, viewport)
    await login(page, 'jianghai')
    await page.waitForURL(/#\/dashboard$/)
    const todo = page.locator('[data-test="dashboard"] > [data-test="todo"]')
    await todo.waitFor()
    // First on the page: above the figures.
    const first = await page.locator('[data-test="dashboard"] > *').first().getAttribute('data-test')
    assert.equal(first, 'todo')
    const statsTop = (await page.locator('.stats').boundingBox()).y
    assert.ok((await todo.boundingBox()).y < statsTop, 'to-dos above the figures')
    if (await endpointMissing(page, '/todo')) {
      // Until the server has it: an honest error with 重试, not an empty list.
      const err = todo.locator('[data-test="load-error"]')
      await err.waitFor()
      assert.match(await err.innerText(), /404/)
      assert.equal(await todo.locator('[data-test="todo-empty"]').count(), 0)
    } else {
      await todo.locator('[data-test="todo-item"], [data-test="todo-empty"]').first().waitFor()
    }
    await page.locator('.chart canvas').first().waitFor()
    await shot(page, viewport.width < 768 ? '71-home-mobile' : '70-home')
    await axeCheck(page, 'home')
    if (viewport.width < 768) assert.ok((await noSideScroll(page)).ok, 'no horizontal scroll at 375 px')
    await page.close()
  })
}

test('each to-do is a link to where it is dealt with (GET /todo)', async (t) => {
  const page = await newPage(browser)
  await login(page, 'jianghai')
  if (await endpointMissing(page, '/todo')) {
    t.skip('GET /api/v1/todo answers 404: the server does not have it yet (runs once it does)')
    await page.close()
    return
  }
  const data = await apiGet(page, '/todo')
  const items = page.locator('[data-test="todo-item"]')
  if (!data.items.length) {
    await page.locator('[data-test="todo-empty"]').waitFor()
    await page.close()
    return
  }
  await items.first().waitFor()
  assert.equal(await items.count(), Math.min(data.items.length, 50))
  const firstItem = data.items[0]
  assert.ok((await items.first().innerText()).includes(firstItem.title))
  if (firstItem.link) {
    await items.first().locator('a').click()
    await page.waitForFunction((l) => decodeURIComponent(location.hash) === '#' + l, firstItem.link)
  }
  await page.close()
})

test('a dashboard warning row opens its organisation', async () => {
  const page = await newPage(browser)
  await login(page, 'jianghai')
  const row = page.locator('[data-test="dashboard-warnings"] .el-table__body .el-table__row').first()
  await row.waitFor()
  const dash = await apiGet(page, '/dashboard')
  const w = dash.warnings.items[0]
  await row.locator('td').last().click()
  await page.waitForURL(new RegExp(`#/orgs\\?id=${w.org_id}$`))
  await page.locator('[data-test="org-detail"] h2', { hasText: w.org_name }).waitFor()
  await page.close()
})

test('the member figures say what they count: 在册党员 on the dashboard, every status in the list', async () => {
  const page = await newPage(browser)
  await login(page, 'zxyjh')
  const dash = await apiGet(page, '/dashboard')
  const list = await apiGet(page, '/members?limit=1')
  const byStatus = Object.values(dash.members.by_status).reduce((a, b) => a + b, 0)
  assert.equal(byStatus, list.total, 'the list counts every status')
  const inRegister = ['active', 'mobile', 'lost_contact'].reduce((a, k) => a + (dash.members.by_status[k] || 0), 0)
  assert.equal(dash.members.total, inRegister, 'the dashboard counts 在册, 流动, 失联')
  const stat = page.locator('.stat', { hasText: '在册党员' })
  await stat.waitFor()
  assert.equal((await stat.locator('.stat-num').innerText()).trim(), String(dash.members.total))
  assert.match(await stat.innerText(), /不含转出/)
  await page.goto(BASE + '/#/members')
  await page.locator('.el-pagination__total', { hasText: String(list.total) }).waitFor()
  assert.match(await page.locator('.pager').innerText(), /含各种状态/)
  await page.close()
})
