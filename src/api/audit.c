/* audit.c: the audit log for people (审计日志): who changed what, when, before and after, within
 * the caller's scope; and the check of its hash chain. */
#include "api/members.h"
#include "api/module.h"
#include "api/sheet.h"

#include "core/date.h"
#include "core/buf.h"
#include "core/json.h"
#include "store/audit_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool date_param(http_request *req, const char *name, const char **out)
{
    *out = http_query(req, name);
    dj_date d;
    if (*out && **out && !date_parse(*out, &d)) {
        http_reply_error(req, 400, "bad_request", name, "日期须为 YYYY-MM-DD 格式");
        return false;
    }
    return true;
}

/* The log's filters (user, object, action, dates) within the caller's scope; false: answered 400. */
static bool audit_query_from(http_request *req, api_ctx *c, audit_query *q)
{
    *q = (audit_query){.scope_path = c->actor.scope_path ? c->actor.scope_path : "/-"};
    if (!api_query_id(req, "object_id", &q->object_id) || !date_param(req, "from", &q->from) ||
        !date_param(req, "to", &q->to))
        return false;
    q->username = http_query(req, "user");
    q->object_type = http_query(req, "object_type");
    q->action = http_query(req, "action");
    return true;
}

/* At most this many records in one export: a longer log is exported a period at a time. */
enum { AUDIT_EXPORT_MAX = 100000 };

static json_t *audit_page(api_ctx *c, void *query, int64_t offset, int64_t limit, int64_t *total, dj_err *err)
{
    audit_query *q = query;
    q->offset = offset;
    q->limit = limit;
    json_t *items = audit_list(c->d, q, total, err);
    if (items && !api_can(c, CAP_MEMBERS_PERSONAL)) {
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it) {
            member_mask_personal(json_object_get(it, "before"));
            member_mask_personal(json_object_get(it, "after"));
        }
    }
    return items;
}

static void audit_records(http_request *req, api_ctx *c)
{
    audit_query q;
    int64_t limit, offset;
    if (!api_paging(req, &limit, &offset) || !audit_query_from(req, c, &q))
        return;
    int64_t total = 0;
    dj_err err;
    json_t *items = audit_page(c, &q, offset, limit, &total, &err);
    if (!items) {
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 200, api_list(items, total, limit, offset));
}

static const char *const action_labels[][2] = {
    {"create", "新增"}, {"update", "修改"}, {"delete", "删除"}, {"restore", "恢复"}, {"transfer", "组织关系转接"},
    {"import", "导入"}, {"unlock", "解锁账号"}, {"passwd", "重设密码"}, {"password", "修改密码"}, {"demo", "演示数据"},
    {NULL, NULL},
};

static const char *action_text(const json_t *it, const char *field, char *scratch, size_t n)
{
    (void)scratch;
    (void)n;
    const char *a = json_str(it, field);
    for (size_t i = 0; a && action_labels[i][0]; i++)
        if (strcmp(action_labels[i][0], a) == 0)
            return action_labels[i][1];
    return a;
}

/* Bookkeeping columns, not changes anyone made. */
static bool bookkeeping(const char *k)
{
    static const char *const skip[] = {"version", "updated_at", "created_at", "search_text", "name_pinyin", NULL};
    for (size_t i = 0; skip[i]; i++)
        if (strcmp(skip[i], k) == 0)
            return true;
    return false;
}

static void value_text(buf *b, const json_t *v)
{
    if (!v || json_is_null(v)) {
        buf_puts(b, "（空）");
    } else if (json_is_string(v)) {
        buf_puts(b, json_string_value(v));
    } else {
        char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(12));
        buf_puts(b, t ? t : "");
        free(t);
    }
}

/* What a record changed, as "field：before → after" per changed field (what a creation set, what a
 * deletion removed), without the bookkeeping columns: the item's "changes". */
static void audit_changes(json_t *it)
{
    json_t *before = json_object_get(it, "before"), *after = json_object_get(it, "after");
    buf b = {0};
    buf_puts(&b, "");
    const char *k;
    json_t *v;
    if (json_is_object(after)) {
        json_object_foreach(after, k, v) {
            json_t *old = json_is_object(before) ? json_object_get(before, k) : NULL;
            if (bookkeeping(k) || (old && json_equal(old, v)) || (!old && json_is_null(v)))
                continue;
            buf_printf(&b, "%s%s：", b.len ? "；" : "", k);
            if (json_is_object(before)) {
                value_text(&b, old);
                buf_puts(&b, " → ");
            }
            value_text(&b, v);
        }
    } else if (json_is_object(before)) {
        json_object_foreach(before, k, v) {
            if (bookkeeping(k) || json_is_null(v))
                continue;
            buf_printf(&b, "%s%s：", b.len ? "；" : "", k);
            value_text(&b, v);
        }
    }
    json_object_set_new(it, "changes", json_string(b.data));
    buf_free(&b);
}

/* The records of the log's filters as a file (审计日志), newest first, masked as the list. */
static void export_audit(http_request *req, api_ctx *c)
{
    static const api_sheet_column cols[] = {
        {"编号", "id", 8, NULL}, {"时间", "at", 20, NULL}, {"用户", "username", 14, NULL},
        {"操作", "action", 12, action_text}, {"对象类型", "object_type", 12, NULL}, {"对象编号", "object_id", 10, NULL},
        {"变更内容", "changes", 80, NULL}, {NULL},
    };
    audit_query q;
    if (!audit_query_from(req, c, &q))
        return;
    int64_t total = 0;
    dj_err err;
    q.limit = 1;
    json_t *probe = audit_list(c->d, &q, &total, &err);
    if (!probe) {
        api_fail(req, &err);
        return;
    }
    json_decref(probe);
    if (total > AUDIT_EXPORT_MAX) {
        char msg[160];
        snprintf(msg, sizeof msg, "共 %lld 条记录，一次最多导出 %d 条：请按日期或对象缩小范围", (long long)total,
                 AUDIT_EXPORT_MAX);
        http_reply_error(req, 422, "validation", "to", msg);
        return;
    }
    json_t *all = api_all_pages(audit_page, c, &q, &err);
    if (!all) {
        api_fail(req, &err);
        return;
    }
    size_t i;
    json_t *it;
    json_array_foreach(all, i, it)
        audit_changes(it);
    api_reply_sheet(req, "audit", "审计日志", "审计日志", cols, all);
    json_decref(all);
}

static void audit_check(http_request *req, api_ctx *c)
{
    int64_t checked = 0, bad = 0;
    char head[65] = "";
    dj_err err;
    if (!audit_verify(c->d, &checked, &bad, head, NULL, NULL, &err)) {
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 200, json_pack("{s:b,s:I,s:s,s:o}", "ok", bad == 0, "records", (json_int_t)checked, "head",
                                        head, "broken_id", bad ? json_integer(bad) : json_null()));
}

const api_module audit_module = {
    "audit",
    (const api_route[]){
        {"GET", "/api/v1/audit", audit_records, CAP_AUDIT_READ, 0, API_NO_STORE},
        {"GET", "/api/v1/audit/verify", audit_check, CAP_AUDIT_READ, 0, 0},
        {"GET", "/api/v1/audit/export", export_audit, CAP_AUDIT_READ, 0, API_NO_STORE},
        {NULL},
    },
};
