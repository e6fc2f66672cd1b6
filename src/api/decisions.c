/* decisions.c: 三重一大 (DOMAIN.md §7, seed 002): a hospital committee's records of major
 * decisions, important appointments, major projects and large sums, each with the meeting that
 * decided it, the votes, the amount (required for large sums) and the day it was reported upward
 * ("三重一大"报告制度). The bureau (decisions.read over its subtree) sees every record of the
 * subtree, those not reported within the set number of days (a setting, default 15) flagged and
 * on the to-do list. Rules: domain/decisions.h. A record outside the caller's scope answers 404. */
#include "api/meetings.h"
#include "api/int_settings.h"
#include "api/module.h"
#include "api/sheet.h"
#include "api/write.h"
#include "core/json.h"
#include "core/text.h"
#include "domain/decisions.h"
#include "store/decisions.h"
#include "store/meetings.h"
#include "store/rows.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const api_field decision_fields[] = {
    {"org_id", F_INT, true, 0, "决策组织"},
    {"category", F_STR, true, 20, "事项类别"},
    {"title", F_STR, true, 200, "事项名称"},
    {"meeting_id", F_INT, false, 0, "决策会议"},
    {"decided_on", F_DATE, false, 0, "决策日期"},
    {"votes_for", F_INT, true, 0, "赞成票数"},
    {"votes_against", F_INT, false, 0, "反对票数"},
    {"votes_abstain", F_INT, false, 0, "弃权票数"},
    {"amount_fen", F_INT, false, 0, "金额"},
    {"reported_on", F_DATE, false, 0, "报告日期"},
    {"note", F_STR, false, 1000, "备注"},
    {NULL, 0, false, 0, NULL},
};

static const char SETTINGS_KEY[] = "decisions";
enum { TODO_MAX = 50, EXPORT_MAX = 100000 };

/* ---- Settings, today -------------------------------------------------------------------- */

static void settings_defaults(void *out) { *(decision_settings *)out = decision_defaults(); }
static bool settings_valid(const void *s, dj_err *err) { return decision_settings_validate(s, err); }

static const api_int_settings settings_spec = {
    SETTINGS_KEY,
    (const api_int_setting[]){
        {"report_days", "报告期限（天）", offsetof(decision_settings, report_days)},
        {NULL, NULL, 0},
    },
    sizeof(decision_settings),
    settings_defaults,
    settings_valid,
};

static bool settings_load(db *d, decision_settings *out, dj_err *err)
{
    return api_int_settings_load(d, &settings_spec, out, err);
}

static dj_date today_date(void) { return meeting_time_date(meetings_now()); }

/* ---- Presenting ------------------------------------------------------------------------- */

static void decision_present(json_t *r, dj_date today, int report_days)
{
    decision_category cat = DECISION_MAJOR;
    decision_category_parse(json_str(r, "category"), &cat);
    json_object_set_new(r, "category_label", json_string(dj_decision_categories[cat].label));
    json_object_set_new(r, "votes", json_pack("{s:I,s:I,s:I}", "for", json_integer_value(json_object_get(r, "votes_for")),
                                              "against", json_integer_value(json_object_get(r, "votes_against")),
                                              "abstain", json_integer_value(json_object_get(r, "votes_abstain"))));
    dj_date decided = 0, reported = 0;
    date_parse(json_str(r, "decided_on"), &decided);
    bool is_reported = json_str(r, "reported_on") && date_parse(json_str(r, "reported_on"), &reported);
    char due[11];
    date_format(decision_report_due(decided, report_days), due);
    decision_report_state st = decision_report_state_of(decided, is_reported, reported, today, report_days);
    json_object_set_new(r, "report_due", json_string(due));
    json_object_set_new(r, "report_state", json_string(dj_decision_report_states[st].name));
    json_object_set_new(r, "report_state_label", json_string(dj_decision_report_states[st].label));
    json_object_set_new(r, "overdue", json_boolean(st == DECISION_REPORT_OVERDUE));
    json_object_del(r, "org_path");
}

static json_t *decision_load(api_ctx *c, int64_t id, dj_err *err)
{
    json_t *r = decision_read_e(c->d, id, err);
    if (r && scope_has_path(c, json_str(r, "org_path")) && !json_is_true(json_object_get(r, "deleted")))
        return r;
    json_decref(r);
    return NULL;
}

static void decision_reply(http_request *req, api_ctx *c, int64_t id, int status)
{
    dj_err err;
    decision_settings set;
    json_t *r = settings_load(c->d, &set, &err) ? decision_read_e(c->d, id, &err) : NULL;
    if (!r) {
        api_fail(req, &err);
        return;
    }
    decision_present(r, today_date(), set.report_days);
    http_reply_json(req, status, r);
}

static const api_object decision_object = {"decisions", "三重一大事项不存在", decision_load, decision_reply, NULL, NULL};

/* ---- Lists ------------------------------------------------------------------------------ */

/* The list's filters (org, category, year, unreported, overdue) within the caller's scope;
 * *none when the scope holds nothing. False after answering a bad filter. */
static bool query_from(http_request *req, api_ctx *c, decision_query *q, const decision_settings *set, char before[11],
                       bool *none)
{
    int64_t org = 0, year = 0;
    bool overdue = false;
    *none = false;
    if (!api_query_id(req, "org", &org) || !fields_query_enum(req, "category", dj_decision_categories, &q->category) ||
        !api_query_id(req, "year", &year) || !api_query_bool(req, "unreported", &q->unreported) ||
        !api_query_bool(req, "overdue", &overdue))
        return false;
    if (year && (year < 2000 || year > 2100)) {
        http_reply_error(req, 400, "bad_request", "year", "年度须在 2000 至 2100 之间");
        return false;
    }
    q->year = (int)year;
    if (overdue) {
        date_format(date_add_days(today_date(), -set->report_days), before);
        q->overdue_before = before;
    }
    if (org) {
        q->subtree = scope_org_path(req, c, org, NULL);
        if (!q->subtree)
            return false;
    } else {
        q->subtree = c->actor.scope_path;
    }
    *none = q->subtree == NULL || api_can(c, CAP_SCOPE_SELF);
    return true;
}

/* The records the request's filters select (a page, or every one up to EXPORT_MAX), each as the
 * caller sees it; NULL after answering a bad filter or a failed read. */
static json_t *decisions_select(http_request *req, api_ctx *c, bool paging, decision_query *q, decision_settings *set,
                                int64_t *total)
{
    dj_err err;
    char before[11];
    bool none;
    *total = 0;
    if (!settings_load(c->d, set, &err)) {
        api_fail(req, &err);
        return NULL;
    }
    if ((paging && !api_paging(req, &q->limit, &q->offset)) || !query_from(req, c, q, set, before, &none))
        return NULL;
    if (!paging)
        q->limit = EXPORT_MAX;
    json_t *items = none ? json_array() : decisions_list_e(c->d, q, total, &err);
    if (!items) {
        api_fail(req, &err);
        return NULL;
    }
    dj_date today = today_date();
    size_t i;
    json_t *r;
    json_array_foreach(items, i, r)
        decision_present(r, today, set->report_days);
    return items;
}

static void list_decisions(http_request *req, api_ctx *c)
{
    decision_query q = {0};
    decision_settings set;
    int64_t total;
    json_t *items = decisions_select(req, c, true, &q, &set, &total);
    if (!items)
        return;
    json_t *out = api_list(items, total, q.limit, q.offset);
    json_object_set_new(out, "report_days", json_integer(set.report_days));
    http_reply_json(req, 200, out);
}

static const char *yuan_text(const json_t *item, const char *field, char *scratch, size_t n)
{
    json_t *v = json_object_get(item, field);
    if (!json_is_integer(v))
        return "";
    json_int_t f = json_integer_value(v);
    snprintf(scratch, n, "%lld.%02lld", (long long)(f / 100), (long long)(f % 100));
    return scratch;
}

static void export_decisions(http_request *req, api_ctx *c)
{
    decision_query q = {0};
    decision_settings set;
    int64_t total;
    json_t *items = decisions_select(req, c, false, &q, &set, &total);
    if (!items)
        return;
    static const api_sheet_column cols[] = {
        {"编号", "id", 8, NULL},
        {"决策组织", "org_name", 24, NULL},
        {"事项类别", "category_label", 14, NULL},
        {"事项名称", "title", 36, NULL},
        {"决策会议", "meeting_topic", 24, NULL},
        {"决策日期", "decided_on", 12, NULL},
        {"赞成", "votes_for", 6, NULL},
        {"反对", "votes_against", 6, NULL},
        {"弃权", "votes_abstain", 6, NULL},
        {"金额（元）", "amount_fen", 14, yuan_text},
        {"报告期限", "report_due", 12, NULL},
        {"报告日期", "reported_on", 12, NULL},
        {"报告状态", "report_state_label", 12, NULL},
        {"备注", "note", 30, NULL},
        {NULL, NULL, 0, NULL},
    };
    api_reply_sheet(req, "decisions", "三重一大事项登记簿", "三重一大", cols, items);
    json_decref(items);
}

static void get_decision(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *r = api_object_get(req, c, &decision_object, &id);
    if (!r)
        return;
    json_decref(r);
    decision_reply(req, c, id, 200);
}

/* ---- Checks of a body ------------------------------------------------------------------- */

static json_t *merged(const json_t *body, const json_t *cur, const char *key)
{
    json_t *v = json_object_get(body, key);
    return v || !cur ? v : json_object_get(cur, key);
}

static bool reply_err(http_request *req, const dj_err *err)
{
    api_fail(req, err);
    return false;
}

static int64_t merged_int(const json_t *body, const json_t *cur, const char *key, int64_t dflt)
{
    json_t *v = merged(body, cur, key);
    return json_is_integer(v) ? json_integer_value(v) : dflt;
}

/* The merged record against every rule: texts, category, amount, votes (with the meeting's
 * attendance when it is a held committee meeting), dates, the organisation (in scope, a
 * committee or general branch), the meeting (in scope, of the organisation or its subtree).
 * Sets org_path, the votes left out (0) and decided_on (the meeting's day when left out). */
static bool decision_valid(http_request *req, api_ctx *c, json_t *body, const json_t *cur)
{
    dj_err err;
    for (const api_field *f = decision_fields; f->name; f++) {
        const char *v = f->kind == F_STR ? json_str(body, f->name) : NULL;
        if (v && !text_check(v, strcmp(f->name, "note") == 0, strcmp(f->name, "title") == 0, f->label, f->name, &err))
            return reply_err(req, &err);
    }
    for (const char *const *k = (const char *const[]){"org_id", "category", "title", "votes_for", NULL}; *k; k++) {
        json_t *v = json_object_get(body, *k);
        if (v && json_is_null(v)) {
            char msg[120];
            snprintf(msg, sizeof msg, "%s为必填项", fields_label(*k));
            http_reply_error(req, 422, "validation", *k, msg);
            return false;
        }
    }
    decision_category cat;
    if (!decision_category_parse(json_string_value(merged(body, cur, "category")), &cat)) {
        http_reply_error(req, 422, "validation", "category", "事项类别无效，应为重大决策、重要人事任免、重大项目安排或大额资金使用");
        return false;
    }
    json_object_set_new(body, "category", json_string(dj_decision_categories[cat].name));
    json_t *amount = merged(body, cur, "amount_fen");
    if (!decision_amount_check(cat, json_is_integer(amount), json_integer_value(amount), &err))
        return reply_err(req, &err);

    /* The meeting: in scope, not deleted. */
    json_t *mid = merged(body, cur, "meeting_id");
    json_t *meeting = NULL;
    if (json_is_integer(mid)) {
        meeting = meeting_read_e(c->d, json_integer_value(mid), &err);
        if (!meeting || json_is_true(json_object_get(meeting, "deleted")) || !scope_has_path(c, json_str(meeting, "org_path"))) {
            json_decref(meeting);
            http_reply_error(req, 422, "validation", "meeting_id", "决策会议不存在或不在管辖范围内");
            return false;
        }
    }
    int entitled = -1, present = 0;
    if (meeting && strcmp(json_str(meeting, "type"), "committee") == 0 && strcmp(json_str(meeting, "status"), "held") == 0 &&
        json_integer_value(json_object_get(meeting, "n_expected")) > 0) {
        entitled = (int)json_integer_value(json_object_get(meeting, "n_expected"));
        present = (int)json_integer_value(json_object_get(meeting, "n_present"));
    }
    int64_t vf = merged_int(body, cur, "votes_for", 0), va = merged_int(body, cur, "votes_against", 0),
            vab = merged_int(body, cur, "votes_abstain", 0);
    json_object_set_new(body, "votes_against", json_integer(va));
    json_object_set_new(body, "votes_abstain", json_integer(vab));
    if (!decision_votes_check(vf, va, vab, entitled, present, &err)) {
        json_decref(meeting);
        return reply_err(req, &err);
    }

    const char *decided_s = json_string_value(merged(body, cur, "decided_on"));
    char from_meeting[11] = "";
    if (!decided_s && meeting) {
        snprintf(from_meeting, sizeof from_meeting, "%.10s", json_str(meeting, "starts_at"));
        json_object_set_new(body, "decided_on", json_string(from_meeting));
        decided_s = from_meeting;
    }
    if (!decided_s) {
        json_decref(meeting);
        http_reply_error(req, 422, "validation", "decided_on", "决策日期为必填项（或选择决策会议）");
        return false;
    }
    dj_date decided = 0, reported = 0;
    date_parse(decided_s, &decided);
    const char *reported_s = json_string_value(merged(body, cur, "reported_on"));
    bool is_reported = reported_s && date_parse(reported_s, &reported);
    if (!decision_dates_check(decided, is_reported, reported, today_date(), &err)) {
        json_decref(meeting);
        return reply_err(req, &err);
    }

    /* The organisation: in scope (422 on org_id otherwise), a committee or general branch. */
    int64_t org_id = merged_int(body, cur, "org_id", 0);
    const char *path;
    bool same_org = cur && org_id == json_integer_value(json_object_get(cur, "org_id"));
    if (same_org) {
        path = json_str(cur, "org_path");
    } else {
        path = scope_org_path(req, c, org_id, "org_id");
        if (!path) {
            json_decref(meeting);
            return false;
        }
        json_t *org = row_get(c->d, "orgs", org_id);
        const char *type = org ? json_str(org, "type") : "";
        bool committee = strcmp(type, "committee") == 0 || strcmp(type, "general_branch") == 0;
        json_decref(org);
        if (!committee) {
            json_decref(meeting);
            http_reply_error(req, 422, "validation", "org_id", "三重一大事项由党委或党总支集体决策，请选择党委或党总支");
            return false;
        }
    }
    json_object_set_new(body, "org_path", json_string(path));
    if (meeting && strncmp(json_str(meeting, "org_path"), path, strlen(path)) != 0) {
        json_decref(meeting);
        http_reply_error(req, 422, "validation", "meeting_id", "决策会议须由该组织或其下级组织召开");
        return false;
    }
    json_decref(meeting);
    return true;
}

static bool create_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    (void)state;
    return decision_valid(req, c, body, cur);
}

static void create_decision(http_request *req, api_ctx *c)
{
    api_write w = {.obj = &decision_object, .creating = true, .fields = decision_fields, .check = create_check,
                   .cols = decision_columns};
    api_write_run(req, c, &w);
}

static void update_decision(http_request *req, api_ctx *c)
{
    api_write w = {.obj = &decision_object, .fields = decision_fields, .check = create_check, .cols = decision_columns};
    api_write_run(req, c, &w);
}

static void delete_decision(http_request *req, api_ctx *c) { api_soft_delete(req, c, &decision_object, true, NULL); }

/* ---- Reporting upward ------------------------------------------------------------------- */

static const api_field report_fields[] = {
    {"reported_on", F_DATE, false, 0, "报告日期"},
    {NULL, 0, false, 0, NULL},
};
static const char *const report_columns[] = {"reported_on", NULL};

/* Sets reported_on (today when left out); a record already reported answers 409. */
static bool report_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    (void)c;
    (void)state;
    if (json_str(cur, "reported_on")) {
        char msg[80];
        snprintf(msg, sizeof msg, "该事项已于 %s 报告", json_str(cur, "reported_on"));
        http_reply_error(req, 409, "conflict", "reported_on", msg);
        return false;
    }
    dj_date today = today_date(), decided = 0, on = today;
    const char *s = json_str(body, "reported_on");
    if (s)
        date_parse(s, &on);
    char text[11];
    date_format(on, text);
    json_object_set_new(body, "reported_on", json_string(text));
    date_parse(json_str(cur, "decided_on"), &decided);
    dj_err err;
    if (!decision_dates_check(decided, true, on, today, &err))
        return reply_err(req, &err);
    return true;
}

static void report_decision(http_request *req, api_ctx *c)
{
    api_write w = {.obj = &decision_object, .fields = report_fields, .check = report_check, .cols = report_columns};
    api_write_run(req, c, &w);
}

/* ---- Settings (GET, PUT /settings/decisions) -------------------------------------------- */

static void get_settings(http_request *req, api_ctx *c) { api_int_settings_get(req, c, &settings_spec); }
static void put_settings(http_request *req, api_ctx *c) { api_int_settings_put(req, c, &settings_spec); }

/* ---- The to-do list ---------------------------------------------------------------------- */

/* The scope's records not reported within the set days (decision_unreported). */
static void decisions_todo(api_ctx *c, json_t *items)
{
    decision_settings set;
    if (!api_can(c, CAP_DECISIONS_READ) || !c->actor.scope_path || api_can(c, CAP_SCOPE_SELF) ||
        !settings_load(c->d, &set, NULL))
        return;
    char before[11];
    date_format(date_add_days(today_date(), -set.report_days), before);
    json_t *rows = decisions_overdue_e(c->d, c->actor.scope_path, before, TODO_MAX, NULL);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        char title[400], detail[200], link[48];
        snprintf(title, sizeof title, "三重一大事项逾期未报告：%s", json_str(r, "title"));
        snprintf(detail, sizeof detail, "%s 于 %s 决策，超过 %d 天未向上级报告", json_str(r, "org_name"),
                 json_str(r, "decided_on"), set.report_days);
        snprintf(link, sizeof link, "/decisions/%lld", (long long)json_integer_value(json_object_get(r, "id")));
        api_todo_add(items, "decision_unreported", "warning", title, detail,
                     json_integer_value(json_object_get(r, "org_id")), json_str(r, "org_name"), link);
    }
    json_decref(rows);
}

const api_module decisions_module = {
    "decisions",
    (const api_route[]){
        {"GET", "/api/v1/decisions/export", export_decisions, CAP_DECISIONS_READ, 0, 0},
        {"GET", "/api/v1/decisions", list_decisions, CAP_DECISIONS_READ, 0, 0},
        {"POST", "/api/v1/decisions", create_decision, CAP_DECISIONS_WRITE, 0, 0},
        {"GET", "/api/v1/decisions/{id}", get_decision, CAP_DECISIONS_READ, 0, 0},
        {"PATCH", "/api/v1/decisions/{id}", update_decision, CAP_DECISIONS_WRITE, 0, 0},
        {"DELETE", "/api/v1/decisions/{id}", delete_decision, CAP_DECISIONS_WRITE, 0, 0},
        {"POST", "/api/v1/decisions/{id}/report", report_decision, CAP_DECISIONS_WRITE, 0, 0},
        {"GET", "/api/v1/settings/decisions", get_settings, CAP_DECISIONS_READ, 0, 0},
        {"PUT", "/api/v1/settings/decisions", put_settings, CAP_SETTINGS_MANAGE, 0, 0},
        {NULL},
    },
    decisions_todo,
};
