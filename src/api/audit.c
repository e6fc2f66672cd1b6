/* audit.c: the audit log for people (审计日志): who changed what, when, before and after, within
 * the caller's scope; and the check of its hash chain. */
#include "api/members.h"
#include "api/module.h"

#include "core/date.h"
#include "core/json.h"
#include "store/audit_list.h"

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

static void audit_records(http_request *req, api_ctx *c)
{
    audit_query q = {.scope_path = c->actor.scope_path ? c->actor.scope_path : "/-"};
    if (!api_paging(req, &q.limit, &q.offset) || !api_query_id(req, "object_id", &q.object_id) ||
        !date_param(req, "from", &q.from) || !date_param(req, "to", &q.to))
        return;
    q.username = http_query(req, "user");
    q.object_type = http_query(req, "object_type");
    q.action = http_query(req, "action");
    int64_t total = 0;
    dj_err err;
    json_t *items = audit_list(c->d, &q, &total, &err);
    if (!items) {
        api_fail(req, &err);
        return;
    }
    if (!api_can(c, CAP_MEMBERS_PERSONAL)) {
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it) {
            member_mask_personal(json_object_get(it, "before"));
            member_mask_personal(json_object_get(it, "after"));
        }
    }
    http_reply_json(req, 200, api_list(items, total, q.limit, q.offset));
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
        {NULL},
    },
};
