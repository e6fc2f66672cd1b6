/* meeting_register.c: the meeting register (会议登记本) of an organisation for a year, as JSON and
 * as .xlsx: what a branch is judged by (seed 001). */
#include "api/meetings.h"

#include "api/module.h"
#include "api/sheet.h"
#include "api/write.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/json.h"
#include "core/text.h"
#include "domain/meetings.h"
#include "store/members.h"
#include "store/meetings.h"
#include "store/rows.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>


typedef struct register_job {
    const char *org_name;
    int year;
    json_t *items;
} register_job;

static const char *summary_names(const json_t *attendees, const char *status, buf *b)
{
    b->len = 0;
    buf_puts(b, "");
    size_t i;
    json_t *a;
    int n = 0;
    json_array_foreach(attendees, i, a) {
        const char *s = json_str(a, "status");
        bool match = strcmp(status, "absent") == 0 ? (strcmp(s, "absent") == 0 || strcmp(s, "unmarked") == 0)
                                                   : strcmp(s, status) == 0;
        if (!match)
            continue;
        buf_printf(b, "%s%s", n++ ? "、" : "", json_str(a, "name"));
        if (json_str(a, "reason") && *json_str(a, "reason"))
            buf_printf(b, "（%s）", json_str(a, "reason"));
    }
    return b->data;
}

static bool write_register(const char *path, void *arg, dj_err *err)
{
    register_job *j = arg;
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return dj_err_set(err, "internal", "", "无法创建 xlsx");
    lxw_worksheet *ws = workbook_add_worksheet(wb, "会议登记本");
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_text_wrap(head);
    lxw_format *wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    buf scratch = {0}, names = {0};
    char title[300];
    snprintf(title, sizeof title, "%s %d年会议登记本", j->org_name, j->year);
    worksheet_write_string(ws, 0, 0, text_xml_safe(title, &scratch), head);
    static const char *const heads[] = {"日期", "时间", "会议类型", "状态", "主题", "地点", "主持人", "记录人",
                                        "授课人", "应到", "实到", "请假", "出席人员", "请假人员（原因）",
                                        "缺席人员（原因）", "表决事项", "会议记录", "取消原因"};
    enum { NHEADS = sizeof heads / sizeof heads[0] };
    for (int k = 0; k < NHEADS; k++)
        worksheet_write_string(ws, 2, (lxw_col_t)k, heads[k], head);
    worksheet_set_column(ws, 0, 1, 12, NULL);
    worksheet_set_column(ws, 4, 4, 30, NULL);
    worksheet_set_column(ws, 12, 16, 30, NULL);
    size_t i;
    json_t *m;
    lxw_row_t r = 3;
    json_array_foreach(j->items, i, m) {
        const char *st = json_str(m, "starts_at"), *en = json_str(m, "ends_at");
        char day[11], hours[16];
        snprintf(day, sizeof day, "%.10s", st);
        snprintf(hours, sizeof hours, "%.5s-%.5s", st + 11, en + 11);
        json_t *att = json_object_get(m, "attendance"), *list = json_object_get(m, "attendees");
        const char *cells[] = {day, hours, json_str(m, "type_label"),
                               strcmp(json_str(m, "status"), "held") == 0 ? "已召开" : "已取消", json_str(m, "topic"),
                               json_str(m, "place"), json_str(m, "host"), json_str(m, "recorder"), json_str(m, "lecturer")};
        lxw_col_t col = 0;
        for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++, col++)
            worksheet_write_string(ws, r, col, text_xml_safe(cells[k] ? cells[k] : "", &scratch), wrap);
        worksheet_write_number(ws, r, col++, (double)json_integer_value(json_object_get(att, "expected")), NULL);
        worksheet_write_number(ws, r, col++, (double)json_integer_value(json_object_get(att, "present")), NULL);
        worksheet_write_number(ws, r, col++, (double)json_integer_value(json_object_get(att, "leave")), NULL);
        for (int k = 0; k < 3; k++) {
            const char *which = k == 0 ? "present" : k == 1 ? "leave" : "absent";
            worksheet_write_string(ws, r, col++, text_xml_safe(summary_names(list, which, &names), &scratch), wrap);
        }
        names.len = 0;
        buf_puts(&names, "");
        size_t x;
        json_t *dj;
        json_array_foreach(json_object_get(m, "decisions"), x, dj) {
            buf_printf(&names, "%s%zu. %s（赞成%lld，反对%lld，弃权%lld，%s）", x ? "\n" : "", x + 1, json_str(dj, "text"),
                       (long long)json_integer_value(json_object_get(dj, "yes")),
                       (long long)json_integer_value(json_object_get(dj, "no")),
                       (long long)json_integer_value(json_object_get(dj, "abstain")),
                       json_is_true(json_object_get(dj, "passed")) ? "通过" : "未通过");
        }
        worksheet_write_string(ws, r, col++, text_xml_safe(names.data, &scratch), wrap);
        const char *minutes = json_str(m, "minutes"), *reason = json_str(m, "cancel_reason");
        worksheet_write_string(ws, r, col++, text_xml_safe(minutes ? minutes : "", &scratch), wrap);
        worksheet_write_string(ws, r, col++, text_xml_safe(reason ? reason : "", &scratch), wrap);
        r++;
    }
    buf_free(&scratch);
    buf_free(&names);
    lxw_error e = workbook_close(wb);
    return e == LXW_NO_ERROR ? true : dj_err_set(err, "internal", "", "写入 xlsx 失败：%s", lxw_strerror(e));
}

static void org_register(http_request *req, api_ctx *c)
{
    int64_t org_id;
    int year;
    if (!api_param_id(req, 0, &org_id) || !scope_org_path(req, c, org_id, NULL) || !query_year(req, &year))
        return;
    const char *format = http_query(req, "format");
    if (format && *format && strcmp(format, "xlsx") != 0 && strcmp(format, "json") != 0) {
        http_reply_error(req, 400, "bad_request", "format", "格式须为 json 或 xlsx");
        return;
    }
    dj_err err;
    json_t *org = row_get_e(c->d, "orgs", org_id, &err);
    char from[16], to[16];
    snprintf(from, sizeof from, "%04d-01-01", year);
    snprintf(to, sizeof to, "%04d-12-31", year);
    json_t *items = org ? meetings_register_e(c->d, org_id, from, to, &err) : NULL;
    if (!items) {
        json_decref(org);
        api_fail(req, &err);
        return;
    }
    size_t i;
    json_t *m;
    json_array_foreach(items, i, m) {
        json_t *list = meeting_attendance_e(c->d, json_integer_value(json_object_get(m, "id")), &err);
        if (!list) {
            json_decref(items);
            json_decref(org);
            api_fail(req, &err);
            return;
        }
        meeting_present(m);
        json_object_set_new(m, "attendees", list);
    }
    if (format && strcmp(format, "xlsx") == 0) {
        register_job job = {json_str(org, "name"), year, items};
        api_reply_written_file(req, write_register, &job, api_xlsx_type,
                               "attachment; filename=\"meeting-register.xlsx\"; "
                               "filename*=UTF-8''%E4%BC%9A%E8%AE%AE%E7%99%BB%E8%AE%B0%E6%9C%AC.xlsx");
        json_decref(items);
    } else {
        http_reply_json(req, 200, json_pack("{s:I,s:O,s:i,s:I,s:n,s:o}", "org_id", (json_int_t)org_id, "org_name",
                                            json_object_get(org, "name"), "year", year, "total",
                                            (json_int_t)json_array_size(items), "next", "items", items));
    }
    json_decref(org);
}

const api_module meeting_register_module = {
    "meeting_register",
    (const api_route[]){
        {"GET", "/api/v1/orgs/{id}/register", org_register, CAP_MEETINGS_READ, 0, 0},
        {NULL},
    },
    NULL,
};
