// A small in-memory stand-in for `dangjian serve`, following docs/API.md, used only to
// develop and check the web UI when the real binary is not built:
//   node tests/browser/mock-server.mjs PORT   (serves web/dist and /api/v1)
// The browser tests run against the real binary (run.sh); this is a fallback (run.sh --mock).
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { fileURLToPath } from 'node:url'
import XLSX from 'xlsx'

const here = path.dirname(fileURLToPath(import.meta.url))
const dist = path.resolve(here, '../../web/dist')
const port = Number(process.argv[2] || 18080)

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
function idCheck(s17) { let t = 0; for (let i = 0; i < 17; i++) t += Number(s17[i]) * W[i]; return '10X98765432'[t % 11] }
function makeId(birth, seq) { const s = '440703' + birth.replaceAll('-', '') + String(seq).padStart(3, '0'); return s + idCheck(s) }

let nextId = 100
const orgs = [
  { id: 1, name: '江海区卫生健康局党委', type: 'committee', parent_id: null, departments: [], established_on: '2010-07-01', term_start: '2021-06-01', term_end: '2026-06-01' },
  { id: 2, name: '江海区中西医结合医院党总支', type: 'general_branch', parent_id: 1, departments: [], term_start: '2023-01-10', term_end: '2026-01-10' },
  { id: 3, name: '内科党支部', type: 'branch', parent_id: 2, departments: ['内科'], term_start: '2023-03-01', term_end: '2026-03-01' },
  { id: 4, name: '外科党支部', type: 'branch', parent_id: 2, departments: ['外科', '麻醉科'] },
  { id: 5, name: '民营医疗行业党委', type: 'committee', parent_id: 1, departments: [] }
].map((o) => ({ departments: [], committee: [], institution_ids: [], deleted: false, version: 1, ...o }))
const institutions = [
  { id: 1, name: '江海区中西医结合医院', credit_code: '12440704455884736R', ownership: 'public', kind: 'hospital', grade: '二级甲等', district: '江海区', org_ids: [2] }
].map((i) => ({ address: '', latitude: null, longitude: null, staff_count: 300, deleted: false, version: 1, ...i }))
const members = []
const history = {}
function addMember(m) {
  const full = { ethnicity: '汉族', phone: '', education: '大学本科', title: '', department: '', position: '', category: 'full', status: 'active', full_on: null, tags: [], deleted: false, version: 1, ...m }
  full.id = full.id || nextId++
  members.push(full)
  history[full.id] = [{ at: new Date().toISOString(), kind: 'change', action: 'create', by: 'admin', changes: {} }]
  return full
}
addMember({ id: 1, name: '李勇', gender: 'male', birth_date: '1975-04-12', id_number: makeId('1975-04-12', 11), phone: '13800001111', org_id: 3, joined_on: '2000-07-01', full_on: '2001-07-01', department: '内科', tags: ['backbone'] })
addMember({ id: 2, name: '陈晓红', gender: 'female', birth_date: '1988-09-02', id_number: makeId('1988-09-02', 22), phone: '13900002222', org_id: 3, joined_on: '2012-06-30', full_on: '2013-06-30', department: '内科' })
addMember({ id: 3, name: '王磊', gender: 'male', birth_date: '1992-01-20', id_number: makeId('1992-01-20', 33), org_id: 4, joined_on: '2024-05-01', category: 'probationary', department: '外科' })
const users = [
  { id: 1, username: 'admin', display_name: '系统管理员', role: 'admin', org_id: 1, member_id: null },
  { id: 2, username: 'jianghai', display_name: '江海区党办', role: 'org_admin', org_id: 1, member_id: null },
  { id: 3, username: 'liyong', display_name: '李勇', role: 'secretary', org_id: 3, member_id: 1 },
  { id: 4, username: 'member1', display_name: '陈晓红', role: 'member', org_id: 3, member_id: 2 }
].map((u) => ({ disabled: false, version: 1, ...u }))
const sessions = new Map()

const orgById = (id) => orgs.find((o) => o.id === Number(id))
const orgName = (id) => (orgById(id) || {}).name || ''
function below(id) { const out = [Number(id)]; for (let i = 0; i < out.length; i++) for (const o of orgs) if (o.parent_id === out[i]) out.push(o.id); return out }
function orgOut(o) {
  const sub = below(o.id)
  const ms = members.filter((m) => !m.deleted && sub.includes(m.org_id))
  return { ...o, path: '/' + pathIds(o).join('/') + '/', has_children: orgs.some((c) => c.parent_id === o.id && !c.deleted), member_count: ms.length, full_count: ms.filter((m) => m.category === 'full').length }
}
function pathIds(o) { const ids = []; let c = o; while (c) { ids.unshift(c.id); c = orgById(c.parent_id) } return ids }
function memberOut(m, user) {
  const mask = user.role === 'instructor' || user.role === 'reviewer'
  return { ...m, org_name: orgName(m.org_id), id_number: mask ? m.id_number.slice(0, 4) + '**********' + m.id_number.slice(14) : m.id_number, phone: mask && m.phone ? m.phone.slice(0, 3) + '****' + m.phone.slice(7) : m.phone }
}
function page(items, q) {
  const limit = Math.min(200, Math.max(1, Number(q.get('limit') || 20))); const offset = Number(q.get('offset') || 0)
  return { items: items.slice(offset, offset + limit), total: items.length, next: offset + limit < items.length ? offset + limit : null }
}
class E extends Error { constructor(status, code, message, field = null, details) { super(message); Object.assign(this, { status, code, field, details }) } }
const today = () => new Date().toISOString().slice(0, 10)

function validateMember(b, existingId) {
  const v = (f, msg) => { throw new E(422, 'validation', msg, f) }
  if (!b.name || b.name.length > 50) v('name', '姓名为1至50个字')
  if (!['male', 'female'].includes(b.gender)) v('gender', '请选择性别')
  const id = String(b.id_number || '')
  if (!/^\d{17}[\dX]$/.test(id) || idCheck(id) !== id[17]) v('id_number', '身份证号校验位不正确')
  const bd = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
  if (b.birth_date !== bd) v('birth_date', '出生日期与身份证号不一致')
  if ((Number(id[16]) % 2 ? 'male' : 'female') !== b.gender) v('gender', '性别与身份证号不一致')
  if (b.phone && !/^1\d{10}$/.test(b.phone)) v('phone', '手机号应为以1开头的11位数字')
  if (!['full', 'probationary'].includes(b.category)) v('category', '党员类别无效')
  if (!b.joined_on || b.joined_on > today()) v('joined_on', '入党日期无效')
  if (b.category === 'probationary' && b.full_on) v('full_on', '预备党员不应有转正日期')
  if (!orgById(b.org_id)) v('org_id', '组织不存在')
  if (members.some((m) => m.id_number === id && m.id !== existingId)) throw new E(409, 'conflict', '身份证号已存在', 'id_number')
}

const STATUS = { 在册: 'active', 流动: 'mobile', 失联: 'lost_contact', 转出: 'transferred_out', 停止党籍: 'suspended', 去世: 'deceased' }
const HEAD = { 姓名: 'name', 性别: 'gender', 民族: 'ethnicity', 出生日期: 'birth_date', 身份证号: 'id_number', 手机号: 'phone', 学历: 'education', 职称: 'title', 科室: 'department', 职务: 'position', 组织ID: 'org_id', 党员类别: 'category', 状态: 'status', 入党日期: 'joined_on', 转正日期: 'full_on', 标签: 'tags' }
function parseCsv(text) {
  const rows = []; let row = []; let f = ''; let q = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (q) { if (c === '"') { if (text[i + 1] === '"') { f += '"'; i++ } else q = false } else f += c; continue }
    if (c === '"') q = true; else if (c === ',') { row.push(f); f = '' } else if (c === '\n') { row.push(f.replace(/\r$/, '')); rows.push(row); row = []; f = '' } else f += c
  }
  if (f || row.length) { row.push(f); rows.push(row) }
  return rows.filter((r) => r.some((x) => x.trim()))
}
function doImport(body, q) {
  const rows = parseCsv(body.toString('utf8').replace(/^\ufeff/, ''))
  const head = rows.shift().map((h) => HEAD[h.trim()] || h.trim())
  const details = []; const good = []
  rows.forEach((r, i) => {
    const o = {}; head.forEach((h, j) => { o[h] = (r[j] || '').trim() })
    const b = { ...o, gender: o.gender === '男' ? 'male' : o.gender === '女' ? 'female' : o.gender, category: o.category === '预备党员' ? 'probationary' : 'full',
      status: STATUS[o.status] || 'active', org_id: Number(o.org_id || q.get('org')), tags: o.tags ? o.tags.split(/[;；]/) : [], full_on: o.full_on || null }
    try { validateMember(b); good.push(b) } catch (e) {
      const col = Object.keys(HEAD).find((k) => HEAD[k] === e.field) || e.field
      details.push({ row: i + 2, column: col, field: e.field, message: e.message })
    }
  })
  if (details.length) throw new E(422, 'validation', `${details.length} 行有错误`, null, details)
  if (q.get('dry_run') !== '1') good.forEach(addMember)
  return { imported: good.length, dry_run: q.get('dry_run') === '1' }
}

function listMembers(q, user) {
  const sub = q.get('org') ? below(q.get('org')) : null
  let ms = members.filter((m) => (q.get('deleted') === '1' ? m.deleted : !m.deleted))
  if (user.role === 'secretary') ms = ms.filter((m) => below(user.org_id).includes(m.org_id))
  if (sub) ms = ms.filter((m) => sub.includes(m.org_id))
  for (const k of ['category', 'status', 'department']) if (q.get(k)) ms = ms.filter((m) => m[k] === q.get(k))
  if (q.get('tag')) ms = ms.filter((m) => m.tags.includes(q.get('tag')))
  if (q.get('q')) ms = ms.filter((m) => [m.name, m.phone, m.department].some((x) => (x || '').includes(q.get('q'))))
  const s = q.get('sort') || 'id'; const k = s.replace('-', '')
  ms.sort((a, b) => (a[k] > b[k] ? 1 : a[k] < b[k] ? -1 : 0) * (s[0] === '-' ? -1 : 1))
  return ms
}

async function api(req, url, body) {
  const p = url.pathname.replace('/api/v1', ''); const q = url.searchParams; const M = req.method
  const json = () => { try { return JSON.parse(body.toString() || '{}') } catch { throw new E(400, 'invalid_json', 'JSON 格式错误') } }
  if (p === '/session' && M === 'POST') {
    const b = json(); const u = users.find((x) => x.username === b.username && !x.disabled)
    if (!u || b.password !== 'dangjian2026') throw new E(401, 'unauthorized', '用户名或密码错误')
    const sid = crypto.randomUUID(); const csrf = crypto.randomUUID(); sessions.set(sid, { user: u.id, csrf })
    return [200, { csrf_token: csrf, user: meOf(u, csrf) }, { 'Set-Cookie': `dj_session=${sid}; HttpOnly; SameSite=Strict; Path=/` }]
  }
  const sid = /dj_session=([^;]+)/.exec(req.headers.cookie || '')?.[1]; const s = sessions.get(sid)
  if (!s) throw new E(401, 'unauthorized', '请先登录')
  const user = users.find((u) => u.id === s.user)
  if (M !== 'GET' && req.headers['x-csrf-token'] !== s.csrf) throw new E(403, 'csrf', 'CSRF 校验失败')
  if (p === '/session' && M === 'DELETE') { sessions.delete(sid); return [204, null] }
  if (p === '/me') return [200, meOf(user, s.csrf)]
  if (p === '/meta') return [200, {}]
  let m
  if (p === '/orgs' && M === 'GET') {
    let list = orgs.filter((o) => !o.deleted)
    if (q.get('roots')) list = list.filter((o) => o.id === user.org_id)
    else if (q.get('parent')) list = list.filter((o) => o.parent_id === Number(q.get('parent')))
    if (q.get('q')) list = list.filter((o) => o.name.includes(q.get('q')))
    return [200, page(list.map(orgOut), q)]
  }
  if (p === '/orgs' && M === 'POST') { const b = json(); if (!b.name) throw new E(422, 'validation', '请输入名称', 'name'); const o = { departments: [], committee: [], institution_ids: [], ...b, id: nextId++, deleted: false, version: 1 }; orgs.push(o); return [201, orgOut(o)] }
  if ((m = /^\/orgs\/(\d+)(\/restore)?$/.exec(p))) {
    const o = orgById(m[1]); if (!o) throw new E(404, 'not_found', '组织不存在')
    if (m[2]) { o.deleted = false; o.version++; return [200, orgOut(o)] }
    if (M === 'GET') {
      const out = orgOut(o); const warnings = []
      if ((o.type === 'branch' || o.type === 'joint_branch') && out.full_count < 3) warnings.push({ code: 'too_few_full_members', severity: 'danger', message: `正式党员不足3人（现有${out.full_count}人），不符合成立党支部条件` })
      if (o.term_end && o.term_end < '2026-06-01') warnings.push({ code: 'term_ending', severity: 'warning', message: `本届任期将于${o.term_end}届满，请做好换届准备` })
      return [200, { ...out, institutions: institutions.filter((i) => i.org_ids.includes(o.id)).map((i) => ({ id: i.id, name: i.name })), warnings }]
    }
    const ver = M === 'DELETE' ? Number(q.get('version')) : json().version
    if (ver !== o.version) throw new E(409, 'conflict', '版本冲突', 'version')
    if (M === 'DELETE') { if (orgs.some((c) => c.parent_id === o.id && !c.deleted)) throw new E(409, 'conflict', '该组织下仍有下级组织，不能删除'); o.deleted = true; o.version++; return [200, orgOut(o)] }
    const b = json(); if (b.parent_id && below(o.id).includes(b.parent_id)) throw new E(422, 'validation', '不能移动到自身或下级组织之下', 'parent_id')
    delete b.version; Object.assign(o, b); o.version++; return [200, orgOut(o)]
  }
  if (p === '/institutions' && M === 'GET') {
    let list = institutions.filter((i) => !i.deleted)
    for (const k of ['ownership', 'kind', 'district']) if (q.get(k)) list = list.filter((i) => i[k] === q.get(k))
    if (q.get('q')) list = list.filter((i) => i.name.includes(q.get('q')))
    return [200, page(list.map((i) => ({ ...i, orgs: i.org_ids.map((id) => ({ id, name: orgName(id) })) })), q)]
  }
  if (p === '/institutions' && M === 'POST') { const b = json(); const i = { org_ids: [], ...b, id: nextId++, deleted: false, version: 1 }; institutions.push(i); return [201, i] }
  if ((m = /^\/institutions\/(\d+)$/.exec(p))) {
    const i = institutions.find((x) => x.id === Number(m[1])); if (!i) throw new E(404, 'not_found', '不存在')
    if (M === 'GET') return [200, { ...i, orgs: i.org_ids.map((id) => ({ id, name: orgName(id) })) }]
    if (M === 'DELETE') { i.deleted = true; i.version++; return [200, i] }
    const b = json(); if (b.version !== i.version) throw new E(409, 'conflict', '版本冲突'); delete b.version; Object.assign(i, b); i.version++; return [200, i]
  }
  if (p === '/members' && M === 'GET') return [200, page(listMembers(q, user).map((x) => memberOut(x, user)), q)]
  if (p === '/members' && M === 'POST') { const b = json(); validateMember(b); return [201, memberOut(addMember(b), user)] }
  if (p === '/members/import' && M === 'POST') return [200, doImport(body, q)]
  if (p === '/members/export') {
    const rows = listMembers(q, user).map((x) => memberOut(x, user))
    const aoa = [['姓名', '性别', '出生日期', '身份证号', '手机号', '所在组织', '党员类别', '入党日期']].concat(rows.map((r) => [r.name, r.gender === 'male' ? '男' : '女', r.birth_date, r.id_number, r.phone, r.org_name, r.category === 'full' ? '正式党员' : '预备党员', r.joined_on]))
    const wb = XLSX.utils.book_new(); XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), '党员名册')
    return [200, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }), { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent('党员名册.xlsx')}` }]
  }
  if ((m = /^\/members\/(\d+)(\/\w+)?$/.exec(p))) {
    const x = members.find((y) => y.id === Number(m[1]))
    if (!x || (user.role === 'member' && user.member_id !== x.id)) throw new E(404, 'not_found', '党员不存在')
    const act = m[2]
    if (act === '/history') return [200, { items: history[x.id] || [] }]
    if (act === '/restore') { x.deleted = false; x.version++; history[x.id].unshift({ at: new Date().toISOString(), kind: 'change', action: 'restore', by: user.username, changes: { deleted: [true, false] } }); return [200, memberOut(x, user)] }
    if (M === 'GET' && !act) return [200, memberOut(x, user)]
    const b = M === 'DELETE' ? { version: Number(q.get('version')) } : json()
    if (b.version !== x.version) throw new E(409, 'conflict', 'version conflict', 'version')
    if (act === '/transfer') {
      if (!orgById(b.to_org_id)) throw new E(422, 'validation', '组织不存在', 'to_org_id')
      history[x.id].unshift({ at: new Date().toISOString(), kind: 'transfer', from_org_id: x.org_id, from_org_name: orgName(x.org_id), to_org_id: b.to_org_id, to_org_name: orgName(b.to_org_id), transfer_date: b.transfer_date, reason: b.reason, by: user.username })
      x.org_id = b.to_org_id; x.version++; return [200, memberOut(x, user)]
    }
    if (M === 'DELETE') { x.deleted = true; x.version++; history[x.id].unshift({ at: new Date().toISOString(), kind: 'change', action: 'delete', by: user.username, changes: { deleted: [false, true] } }); return [200, memberOut(x, user)] }
    delete b.version; const merged = { ...x, ...b }; validateMember(merged, x.id)
    const changes = {}; for (const k of Object.keys(b)) if (JSON.stringify(x[k]) !== JSON.stringify(b[k])) changes[k] = [x[k], b[k]]
    Object.assign(x, b); x.version++; history[x.id].unshift({ at: new Date().toISOString(), kind: 'change', action: 'update', by: user.username, changes }); return [200, memberOut(x, user)]
  }
  if (p === '/users' && M === 'GET') return [200, page(users.map((u) => ({ ...u, org_name: orgName(u.org_id) })), q)]
  if (p === '/users' && M === 'POST') { const b = json(); const u = { ...b, id: nextId++, disabled: false, version: 1 }; delete u.password; users.push(u); return [201, u] }
  if ((m = /^\/users\/(\d+)$/.exec(p))) {
    const u = users.find((x) => x.id === Number(m[1])); if (!u) throw new E(404, 'not_found', '不存在')
    if (M === 'DELETE') { u.disabled = true; u.version++; return [200, u] }
    const b = json(); delete b.version; delete b.password; Object.assign(u, b); u.version++; return [200, u]
  }
  throw new E(404, 'not_found', '接口不存在')
}
function meOf(u, csrf) { return { id: u.id, username: u.username, display_name: u.display_name, role: u.role, org_id: u.org_id, org_name: orgName(u.org_id), member_id: u.member_id, csrf_token: csrf } }

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' }
http.createServer((req, res) => {
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', async () => {
    const url = new URL(req.url, 'http://x')
    if (url.pathname === '/healthz') { res.writeHead(200, { 'Content-Type': 'application/json' }); res.end('{"status":"ok"}'); return }
    if (url.pathname.startsWith('/api/v1/')) {
      try {
        const [status, data, headers = {}] = await api(req, url, Buffer.concat(chunks))
        const isBuf = Buffer.isBuffer(data)
        res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers })
        res.end(data === null ? undefined : isBuf ? data : JSON.stringify(data))
      } catch (e) {
        const status = e.status || 500
        res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' })
        res.end(JSON.stringify({ error: { code: e.code || 'internal', message: e.message, field: e.field || null, ...(e.details ? { details: e.details } : {}) } }))
      }
      return
    }
    const file = path.join(dist, url.pathname === '/' ? 'index.html' : path.normalize(url.pathname))
    if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); res.end('not found'); return }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' })
    fs.createReadStream(file).pipe(res)
  })
}).listen(port, '127.0.0.1', () => console.log(`mock listening on ${port}`))
