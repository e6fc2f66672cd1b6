/* text.h: UTF-8 checks, GB18030 conversion and small string helpers.
 *
 * Everything the system stores is UTF-8. Files that users upload (CSV exported from Excel on
 * Chinese Windows) are often GB18030, so text_to_utf8() accepts either and says which it saw. */
#ifndef DJ_TEXT_H
#define DJ_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

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

/* Reads the code point at *p (valid UTF-8, NUL-terminated) and advances *p past it. On a byte
 * that does not start a well-formed sequence, returns TEXT_BAD_CODE_POINT and advances one
 * byte, so a scan over malformed input still ends. */
#define TEXT_BAD_CODE_POINT 0xFFFFFFFFu
uint32_t text_next_code_point(const char **p);

/* Whether c is a noncharacter (Unicode 15, §23.7): U+FDD0..U+FDEF, and the last two code points
 * of every plane, U+xFFFE and U+xFFFF. */
bool text_is_noncharacter(uint32_t c);

/* Whether c is a control that reorders text (Unicode bidirectional algorithm, UAX #9): the
 * embeddings and overrides U+202A..U+202E, the isolates U+2066..U+2069, and the marks U+200E,
 * U+200F and U+061C. One of them makes a name display differently from what it holds
 * ("\u202Eabc" shows as "cba"). */
bool text_is_bidi_control(uint32_t c);

/* Whether c shows nothing on its own: white space (ASCII, U+00A0, U+1680, U+2000..U+200A,
 * U+2028, U+2029, U+202F, U+205F, U+3000), zero-width and invisible characters (U+00AD,
 * U+034F, U+180E, U+200B..U+200D, U+2060..U+2064, U+FEFF), fillers (U+115F, U+1160, U+3164,
 * U+FFA0, U+2800), variation selectors (U+FE00..U+FE0F, U+E0100..U+E01EF) and tag characters
 * (U+E0000..U+E007F). Controls count as invisible too. */
bool text_is_invisible(uint32_t c);

/* Checks that s is text a person can type and read back, as every free-text field of a record
 * must be (a member's name, department, ...). Refuses, in this order of the characters of s:
 *   - bytes that are not UTF-8 (utf8_valid);
 *   - C0 controls U+0000..U+001F, DEL U+007F and C1 controls U+0080..U+009F, except that tab
 *     and line feed (and CR as part of CRLF) are allowed when multiline; the line and paragraph
 *     separators U+2028/U+2029 are refused unless multiline;
 *   - noncharacters (text_is_noncharacter);
 *   - bidirectional controls (text_is_bidi_control);
 * and, when need_visible, a string none of whose characters is visible (text_is_invisible):
 * empty, only spaces, a lone U+200B. NULL is treated as "".
 * On a fault fills err with code "validation", the given field (the JSON name, for machines)
 * and a Chinese message that starts with label (e.g. "姓名", for people; NULL gives "内容"),
 * names the fault and, for a character, gives its U+XXXX code; returns false. err may be NULL. */
bool text_check(const char *s, bool multiline, bool need_visible, const char *label, const char *field,
                dj_err *err);

/* s as XML 1.0 may carry it in character data (XML 1.0 §2.2, Char: tab, LF, CR, U+0020..U+D7FF,
 * U+E000..U+FFFD, U+10000..U+10FFFF). Returns s itself when every character is allowed (the
 * common case: nothing is copied). Otherwise writes into scratch (emptied first) a copy of s
 * in which each forbidden character (a C0 control other than tab, LF and CR; U+FFFE; U+FFFF;
 * a byte that is not part of well-formed UTF-8) is replaced by U+FFFD REPLACEMENT CHARACTER,
 * and returns scratch->data, which stays valid until scratch next changes. NULL gives "". */
const char *text_xml_safe(const char *s, buf *scratch);

#endif
