// Developing members (发展党员, DOMAIN.md §4): the five stages and their labels, shared by the
// board, the list, an applicant's timeline and 三培养.
export const STAGES = [
  { value: 'applicant', label: '入党申请人', tag: 'primary' },
  { value: 'activist', label: '入党积极分子', tag: 'success' },
  { value: 'candidate', label: '发展对象', tag: 'warning' },
  { value: 'probationary', label: '预备党员', tag: 'danger' },
  { value: 'full', label: '正式党员', tag: 'success' }
]
export const stageLabel = (v) => (STAGES.find((s) => s.value === v) || {}).label || v || ''
export const stageTag = (v) => (STAGES.find((s) => s.value === v) || {}).tag || 'primary'

/** The five stages with the steps that open each (a step's stage is the last whose first step it reaches). */
export const STAGE_STEPS = [
  { title: '申请入党', from: 1, to: 2 },
  { title: '入党积极分子的确定和培养教育', from: 3, to: 6 },
  { title: '发展对象的确定和考察', from: 7, to: 11 },
  { title: '预备党员的接收', from: 12, to: 18 },
  { title: '预备党员的教育考察和转正', from: 19, to: 25 }
]

/** The 25 steps' names (the server sends them too, with each step done). */
export const STEP_LABELS = [null, '递交入党申请书', '党组织派人谈话', '推荐和确定入党积极分子', '上级党委备案（入党积极分子）',
  '指定培养联系人', '培养教育考察', '确定发展对象', '报上级党委备案（发展对象）', '确定入党介绍人', '进行政治审查', '开展集中培训',
  '支部委员会审查', '上级党委预审', '填写入党志愿书', '支部大会讨论（接收预备党员）', '上级党委派人谈话', '上级党委审批',
  '再上级党委组织部门备案', '编入党支部和党小组', '入党宣誓', '继续教育考察', '提出转正申请', '支部大会讨论（转正）', '上级党委审批（转正）', '材料归档']

export const CULTIVATION_TAGS = ['业务骨干', '后备干部']

/** YYYY-MM-DD of today in the browser's time. */
export function today() {
  const d = new Date()
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

export function useNarrow() {
  return window.innerWidth < 768
}
