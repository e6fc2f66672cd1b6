// Spreadsheet helpers for the member import: .xlsx to CSV in the browser (xlsx-read.js, loaded
// only when needed), the .xlsx template from the server, the CSV template.
import { request, saveBlob } from './api.js'

export const MEMBER_IMPORT_HEADERS = ['姓名', '性别', '民族', '出生日期', '身份证号', '手机号', '学历', '职称', '科室', '职务',
  '组织ID', '党员类别', '状态', '入党日期', '转正日期', '标签']

/** The first sheet of an .xlsx workbook as CSV text (throws SheetError with a message to show). */
export async function workbookToCsv(arrayBuffer) {
  const { xlsxToCsv } = await import('./xlsx-read.js')
  return xlsxToCsv(arrayBuffer)
}

/** Downloads the .xlsx import template the server writes (its columns are formatted as text). */
export async function downloadMemberTemplate() {
  const { blob, filename } = await request('GET', '/members/import-template', { blob: true, filename: '党员导入模板.xlsx' })
  saveBlob(blob, filename)
}

/** The CSV template (UTF-8 with BOM so that Excel opens it correctly). */
export function memberCsvTemplate() {
  return new Blob(['\ufeff' + MEMBER_IMPORT_HEADERS.join(',') + '\r\n'], { type: 'text/csv;charset=utf-8' })
}
