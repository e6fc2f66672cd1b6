/* csv.c: RFC 4180 reading and Excel-safe writing.
 *
 * The reader copies each row's fields, unescaped and NUL-terminated, into one growing buffer
 * and hands out pointers into it; the pointers are rebuilt at the end of the row because the
 * buffer may have moved while it grew. */
#include "core/csv.h"

#include "core/buf.h"
#include "core/text.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct csv_reader {
    const char *buf;
    size_t len;
    size_t pos;
    size_t line;     /* physical line at pos, 1-based */
    size_t row_line; /* line where the last row began, or of the last error */
    bool failed;
    char *data;
    size_t data_len, data_cap;
    size_t offs[CSV_MAX_FIELDS];
    const char *fields[CSV_MAX_FIELDS];
    char error[160];
};

csv_reader *csv_open(const char *buf, size_t len)
{
    if (!buf && len > 0)
        return NULL;
    csv_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->buf = buf;
    r->len = len;
    r->line = 1;
    return r;
}

void csv_close(csv_reader *r)
{
    if (!r)
        return;
    free(r->data);
    free(r);
}

size_t csv_line(const csv_reader *r)
{
    return r ? r->row_line : 0;
}

const char *csv_error(const csv_reader *r)
{
    return r ? r->error : "";
}

static int fail(csv_reader *r, size_t line, const char *message)
{
    r->failed = true;
    r->row_line = line;
    snprintf(r->error, sizeof r->error, "%s", message);
    return -1;
}

static bool put(csv_reader *r, char c)
{
    if (r->data_len == r->data_cap) {
        size_t cap = r->data_cap ? r->data_cap * 2 : 256;
        char *bigger = realloc(r->data, cap);
        if (!bigger)
            return false;
        r->data = bigger;
        r->data_cap = cap;
    }
    r->data[r->data_len++] = c;
    return true;
}

/* Appends one byte of field content, enforcing the field limit. Returns -1 (with the error
 * set) on failure, 0 otherwise. */
static int put_content(csv_reader *r, size_t field_start, char c)
{
    if (c == '\0')
        return fail(r, r->line, "CSV 文件中含有空字节（NUL），不是文本文件");
    if (r->data_len - field_start >= CSV_MAX_FIELD_BYTES)
        return fail(r, r->line, "单元格内容超过 64 KiB");
    if (!put(r, c))
        return fail(r, r->line, "内存不足");
    return 0;
}

/* Reads a quoted field whose opening quote is at r->pos. */
static int read_quoted(csv_reader *r, size_t field_start)
{
    size_t open_line = r->line;
    r->pos++;
    for (;;) {
        if (r->pos >= r->len)
            return fail(r, open_line, "引号未闭合");
        char c = r->buf[r->pos];
        if (c == '"') {
            if (r->pos + 1 < r->len && r->buf[r->pos + 1] == '"') {
                if (put_content(r, field_start, '"') < 0)
                    return -1;
                r->pos += 2;
                continue;
            }
            r->pos++;
            break;
        }
        if (c == '\n' || (c == '\r' && (r->pos + 1 >= r->len || r->buf[r->pos + 1] != '\n')))
            r->line++;
        if (put_content(r, field_start, c) < 0)
            return -1;
        r->pos++;
    }
    if (r->pos < r->len) {
        char c = r->buf[r->pos];
        if (c != ',' && c != '\r' && c != '\n')
            return fail(r, r->line, "右引号之后还有多余字符");
    }
    return 0;
}

static int read_plain(csv_reader *r, size_t field_start)
{
    while (r->pos < r->len) {
        char c = r->buf[r->pos];
        if (c == ',' || c == '\r' || c == '\n')
            break;
        if (put_content(r, field_start, c) < 0)
            return -1;
        r->pos++;
    }
    return 0;
}

int csv_next_row(csv_reader *r, csv_row *row)
{
    if (!r || r->failed)
        return -1;
    if (r->pos >= r->len)
        return 0;
    r->row_line = r->line;
    r->data_len = 0;
    size_t n = 0;
    for (;;) {
        if (n == CSV_MAX_FIELDS)
            return fail(r, r->line, "一行最多 256 列");
        size_t start = r->data_len;
        r->offs[n] = start;
        int rc = (r->pos < r->len && r->buf[r->pos] == '"') ? read_quoted(r, start)
                                                            : read_plain(r, start);
        if (rc < 0)
            return -1;
        if (!put(r, '\0'))
            return fail(r, r->line, "内存不足");
        n++;
        if (r->pos >= r->len)
            break;
        char c = r->buf[r->pos++];
        if (c == ',')
            continue;
        if (c == '\r' && r->pos < r->len && r->buf[r->pos] == '\n')
            r->pos++;
        r->line++;
        break;
    }
    for (size_t i = 0; i < n; i++)
        r->fields[i] = r->data + r->offs[i];
    row->n = n;
    row->fields = r->fields;
    return 1;
}

void csv_write_field(FILE *f, const char *s)
{
    buf clean = {0};
    s = text_xml_safe(s, &clean); /* "" for NULL; a copy only when something is replaced */
    bool formula = (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                    s[0] == '\r');
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        fputc('"', f);
    if (formula)
        fputc('\'', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    if (quote)
        fputc('"', f);
    buf_free(&clean);
}

void csv_write_row(FILE *f, const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        csv_write_field(f, fields[i]);
    }
    fputs("\r\n", f);
}
