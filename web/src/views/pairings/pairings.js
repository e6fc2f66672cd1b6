// The 201 project (201工程, 红色指导员; DOMAIN.md §7): the closed lists of docs/API.md and small
// helpers its pages share.

/** The three steps of the three years (三年三步走), in order. */
export const STAGES = [
  { value: 'framework', label: '搭架子', tag: 'warning' },
  { value: 'regular', label: '正常化', tag: 'primary' },
  { value: 'results', label: '见成效', tag: 'success' }
]

export const MILESTONE_STATES = {
  pending: { label: '未到期', tag: 'primary' },
  late: { label: '已逾期', tag: 'danger' },
  done: { label: '按期完成', tag: 'success' },
  done_late: { label: '逾期完成', tag: 'warning' }
}

export const CHECK_AREAS = { members: '党员档案', meetings: '会议登记本', dues: '党费', activities: '活动记录', coverage: '组织覆盖' }

function find(list, v) { return list.find((x) => x.value === v) }
export function stageLabel(v) { const s = find(STAGES, v); return s ? s.label : (v || '') }
export function stageTag(v) { const s = find(STAGES, v); return s ? s.tag : 'info' }
/** The stage after v, or null at the last. */
export function nextStage(v) { const i = STAGES.findIndex((s) => s.value === v); return i >= 0 && i + 1 < STAGES.length ? STAGES[i + 1] : null }
export function stars(n) { return n > 0 ? '★'.repeat(n) : '' }

/** Today in China time (UTC+8) as YYYY-MM-DD, as the server counts it. */
export function chinaToday() { return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10) }

/** The pairing's share of its term elapsed, 0–100. */
export function elapsedPercent(p) {
  const s = Date.parse(p.started_on), e = Date.parse(p.ends_on), t = Date.parse(chinaToday())
  if (!(e > s)) return 0
  return Math.max(0, Math.min(100, Math.round(((t - s) / (e - s)) * 100)))
}
