// Loading the organisation tree lazily: the caller's scope roots, then children on demand.
import { api } from './api.js'

export async function loadOrgChildren(parentId) {
  const query = parentId ? { parent: parentId } : { roots: 1 }
  return api.all('/orgs', query)
}

/** True when org `d` is `id` or lies below it (uses the materialised `path` when present). */
export function isSelfOrBelow(d, id) {
  if (!id || !d) return false
  if (d.id === id) return true
  const parts = String(d.path || '').split(/[^0-9]+/).filter(Boolean).map(Number)
  return parts.includes(Number(id))
}
