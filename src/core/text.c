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
