// The same checks as the server (docs/API.md "Validation"), so forms fail early and clearly.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

function pad(n) { return String(n).padStart(2, '0') }
export function todayISO() {
  const d = new Date()
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
function validDate(y, m, d) {
  const t = new Date(Date.UTC(y, m - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
}

/**
 * Parses a Chinese resident ID number (GB 11643-1999).
 * Returns {ok:true, birthDate:'YYYY-MM-DD', gender:'male'|'female'} or {ok:false, message}.
 */
export function parseIdNumber(raw) {
  const s = String(raw || '').trim().toUpperCase()
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, message: '身份证号应为18位，前17位为数字，末位为数字或X' }
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * ID_WEIGHTS[i]
  if (ID_CHECK[sum % 11] !== s[17]) return { ok: false, message: '身份证号校验位不正确' }
  const y = Number(s.slice(6, 10)); const m = Number(s.slice(10, 12)); const d = Number(s.slice(12, 14))
  if (!validDate(y, m, d) || y < 1900) return { ok: false, message: '身份证号中的出生日期无效' }
  const birthDate = `${y}-${pad(m)}-${pad(d)}`
  if (birthDate > todayISO()) return { ok: false, message: '身份证号中的出生日期不能晚于今天' }
  return { ok: true, birthDate, gender: Number(s[16]) % 2 === 1 ? 'male' : 'female', value: s }
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** Checks an 18-character unified social credit code (GB 32100-2015); returns an error message or ''. */
export function creditCodeError(raw) {
  const s = String(raw || '').trim().toUpperCase()
  if (s.length !== 18) return '统一社会信用代码应为18位'
  let sum = 0
  for (let i = 0; i < 18; i++) {
    const v = CREDIT_CHARS.indexOf(s[i])
    if (v < 0) return `统一社会信用代码含非法字符“${s[i]}”`
    if (i < 17) sum += v * CREDIT_WEIGHTS[i]
  }
  let check = 31 - (sum % 31)
  if (check === 31) check = 0
  if (CREDIT_CHARS[check] !== s[17]) return '统一社会信用代码校验位不正确'
  return ''
}

export function phoneError(raw) {
  const s = String(raw || '').trim()
  if (!s || s.includes('*')) return ''
  return /^1\d{10}$/.test(s) ? '' : '手机号应为以1开头的11位数字'
}

/** Tags as the server checks them (domain/member_rules.h): at most 20, each 1-50 characters. '' when fine. */
export function tagsError(tags) {
  const list = tags || []
  if (list.length > 20) return `标签不能超过20个（当前${list.length}个）`
  for (let i = 0; i < list.length; i++) {
    const t = String(list[i] ?? '').trim()
    if (!t) return `第${i + 1}个标签为空`
    const n = [...t].length
    if (n > 50) return `第${i + 1}个标签超过50个字（当前${n}个）`
  }
  return ''
}

/** Adds whole years to an ISO date (Feb 29 → Feb 28 when needed). */
export function addYears(iso, years) {
  const [y, m, d] = iso.split('-').map(Number)
  const ny = y + years
  const day = validDate(ny, m, d) ? d : d - 1
  return `${ny}-${pad(m)}-${pad(day)}`
}

/**
 * The server's password rule (src/domain/password.c), the same messages: not empty; 10 to 128
 * bytes (UTF-8, as the server counts them); an ASCII letter and a digit; not containing the user
 * name (ignoring case). '' when acceptable.
 */
export function passwordError(p, username = '') {
  if (!p) return '密码不能为空'
  const bytes = new TextEncoder().encode(p).length
  if (bytes < 10) return '密码至少10个字符'
  if (bytes > 128) return '密码不能超过128个字符'
  if (!/[A-Za-z]/.test(p) || !/[0-9]/.test(p)) return '密码须同时包含字母和数字'
  if (username && p.toLowerCase().includes(String(username).toLowerCase())) return '密码不能包含用户名'
  return ''
}

/** Whether a message is written in Chinese (the server's are; anything else gets ours). */
export function isChinese(msg) {
  return /[\u4e00-\u9fff]/.test(String(msg || ''))
}

/**
 * A text field's rule: trimmed before it is checked (spaces alone are empty), required or not,
 * at most `max` characters (counted as the server does: code points), with the field's name.
 */
export function textRule(name, { required = false, max = 0 } = {}) {
  return {
    trigger: ['blur', 'change'],
    validator: (_r, value, cb) => {
      const s = String(value ?? '').trim()
      if (required && !s) return cb(new Error(`请输入${name}`))
      const n = [...s].length
      if (max && n > max) return cb(new Error(`${name}不能超过${max}个字（当前${n}个）`))
      cb()
    }
  }
}

/** Wraps a message-returning check as an el-form rule validator. */
export function rule(check, trigger = 'blur') {
  return {
    trigger,
    validator: (_r, value, cb) => {
      const msg = check(value)
      if (msg) cb(new Error(msg))
      else cb()
    }
  }
}
