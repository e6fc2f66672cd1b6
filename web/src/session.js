// The signed-in user, kept in one place; the CSRF token goes to the API client.
// What the user may do is asked with can('members.write'): capabilities, never roles.
import { ref, computed } from 'vue'
import { api, request, setCsrfToken, ApiError } from './api.js'

const me = ref(null)
const loaded = ref(false)

/** The caller's capabilities, as the server sends them (GET /me → capabilities); none when it sends none. */
const capabilities = computed(() => {
  const m = me.value
  if (!m) return new Set()
  return new Set(Array.isArray(m.capabilities) ? m.capabilities : [])
})

/** Whether the signed-in user holds capability `cap` (true for no capability: signed in is enough). */
function can(cap) {
  if (!me.value) return false
  return !cap || capabilities.value.has(cap)
}

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
  // The full Me (capabilities among it) comes from GET /me.
  if (!Array.isArray(me.value.capabilities)) await load()
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

/** Home path of the current user: the dashboard for those who may read it, else one's own file. */
function homePath() {
  if (!me.value) return '/login'
  if (can('dashboard.read')) return '/dashboard'
  return me.value.member_id ? `/members/${me.value.member_id}` : '/no-profile'
}

/** Whether `memberId` is the signed-in user's own party file. */
function isOwnMember(memberId) {
  return !!(me.value && me.value.member_id && String(me.value.member_id) === String(memberId))
}

export function useSession() {
  return { me, loaded, capabilities, can, load, login, logout, forget, homePath, isOwnMember }
}
