// Lists: a search form with 查询 and 重置; 新增 first in the toolbar, then 导出 and batch actions on
// checked rows; columns that fit 1440 px (none under the fixed 操作 column); forms that mark required
// fields, trim, count characters and never cut; danger-styled deletes saying what is affected;
// 列设置 choosing the optional columns (kept per list); at 375 px, cards that open the record, and
// paging that fits.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, login, shot, apiGet, axeCheck, noSideScroll, findBranch, makeIdNumber, uniqueName } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

/** Whether the table shows every column without sideways scrolling (nothing under the fixed 操作 column). */
async function tableFits(page, sel) {
  return page.locator(`${sel} .el-table__body-wrapper .el-scrollbar__wrap`).first().evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth }))
}

test('at 1440 px: search form, toolbar order, every column visible, 重置 (members, institutions, users)', async () => {
  const page = await newPage(browser)
  await login(page, 'admin')
  for (const [path, table, filters, first, rest] of [
    ['/members', 'member-table', 'member-filters', '新增党员', ['导出Excel', '批量导出', '批量转接', '批量删除', '列设置']],
    ['/institutions', 'inst-table', 'inst-filters', '新增机构', ['导出Excel', '批量删除', '列设置']],
    ['/users', 'user-table', 'user-filters', '新增用户', ['导出Excel', '列设置']]]) {
    await page.goto(BASE + '/#' + path)
    await page.locator(`[data-test="${table}"] .el-table__body .el-table__row`).first().waitFor()
    const form = page.locator(`[data-test="${filters}"]`)
    assert.equal(await form.getByRole('button', { name: '查询' }).count(), 1, `${path}: 查询`)
    assert.equal(await form.getByRole('button', { name: '重置' }).count(), 1, `${path}: 重置`)
    const buttons = (await page.locator('.list-toolbar .el-button').allInnerTexts()).map((t) => t.trim())
    assert.equal(buttons[0], first, `${path}: ${first} first (${buttons})`)
    assert.deepEqual(buttons.slice(1), rest, `${path}: then ${rest}`)
    const fit = await tableFits(page, `[data-test="${table}"]`)
    assert.ok(fit.sw <= fit.cw, `${path}: all columns fit at 1440 px (${fit.sw} > ${fit.cw})`)
    await axeCheck(page, path)
    // 重置 empties the search.
    const kw = form.locator('.el-form-item', { hasText: '关键词' }).locator('input')
    await kw.fill('不存在的名字xyz')
    await form.getByRole('button', { name: '查询' }).click()
    await page.locator(`[data-test="${table}"] .el-table__empty-text`).waitFor()
    await form.getByRole('button', { name: '重置' }).click()
    await page.locator(`[data-test="${table}"] .el-table__body .el-table__row`).first().waitFor()
    assert.equal(await kw.inputValue(), '')
  }
  await shot(page, '80-users-list')
  await page.close()
})

test('batch delete: checked rows, a danger-styled confirmation naming them, both deleted', async () => {
  const page = await newPage(browser)
  await login(page, 'admin')
  const branch = await findBranch(page)
  const me = await apiGet(page, '/me')
  const tag = '批删' + Date.now().toString(36).slice(-4)
  const names = []
  for (const g of ['male', 'female']) {
    const p = makeIdNumber(g)
    const name = uniqueName('批')
    const res = await page.request.post(BASE + '/api/v1/members', { headers: { 'X-CSRF-Token': me.csrf_token }, data: {
      name, gender: g, birth_date: p.birth, id_number: p.id, org_id: branch.id, category: 'full', status: 'active',
      joined_on: '2012-07-01', full_on: '2013-07-01', department: tag } })
    assert.equal(res.status(), 201, await res.text())
    names.push(name)
  }
  await page.goto(BASE + '/#/members')
  const form = page.locator('[data-test="member-filters"]')
  await form.locator('.el-form-item', { hasText: '科室' }).locator('input').fill(tag)
  await form.getByRole('button', { name: '查询' }).click()
  const rows = page.locator('[data-test="member-table"] .el-table__body .el-table__row')
  await page.waitForFunction(() => document.querySelectorAll('[data-test="member-table"] .el-table__body-wrapper .el-table__row').length === 2)
  assert.ok(await page.locator('[data-test="member-batch-delete"]').isDisabled(), 'nothing checked: disabled')
  await page.locator('[data-test="member-table"] .el-table__header .el-checkbox').first().click()
  await page.locator('[data-test="member-batch-delete"]:not([disabled])').click()
  const box = page.locator('.el-message-box')
  await box.waitFor()
  const text = await box.innerText()
  for (const n of names) assert.ok(text.includes(n), `the confirmation names ${n}`)
  assert.match(text, /2 名党员/)
  assert.equal(await box.locator('.el-button--danger', { hasText: '删除 2 人' }).count(), 1, 'danger-styled confirm button')
  await shot(page, '81-batch-delete-confirm')
  await box.locator('.el-button--danger').click()
  await page.locator('.el-message--success', { hasText: '已删除 2 人' }).waitFor()
  assert.equal((await apiGet(page, '/members?department=' + encodeURIComponent(tag))).total, 0)
  assert.equal(await rows.count(), 0)
  await page.close()
})

test('forms: required fields marked, spaces alone are empty, over-long input counted and refused, never cut', async () => {
  const page = await newPage(browser)
  await login(page, 'jianghai')
  await page.goto(BASE + '/#/members')
  await page.locator('[data-test="member-create"]').click()
  const dlg = page.locator('.el-dialog', { hasText: '新增党员' })
  await dlg.waitFor()
  const item = (label) => dlg.locator('.el-form-item').filter({ has: page.locator(`label:text-is("${label}")`) })
  for (const label of ['姓名', '身份证号', '性别', '出生日期', '所在组织', '党员类别', '状态', '入党日期', '转正日期']) {
    assert.match(await item(label).getAttribute('class'), /is-required/, `${label} marked required`)
  }
  const name = dlg.locator('input[name="name"]')
  await name.fill('   ')
  await dlg.locator('[data-test="member-save"]').click()
  await item('姓名').locator('.el-form-item__error', { hasText: '请输入姓名' }).waitFor()
  const long = '张'.repeat(51)
  await name.fill(long)
  await name.blur()
  assert.equal(await name.inputValue(), long, 'not cut')
  assert.equal((await item('姓名').locator('[data-test="word-count"]').innerText()).trim(), '51/50')
  await item('姓名').locator('.el-form-item__error', { hasText: '姓名不能超过50个字（当前51个）' }).waitFor()
  // Leading and trailing spaces are dropped when the field is left.
  await name.fill('  王五  ')
  await name.blur()
  assert.equal(await name.inputValue(), '王五')
  await shot(page, '82-member-form-limits')
  await axeCheck(page, 'member form')
  await page.close()
})

test('at 375 px: members and institutions are cards that open the record; paging fits', async () => {
  const page = await newPage(browser, { width: 375, height: 812 })
  await login(page, 'zxyjh')
  await page.goto(BASE + '/#/members')
  const card = page.locator('[data-test="member-card"]').first()
  await card.waitFor()
  assert.equal(await page.locator('[data-test="member-table"]').count(), 0, 'no table at 375 px')
  const text = await card.innerText()
  const first = (await apiGet(page, '/members?limit=1')).items[0]
  for (const s of [first.name, first.org_name]) assert.ok(text.includes(s), `card shows ${s}`)
  assert.match(text, /正式党员|预备党员/)
  assert.match(text, /在册|流动|失联|转出|停止党籍|去世/)
  const s = await noSideScroll(page)
  assert.ok(s.ok, `no horizontal scroll (${s.scrollWidth} > ${s.clientWidth})`)
  const pager = await page.locator('.el-pagination').boundingBox()
  assert.ok(pager.x >= 0 && pager.x + pager.width <= 375, 'the pager fits')
  await shot(page, '83-members-cards-mobile')
  await axeCheck(page, 'members (375 px)')
  await card.click()
  await page.waitForURL(new RegExp(`#/members/${first.id}$`))
  await page.locator('[data-test="member-name"]').waitFor()

  await page.goto(BASE + '/#/institutions')
  const inst = page.locator('[data-test="inst-card"]').first()
  await inst.waitFor()
  assert.ok((await noSideScroll(page)).ok)
  await shot(page, '84-institutions-cards-mobile')
  await axeCheck(page, 'institutions (375 px)')
  await inst.click()
  await page.locator('.el-dialog', { hasText: '编辑医疗机构' }).waitFor()
  await page.close()
})

/** The header texts of a list's table. */
async function headers(page, table) {
  return (await page.locator(`[data-test="${table}"] .el-table__header-wrapper th`).allInnerTexts()).map((t) => t.trim()).filter(Boolean)
}

test('列设置: optional columns hidden and shown again, the choice kept per list across a reload; 姓名 and 操作 always shown', async () => {
  const page = await newPage(browser)
  await login(page, 'admin')
  for (const [path, table, test, column, fixed] of [
    ['/members', 'member-table', 'member', '身份证号', ['姓名', '操作']],
    ['/institutions', 'inst-table', 'inst', '区县', ['机构名称', '操作']],
    ['/users', 'user-table', 'user', '关联党员', ['用户名', '操作']]]) {
    await page.goto(BASE + '/#' + path)
    await page.locator(`[data-test="${table}"] .el-table__body .el-table__row`).first().waitFor()
    assert.ok((await headers(page, table)).includes(column), `${path}: ${column} shown at first`)
    await page.locator(`[data-test="${test}-columns"]`).click()
    const panel = page.locator(`[data-test="${test}-columns-panel"]`)
    await panel.waitFor()
    const boxes = (await panel.locator('.el-checkbox').allInnerTexts()).map((t) => t.trim())
    for (const f of fixed) assert.ok(!boxes.includes(f), `${path}: ${f} is not optional`)
    await panel.locator('.el-checkbox', { hasText: column }).click()
    await page.waitForFunction(([t, c]) => ![...document.querySelectorAll(`[data-test="${t}"] .el-table__header-wrapper th`)].some((th) => th.innerText.trim() === c), [table, column])
    if (path === '/members') {
      await shot(page, '89-column-settings')
      await axeCheck(page, 'column settings open')
    }
    // Kept across a reload, for this list only.
    await page.reload()
    await page.locator(`[data-test="${table}"] .el-table__body .el-table__row`).first().waitFor()
    const after = await headers(page, table)
    assert.ok(!after.includes(column), `${path}: ${column} still hidden after a reload (${after})`)
    for (const f of fixed) assert.ok(after.includes(f), `${path}: ${f} always shown`)
    // Shown again.
    await page.locator(`[data-test="${test}-columns"]`).click()
    await page.locator(`[data-test="${test}-columns-panel"] .el-checkbox`, { hasText: column }).click()
    await page.waitForFunction(([t, c]) => [...document.querySelectorAll(`[data-test="${t}"] .el-table__header-wrapper th`)].some((th) => th.innerText.trim() === c), [table, column])
    await page.reload()
    await page.locator(`[data-test="${table}"] .el-table__body .el-table__row`).first().waitFor()
    assert.ok((await headers(page, table)).includes(column), `${path}: ${column} shown after a reload`)
  }
  await page.close()
})

test('列设置: a hidden column of one list does not hide that of another', async () => {
  const page = await newPage(browser)
  await login(page, 'admin')
  await page.goto(BASE + '/#/members')
  await page.locator('[data-test="member-table"] .el-table__body .el-table__row').first().waitFor()
  await page.locator('[data-test="member-columns"]').click()
  await page.locator('[data-test="member-columns-panel"] .el-checkbox', { hasText: '状态' }).click()
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-test="member-table"] .el-table__header-wrapper th')].some((th) => th.innerText.trim() === '状态'))
  await page.goto(BASE + '/#/users')
  await page.locator('[data-test="user-table"] .el-table__body .el-table__row').first().waitFor()
  assert.ok((await headers(page, 'user-table')).includes('状态'), 'the users list keeps its 状态')
  await page.evaluate(() => localStorage.removeItem('dj.columns.members'))
  await page.close()
})

test('at 375 px: users are cards (username, name, role, organisation, state) that open the edit form', async () => {
  const page = await newPage(browser, { width: 375, height: 812 })
  await login(page, 'admin')
  await page.goto(BASE + '/#/users')
  const card = page.locator('[data-test="user-card"]', { hasText: 'jianghai' }).first()
  await card.waitFor()
  assert.equal(await page.locator('[data-test="user-table"]').count(), 0, 'no table at 375 px')
  const u = (await apiGet(page, '/users?q=jianghai')).items.find((x) => x.username === 'jianghai')
  const text = await card.innerText()
  for (const s of [u.username, u.display_name, u.org_name, '组织管理员']) assert.ok(text.includes(s), `card shows ${s} (${text})`)
  assert.match(text, /正常|已停用|已锁定/)
  const s = await noSideScroll(page)
  assert.ok(s.ok, `no horizontal scroll (${s.scrollWidth} > ${s.clientWidth})`)
  const pager = await page.locator('.el-pagination').boundingBox()
  assert.ok(pager.x >= 0 && pager.x + pager.width <= 375, 'the pager fits')
  await shot(page, '85-users-cards-mobile')
  await axeCheck(page, 'users (375 px)')
  await card.click()
  const dlg = page.locator('.el-dialog', { hasText: '编辑用户' })
  await dlg.waitFor()
  assert.equal(await dlg.locator('.el-form-item', { hasText: '用户名' }).locator('input').inputValue(), 'jianghai')
  await page.close()
})
