// Every list a user keeps as a register has its 导出 button: the organisation tree, the audit log,
// the applicants, the arrears, the coverage survey and the pairings each download the server's
// .xlsx, with Chinese headers and the rows the page lists (at 1440 px, and the buttons stay
// reachable at 375 px).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import XLSX from 'xlsx'
import { BASE, launch, newPage, login, shot, apiGet } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

const PAGES = [
  { user: 'jianghai', route: '/orgs', button: 'org-export', file: /党组织名册\.xlsx$/, header: ['编号', '层级', '组织名称', '组织类型', '上级组织'], rows: '/orgs?limit=1' },
  { user: 'admin', route: '/audit', button: 'audit-export', file: /审计日志\.xlsx$/, header: ['编号', '时间', '用户', '操作', '对象类型', '对象编号', '变更内容'], rows: '/audit?limit=1' },
  { user: 'admin', route: '/applicants', button: 'applicant-export', file: /发展党员工作台账\.xlsx$/, header: ['编号', '姓名', '性别'], rows: '/applicants?limit=1' },
  { user: 'jianghai', route: '/dues/arrears', button: 'arrears-export', file: /党费欠缴名单\.xlsx$/, header: ['党员编号', '姓名', '所在组织', '欠缴月数'], rows: '/dues/arrears?limit=1' },
  { user: 'admin', route: '/coverage', button: 'coverage-export', file: /两个覆盖摸排表\.xlsx$/, header: ['机构编号', '机构名称', '性质'], rows: '/coverage?limit=1' },
  { user: 'admin', route: '/pairings', button: 'pairing-export', file: /党建指导员结对台账\.xlsx$/, header: ['编号', '党建指导员', '医疗机构'], rows: '/pairings?limit=1' },
]

for (const p of PAGES) {
  test(`${p.route}: 导出 downloads the register as .xlsx with every row of the list`, async () => {
    const page = await newPage(browser)
    await login(page, p.user)
    await page.goto(BASE + '/#' + p.route)
    const button = page.locator(`[data-test="${p.button}"]`)
    await button.waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()])
    assert.match(download.suggestedFilename(), p.file)
    const wb = XLSX.read(fs.readFileSync(await download.path()))
    const rows = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: false, defval: '' })
    assert.deepEqual(rows[0].slice(0, p.header.length), p.header)
    const list = await apiGet(page, p.rows)
    assert.equal(rows.length - 1, list.total, 'one row per item of the list')
    if (p.route === '/orgs') await shot(page, 'export-orgs-1440')
    // On a phone the button is still there and on the screen.
    await page.setViewportSize({ width: 375, height: 800 })
    await page.goto(BASE + '/#' + p.route)
    await button.waitFor()
    const box = await button.boundingBox()
    assert.ok(box && box.x >= 0 && box.x + box.width <= 375, `${p.button} fits the 375 px screen`)
    await page.close()
  })
}
