// Organisational life (组织生活): the closed lists of docs/API.md and small helpers its pages share.

/** Meeting types, in the order people plan them (三会一课 first). */
export const MEETING_TYPES = [
  { value: 'branch_assembly', label: '支部党员大会' },
  { value: 'committee', label: '支部委员会会议' },
  { value: 'group', label: '党小组会' },
  { value: 'lecture', label: '党课' },
  { value: 'theme_day', label: '主题党日' },
  { value: 'life_meeting', label: '组织生活会' },
  { value: 'appraisal', label: '民主评议党员' },
  { value: 'talk', label: '谈心谈话' },
  { value: 'joint_study', label: '共建联学' }
]

export const MEETING_STATUSES = [
  { value: 'planned', label: '计划', tag: 'primary' },
  { value: 'held', label: '已召开', tag: 'success' },
  { value: 'cancelled', label: '已取消', tag: 'info' }
]

export const ATTENDANCE_STATUSES = [
  { value: 'present', label: '出席', tag: 'success' },
  { value: 'leave', label: '请假', tag: 'warning' },
  { value: 'absent', label: '缺席', tag: 'danger' },
  { value: 'unmarked', label: '未登记', tag: 'info' }
]

/** Meetings whose votes are recorded (decisions): 支部党员大会 and 支部委员会会议. */
export const VOTING_TYPES = ['branch_assembly', 'committee']

export const COMPLIANCE_STATES = {
  met: { label: '已完成', tag: 'success' },
  todo: { label: '待完成', tag: 'warning' },
  missed: { label: '未完成', tag: 'danger' },
  not_required: { label: '不要求', tag: 'info' }
}

function find(list, value) { return list.find((x) => x.value === value) }
export function typeLabel(v) { const t = find(MEETING_TYPES, v); return t ? t.label : (v || '') }
export function statusLabel(v) { const t = find(MEETING_STATUSES, v); return t ? t.label : (v || '') }
export function statusTag(v) { const t = find(MEETING_STATUSES, v); return t ? t.tag : 'info' }
export function attendanceLabel(v) { const t = find(ATTENDANCE_STATUSES, v); return t ? t.label : (v || '') }
export function attendanceTag(v) { const t = find(ATTENDANCE_STATUSES, v); return t ? t.tag : 'info' }

/**
 * '2026-03-05T14:00' → '2026-03-05 14:00'. A moment with a zone (a check-in's '…T06:51:00Z') is
 * shown in China time, as the meetings' own times are.
 */
export function showTime(t) {
  if (!t) return '—'
  const s = String(t)
  if (/(Z|[+-]\d\d:?\d\d)$/.test(s)) {
    const d = new Date(s)
    if (!Number.isNaN(d.getTime())) return new Date(d.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ')
  }
  return s.replace('T', ' ')
}

/** A meeting's time span: '2026-03-05 14:00–16:00' (the end's date only when it differs). */
export function showSpan(m) {
  if (!m || !m.starts_at) return '—'
  const s = showTime(m.starts_at)
  if (!m.ends_at) return s
  const sameDay = m.ends_at.slice(0, 10) === m.starts_at.slice(0, 10)
  return s + '–' + (sameDay ? m.ends_at.slice(11) : showTime(m.ends_at))
}

/** The first and last day of a compliance period ('2026-03', '2026-Q1', '2026'): {from, to}. */
export function periodRange(period) {
  const p = String(period || '')
  const pad = (n) => String(n).padStart(2, '0')
  const lastDay = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate()
  let m = /^(\d{4})-(\d{2})$/.exec(p)
  if (m) { const y = +m[1]; const mo = +m[2]; return { from: `${y}-${pad(mo)}-01`, to: `${y}-${pad(mo)}-${lastDay(y, mo)}` } }
  m = /^(\d{4})-Q([1-4])$/.exec(p)
  if (m) { const y = +m[1]; const q = +m[2]; const a = q * 3 - 2; const b = q * 3; return { from: `${y}-${pad(a)}-01`, to: `${y}-${pad(b)}-${lastDay(y, b)}` } }
  m = /^(\d{4})$/.exec(p)
  if (m) return { from: `${m[1]}-01-01`, to: `${m[1]}-12-31` }
  return { from: '', to: '' }
}

/** A period in words: '2026-03' → '3月', '2026-Q1' → '第一季度', '2026' → '全年'. */
export function periodLabel(period) {
  const p = String(period || '')
  let m = /^\d{4}-(\d{2})$/.exec(p)
  if (m) return `${+m[1]}月`
  m = /^\d{4}-Q([1-4])$/.exec(p)
  if (m) return `第${'一二三四'[+m[1] - 1]}季度`
  if (/^\d{4}$/.test(p)) return '全年'
  return p
}

/** A share 0–1 as a percentage, or '—'. */
export function percent(rate) {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`
}

/** The current year in China time (the server's "now" for meetings). */
export function chinaYear() {
  return Number(new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 4))
}
