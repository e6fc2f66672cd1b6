/* pairings.c: the 201 project (201工程, 红色指导员; DOMAIN.md §7, seed 000): instructors paired
 * with private institutions for three years, 搭架子 → 正常化 → 见成效, with milestones, visits and
 * the bureau's progress view. Rules: domain/pairings.h. An instructor (scope.paired) sees and
 * writes only its own pairings; the others see the pairings of their subtree (the instructor's
 * organisation). A pairing outside the caller's scope answers 404. */
#include "api/pairings.h"

#include "api/meetings.h"
#include "api/attach.h"
#include "api/int_settings.h"
#include "api/module.h"
#include "api/sheet.h"
#include "api/write.h"
#include "core/json.h"
#include "core/text.h"
#include "store/institutions.h"
#include "store/pairings.h"
#include "store/rows.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const api_field pairing_fields[] = {
    {"instructor_user_id", F_INT, true, 0, "党建指导员"},
    {"institution_id", F_INT, true, 0, "结对机构"},
    {"started_on", F_DATE, true, 0, "开始日期"},
    {"ends_on", F_DATE, false, 0, "结束日期"},
    {"stage", F_STR, false, 20, "帮带阶段"},
    {"target_stars", F_INT, false, 0, "目标星级"},
    {"note", F_STR, false, 500, "备注"},
    {"milestones", F_OBJ_ARRAY, false, 50, "工作节点"},
    {NULL, 0, false, 0, NULL},
};

static const api_field milestone_fields[] = {
    {"title", F_STR, true, 100, "节点名称"},
    {"due_on", F_DATE, true, 0, "计划完成日期"},
    {"done_on", F_DATE, false, 0, "实际完成日期"},
    {"evidence", F_STR, false, 500, "完成佐证"},
    {"state", F_STR, false, 20, "节点状态"}, /* computed: what the client sends is ignored */
    {NULL, 0, false, 0, NULL},
};

static const api_field visit_fields[] = {
    {"visited_on", F_DATE, true, 0, "走访日期"},
    {"topic", F_STR, true, 200, "走访主题"},
    {"findings", F_STR, false, 5000, "发现的问题"},
    {"advice", F_STR, false, 5000, "指导意见"},
    {NULL, 0, false, 0, NULL},
};

static const char SETTINGS_KEY[] = "pairings";
enum { LATE_ITEMS_MAX = 50 };

/* ---- Settings, scope, today ------------------------------------------------------------- */

static void settings_defaults(void *out) { *(pairing_settings *)out = pairing_defaults(); }
static bool settings_valid(const void *s, dj_err *err) { return pairing_settings_validate(s, err); }

static const api_int_settings settings_spec = {
    SETTINGS_KEY,
    (const api_int_setting[]){
        {"max_per_instructor", "每名指导员可结对的机构数", offsetof(pairing_settings, max_per_instructor)},
        {"max_per_institution", "每家机构可结对的指导员数", offsetof(pairing_settings, max_per_institution)},
        {"max_stars", "星级上限", offsetof(pairing_settings, max_stars)},
        {NULL, NULL, 0},
    },
    sizeof(pairing_settings),
    settings_defaults,
    settings_valid,
};

bool pairings_settings_load(db *d, pairing_settings *out, dj_err *err)
{
    return api_int_settings_load(d, &settings_spec, out, err);
}

bool pairings_paired_only(const api_ctx *c) { return api_can(c, CAP_SCOPE_PAIRED); }

void pairings_today(char out[11]) { date_format(meeting_time_date(meetings_now()), out); }

/* The caller's pairings: its own (an instructor) or its subtree's; false when it sees none. */
static bool caller_scope(const api_ctx *c, pairing_scope *s)
{
    *s = (pairing_scope){0};
    if (pairings_paired_only(c)) {
        s->instructor_id = c->actor.user_id;
        return true;
    }
    if (!c->actor.scope_path || api_can(c, CAP_SCOPE_SELF))
        return false;
    s->subtree = c->actor.scope_path;
    return true;
}

static bool visible(const api_ctx *c, const json_t *p)
{
    if (pairings_paired_only(c))
        return json_integer_value(json_object_get(p, "instructor_user_id")) == c->actor.user_id;
    return !api_can(c, CAP_SCOPE_SELF) && scope_has_path(c, json_str(p, "org_path"));
}

static bool reply_err(http_request *req, const dj_err *err)
{
    api_fail(req, err);
    return false;
}

/* ---- Presenting ------------------------------------------------------------------------- */

/* Each milestone with its state on `today`; the counts of the late ones. */
static void milestones_present(json_t *ms, dj_date today)
{
    size_t i;
    json_t *m;
    json_array_foreach(ms, i, m) {
        dj_date due = 0, done = 0;
        date_parse(json_str(m, "due_on"), &due);
        bool is_done = json_str(m, "done_on") && date_parse(json_str(m, "done_on"), &done);
        json_object_set_new(m, "state", json_string(milestone_state_name(pairing_milestone_state(due, is_done, done, today))));
    }
}

static void pairing_present(json_t *p)
{
    pairing_stage st = PAIRING_FRAMEWORK;
    pairing_stage_parse(json_str(p, "stage"), &st);
    json_object_set_new(p, "stage_label", json_string(pairing_stage_label(st)));
    /* The star level reached comes from the branch star rating (DOMAIN.md §6), which is not
     * built yet: only the target is known. */
    json_object_set_new(p, "stars", json_null());
    json_object_del(p, "org_path");
}

static json_t *pairing_load(api_ctx *c, int64_t id, dj_err *err)
{
    char today[11];
    pairings_today(today);
    json_t *p = pairing_read_e(c->d, id, today, err);
    if (p && visible(c, p) && !json_is_true(json_object_get(p, "deleted")))
        return p;
    json_decref(p);
    return NULL;
}

/* The pairing with its milestones. */
static json_t *pairing_full(api_ctx *c, int64_t id, dj_err *err)
{
    char today[11];
    pairings_today(today);
    json_t *p = pairing_read_e(c->d, id, today, err);
    json_t *ms = p ? pairing_milestones_e(c->d, id, err) : NULL;
    if (!ms) {
        json_decref(p);
        return NULL;
    }
    dj_date t = 0;
    date_parse(today, &t);
    milestones_present(ms, t);
    json_object_set_new(p, "milestones", ms);
    pairing_present(p);
    return p;
}

static void pairing_reply(http_request *req, api_ctx *c, int64_t id, int status)
{
    dj_err err;
    json_t *p = pairing_full(c, id, &err);
    if (!p) {
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, status, p);
}

static const api_object pairing_object = {"pairings", "结对不存在", pairing_load, pairing_reply, NULL, NULL};

/* ---- Lists ------------------------------------------------------------------------------ */

/* The list's filters (the caller's scope, stage, institution, instructor); false: answered 400. */
static bool pairing_query_from(http_request *req, api_ctx *c, pairing_query *q, char today[11], bool *none)
{
    *q = (pairing_query){0};
    pairings_today(today);
    q->today = today;
    if (!fields_query_enum(req, "stage", dj_pairing_stages, &q->stage) ||
        !api_query_id(req, "institution", &q->institution_id) || !api_query_id(req, "instructor", &q->instructor_user_id))
        return false;
    *none = !caller_scope(c, &q->scope);
    return true;
}

static json_t *pairings_page(api_ctx *c, void *query, int64_t offset, int64_t limit, int64_t *total, dj_err *err)
{
    pairing_query *q = query;
    q->offset = offset;
    q->limit = limit;
    json_t *items = pairings_list_e(c->d, q, total, err);
    size_t i;
    json_t *p;
    json_array_foreach(items, i, p)
        pairing_present(p);
    return items;
}

static void list_pairings(http_request *req, api_ctx *c)
{
    pairing_query q;
    char today[11];
    bool none;
    int64_t limit, offset;
    if (!api_paging(req, &limit, &offset) || !pairing_query_from(req, c, &q, today, &none))
        return;
    if (none) {
        http_reply_json(req, 200, api_list(json_array(), 0, limit, offset));
        return;
    }
    int64_t total = 0;
    dj_err err;
    json_t *items = pairings_page(c, &q, offset, limit, &total, &err);
    if (!items) {
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 200, api_list(items, total, limit, offset));
}

/* "完成/总数（逾期 n）" of the milestones. */
static const char *milestones_text(const json_t *it, const char *field, char *scratch, size_t n)
{
    (void)field;
    snprintf(scratch, n, "%lld/%lld（逾期%lld）", (long long)json_integer_value(json_object_get(it, "milestones_done")),
             (long long)json_integer_value(json_object_get(it, "milestones_total")),
             (long long)json_integer_value(json_object_get(it, "milestones_late")));
    return scratch;
}

/* The pairings of the list's filters as a file (党建指导员结对台账), every page. */
static void export_pairings(http_request *req, api_ctx *c)
{
    static const api_sheet_column cols[] = {
        {"编号", "id", 8, NULL}, {"党建指导员", "instructor_name", 24, NULL},
        {"医疗机构", "institution_name", 30, NULL}, {"所在区县", "district", 12, NULL},
        {"开始日期", "started_on", 12, NULL}, {"结束日期", "ends_on", 12, NULL}, {"阶段", "stage_label", 10, NULL},
        {"目标星级", "target_stars", 10, NULL}, {"里程碑", "milestones_total", 16, milestones_text},
        {"走访次数", "visits", 10, NULL}, {"最近走访", "last_visit_on", 12, NULL}, {NULL},
    };
    pairing_query q;
    char today[11];
    bool none;
    if (!pairing_query_from(req, c, &q, today, &none))
        return;
    dj_err err;
    json_t *all = none ? json_array() : api_all_pages(pairings_page, c, &q, &err);
    if (!all) {
        api_fail(req, &err);
        return;
    }
    api_reply_sheet(req, "pairings", "党建指导员结对台账", "结对", cols, all);
    json_decref(all);
}

static void get_pairing(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *p = api_object_get(req, c, &pairing_object, &id);
    if (!p)
        return;
    json_decref(p);
    pairing_reply(req, c, id, 200);
}

/* ---- Checks of a body ------------------------------------------------------------------- */

typedef struct pairing_write {
    json_t *before; /* the milestones as they were, for the audit record */
} pairing_write;

/* A value of the merged record: the body's when it has the field, else the current one. */
static json_t *merged(const json_t *body, const json_t *cur, const char *key)
{
    json_t *v = json_object_get(body, key);
    return v || !cur ? v : json_object_get(cur, key);
}

static bool texts_valid(http_request *req, json_t *obj, const api_field *fields)
{
    for (const api_field *f = fields; f->name; f++) {
        const char *v = f->kind == F_STR ? json_str(obj, f->name) : NULL;
        bool multiline = strcmp(f->name, "findings") == 0 || strcmp(f->name, "advice") == 0 ||
                         strcmp(f->name, "evidence") == 0 || strcmp(f->name, "note") == 0;
        bool need_visible = strcmp(f->name, "title") == 0 || strcmp(f->name, "topic") == 0;
        dj_err err;
        if (v && !text_check(v, multiline, need_visible, f->label, fields == milestone_fields ? "milestones" : f->name, &err))
            return reply_err(req, &err);
    }
    return true;
}

/* The milestones of the body, each checked against the pairing's dates; stored without what
 * is computed. */
static bool milestones_valid(http_request *req, json_t *body, dj_date start, dj_date end, dj_date today)
{
    json_t *ms = json_object_get(body, "milestones");
    size_t i;
    json_t *m;
    json_array_foreach(ms, i, m) {
        if (!fields_check_in(req, m, milestone_fields, true, "milestones") || !texts_valid(req, m, milestone_fields))
            return false;
        if (!json_str(m, "title")) {
            http_reply_error(req, 422, "validation", "milestones", "节点名称为必填项");
            return false;
        }
        dj_date due = 0, done = 0;
        date_parse(json_str(m, "due_on"), &due);
        bool is_done = json_str(m, "done_on") && date_parse(json_str(m, "done_on"), &done);
        dj_err err;
        if (!pairing_milestone_check(start, end, due, is_done, done, today, &err)) {
            char msg[400];
            snprintf(msg, sizeof msg, "第%zu个节点：%s", i + 1, err.message);
            http_reply_error(req, 422, "validation", "milestones", msg);
            return false;
        }
        json_t *clean = json_pack("{s:s,s:s}", "title", json_str(m, "title"), "due_on", json_str(m, "due_on"));
        json_object_set_new(clean, "done_on", is_done ? json_string(json_str(m, "done_on")) : json_null());
        json_object_set_new(clean, "evidence", json_str(m, "evidence") ? json_string(json_str(m, "evidence")) : json_null());
        json_array_set_new(ms, i, clean);
    }
    return true;
}

/* The merged record against every rule: the instructor's account (an instructor's, enabled, in
 * the caller's scope), the institution (private, live, in scope), the dates, the stage (from the
 * current one), the target, one pairing at a time of each, the milestones. Sets org_path,
 * ends_on, stage and target_stars in body. */
static bool pairing_valid(http_request *req, api_ctx *c, json_t *body, const json_t *cur)
{
    pairing_settings set;
    dj_err err;
    if (!pairings_settings_load(c->d, &set, &err))
        return reply_err(req, &err);
    char today_s[11];
    pairings_today(today_s);
    dj_date today = 0;
    date_parse(today_s, &today);
    int64_t self = cur ? json_integer_value(json_object_get(cur, "id")) : 0;

    int64_t uid = json_integer_value(merged(body, cur, "instructor_user_id"));
    json_t *u = pairing_instructor_e(c->d, uid, &err);
    bool same_user = cur && uid == json_integer_value(json_object_get(cur, "instructor_user_id"));
    /* A new instructor must be one (an account that holds scope.paired), enabled, in scope. */
    bool ok = u && (same_user || (role_can(json_str(u, "role"), CAP_SCOPE_PAIRED) &&
                                  !db_json_truthy(json_object_get(u, "disabled")) &&
                                  scope_has_path(c, json_str(u, "org_path"))));
    if (ok)
        json_object_set_new(body, "org_path", json_string(json_str(u, "org_path")));
    json_decref(u);
    if (!ok) {
        http_reply_error(req, 422, "validation", "instructor_user_id", "党建指导员须为管辖范围内启用的指导员账号");
        return false;
    }

    int64_t iid = json_integer_value(merged(body, cur, "institution_id"));
    bool same_inst = cur && iid == json_integer_value(json_object_get(cur, "institution_id"));
    json_t *inst = same_inst ? NULL : institution_read_e(c->d, iid, &err);
    ok = same_inst || (inst && !json_is_true(json_object_get(inst, "deleted")) && institution_visible(c, iid));
    bool is_private = same_inst || (ok && pairing_ownership_check(json_str(inst, "ownership"), &err));
    json_decref(inst);
    if (!ok) {
        http_reply_error(req, 422, "validation", "institution_id", "结对机构不存在或不在管辖范围内");
        return false;
    }
    if (!is_private)
        return reply_err(req, &err);

    dj_date start = 0, end = 0;
    const char *starts = json_string_value(merged(body, cur, "started_on"));
    date_parse(starts ? starts : "", &start);
    const char *ends = json_string_value(merged(body, cur, "ends_on"));
    if (!ends) {
        char e[11];
        date_format(pairing_default_end(start), e);
        json_object_set_new(body, "ends_on", json_string(e));
        ends = json_string_value(json_object_get(body, "ends_on"));
    }
    date_parse(ends, &end);
    if (!pairing_dates_check(start, end, &err))
        return reply_err(req, &err);

    const char *stage_s = json_string_value(merged(body, cur, "stage"));
    pairing_stage to = PAIRING_FRAMEWORK, from = PAIRING_FRAMEWORK;
    if (stage_s && !pairing_stage_parse(stage_s, &to)) {
        http_reply_error(req, 422, "validation", "stage", "帮带阶段无效，应为搭架子、正常化或见成效");
        return false;
    }
    if (cur) {
        pairing_stage_parse(json_str(cur, "stage"), &from);
        if (!pairing_stage_change_check(from, to, &err))
            return reply_err(req, &err);
    }
    json_object_set_new(body, "stage", json_string(pairing_stage_name(to)));

    json_t *stars = merged(body, cur, "target_stars");
    int target = stars && json_is_integer(stars) ? (int)json_integer_value(stars) : set.max_stars;
    if (!pairing_target_check(target, set.max_stars, &err))
        return reply_err(req, &err);
    json_object_set_new(body, "target_stars", json_integer(target));

    char from_s[11];
    date_format(start, from_s);
    int n = 0;
    if (!pairings_overlapping(c->d, true, uid, from_s, ends, self, &n, &err))
        return reply_err(req, &err);
    if (!pairing_capacity_check(n, set.max_per_instructor, true, &err)) {
        http_reply_error(req, 409, "conflict", err.field, err.message);
        return false;
    }
    if (!pairings_overlapping(c->d, false, iid, from_s, ends, self, &n, &err))
        return reply_err(req, &err);
    if (!pairing_capacity_check(n, set.max_per_institution, false, &err)) {
        http_reply_error(req, 409, "conflict", err.field, err.message);
        return false;
    }
    if (json_object_get(body, "milestones") || cur) {
        /* The current milestones are checked again when the dates move. */
        if (!json_object_get(body, "milestones") && cur) {
            json_t *ms = pairing_milestones_e(c->d, self, &err);
            if (!ms)
                return reply_err(req, &err);
            json_t *tmp = json_pack("{s:o}", "milestones", ms);
            bool good = milestones_valid(req, tmp, start, end, today);
            json_decref(tmp);
            return good;
        }
        return milestones_valid(req, body, start, end, today);
    }
    return true;
}

static bool create_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    (void)state;
    return texts_valid(req, body, pairing_fields) && pairing_valid(req, c, body, cur);
}

static bool create_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                         dj_err *err)
{
    (void)version;
    (void)cur;
    (void)state;
    json_t *ms = json_object_get(body, "milestones");
    if (!row_insert(c->d, "pairings", pairing_columns, body, &c->actor, id, err))
        return false;
    if (!json_array_size(ms))
        return true;
    return pairing_milestones_set(c->d, *id, ms, err) && api_audit_links(c, "pairing", *id, NULL, json_deep_copy(ms), err);
}

static void create_pairing(http_request *req, api_ctx *c)
{
    api_write w = {.obj = &pairing_object, .creating = true, .fields = pairing_fields, .check = create_check,
                   .apply = create_apply};
    api_write_run(req, c, &w);
}

/* A change: the bureau (pairings.manage) changes anything; an instructor moves its pairing on
 * (stage, milestones, note) and nothing else. */
static bool update_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    pairing_write *w = state;
    if (!api_can(c, CAP_PAIRINGS_MANAGE)) {
        static const char *const fixed[] = {"instructor_user_id", "institution_id", "started_on", "ends_on",
                                            "target_stars", NULL};
        for (const char *const *k = fixed; *k; k++) {
            json_t *v = json_object_get(body, *k);
            if (v && !json_equal(v, json_object_get(cur, *k))) {
                http_reply_error(req, 403, "forbidden", *k, "指导员只能更新帮带阶段、工作节点和备注，结对关系由主管部门调整");
                return false;
            }
        }
    }
    for (const char *const *k = (const char *const[]){"instructor_user_id", "institution_id", "started_on", NULL}; *k;
         k++) {
        json_t *v = json_object_get(body, *k);
        if (v && json_is_null(v)) {
            char msg[120];
            snprintf(msg, sizeof msg, "%s为必填项", fields_label(*k));
            http_reply_error(req, 422, "validation", *k, msg);
            return false;
        }
    }
    if (!texts_valid(req, body, pairing_fields) || !pairing_valid(req, c, body, cur))
        return false;
    if (json_object_get(body, "milestones")) {
        dj_err err;
        w->before = pairing_milestones_e(c->d, json_integer_value(json_object_get(cur, "id")), &err);
        if (!w->before)
            return reply_err(req, &err);
    }
    return true;
}

static bool update_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                         dj_err *err)
{
    (void)cur;
    pairing_write *w = state;
    json_t *ms = json_object_get(body, "milestones");
    bool links = ms && w->before && !json_equal(ms, w->before);
    if (!row_update(c->d, "pairings", pairing_columns, *id, version, body, links, "update", &c->actor, err))
        return false;
    if (!links)
        return true;
    return pairing_milestones_set(c->d, *id, ms, err) &&
           api_audit_links(c, "pairing", *id, w->before, json_deep_copy(ms), err);
}

static void update_pairing(http_request *req, api_ctx *c)
{
    pairing_write st = {0};
    api_write w = {.obj = &pairing_object, .fields = pairing_fields, .check = update_check, .apply = update_apply,
                   .state = &st};
    api_write_run(req, c, &w);
    json_decref(st.before);
}

/* ---- Visits ----------------------------------------------------------------------------- */

static const file_table visit_photo_files = {"pairing_visit_photos", "visit_id", "照片不存在"};

static json_t *visit_load(api_ctx *c, int64_t id, dj_err *err)
{
    json_t *v = pairing_visit_read_e(c->d, id, err);
    json_t *p = v ? pairing_load(c, json_integer_value(json_object_get(v, "pairing_id")), err) : NULL;
    json_decref(p);
    if (p)
        return v;
    json_decref(v);
    return NULL;
}

static void visit_reply(http_request *req, api_ctx *c, int64_t id, int status)
{
    dj_err err;
    json_t *v = pairing_visit_read_e(c->d, id, &err);
    if (!v) {
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, status, v);
}

static const api_object visit_object = {"pairing_visits", "走访记录不存在", visit_load, visit_reply, NULL, NULL};

typedef struct visit_write {
    const json_t *pairing;
} visit_write;

static bool visit_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    (void)c;
    (void)cur;
    visit_write *w = state;
    if (!texts_valid(req, body, visit_fields))
        return false;
    char today_s[11];
    pairings_today(today_s);
    dj_date today = 0, start = 0, end = 0, on = 0;
    date_parse(today_s, &today);
    date_parse(json_str(w->pairing, "started_on"), &start);
    date_parse(json_str(w->pairing, "ends_on"), &end);
    date_parse(json_str(body, "visited_on"), &on);
    dj_err err;
    if (!pairing_visit_check(start, end, on, today, &err))
        return reply_err(req, &err);
    json_object_set_new(body, "pairing_id", json_integer(json_integer_value(json_object_get(w->pairing, "id"))));
    return true;
}

static void create_visit(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *p = api_object_get(req, c, &pairing_object, &id);
    if (!p)
        return;
    visit_write st = {p};
    api_write w = {.obj = &visit_object, .creating = true, .fields = visit_fields, .check = visit_check,
                   .cols = pairing_visit_columns, .state = &st};
    api_write_run(req, c, &w);
    json_decref(p);
}

static void list_visits(http_request *req, api_ctx *c)
{
    int64_t id, limit, offset, total = 0;
    if (!api_paging(req, &limit, &offset))
        return;
    json_t *p = api_object_get(req, c, &pairing_object, &id);
    if (!p)
        return;
    json_decref(p);
    dj_err err;
    json_t *items = pairing_visits_e(c->d, id, limit, offset, &total, &err);
    size_t i;
    json_t *v;
    json_array_foreach(items, i, v) {
        json_t *photos = files_of_e(c->d, &visit_photo_files, (file_owner){json_integer_value(json_object_get(v, "id")), 0}, &err);
        if (!photos) {
            json_decref(items);
            items = NULL;
            break;
        }
        json_object_set_new(v, "photos", photos);
    }
    if (!items) {
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 200, api_list(items, total, limit, offset));
}

/* ---- A visit's photos (走访照片) ---------------------------------------------------------- */

/* The largest photo: the route's max_body, so the server answers 413 past it. */
#define PHOTO_MAX ((size_t)5 * 1024 * 1024)

static const api_attach visit_photos = {
    &visit_photo_files, "pairing_visit_photo", ATTACH_IMAGES, "只能上传 JPEG 或 PNG 照片（按文件内容识别，与文件名无关）",
};

/* The visit {vid} of pairing {id}, both live and the pairing in the caller's scope (an
 * instructor's own), and the photo {pid} when the route has one; false after answering. */
static bool photo_owner(http_request *req, api_ctx *c, int64_t *vid, int64_t *pid)
{
    int64_t id;
    json_t *p = api_object_get(req, c, &pairing_object, &id);
    if (!p)
        return false;
    bool deleted = json_is_true(json_object_get(p, "deleted"));
    json_decref(p);
    if (deleted) {
        http_reply_error(req, 404, "not_found", NULL, "结对不存在");
        return false;
    }
    if (!api_param_id(req, 1, vid) || (pid && !api_param_id(req, 2, pid)))
        return false;
    dj_err err;
    json_t *v = pairing_visit_read_e(c->d, *vid, &err);
    bool ok = v && json_integer_value(json_object_get(v, "pairing_id")) == id &&
              !json_is_true(json_object_get(v, "deleted"));
    json_decref(v);
    if (!ok)
        http_reply_error(req, 404, "not_found", NULL, "走访记录不存在");
    return ok;
}

static void upload_photo(http_request *req, api_ctx *c)
{
    int64_t vid;
    if (photo_owner(req, c, &vid, NULL))
        api_attach_upload(req, c, &visit_photos, (file_owner){vid, 0});
}

static void list_photos(http_request *req, api_ctx *c)
{
    int64_t vid;
    if (photo_owner(req, c, &vid, NULL))
        api_attach_list(req, c, &visit_photos, (file_owner){vid, 0});
}

static void download_photo(http_request *req, api_ctx *c)
{
    int64_t vid, pid;
    if (photo_owner(req, c, &vid, &pid))
        api_attach_download(req, c, &visit_photos, (file_owner){vid, 0}, pid);
}

static void delete_photo(http_request *req, api_ctx *c)
{
    int64_t vid, pid;
    if (photo_owner(req, c, &vid, &pid))
        api_attach_delete(req, c, &visit_photos, (file_owner){vid, 0}, pid);
}

/* ---- The bureau's progress view --------------------------------------------------------- */

static void get_progress(http_request *req, api_ctx *c)
{
    pairing_scope s;
    char today[11];
    pairings_today(today);
    json_t *out;
    if (!caller_scope(c, &s)) {
        out = json_pack("{s:i,s:{s:i,s:i,s:i},s:{s:i,s:i,s:i,s:i,s:i},s:[],s:[],s:[]}", "pairings", 0, "by_stage",
                        "framework", 0, "regular", 0, "results", 0, "milestones", "total", 0, "done", 0, "done_late", 0,
                        "late", 0, "pending", 0, "visits_by_month", "late_items", "targets");
    } else {
        dj_err err;
        out = pairings_progress_e(c->d, &s, today, LATE_ITEMS_MAX, &err);
        if (!out) {
            api_fail(req, &err);
            return;
        }
    }
    /* Quarters from the months. */
    json_t *quarters = json_array(), *m;
    size_t i;
    json_array_foreach(json_object_get(out, "visits_by_month"), i, m) {
        dj_date d = 0;
        char day[11], q[8];
        snprintf(day, sizeof day, "%.7s-01", json_str(m, "month"));
        if (!date_parse(day, &d))
            continue;
        pairing_quarter_label(d, q);
        json_t *last = json_array_get(quarters, json_array_size(quarters) - 1);
        if (last && strcmp(json_str(last, "quarter"), q) == 0)
            json_object_set_new(last, "visits", json_integer(json_integer_value(json_object_get(last, "visits")) +
                                                             json_integer_value(json_object_get(m, "visits"))));
        else
            json_array_append_new(quarters, json_pack("{s:s,s:I}", "quarter", q, "visits",
                                                      json_integer_value(json_object_get(m, "visits"))));
    }
    json_object_del(out, "visits_by_month");
    json_object_set_new(out, "visits_by_quarter", quarters);
    json_object_set_new(out, "as_of", json_string(today));
    json_object_set_new(out, "stars", json_pack("{s:b,s:s}", "available", 0, "note",
                                                "星级评定模块尚未上线：只显示目标星级，达到的星级待评定后显示"));
    http_reply_json(req, 200, out);
}

/* ---- Settings (GET, PUT /settings/pairings) --------------------------------------------- */

static void get_settings(http_request *req, api_ctx *c) { api_int_settings_get(req, c, &settings_spec); }
static void put_settings(http_request *req, api_ctx *c) { api_int_settings_put(req, c, &settings_spec); }

/* ---- The to-do list ---------------------------------------------------------------------- */

enum { TODO_MAX = 50, TODO_VISIT_DAYS = 90 };

/* The organisation of a path ("/14/15/" → 15). */
static int64_t path_org(const char *path)
{
    const char *last = NULL;
    for (const char *p = path; p && *p; p++)
        if (p[0] == '/' && p[1])
            last = p + 1;
    return last ? strtoll(last, NULL, 10) : 0;
}

/* Pairings with milestones late (pairing_milestone_late), and those not visited for 90 days
 * (pairing_no_visit), of the caller's pairings; each links to the pairing. */
static void pairings_todo(api_ctx *c, json_t *items)
{
    pairing_scope s;
    if (!api_can(c, CAP_PAIRINGS_READ) || !caller_scope(c, &s))
        return;
    char today[11], since[11];
    pairings_today(today);
    dj_date t = 0;
    date_parse(today, &t);
    date_format(date_add_days(t, -TODO_VISIT_DAYS), since);
    json_t *rows = pairings_todo_e(c->d, &s, today, since, TODO_MAX, NULL);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        char title[300], detail[200], link[48];
        int64_t id = json_integer_value(json_object_get(r, "id")), org = path_org(json_str(r, "org_path"));
        int late = (int)json_integer_value(json_object_get(r, "late"));
        snprintf(link, sizeof link, "/pairings/%lld", (long long)id);
        if (late > 0) {
            snprintf(title, sizeof title, "结对帮带工作节点逾期：%s", json_str(r, "institution_name"));
            snprintf(detail, sizeof detail, "%d 个工作节点已逾期（最早应于 %s 完成）", late, json_str(r, "first_late_due"));
            api_todo_add(items, "pairing_milestone_late", "warning", title, detail, org, NULL, link);
        }
        const char *last = json_str(r, "last_visit_on");
        if (!last || strcmp(last, since) < 0) {
            snprintf(title, sizeof title, "结对机构 %d 天未走访：%s", TODO_VISIT_DAYS, json_str(r, "institution_name"));
            if (last)
                snprintf(detail, sizeof detail, "上次走访：%s", last);
            else
                snprintf(detail, sizeof detail, "尚无走访记录");
            api_todo_add(items, "pairing_no_visit", "info", title, detail, org, NULL, link);
        }
    }
    json_decref(rows);
}

const api_module pairings_module = {
    "pairings",
    (const api_route[]){
        {"GET", "/api/v1/pairings/progress", get_progress, CAP_PAIRINGS_READ, 0, 0},
        {"GET", "/api/v1/pairings/export", export_pairings, CAP_PAIRINGS_READ, 0, 0},
        {"GET", "/api/v1/pairings", list_pairings, CAP_PAIRINGS_READ, 0, 0},
        {"POST", "/api/v1/pairings", create_pairing, CAP_PAIRINGS_MANAGE, 0, 0},
        {"GET", "/api/v1/pairings/{id}", get_pairing, CAP_PAIRINGS_READ, 0, 0},
        {"PATCH", "/api/v1/pairings/{id}", update_pairing, CAP_PAIRINGS_VISIT, 0, 0},
        {"GET", "/api/v1/pairings/{id}/visits", list_visits, CAP_PAIRINGS_READ, 0, 0},
        {"POST", "/api/v1/pairings/{id}/visits", create_visit, CAP_PAIRINGS_VISIT, 0, 0},
        {"GET", "/api/v1/pairings/{id}/visits/{vid}/photos", list_photos, CAP_PAIRINGS_READ, 0, 0},
        {"POST", "/api/v1/pairings/{id}/visits/{vid}/photos", upload_photo, CAP_PAIRINGS_VISIT, PHOTO_MAX, 0},
        {"GET", "/api/v1/pairings/{id}/visits/{vid}/photos/{pid}", download_photo, CAP_PAIRINGS_READ, 0, 0},
        {"DELETE", "/api/v1/pairings/{id}/visits/{vid}/photos/{pid}", delete_photo, CAP_PAIRINGS_VISIT, 0, 0},
        {"GET", "/api/v1/settings/pairings", get_settings, CAP_PAIRINGS_READ, 0, 0},
        {"PUT", "/api/v1/settings/pairings", put_settings, CAP_SETTINGS_MANAGE, 0, 0},
        {NULL},
    },
    pairings_todo,
};
