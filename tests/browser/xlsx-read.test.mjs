// The pure parts of the browser's .xlsx reader (web/src/xlsx-read.js): which number formats are
// dates, and Excel serial numbers to dates in both date systems. The whole reader runs in the
// browser tests of import-export.test.mjs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isDateFormat, serialToDate } from '../../web/src/xlsx-read.js'

test('number formats: dates (incl. Chinese ones) are dates; numbers, text, times of day and General are not', () => {
  for (const f of ['yyyy-mm-dd', 'm/d/yy', 'yyyy"年"m"月"d"日"', 'yyyy年m月d日', '[$-804]yyyy/m/d', 'mmm-yy', 'd-mmm', 'yyyy/m/d h:mm', '[$-F800]dddd, mmmm dd, yyyy']) {
    assert.equal(isDateFormat(f), true, f)
  }
  for (const f of ['General', '@', '0', '0.00', '#,##0', '0%', '0.00E+00', '"第"0"号"', 'h:mm', 'mm:ss', '[h]:mm:ss', 'h"时"mm"分"', '[Red]0.00', '\\d0']) {
    assert.equal(isDateFormat(f), false, f)
  }
})

test('serial numbers to dates: the 1900 system with its phantom 29 February, and the 1904 system', () => {
  assert.equal(serialToDate(1, false), '1900-01-01')
  assert.equal(serialToDate(59, false), '1900-02-28')
  assert.equal(serialToDate(61, false), '1900-03-01')
  assert.equal(serialToDate(31118, false), '1985-03-12')
  assert.equal(serialToDate(31118.75, false), '1985-03-12', 'a time of day does not move the date')
  assert.equal(serialToDate(46348, false), '2026-11-22')
  assert.equal(serialToDate(0, true), '1904-01-01')
  assert.equal(serialToDate(29656, true), '1985-03-12')
})
