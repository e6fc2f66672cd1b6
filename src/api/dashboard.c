/* dashboard.c: the figures of the caller's scope (or of one organisation in it) for the
 * dashboard: members, organisations, institutions, and every rule warning of the subtree, so the
 * office sees what needs doing without searching (提醒而非查找). */
#include "api/module.h"

#include "core/buf.h"
#include "core/date.h"
#include "domain/org_rules.h"
#include "store/dashboard.h"

#include <stdio.h>
#include <string.h>

typedef struct warn_acc {
    dj_date today;
    json_t *items, *by_code;
    int orgs_with_warnings;
} warn_acc;

/* The rule warnings of one organisation of the subtree (at most 8). */
static int warnings_of(const dashboard_org *o, dj_date today, org_warning w[8])
{
    org_facts f = {0};
    if (!org_type_parse(o->type, &f.type))
        return 0;
    f.full_count = o->full;
    f.member_count = o->members;
    f.committee_count = o->committee;
    f.has_term_end = o->term_end && date_parse(o->term_end, &f.term_end);
    return org_warnings(&f, today, w, 8);
}

static void collect(const dashboard_org *o, void *arg)
{
    warn_acc *acc = arg;
    org_warning w[8];
    int n = warnings_of(o, acc->today, w);
    if (n > 0)
        acc->orgs_with_warnings++;
    for (int i = 0; i < n; i++) {
        json_t *c = json_object_get(acc->by_code, w[i].code);
        json_object_set_new(acc->by_code, w[i].code, json_integer(json_integer_value(c) + 1));
        if (json_array_size(acc->items) < 200)
            json_array_append_new(acc->items, json_pack("{s:I,s:s,s:s,s:s,s:s}", "org_id", (json_int_t)o->id, "org_name",
                                                        o->name, "code", w[i].code, "severity", w[i].severity,
                                                        "message", w[i].message));
    }
}

static void dashboard(http_request *req, api_ctx *c)
{
    if (!c->actor.scope_path) {
        http_reply_error(req, 403, "forbidden", NULL, "党员账号没有统计视图");
        return;
    }
    int64_t org = 0;
    if (!api_query_id(req, "org", &org))
        return;
    const char *path = c->actor.scope_path;
    if (org && !(path = scope_org_path(req, c, org, NULL)))
        return;
    dj_date today = date_today();
    char t[11];
    date_format(today, t);
    /* The figures depend on the subtree and on today (terms ending, ages) only. */
    buf key = {0}, cached = {0};
    buf_printf(&key, "dashboard|%zu:%s|%s", strlen(path), path, t);
    if (db_cache_get(c->d, key.data, &cached)) {
        buf_free(&key);
        size_t len;
        char *body = buf_steal(&cached, &len);
        http_reply_bytes(req, 200, "application/json; charset=utf-8", body, len);
        return;
    }
    dj_err err;
    json_t *out = dashboard_figures_e(c->d, path, today, &err);
    warn_acc acc = {.today = today, .items = json_array(), .by_code = json_object()};
    if (!out || !dashboard_each_org_e(c->d, path, collect, &acc, &err)) {
        json_decref(out);
        json_decref(acc.items);
        json_decref(acc.by_code);
        buf_free(&key);
        api_fail(req, &err);
        return;
    }
    json_object_set_new(out, "warnings", json_pack("{s:i,s:o,s:o}", "orgs_with_warnings", acc.orgs_with_warnings,
                                                   "by_code", acc.by_code, "items", acc.items));
    json_object_set_new(out, "as_of", json_string(t));
    char *body = json_dumps(out, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(out);
    if (!body) {
        buf_free(&key);
        http_reply_error(req, 500, "internal", NULL, "无法生成响应");
        return;
    }
    db_cache_put(c->d, key.data, body, strlen(body));
    buf_free(&key);
    http_reply_bytes(req, 200, "application/json; charset=utf-8", body, strlen(body));
}

/* The organisations' rule warnings (terms ending, committees missing, too few members...) on
 * every to-do list of the scope, each opening its organisation. */
static void todo_warning(const dashboard_org *o, void *arg)
{
    json_t *items = arg;
    org_warning w[8];
    int n = warnings_of(o, date_today(), w);
    for (int i = 0; i < n && json_array_size(items) < 500; i++) {
        char link[48];
        snprintf(link, sizeof link, "/orgs?id=%lld", (long long)o->id);
        api_todo_add(items, w[i].code, strcmp(w[i].severity, "danger") == 0 ? "error" : "warning", w[i].message, NULL,
                     o->id, o->name, link);
    }
}

static void todo(api_ctx *c, json_t *items)
{
    if (!api_can(c, CAP_ORGS_READ) || !c->actor.scope_path)
        return;
    dashboard_each_org(c->d, c->actor.scope_path, todo_warning, items);
}

const api_module dashboard_module = {
    "dashboard",
    (const api_route[]){
        {"GET", "/api/v1/dashboard", dashboard, CAP_DASHBOARD_READ, 0, 0},
        {NULL},
    },
    todo,
};
