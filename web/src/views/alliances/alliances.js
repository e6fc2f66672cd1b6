// 红联共建 (DOMAIN.md §7, seeds 003, 004): the closed lists of docs/API.md and small helpers the
// alliance pages share.

export const KINDS = [
  { value: '1+1', label: '“1+1”结对共建', short: '1+1' },
  { value: '1+N', label: '“1+N”联盟共建', short: '1+N' }
]
export const ACTIVITY_KINDS = [
  { value: 'study', label: '联学' },
  { value: 'joint', label: '联办' },
  { value: 'training', label: '培训' },
  { value: 'clinic', label: '义诊' },
  { value: 'lecture', label: '讲座' }
]
export const RESOURCE_KINDS = [
  { value: 'expert', label: '专家' },
  { value: 'equipment', label: '设备' },
  { value: 'training_slot', label: '培训名额' },
  { value: 'venue', label: '场地' },
  { value: 'other', label: '其他' }
]
export const OWNERSHIP = { public: { label: '公立', tag: 'primary' }, private: { label: '民营', tag: 'danger' }, mixed: { label: '公立+民营', tag: 'warning' } }

export function ownershipLabel(v) { return (OWNERSHIP[v] || { label: '机关/其他' }).label }
export function ownershipTag(v) { return (OWNERSHIP[v] || { tag: 'info' }).tag }
export const MONTH_LABELS = Array.from({ length: 12 }, (_, i) => `${i + 1}月`)

/** This year and this month in China time (UTC+8), as the server counts them. */
export function chinaMonth() { return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7) }
export function chinaYear() { return Number(chinaMonth().slice(0, 4)) }
