// 三重一大 (DOMAIN.md §7, seed 002): the closed lists of docs/API.md and helpers its pages share.

export const CATEGORIES = [
  { value: 'decision', label: '重大决策', tag: 'danger' },
  { value: 'appointment', label: '重要人事任免', tag: 'warning' },
  { value: 'project', label: '重大项目安排', tag: 'primary' },
  { value: 'funds', label: '大额资金使用', tag: 'success' }
]

export const REPORT_STATES = {
  pending: { label: '待报告', tag: 'primary' },
  overdue: { label: '逾期未报告', tag: 'danger' },
  reported: { label: '已按期报告', tag: 'success' },
  reported_late: { label: '逾期报告', tag: 'warning' }
}

export function categoryLabel(v) { const c = CATEGORIES.find((x) => x.value === v); return c ? c.label : v || '' }
export function categoryTag(v) { const c = CATEGORIES.find((x) => x.value === v); return c ? c.tag : 'info' }
/** Fen as yuan with two decimals and thousands separators; '' for none. */
export function yuan(fen) {
  if (fen === null || fen === undefined || fen === '') return ''
  return (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}
export function votesText(d) { return `赞成 ${d.votes_for}，反对 ${d.votes_against}，弃权 ${d.votes_abstain}` }
/** Today in China time (UTC+8) as YYYY-MM-DD, as the server counts it. */
export function chinaToday() { return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10) }
