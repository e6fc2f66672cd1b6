/* pinyin.c: the pinyin order of hanzi, from GB 2312's own order (pinyin.h). The table is built
 * once from glibc's GB18030 converter: no list of readings of our own to keep. */
#include "core/pinyin.h"

#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

enum { CJK_FIRST = 0x4E00, CJK_LAST = 0x9FFF, NCJK = CJK_LAST - CJK_FIRST + 1 };

/* For each CJK unified ideograph: its GB 2312 code (0xB0A1..0xF7FE, level 1 in pinyin order,
 * level 2 by radical after it), or 0 outside GB 2312. */
static uint16_t gb_rank[NCJK];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void build(void)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd == (iconv_t)-1)
        return; /* no converter: every hanzi by code point */
    for (unsigned cp = CJK_FIRST; cp <= CJK_LAST; cp++) {
        char in[3] = {(char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)), (char)(0x80 | (cp & 0x3F))};
        unsigned char out[8];
        char *ip = in, *op = (char *)out;
        size_t il = 3, ol = sizeof out;
        if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && ol == sizeof out - 2 && out[0] >= 0xB0 && out[0] <= 0xF7 &&
            out[1] >= 0xA1 && out[1] <= 0xFE)
            gb_rank[cp - CJK_FIRST] = (uint16_t)(out[0] << 8 | out[1]);
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    iconv_close(cd);
}

/* The next code point of s (advancing *i); a broken byte counts as itself. */
static uint32_t next_cp(const unsigned char *s, size_t n, size_t *i)
{
    uint32_t c = s[*i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (*i + len > n)
        len = 1;
    if (len == 1) {
        (*i)++;
        return c;
    }
    c &= 0x7F >> len;
    for (size_t k = 1; k < len; k++)
        c = c << 6 | (s[*i + k] & 0x3F);
    *i += len;
    return c;
}

/* Non-hanzi first by code point, then GB 2312's hanzi in its order, then the other hanzi. */
static uint32_t key_of(uint32_t cp)
{
    if (cp < CJK_FIRST || cp > CJK_LAST)
        return cp < CJK_FIRST ? cp : 0x200000 + cp;
    uint16_t r = gb_rank[cp - CJK_FIRST];
    return r ? 0x110000u + r : 0x120000u + cp;
}

int pinyin_compare(const char *a, size_t alen, const char *b, size_t blen)
{
    pthread_once(&once, build);
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    size_t i = 0, j = 0;
    while (i < alen && j < blen) {
        uint32_t ka = key_of(next_cp(x, alen, &i)), kb = key_of(next_cp(y, blen, &j));
        if (ka != kb)
            return ka < kb ? -1 : 1;
    }
    if (i < alen || j < blen)
        return i < alen ? 1 : -1;
    size_t n = alen < blen ? alen : blen;
    int c = memcmp(a, b, n);
    return c ? c : (alen > blen) - (alen < blen);
}
