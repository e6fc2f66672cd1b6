// Enum labels: built-in defaults, replaced by the server's GET /meta when it answers.
import { reactive } from 'vue'
import { api } from './api.js'

const defaults = {
  org_types: [
    { value: 'committee', label: '党委' },
    { value: 'general_branch', label: '党总支' },
    { value: 'branch', label: '党支部' },
    { value: 'joint_branch', label: '联合党支部' },
    { value: 'group', label: '党小组' }
  ],
  member_statuses: [
    { value: 'active', label: '在册' },
    { value: 'mobile', label: '流动' },
    { value: 'lost_contact', label: '失联' },
    { value: 'transferred_out', label: '转出' },
    { value: 'suspended', label: '停止党籍' },
    { value: 'deceased', label: '去世' }
  ],
  member_categories: [
    { value: 'full', label: '正式党员' },
    { value: 'probationary', label: '预备党员' }
  ],
  roles: [
    { value: 'admin', label: '系统管理员' },
    { value: 'org_admin', label: '组织管理员' },
    { value: 'committee', label: '院党委' },
    { value: 'secretary', label: '支部书记' },
    { value: 'instructor', label: '党建指导员' },
    { value: 'reviewer', label: '审核员' },
    { value: 'member', label: '党员' }
  ],
  institution_kinds: [
    { value: 'hospital', label: '医院' },
    { value: 'tcm_hospital', label: '中医医院' },
    { value: 'maternal_child', label: '妇幼保健院' },
    { value: 'community_health_center', label: '社区卫生服务中心' },
    { value: 'township_health_center', label: '乡镇卫生院' },
    { value: 'clinic', label: '诊所/门诊部' },
    { value: 'disease_control', label: '疾控机构' },
    { value: 'other', label: '其他' }
  ],
  ownerships: [
    { value: 'public', label: '公立' },
    { value: 'private', label: '民营' }
  ],
  genders: [
    { value: 'male', label: '男' },
    { value: 'female', label: '女' }
  ],
  educations: ['研究生', '大学本科', '大学专科', '中专', '高中', '初中及以下'].map((v) => ({ value: v, label: v })),
  // Tags are free text; these are offered as suggestions.
  member_tags: ['三培养', '业务骨干', '后备干部', '党员先锋岗', '志愿者'].map((v) => ({ value: v, label: v }))
}

export const meta = reactive(JSON.parse(JSON.stringify(defaults)))
let loading = null

/** Loads GET /meta once; keeps the defaults for any list the server leaves out. */
export function loadMeta() {
  if (!loading) {
    loading = api.get('/meta').then((data) => {
      for (const [k, v] of Object.entries(data || {})) {
        if (Array.isArray(v) && v.length) meta[k] = v.map((x) => (typeof x === 'string' ? { value: x, label: x } : x))
      }
    }).catch(() => { loading = null })
  }
  return loading
}

/** Label of `value` in the list `kind` of meta, or the value itself. */
export function label(kind, value) {
  const list = meta[kind] || []
  const hit = list.find((x) => x.value === value)
  return hit ? hit.label : (value ?? '')
}

export const SEVERITY_TYPE = { danger: 'error', warning: 'warning', info: 'info' }
export const SEVERITY_TAG = { danger: 'danger', warning: 'warning', info: 'info' }
