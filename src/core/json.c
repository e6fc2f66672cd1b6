#include "json.h"

#include "buf.h"

#include <string.h>

const char *json_str(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

bool json_int(const json_t *o, const char *key, int64_t *out)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_integer(v))
        return false;
    *out = json_integer_value(v);
    return true;
}

int json_depth(const json_t *v)
{
    int max = 0;
    if (json_is_object(v)) {
        const char *k;
        json_t *c;
        json_object_foreach((json_t *)v, k, c) {
            int d = json_depth(c);
            if (d > max)
                max = d;
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *c;
        json_array_foreach(v, i, c) {
            int d = json_depth(c);
            if (d > max)
                max = d;
        }
    }
    return max + 1;
}

/* jansson's own dump goes through a callback per piece and was a tenth of a 1M-row import (an
 * audit record per member): this writes the same compact text straight into one buffer. */
static void write_value(buf *out, const json_t *v)
{
    char num[40];
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        buf_append(out, "{", 1);
        const char *k;
        json_t *x;
        bool first = true;
        json_object_foreach((json_t *)v, k, x) {
            if (!first)
                buf_append(out, ",", 1);
            first = false;
            json_write_string(out, k);
            buf_append(out, ":", 1);
            write_value(out, x);
        }
        buf_append(out, "}", 1);
        break;
    }
    case JSON_ARRAY: {
        buf_append(out, "[", 1);
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i)
                buf_append(out, ",", 1);
            write_value(out, json_array_get(v, i));
        }
        buf_append(out, "]", 1);
        break;
    }
    case JSON_STRING:
        json_write_string(out, json_string_value(v));
        break;
    case JSON_INTEGER: {
        int n = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        buf_append(out, num, (size_t)n);
        break;
    }
    case JSON_REAL: {
        /* As jansson writes it: 17 significant digits, and a real stays a real ("1.0"). */
        int n = snprintf(num, sizeof num, "%.17g", json_real_value(v));
        buf_append(out, num, (size_t)n);
        if (!strpbrk(num, ".eEn"))
            buf_append(out, ".0", 2);
        break;
    }
    case JSON_TRUE:
        buf_append(out, "true", 4);
        break;
    case JSON_FALSE:
        buf_append(out, "false", 5);
        break;
    default:
        buf_append(out, "null", 4);
        break;
    }
}

char *json_compact(const json_t *v)
{
    if (!v)
        return NULL;
    buf out = {0};
    write_value(&out, v);
    size_t len;
    return buf_steal(&out, &len);
}

/* Whether any of the 8 bytes in v is below 0x20, '"' or '\\' (SWAR: each test is exact about
 * "any", which is all the scan needs; the block is then escaped byte by byte). */
static inline bool block_needs_escape(uint64_t v)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t q = v ^ (ones * '"'), b = v ^ (ones * '\\');
    return (((v - ones * 0x20) & ~v) | ((q - ones) & ~q) | ((b - ones) & ~b)) & high;
}

void json_write_string(buf *out, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = strlen(s);
    buf_append(out, "\"", 1);
    size_t i = 0, run = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t v;
            memcpy(&v, s + i, 8);
            if (!block_needs_escape(v)) {
                i += 8;
                continue;
            }
        }
        size_t end = i + 8 < n ? i + 8 : n;
        for (; i < end; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c >= 0x20 && c != '"' && c != '\\')
                continue;
            buf_append(out, s + run, i - run);
            char esc[7] = {'\\', (char)c, 0};
            size_t len = 2;
            switch (c) {
            case '"': case '\\': break;
            case '\n': esc[1] = 'n'; break;
            case '\r': esc[1] = 'r'; break;
            case '\t': esc[1] = 't'; break;
            case '\b': esc[1] = 'b'; break;
            case '\f': esc[1] = 'f'; break;
            default:
                esc[1] = 'u'; esc[2] = '0'; esc[3] = '0'; esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
                len = 6;
            }
            buf_append(out, esc, len);
            run = i + 1;
        }
    }
    buf_append(out, s + run, n - run);
    buf_append(out, "\"", 1);
}
