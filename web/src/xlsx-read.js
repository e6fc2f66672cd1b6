// Reads the first worksheet of an .xlsx file into CSV text, in the browser, for the member
// import. An .xlsx is a zip of XML parts: fflate unzips the few parts needed, the browser's
// DOMParser reads them. Our own reader, rather than a spreadsheet library: the import needs cell
// text only, and the untrusted file then meets no more code than this.
//
// - Shared strings, inline strings, formula results, booleans and numbers are read; a number in a
//   date format becomes YYYY-MM-DD (from the serial number, so no time-zone shift; both the 1900
//   and the 1904 date systems); a whole number is written out in full, never as 1.2E+17.
// - Line N of the CSV is row N of the sheet (empty rows are kept as empty lines, which the import
//   skips), so the rows the server names are the rows the user sees in Excel.
// - Old .xls files (and password-protected workbooks) are compound files, not zips: they get a
//   message saying to save the file as .xlsx or CSV.
import { unzipSync } from 'fflate'

const MAX_PART = 256 * 1024 * 1024 // bytes of one unzipped part: a larger one is refused (zip bombs)
const MAX_ROWS = 1048576 // Excel's own limit

// Excel's built-in number formats that show dates (zh-CN ones included).
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58])

export class SheetError extends Error {}

function unzipParts(bytes, wanted) {
  let total = 0
  const files = unzipSync(bytes, {
    filter(f) {
      if (!wanted(f.name)) return false
      if (f.originalSize > MAX_PART || (total += f.originalSize) > MAX_PART) throw new SheetError('文件过大，无法读取')
      return true
    }
  })
  const out = {}
  const dec = new TextDecoder('utf-8')
  for (const [name, data] of Object.entries(files)) out[name] = dec.decode(data)
  return out
}

function parseXml(text, part) {
  const doc = new DOMParser().parseFromString(text, 'application/xml')
  if (doc.getElementsByTagName('parsererror').length) throw new SheetError(`文件已损坏（${part} 无法解析）`)
  return doc
}

// Elements by local name, whatever prefix the writer gave the namespace.
const all = (node, name) => Array.from(node.getElementsByTagNameNS('*', name))
const first = (node, name) => node.getElementsByTagNameNS('*', name)[0] || null
const children = (node, name) => Array.from(node.childNodes).filter((n) => n.nodeType === 1 && n.localName === name)

// The text of a shared or inline string: its runs, without phonetic guides (rPh).
function stringText(node) {
  let s = ''
  for (const t of all(node, 't')) {
    let p = t.parentNode
    while (p && p !== node && p.localName !== 'rPh') p = p.parentNode
    if (p === node) s += t.textContent
  }
  return s
}

export function isDateFormat(code) {
  const c = String(code)
    .replace(/"[^"]*"/g, '') // literal text
    .replace(/\\./g, '') // escaped characters
    .replace(/\[[^\]]*\]/g, '') // [Red], [$-804], [h]
    .toLowerCase()
  if (c === 'general' || c === '@') return false
  if (!/[yd]/.test(c) && /[hs]/.test(c)) return false // h:mm, mm:ss: a time of day, not a date
  return /[ymd]/.test(c)
}

function pad(n) { return String(n).padStart(2, '0') }

export function serialToDate(serial, date1904) {
  const days = Math.floor(serial)
  // 1900 system: serial 1 is 1900-01-01; Excel counts a 29 February 1900 that never was (serial
  // 60), so from serial 61 on, day 0 is 1899-12-30.
  const base = date1904 ? Date.UTC(1904, 0, 1) : days < 61 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30)
  const d = new Date(base + days * 86400000)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

function numberText(v) {
  const n = Number(v)
  if (!Number.isFinite(n)) return v
  if (Number.isInteger(n)) return BigInt(n).toString()
  return String(n)
}

function columnIndex(ref) {
  const m = /^([A-Z]+)/.exec(ref || '')
  if (!m) return -1
  let i = 0
  for (const ch of m[1]) i = i * 26 + (ch.charCodeAt(0) - 64)
  return i - 1
}

function csvField(s) {
  return /[",\r\n]/.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s
}

function resolveTarget(target) {
  if (target.startsWith('/')) return target.slice(1)
  const parts = ('xl/' + target).split('/')
  const out = []
  for (const p of parts) {
    if (p === '..') out.pop()
    else if (p !== '.') out.push(p)
  }
  return out.join('/')
}

/** The first worksheet of an .xlsx (ArrayBuffer or Uint8Array) as CSV text. */
export function xlsxToCsv(buffer) {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer)
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new SheetError('这是旧版 .xls 文件或加密的工作簿：请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV（不设密码）后再导入')
  }
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new SheetError('不是 .xlsx 文件')
  let parts
  try {
    parts = unzipParts(bytes, (n) => ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'].includes(n))
  } catch (e) {
    throw e instanceof SheetError ? e : new SheetError('文件已损坏，无法解压')
  }
  if (!parts['xl/workbook.xml'] || !parts['xl/_rels/workbook.xml.rels']) throw new SheetError('不是 .xlsx 工作簿（缺少 xl/workbook.xml）')
  const wb = parseXml(parts['xl/workbook.xml'], 'workbook.xml')
  const pr = first(wb, 'workbookPr')
  const date1904 = !!pr && ['1', 'true'].includes(pr.getAttribute('date1904'))
  const sheet = first(wb, 'sheet')
  if (!sheet) throw new SheetError('工作簿中没有工作表')
  const rid = sheet.getAttributeNS('http://schemas.openxmlformats.org/officeDocument/2006/relationships', 'id') || sheet.getAttribute('r:id')
  const rels = parseXml(parts['xl/_rels/workbook.xml.rels'], 'workbook.xml.rels')
  const rel = all(rels, 'Relationship').find((r) => r.getAttribute('Id') === rid)
  if (!rel) throw new SheetError('文件已损坏（找不到第一个工作表）')
  const sheetPath = resolveTarget(rel.getAttribute('Target'))

  const shared = parts['xl/sharedStrings.xml'] ? all(parseXml(parts['xl/sharedStrings.xml'], 'sharedStrings.xml'), 'si').map(stringText) : []
  // Which cell styles (s="…") show dates.
  const dateStyle = []
  if (parts['xl/styles.xml']) {
    const st = parseXml(parts['xl/styles.xml'], 'styles.xml')
    const custom = new Map(all(st, 'numFmt').map((f) => [Number(f.getAttribute('numFmtId')), f.getAttribute('formatCode') || '']))
    const xfs = first(st, 'cellXfs')
    for (const xf of xfs ? children(xfs, 'xf') : []) {
      const id = Number(xf.getAttribute('numFmtId') || 0)
      dateStyle.push(custom.has(id) ? isDateFormat(custom.get(id)) : BUILTIN_DATE_FORMATS.has(id))
    }
  }

  const sheetText = unzipParts(bytes, (n) => n === sheetPath)[sheetPath]
  if (sheetText === undefined) throw new SheetError('文件已损坏（缺少第一个工作表）')
  const ws = parseXml(sheetText, sheetPath)
  if (ws.documentElement.localName !== 'worksheet') throw new SheetError('第一个工作表无法读取')
  const lines = []
  let next = 1 // the row number the next <row> has when it gives none
  for (const row of all(ws, 'row')) {
    const r = Number(row.getAttribute('r')) || next
    if (r > MAX_ROWS || r < next) throw new SheetError('工作表的行号无效')
    next = r + 1
    const cells = []
    let col = 0
    for (const c of children(row, 'c')) {
      const at = columnIndex(c.getAttribute('r'))
      col = at >= 0 ? at : col
      if (col > 16383) throw new SheetError('工作表的列号无效')
      const t = c.getAttribute('t') || 'n'
      const v = first(c, 'v')
      const raw = v ? v.textContent : ''
      let text = ''
      if (t === 's') text = shared[Number(raw)] ?? ''
      else if (t === 'inlineStr') text = first(c, 'is') ? stringText(first(c, 'is')) : ''
      else if (t === 'b') text = raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : raw
      else if (t === 'd') text = raw.slice(0, 10)
      else if (t === 'n' && raw !== '') text = dateStyle[Number(c.getAttribute('s') || 0)] ? serialToDate(Number(raw), date1904) : numberText(raw)
      else text = raw // str (a formula's text), e (an error such as #N/A)
      cells[col] = text
      col++
    }
    let end = cells.length
    while (end > 0 && !cells[end - 1]) end--
    if (end === 0) continue
    while (lines.length < r - 1) lines.push('')
    lines.push(Array.from({ length: end }, (_, i) => csvField(cells[i] || '')).join(','))
  }
  if (!lines.length) throw new SheetError('第一个工作表是空的')
  return lines.join('\r\n') + '\r\n'
}
