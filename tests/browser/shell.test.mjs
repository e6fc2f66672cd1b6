// The shell: the menu in groups (only those the caller has something in), collapsing to icons,
// breadcrumbs, tabs of the open pages (close, close others); at 1440 and 375 px; axe on each page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, login, shot, apiGet, axeCheck, noSideScroll } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

const ALL_GROUPS = ['组织建设', '党员管理', '组织生活', '党费', '发展党员', '评星定级', '特色工作', '统计分析', '系统管理']
/** The titles of the menu's groups, in order. */
async function groups(page) {
  return (await page.locator('[data-test="side-menu"] > .el-sub-menu > .el-sub-menu__title').allInnerTexts()).map((t) => t.trim())
}
async function entries(page) {
  return (await page.locator('[data-test="side-menu"] .el-menu-item').allInnerTexts()).map((t) => t.trim())
}

test('admin: the menu in groups with icons; groups of modules not built yet do not show; every page passes axe', async () => {
  const page = await newPage(browser)
  await login(page, 'admin')
  assert.deepEqual(await groups(page), ['组织建设', '党员管理', '组织生活', '党费', '发展党员', '特色工作', '系统管理'])
  const e = await entries(page)
  for (const x of ['首页', '组织架构', '医疗机构', '党员', '导入导出', '会议活动', '三会一课达标', '收缴台账', '欠缴党费', '发展看板', '发展名册', '三培养', '两个覆盖', '结对帮带', '帮带进度', '用户']) assert.ok(e.includes(x), `entry ${x} in ${e}`)
  for (const g of ALL_GROUPS.filter((x) => !['组织建设', '党员管理', '组织生活', '党费', '发展党员', '特色工作', '系统管理'].includes(x))) {
    assert.ok(!(await page.locator('[data-test="side-menu"]').innerText()).includes(g), `no empty group ${g}`)
  }
  // Each group and the 首页 entry have an icon.
  assert.equal(await page.locator('[data-test="side-menu"] > .el-sub-menu > .el-sub-menu__title > .el-icon:not(.el-sub-menu__icon-arrow) svg').count(), 7)
  assert.equal(await page.locator('[data-test="side-menu"] > .el-menu-item > .el-icon svg').count(), 1)
  await page.locator('.chart canvas').first().waitFor()
  await axeCheck(page, 'dashboard')

  // Every page in the menu passes axe.
  for (const [text, ready] of [['组织架构', '[data-test="org-detail"]'], ['医疗机构', '[data-test="inst-table"] .el-table__row'],
    ['党员', '[data-test="member-table"] .el-table__row'], ['导入导出', '[data-test="export-btn"]'], ['用户', '[data-test="user-table"] .el-table__row'],
    ['会议活动', '[data-test="meeting-table"] .el-table__row'], ['三会一课达标', '[data-test="compliance-cell"]'],
    ['收缴台账', '[data-test="ledger-row"]'], ['欠缴党费', '[data-test="arrears-table"] .el-table__row'],
    ['发展看板', '[data-test="dev-stage-applicant"]'], ['发展名册', '[data-test="applicant-table"] .el-table__row'],
    ['三培养', '[data-test="cult-member_to_backbone"]'],
    ['两个覆盖', '[data-test="coverage-table"] .el-table__row'],
    ['结对帮带', '[data-test="pairing-table"] .el-table__row'], ['帮带进度', '[data-test="progress-late"]'],
    ['先锋岗', '[data-test="post-table"]'], ['志愿服务/义诊', '[data-test="service-table"]']]) {
    await page.locator(`.el-menu-item:text-is("${text}")`).click()
    await page.locator(ready).first().waitFor()
    await axeCheck(page, text)
  }
  await page.close()
})

test('breadcrumbs and tabs: open pages become tabs; close one, close the others', async () => {
  const page = await newPage(browser)
  await login(page, 'jianghai')
  const crumbs = page.locator('[data-test="breadcrumb"]')
  const tabs = page.locator('[data-test="tab"]')
  await page.locator('.el-menu-item:text-is("组织架构")').click()
  await page.locator('[data-test="org-detail"]').waitFor()
  assert.equal((await crumbs.innerText()).replace(/\s+/g, ''), '首页/组织建设/组织架构')
  await page.locator('.el-menu-item:text-is("医疗机构")').click()
  await page.locator('[data-test="inst-table"]').waitFor()
  await page.locator('.el-menu-item:text-is("党员")').click()
  await page.locator('[data-test="member-table"] .el-table__row a').first().waitFor()
  const name = (await page.locator('[data-test="member-table"] .el-table__row a').first().innerText()).trim()
  await page.locator('[data-test="member-table"] .el-table__row a').first().click()
  await page.locator('[data-test="member-name"]').waitFor()
  assert.equal((await crumbs.innerText()).replace(/\s+/g, ''), '首页/党员管理/党员/党员档案')
  // The 党员 crumb leads back to the list.
  const crumbLink = crumbs.locator('.is-link:text-is("党员")')
  assert.equal(await crumbLink.count(), 1)
  // The menu highlights 党员 on a member's file.
  assert.match(await page.locator('.el-menu-item.is-active').innerText(), /^党员$/)
  const titles = async () => (await tabs.allInnerTexts()).map((t) => t.trim())
  await page.waitForFunction((n) => [...document.querySelectorAll('[data-test="tab"]')].some((t) => t.innerText.includes(n)), name)
  assert.deepEqual((await titles()).slice(0, 4), ['首页', '组织架构', '医疗机构', '党员'])
  assert.ok((await titles())[4].includes(name), 'the member’s tab is named after them')
  await shot(page, '30-shell-tabs')
  await axeCheck(page, 'member file')

  // Close 医疗机构 (not the current one): the page stays.
  await tabs.filter({ hasText: '医疗机构' }).locator('[data-test="tab-close"]').click()
  assert.deepEqual((await titles()).slice(0, 3), ['首页', '组织架构', '党员'])
  assert.match(page.url(), /#\/members\/\d+/)
  // Close the current tab: the neighbour opens.
  await tabs.filter({ hasText: name }).locator('[data-test="tab-close"]').click()
  await page.waitForURL(/#\/members$/)
  // A tab click goes back to its page.
  await tabs.filter({ hasText: '组织架构' }).locator('a').click()
  await page.waitForURL(/#\/orgs/)
  // Close the others: 首页 (never closed) and the current one remain.
  await page.locator('[data-test="tabs-more"]').click()
  await page.locator('[data-test="tabs-close-others"]:visible').click()
  assert.deepEqual(await titles(), ['首页', '组织架构'])
  assert.equal(await tabs.first().locator('[data-test="tab-close"]').count(), 0, '首页 cannot be closed')
  await page.close()
})

test('the menu collapses to icons and stays so after a reload', async () => {
  const page = await newPage(browser)
  await login(page, 'zxyjh')
  const aside = page.locator('.el-aside')
  assert.ok((await aside.boundingBox()).width > 150)
  await page.locator('[data-test="menu-collapse"]').click()
  await page.waitForFunction(() => document.querySelector('.el-aside').getBoundingClientRect().width < 80)
  assert.ok(await page.locator('[data-test="side-menu"].el-menu--collapse').isVisible())
  // Icons remain, the texts are gone; hovering a group shows its entries.
  assert.equal(await page.locator('[data-test="side-menu"] > .el-sub-menu svg').count() >= 2, true)
  await page.locator('[data-test="menu-group-members"]').hover()
  await page.locator('.el-menu--popup .el-menu-item:text-is("党员")').waitFor()
  await shot(page, '31-shell-collapsed')
  await page.reload()
  await page.locator('[data-test="side-menu"].el-menu--collapse').waitFor()
  await page.locator('[data-test="menu-collapse"]').click()
  await page.waitForFunction(() => document.querySelector('.el-aside').getBoundingClientRect().width > 150)
  await page.close()
})

test('each role sees the groups it has something in', async () => {
  const expect = {
    // 党费 and 发展党员: every staff role; 特色工作: coverage (admin, org_admin, reviewer) and the
    // 201 project's pairings (those and the instructor).
    admin: { has: ['组织建设', '党员管理', '组织生活', '党费', '发展党员', '特色工作', '系统管理'], entries: ['导入导出', '会议活动', '收缴台账', '发展看板', '两个覆盖', '结对帮带', '用户'] },
    jianghai: { has: ['组织建设', '党员管理', '组织生活', '党费', '发展党员', '特色工作', '系统管理'], entries: ['导入导出', '会议活动', '收缴台账', '发展名册', '两个覆盖', '结对帮带', '用户'] },
    // 红联共建 (alliances.read): every staff role, so 特色工作 shows for a committee and a secretary too.
    // (the public's needs, pioneer posts, volunteer service and task ledgers, issue 16, too; 三重一大 for the committee, not the secretary.)
    zxyjh: { has: ['组织建设', '党员管理', '组织生活', '党费', '发展党员', '特色工作'], entries: ['导入导出', '会议活动', '欠缴党费', '发展看板', '红联共建', '群众需求', '先锋岗', '志愿服务/义诊', '三重一大', '工作台账'], not: ['用户', '两个覆盖', '结对帮带'] },
    yizhibu: { has: ['组织建设', '党员管理', '组织生活', '党费', '发展党员', '特色工作'], entries: ['导入导出', '会议活动', '收缴台账', '发展名册', '红联共建', '群众需求', '先锋岗', '志愿服务/义诊', '工作台账'], not: ['用户', '两个覆盖', '结对帮带', '三重一大'] },
    luolan: { has: ['组织建设', '党员管理', '组织生活', '党费', '发展党员', '特色工作'], entries: ['党员', '会议活动', '收缴台账', '结对帮带', '帮带进度'], not: ['导入导出', '用户', '两个覆盖'] },
    reviewer: { has: ['组织建设', '党员管理', '组织生活', '党费', '发展党员', '特色工作'], entries: ['党员', '会议活动', '欠缴党费', '两个覆盖', '结对帮带'], not: ['导入导出', '用户'] }
  }
  for (const [user, want] of Object.entries(expect)) {
    const page = await newPage(browser)
    await login(page, user)
    assert.deepEqual(await groups(page), want.has, `${user}: groups`)
    const e = await entries(page)
    for (const x of want.entries) assert.ok(e.includes(x), `${user}: has ${x}`)
    for (const x of want.not || []) assert.ok(!e.includes(x), `${user}: no ${x}`)
    await page.close()
  }
  // A member: no side menu at all; a page they may not open leads back to their own file.
  const page = await newPage(browser)
  await login(page, 'member1')
  assert.equal(await page.locator('[data-test="side-menu"]').count(), 0)
  const me = await apiGet(page, '/me')
  for (const path of ['/orgs', '/institutions', '/users', '/import', '/dashboard', '/meetings', '/compliance', '/coverage', '/dues/ledger', '/dues/arrears', '/development', '/applicants', '/pairings', '/alliances', '/needs', '/pioneer-posts', '/service-events', '/decisions', '/tasks', '/tasks-ledger']) {
    await page.goto(BASE + '/#' + path)
    await page.waitForURL(new RegExp(`#/members/${me.member_id}$`))
  }
  await page.close()
})

test('at 375 px: the menu is a drawer with its groups, the title stays on one line, no sideways scroll', async () => {
  const page = await newPage(browser, { width: 375, height: 812 })
  await login(page, 'jianghai')
  await page.locator('.chart canvas').first().waitFor()
  assert.equal(await page.locator('.el-aside').count(), 0)
  await page.locator('[data-test="menu-open"]').click()
  const drawer = page.locator('.el-drawer')
  await drawer.locator('.el-sub-menu__title', { hasText: '组织建设' }).waitFor()
  await shot(page, '32-shell-drawer-mobile')
  await axeCheck(page, 'drawer')
  await drawer.locator('.el-menu-item:text-is("医疗机构")').click()
  await drawer.waitFor({ state: 'hidden' })
  const title = page.locator('[data-test="page-title"]')
  await title.waitFor()
  assert.equal((await title.innerText()).trim(), '医疗机构')
  const box = await title.boundingBox()
  assert.ok(box.height < 30, `the title is one line (${box.height} px high)`)
  const s = await noSideScroll(page)
  assert.ok(s.ok, `no horizontal scroll (${s.scrollWidth} > ${s.clientWidth})`)
  await page.close()
})
