// Key tasks (项目化管理 + 清单化推进 + 责任化落实; DOMAIN.md §7): lists and helpers.

export const STATUSES = [
  { value: 'planned', label: '未启动', tag: 'primary' },
  { value: 'ongoing', label: '推进中', tag: 'warning' },
  { value: 'done', label: '已完成', tag: 'success' },
  { value: 'suspended', label: '已暂停', tag: 'danger' }
]
export const MILESTONE_STATES = {
  pending: { label: '未到期', tag: 'primary' },
  late: { label: '已逾期', tag: 'danger' },
  done: { label: '按期完成', tag: 'success' },
  done_late: { label: '逾期完成', tag: 'warning' }
}
export function statusTag(v) { const s = STATUSES.find((x) => x.value === v); return s ? s.tag : 'info' }
export function chinaToday() { return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10) }
