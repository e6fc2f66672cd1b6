// The JSON API client: same-origin cookies, the CSRF header on every write,
// and one error type carrying the server's {code, message, field, details}.
import { ElMessage } from 'element-plus'

const BASE = '/api/v1'
let csrfToken = ''
let onUnauthorized = null

export function setCsrfToken(token) { csrfToken = token || '' }
export function setUnauthorizedHandler(fn) { onUnauthorized = fn }

export class ApiError extends Error {
  constructor(status, err) {
    super((err && err.message) || `请求失败（${status}）`)
    this.status = status
    this.code = (err && err.code) || 'http_' + status
    this.field = (err && err.field) || null
    this.details = (err && err.details) || []
  }
}

export const STALE_MESSAGE = '数据已被他人修改，请刷新后重试'

function buildUrl(path, query) {
  let url = BASE + path
  if (query) {
    const qs = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue
      qs.append(k, String(v))
    }
    const s = qs.toString()
    if (s) url += (url.includes('?') ? '&' : '?') + s
  }
  return url
}

function filenameFrom(disposition, fallback) {
  if (!disposition) return fallback
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)
  if (star) { try { return decodeURIComponent(star[1]) } catch { /* fall through */ } }
  const plain = /filename="?([^";]+)"?/i.exec(disposition)
  return plain ? plain[1] : fallback
}

/**
 * request(method, path, opts) → parsed JSON (or null for 204, or {blob, filename} when opts.blob).
 * opts: query (object), body (JSON-encoded), raw (sent as is, with opts.contentType), blob.
 * Throws ApiError; a 401 (other than a failed login) also calls the unauthorized handler.
 */
export async function request(method, path, opts = {}) {
  const headers = { Accept: 'application/json' }
  let body
  if (opts.raw !== undefined) {
    body = opts.raw
    headers['Content-Type'] = opts.contentType || 'application/octet-stream'
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body)
    headers['Content-Type'] = 'application/json'
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let res
  try {
    res = await fetch(buildUrl(path, opts.query), { method, headers, body, credentials: 'same-origin' })
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: '无法连接服务器，请检查网络' })
  }
  // A failed login, or the start-up GET /me, is not a lost session.
  if (res.status === 401 && path !== '/session' && path !== '/me' && onUnauthorized) {
    onUnauthorized()
  }
  if (res.ok && opts.blob) {
    const blob = await res.blob()
    return { blob, filename: filenameFrom(res.headers.get('Content-Disposition'), opts.filename || 'download') }
  }
  if (res.status === 204) return null
  const text = await res.text()
  let data = null
  if (text) {
    try { data = JSON.parse(text) } catch { data = null }
  }
  if (!res.ok) {
    const err = (data && data.error) || { message: `请求失败（${res.status}）` }
    if (res.status === 429 && !err.message) err.message = '请求过于频繁，请稍后再试'
    throw new ApiError(res.status, err)
  }
  return data
}

export const api = {
  get: (path, query) => request('GET', path, { query }),
  post: (path, body, query) => request('POST', path, { body, query }),
  patch: (path, body) => request('PATCH', path, { body }),
  put: (path, body) => request('PUT', path, { body }),
  del: (path, query) => request('DELETE', path, { query }),
  /** Fetches every page of a list endpoint (at most `max` items). */
  async all(path, query = {}, max = 2000) {
    const items = []
    let offset = 0
    for (;;) {
      const page = await request('GET', path, { query: { ...query, limit: 200, offset } })
      items.push(...(page.items || []))
      if (page.next === null || page.next === undefined || items.length >= max) break
      offset = page.next
    }
    return items
  }
}

/**
 * Shows an API error to the user. When the error names a field and `fieldErrors`
 * (a reactive object bound to el-form-item :error) is given, marks that field too.
 * `editing`: a 409 on an edit of a versioned object means someone else changed it.
 */
export function showError(e, fieldErrors, { editing = false } = {}) {
  if (!(e instanceof ApiError)) {
    ElMessage.error(String((e && e.message) || e))
    return
  }
  if (e.status === 401) return // the unauthorized handler goes back to login
  let msg = e.message
  if (e.status === 409 && editing && (!e.field || e.field === 'version')) msg = STALE_MESSAGE
  if (fieldErrors && e.field) {
    fieldErrors[e.field] = msg
  }
  ElMessage.error(msg)
}

/** A failed request in words, for the page that shows it (with 重试). */
export function errorText(e) {
  if (!e) return ''
  if (typeof e === 'string') return e
  if (!(e instanceof ApiError)) return String(e.message || e)
  if (e.status === 0) return '无法连接服务器，请检查网络后重试'
  if (e.status === 404 && e.message === '未找到接口') return '服务器尚未提供此功能（未找到接口，404）'
  if (e.status >= 500) return `服务器出错（${e.status}）：${e.message}`
  if (e.status === 403) return e.message && !/^请求失败/.test(e.message) ? e.message : '没有权限查看'
  return e.message
}

/** Clears every key of a reactive field-error object. */
export function clearErrors(fieldErrors) {
  for (const k of Object.keys(fieldErrors)) delete fieldErrors[k]
}

/** Saves a Blob as a file through a temporary link. */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 30000)
}

/**
 * Downloads a file the server writes (an export, a register): GET `path` with `query`, saved under
 * the server's file name (or `fallbackName`). Errors are thrown as ApiError.
 */
export async function downloadFile(path, query, fallbackName) {
  const { blob, filename } = await request('GET', path, { query, blob: true, filename: fallbackName })
  saveBlob(blob, filename)
}
