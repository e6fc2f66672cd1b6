// Loading the organisation tree lazily: the caller's scope roots, then children on demand.
import { api } from './api.js'

/**
 * The children of `parentId` (or the caller's scope roots when it is empty).
 * opts.warnings: also read each organisation's rule warnings (`warnings: [{code, severity, message}]`);
 * the server counts members for that, so only the organisation tree asks for it.
 */
export async function loadOrgChildren(parentId, { warnings = false } = {}) {
  const query = parentId ? { parent: parentId } : { roots: 1 }
  if (warnings) query.warnings = 1
  return api.all('/orgs', query)
}

const SEVERITY_RANK = { danger: 3, warning: 2, info: 1 }

/** The most serious severity among `warnings` ('danger', 'warning', 'info'), or '' when there are none. */
export function worstSeverity(warnings) {
  let worst = ''
  for (const w of warnings || []) {
    const s = SEVERITY_RANK[w.severity] ? w.severity : 'warning'
    if (!worst || SEVERITY_RANK[s] > SEVERITY_RANK[worst]) worst = s
  }
  return worst
}

/** True when org `d` is `id` or lies below it (uses the materialised `path` when present). */
export function isSelfOrBelow(d, id) {
  if (!id || !d) return false
  if (d.id === id) return true
  const parts = String(d.path || '').split(/[^0-9]+/).filter(Boolean).map(Number)
  return parts.includes(Number(id))
}
