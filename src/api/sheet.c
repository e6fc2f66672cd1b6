/* sheet.c: lists as .xlsx or .csv files (sheet.h). */
#include "api/sheet.h"

#include "core/buf.h"
#include "core/csv.h"
#include "core/text.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

const char api_xlsx_type[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

void api_reply_written_file(http_request *req, bool (*write)(const char *path, void *arg, dj_err *err), void *arg,
                            const char *content_type, const char *disposition)
{
    char path[] = "/tmp/dangjian-file-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        http_reply_error(req, 500, "internal", NULL, "无法创建临时文件");
        return;
    }
    dj_err err;
    if (!write(path, arg, &err)) {
        close(fd);
        unlink(path);
        api_fail(req, &err);
        return;
    }
    /* The writer replaced the file's contents by path: read them through a fresh descriptor. */
    close(fd);
    fd = open(path, O_RDONLY);
    unlink(path);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size <= 0) {
        if (fd >= 0)
            close(fd);
        http_reply_error(req, 500, "internal", NULL, "导出文件写入失败");
        return;
    }
    http_reply_file(req, 200, content_type, fd, (size_t)st.st_size);
    http_add_header(req, "Content-Disposition", disposition);
}

typedef struct sheet_job {
    bool xlsx;
    const char *sheet;
    const api_sheet_column *cols;
    const json_t *items;
} sheet_job;

/* The text of one cell (into scratch when it is not a string of the item). */
static const char *cell(const api_sheet_column *c, const json_t *item, char *scratch, size_t n, buf *joined)
{
    if (c->text)
        return c->text(item, c->field, scratch, n) ?: "";
    json_t *v = json_object_get(item, c->field);
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(scratch, n, "%lld", (long long)json_integer_value(v));
        return scratch;
    }
    if (json_is_boolean(v))
        return json_is_true(v) ? "是" : "否";
    if (json_is_array(v)) {
        joined->len = 0;
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            const char *s = json_is_string(e) ? json_string_value(e) : json_is_object(e) ? json_string_value(json_object_get(e, "name")) : NULL;
            if (s)
                buf_printf(joined, "%s%s", joined->len ? "；" : "", s);
        }
        return joined->len ? joined->data : "";
    }
    return "";
}

static bool write_sheet(const char *path, void *arg, dj_err *err)
{
    sheet_job *j = arg;
    size_t ncols = 0;
    while (j->cols[ncols].label)
        ncols++;
    const char **vals = xcalloc(ncols, sizeof *vals);
    char (*scratch)[64] = xcalloc(ncols, sizeof *scratch);
    buf *joined = xcalloc(ncols, sizeof *joined);
    buf clean = {0};
    bool ok = true;
    size_t i;
    json_t *item;
    if (!j->xlsx) {
        FILE *f = fopen(path, "w");
        if (!f)
            ok = dj_err_set(err, "internal", "", "无法写入导出文件");
        if (ok) {
            fputs("\xEF\xBB\xBF", f); /* a BOM, so Excel opens UTF-8 correctly */
            for (size_t c = 0; c < ncols; c++)
                vals[c] = j->cols[c].label;
            csv_write_row(f, vals, ncols);
            json_array_foreach(j->items, i, item) {
                for (size_t c = 0; c < ncols; c++)
                    vals[c] = cell(&j->cols[c], item, scratch[c], sizeof scratch[c], &joined[c]);
                csv_write_row(f, vals, ncols);
            }
            ok = fclose(f) == 0 || dj_err_set(err, "internal", "", "写入导出文件失败");
        }
    } else {
        lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
        lxw_workbook *wb = workbook_new_opt(path, &opt);
        if (!wb)
            ok = dj_err_set(err, "internal", "", "无法写入导出文件");
        if (ok) {
            lxw_worksheet *ws = workbook_add_worksheet(wb, j->sheet);
            lxw_format *bold = workbook_add_format(wb);
            format_set_bold(bold);
            for (size_t c = 0; c < ncols; c++) {
                worksheet_write_string(ws, 0, (lxw_col_t)c, j->cols[c].label, bold);
                worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, j->cols[c].width ? j->cols[c].width : 12, NULL);
            }
            lxw_row_t r = 0;
            json_array_foreach(j->items, i, item) {
                r++;
                for (size_t c = 0; c < ncols; c++)
                    worksheet_write_string(ws, r, (lxw_col_t)c,
                                           text_xml_safe(cell(&j->cols[c], item, scratch[c], sizeof scratch[c], &joined[c]),
                                                         &clean),
                                           NULL);
            }
            ok = workbook_close(wb) == LXW_NO_ERROR || dj_err_set(err, "internal", "", "写入 xlsx 失败");
        }
    }
    for (size_t c = 0; c < ncols; c++)
        buf_free(&joined[c]);
    buf_free(&clean);
    free(joined);
    free(scratch);
    free(vals);
    return ok;
}

json_t *api_all_pages(api_page_fn page, api_ctx *c, void *query, dj_err *err)
{
    json_t *all = json_array();
    for (int64_t offset = 0, total = 0;; offset += 500) {
        json_t *items = page(c, query, offset, 500, &total, err);
        if (!items) {
            json_decref(all);
            return NULL;
        }
        json_array_extend(all, items);
        json_decref(items);
        if (offset + 500 >= total)
            return all;
    }
}

/* name percent-encoded for a filename* parameter (RFC 5987), unless it is plain ASCII already. */
static void encode_name(const char *name, char *out, size_t n)
{
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && k + 4 < n; p++) {
        if (*p >= 0x80 || *p == '"' || *p == ' ' || *p == ';')
            k += (size_t)snprintf(out + k, n - k, "%%%02X", *p);
        else
            out[k++] = (char)*p;
    }
    out[k] = 0;
}

void api_reply_sheet(http_request *req, const char *filename, const char *cn_name, const char *sheet,
                     const api_sheet_column *cols, const json_t *items)
{
    const char *format = http_query(req, "format");
    if (!format || !*format)
        format = "xlsx";
    if (strcmp(format, "xlsx") != 0 && strcmp(format, "csv") != 0) {
        http_reply_error(req, 400, "bad_request", "format", "格式须为 xlsx 或 csv");
        return;
    }
    sheet_job j = {strcmp(format, "xlsx") == 0, sheet, cols, items};
    char disposition[512], encoded[300];
    encode_name(cn_name, encoded, sizeof encoded);
    snprintf(disposition, sizeof disposition, "attachment; filename=\"%s.%s\"; filename*=UTF-8''%s.%s", filename, format,
             encoded, format);
    api_reply_written_file(req, write_sheet, &j,
                           j.xlsx ? api_xlsx_type : "text/csv; charset=utf-8",
                           disposition);
}
