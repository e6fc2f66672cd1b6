// Organisational life: a branch secretary plans and records a branch assembly, marks attendance
// (saved at once, with the version), records a decision against the quorum, shows the check-in QR
// code; a stale attendance list is refused in words; the pages at 1440 and 375 px, with the axe check.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import XLSX from 'xlsx'
import { BASE, launch, newPage, login, shot, apiGet, apiSend, axeCheck, noSideScroll, chinaTime } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

/** Types a date-time into the Element Plus picker of form item `label` (YYYY-MM-DD HH:mm). */
async function fillDateTime(dlg, label, value) {
  const input = dlg.locator('.el-form-item').filter({ has: dlg.page().locator(`label:text-is("${label}")`) }).locator('input').first()
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await dlg.locator('.el-dialog__title').click() // closes the picker's panel, leaves the dialog open
}

test('a secretary records a held branch assembly: attendance, quorum and a decision (1440 px)', async () => {
  const page = await newPage(browser)
  await login(page, 'yizhibu')
  const me = await apiGet(page, '/me')
  await page.goto(BASE + '/#/meetings')
  await page.locator('[data-test="meeting-table"] .el-table__row').first().waitFor()
  await shot(page, '40-meetings-list')
  await axeCheck(page, 'meetings list')

  const topic = '测试党员大会' + Date.now().toString(36)
  const start = chinaTime(-26 * 60) // yesterday: a meeting that has taken place can be recorded as held
  const end = chinaTime(-26 * 60 + 90)
  await page.locator('[data-test="meeting-create"]').click()
  const dlg = page.locator('.el-dialog', { hasText: '新增会议' })
  await dlg.waitFor()
  const item = (label) => dlg.locator('.el-form-item').filter({ has: page.locator(`label:text-is("${label}")`) })
  // The organisation defaults to the secretary's branch; the type to 支部党员大会.
  assert.match(await item('召开组织').innerText(), new RegExp(me.org_name))
  await item('会议主题').locator('input').fill(topic)
  // The server's 422 lands on its field: an end before the start is caught here first.
  await fillDateTime(dlg, '开始时间', start.replace('T', ' '))
  await fillDateTime(dlg, '结束时间', end.replace('T', ' '))
  await item('会议状态').getByText('已召开').click()
  await item('会议地点').locator('input').fill('三楼会议室')
  await item('主持人').locator('input').fill('李书记')
  await item('记录人').locator('input').fill('组织委员')
  await item('第一议题').locator('input').fill('学习习近平总书记重要讲话精神')
  await item('会议记录').locator('textarea').fill('会议学习了有关文件，讨论并表决了议题。')
  await shot(page, '41-meeting-form')
  await axeCheck(page, 'meeting form')
  await dlg.locator('[data-test="meeting-save"]').click()
  await page.waitForURL(/#\/meetings\/\d+$/)
  const id = Number(/meetings\/(\d+)/.exec(page.url())[1])
  const saved = await apiGet(page, `/meetings/${id}`)
  assert.equal(saved.topic, topic)
  assert.equal(saved.status, 'held')
  assert.equal(saved.starts_at, start)
  assert.equal(saved.org_id, me.org_id)

  // Attendance: everyone present but the first, on leave with a reason; saved in one request.
  await page.locator('[data-test="attendance-row"]').first().waitFor()
  await page.locator('[data-test="attendance-all-present"]').click()
  const first = page.locator('[data-test="attendance-row"]').first()
  const firstName = (await first.locator('.name').innerText()).trim()
  await first.getByText('请假', { exact: true }).click()
  await first.locator('input[placeholder="请假原因"]').fill('外出培训')
  await page.locator('[data-test="attendance-save"]').click()
  await page.locator('.el-message--success', { hasText: '出席情况已保存' }).waitFor()
  const att = await apiGet(page, `/meetings/${id}/attendance`)
  const onLeave = att.items.find((a) => a.name === firstName)
  assert.equal(onLeave.status, 'leave')
  assert.equal(onLeave.reason, '外出培训')
  assert.equal(att.items.filter((a) => a.status === 'present').length, att.items.length - 1)
  assert.ok(att.quorum.met, 'the quorum is met')
  await page.locator('[data-test="quorum"]', { hasText: '到会人数符合要求' }).waitFor()
  assert.match(await page.locator('[data-test="quorum"]').innerText(), /须至少/)

  // A decision: passed with more than half of those entitled voting yes.
  const yes = att.quorum.required + 1
  await page.locator('[data-test="decision-form"] textarea').fill('同意接收一名预备党员')
  await page.locator('[data-test="decision-form"] input[aria-label="赞成票"]').fill(String(yes))
  await page.locator('[data-test="decision-add"]').click()
  await page.locator('[data-test="decision-table"] .el-table__row', { hasText: '同意接收一名预备党员' }).waitFor()
  const withDecision = await apiGet(page, `/meetings/${id}`)
  assert.equal(withDecision.decisions.length, 1)
  assert.equal(withDecision.decisions[0].yes, yes)
  await shot(page, '42-meeting-detail')
  await axeCheck(page, 'meeting detail')

  // The check-in QR code for the screen in the room: an image, the window and the link.
  await page.locator('[data-test="meeting-qr"]').click()
  await page.locator('[data-test="checkin-qr-img"]').waitFor()
  await page.waitForFunction(() => { const i = document.querySelector('[data-test="checkin-qr-img"]'); return i && i.complete && i.naturalWidth > 0 })
  assert.match(await page.locator('[data-test="checkin-link"]').innerText(), /\/checkin\?code=\d+-[0-9a-f]{32}$/)
  await page.emulateMedia({ media: 'print' })
  await shot(page, '43-meeting-qr-print')
  await page.emulateMedia({ media: 'screen' })

  // Someone else changes the meeting meanwhile: the old version is refused, in words.
  await apiSend(page, 'PATCH', `/meetings/${id}`, { version: withDecision.version, place: '党员活动室' })
  await page.locator('[data-test="attendance-row"]').nth(1).getByText('缺席', { exact: true }).click()
  await page.locator('[data-test="attendance-save"]').click()
  await page.locator('[data-test="attendance-error"]', { hasText: '数据已被他人修改，请刷新后重试' }).waitFor()
  await page.close()
})

test('a meeting is planned, then cancelled with a reason and deleted with a danger confirm', async () => {
  const page = await newPage(browser)
  await login(page, 'yizhibu')
  const me = await apiGet(page, '/me')
  const m = await apiSend(page, 'POST', '/meetings', {
    org_id: me.org_id, type: 'theme_day', topic: '待取消的主题党日' + Date.now().toString(36), starts_at: chinaTime(7 * 24 * 60), ends_at: chinaTime(7 * 24 * 60 + 120)
  })
  await page.goto(BASE + `/#/meetings/${m.id}`)
  await page.locator('[data-test="meeting-topic"]', { hasText: m.topic }).waitFor()
  await page.locator('[data-test="meeting-cancel"]').click()
  const box = page.locator('.el-message-box', { hasText: '取消原因' })
  await box.locator('input').fill('与医院应急演练冲突')
  await box.getByRole('button', { name: '取消会议' }).click()
  await page.locator('[data-test="meeting-status"]', { hasText: '已取消' }).waitFor()
  const cancelled = await apiGet(page, `/meetings/${m.id}`)
  assert.equal(cancelled.status, 'cancelled')
  assert.equal(cancelled.cancel_reason, '与医院应急演练冲突')

  await page.locator('[data-test="meeting-delete"]').click()
  await page.locator('.el-message-box .el-button--danger', { hasText: '删除' }).click()
  await page.waitForURL(/#\/meetings$/)
  const gone = await page.request.get(BASE + `/api/v1/meetings/${m.id}`)
  assert.ok(gone.status() === 404 || (await gone.json()).deleted, 'the meeting is deleted')
  await page.close()
})

test('on a phone (375 px) the meetings are cards and a meeting opens with its attendance', async () => {
  const page = await newPage(browser, { width: 375, height: 812 })
  await login(page, 'yizhibu')
  await page.goto(BASE + '/#/meetings?status=held')
  const card = page.locator('[data-test="meeting-card"]').first()
  await card.waitFor()
  assert.ok((await noSideScroll(page)).ok, 'no sideways scrolling on the list')
  await shot(page, '44-meetings-mobile')
  await axeCheck(page, 'meetings list 375')
  await card.click()
  await page.waitForURL(/#\/meetings\/\d+$/)
  await page.locator('[data-test="attendance-row"]').first().waitFor()
  assert.ok((await noSideScroll(page)).ok, 'no sideways scrolling on the meeting')
  await shot(page, '45-meeting-detail-mobile')
  await axeCheck(page, 'meeting detail 375')
  await page.close()
})

test('导出 writes the meetings of the search as the .xlsx users keep: every page, the same filters', async () => {
  const page = await newPage(browser)
  await login(page, 'yizhibu')
  await page.goto(BASE + '/#/meetings?status=held')
  await page.locator('[data-test="meeting-export"]').waitFor()
  const list = await apiGet(page, '/meetings?status=held&limit=200')
  assert.ok(list.total > 0, 'the branch has held meetings')
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="meeting-export"]').click()])
  assert.match(download.suggestedFilename(), /\.xlsx$/)
  const wb = XLSX.read(fs.readFileSync(await download.path()))
  const rows = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: false, defval: '' })
  assert.deepEqual(rows[0].slice(0, 4), ['编号', '组织', '类型', '主题'])
  assert.deepEqual(rows.slice(1).map((r) => Number(r[0])).sort((a, b) => a - b), list.items.map((m) => m.id).sort((a, b) => a - b))
  assert.ok(rows.slice(1).every((r) => r[9] === '已召开'))
  await page.close()
})
