// Creating a member through the form, finding it in the list and by search, editing it.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, login, shot, findBranch, makeIdNumber, uniqueName, fillDate, apiGet } from './helpers.mjs'

let browser
before(async () => { browser = await launch() })
after(async () => { await browser.close() })

test('admin creates a member through the form, sees it in the list and finds it by name', async () => {
  const page = await newPage(browser)
  await login(page, 'admin')
  const branch = await findBranch(page)
  await page.goto(`${BASE}/#/members?org=${branch.id}&org_name=${encodeURIComponent(branch.name)}`)
  await page.locator('[data-test="member-table"] .el-table__row').first().waitFor()
  const totalBefore = (await apiGet(page, `/members?org=${branch.id}&limit=1`)).total

  const name = uniqueName('新')
  const person = makeIdNumber('female', '1990-05-17')
  await page.locator('[data-test="member-create"]').click()
  const dlg = page.locator('.el-dialog', { hasText: '新增党员' })
  await dlg.waitFor()

  // A wrong check character is refused in the form itself.
  const bad = person.id.slice(0, 17) + (person.id[17] === '0' ? '1' : '0')
  await dlg.locator('input[name="id_number"]').fill(bad)
  await dlg.locator('input[name="name"]').click()
  await dlg.locator('.el-form-item__error', { hasText: '校验位' }).waitFor()

  await dlg.locator('input[name="name"]').fill(name)
  await dlg.locator('input[name="id_number"]').fill(person.id)
  // Birth date and gender are filled from the ID number.
  const birthInput = dlg.locator('.el-form-item', { hasText: '出生日期' }).locator('input').first()
  await assert.doesNotReject(async () => {
    for (let i = 0; i < 20 && (await birthInput.inputValue()) !== person.birth; i++) await page.waitForTimeout(100)
  })
  assert.equal(await birthInput.inputValue(), person.birth)
  assert.ok(await dlg.locator('.el-radio.is-checked', { hasText: '女' }).isVisible(), 'gender filled from ID number')
  await dlg.locator('input[name="phone"]').fill('13712345678')
  await dlg.locator('input[name="department"]').fill('内科')
  await fillDate(dlg, '入党日期', '2015-07-01')
  await fillDate(dlg, '转正日期', '2016-07-01')
  await shot(page, '10-member-form')
  await dlg.locator('[data-test="member-save"]').click()
  await dlg.waitFor({ state: 'hidden' })

  // The list reloads with one more member (the new one may be on a later page) ...
  const table = page.locator('[data-test="member-table"]')
  await page.locator('.el-pagination__total', { hasText: String(totalBefore + 1) }).waitFor()

  // ... and searching by name shows exactly it.
  await page.locator('[data-test="member-search"]').fill(name)
  await page.locator('[data-test="member-search-btn"]').click()
  await page.waitForFunction((n) => {
    const rows = [...document.querySelectorAll('[data-test="member-table"] .el-table__body-wrapper .el-table__row')]
    return rows.length >= 1 && rows.every((r) => r.innerText.includes(n))
  }, name)
  assert.match(await page.locator('.el-pagination__total').innerText(), /1/)
  await shot(page, '11-member-search')

  // The server has it, with the birth date and gender taken from the ID number.
  const found = await apiGet(page, '/members?q=' + encodeURIComponent(name))
  assert.equal(found.total, 1)
  assert.equal(found.items[0].birth_date, person.birth)
  assert.equal(found.items[0].gender, 'female')

  // Open the detail page, edit a field, see it in the history.
  await table.locator('.el-table__row', { hasText: name }).locator('a').first().click()
  await page.locator('[data-test="member-name"]', { hasText: name }).waitFor()
  await page.locator('[data-test="member-edit"]').click()
  const edit = page.locator('.el-dialog', { hasText: '编辑党员信息' })
  await edit.waitFor()
  await edit.locator('input[name="department"]').fill('心血管内科')
  await edit.locator('[data-test="member-save"]').click()
  await edit.waitFor({ state: 'hidden' })
  await page.locator('[data-test="member-detail"]', { hasText: '心血管内科' }).waitFor()
  await page.locator('[data-test="member-history"]', { hasText: '科室' }).waitFor()
  await shot(page, '12-member-detail-after-edit')
  await page.close()
})

test('a duplicate ID number is refused with the server message', async () => {
  const page = await newPage(browser)
  await login(page, 'admin')
  const branch = await findBranch(page)
  const existing = (await apiGet(page, `/members?org=${branch.id}&limit=1`)).items[0]
  assert.ok(existing, 'the demo branch has members')
  const full = await apiGet(page, `/members/${existing.id}`)
  assert.ok(!full.id_number.includes('*'), 'admin sees the ID number unmasked')
  await page.goto(`${BASE}/#/members?org=${branch.id}&org_name=${encodeURIComponent(branch.name)}`)
  await page.locator('[data-test="member-create"]').click()
  const dlg = page.locator('.el-dialog', { hasText: '新增党员' })
  await dlg.waitFor()
  await dlg.locator('input[name="name"]').fill(uniqueName('重'))
  await dlg.locator('input[name="id_number"]').fill(full.id_number)
  await fillDate(dlg, '入党日期', '2020-07-01')
  await fillDate(dlg, '转正日期', '2021-07-01')
  await dlg.locator('[data-test="member-save"]').click()
  await page.locator('.el-message--error').first().waitFor()
  assert.ok(await dlg.isVisible(), 'the dialog stays open')
  // The server names the field at fault; the form marks it.
  const idItem = dlg.locator('.el-form-item').filter({ has: page.locator('label:text-is("身份证号")') })
  await idItem.locator('.el-form-item__error').waitFor()
  assert.match(await idItem.getAttribute('class'), /is-error/)
  await page.close()
})

test('saving over someone else\'s change says the data was modified', async () => {
  const page = await newPage(browser)
  await login(page, 'liyong')
  const mine = (await apiGet(page, '/members?limit=1')).items[0]
  assert.ok(mine, 'the secretary sees members of the branch')
  await page.goto(`${BASE}/#/members/${mine.id}`)
  await page.locator('[data-test="member-name"]', { hasText: mine.name }).waitFor()
  await page.locator('[data-test="member-edit"]').click()
  const edit = page.locator('.el-dialog', { hasText: '编辑党员信息' })
  await edit.waitFor()

  // Someone else saves first.
  const me = await apiGet(page, '/me')
  const current = await apiGet(page, `/members/${mine.id}`)
  const res = await page.request.patch(`${BASE}/api/v1/members/${mine.id}`, {
    headers: { 'X-CSRF-Token': me.csrf_token }, data: { version: current.version, title: '副主任医师' }
  })
  assert.equal(res.status(), 200, await res.text())

  await edit.locator('input[name="department"]').fill('老年病科')
  await edit.locator('[data-test="member-save"]').click()
  await page.locator('.el-message--error', { hasText: '数据已被他人修改，请刷新后重试' }).waitFor()
  assert.equal((await apiGet(page, `/members/${mine.id}`)).title, '副主任医师', 'the other change is kept')
  await page.close()
})
