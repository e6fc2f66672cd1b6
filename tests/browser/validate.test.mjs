// The member form's tag rule (web/src/validate.js) is the server's (domain/member_rules.h,
// tests/unit/test_member_rules.c): the same cases, the same answers.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { tagsError } from '../../web/src/validate.js'

test('tags: at most 20, each 1-50 characters (code points, not bytes or UTF-16 units)', () => {
  assert.equal(tagsError([]), '')
  assert.equal(tagsError(undefined), '')
  assert.equal(tagsError(['三培养', '先锋岗', 'a']), '')
  assert.equal(tagsError(Array(20).fill('标签')), '')
  assert.match(tagsError(Array(21).fill('标签')), /20/)
  assert.equal(tagsError(['三培养', '党'.repeat(50)]), '')
  assert.match(tagsError(['三培养', '党'.repeat(51)]), /第2个/)
  assert.equal(tagsError(['𠀀'.repeat(50)]), '', 'a character outside the BMP counts once')
  assert.match(tagsError(['三培养', ' \u3000']), /为空/)
})
