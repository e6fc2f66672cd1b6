// What the signed-in user may do, as capability names (GET /me → capabilities).
// The web UI checks capabilities only (session.can('members.write')), never roles.

/** Chinese names of the capabilities, for the profile page. */
export const CAPABILITY_LABELS = {
  'orgs.read': '查看组织', 'orgs.write': '维护组织',
  'institutions.read': '查看医疗机构', 'institutions.write': '维护医疗机构',
  'members.read': '查看党员', 'members.write': '维护党员（含导入、转接、删除）', 'members.personal': '查看完整身份证号和手机号',
  'dashboard.read': '查看统计', 'meetings.read': '查看组织生活', 'meetings.write': '维护组织生活',
  'coverage.oversee': '督查党组织覆盖', 'coverage.write': '两个覆盖摸排与组建联合党支部', 'users.manage': '管理用户', 'audit.read': '查看审计日志', 'settings.manage': '系统设置',
  'dues.read': '查看党费', 'dues.write': '登记党费',
  'development.read': '查看发展党员', 'development.write': '维护发展党员', 'development.override': '例外办理不符合时间要求的发展步骤',
  'pairings.read': '查看结对帮带', 'pairings.manage': '维护结对帮带', 'pairings.visit': '登记帮带走访',
  'scope.paired': '所结对的机构', 'inspection.read': '查看党建检查表',
  'scope.all': '全部组织范围', 'scope.self': '本人档案、签到',
  'alliances.read': '查看红联共建', 'alliances.write': '维护红联共建',
  'needs.read': '查看群众需求', 'needs.handle': '办理群众需求（分级、指派、回复、办结）',
  'posts.read': '查看党员先锋岗', 'posts.write': '维护党员先锋岗', 'service.read': '查看志愿服务', 'service.write': '登记志愿服务',
  'decisions.read': '查看三重一大事项', 'decisions.write': '登记三重一大事项并报告上级',
  'tasks.read': '查看重点任务台账', 'tasks.write': '维护重点任务'
}
