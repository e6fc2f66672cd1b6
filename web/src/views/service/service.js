// Volunteer service (志愿服务, 义诊; DOMAIN.md §7): the kinds of event and small helpers.
export const KINDS = [
  { value: 'free_clinic', label: '义诊', tag: 'danger' },
  { value: 'remote', label: '远程诊疗', tag: 'primary' },
  { value: 'lecture', label: '健康讲座', tag: 'success' },
  { value: 'volunteer', label: '志愿服务', tag: 'warning' },
  { value: 'other', label: '其他', tag: 'info' }
]
export function kindLabel(v) { const k = KINDS.find((x) => x.value === v); return k ? k.label : (v || '') }
export function kindTag(v) { const k = KINDS.find((x) => x.value === v); return k ? k.tag : 'info' }
/** Fen as yuan with two decimals and thousands separators. */
export function yuan(fen) { return ((fen || 0) / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) }
/** Yuan typed by a person ("1,234.5") as fen, or null when it is not an amount. */
export function toFen(text) {
  const s = String(text ?? '').replace(/[,，\s]/g, '')
  if (s === '') return 0
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null
  return Math.round(Number(s) * 100)
}
export const chinaToday = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
