// 个人中心 for every role: one's own profile (from /me) and 修改密码 with the server's rules
// checked in the form, and the server's answer (POST /me/password) shown in Chinese.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, login, shot, apiGet, axeCheck, noSideScroll, endpointMissing } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

async function openProfile(page) {
  await page.locator('[data-test="current-user"]').click()
  await page.locator('[data-test="menu-profile"]:visible').click()
  await page.waitForURL(/#\/profile$/)
  await page.locator('[data-test="profile-info"]').waitFor()
}
const field = (page, label) => page.locator('[data-test="password-form"] .el-form-item').filter({ has: page.locator(`label:text-is("${label}")`) })

test('every role opens 个人中心 from the user menu and sees its own profile (1440 px, members at 375 px)', async () => {
  const roles = { admin: '系统管理员', jianghai: '组织管理员', zxyjh: '院党委', yizhibu: '支部书记', liyong: '支部书记', luolan: '党建指导员', reviewer: '审核员', member1: '党员' }
  for (const [user, roleLabel] of Object.entries(roles)) {
    const mobile = user === 'member1'
    const page = await newPage(browser, mobile ? { width: 375, height: 812 } : undefined)
    await login(page, user)
    await openProfile(page)
    const me = await apiGet(page, '/me')
    const info = await page.locator('[data-test="profile-info"]').innerText()
    assert.ok(info.includes(me.username), `${user}: username shown`)
    assert.ok(info.includes(roleLabel), `${user}: role ${roleLabel} shown`)
    if (me.org_name) assert.ok(info.includes(me.org_name), `${user}: organisation shown`)
    assert.equal(await page.locator('[data-test="profile-own-file"]').count(), me.member_id ? 1 : 0)
    if (user === 'jianghai' || mobile) {
      await shot(page, mobile ? '51-profile-mobile' : '50-profile')
      await axeCheck(page, `profile ${user}`)
    }
    if (mobile) assert.ok((await noSideScroll(page)).ok, 'no horizontal scroll at 375 px')
    await page.close()
  }
})

test('修改密码: the server’s rules are checked in the form before anything is sent', async () => {
  const page = await newPage(browser)
  await login(page, 'yizhibu')
  await openProfile(page)
  const sent = []
  page.on('request', (r) => { if (r.url().includes('/api/v1/me/password')) sent.push(r.url()) })
  const cases = [
    ['short1', '密码至少10个字符'],
    ['abcdefghijkl', '密码须同时包含字母和数字'],
    ['Xyizhibu2026', '密码不能包含用户名'],
    ['a1' + 'x'.repeat(127), '密码不能超过128个字符']
  ]
  await field(page, '原密码').locator('input').fill('dangjian2026')
  for (const [pw, msg] of cases) {
    await field(page, '新密码').locator('input').fill(pw)
    await field(page, '确认新密码').locator('input').fill(pw)
    await page.locator('[data-test="password-save"]').click()
    await field(page, '新密码').locator('.el-form-item__error', { hasText: msg }).waitFor()
  }
  await field(page, '新密码').locator('input').fill('Zhibu2026new')
  await field(page, '确认新密码').locator('input').fill('Zhibu2026neW')
  await page.locator('[data-test="password-save"]').click()
  await field(page, '确认新密码').locator('.el-form-item__error', { hasText: '两次输入的新密码不一致' }).waitFor()
  assert.equal(sent.length, 0, 'nothing sent while the form is wrong')
  await page.close()
})

test('修改密码 against the server: a wrong old password is named on its field; the new password works', async (t) => {
  const page = await newPage(browser)
  await login(page, 'admin')
  if (await endpointMissing(page, '/me/password', 'POST', {})) {
    t.skip('POST /api/v1/me/password answers 404: the server does not have it yet (runs once it does)')
    await page.close()
    return
  }
  // A throw-away account, so that the demo logins keep their password.
  const me = await apiGet(page, '/me')
  const username = 'pw' + Date.now().toString(36)
  const res = await page.request.post(BASE + '/api/v1/users', { headers: { 'X-CSRF-Token': me.csrf_token },
    data: { username, display_name: '改密测试', role: 'secretary', org_id: 3, password: 'Start2026abc' } })
  assert.equal(res.status(), 201, await res.text())
  await page.close()

  const p = await newPage(browser)
  await login(p, username, 'Start2026abc')
  await openProfile(p)
  await field(p, '原密码').locator('input').fill('Wrong2026abc')
  await field(p, '新密码').locator('input').fill('Second2026xyz')
  await field(p, '确认新密码').locator('input').fill('Second2026xyz')
  await p.locator('[data-test="password-save"]').click()
  const oldErr = field(p, '原密码').locator('.el-form-item__error')
  await oldErr.waitFor()
  assert.match(await oldErr.innerText(), /[\u4e00-\u9fff]/, 'the message is Chinese')
  await shot(p, '52-profile-wrong-old-password')
  await field(p, '原密码').locator('input').fill('Start2026abc')
  await p.locator('[data-test="password-save"]').click()
  await p.locator('.el-message--success', { hasText: '密码已修改' }).waitFor()
  // Every session of the account ended, this one too: back to the sign-in page, which says why.
  await p.locator('[data-test="password-changed"]').waitFor()
  await p.close()

  const again = await newPage(browser)
  await login(again, username, 'Second2026xyz')
  await again.close()
})
