// Member field names in Chinese, and how to show a field's value.
import { label } from '../../meta.js'

export const MEMBER_FIELD_LABELS = {
  name: '姓名', gender: '性别', ethnicity: '民族', birth_date: '出生日期', id_number: '身份证号', phone: '手机号',
  education: '学历', title: '职称', department: '科室', position: '职务', org_id: '所在组织', org_name: '所在组织',
  category: '党员类别', status: '状态', joined_on: '入党日期', full_on: '转正日期', tags: '标签', deleted: '已删除'
}

export function showValue(field, v) {
  if (v === null || v === undefined || v === '') return '（空）'
  if (field === 'org_id' && typeof v === 'number') return `组织 #${v}`
  if (field === 'gender') return label('genders', v)
  if (field === 'category') return label('member_categories', v)
  if (field === 'status') return label('member_statuses', v)
  if (field === 'tags' && typeof v === 'string' && v.startsWith('[')) {
    try { v = JSON.parse(v) } catch { /* show as is */ }
  }
  if (field === 'tags') return Array.isArray(v) ? v.map((t) => label('member_tags', t)).join('、') || '（空）' : String(v)
  if (typeof v === 'boolean') return v ? '是' : '否'
  return String(v)
}
