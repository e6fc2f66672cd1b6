/* coverage.c: the two-coverage survey (两个覆盖: 应建尽建、应联尽联、应纳尽纳, DOMAIN.md §7, seed 003):
 * every institution of a scope with its members and its status, totals by status, members that
 * no organisation holds (应纳) per district; the survey counts of an institution; survey rounds
 * (the figures frozen, then compared: 定期比对基础数据); the settings of joint branches.
 *
 * Access: reading needs coverage.oversee (admin, org_admin, reviewer: their subtree); writing
 * survey counts and rounds needs coverage.write (admin, org_admin). */
#include "api/coverage.h"

#include "api/fields.h"
#include "api/module.h"
#include "api/sheet.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/json.h"
#include "domain/enums.h"
#include "domain/meetings.h"
#include "store/institutions.h"
#include "store/rows.h"
#include "store/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char SETTINGS_KEY[] = "coverage";

coverage_view coverage_view_of(const coverage_inst *x)
{
    coverage_view v = {0, 0, "none", COVERAGE_NO_MEMBERS};
    if (x->counted) {
        v.full = x->org_full;
        v.probationary = x->org_prob;
        v.source = "orgs";
    } else if (x->surveyed) {
        v.full = x->survey_full;
        v.probationary = x->survey_prob;
        v.source = "survey";
    } else if (x->own_org || x->joint_org) {
        v.source = "orgs";
    }
    v.status = coverage_status_of((coverage_facts){x->own_org, x->joint_org, v.full});
    return v;
}

const char *coverage_scope(http_request *req, api_ctx *c, bool *none)
{
    int64_t org = 0;
    *none = false;
    if (!api_query_id(req, "org", &org))
        return NULL;
    if (org)
        return scope_org_path(req, c, org, NULL);
    if (!c->actor.scope_path)
        *none = true;
    return c->actor.scope_path;
}

/* ---- Settings ---------------------------------------------------------------------------- */

static bool settings_from_json(const json_t *j, coverage_settings *s, dj_err *err)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)j, k, v) {
        if (strcmp(k, "max_distance_km") == 0) {
            if (!json_is_number(v))
                return dj_err_set(err, "validation", "max_distance_km", "联合党支部的最大距离须为数字（公里）");
            s->max_distance_km = json_number_value(v);
        } else if (strcmp(k, "cross_district") == 0) {
            if (!json_is_boolean(v))
                return dj_err_set(err, "validation", "cross_district", "是否允许跨区县须为 true 或 false");
            s->cross_district = json_is_true(v);
        } else if (strcmp(k, "version") != 0) {
            return dj_err_set(err, "validation", NULL, "未知的设置项");
        }
    }
    return coverage_settings_validate(s, err);
}

static json_t *settings_json(const coverage_settings *s)
{
    return json_pack("{s:f,s:b}", "max_distance_km", s->max_distance_km, "cross_district", s->cross_district);
}

bool coverage_settings_load(db *d, coverage_settings *out, dj_err *err)
{
    *out = coverage_defaults();
    char *value = NULL;
    if (!setting_get(d, SETTINGS_KEY, &value, err))
        return false;
    if (!value)
        return true;
    json_t *j = json_loads(value, 0, NULL);
    free(value);
    coverage_settings s = *out;
    if (json_is_object(j) && settings_from_json(j, &s, NULL))
        *out = s;
    json_decref(j);
    return true;
}

static json_t *settings_answer(const coverage_settings *s)
{
    json_t *out = settings_json(s);
    coverage_settings def = coverage_defaults();
    json_object_set_new(out, "defaults", settings_json(&def));
    return out;
}

static void get_settings(http_request *req, api_ctx *c)
{
    coverage_settings s;
    dj_err err;
    if (!coverage_settings_load(c->d, &s, &err)) {
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 200, settings_answer(&s));
}

static void put_settings(http_request *req, api_ctx *c)
{
    json_t *body = api_body(req);
    if (!body)
        return;
    coverage_settings s;
    dj_err err;
    bool ok = coverage_settings_load(c->d, &s, &err);
    json_t *before = ok ? settings_json(&s) : NULL;
    if (ok && !settings_from_json(body, &s, &err))
        ok = false;
    json_decref(body);
    json_t *after = ok ? settings_json(&s) : NULL;
    char *text = after ? json_compact(after) : NULL;
    ok = ok && db_begin(c->d, &err) && setting_put(c->d, SETTINGS_KEY, text, &err) &&
         (json_equal(before, after) || audit_write(c->d, &c->actor, "update", "settings", 0, before, after, &err)) &&
         db_commit(c->d, &err);
    free(text);
    json_decref(before);
    json_decref(after);
    if (!ok) {
        db_rollback(c->d);
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 200, settings_answer(&s));
}

/* ---- GET /coverage ----------------------------------------------------------------------- */

static json_t *item_json(const coverage_inst *x, const coverage_view *v)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:s*,s:i,s:i,s:s,s:s,s:s}", "institution_id", (json_int_t)x->id, "name", x->name,
                          "ownership", x->ownership, "district", x->district, "full_members", v->full,
                          "probationary_members", v->probationary, "status", coverage_status_name(v->status),
                          "status_label", coverage_status_label(v->status), "source", v->source);
    json_object_set_new(o, "surveyed_on", x->surveyed ? json_string(x->surveyed_on) : json_null());
    json_object_set_new(o, "survey_version", x->surveyed ? json_integer(x->survey_version) : json_null());
    json_object_set_new(o, "latitude", x->has_coords ? json_real(x->lat) : json_null());
    json_object_set_new(o, "longitude", x->has_coords ? json_real(x->lng) : json_null());
    return o;
}

static int str_cmp(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* Members no organisation holds (应纳): those the survey found in institutions that no
 * organisation covers, full and probationary, per district. A member on file always belongs to
 * an organisation, so the survey is the only source of these. */
static json_t *unorganised_json(const coverage_set *s)
{
    json_t *by = json_object();
    int64_t total = 0;
    for (size_t i = 0; i < s->n; i++) {
        const coverage_inst *x = &s->v[i];
        if (x->own_org || x->joint_org || !x->surveyed)
            continue;
        int n = x->survey_full + x->survey_prob;
        const char *k = x->district ? x->district : "";
        json_t *cur = json_object_get(by, k);
        json_object_set_new(by, k, json_integer((cur ? json_integer_value(cur) : 0) + n));
        total += n;
    }
    json_t *list = json_array();
    const char **keys = malloc((json_object_size(by) + 1) * sizeof *keys);
    size_t nk = 0;
    const char *k;
    json_t *v;
    json_object_foreach(by, k, v)
        keys[nk++] = k;
    qsort(keys, nk, sizeof *keys, str_cmp);
    for (size_t i = 0; i < nk; i++)
        json_array_append_new(list, json_pack("{s:s*,s:O}", "district", *keys[i] ? keys[i] : NULL, "members",
                                              json_object_get(by, keys[i])));
    free(keys);
    json_decref(by);
    return json_pack("{s:I,s:o}", "total", (json_int_t)total, "by_district", list);
}

static const char *ownership_text(const json_t *it, const char *field, char *scratch, size_t n)
{
    (void)scratch;
    (void)n;
    return dj_enum_label(dj_ownerships, json_str(it, field));
}

static const char *source_text(const json_t *it, const char *field, char *scratch, size_t n)
{
    (void)scratch;
    (void)n;
    const char *v = json_str(it, field);
    return v && strcmp(v, "survey") == 0 ? "摸排填报" : v && strcmp(v, "orgs") == 0 ? "党组织党员" : "";
}

static const api_sheet_column coverage_columns[] = {
    {"机构编号", "institution_id", 10, NULL}, {"机构名称", "name", 32, NULL}, {"性质", "ownership", 8, ownership_text},
    {"所在区县", "district", 12, NULL}, {"正式党员", "full_members", 10, NULL},
    {"预备党员", "probationary_members", 10, NULL}, {"状态", "status_label", 16, NULL},
    {"党员数来源", "source", 12, source_text}, {"摸排日期", "surveyed_on", 12, NULL}, {NULL},
};

static void get_coverage(http_request *req, api_ctx *c)
{
    int64_t limit, offset;
    bool none;
    if (!api_paging(req, &limit, &offset))
        return;
    const char *st = http_query(req, "status");
    coverage_status want = COVERAGE_HAS_ORG;
    bool filter = st && *st;
    if (filter && !coverage_status_parse(st, &want)) {
        http_reply_error(req, 400, "bad_request", "status", "状态须为 has_org、should_build、should_join 或 no_members");
        return;
    }
    const char *path = coverage_scope(req, c, &none);
    if (!path && !none)
        return;
    coverage_set s = {0};
    dj_err err;
    if (path && !coverage_read(c->d, path, true, http_query(req, "district"), NULL, &s, &err)) {
        coverage_set_free(&s);
        api_fail(req, &err);
        return;
    }
    const char *format = http_query(req, "format");
    bool file = format && *format && strcmp(format, "json") != 0;
    if (file) {
        offset = 0;
        limit = INT64_MAX;
    }
    int64_t totals[COVERAGE_STATUS_COUNT] = {0}, total = 0;
    json_t *items = json_array();
    for (size_t i = 0; i < s.n; i++) {
        coverage_view v = coverage_view_of(&s.v[i]);
        totals[v.status]++;
        if (filter && v.status != want)
            continue;
        if (total >= offset && total < offset + limit)
            json_array_append_new(items, item_json(&s.v[i], &v));
        total++;
    }
    if (file) {
        coverage_set_free(&s);
        /* 两个覆盖摸排表 */
        api_reply_sheet(req, "coverage", "两个覆盖摸排表", "两个覆盖", coverage_columns, items);
        json_decref(items);
        return;
    }
    json_t *out = api_list(items, total, limit, offset);
    json_t *t = json_object();
    for (int k = 0; k < COVERAGE_STATUS_COUNT; k++)
        json_object_set_new(t, coverage_status_name((coverage_status)k), json_integer(totals[k]));
    json_object_set_new(out, "totals", t);
    json_object_set_new(out, "unorganised", unorganised_json(&s));
    coverage_set_free(&s);
    http_reply_json(req, 200, out);
}

/* ---- PUT /institutions/{id}/survey ------------------------------------------------------- */

static const api_field survey_fields[] = {
    {"full_members", F_INT, true, 0, "正式党员人数"},
    {"probationary_members", F_INT, true, 0, "预备党员人数"},
    {"surveyed_on", F_DATE, true, 0, "摸排日期"},
    {"version", F_INT, false, 0, "版本号"},
    {NULL, 0, false, 0, NULL},
};

/* The survey with the institution's status now. */
static json_t *survey_answer(db *d, int64_t id, dj_err *err)
{
    json_t *row = survey_read_e(d, id, err);
    json_t *ids = json_pack("[I]", (json_int_t)id);
    coverage_set s = {0};
    bool ok = row && coverage_read(d, "/", true, NULL, ids, &s, err);
    json_decref(ids);
    if (ok && s.n == 1) {
        coverage_view v = coverage_view_of(&s.v[0]);
        json_object_set_new(row, "status", json_string(coverage_status_name(v.status)));
        json_object_set_new(row, "status_label", json_string(coverage_status_label(v.status)));
    }
    coverage_set_free(&s);
    if (!ok) {
        json_decref(row);
        return NULL;
    }
    return row;
}

static void put_survey(http_request *req, api_ctx *c)
{
    int64_t id;
    if (!api_param_id(req, 0, &id))
        return;
    if (!institution_visible(c, id)) {
        http_reply_error(req, 404, "not_found", NULL, "医疗机构不存在");
        return;
    }
    json_t *body = api_body(req);
    if (!body)
        return;
    dj_err err = {0};
    if (!fields_check(req, body, survey_fields, true)) {
        json_decref(body);
        return;
    }
    if (!coverage_survey_valid(json_integer_value(json_object_get(body, "full_members")),
                               json_integer_value(json_object_get(body, "probationary_members")), &err)) {
        json_decref(body);
        api_fail(req, &err);
        return;
    }
    dj_date on = 0, today = meeting_time_date(meeting_time_from_unix((int64_t)time(NULL)));
    date_parse(json_str(body, "surveyed_on"), &on);
    if (on > today) {
        json_decref(body);
        http_reply_error(req, 422, "validation", "surveyed_on", "摸排日期不能晚于今天");
        return;
    }
    json_object_set_new(body, "institution_id", json_integer(id));
    json_object_set_new(body, "surveyed_by", json_string(c->actor.username ? c->actor.username : ""));
    json_t *ver = json_object_get(body, "version");
    bool ok = db_begin(c->d, &err);
    json_t *cur = ok ? survey_read_e(c->d, id, &err) : NULL;
    if (ok && !cur && strcmp(err.code, "not_found") != 0)
        ok = false;
    if (ok && !cur) {
        int64_t sid;
        ok = row_insert(c->d, "institution_surveys", survey_columns, body, &c->actor, &sid, &err);
    } else if (ok) {
        int64_t version = ver ? json_integer_value(ver) : json_integer_value(json_object_get(cur, "version"));
        ok = row_update(c->d, "institution_surveys", survey_columns, json_integer_value(json_object_get(cur, "id")),
                        version, body, false, "update", &c->actor, &err);
    }
    json_decref(cur);
    json_decref(body);
    ok = ok && db_commit(c->d, &err);
    if (!ok) {
        db_rollback(c->d);
        api_fail(req, &err);
        return;
    }
    json_t *out = survey_answer(c->d, id, &err);
    if (!out) {
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 200, out);
}

/* ---- Rounds ------------------------------------------------------------------------------ */

static const api_field round_fields[] = {
    {"name", F_STR, false, 100, "轮次名称"},
    {"org_id", F_INT, false, 0, "摸排范围"},
    {NULL, 0, false, 0, NULL},
};

bool coverage_round_take(db *d, const dj_actor *who, json_t *round, int64_t *id, dj_err *err)
{
    coverage_set s = {0};
    if (!coverage_read(d, json_str(round, "org_path"), true, NULL, NULL, &s, err))
        return false;
    json_t *items = json_array();
    int64_t totals[COVERAGE_STATUS_COUNT] = {0};
    for (size_t i = 0; i < s.n; i++) {
        coverage_view v = coverage_view_of(&s.v[i]);
        totals[v.status]++;
        json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s*,s:i,s:i,s:s}", "institution_id", (json_int_t)s.v[i].id,
                                               "name", s.v[i].name, "ownership", s.v[i].ownership, "district",
                                               s.v[i].district, "full_members", v.full, "probationary_members",
                                               v.probationary, "status", coverage_status_name(v.status)));
    }
    coverage_set_free(&s);
    json_t *t = json_object();
    for (int k = 0; k < COVERAGE_STATUS_COUNT; k++)
        json_object_set_new(t, coverage_status_name((coverage_status)k), json_integer(totals[k]));
    json_object_set_new(round, "totals", t);
    bool ok = coverage_round_create(d, who, round, items, id, err);
    json_decref(items);
    return ok;
}

static void create_round(http_request *req, api_ctx *c)
{
    json_t *body = api_body(req);
    if (!body)
        return;
    if (!fields_check(req, body, round_fields, true)) {
        json_decref(body);
        return;
    }
    json_t *org = json_object_get(body, "org_id");
    const char *path = c->actor.scope_path;
    if (json_is_integer(org) && !(path = scope_org_path(req, c, json_integer_value(org), "org_id"))) {
        json_decref(body);
        return;
    }
    if (!path) {
        json_decref(body);
        http_reply_error(req, 422, "validation", "org_id", "请选择摸排范围");
        return;
    }
    char today[11], name[160];
    date_format(meeting_time_date(meeting_time_from_unix((int64_t)time(NULL))), today);
    snprintf(name, sizeof name, "%s 摸排", today);
    json_t *round = json_pack("{s:s,s:s,s:s}", "org_path", path, "name", json_str(body, "name") ? json_str(body, "name") : name,
                              "taken_by", c->actor.username ? c->actor.username : "");
    json_object_set_new(round, "org_id", json_is_integer(org) ? json_incref(org)
                                         : strcmp(path, "/") == 0 || !c->actor.org_id ? json_null()
                                                                                       : json_integer(c->actor.org_id));
    json_decref(body);
    dj_err err;
    int64_t id = 0;
    bool ok = db_begin(c->d, &err) && coverage_round_take(c->d, &c->actor, round, &id, &err) && db_commit(c->d, &err);
    json_decref(round);
    json_t *out = ok ? coverage_round_read_e(c->d, id, &err) : NULL;
    if (!out) {
        db_rollback(c->d);
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 201, out);
}

static void list_rounds(http_request *req, api_ctx *c)
{
    int64_t limit, offset, total = 0;
    if (!api_paging(req, &limit, &offset))
        return;
    if (!c->actor.scope_path) {
        http_reply_json(req, 200, api_list(json_array(), 0, limit, offset));
        return;
    }
    dj_err err;
    json_t *items = coverage_rounds_list_e(c->d, c->actor.scope_path, limit, offset, &total, &err);
    if (!items) {
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 200, api_list(items, total, limit, offset));
}

/* A round in the caller's scope, or NULL after replying 404. */
static json_t *round_in_scope(http_request *req, api_ctx *c, int64_t id)
{
    dj_err err = {0};
    json_t *r = coverage_round_read_e(c->d, id, &err);
    if (!r && strcmp(err.code, "not_found") != 0) {
        api_fail(req, &err);
        return NULL;
    }
    if (!r || !scope_has_path(c, json_str(r, "org_path"))) {
        json_decref(r);
        http_reply_error(req, 404, "not_found", NULL, "摸排轮次不存在");
        return NULL;
    }
    return r;
}

static json_t *figures(const json_t *it)
{
    return json_pack("{s:O,s:O,s:O}", "status", json_object_get(it, "status"), "full_members",
                     json_object_get(it, "full_members"), "probationary_members", json_object_get(it, "probationary_members"));
}

/* Both lists are by institution id: one merge. */
static json_t *diff_json(const json_t *now, const json_t *then)
{
    json_t *added = json_array(), *gone = json_array(), *changed = json_array();
    size_t i = 0, j = 0, a = json_array_size(now), b = json_array_size(then);
    while (i < a || j < b) {
        json_t *x = i < a ? json_array_get(now, i) : NULL, *y = j < b ? json_array_get(then, j) : NULL;
        json_int_t xi = x ? json_integer_value(json_object_get(x, "institution_id")) : 0;
        json_int_t yi = y ? json_integer_value(json_object_get(y, "institution_id")) : 0;
        if (x && (!y || xi < yi)) {
            json_array_append(added, x);
            i++;
        } else if (y && (!x || yi < xi)) {
            json_array_append(gone, y);
            j++;
        } else {
            json_t *fx = figures(x), *fy = figures(y);
            if (!json_equal(fx, fy))
                json_array_append_new(changed, json_pack("{s:O,s:O,s:O,s:o,s:o}", "institution_id",
                                                         json_object_get(x, "institution_id"), "name", json_object_get(x, "name"),
                                                         "district", json_object_get(x, "district"), "before", fy, "after", fx));
            else {
                json_decref(fx);
                json_decref(fy);
            }
            i++;
            j++;
        }
    }
    return json_pack("{s:o,s:o,s:o}", "new", added, "gone", gone, "changed", changed);
}

static void diff_rounds(http_request *req, api_ctx *c)
{
    int64_t id, against = 0;
    if (!api_param_id(req, 0, &id) || !api_query_id(req, "against", &against))
        return;
    json_t *r = round_in_scope(req, c, id);
    if (!r)
        return;
    dj_err err = {0};
    if (!against && !coverage_round_previous(c->d, id, json_str(r, "org_path"), &against, &err)) {
        json_decref(r);
        api_fail(req, &err);
        return;
    }
    json_t *base = against ? round_in_scope(req, c, against) : NULL;
    if (against && !base) {
        json_decref(r);
        return;
    }
    json_t *now = coverage_round_items_e(c->d, id, &err);
    json_t *then = !now ? NULL : against ? coverage_round_items_e(c->d, against, &err) : json_array();
    if (!now || !then) {
        json_decref(now);
        json_decref(r);
        json_decref(base);
        api_fail(req, &err);
        return;
    }
    json_t *out = diff_json(now, then);
    json_object_set_new(out, "round", r);
    json_object_set_new(out, "against", base ? base : json_null());
    json_decref(now);
    json_decref(then);
    http_reply_json(req, 200, out);
}

/* ---- The to-do list ---------------------------------------------------------------------- */

enum { TODO_NAMES_MAX = 5 };

/* Institutions of the scope that should build an organisation (应建) or join a joint branch (应联),
 * one item each, naming the first few. */
static void coverage_todo(api_ctx *c, json_t *items)
{
    if (!c->actor.scope_path || !api_can(c, CAP_COVERAGE_OVERSEE))
        return;
    coverage_set s = {0};
    if (!coverage_read(c->d, c->actor.scope_path, true, NULL, NULL, &s, NULL)) {
        coverage_set_free(&s);
        return;
    }
    static const struct {
        coverage_status st;
        const char *kind, *severity, *what, *then, *link;
    } kinds[] = {
        {COVERAGE_SHOULD_BUILD, "coverage_should_build", "warning", "家医疗机构应建未建党组织",
         "正式党员3名以上、尚无本单位党组织（应建尽建）", "/coverage?tab=survey"},
        {COVERAGE_SHOULD_JOIN, "coverage_should_join", "info", "家医疗机构应联未联",
         "正式党员不足3名、尚无党组织，可按建议就近组建联合党支部（应联尽联）", "/coverage?tab=joint"},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        buf names = {0};
        int n = 0;
        for (size_t i = 0; i < s.n; i++) {
            if (coverage_view_of(&s.v[i]).status != kinds[k].st)
                continue;
            if (n < TODO_NAMES_MAX)
                buf_printf(&names, "%s%s", n ? "、" : "", s.v[i].name);
            n++;
        }
        if (n) {
            char title[80];
            snprintf(title, sizeof title, "%d%s", n, kinds[k].what);
            buf detail = {0};
            buf_printf(&detail, "%s：%s%s", kinds[k].then, names.data, n > TODO_NAMES_MAX ? "等" : "");
            api_todo_add(items, kinds[k].kind, kinds[k].severity, title, detail.data, 0, NULL, kinds[k].link);
            buf_free(&detail);
        }
        buf_free(&names);
    }
    coverage_set_free(&s);
}

const api_module coverage_module = {
    "coverage",
    (const api_route[]){
        {"GET", "/api/v1/coverage", get_coverage, CAP_COVERAGE_OVERSEE, 0, 0},
        {"PUT", "/api/v1/institutions/{id}/survey", put_survey, CAP_COVERAGE_WRITE, 0, 0},
        {"POST", "/api/v1/coverage/rounds", create_round, CAP_COVERAGE_WRITE, 0, 0},
        {"GET", "/api/v1/coverage/rounds", list_rounds, CAP_COVERAGE_OVERSEE, 0, 0},
        {"GET", "/api/v1/coverage/rounds/{id}/diff", diff_rounds, CAP_COVERAGE_OVERSEE, 0, 0},
        {"GET", "/api/v1/settings/coverage", get_settings, API_SIGNED_IN, 0, 0},
        {"PUT", "/api/v1/settings/coverage", put_settings, CAP_SETTINGS_MANAGE, 0, 0},
        {NULL},
    },
    coverage_todo,
};
