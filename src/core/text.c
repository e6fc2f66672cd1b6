/* text.c: UTF-8 validation, GB18030 -> UTF-8 via iconv, trimming. */
#include "core/text.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) { /* eight ASCII bytes at a time (a file's commas, digits and dates) */
            uint64_t v;
            memcpy(&v, p + i, 8);
            if (!(v & UINT64_C(0x8080808080808080))) {
                i += 8;
                continue;
            }
        }
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        unsigned lo = 0x80, hi = 0xBF; /* allowed range of the first continuation byte */
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0)
                lo = 0xA0; /* overlong below U+0800 */
            else if (c == 0xED)
                hi = 0x9F; /* surrogates U+D800..U+DFFF */
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0)
                lo = 0x90; /* overlong below U+10000 */
            else if (c == 0xF4)
                hi = 0x8F; /* above U+10FFFF */
        } else {
            return false; /* continuation byte, C0/C1 overlongs, F5..FF */
        }
        if (n - i < len)
            return false;
        if (p[i + 1] < lo || p[i + 1] > hi)
            return false;
        for (size_t k = 2; k < len; k++)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF)
                return false;
        i += len;
    }
    return true;
}

size_t utf8_length(const char *s)
{
    if (!s)
        return 0;
    size_t count = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            count++;
    return count;
}

char *text_gb18030_to_utf8(const char *s, size_t n, size_t *out_len)
{
    if ((!s && n > 0) || n > SIZE_MAX / 2)
        return NULL;
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return NULL;
    /* Start at the input size (right for ASCII) and double when iconv says the output is full;
     * Chinese text grows by half (2 bytes of GB18030 become 3 of UTF-8). */
    size_t cap = n + 16;
    char *out = malloc(cap);
    if (!out) {
        iconv_close(cd);
        return NULL;
    }
    char *in = (char *)s; /* iconv's prototype is not const-correct */
    size_t in_left = n;
    size_t used = 0;
    for (;;) {
        char *op = out + used;
        size_t out_left = cap - used - 1; /* keep room for the NUL */
        size_t r = in_left ? iconv(cd, &in, &in_left, &op, &out_left) : 0;
        used = (size_t)(op - out);
        if (r != (size_t)-1)
            break;
        if (errno != E2BIG) {
            /* EILSEQ: not GB18030; EINVAL: truncated at the end. */
            free(out);
            iconv_close(cd);
            return NULL;
        }
        if (cap > SIZE_MAX / 2) {
            free(out);
            iconv_close(cd);
            return NULL;
        }
        char *bigger = realloc(out, cap * 2);
        if (!bigger) {
            free(out);
            iconv_close(cd);
            return NULL;
        }
        out = bigger;
        cap *= 2;
    }
    iconv_close(cd);
    out[used] = '\0';
    if (out_len)
        *out_len = used;
    return out;
}

char *text_to_utf8(const char *s, size_t n, size_t *out_len, const char **encoding_out)
{
    if (encoding_out)
        *encoding_out = NULL;
    if (!s && n > 0)
        return NULL;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        n -= 3;
    }
    if (utf8_valid(s, n)) {
        char *copy = malloc(n + 1);
        if (!copy)
            return NULL;
        if (n)
            memcpy(copy, s, n);
        copy[n] = '\0';
        if (out_len)
            *out_len = n;
        if (encoding_out)
            *encoding_out = "UTF-8";
        return copy;
    }
    char *conv = text_gb18030_to_utf8(s, n, out_len);
    if (conv && encoding_out)
        *encoding_out = "GB18030";
    return conv;
}

bool text_is_digits(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static bool ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static bool ideographic_space(const char *p)
{
    return (unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80;
}

char *text_trim(char *s)
{
    if (!s)
        return NULL;
    char *start = s;
    for (;;) {
        if (ascii_space(*start))
            start++;
        else if (ideographic_space(start))
            start += 3;
        else
            break;
    }
    size_t len = strlen(start);
    for (;;) {
        if (len >= 1 && ascii_space(start[len - 1]))
            len--;
        else if (len >= 3 && ideographic_space(start + len - 3))
            len -= 3;
        else
            break;
    }
    if (start != s)
        memmove(s, start, len);
    s[len] = '\0';
    return s;
}

bool text_blank(const char *s)
{
    if (!s)
        return true;
    while (*s) {
        if (ascii_space(*s))
            s++;
        else if (ideographic_space(s))
            s += 3;
        else
            return false;
    }
    return true;
}

bool text_needs_trim(const char *s)
{
    if (!s || !*s)
        return s != NULL;
    size_t n = strlen(s);
    return ascii_space(s[0]) || ideographic_space(s) || ascii_space(s[n - 1]) ||
           (n >= 3 && ideographic_space(s + n - 3));
}

uint32_t text_next_code_point(const char **p)
{
    const unsigned char *s = (const unsigned char *)*p;
    unsigned c = s[0];
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
        *p += 1;
        return c;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        *p += 1;
        return TEXT_BAD_CODE_POINT;
    }
    /* utf8_valid() holds the rules for the first continuation byte; a NUL ends the check early,
     * as it is no continuation byte. */
    size_t n = 1;
    while (n < len && s[n] >= 0x80 && s[n] <= 0xBF)
        n++;
    if (n < len || !utf8_valid(*p, len)) {
        *p += 1;
        return TEXT_BAD_CODE_POINT;
    }
    for (size_t i = 1; i < len; i++)
        cp = (cp << 6) | (s[i] & 0x3F);
    *p += len;
    return cp;
}

bool text_is_noncharacter(uint32_t c)
{
    return (c >= 0xFDD0 && c <= 0xFDEF) || ((c & 0xFFFE) == 0xFFFE && c <= 0x10FFFF);
}

bool text_is_bidi_control(uint32_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F ||
           c == 0x061C;
}

static bool is_control(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

bool text_is_invisible(uint32_t c)
{
    if (is_control(c) || c == ' ')
        return true;
    static const uint32_t ranges[][2] = {
        {0x00A0, 0x00A0}, {0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x115F, 0x1160}, {0x1680, 0x1680},
        {0x180E, 0x180E}, {0x2000, 0x200F}, {0x2028, 0x202F}, {0x205F, 0x2064}, {0x2066, 0x2069},
        {0x2800, 0x2800}, {0x3000, 0x3000}, {0x3164, 0x3164}, {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF},
        {0xFFA0, 0xFFA0}, {0xE0000, 0xE007F}, {0xE0100, 0xE01EF},
    };
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (c >= ranges[i][0] && c <= ranges[i][1])
            return true;
    return false;
}

bool text_check(const char *s, bool multiline, bool need_visible, const char *label, const char *field,
                dj_err *err)
{
    if (!s)
        s = "";
    if (!label)
        label = "内容";
    if (!utf8_valid(s, strlen(s)))
        return dj_err_set(err, "validation", field, "%s含有无效的字符编码", label);
    bool visible = false;
    for (const char *p = s; *p;) {
        if ((unsigned char)*p > 0x20 && (unsigned char)*p < 0x7F) { /* printable ASCII: visible, nothing to check */
            visible = true;
            p++;
            continue;
        }
        const char *at = p;
        uint32_t c = text_next_code_point(&p);
        if (is_control(c)) {
            bool allowed = multiline && (c == '\t' || c == '\n' || (c == '\r' && at[1] == '\n'));
            if (allowed)
                continue;
            if (c == '\t' || c == '\n' || c == '\r')
                return dj_err_set(err, "validation", field, "%s不能包含换行符或制表符", label);
            return dj_err_set(err, "validation", field, "%s含有不可见的控制字符（U+%04X），请删除后重试", label,
                              (unsigned)c);
        }
        if ((c == 0x2028 || c == 0x2029) && !multiline)
            return dj_err_set(err, "validation", field, "%s不能包含换行符（U+%04X）", label, (unsigned)c);
        if (text_is_noncharacter(c))
            return dj_err_set(err, "validation", field, "%s含有不允许使用的非字符码位（U+%04X），请删除后重试",
                              label, (unsigned)c);
        if (text_is_bidi_control(c))
            return dj_err_set(err, "validation", field,
                              "%s含有改变文字显示方向的控制字符（U+%04X），显示的内容会与实际内容不符，请删除后重试",
                              label, (unsigned)c);
        if (!text_is_invisible(c))
            visible = true;
    }
    if (need_visible && !visible)
        return dj_err_set(err, "validation", field, "%s不能为空，也不能只由空格或不可见字符组成", label);
    return true;
}

/* Whether XML 1.0 allows c in character data (Char, §2.2); TEXT_BAD_CODE_POINT is not. */
static bool xml_char(uint32_t c)
{
    if (c < 0x20)
        return c == '\t' || c == '\n' || c == '\r';
    return c != 0xFFFE && c != 0xFFFF && c <= 0x10FFFF;
}

const char *text_xml_safe(const char *s, buf *scratch)
{
    if (!s)
        return "";
    const char *p = s;
    while (*p) {
        const char *at = p;
        if (!xml_char(text_next_code_point(&p))) {
            p = at;
            break;
        }
    }
    if (!*p)
        return s;
    scratch->len = 0;
    buf_append(scratch, s, (size_t)(p - s));
    while (*p) {
        const char *at = p;
        if (xml_char(text_next_code_point(&p)))
            buf_append(scratch, at, (size_t)(p - at));
        else
            buf_append(scratch, "\xEF\xBF\xBD", 3);
    }
    return scratch->data;
}
