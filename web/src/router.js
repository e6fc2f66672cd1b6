import { createRouter, createWebHashHistory } from 'vue-router'
import { ElMessage } from 'element-plus'
import { useSession } from './session.js'
import { setUnauthorizedHandler } from './api.js'
import { loadMeta } from './meta.js'
import { routes as pageRoutes } from './modules.js'

const routes = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('./layout/MainLayout.vue'),
    children: [{ path: '', name: 'home', component: { render: () => null } }, ...pageRoutes()]
  },
  { path: '/:pathMatch(.*)*', redirect: '/' }
]

// The check-in QR code carries a plain address (/checkin?code=…), the UI's pages live behind '#':
// move it there before the router reads the address.
if (window.location.pathname === '/checkin' && !window.location.hash) {
  window.history.replaceState(null, '', '/#/checkin' + window.location.search)
}

const router = createRouter({ history: createWebHashHistory(), routes })

/** Whether the signed-in user may open route `to` (its capability, or their own party file). */
export function allowed(to) {
  const session = useSession()
  const { cap, own } = to.meta || {}
  if (session.can(cap)) return true
  return !!own && session.isOwnMember(to.params.id)
}

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
  if (to.name === 'no-profile' && me.member_id) return session.homePath()
  if (!allowed(to)) return session.homePath()
  return true
})

router.afterEach((to) => {
  document.title = (to.meta.title ? to.meta.title + ' - ' : '') + '党建管理平台'
})

// A 401 after signing in: the session has expired (or was ended elsewhere). Say so, and come back
// to the same page after signing in again.
let expiredShown = false
setUnauthorizedHandler(() => {
  const session = useSession()
  const wasSignedIn = !!session.me.value
  session.forget()
  const current = router.currentRoute.value
  if (current.name === 'login') return
  if (wasSignedIn && !expiredShown) {
    expiredShown = true
    ElMessage.warning({ message: '登录已过期，请重新登录', onClose: () => { expiredShown = false } })
  }
  router.replace({ name: 'login', query: { redirect: current.fullPath, ...(wasSignedIn ? { expired: '1' } : {}) } })
})

export default router
