// CSV written in the browser (a batch export of checked rows): UTF-8 with a BOM so that Excel opens
// it as such, CRLF line ends, fields quoted when they hold a comma, a quote or a line break, and a
// value that a spreadsheet would take for a formula (= + - @, a tab or CR first) led by ' as the
// server's own CSV export does.

/** One field of a CSV row. */
export function csvField(v) {
  let s = v === null || v === undefined ? '' : String(v)
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s
  return /[",\r\n]/.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s
}

/** A CSV file (Blob) of a header row and data rows (arrays of values). */
export function csvBlob(headers, rows) {
  const lines = [headers, ...rows].map((r) => r.map(csvField).join(','))
  return new Blob(['\ufeff' + lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' })
}
