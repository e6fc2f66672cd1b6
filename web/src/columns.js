// Column settings of a list (列设置): which optional columns show, kept in localStorage per list.
// Only the hidden ones are stored, so that a column added later shows until someone hides it.
import { reactive } from 'vue'

const PREFIX = 'dj.columns.'

function readHidden(list) {
  try {
    const v = JSON.parse(localStorage.getItem(PREFIX + list) || '[]')
    return Array.isArray(v) ? v.filter((k) => typeof k === 'string') : []
  } catch {
    return []
  }
}

/**
 * `list`: the list's key; `columns`: its optional columns [{key, label}] (操作 and the name column
 * are not among them: they always show). Returns {columns, hidden, shown(key), setShown(keys)}.
 */
export function useColumns(list, columns) {
  const known = new Set(columns.map((c) => c.key))
  const state = reactive({ hidden: readHidden(list).filter((k) => known.has(k)) })
  return {
    columns,
    state,
    shown: (key) => !state.hidden.includes(key),
    visibleKeys: () => columns.map((c) => c.key).filter((k) => !state.hidden.includes(k)),
    setShown(keys) {
      state.hidden = columns.map((c) => c.key).filter((k) => !keys.includes(k))
      try { localStorage.setItem(PREFIX + list, JSON.stringify(state.hidden)) } catch { /* private mode: this page only */ }
    }
  }
}
