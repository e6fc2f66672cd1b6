/* development_board.c: the pipeline board of an organisation (how many at each stage of
 * DOMAIN.md §4, and what falls due: talks owed, activists reaching one year, probation ending
 * within 30 days, approvals waiting past 3 months), the same items in the to-do list, and 三培养
 * (DOMAIN.md §4, seed 002): the dated tags 业务骨干 and 后备干部 on member files and the three
 * flows of a year. */
#include "api/fields.h"
#include "api/module.h"
#include "core/date.h"
#include "core/json.h"
#include "domain/development.h"
#include "store/development.h"
#include "store/members.h"
#include "store/rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAG_BACKBONE "业务骨干"
#define TAG_RESERVE "后备干部"
enum { BOARD_ITEMS_MAX = 100, TODO_MAX = 20 };

/* Today as the member file's checks see it (date_today), so that a step and the member record it
 * creates agree on what is in the future. */
static dj_date today_cn(void) { return date_today(); }

/* The subtree of ?org= (default: the caller's scope); NULL after replying, or with *none when the
 * caller has no organisation. */
static const char *subtree_of(http_request *req, api_ctx *c, int64_t *org, bool *none)
{
    *none = false;
    if (!api_query_id(req, "org", org))
        return NULL;
    if (*org)
        return scope_org_path(req, c, *org, NULL);
    *org = c->actor.org_id;
    if (!c->actor.scope_path)
        *none = true;
    return c->actor.scope_path;
}

/* ---- What falls due ---------------------------------------------------------------------- */

static const struct {
    const char *key, *kind, *title;
} dues[] = {
    {"talks_owed", "development_talk", "入党申请人待谈话"},
    {"activists_year", "development_activist", "入党积极分子培养满一年"},
    {"probation_ending", "development_probation", "预备期即将届满"},
    {"approvals_late", "development_approval", "接收预备党员超过3个月未审批"},
};
enum { NDUES = sizeof dues / sizeof dues[0] };

typedef struct due_scan {
    dj_date today;
    int counts[NDUES];
    json_t *lists[NDUES]; /* the board's items (NULL: the to-do list's) */
    json_t *todo;
    int listed;
} due_scan;

static void on_open(void *arg, int64_t id, const char *name, int64_t org_id, int last, const char *applied_on,
                    const char *activist_on, const char *admitted_on, int extension_months)
{
    due_scan *s = arg;
    dev_record r = {.last = last, .extension_months = extension_months};
    date_parse(applied_on, &r.done[DEV_STEP_APPLY]);
    date_parse(activist_on, &r.done[DEV_STEP_ACTIVIST]);
    date_parse(admitted_on, &r.done[DEV_STEP_ADMIT]);
    dev_due d = dev_due_of(&r, s->today);
    bool hit[NDUES] = {d.talk_owed, d.activist_year, d.probation_ending, d.approval_late};
    for (int k = 0; k < NDUES; k++) {
        if (!hit[k])
            continue;
        s->counts[k]++;
        dj_date on = d.date;
        if (k == 2)
            on = dev_probation_end(&r);
        else if (k == 3)
            on = date_add_months(r.done[DEV_STEP_ADMIT], DEV_APPROVAL_MONTHS);
        char ds[11];
        date_format(on, ds);
        bool overdue = on < s->today;
        if (s->lists[k] && json_array_size(s->lists[k]) < BOARD_ITEMS_MAX)
            json_array_append_new(s->lists[k], json_pack("{s:I,s:s,s:I,s:s,s:b}", "applicant_id", (json_int_t)id, "name",
                                                         name, "org_id", (json_int_t)org_id, "date", ds, "overdue",
                                                         overdue));
        if (s->todo && s->listed < TODO_MAX) {
            char title[200], link[64], detail[200];
            snprintf(title, sizeof title, "%s：%s", dues[k].title, name);
            snprintf(link, sizeof link, "/development/applicants/%lld", (long long)id);
            snprintf(detail, sizeof detail, "%s%s（发展党员工作细则）", overdue ? "已于" : "日期：", ds);
            api_todo_add(s->todo, dues[k].kind, overdue ? "error" : "warning", title, detail, org_id, NULL, link);
            s->listed++;
        }
    }
}

static void get_board(http_request *req, api_ctx *c)
{
    int64_t org = 0;
    bool none;
    const char *path = subtree_of(req, c, &org, &none);
    if (!path && !none)
        return;
    json_t *stages = json_object();
    due_scan s = {.today = today_cn()};
    for (int k = 0; k < NDUES; k++)
        s.lists[k] = json_array();
    dj_err err;
    json_t *counts = path ? applicants_stage_counts_e(c->d, path, &err) : json_object();
    if (!counts || (path && !applicants_each_open(c->d, path, on_open, &s, &err))) {
        json_decref(counts);
        json_decref(stages);
        for (int k = 0; k < NDUES; k++)
            json_decref(s.lists[k]);
        api_fail(req, &err);
        return;
    }
    int64_t total = 0;
    for (dev_stage st = DEV_APPLICANT; st <= DEV_FULL; st++) {
        int64_t n = json_integer_value(json_object_get(counts, dev_stage_name(st)));
        total += n;
        json_object_set_new(stages, dev_stage_name(st), json_integer(n));
    }
    json_decref(counts);
    json_t *due = json_object();
    for (int k = 0; k < NDUES; k++)
        json_object_set_new(due, dues[k].key, json_pack("{s:s,s:i,s:o}", "title", dues[k].title, "count", s.counts[k],
                                                        "items", s.lists[k]));
    char today[11];
    date_format(s.today, today);
    http_reply_json(req, 200, json_pack("{s:o,s:s,s:o,s:I,s:o}", "org_id", org ? json_integer(org) : json_null(), "today",
                                        today, "stages", stages, "total", (json_int_t)total, "due", due));
}

void development_todo(api_ctx *c, json_t *items);
void development_todo(api_ctx *c, json_t *items)
{
    if (!c->actor.scope_path || !api_can(c, CAP_DEVELOPMENT_READ) || api_can(c, CAP_SCOPE_SELF))
        return;
    due_scan s = {.today = today_cn(), .todo = items};
    applicants_each_open(c->d, c->actor.scope_path, on_open, &s, NULL);
}

/* ---- 三培养 ------------------------------------------------------------------------------- */

static bool query_year(http_request *req, int *year)
{
    const char *v = http_query(req, "year");
    *year = date_year(today_cn());
    if (!v || !*v)
        return true;
    if (strlen(v) != 4 || strspn(v, "0123456789") != 4 || atoi(v) < DATE_MIN_YEAR || atoi(v) > DATE_MAX_YEAR) {
        http_reply_error(req, 400, "bad_request", "year", "年份须为四位数字");
        return false;
    }
    *year = atoi(v);
    return true;
}

static void get_three_cultivations(http_request *req, api_ctx *c)
{
    int64_t org = 0;
    bool none;
    int year;
    const char *path = subtree_of(req, c, &org, &none);
    if ((!path && !none) || !query_year(req, &year))
        return;
    char from[11], to[11];
    snprintf(from, sizeof from, "%04d-01-01", year);
    snprintf(to, sizeof to, "%04d-12-31", year);
    dj_err err;
    json_t *flows = path ? three_cultivations_e(c->d, path, from, to, TAG_BACKBONE, TAG_RESERVE, &err)
                         : json_pack("{s:[],s:[],s:[]}", "backbone_to_member", "member_to_backbone",
                                     "backbone_to_reserve");
    if (!flows) {
        api_fail(req, &err);
        return;
    }
    static const struct { const char *key, *label; } names[] = {
        {"backbone_to_member", "把业务骨干培养成党员"},
        {"member_to_backbone", "把党员培养成业务骨干"},
        {"backbone_to_reserve", "把党员业务骨干培养成后备干部"},
    };
    json_t *out = json_array();
    for (size_t i = 0; i < 3; i++) {
        json_t *items = json_object_get(flows, names[i].key);
        json_array_append_new(out, json_pack("{s:s,s:s,s:I,s:O}", "key", names[i].key, "label", names[i].label, "count",
                                             (json_int_t)json_array_size(items), "items", items));
    }
    json_decref(flows);
    http_reply_json(req, 200, json_pack("{s:o,s:i,s:o}", "org_id", org ? json_integer(org) : json_null(), "year", year,
                                        "flows", out));
}

static const api_field tag_fields[] = {
    {"member_id", F_INT, true, 0, "党员"},
    {"tag", F_STR, true, 20, "培养标签"},
    {"tagged_on", F_DATE, true, 0, "认定日期"},
    {NULL, 0, false, 0, NULL},
};

/* Gives a member file a 三培养 tag from a date: kept dated in member_tags and added to the file's
 * tags, with the audit record. */
static void put_tag(http_request *req, api_ctx *c)
{
    json_t *body = api_body(req);
    if (!body)
        return;
    if (!fields_check(req, body, tag_fields, true)) {
        json_decref(body);
        return;
    }
    const char *tag = json_str(body, "tag"), *on = json_str(body, "tagged_on");
    int64_t mid = json_integer_value(json_object_get(body, "member_id"));
    dj_date d = 0;
    date_parse(on, &d);
    dj_err err = {0};
    json_t *m = member_read_e(c->d, mid, &err);
    if (!m && strcmp(err.code, "not_found") != 0) {
        api_fail(req, &err);
    } else if (!m || json_is_true(json_object_get(m, "deleted")) || !scope_has_path(c, json_str(m, "org_path"))) {
        http_reply_error(req, 422, "validation", "member_id", "党员不存在或不在您的管理范围内");
    } else if (strcmp(tag, TAG_BACKBONE) != 0 && strcmp(tag, TAG_RESERVE) != 0) {
        http_reply_error(req, 422, "validation", "tag", "培养标签应为“业务骨干”或“后备干部”");
    } else if (d > today_cn()) {
        http_reply_error(req, 422, "validation", "tagged_on", "认定日期不能晚于今天");
    } else {
        json_t *tags = json_deep_copy(json_object_get(m, "tags"));
        if (!json_is_array(tags)) {
            json_decref(tags);
            tags = json_array();
        }
        bool has = false;
        size_t i;
        json_t *t;
        json_array_foreach(tags, i, t) has = has || (json_is_string(t) && strcmp(json_string_value(t), tag) == 0);
        if (!has)
            json_array_append_new(tags, json_string(tag));
        static const char *const cols[] = {"tags", NULL};
        json_t *changes = json_pack("{s:o}", "tags", tags);
        json_t *rec = json_pack("{s:s,s:s}", "tag", tag, "tagged_on", on);
        bool ok = db_begin(c->d, &err);
        ok = ok && member_tag_put(c->d, mid, tag, on, &c->actor, &err) &&
             row_update(c->d, "members", cols, mid, json_integer_value(json_object_get(m, "version")), changes, false,
                        "update", &c->actor, &err) &&
             audit_write(c->d, &c->actor, "cultivation_tag", "member", mid, NULL, rec, &err) && db_commit(c->d, &err);
        if (!ok) {
            db_rollback(c->d);
            api_fail(req, &err);
        } else {
            http_reply_json(req, 200, json_pack("{s:I,s:s,s:s}", "member_id", (json_int_t)mid, "tag", tag, "tagged_on", on));
        }
        json_decref(changes);
        json_decref(rec);
    }
    json_decref(m);
    json_decref(body);
}

const api_module development_board_module = {
    "development_board",
    (const api_route[]){
        {"GET", "/api/v1/development/board", get_board, CAP_DEVELOPMENT_READ, 0, API_NO_STORE},
        {"GET", "/api/v1/development/three-cultivations", get_three_cultivations, CAP_DEVELOPMENT_READ, 0, API_NO_STORE},
        {"POST", "/api/v1/development/tags", put_tag, CAP_DEVELOPMENT_WRITE, 0, API_NO_STORE},
        {NULL},
    },
    NULL,
};
