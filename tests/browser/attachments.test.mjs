// Meeting attachments on the meeting's page: a secretary uploads a PNG (the file's bytes as the
// body), sees it listed with a download link that returns the same bytes, is told in words why a
// text file named .jpg is refused, and deletes it. (Who may do what: tests/http/attachments.test.mjs.)
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import fs from 'node:fs'
import { BASE, launch, newPage, login, shot, apiGet, apiSend, axeCheck, chinaTime } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e1ee2c0000000049454e44ae426082', 'hex')

test('a secretary uploads, downloads and deletes an attachment of a meeting', async () => {
  const page = await newPage(browser)
  await login(page, 'yizhibu')
  const me = await apiGet(page, '/me')
  const m = await apiSend(page, 'POST', '/meetings', { org_id: me.org_id, type: 'theme_day', topic: '附件页面测试' + Date.now().toString(36), starts_at: chinaTime(3 * 24 * 60), ends_at: chinaTime(3 * 24 * 60 + 60) })
  await page.goto(BASE + `/#/meetings/${m.id}`)
  const box = page.locator('[data-test="attachments"]')
  await box.waitFor()
  await box.getByText('暂无附件').waitFor()

  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'att-'))
  const png = path.join(dir, '支部活动照片.png')
  fs.writeFileSync(png, PNG)
  await box.locator('[data-test="attachment-file"]').setInputFiles(png)
  const link = box.locator('[data-test="attachment-link"]', { hasText: '支部活动照片.png' })
  await link.waitFor()
  await shot(page, '49-meeting-attachments')
  await axeCheck(page, 'meeting attachments')
  const res = await page.request.get(BASE + await link.getAttribute('href'))
  assert.equal(res.status(), 200)
  assert.equal(res.headers()['content-type'], 'image/png')
  assert.ok(Buffer.from(await res.body()).equals(PNG))

  const fake = path.join(dir, '假图片.jpg')
  fs.writeFileSync(fake, '这不是图片')
  await box.locator('[data-test="attachment-file"]').setInputFiles(fake)
  await box.locator('[data-test="attachment-error"]', { hasText: 'JPEG、PNG' }).waitFor()
  assert.equal((await apiGet(page, `/meetings/${m.id}/attachments`)).total, 1)

  await box.locator('[data-test="attachment-delete"]').first().click()
  await page.locator('.el-message-box .el-button--danger', { hasText: '删除' }).click()
  try {
    await box.getByText('暂无附件').waitFor()
  } catch (e) {
    await shot(page, '49-meeting-attachments-delete-failed')
    throw e
  }
  assert.equal((await apiGet(page, `/meetings/${m.id}/attachments`)).total, 0)
  await page.close()
})
