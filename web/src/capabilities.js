// What the signed-in user may do, as capability names (GET /me → capabilities).
// The web UI checks capabilities only (session.can('members.write')), never roles.

/** Chinese names of the capabilities, for the profile page. */
export const CAPABILITY_LABELS = {
  'orgs.read': '查看组织', 'orgs.write': '维护组织',
  'institutions.read': '查看医疗机构', 'institutions.write': '维护医疗机构',
  'members.read': '查看党员', 'members.write': '维护党员（含导入、转接、删除）', 'members.personal': '查看完整身份证号和手机号',
  'dashboard.read': '查看统计', 'meetings.read': '查看组织生活', 'meetings.write': '维护组织生活',
  'coverage.oversee': '督查党组织覆盖', 'users.manage': '管理用户', 'audit.read': '查看审计日志', 'settings.manage': '系统设置'
}

// FALLBACK — delete this function (and its use in session.js) once GET /me carries `capabilities`.
// Until the server sends them, they are derived here from `me.role`, with the server's table.
// This is the only place in the web UI that knows about roles.
export function fallbackCapabilities(role) {
  const staff = ['admin', 'org_admin', 'committee', 'secretary', 'instructor', 'reviewer']
  const table = {
    'orgs.read': staff, 'institutions.read': staff, 'members.read': staff, 'dashboard.read': staff, 'meetings.read': staff,
    'orgs.write': ['admin', 'org_admin', 'committee'], 'institutions.write': ['admin', 'org_admin', 'committee'],
    'members.write': ['admin', 'org_admin', 'committee', 'secretary'], 'members.personal': ['admin', 'org_admin', 'committee', 'secretary'],
    'coverage.oversee': ['admin', 'org_admin', 'reviewer'],
    'users.manage': ['admin', 'org_admin'],
    'audit.read': ['admin', 'org_admin'],
    'meetings.write': ['admin', 'org_admin', 'committee', 'secretary'],
    'settings.manage': ['admin']
  }
  return Object.keys(table).filter((cap) => table[cap].includes(role))
}
