// Shared helpers for the browser tests: one Chromium per test file, fresh profile, logins.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { idCheckChar } from '../http/lib.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
export const BASE = (process.env.DJ_URL || 'http://127.0.0.1:8080').replace(/\/$/, '')
export const SHOTS = process.env.DJ_SCREENSHOTS || path.join(here, 'screenshots')
export const PASSWORD = 'dangjian2026'

/**
 * Launches Debian's Chromium headless with a throw-away profile (a persistent context on a
 * fresh --user-data-dir, which Playwright only accepts this way). Close it with close().
 */
export async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dj-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    locale: 'zh-CN'
  })
  const close = context.close.bind(context)
  context.close = async () => {
    await close()
    fs.rmSync(profile, { recursive: true, force: true })
  }
  return context
}

/** A new page with the given viewport, signed out: the cookies of the (one, shared) profile are cleared. */
export async function newPage(context, viewport = { width: 1440, height: 900 }) {
  await context.clearCookies()
  const page = await context.newPage()
  await page.setViewportSize(viewport)
  page.setDefaultTimeout(15000)
  page.on('pageerror', (e) => console.error('[page error]', e.message))
  return page
}

/** Logs in through the login form and waits for the first page after it. */
export async function login(page, username, password = PASSWORD) {
  await page.goto(BASE + '/#/login')
  await page.locator('input[name="username"]').fill(username)
  await page.locator('input[name="password"]').fill(password)
  await page.getByRole('button', { name: '登 录' }).click()
  await page.waitForURL((u) => !u.hash.startsWith('#/login'), { timeout: 15000 })
  await page.locator('[data-test="current-user"]').waitFor()
}

/** Saves a full-page PNG screenshot for people to look at. */
export async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.waitForTimeout(300) // let transitions and charts settle
  await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: true })
}

/** GET on the API with the page's session cookie. */
export async function apiGet(page, pathAndQuery) {
  const res = await page.request.get(BASE + '/api/v1' + pathAndQuery)
  if (!res.ok()) throw new Error(`GET ${pathAndQuery} → ${res.status()} ${await res.text()}`)
  return res.json()
}

/** Finds a party branch in the caller's scope: {id, name}. */
export async function findBranch(page) {
  const data = await apiGet(page, '/orgs?type=branch&q=' + encodeURIComponent('支部') + '&limit=50')
  const b = (data.items || []).find((o) => o.type === 'branch' && !o.deleted) || (data.items || [])[0]
  if (!b) throw new Error('no branch found in scope')
  return b
}

/**
 * A valid 18-digit ID number: {id, birth: 'YYYY-MM-DD', gender: 'male'|'female'}.
 * Born 1965–1990, so that joining in 2010 or later is at 18 or over.
 */
// The check character comes from the HTTP suite's helpers: one implementation of GB 11643.
export { idCheckChar }

export function makeIdNumber(gender = 'male', birth = null) {
  const rnd = (a, b) => a + Math.floor(Math.random() * (b - a + 1))
  const pad = (n, w = 2) => String(n).padStart(w, '0')
  const b = birth || `${rnd(1965, 1990)}-${pad(rnd(1, 12))}-${pad(rnd(1, 28))}`
  let seq = rnd(100, 998)
  if ((seq % 2 === 1) !== (gender === 'male')) seq += 1
  const first17 = '440703' + b.replaceAll('-', '') + pad(seq, 3)
  return { id: first17 + idCheckChar(first17), birth: b, gender }
}

/** A random Chinese name unlikely to exist in the demo data. */
export function uniqueName(prefix = '测') {
  const chars = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉'
  let s = prefix
  for (let i = 0; i < 3; i++) s += chars[Math.floor(Math.random() * chars.length)]
  return s
}

/** Fills an Element Plus date picker inside a form item labelled `label`. */
export async function fillDate(scope, label, value) {
  const input = scope.locator('.el-form-item').filter({ has: scope.page().locator(`label:text-is("${label}")`) }).locator('input').first()
  await input.click()
  await input.fill(value)
  await input.press('Enter')
}

/**
 * Accessibility check with axe-core: fails on any serious or critical violation of the page as
 * it is now (WCAG 2.x A and AA rules), naming each rule and the elements at fault.
 */
export async function axeCheck(page, label) {
  const { default: AxeBuilder } = await import('@axe-core/playwright')
  await page.waitForTimeout(500) // let transitions (tree expansion, fades) finish: colours are read as shown
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n` +
    v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}  ${(n.failureSummary || '').split('\n').slice(1, 2).join('')}\n      ${(n.html || '').slice(0, 160)}`).join('\n')).join('\n')
  if (bad.length) throw new Error(`axe (${label}): ${bad.length} serious/critical violation(s)\n${report}`)
  return results
}

/**
 * For tests of an endpoint the server may not have yet (written against the agreed contract):
 * true when the server answers 404 to it, with the page's session and CSRF token (the test then
 * skips, saying so). Any other answer (200, 401, 403, 422...) means the endpoint is there.
 */
export async function endpointMissing(page, pathAndQuery, method = 'GET', data = undefined) {
  const headers = {}
  if (method !== 'GET') {
    const me = await (await page.request.get(BASE + '/api/v1/me')).json()
    headers['X-CSRF-Token'] = me.csrf_token
  }
  const res = await page.request.fetch(BASE + '/api/v1' + pathAndQuery, { method, headers, data })
  return res.status() === 404
}

/** Whether the page has no horizontal scroll. */
export async function noSideScroll(page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth
  }))
  return { ok: scrollWidth <= clientWidth, scrollWidth, clientWidth }
}

/** A write on the API with the page's session and its CSRF token: the parsed answer, or throws with the status. */
export async function apiSend(page, method, pathAndQuery, data = undefined) {
  const me = await (await page.request.get(BASE + '/api/v1/me')).json()
  const res = await page.request.fetch(BASE + '/api/v1' + pathAndQuery, {
    method, data, headers: { 'X-CSRF-Token': me.csrf_token, ...(data !== undefined ? { 'Content-Type': 'application/json' } : {}) }
  })
  const text = await res.text()
  if (!res.ok()) throw Object.assign(new Error(`${method} ${pathAndQuery} → ${res.status()} ${text}`), { status: res.status() })
  return text ? JSON.parse(text) : null
}

/** China time (the server's time for meetings) `minutes` from now, as YYYY-MM-DDTHH:MM. */
export function chinaTime(minutes = 0) {
  return new Date(Date.now() + (8 * 60 + minutes) * 60000).toISOString().slice(0, 16)
}
