import { createRouter, createWebHashHistory } from 'vue-router'
import { useSession, USER_MANAGERS } from './session.js'
import { setUnauthorizedHandler } from './api.js'
import { loadMeta } from './meta.js'

const STAFF = ['admin', 'org_admin', 'committee', 'secretary', 'instructor', 'reviewer']
const WRITERS = ['admin', 'org_admin', 'committee', 'secretary']

const routes = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('./layout/MainLayout.vue'),
    children: [
      { path: '', name: 'home', component: { render: () => null } },
      { path: 'dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { title: '首页', roles: STAFF } },
      { path: 'orgs', name: 'orgs', component: () => import('./views/orgs/OrgsView.vue'), meta: { title: '组织架构', roles: STAFF } },
      { path: 'institutions', name: 'institutions', component: () => import('./views/institutions/InstitutionsView.vue'), meta: { title: '医疗机构', roles: STAFF } },
      { path: 'members', name: 'members', component: () => import('./views/members/MembersView.vue'), meta: { title: '党员管理', roles: STAFF } },
      { path: 'members/:id', name: 'member', component: () => import('./views/members/MemberDetail.vue'), meta: { title: '党员档案' }, props: true },
      { path: 'import', name: 'import', component: () => import('./views/members/ImportExportView.vue'), meta: { title: '导入导出', roles: WRITERS } },
      { path: 'users', name: 'users', component: () => import('./views/users/UsersView.vue'), meta: { title: '用户管理', roles: USER_MANAGERS } },
      { path: 'no-profile', name: 'no-profile', component: () => import('./views/NoProfileView.vue'), meta: { title: '我的档案' } }
    ]
  },
  { path: '/:pathMatch(.*)*', redirect: '/' }
]

const router = createRouter({ history: createWebHashHistory(), routes })

router.beforeEach(async (to) => {
  const session = useSession()
  if (!session.loaded.value) await session.load()
  const me = session.me.value
  if (to.meta.public) {
    return me && to.name === 'login' ? session.homePath() : true
  }
  if (!me) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  loadMeta()
  if (to.name === 'home') return session.homePath()
  if (me.role === 'member') {
    // A member sees only their own file.
    if (to.name === 'member' && String(to.params.id) === String(me.member_id)) return true
    if (to.name === 'no-profile' && !me.member_id) return true
    return session.homePath()
  }
  if (to.meta.roles && !to.meta.roles.includes(me.role)) return session.homePath()
  return true
})

router.afterEach((to) => {
  document.title = (to.meta.title ? to.meta.title + ' - ' : '') + '党建管理平台'
})

setUnauthorizedHandler(() => {
  const session = useSession()
  session.forget()
  const current = router.currentRoute.value
  if (current.name !== 'login') router.replace({ name: 'login', query: { redirect: current.fullPath } })
})

export default router
