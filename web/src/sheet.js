// Spreadsheet helpers on SheetJS, loaded only when needed.

export const MEMBER_IMPORT_HEADERS = ['姓名', '性别', '民族', '出生日期', '身份证号', '手机号', '学历', '职称', '科室', '职务',
  '组织ID', '党员类别', '状态', '入党日期', '转正日期', '标签']

function pad(n) { return String(n).padStart(2, '0') }

/**
 * Converts the first sheet of an .xlsx/.xls workbook to CSV text.
 * Date cells become YYYY-MM-DD (from the serial number, so no time-zone shift);
 * whole numbers are written in full rather than in scientific notation.
 */
export async function workbookToCsv(arrayBuffer) {
  const XLSX = await import('xlsx')
  const wb = XLSX.read(arrayBuffer, { type: 'array', cellNF: true, cellText: true })
  if (!wb.SheetNames.length) throw new Error('工作簿中没有工作表')
  const ws = wb.Sheets[wb.SheetNames[0]]
  for (const key of Object.keys(ws)) {
    if (key[0] === '!') continue
    const c = ws[key]
    if (c.t === 'n' && typeof c.v === 'number') {
      const fmt = c.z || ''
      if (fmt && XLSX.SSF.is_date(fmt)) {
        const p = XLSX.SSF.parse_date_code(c.v)
        if (p) c.w = `${p.y}-${pad(p.m)}-${pad(p.d)}`
      } else if (Number.isInteger(c.v)) {
        c.w = BigInt(c.v).toString()
      }
    } else if (c.t === 'd' && c.v instanceof Date) {
      c.w = `${c.v.getFullYear()}-${pad(c.v.getMonth() + 1)}-${pad(c.v.getDate())}`
    }
  }
  return XLSX.utils.sheet_to_csv(ws, { blankrows: false })
}

/** Downloads an .xlsx import template: the header row, plus a sheet of notes. */
export async function downloadMemberTemplate() {
  const XLSX = await import('xlsx')
  const wb = XLSX.utils.book_new()
  const ws = XLSX.utils.aoa_to_sheet([MEMBER_IMPORT_HEADERS])
  ws['!cols'] = MEMBER_IMPORT_HEADERS.map((h) => ({ wch: h === '身份证号' ? 22 : 12 }))
  XLSX.utils.book_append_sheet(wb, ws, '党员信息')
  const notes = XLSX.utils.aoa_to_sheet([
    ['填写说明'],
    ['1. 只读取第一个工作表，第一行为表头，请勿修改表头。'],
    ['2. 身份证号请设置为“文本”格式，避免被Excel转为科学计数法。'],
    ['3. 性别填“男”或“女”；日期格式为 YYYY-MM-DD，如 1985-03-12。'],
    ['4. 党员类别填“正式党员”或“预备党员”；预备党员不填转正日期。'],
    ['5. 状态填：在册、流动、失联、转出、停止党籍、去世，不填默认为在册。'],
    ['6. 组织ID可不填，默认导入到页面上选择的组织；多个标签用分号分隔。'],
    ['7. 任何一行有错误时整批不导入，请按错误报告修改后重新导入。']
  ])
  notes['!cols'] = [{ wch: 70 }]
  XLSX.utils.book_append_sheet(wb, notes, '填写说明')
  XLSX.writeFile(wb, '党员导入模板.xlsx')
}

/** The CSV template (UTF-8 with BOM so that Excel opens it correctly). */
export function memberCsvTemplate() {
  return new Blob(['\ufeff' + MEMBER_IMPORT_HEADERS.join(',') + '\r\n'], { type: 'text/csv;charset=utf-8' })
}
