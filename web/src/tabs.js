// The tabs of the open pages (as in Element Plus admin systems): one per page path; the 首页 tab
// stays. A page may give its tab a better title (a member's name) with setTabTitle.
import { ref } from 'vue'

export const tabs = ref([])

/** Adds (or updates) the tab of a route. */
export function openTab(route, { affixPath = null } = {}) {
  if (!route.name || route.name === 'home' || (route.meta && route.meta.public)) return
  ensureAffix(affixPath)
  const hit = tabs.value.find((t) => t.path === route.path)
  if (hit) {
    hit.fullPath = route.fullPath
    return
  }
  tabs.value.push({ path: route.path, fullPath: route.fullPath, title: (route.meta && route.meta.title) || route.path, affix: false })
}

/** The 首页 tab, first and never closed (for users who have the dashboard). */
function ensureAffix(path) {
  if (!path || tabs.value.some((t) => t.path === path)) return
  tabs.value.unshift({ path, fullPath: path, title: '首页', affix: true })
}

export function setTabTitle(path, title) {
  const hit = tabs.value.find((t) => t.path === path)
  if (hit && title) hit.title = title
}

/** Closes the tab of `path`; returns where to go when it was the current one (or null). */
export function closeTab(path, currentPath) {
  const i = tabs.value.findIndex((t) => t.path === path)
  if (i < 0 || tabs.value[i].affix) return null
  tabs.value.splice(i, 1)
  if (path !== currentPath) return null
  const next = tabs.value[i] || tabs.value[i - 1]
  return next ? next.fullPath : '/'
}

/** Keeps the 首页 tab and the tab of `path`. */
export function closeOthers(path) {
  tabs.value = tabs.value.filter((t) => t.affix || t.path === path)
}

/** Keeps only the 首页 tab; returns where to go. */
export function closeAll() {
  tabs.value = tabs.value.filter((t) => t.affix)
  return tabs.value.length ? tabs.value[0].fullPath : '/'
}

/** Forgets every tab (signing out). */
export function resetTabs() { tabs.value = [] }
