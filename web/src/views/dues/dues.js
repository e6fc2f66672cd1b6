// Party dues in the UI: amounts are integer fen from the server, shown as yuan; months are
// YYYY-MM in China time.

export const KINDS = { employed: '在职', retired: '离退休', low_income: '学生、失业、低保或救济', rural: '农民' }
export const METHODS = { cash: '现金', transfer: '转账', online: '线上缴纳' }

/** 1500 → "15.00" (null/undefined → "—"). */
export function yuan(fen) {
  if (fen === null || fen === undefined) return '—'
  const neg = fen < 0
  const a = Math.abs(fen)
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`
}

/** "15", "15.5", "15.00" → 1500; null when not an amount in yuan with at most two decimals. */
export function parseYuan(text) {
  const s = String(text ?? '').trim()
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s)
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'))
}

/** This month in China time plus k months, YYYY-MM. */
export function chinaMonth(k = 0) {
  const d = new Date(Date.now() + 8 * 3600e3)
  const n = d.getUTCFullYear() * 12 + d.getUTCMonth() + k
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`
}

export function chinaToday() {
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
}

/** Months between a and b (YYYY-MM): b - a. */
export function monthsBetween(a, b) {
  const n = (s) => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7)) - 1
  return n(b) - n(a)
}

/** The last n months up to this one, newest first. */
export function recentMonths(n = 24) {
  return Array.from({ length: n }, (_, i) => chinaMonth(-i))
}
