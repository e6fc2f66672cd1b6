// Developing members: the board, the list, registering an applicant, advancing a step from the
// timeline (the next step's window shown, a rule broken explained in words), at 1440 and 375 px,
// with the axe check; 三培养.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { BASE, launch, newPage, login, shot, apiGet, apiSend, axeCheck, noSideScroll, makeIdNumber, uniqueName } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

/** YYYY-MM-DD of today plus days, in the browser's (and the server's) local time. */
function day(offset = 0) {
  const d = new Date()
  d.setDate(d.getDate() + offset)
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/** Types a date into the picker inside the step form. */
async function typeDate(page, value) {
  const input = page.locator('[data-test="step-form"] .el-form-item').filter({ has: page.locator('label:text-is("办理日期")') }).locator('input').first()
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await page.locator('.next-title').click()
}

test('a secretary registers an applicant and advances a step from the timeline (1440 px)', async () => {
  const page = await newPage(browser)
  await login(page, 'yizhibu')
  const me = await apiGet(page, '/me')
  await page.goto(BASE + '/#/development')
  await page.locator('[data-test="dev-stage-applicant"]').waitFor()
  await page.locator('[data-test="dev-due-talks_owed"]').waitFor()
  await shot(page, '60-development-board')
  await axeCheck(page, 'development board')

  await page.goto(BASE + '/#/applicants')
  await page.locator('[data-test="applicant-table"] .el-table__row').first().waitFor()
  await axeCheck(page, 'applicant list')
  await page.locator('[data-test="applicant-create"]').click()
  const dlg = page.locator('.el-dialog', { hasText: '登记入党申请人' })
  await dlg.waitFor()
  const item = (label) => dlg.locator('.el-form-item').filter({ has: page.locator(`label:text-is("${label}")`) })
  const name = uniqueName('申')
  await item('姓名').locator('input').fill(name)
  await item('身份证号').locator('input').fill(makeIdNumber('female', '1996-08-20').id)
  await item('身份证号').locator('input').press('Tab') // fills the birth date and gender from the number
  await item('科室').locator('input').fill('内科')
  await item('三培养').getByText('业务骨干').click()
  assert.match(await item('所在组织').innerText(), new RegExp(me.org_name))
  await axeCheck(page, 'applicant form')
  await dlg.locator('[data-test="applicant-save"]').click()
  await page.waitForURL(/#\/development\/applicants\/\d+$/)
  const id = Number(/applicants\/(\d+)/.exec(page.url())[1])
  const a = await apiGet(page, `/applicants/${id}`)
  assert.equal(a.name, name)
  assert.equal(a.birth_date, '1996-08-20')
  assert.equal(a.gender, 'female')
  assert.deepEqual(a.tags, ['业务骨干'])

  // Step 1, forty days ago; the talk is then owed by a date past: the window says so.
  await page.locator('[data-test="next-step"]', { hasText: '递交入党申请书' }).waitFor()
  await typeDate(page, day(-40))
  await page.locator('[data-test="step-record"]').click()
  await page.locator('.el-message--success', { hasText: '已登记第1步' }).waitFor()
  await page.locator('[data-test="next-step"]', { hasText: '党组织派人谈话' }).waitFor()
  const latest = (await apiGet(page, `/applicants/${id}`)).next_step.latest
  assert.match(await page.locator('[data-test="next-window"]').innerText(), new RegExp(latest))
  await shot(page, '61-applicant-timeline')
  await axeCheck(page, 'applicant timeline')

  // The talk today breaks the one-month rule: refused, the rule shown in words; a secretary
  // may not override it.
  await typeDate(page, day(0))
  await page.locator('[data-test="step-record"]').click()
  await page.locator('[data-test="step-breach"]', { hasText: '1个月内' }).waitFor()
  assert.match(await page.locator('[data-test="step-breach"]').innerText(), /院党委/)
  assert.equal(await page.locator('[data-test="step-override"]').count(), 0)
  assert.equal((await apiGet(page, `/applicants/${id}`)).last_step, 1)
  await axeCheck(page, 'applicant timeline with a rule broken')

  // Within the month: recorded, the timeline shows the date.
  await typeDate(page, day(-30))
  await page.locator('[data-test="step-record"]').click()
  await page.locator('.el-message--success', { hasText: '已登记第2步' }).waitFor()
  await page.locator('[data-test="step-2"]', { hasText: day(-30) }).waitFor()
  assert.equal((await apiGet(page, `/applicants/${id}`)).last_step, 2)
  await page.close()
})

test('the committee overrides a time rule with a reason, shown on the record', async () => {
  const page = await newPage(browser)
  await login(page, 'zxyjh')
  const branch = (await apiGet(page, '/orgs?q=' + encodeURIComponent('第一党支部') + '&limit=5')).items[0]
  const a = await apiSend(page, 'POST', '/applicants', {
    name: uniqueName('例'), gender: 'male', birth_date: '1992-02-11', id_number: makeIdNumber('male', '1992-02-11').id, org_id: branch.id
  })
  await apiSend(page, 'POST', `/applicants/${a.id}/steps`, { version: a.version, step: 1, done_on: day(-50) })
  await page.goto(BASE + `/#/development/applicants/${a.id}`)
  await page.locator('[data-test="next-step"]', { hasText: '党组织派人谈话' }).waitFor()
  await typeDate(page, day(-1))
  await page.locator('[data-test="step-record"]').click()
  const reason = page.locator('textarea[data-test="step-override"], [data-test="step-override"] textarea').first()
  await reason.waitFor()
  await reason.fill('申请人援藏医疗队外派，返回后即谈话')
  await page.locator('[data-test="step-record"]').click()
  await page.locator('.el-message--success', { hasText: '已登记第2步' }).waitFor()
  await page.locator('[data-test="step-2"]', { hasText: '例外理由：申请人援藏医疗队外派' }).waitFor()
  const s2 = (await apiGet(page, `/applicants/${a.id}`)).steps.find((s) => s.step === 2)
  assert.equal(s2.override_reason, '申请人援藏医疗队外派，返回后即谈话')
  await page.close()
})

test('step 15 is the branch general meeting\'s vote: short of quorum refused in words, then recorded with its figures and its papers', async () => {
  const page = await newPage(browser)
  await login(page, 'yizhibu')
  const me = await apiGet(page, '/me')
  const sponsors = (await apiGet(page, `/members?org=${me.org_id}&category=full&status=active&limit=2`)).items.map((m) => m.id)
  let a = await apiSend(page, 'POST', '/applicants', {
    name: uniqueName('表'), gender: 'female', birth_date: '1990-05-06', id_number: makeIdNumber('female', '1990-05-06').id, org_id: me.org_id
  })
  // Steps 1–14 on dates that keep every time rule (step 1 about 3.5 years ago).
  const at = { 1: 0, 2: 10, 3: 40, 4: 45, 5: 50, 6: 60, 7: 420, 8: 425, 9: 430, 10: 435, 11: 440, 12: 450, 13: 455, 14: 460 }
  for (let k = 1; k <= 14; k++) {
    const body = { version: a.version, step: k, done_on: day(-1300 + at[k]) }
    if (k === 5 || k === 9) body.people = sponsors
    if (k === 11) body.training_days = 3
    a = await apiSend(page, 'POST', `/applicants/${a.id}/steps`, body)
  }
  await page.goto(BASE + `/#/development/applicants/${a.id}`)
  await page.locator('[data-test="next-step"]', { hasText: '支部大会讨论' }).waitFor()
  await typeDate(page, day(-1300 + 470))
  const num = async (t, v) => { const i = page.locator(`[data-test="${t}"] input`); await i.fill(String(v)); await i.press('Tab') }
  await num('vote-entitled', 12)
  await num('vote-present', 6)
  await num('vote-for', 6)
  await page.locator('[data-test="step-record"]').click()
  await page.locator('[data-test="step-form"] .el-form-item__error', { hasText: '须至少7名' }).waitFor()
  assert.equal((await apiGet(page, `/applicants/${a.id}`)).last_step, 14)
  await num('vote-present', 10)
  await num('vote-for', 9)
  await page.locator('[data-test="step-record"]').click()
  await page.locator('.el-message--success', { hasText: '已登记第15步' }).waitFor()
  await page.locator('[data-test="step-15"] [data-test="step-vote"]', { hasText: '应到12人，实到10人，赞成9票' }).waitFor()
  assert.equal((await apiGet(page, `/applicants/${a.id}`)).stage, 'probationary')
  // The meeting's record filed with the step.
  const files = page.locator('[data-test="step-files-15"]')
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'step-'))
  const pdf = path.join(dir, '支部大会记录.pdf')
  fs.writeFileSync(pdf, '%PDF-1.4 支部大会记录')
  await files.locator('[data-test="attachment-file"]').setInputFiles(pdf)
  await files.locator('[data-test="attachment-link"]', { hasText: '支部大会记录.pdf' }).waitFor()
  const s15 = (await apiGet(page, `/applicants/${a.id}`)).steps.find((x) => x.step === 15)
  assert.deepEqual(s15.attachments.map((f) => f.name), ['支部大会记录.pdf'])
  await shot(page, 'development-vote')
  await axeCheck(page, 'step 15 vote')
  await page.close()
})

test('on a phone (375 px): the board, the list as cards, a step advanced from the timeline', async () => {
  const page = await newPage(browser, { width: 375, height: 812 })
  await login(page, 'yizhibu')
  const me = await apiGet(page, '/me')
  await page.goto(BASE + '/#/development')
  await page.locator('[data-test="dev-stage-full"]').waitFor()
  assert.ok((await noSideScroll(page)).ok, 'no side scroll on the board')
  await axeCheck(page, 'development board 375')
  await page.goto(BASE + '/#/applicants')
  await page.locator('[data-test="applicant-card"]').first().waitFor()
  assert.ok((await noSideScroll(page)).ok, 'no side scroll on the list')
  await axeCheck(page, 'applicant list 375')
  const a = await apiSend(page, 'POST', '/applicants', {
    name: uniqueName('机'), gender: 'female', birth_date: '1998-03-05', id_number: makeIdNumber('female', '1998-03-05').id, org_id: me.org_id
  })
  await page.goto(BASE + `/#/development/applicants/${a.id}`)
  await page.locator('[data-test="next-step"]', { hasText: '递交入党申请书' }).waitFor()
  await typeDate(page, day(-3))
  await page.locator('[data-test="step-record"]').click()
  await page.locator('.el-message--success', { hasText: '已登记第1步' }).waitFor()
  await page.locator('[data-test="step-1"]', { hasText: day(-3) }).waitFor()
  assert.ok((await noSideScroll(page)).ok, 'no side scroll on the timeline')
  await shot(page, '62-applicant-timeline-375')
  await axeCheck(page, 'applicant timeline 375')
  await page.close()
})

test('三培养 shows the three flows of the year', async () => {
  const page = await newPage(browser)
  await login(page, 'jianghai')
  await page.goto(BASE + '/#/three-cultivations')
  await page.locator('[data-test="cult-member_to_backbone"]').waitFor()
  for (const k of ['backbone_to_member', 'member_to_backbone', 'backbone_to_reserve']) await page.locator(`[data-test="cult-${k}"]`).waitFor()
  await shot(page, '63-three-cultivations')
  await axeCheck(page, 'three cultivations')
  await page.close()
})
