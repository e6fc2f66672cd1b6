/* text.h: UTF-8 checks, GB18030 conversion and small string helpers.
 *
 * Everything the system stores is UTF-8. Files that users upload (CSV exported from Excel on
 * Chinese Windows) are often GB18030, so text_to_utf8() accepts either and says which it saw. */
#ifndef DJ_TEXT_H
#define DJ_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* True if the n bytes at s are well-formed UTF-8 (RFC 3629): overlong forms, UTF-16 surrogates
 * (U+D800..U+DFFF), code points above U+10FFFF and truncated sequences are rejected. NUL bytes
 * are accepted as U+0000. s may be NULL only when n is 0. */
bool utf8_valid(const char *s, size_t n);

/* Number of code points in the NUL-terminated string s (counts every byte that does not
 * continue a sequence, so on invalid input the result is approximate). 0 for NULL. */
size_t utf8_length(const char *s);

/* Converts n bytes of GB18030 at s to UTF-8 with iconv. Returns a malloc'd, NUL-terminated
 * string (the caller frees it) and stores its length, without the NUL, in *out_len if out_len
 * is not NULL. Returns NULL if the input is not valid GB18030 (an invalid or truncated
 * sequence), if iconv has no GB18030 converter, or if memory runs out. */
char *text_gb18030_to_utf8(const char *s, size_t n, size_t *out_len);

/* Decodes an uploaded text: drops a leading UTF-8 byte order mark; if the rest is valid UTF-8
 * returns a malloc'd copy and sets *encoding_out to "UTF-8"; otherwise tries GB18030 and sets
 * "GB18030". Returns NULL (and sets *encoding_out to NULL) if it is neither, or on allocation
 * failure. out_len and encoding_out may be NULL. The result is NUL-terminated. */
char *text_to_utf8(const char *s, size_t n, size_t *out_len, const char **encoding_out);

/* True if s is non-empty and consists only of the ASCII digits 0-9. False for NULL. */
bool text_is_digits(const char *s);

/* Trims, in place, leading and trailing ASCII whitespace (space, \t, \n, \v, \f, \r) and
 * U+3000 IDEOGRAPHIC SPACE. The remaining text is moved to the start of s, so the returned
 * pointer is s itself (still the pointer to free). NULL gives NULL. */
char *text_trim(char *s);

/* Whether s is NULL, empty, or only ASCII white space and U+3000 IDEOGRAPHIC SPACE (what
 * text_trim removes). */
bool text_blank(const char *s);
/* Whether text_trim would change s: empty, or white space (as text_trim sees it) at either end. */
bool text_needs_trim(const char *s);

#endif
