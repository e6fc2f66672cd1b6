// 需求"码"上提，医院马上办 (issue 16, seed 002): the closed lists of docs/API.md and small helpers
// the needs' pages share.

export const STATUSES = [
  { value: 'received', label: '待办理', tag: 'warning' },
  { value: 'in_progress', label: '办理中', tag: 'primary' },
  { value: 'solved', label: '已解决', tag: 'success' }
]
export const GRADES = [
  { value: 'normal', label: '一般', tag: 'primary' },
  { value: 'urgent', label: '较急', tag: 'warning' },
  { value: 'critical', label: '紧急', tag: 'danger' }
]
export const MODES = [
  { value: 'immediate', label: '立行立办' },
  { value: 'scheduled', label: '倒排工期' }
]
export const CATEGORIES = [
  { value: 'medical', label: '诊疗服务' }, { value: 'appointment', label: '挂号预约' }, { value: 'fees', label: '收费医保' },
  { value: 'environment', label: '就医环境' }, { value: 'attitude', label: '服务态度' }, { value: 'other', label: '其他' }
]

function find(list, v) { return list.find((x) => x.value === v) }
export const statusLabel = (v) => (find(STATUSES, v) || {}).label || v || ''
export const statusTag = (v) => (find(STATUSES, v) || {}).tag || 'info'
export const gradeLabel = (v) => (find(GRADES, v) || {}).label || ''
export const gradeTag = (v) => (find(GRADES, v) || {}).tag || 'info'
export const categoryLabel = (v) => (find(CATEGORIES, v) || {}).label || v || ''

/** The photo a need may carry: JPEG or PNG by its first bytes (as the server checks), 5 MB. */
export const PHOTO_MAX = 5 * 1024 * 1024
export async function photoType(file) {
  const b = new Uint8Array(await file.slice(0, 8).arrayBuffer())
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png'
  return null
}

/** A UTC time of the server ("2026-05-01T02:03:04Z") in China time as "YYYY-MM-DD HH:MM". */
export function chinaTime(ts) {
  const t = Date.parse(ts || '')
  return Number.isNaN(t) ? '' : new Date(t + 8 * 3600e3).toISOString().slice(0, 16).replace('T', ' ')
}
