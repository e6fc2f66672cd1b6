// The signed-in user, kept in one place; the CSRF token goes to the API client.
import { ref, computed } from 'vue'
import { api, request, setCsrfToken, ApiError } from './api.js'

const me = ref(null)
const loaded = ref(false)

const WRITERS = ['admin', 'org_admin', 'committee', 'secretary']
/** Roles that manage accounts (the server's role_manages_users): admins all, org admins their subtree's. */
export const USER_MANAGERS = ['admin', 'org_admin']

async function load() {
  try {
    const data = await api.get('/me')
    me.value = data
    setCsrfToken(data.csrf_token)
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) console.warn('GET /me failed', e)
    me.value = null
  }
  loaded.value = true
  return me.value
}

async function login(username, password) {
  const data = await request('POST', '/session', { body: { username, password } })
  setCsrfToken(data.csrf_token)
  me.value = { ...(data.user || {}), csrf_token: data.csrf_token }
  loaded.value = true
  if (!me.value.role) await load()
  return me.value
}

async function logout() {
  try { await request('DELETE', '/session') } catch { /* the session may already be gone */ }
  forget()
}

function forget() {
  me.value = null
  setCsrfToken('')
}

const role = computed(() => (me.value ? me.value.role : ''))
const canWrite = computed(() => WRITERS.includes(role.value))
const isAdmin = computed(() => role.value === 'admin')
const canManageUsers = computed(() => USER_MANAGERS.includes(role.value))

/** Home path of the current user. */
function homePath() {
  if (!me.value) return '/login'
  if (me.value.role === 'member') return me.value.member_id ? `/members/${me.value.member_id}` : '/no-profile'
  return '/dashboard'
}

export function useSession() {
  return { me, loaded, role, canWrite, isAdmin, canManageUsers, load, login, logout, forget, homePath }
}
