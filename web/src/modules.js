// The one registry of the UI's pages: the router and the side menu are both built from it.
// A module adds its pages here (and only here): an entry names its route, its title, the icon of
// its group, and the capability it needs (`cap`; none: any signed-in user).
// A group of the menu shows only when the caller holds the capability of one of its entries;
// a group without entries (a module not built yet) never shows.
import {
  HomeFilled, OfficeBuilding, UserFilled, Calendar, Wallet, TrendCharts, Medal, Flag, DataAnalysis, Setting
} from '@element-plus/icons-vue'

/** The side menu, in order: a page (`path`) or a group (`children`). */
export const MENU = [
  { path: '/dashboard', name: 'dashboard', title: '首页', icon: HomeFilled, cap: 'dashboard.read',
    component: () => import('./views/DashboardView.vue'), affix: true },
  { key: 'org', title: '组织建设', icon: OfficeBuilding, children: [
    { path: '/orgs', name: 'orgs', title: '组织架构', cap: 'orgs.read', component: () => import('./views/orgs/OrgsView.vue') },
    { path: '/institutions', name: 'institutions', title: '医疗机构', cap: 'institutions.read',
      component: () => import('./views/institutions/InstitutionsView.vue') }
  ] },
  { key: 'members', title: '党员管理', icon: UserFilled, children: [
    { path: '/members', name: 'members', title: '党员', cap: 'members.read', component: () => import('./views/members/MembersView.vue') },
    { path: '/import', name: 'import', title: '导入导出', cap: 'members.write', component: () => import('./views/members/ImportExportView.vue') }
  ] },
  { key: 'life', title: '组织生活', icon: Calendar, children: [
    { path: '/meetings', name: 'meetings', title: '会议活动', cap: 'meetings.read', component: () => import('./views/meetings/MeetingsView.vue') },
    { path: '/compliance', name: 'compliance', title: '三会一课达标', cap: 'meetings.read', component: () => import('./views/meetings/ComplianceView.vue') }
  ] },
  { key: 'dues', title: '党费', icon: Wallet, children: [
    { path: '/dues/ledger', name: 'dues-ledger', title: '收缴台账', cap: 'dues.read', component: () => import('./views/dues/LedgerView.vue') },
    { path: '/dues/arrears', name: 'dues-arrears', title: '欠缴党费', cap: 'dues.read', component: () => import('./views/dues/ArrearsView.vue') }
  ] },
  { key: 'development', title: '发展党员', icon: TrendCharts, children: [
    { path: '/development', name: 'development', title: '发展看板', cap: 'development.read', component: () => import('./views/development/BoardView.vue') },
    { path: '/applicants', name: 'applicants', title: '发展名册', cap: 'development.read', component: () => import('./views/development/ApplicantsView.vue') },
    { path: '/three-cultivations', name: 'three-cultivations', title: '三培养', cap: 'development.read', component: () => import('./views/development/CultivationView.vue') }
  ] },
  { key: 'rating', title: '评星定级', icon: Medal, children: [] },
  { key: 'programmes', title: '特色工作', icon: Flag, children: [
    { path: '/coverage', name: 'coverage', title: '两个覆盖', cap: 'coverage.oversee', component: () => import('./views/coverage/CoverageView.vue') },
    { path: '/pairings', name: 'pairings', title: '结对帮带', cap: 'pairings.read', component: () => import('./views/pairings/PairingsView.vue') },
    { path: '/pairings-progress', name: 'pairings-progress', title: '帮带进度', cap: 'pairings.read',
      component: () => import('./views/pairings/ProgressView.vue') },
    { path: '/alliances', name: 'alliances', title: '红联共建', cap: 'alliances.read', component: () => import('./views/alliances/AlliancesView.vue') },
    { path: '/needs', name: 'needs', title: '群众需求', cap: 'needs.read', component: () => import('./views/needs/NeedsView.vue') },
    { path: '/needs-stats', name: 'needs-stats', title: '需求统计', cap: 'needs.read', component: () => import('./views/needs/NeedStatsView.vue') },
    { path: '/pioneer-posts', name: 'pioneer-posts', title: '先锋岗', cap: 'posts.read', component: () => import('./views/posts/PostsView.vue') },
    { path: '/service-events', name: 'service-events', title: '志愿服务/义诊', cap: 'service.read',
      component: () => import('./views/service/ServiceView.vue') },
    { path: '/decisions', name: 'decisions', title: '三重一大', cap: 'decisions.read', component: () => import('./views/decisions/DecisionsView.vue') },
    { path: '/tasks', name: 'tasks', title: '工作台账', cap: 'tasks.read', component: () => import('./views/tasks/TasksView.vue') }
  ] },
  { key: 'statistics', title: '统计分析', icon: DataAnalysis, children: [] },
  { key: 'system', title: '系统管理', icon: Setting, children: [
    { path: '/users', name: 'users', title: '用户', cap: 'users.manage', component: () => import('./views/users/UsersView.vue') },
    { path: '/audit', name: 'audit', title: '审计日志', cap: 'audit.read', component: () => import('./views/audit/AuditView.vue') },
    { path: '/settings', name: 'settings', title: '设置', cap: 'settings.manage', component: () => import('./views/settings/SettingsView.vue') }
  ] }
]

/**
 * Pages outside the menu. `parent`: the menu entry they belong to (breadcrumb, highlighted entry);
 * `own`: also open to a user without `cap` when the `id` is their own party file.
 */
export const PAGES = [
  { path: '/members/:id', name: 'member', title: '党员档案', cap: 'members.read', own: true, parent: 'members', props: true,
    component: () => import('./views/members/MemberDetail.vue') },
  { path: '/meetings/:id', name: 'meeting', title: '会议详情', cap: 'meetings.read', parent: 'meetings', props: true,
    component: () => import('./views/meetings/MeetingDetail.vue') },
  { path: '/orgs/:id/register', name: 'register', title: '会议登记本', cap: 'meetings.read', parent: 'meetings', props: true,
    component: () => import('./views/meetings/RegisterView.vue') },
  { path: '/development/applicants/:id', name: 'applicant', title: '发展对象', cap: 'development.read', parent: 'applicants', props: true,
    component: () => import('./views/development/ApplicantDetail.vue') },
  { path: '/pairings/:id', name: 'pairing', title: '结对详情', cap: 'pairings.read', parent: 'pairings', props: true,
    component: () => import('./views/pairings/PairingDetail.vue') },
  { path: '/institutions/:id/inspection', name: 'inspection', title: '党建检查表', cap: 'inspection.read', parent: 'institutions', props: true,
    component: () => import('./views/pairings/InspectionView.vue') },
  // The page a phone opens from the QR code in the meeting room: any signed-in account (a member's too).
  { path: '/checkin', name: 'checkin', title: '会议签到', component: () => import('./views/meetings/CheckinView.vue') },
  { path: '/profile', name: 'profile', title: '个人中心', component: () => import('./views/profile/ProfileView.vue') },
  { path: '/no-profile', name: 'no-profile', title: '我的档案', component: () => import('./views/NoProfileView.vue') },
  { path: '/alliances/:id', name: 'alliance', title: '共建详情', cap: 'alliances.read', parent: 'alliances', props: true,
    component: () => import('./views/alliances/AllianceDetail.vue') },
  { path: '/alliances/:id/report', name: 'alliance-report', title: '共建年度报告', cap: 'alliances.read', parent: 'alliances', props: true,
    component: () => import('./views/alliances/AllianceReport.vue') },
  { path: '/needs/:id', name: 'need', title: '需求详情', cap: 'needs.read', parent: 'needs', props: true,
    component: () => import('./views/needs/NeedDetail.vue') },
  { path: '/needs/poster/:id', name: 'need-poster', title: '需求二维码海报', cap: 'needs.read', parent: 'needs', props: true,
    component: () => import('./views/needs/NeedPoster.vue') },
  { path: '/members/:id/badge-card', name: 'badge-card', title: '党员桌牌', cap: 'members.read', own: true, parent: 'members', props: true,
    component: () => import('./views/posts/BadgeCardView.vue') },
  { path: '/service-events/:id', name: 'service-event', title: '志愿服务活动', cap: 'service.read', parent: 'service-events', props: true,
    component: () => import('./views/service/ServiceDetail.vue') },
  { path: '/decisions/:id', name: 'decision', title: '三重一大事项', cap: 'decisions.read', parent: 'decisions', props: true,
    component: () => import('./views/decisions/DecisionsView.vue') },
  { path: '/tasks/:id', name: 'task', title: '重点任务', cap: 'tasks.read', parent: 'tasks', props: true,
    component: () => import('./views/tasks/TasksView.vue') },
  { path: '/tasks-ledger', name: 'tasks-ledger', title: '工作推进台账', cap: 'tasks.read', parent: 'tasks',
    component: () => import('./views/tasks/LedgerView.vue') }
]

/** Every page of the registry, each with the group it sits in (`group`: the group's title). */
export function allPages() {
  const out = []
  for (const item of MENU) {
    if (item.children) for (const c of item.children) out.push({ ...c, group: item.title })
    else out.push({ ...item, group: null })
  }
  for (const p of PAGES) {
    const parent = out.find((e) => e.name === p.parent)
    out.push({ ...p, group: parent ? parent.group : null })
  }
  return out
}

/** The route records of the registry (children of the main layout). */
export function routes() {
  return allPages().map((p) => ({
    path: p.path.slice(1),
    name: p.name,
    component: p.component,
    props: !!p.props,
    meta: { title: p.title, cap: p.cap || null, own: !!p.own, parent: p.parent || null, group: p.group, affix: !!p.affix }
  }))
}

/** The menu the caller may see: entries they hold the capability of, and groups with any such entry. */
export function visibleMenu(can) {
  const out = []
  for (const item of MENU) {
    if (item.children) {
      const children = item.children.filter((c) => can(c.cap))
      if (children.length) out.push({ ...item, children })
    } else if (can(item.cap)) {
      out.push(item)
    }
  }
  return out
}

/** The breadcrumb of a route: [{title, path?}], from its group down to the page. */
export function breadcrumb(route) {
  const meta = route.meta || {}
  const crumbs = []
  if (meta.group) crumbs.push({ title: meta.group })
  if (meta.parent) {
    const parent = allPages().find((p) => p.name === meta.parent)
    if (parent) crumbs.push({ title: parent.title, path: parent.path })
  }
  if (meta.title) crumbs.push({ title: meta.title })
  return crumbs
}
