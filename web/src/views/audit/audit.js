// The audit log in words: actions, object types, field names, a readable diff of before → after,
// and the page of the object a record is about.
import { label } from '../../meta.js'
import { MEMBER_FIELD_LABELS, showValue } from '../members/fields.js'

export const ACTIONS = {
  create: '新增', update: '修改', delete: '删除', restore: '恢复', transfer: '组织关系转接', import: '导入',
  create_links: '设置关联', update_links: '修改关联', unlock: '解锁账号', passwd: '重设密码', password: '修改密码', demo: '演示数据'
}
export const OBJECT_TYPES = { member: '党员', org: '组织', institution: '医疗机构', user: '用户', system: '系统' }

const FIELD_LABELS = {
  common: { id: '编号', deleted_at: '删除时间', org_path: '组织路径', path: '组织路径' },
  member: MEMBER_FIELD_LABELS,
  org: { name: '组织名称', type: '组织类型', parent_id: '上级组织', departments: '覆盖科室', established_on: '成立日期', term_start: '任期开始',
    term_end: '任期结束', committee: '班子成员', institution_ids: '关联医疗机构', institutions: '关联医疗机构' },
  institution: { name: '机构名称', credit_code: '统一社会信用代码', ownership: '所有制', kind: '机构类别', grade: '等级', district: '所在区县',
    address: '地址', latitude: '纬度', longitude: '经度', staff_count: '职工人数', org_ids: '关联党组织', orgs: '关联党组织', registered_by_org_id: '登记单位' },
  user: { username: '用户名', display_name: '姓名', role: '角色', org_id: '所属组织', member_id: '关联党员', disabled: '停用', password_hash: '密码' }
}
// Bookkeeping columns, not changes anyone made.
const IGNORED = new Set(['version', 'updated_at', 'created_at', 'search_text', 'name_pinyin'])

export function fieldLabel(type, field) {
  return (FIELD_LABELS[type] && FIELD_LABELS[type][field]) || FIELD_LABELS.common[field] || field
}

function parse(v) {
  if (typeof v !== 'string') return v
  try { return JSON.parse(v) } catch { return v }
}

/** A value as people read it. */
export function showField(type, field, v) {
  if (field === 'password_hash') return v ? '（已设置）' : '（空）'
  if (v === null || v === undefined || v === '') return '（空）'
  if (type === 'member') return showValue(field, v)
  if (field === 'type' && type === 'org') return label('org_types', v)
  if (field === 'role') return label('roles', v)
  if (field === 'ownership') return label('ownerships', v)
  if (field === 'kind') return label('institution_kinds', v)
  if (field === 'disabled') return v ? '是' : '否'
  if (field === 'committee' && Array.isArray(v)) return v.map((c) => `${c.position || ''}${c.name ? ' ' + c.name : ''}`).join('、') || '（空）'
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' && x ? x.name || x.id : x)).join('、') || '（空）'
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

/**
 * The changed fields of a record: [{field, label, before, after}] (values as shown). A creation
 * lists what was set; a deletion or restore, the deletion time; bookkeeping columns are left out.
 */
export function diff(item) {
  const type = item.object_type
  const before = parse(item.before) || {}
  const after = parse(item.after) || {}
  if (typeof before !== 'object' || typeof after !== 'object') return []
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
  const out = []
  for (const k of keys) {
    if (IGNORED.has(k)) continue
    const b = before[k]
    const a = after[k]
    if (JSON.stringify(b ?? null) === JSON.stringify(a ?? null)) continue
    if (!item.before && (a === null || a === undefined || a === '' || k === 'id')) continue
    if (k === 'password_hash') { out.push({ field: k, label: '密码', before: null, after: item.before ? '（已修改）' : '（已设置）' }); continue }
    out.push({ field: k, label: fieldLabel(type, k), before: item.before ? showField(type, k, b) : null, after: showField(type, k, a) })
  }
  return out
}

/** The name of the object a record is about, when the record has it. */
export function objectName(item) {
  const a = parse(item.after) || {}
  const b = parse(item.before) || {}
  return a.name || b.name || a.username || b.username || ''
}

/** The page of the object: a member's file, the organisation in the tree, ... (null: none). */
export function objectLink(item) {
  const id = item.object_id
  if (!id) return null
  switch (item.object_type) {
    case 'member': return `/members/${id}`
    case 'org': return `/orgs?id=${id}`
    case 'institution': return `/institutions?id=${id}`
    case 'user': {
      const n = objectName(item)
      return n ? `/users?q=${encodeURIComponent(n)}` : null
    }
    default: return null
  }
}
