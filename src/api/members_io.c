/* members_io.c: member export (.xlsx or .csv with Chinese headers), the import template, and the
 * HTTP handlers of import and export (the import itself: members_import.c). */
#include "api/member_file.h"
#include "api/members.h"
#include "api/module.h"
#include "api/sheet.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/csv.h"
#include "core/json.h"
#include "core/text.h"
#include "domain/enums.h"
#include "store/members.h"
#include "store/rows.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* The columns of the file (member_file.h): the Chinese header users see, and the JSON field. */
const member_column member_file_columns[MEMBER_NCOLUMNS] = {
    {"姓名", "name", true},          {"性别", "gender", true},      {"民族", "ethnicity", false},
    {"出生日期", "birth_date", true}, {"身份证号", "id_number", true}, {"手机号", "phone", false},
    {"学历", "education", false},     {"职称", "title", false},       {"科室", "department", false},
    {"职务", "position", false},      {"组织ID", "org_id", false},    {"所在组织", "org_name", false},
    {"党员类别", "category", true},   {"状态", "status", false},      {"入党日期", "joined_on", true},
    {"转正日期", "full_on", false},   {"标签", "tags", false},
};
enum { NCOLUMNS = MEMBER_NCOLUMNS };

/* Export ------------------------------------------------------------------------------------- */

typedef struct export_state {
    bool show_personal;
    bool xlsx;
    FILE *csv;
    lxw_worksheet *ws;
    lxw_row_t row;
    int64_t count;
    buf tags; /* the row's tags joined with ';', however many and long (reused row to row) */
    buf clean; /* a value made safe for XML 1.0 (reused row to row) */
} export_state;

static const char *export_value(export_state *st, const json_t *m, const member_column *c, char *tmp, size_t n)
{
    const json_t *v = json_object_get(m, c->field);
    if (strcmp(c->field, "tags") == 0) {
        size_t i;
        json_t *t;
        st->tags.len = 0;
        buf_puts(&st->tags, "");
        json_array_foreach(v, i, t) {
            if (i)
                buf_puts(&st->tags, ";");
            buf_puts(&st->tags, json_string_value(t) ?: "");
        }
        return st->tags.data;
    }
    if (json_is_integer(v)) {
        snprintf(tmp, n, "%lld", (long long)json_integer_value(v));
        return tmp;
    }
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    const dj_enum *table = strcmp(c->field, "gender") == 0     ? dj_genders
                           : strcmp(c->field, "category") == 0 ? dj_member_categories
                           : strcmp(c->field, "status") == 0   ? dj_member_statuses
                                                               : NULL;
    if (table && dj_enum_label(table, s))
        return dj_enum_label(table, s);
    return s;
}

static bool export_row(json_t *m, void *arg)
{
    export_state *st = arg;
    member_present(m, st->show_personal);
    char tmp[NCOLUMNS][32]; /* numbers; every other value points into m or st */
    const char *vals[NCOLUMNS];
    for (int i = 0; i < NCOLUMNS; i++)
        vals[i] = export_value(st, m, &member_file_columns[i], tmp[i], sizeof tmp[i]);
    if (st->xlsx) {
        st->row++;
        for (int i = 0; i < NCOLUMNS; i++)
            /* Whatever is stored (a record written before text was checked too), the sheet never
             * holds what XML 1.0 forbids: one such cell would make the whole file unreadable. */
            worksheet_write_string(st->ws, st->row, (lxw_col_t)i, text_xml_safe(vals[i], &st->clean), NULL);
    } else {
        csv_write_row(st->csv, vals, NCOLUMNS);
    }
    st->count++;
    return true;
}

bool members_export_file(db *d, const member_query *q, bool show_personal, const char *format, const char *path,
                         int64_t *count, dj_err *err)
{
    export_state st = {.show_personal = show_personal};
    const char *headers[NCOLUMNS];
    for (int i = 0; i < NCOLUMNS; i++)
        headers[i] = member_file_columns[i].label;
    if (strcmp(format, "csv") == 0) {
        st.csv = fopen(path, "wb");
        if (!st.csv)
            return dj_err_set(err, "bad_request", "out", "无法写入文件 %s", path);
        fputs("\xEF\xBB\xBF", st.csv); /* a BOM, so Excel opens UTF-8 correctly */
        csv_write_row(st.csv, headers, NCOLUMNS);
        /* A failed read is a failed export, never a short file. */
        bool read = members_each_e(d, q, export_row, &st, err) >= 0;
        buf_free(&st.tags);
        buf_free(&st.clean);
        bool ok = fclose(st.csv) == 0;
        if (!read)
            return false;
        *count = st.count;
        return ok || dj_err_set(err, "internal", "out", "写入文件失败");
    }
    if (strcmp(format, "xlsx") != 0)
        return dj_err_set(err, "bad_request", "format", "格式须为 xlsx 或 csv");
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb)
        return dj_err_set(err, "bad_request", "out", "无法写入文件 %s", path);
    st.xlsx = true;
    st.ws = workbook_add_worksheet(wb, "党员名册");
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    for (int i = 0; i < NCOLUMNS; i++) {
        worksheet_write_string(st.ws, 0, (lxw_col_t)i, headers[i], bold);
        worksheet_set_column(st.ws, (lxw_col_t)i, (lxw_col_t)i, i == 4 ? 22 : 12, NULL);
    }
    bool read = members_each_e(d, q, export_row, &st, err) >= 0;
    buf_free(&st.tags);
    buf_free(&st.clean);
    *count = st.count;
    if (workbook_close(wb) != LXW_NO_ERROR && read)
        return dj_err_set(err, "internal", "out", "写入 xlsx 失败");
    return read;
}

/* The import template: the columns of the import (all but 所在组织, which the import ignores),
 * every one formatted as text so that Excel keeps an ID number's 18 digits and a date as typed,
 * and a second sheet of notes. */
bool members_template_file(const char *path, dj_err *err)
{
    static const char *const notes[] = {
        "填写说明",
        "1. 只读取第一个工作表，第一行为表头，请勿修改表头。",
        "2. 各列已设为“文本”格式：身份证号、手机号不会被 Excel 改成科学计数法，请勿改回“常规”。",
        "3. 性别填“男”或“女”；日期填 YYYY-MM-DD，如 1985-03-12（1985/3/12、1985年3月12日 也可）。",
        "4. 党员类别填“正式党员”或“预备党员”；预备党员不填转正日期。",
        "5. 状态填：在册、流动、失联、转出、停止党籍、去世，不填默认为在册。",
        "6. 组织ID可不填，默认导入到页面上选择的组织；多个标签用分号分隔。",
        "7. 任何一行有错误时整批不导入，请按错误报告修改后重新导入。",
    };
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return dj_err_set(err, "internal", "", "无法创建模板文件");
    lxw_worksheet *ws = workbook_add_worksheet(wb, "党员信息");
    lxw_format *text = workbook_add_format(wb), *head = workbook_add_format(wb);
    format_set_num_format_index(text, 49); /* Excel's built-in "@", text */
    format_set_num_format_index(head, 49);
    format_set_bold(head);
    lxw_col_t col = 0;
    for (int i = 0; i < NCOLUMNS; i++) {
        if (strcmp(member_file_columns[i].field, "org_name") == 0)
            continue;
        worksheet_set_column(ws, col, col, strcmp(member_file_columns[i].field, "id_number") == 0 ? 22 : 12, text);
        worksheet_write_string(ws, 0, col++, member_file_columns[i].label, head);
    }
    worksheet_freeze_panes(ws, 1, 0);
    lxw_worksheet *help = workbook_add_worksheet(wb, "填写说明");
    worksheet_set_column(help, 0, 0, 90, NULL);
    for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++)
        worksheet_write_string(help, (lxw_row_t)i, 0, notes[i], i == 0 ? head : NULL);
    if (workbook_close(wb) != LXW_NO_ERROR)
        return dj_err_set(err, "internal", "", "写入模板失败");
    return true;
}

/* HTTP --------------------------------------------------------------------------------------- */

static void members_import(http_request *req, api_ctx *c)
{
    int64_t org = 0;
    bool dry = false;
    if (!api_query_id(req, "org", &org) || !api_query_bool(req, "dry_run", &dry))
        return;
    /* The file as it is, declared as CSV: a JSON body or a form is not a member list. */
    const char *ct = http_header(req, "Content-Type");
    if (!ct || strncasecmp(ct, "text/csv", 8) != 0 || (ct[8] && ct[8] != ';' && ct[8] != ' ')) {
        http_reply_error(req, 415, "unsupported_media_type", NULL, "导入文件须以 text/csv 提交");
        return;
    }
    import_result res;
    dj_err err;
    if (!members_import_csv(c->d, &c->actor, req->body, req->body_len, org, dry, &res, &err)) {
        json_decref(res.errors);
        api_fail(req, &err);
        return;
    }
    if (json_array_size(res.errors) > 0) {
        char msg[128];
        snprintf(msg, sizeof msg, "导入失败：%zu 处错误，未写入任何数据", json_array_size(res.errors));
        json_t *e = json_pack("{s:s,s:s,s:n,s:o}", "code", "import_invalid", "message", msg, "field", "details", res.errors);
        http_reply_json(req, 422, json_pack("{s:o}", "error", e));
        return;
    }
    json_decref(res.errors);
    http_reply_json(req, 200, json_pack("{s:i,s:i,s:b,s:s}", "imported", res.imported, "rows", res.rows, "dry_run", dry,
                                        "encoding", res.encoding ? res.encoding : ""));
}


typedef struct export_job {
    db *d;
    member_query *q;
    bool personal;
    const char *format;
} export_job;

static bool write_export(const char *path, void *arg, dj_err *err)
{
    export_job *j = arg;
    int64_t count = 0;
    return members_export_file(j->d, j->q, j->personal, j->format, path, &count, err);
}

static void members_export(http_request *req, api_ctx *c)
{
    const char *format = http_query(req, "format");
    if (!format)
        format = "xlsx";
    if (strcmp(format, "xlsx") != 0 && strcmp(format, "csv") != 0) {
        http_reply_error(req, 400, "bad_request", "format", "格式须为 xlsx 或 csv");
        return;
    }
    /* The list's own filters, without paging. */
    member_query q;
    if (!api_member_query(req, c, &q))
        return;
    /* A member's own account exports only their own record, which they may see in full. */
    export_job job = {c->d, &q, api_can(c, CAP_MEMBERS_PERSONAL) || api_can(c, CAP_SCOPE_SELF), format};
    bool xlsx = strcmp(format, "xlsx") == 0;
    api_reply_written_file(req, write_export, &job, xlsx ? api_xlsx_type : "text/csv; charset=utf-8",
                       xlsx ? "attachment; filename=\"members.xlsx\"; filename*=UTF-8''%E5%85%9A%E5%91%98%E5%90%8D%E5%86%8C.xlsx"
                            : "attachment; filename=\"members.csv\"; filename*=UTF-8''%E5%85%9A%E5%91%98%E5%90%8D%E5%86%8C.csv");
}

static bool write_template(const char *path, void *arg, dj_err *err)
{
    (void)arg;
    return members_template_file(path, err);
}

/* The same for everyone and without data: any signed-in user may have it. */
static void members_import_template(http_request *req, api_ctx *c)
{
    (void)c;
    api_reply_written_file(req, write_template, NULL, api_xlsx_type,
                       "attachment; filename=\"member-import-template.xlsx\"; "
                       "filename*=UTF-8''%E5%85%9A%E5%91%98%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx");
}

enum { IMPORT_MAX_BODY = 64 * 1024 * 1024 };

const api_module members_io_module = {
    "members_io",
    (const api_route[]){
        {"POST", "/api/v1/members/import", members_import, CAP_MEMBERS_WRITE, IMPORT_MAX_BODY, API_NO_STORE},
        {"GET", "/api/v1/members/export", members_export, API_SIGNED_IN, 0, API_NO_STORE},
        {"GET", "/api/v1/members/import-template", members_import_template, API_SIGNED_IN, 0, 0},
        {NULL},
    },
};
