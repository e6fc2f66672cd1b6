/* alliances.c: 红联共建 (DOMAIN.md §7, seeds 003, 004): alliances of the party organisations of
 * public and private institutions, "1+1" and "1+N", with their agreement (a PDF or an image, by
 * its bytes), joint activities (a joint study may link the meeting that recorded it), shared
 * resources, two-way referrals counted per month and direction (counts only: no patient), and a
 * yearly report as JSON or .xlsx. Rules: domain/alliances.h.
 *
 * Scope: an alliance is visible to a caller whose scope holds its lead organisation or any of
 * its partners (outside: 404); it is written by alliances.write with the lead in scope (a partner's
 * writers: 403). Every organisation a body names on creating or changing an alliance lies in the
 * caller's scope (422 on that field): an alliance across two trees is set up from above both. */
#include "api/attach.h"
#include "api/meetings.h"
#include "api/module.h"
#include "api/sheet.h"
#include "api/write.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/text.h"
#include "domain/alliances.h"
#include "store/alliances.h"
#include "store/rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest agreement: the route's max_body, so the server answers 413 past it. */
#define AGREEMENT_MAX ((size_t)10 * 1024 * 1024)
/* The agreement (共建协议): a PDF or a scan, checked as every uploaded file is (api/attach.h). */
static const api_attach agreement_upload = {
    NULL, "alliance_agreement", ATTACH_JPEG | ATTACH_PNG | ATTACH_PDF,
    "共建协议只能是 PDF 文件或 JPEG、PNG 图片（按文件内容识别，与文件名无关）",
};
/* Directions of referrals an alliance can have: each ordered pair of its organisations. */
#define DIRECTIONS_MAX ((ALLIANCE_MEMBERS_MAX + 1) * ALLIANCE_MEMBERS_MAX)

static const api_field alliance_fields[] = {
    {"name", F_STR, true, 100, "共建名称"},
    {"kind", F_STR, true, 20, "共建模式"},
    {"lead_org_id", F_INT, true, 0, "牵头单位"},
    {"member_org_ids", F_INT_ARRAY, true, ALLIANCE_MEMBERS_MAX + 1, "共建单位"},
    {"started_on", F_DATE, true, 0, "开始日期"},
    {"ends_on", F_DATE, false, 0, "结束日期"},
    {"note", F_STR, false, 1000, "备注"},
    {NULL, 0, false, 0, NULL},
};

static const api_field activity_fields[] = {
    {"kind", F_STR, true, 20, "活动类型"},
    {"held_on", F_DATE, true, 0, "活动日期"},
    {"title", F_STR, true, 200, "活动主题"},
    {"org_ids", F_INT_ARRAY, false, ALLIANCE_MEMBERS_MAX + 1, "参加单位"},
    {"attendance", F_INT, false, 0, "参加人数"},
    {"meeting_id", F_INT, false, 0, "关联会议"},
    {"note", F_STR, false, 2000, "备注"},
    {NULL, 0, false, 0, NULL},
};

static const api_field resource_fields[] = {
    {"kind", F_STR, true, 20, "资源类型"},
    {"title", F_STR, true, 200, "资源名称"},
    {"provider_org_id", F_INT, true, 0, "提供单位"},
    {"note", F_STR, false, 1000, "备注"},
    {NULL, 0, false, 0, NULL},
};

static const api_field referral_fields[] = {
    {"month", F_STR, true, 7, "月份"},
    {"from_org_id", F_INT, true, 0, "转出单位"},
    {"to_org_id", F_INT, true, 0, "转入单位"},
    {"count", F_INT, true, 0, "转诊人次"},
    {NULL, 0, false, 0, NULL},
};

static void today_date(dj_date *out) { *out = meeting_time_date(meetings_now()); }

static bool reply_err(http_request *req, const dj_err *err)
{
    api_fail(req, err);
    return false;
}

/* ---- The alliance: loading, scope, presenting ---------------------------------------------- */

/* The alliance with its partners ("orgs": [{org_id, name, org_path}]), deleted too, when the
 * caller's scope holds its lead or a partner; NULL otherwise. */
static json_t *alliance_load(api_ctx *c, int64_t id, dj_err *err)
{
    json_t *a = alliance_read_e(c->d, id, err);
    json_t *orgs = a ? alliance_orgs_e(c->d, id, err) : NULL;
    if (!orgs) {
        json_decref(a);
        return NULL;
    }
    bool visible = scope_has_path(c, json_str(a, "org_path"));
    size_t i;
    json_t *o;
    json_array_foreach(orgs, i, o) visible = visible || scope_has_path(c, json_str(o, "org_path"));
    json_object_set_new(a, "orgs", orgs);
    if (visible)
        return a;
    json_decref(a);
    return NULL;
}

/* A live alliance of the route in scope, or NULL after answering 404. */
static json_t *alliance_live(http_request *req, api_ctx *c, int64_t *id);

/* Whether the caller writes it: the lead in scope; 403 otherwise. */
static bool leads(http_request *req, api_ctx *c, const json_t *a)
{
    if (scope_has_path(c, json_str(a, "org_path")))
        return true;
    http_reply_error(req, 403, "forbidden", NULL, "只有牵头单位（或其上级）可以维护该共建");
    return false;
}

/* Whether org_id is the lead or a partner. */
static bool in_alliance(const json_t *a, int64_t org_id)
{
    if (json_integer_value(json_object_get(a, "lead_org_id")) == org_id)
        return true;
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(a, "orgs"), i, o) if (json_integer_value(json_object_get(o, "org_id")) == org_id)
        return true;
    return false;
}

/* The name of an organisation of the alliance ("" if none). */
static const char *org_name_in(const json_t *a, int64_t org_id)
{
    if (json_integer_value(json_object_get(a, "lead_org_id")) == org_id)
        return json_str(a, "lead_org_name");
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(a, "orgs"), i, o) if (json_integer_value(json_object_get(o, "org_id")) == org_id)
        return json_str(o, "name");
    return "";
}

/* The organisations as the API shows them: the lead first, each with its role, its
 * institutions and their ownership. */
static json_t *members_json(api_ctx *c, const json_t *a, dj_err *err)
{
    json_t *out = json_array();
    json_t *lead = json_pack("{s:I,s:s,s:s}", "org_id", (json_int_t)json_integer_value(json_object_get(a, "lead_org_id")),
                             "name", json_str(a, "lead_org_name"), "role", "lead");
    json_array_append_new(out, lead);
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(a, "orgs"), i, o)
        json_array_append_new(out, json_pack("{s:I,s:s,s:s}", "org_id",
                                             (json_int_t)json_integer_value(json_object_get(o, "org_id")), "name",
                                             json_str(o, "name"), "role", "partner"));
    json_array_foreach(out, i, o) {
        json_t *insts = alliance_org_institutions_e(c->d, json_integer_value(json_object_get(o, "org_id")), err);
        if (!insts) {
            json_decref(out);
            return NULL;
        }
        size_t k;
        json_t *inst;
        bool pub = false, priv = false;
        json_array_foreach(insts, k, inst) {
            const char *own = json_str(inst, "ownership");
            pub = pub || (own && strcmp(own, "public") == 0);
            priv = priv || (own && strcmp(own, "private") == 0);
            json_object_set_new(inst, "ownership_label", json_string(own ? dj_enum_label(dj_ownerships, own) : ""));
        }
        json_object_set_new(o, "institutions", insts);
        json_object_set_new(o, "ownership", pub && priv ? json_string("mixed") : pub ? json_string("public")
                                                          : priv                ? json_string("private")
                                                                                : json_null());
    }
    return out;
}

static void alliance_present(json_t *a)
{
    const char *kind = json_str(a, "kind");
    json_object_set_new(a, "kind_label", json_string(kind ? dj_enum_label(dj_alliance_kinds, kind) : ""));
    json_t *ids = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(a, "orgs"), i, o) json_array_append_new(ids, json_integer(json_integer_value(json_object_get(o, "org_id"))));
    json_object_set_new(a, "member_org_ids", ids);
    json_object_del(a, "orgs");
    json_object_del(a, "org_path");
}

/* The year's referrals of the alliance: {year, months: ["YYYY-01".."YYYY-12"], directions:
 * [{from_org_id, from_org_name, to_org_id, to_org_name, months[12], total}], monthly_totals[12],
 * total}. */
static json_t *referrals_json(api_ctx *c, const json_t *a, int year, dj_err *err)
{
    char from[16], to[16];
    snprintf(from, sizeof from, "%04d-01", year);
    snprintf(to, sizeof to, "%04d-12", year);
    json_t *rows = alliance_referrals_e(c->d, json_integer_value(json_object_get(a, "id")), from, to, err);
    if (!rows)
        return NULL;
    size_t n = json_array_size(rows);
    alliance_referral *rs = calloc(n ? n : 1, sizeof *rs);
    alliance_direction *dirs = calloc(DIRECTIONS_MAX, sizeof *dirs);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        alliance_month_parse(json_str(r, "month"), &rs[i].year, &rs[i].month);
        rs[i].from_org_id = json_integer_value(json_object_get(r, "from_org_id"));
        rs[i].to_org_id = json_integer_value(json_object_get(r, "to_org_id"));
        rs[i].count = json_integer_value(json_object_get(r, "count"));
    }
    int64_t total = 0, monthly[12] = {0};
    bool dropped = false;
    size_t nd = alliance_referral_series(rs, n, year, dirs, DIRECTIONS_MAX, &total, &dropped);
    json_t *months = json_array(), *directions = json_array(), *mt = json_array();
    for (int m = 0; m < 12; m++) {
        char label[16];
        snprintf(label, sizeof label, "%04d-%02d", year, m + 1);
        json_array_append_new(months, json_string(label));
    }
    for (size_t k = 0; k < nd; k++) {
        json_t *ms = json_array();
        for (int m = 0; m < 12; m++) {
            json_array_append_new(ms, json_integer(dirs[k].months[m]));
            monthly[m] += dirs[k].months[m];
        }
        json_array_append_new(directions,
                              json_pack("{s:I,s:s,s:I,s:s,s:o,s:I}", "from_org_id", (json_int_t)dirs[k].from_org_id,
                                        "from_org_name", org_name_in(a, dirs[k].from_org_id), "to_org_id",
                                        (json_int_t)dirs[k].to_org_id, "to_org_name", org_name_in(a, dirs[k].to_org_id),
                                        "months", ms, "total", (json_int_t)dirs[k].total));
    }
    for (int m = 0; m < 12; m++)
        json_array_append_new(mt, json_integer(monthly[m]));
    free(rs);
    free(dirs);
    json_decref(rows);
    return json_pack("{s:i,s:o,s:o,s:o,s:I}", "year", year, "months", months, "directions", directions,
                     "monthly_totals", mt, "total", (json_int_t)total);
}

/* The detail: the alliance, its organisations with their institutions, its agreement (or
 * null), the year's referrals (?year=, default this year). */
static json_t *alliance_full(api_ctx *c, int64_t id, int year, dj_err *err)
{
    json_t *a = alliance_read_e(c->d, id, err);
    json_t *orgs = a ? alliance_orgs_e(c->d, id, err) : NULL;
    if (!orgs) {
        json_decref(a);
        return NULL;
    }
    json_object_set_new(a, "orgs", orgs);
    json_t *members = members_json(c, a, err);
    json_t *refs = members ? referrals_json(c, a, year, err) : NULL;
    dj_err e2 = {0};
    json_t *agreement = refs ? alliance_agreement_meta_e(c->d, id, &e2) : NULL;
    if (!refs || (!agreement && strcmp(e2.code, "not_found") != 0)) {
        if (refs)
            *err = e2;
        json_decref(members);
        json_decref(refs);
        json_decref(a);
        return NULL;
    }
    /* Whether the caller may write it (the lead in its scope): the UI shows its buttons by it. */
    json_object_set_new(a, "writable", json_boolean(api_can(c, CAP_ALLIANCES_WRITE) && scope_has_path(c, json_str(a, "org_path"))));
    alliance_present(a);
    json_object_set_new(a, "members", members);
    json_object_set_new(a, "referrals_year", refs);
    json_object_set_new(a, "agreement", agreement ? agreement : json_null());
    return a;
}

static void alliance_reply(http_request *req, api_ctx *c, int64_t id, int status)
{
    dj_err err;
    int year = date_year(meeting_time_date(meetings_now()));
    json_t *a = alliance_full(c, id, year, &err);
    if (!a) {
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, status, a);
}

static const api_object alliance_object = {"alliances", "共建不存在", alliance_load, alliance_reply, NULL, NULL};

static json_t *alliance_live(http_request *req, api_ctx *c, int64_t *id)
{
    json_t *a = api_object_get(req, c, &alliance_object, id);
    if (a && json_is_true(json_object_get(a, "deleted"))) {
        json_decref(a);
        http_reply_error(req, 404, "not_found", NULL, "共建不存在");
        return NULL;
    }
    return a;
}

/* ---- The list (and its .xlsx) ---------------------------------------------------------------- */

static const char *kind_text(const json_t *item, const char *field, char *scratch, size_t n)
{
    const char *v = json_str(item, field);
    snprintf(scratch, n, "%s", v ? v : "");
    return scratch;
}

static const api_sheet_column list_columns[] = {
    {"编号", "id", 8, NULL},
    {"共建名称", "name", 36, NULL},
    {"共建模式", "kind", 10, kind_text},
    {"牵头单位", "lead_org_name", 30, NULL},
    {"共建单位", "member_names", 60, NULL},
    {"开始日期", "started_on", 12, NULL},
    {"结束日期", "ends_on", 12, NULL},
    {"共建活动（次）", "activities", 14, NULL},
    {"双向转诊（人次）", "referrals", 16, NULL},
    {"备注", "note", 30, NULL},
    {NULL, NULL, 0, NULL},
};

static void list_alliances(http_request *req, api_ctx *c)
{
    alliance_query q = {0};
    const char *format = http_query(req, "format");
    bool file = format && *format && strcmp(format, "json") != 0;
    if (!api_paging(req, &q.limit, &q.offset) || !fields_query_enum(req, "kind", dj_alliance_kinds, &q.kind) ||
        !api_query_id(req, "org", &q.org_id))
        return;
    /* An organisation outside the scope: 404, as the other lists. */
    if (q.org_id && !scope_org_path(req, c, q.org_id, NULL))
        return;
    if (file)
        q.limit = -1;
    json_t *items;
    int64_t total = 0;
    dj_err err;
    if (!c->actor.scope_path || api_can(c, CAP_SCOPE_SELF)) {
        items = json_array();
    } else {
        q.subtree = c->actor.scope_path;
        items = alliances_list_e(c->d, &q, &total, &err);
        if (!items) {
            api_fail(req, &err);
            return;
        }
    }
    size_t i;
    json_t *a;
    json_array_foreach(items, i, a) {
        json_t *orgs = alliance_orgs_e(c->d, json_integer_value(json_object_get(a, "id")), &err);
        if (!orgs) {
            json_decref(items);
            api_fail(req, &err);
            return;
        }
        buf names = {0};
        size_t k;
        json_t *o;
        json_array_foreach(orgs, k, o) {
            if (k)
                buf_puts(&names, "、");
            buf_puts(&names, json_str(o, "name"));
        }
        buf_append(&names, "", 0);
        json_object_set_new(a, "member_names", json_string(names.data));
        buf_free(&names);
        json_t *list = json_array();
        json_array_foreach(orgs, k, o) json_array_append_new(
            list, json_pack("{s:I,s:s}", "org_id", (json_int_t)json_integer_value(json_object_get(o, "org_id")), "name",
                            json_str(o, "name")));
        json_object_set_new(a, "orgs", orgs);
        alliance_present(a);
        json_object_set_new(a, "partners_list", list);
    }
    if (file) {
        /* 红联共建 */
        api_reply_sheet(req, "alliances", "%E7%BA%A2%E8%81%94%E5%85%B1%E5%BB%BA", "红联共建", list_columns, items);
        json_decref(items);
        return;
    }
    http_reply_json(req, 200, api_list(items, total, q.limit, q.offset));
}

static void get_alliance(http_request *req, api_ctx *c)
{
    int64_t id;
    int year;
    if (!query_year(req, &year))
        return;
    json_t *a = api_object_get(req, c, &alliance_object, &id);
    if (!a)
        return;
    json_decref(a);
    dj_err err;
    json_t *full = alliance_full(c, id, year, &err);
    if (!full) {
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 200, full);
}

/* ---- Creating and changing an alliance ------------------------------------------------------- */

typedef struct alliance_write {
    json_t *orgs;   /* the partners to store [{org_id, org_path}] (NULL: unchanged) */
    json_t *before; /* the partners as they were, for the audit record */
} alliance_write;

static json_t *merged(const json_t *body, const json_t *cur, const char *key)
{
    json_t *v = json_object_get(body, key);
    return v || !cur ? v : json_object_get(cur, key);
}

static bool texts_valid(http_request *req, json_t *obj, const api_field *fields)
{
    for (const api_field *f = fields; f->name; f++) {
        const char *v = f->kind == F_STR ? json_str(obj, f->name) : NULL;
        bool multiline = strcmp(f->name, "note") == 0;
        bool need_visible = strcmp(f->name, "name") == 0 || strcmp(f->name, "title") == 0;
        dj_err err;
        if (v && !text_check(v, multiline, need_visible, f->label, f->name, &err))
            return reply_err(req, &err);
    }
    return true;
}

/* An organisation named by a body: live and in the caller's scope (422 on field otherwise);
 * fills its ownership and path. */
static bool body_org(http_request *req, api_ctx *c, int64_t id, const char *field, alliance_org_owner *own,
                     char *path, size_t n)
{
    dj_err err;
    json_t *o = alliance_org_e(c->d, id, &err);
    if (!o && strcmp(err.code, "not_found") != 0)
        return reply_err(req, &err);
    bool ok = o && !json_is_true(json_object_get(o, "deleted")) && scope_has_path(c, json_str(o, "path"));
    if (ok) {
        *own = (alliance_org_owner){id, json_integer_value(json_object_get(o, "public_n")) > 0,
                                    json_integer_value(json_object_get(o, "private_n")) > 0};
        snprintf(path, n, "%s", json_str(o, "path"));
    }
    json_decref(o);
    if (!ok)
        http_reply_error(req, 422, "validation", field, "组织不存在或不在您的管理范围内");
    return ok;
}

/* The merged record against the rules: the kind, the lead and partners (live, in scope, their
 * number by the kind, public and private together), the term. Sets org_path in body and the
 * partners to store in w->orgs when they change. */
static bool alliance_valid(http_request *req, api_ctx *c, json_t *body, const json_t *cur, alliance_write *w)
{
    dj_err err;
    alliance_kind kind;
    const char *kind_s = json_string_value(merged(body, cur, "kind"));
    if (!alliance_kind_parse(kind_s, &kind)) {
        http_reply_error(req, 422, "validation", "kind", "共建模式应为“1+1”或“1+N”");
        return false;
    }
    json_object_set_new(body, "kind", json_string(dj_alliance_kinds[kind].name));

    int64_t lead = json_integer_value(merged(body, cur, "lead_org_id"));
    json_t *ids = json_object_get(body, "member_org_ids");
    json_t *cur_ids = NULL;
    if (!ids && cur) {
        cur_ids = json_array();
        size_t i;
        json_t *o;
        json_array_foreach(json_object_get(cur, "orgs"), i, o) json_array_append_new(cur_ids, json_integer(json_integer_value(json_object_get(o, "org_id"))));
        ids = cur_ids;
    }
    size_t n = json_array_size(ids);
    int64_t *members = calloc(n ? n : 1, sizeof *members);
    alliance_org_owner *owners = calloc(n + 1, sizeof *owners);
    bool ok = true;
    for (size_t i = 0; i < n; i++)
        members[i] = json_integer_value(json_array_get(ids, i));
    if (!alliance_members_check(kind, lead, members, n, &err))
        ok = reply_err(req, &err);
    char path[300];
    /* The lead: in scope, whether changed or not (it is whom the writes belong to). */
    ok = ok && body_org(req, c, lead, "lead_org_id", &owners[0], path, sizeof path);
    if (ok)
        json_object_set_new(body, "org_path", json_string(path));
    json_t *store = json_array();
    for (size_t i = 0; ok && i < n; i++) {
        ok = body_org(req, c, members[i], "member_org_ids", &owners[i + 1], path, sizeof path);
        if (ok)
            json_array_append_new(store, json_pack("{s:I,s:s}", "org_id", (json_int_t)members[i], "org_path", path));
    }
    if (ok && !alliance_mix_check(owners, n + 1, &err))
        ok = reply_err(req, &err);
    free(members);
    free(owners);
    json_decref(cur_ids);
    if (!ok) {
        json_decref(store);
        return false;
    }
    if (json_object_get(body, "member_org_ids"))
        w->orgs = store;
    else
        json_decref(store);
    json_object_del(body, "member_org_ids");

    dj_date start = 0, end = 0;
    const char *starts = json_string_value(merged(body, cur, "started_on"));
    const char *ends = json_string_value(merged(body, cur, "ends_on"));
    date_parse(starts ? starts : "", &start);
    if (ends)
        date_parse(ends, &end);
    if (!alliance_dates_check(start, ends != NULL, end, &err))
        return reply_err(req, &err);
    return true;
}

static bool create_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    return texts_valid(req, body, alliance_fields) && alliance_valid(req, c, body, cur, state);
}

static bool create_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                         dj_err *err)
{
    (void)version;
    (void)cur;
    alliance_write *w = state;
    return row_insert(c->d, "alliances", alliance_columns, body, &c->actor, id, err) &&
           alliance_orgs_set(c->d, *id, w->orgs, err) &&
           api_audit_links(c, "alliance", *id, NULL, json_deep_copy(w->orgs), err);
}

static void create_alliance(http_request *req, api_ctx *c)
{
    alliance_write st = {0};
    api_write w = {.obj = &alliance_object, .creating = true, .fields = alliance_fields, .check = create_check,
                   .apply = create_apply, .state = &st};
    api_write_run(req, c, &w);
    json_decref(st.orgs);
}

static bool update_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    alliance_write *w = state;
    if (json_is_true(json_object_get(cur, "deleted"))) {
        http_reply_error(req, 404, "not_found", NULL, "共建不存在");
        return false;
    }
    if (!leads(req, c, cur))
        return false;
    for (const char *const *k = (const char *const[]){"name", "kind", "lead_org_id", "member_org_ids", "started_on", NULL};
         *k; k++) {
        json_t *v = json_object_get(body, *k);
        if (v && json_is_null(v)) {
            char msg[120];
            snprintf(msg, sizeof msg, "%s为必填项", fields_label(*k));
            http_reply_error(req, 422, "validation", *k, msg);
            return false;
        }
    }
    if (!texts_valid(req, body, alliance_fields) || !alliance_valid(req, c, body, cur, w))
        return false;
    if (w->orgs) {
        w->before = json_array();
        size_t i;
        json_t *o;
        json_array_foreach(json_object_get(cur, "orgs"), i, o) json_array_append_new(
            w->before, json_pack("{s:I,s:s}", "org_id", (json_int_t)json_integer_value(json_object_get(o, "org_id")),
                                 "org_path", json_str(o, "org_path")));
    }
    return true;
}

static bool update_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                         dj_err *err)
{
    (void)cur;
    alliance_write *w = state;
    bool links = w->orgs && !json_equal(w->orgs, w->before);
    if (!row_update(c->d, "alliances", alliance_columns, *id, version, body, links, "update", &c->actor, err))
        return false;
    if (!links)
        return true;
    return alliance_orgs_set(c->d, *id, w->orgs, err) &&
           api_audit_links(c, "alliance", *id, json_deep_copy(w->before), json_deep_copy(w->orgs), err);
}

static void update_alliance(http_request *req, api_ctx *c)
{
    alliance_write st = {0};
    api_write w = {.obj = &alliance_object, .fields = alliance_fields, .check = update_check, .apply = update_apply,
                   .state = &st};
    api_write_run(req, c, &w);
    json_decref(st.orgs);
    json_decref(st.before);
}

static bool delete_check(http_request *req, api_ctx *c, const json_t *cur, bool deleted)
{
    (void)deleted;
    return leads(req, c, cur);
}

static void delete_alliance(http_request *req, api_ctx *c) { api_soft_delete(req, c, &alliance_object, true, delete_check); }

/* ---- The agreement ---------------------------------------------------------------------------- */

/* A change of the agreement is a change of the alliance as its lead saw it: the version the
 * caller read must be the current one (409 otherwise), and it moves on. */
static bool alliance_touch(api_ctx *c, int64_t id, int64_t version, dj_err *err)
{
    json_t *none = json_object();
    bool ok = row_update(c->d, "alliances", alliance_columns, id, version, none, true, "update", &c->actor, err);
    json_decref(none);
    return ok;
}

static void put_agreement(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *a = alliance_live(req, c, &id);
    if (!a)
        return;
    bool may = leads(req, c, a);
    json_decref(a);
    if (!may)
        return;
    int64_t version;
    if (!fields_version(req, NULL, &version))
        return;
    const char *name, *type;
    char hex[65];
    if (!api_attach_accept(req, &agreement_upload, &name, &type, hex))
        return;
    dj_err err;
    dj_err e2 = {0};
    json_t *before = NULL, *after = NULL;
    bool ok = db_begin(c->d, &err);
    if (ok) {
        before = alliance_agreement_meta_e(c->d, id, &e2);
        ok = before || strcmp(e2.code, "not_found") == 0;
        if (!ok)
            err = e2;
    }
    ok = ok && alliance_touch(c, id, version, &err);
    ok = ok && (after = alliance_agreement_put_e(c->d, id, name, type, req->body, req->body_len, hex, c->actor.username,
                                                 &err)) &&
         audit_write(c->d, &c->actor, before ? "update" : "create", "alliance_agreement", id, before, after, &err) &&
         db_commit(c->d, &err);
    json_decref(before);
    if (!ok) {
        db_rollback(c->d);
        json_decref(after);
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, before ? 200 : 201, after);
}

static void get_agreement(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *a = alliance_live(req, c, &id);
    if (!a)
        return;
    json_decref(a);
    dj_err err;
    json_t *meta = alliance_agreement_meta_e(c->d, id, &err);
    size_t len = 0;
    char *data = meta ? alliance_agreement_data_e(c->d, id, &len, &err) : NULL;
    if (!data) {
        json_decref(meta);
        api_fail(req, &err);
        return;
    }
    api_attach_send(req, "agreement", json_str(meta, "name"), json_str(meta, "content_type"), data, len);
    json_decref(meta);
}

static void delete_agreement(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *a = alliance_live(req, c, &id);
    if (!a)
        return;
    bool may = leads(req, c, a);
    json_decref(a);
    if (!may)
        return;
    int64_t version;
    if (!fields_version(req, NULL, &version))
        return;
    dj_err err;
    json_t *before = NULL;
    bool ok = db_begin(c->d, &err) && (before = alliance_agreement_meta_e(c->d, id, &err)) &&
              alliance_touch(c, id, version, &err) &&
              alliance_agreement_delete(c->d, id, &err) &&
              audit_write(c->d, &c->actor, "delete", "alliance_agreement", id, before, NULL, &err) && db_commit(c->d, &err);
    json_decref(before);
    if (!ok) {
        db_rollback(c->d);
        api_fail(req, &err);
        return;
    }
    http_reply_bytes(req, 204, NULL, NULL, 0);
}

/* ---- Activities -------------------------------------------------------------------------------- */

static void activity_present(json_t *x)
{
    const char *kind = json_str(x, "kind");
    json_object_set_new(x, "kind_label", json_string(kind ? dj_enum_label(dj_alliance_activity_kinds, kind) : ""));
    json_t *m = json_object_get(x, "meeting_id");
    if (json_is_integer(m) && json_str(x, "meeting_topic"))
        json_object_set_new(x, "meeting", json_pack("{s:I,s:s,s:s?}", "id", (json_int_t)json_integer_value(m), "topic",
                                                    json_str(x, "meeting_topic"), "starts_at",
                                                    json_str(x, "meeting_starts_at")));
    else
        json_object_set_new(x, "meeting", json_null());
    json_object_del(x, "meeting_topic");
    json_object_del(x, "meeting_starts_at");
}

/* A row of an alliance (an activity, a resource) as the write path loads it: when its alliance is
 * live and in the caller's scope (takes row; NULL otherwise). */
static json_t *sub_visible(api_ctx *c, json_t *row, dj_err *err)
{
    json_t *a = row ? alliance_load(c, json_integer_value(json_object_get(row, "alliance_id")), err) : NULL;
    bool ok = a && !json_is_true(json_object_get(a, "deleted"));
    json_decref(a);
    if (ok)
        return row;
    json_decref(row);
    return NULL;
}

/* Answers with a row read by read (an activity, a resource), presented. */
static void sub_reply(http_request *req, api_ctx *c, int64_t id, int status, json_t *(*read)(db *, int64_t, dj_err *),
                      void (*present)(json_t *))
{
    dj_err err;
    json_t *row = read(c->d, id, &err);
    if (!row) {
        api_fail(req, &err);
        return;
    }
    present(row);
    http_reply_json(req, status, row);
}

static json_t *activity_load(api_ctx *c, int64_t id, dj_err *err)
{
    return sub_visible(c, alliance_activity_read_e(c->d, id, err), err);
}

static void activity_reply(http_request *req, api_ctx *c, int64_t id, int status)
{
    sub_reply(req, c, id, status, alliance_activity_read_e, activity_present);
}

static const api_object activity_object = {"alliance_activities", "共建活动不存在", activity_load, activity_reply, NULL,
                                           NULL};

typedef struct sub_write {
    const json_t *alliance;
} sub_write;

static bool activity_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    (void)cur;
    sub_write *w = state;
    const json_t *a = w->alliance;
    if (!texts_valid(req, body, activity_fields))
        return false;
    const char *kind = dj_enum_name(dj_alliance_activity_kinds, json_str(body, "kind"));
    if (!kind) {
        http_reply_error(req, 422, "validation", "kind", "活动类型应为联学、联办、培训、义诊或讲座");
        return false;
    }
    json_object_set_new(body, "kind", json_string(kind));
    dj_date start = 0, end = 0, on = 0;
    date_parse(json_str(a, "started_on"), &start);
    bool has_end = json_str(a, "ends_on") && date_parse(json_str(a, "ends_on"), &end);
    date_parse(json_str(body, "held_on"), &on);
    dj_err err;
    if (!alliance_day_check(start, has_end, end, on, "held_on", "活动日期", &err))
        return reply_err(req, &err);
    json_t *att = json_object_get(body, "attendance");
    if (att && json_is_integer(att) && (json_integer_value(att) < 0 || json_integer_value(att) > 100000)) {
        http_reply_error(req, 422, "validation", "attendance", "参加人数应为 0 到 100000");
        return false;
    }
    /* The participating organisations: the alliance's, none twice; none given: all of them. */
    json_t *ids = json_object_get(body, "org_ids");
    if (!ids || !json_array_size(ids)) {
        json_t *all = json_array();
        json_array_append_new(all, json_integer(json_integer_value(json_object_get(a, "lead_org_id"))));
        size_t i;
        json_t *o;
        json_array_foreach(json_object_get(a, "orgs"), i, o) json_array_append_new(all, json_integer(json_integer_value(json_object_get(o, "org_id"))));
        json_object_set_new(body, "org_ids", all);
    } else {
        size_t i, j;
        json_t *o;
        json_array_foreach(ids, i, o) {
            bool twice = false;
            for (j = 0; j < i; j++)
                twice = twice || json_integer_value(json_array_get(ids, j)) == json_integer_value(o);
            if (!in_alliance(a, json_integer_value(o)) || twice) {
                http_reply_error(req, 422, "validation", "org_ids", "参加单位须为该共建的成员单位，且不能重复");
                return false;
            }
        }
    }
    /* A linked meeting: one the caller sees, live, held by an organisation of the alliance. */
    json_t *mid = json_object_get(body, "meeting_id");
    if (mid && json_is_integer(mid)) {
        err = (dj_err){0};
        json_t *m = meeting_object.load(c, json_integer_value(mid), &err);
        bool ok = m && !json_is_true(json_object_get(m, "deleted")) &&
                  in_alliance(a, json_integer_value(json_object_get(m, "org_id")));
        json_decref(m);
        if (!ok) {
            http_reply_error(req, 422, "validation", "meeting_id", "关联会议不存在、不在您的管理范围内，或不是共建单位召开的会议");
            return false;
        }
    }
    json_object_set_new(body, "alliance_id", json_integer(json_integer_value(json_object_get(a, "id"))));
    return true;
}

static void list_activities(http_request *req, api_ctx *c)
{
    int64_t id, limit, offset, total = 0;
    if (!api_paging(req, &limit, &offset))
        return;
    const char *year = http_query(req, "year");
    if (year && *year && (strlen(year) != 4 || strspn(year, "0123456789") != 4)) {
        http_reply_error(req, 400, "bad_request", "year", "年份须为四位数字");
        return;
    }
    json_t *a = alliance_live(req, c, &id);
    if (!a)
        return;
    json_decref(a);
    dj_err err;
    json_t *items = alliance_activities_e(c->d, id, year && *year ? year : NULL, limit, offset, &total, &err);
    if (!items) {
        api_fail(req, &err);
        return;
    }
    size_t i;
    json_t *x;
    json_array_foreach(items, i, x) activity_present(x);
    http_reply_json(req, 200, api_list(items, total, limit, offset));
}

static void create_activity(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *a = alliance_live(req, c, &id);
    if (!a)
        return;
    if (leads(req, c, a)) {
        sub_write st = {a};
        api_write w = {.obj = &activity_object, .creating = true, .fields = activity_fields, .check = activity_check,
                       .cols = alliance_activity_columns, .state = &st};
        api_write_run(req, c, &w);
    }
    json_decref(a);
}

/* A row of an alliance (an activity, a resource) is deleted by the alliance's lead. */
static bool sub_delete_check(http_request *req, api_ctx *c, const json_t *cur, bool deleted)
{
    (void)deleted;
    dj_err err = {0};
    json_t *a = alliance_load(c, json_integer_value(json_object_get(cur, "alliance_id")), &err);
    bool ok = a && leads(req, c, a);
    if (!a && err.code[0])
        api_fail(req, &err);
    else if (!a)
        http_reply_error(req, 404, "not_found", NULL, "共建不存在");
    json_decref(a);
    return ok;
}

static void delete_activity(http_request *req, api_ctx *c)
{
    api_soft_delete(req, c, &activity_object, true, sub_delete_check);
}

/* ---- Resources --------------------------------------------------------------------------------- */

static void resource_present(json_t *r)
{
    const char *kind = json_str(r, "kind");
    json_object_set_new(r, "kind_label", json_string(kind ? dj_enum_label(dj_alliance_resource_kinds, kind) : ""));
}

static json_t *resource_load(api_ctx *c, int64_t id, dj_err *err)
{
    return sub_visible(c, alliance_resource_read_e(c->d, id, err), err);
}

static void resource_reply(http_request *req, api_ctx *c, int64_t id, int status)
{
    sub_reply(req, c, id, status, alliance_resource_read_e, resource_present);
}

static const api_object resource_object = {"alliance_resources", "共享资源不存在", resource_load, resource_reply, NULL,
                                           NULL};

static bool resource_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    (void)c;
    (void)cur;
    sub_write *w = state;
    if (!texts_valid(req, body, resource_fields))
        return false;
    const char *kind = dj_enum_name(dj_alliance_resource_kinds, json_str(body, "kind"));
    if (!kind) {
        http_reply_error(req, 422, "validation", "kind", "资源类型应为专家、设备、培训名额、场地或其他");
        return false;
    }
    json_object_set_new(body, "kind", json_string(kind));
    if (!in_alliance(w->alliance, json_integer_value(json_object_get(body, "provider_org_id")))) {
        http_reply_error(req, 422, "validation", "provider_org_id", "提供单位须为该共建的成员单位");
        return false;
    }
    json_object_set_new(body, "alliance_id", json_integer(json_integer_value(json_object_get(w->alliance, "id"))));
    return true;
}

static void list_resources(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *a = alliance_live(req, c, &id);
    if (!a)
        return;
    json_decref(a);
    dj_err err;
    json_t *items = alliance_resources_e(c->d, id, &err);
    if (!items) {
        api_fail(req, &err);
        return;
    }
    size_t i;
    json_t *r;
    json_array_foreach(items, i, r) resource_present(r);
    size_t n = json_array_size(items);
    http_reply_json(req, 200, json_pack("{s:o,s:I,s:n}", "items", items, "total", (json_int_t)n, "next"));
}

static void create_resource(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *a = alliance_live(req, c, &id);
    if (!a)
        return;
    if (leads(req, c, a)) {
        sub_write st = {a};
        api_write w = {.obj = &resource_object, .creating = true, .fields = resource_fields, .check = resource_check,
                       .cols = alliance_resource_columns, .state = &st};
        api_write_run(req, c, &w);
    }
    json_decref(a);
}

static void delete_resource(http_request *req, api_ctx *c)
{
    api_soft_delete(req, c, &resource_object, true, sub_delete_check);
}

/* ---- Referrals --------------------------------------------------------------------------------- */

static void get_referrals(http_request *req, api_ctx *c)
{
    int64_t id;
    int year;
    if (!query_year(req, &year))
        return;
    json_t *a = alliance_live(req, c, &id);
    if (!a)
        return;
    dj_err err;
    json_t *out = referrals_json(c, a, year, &err);
    json_decref(a);
    if (!out) {
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 200, out);
}

static void put_referrals(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *a = alliance_live(req, c, &id);
    if (!a)
        return;
    json_t *body = NULL;
    dj_err err;
    bool ok = leads(req, c, a) && (body = api_body(req)) && fields_check(req, body, referral_fields, true);
    int64_t from = 0, to = 0, count = 0;
    const char *month = NULL;
    if (ok) {
        month = json_str(body, "month");
        from = json_integer_value(json_object_get(body, "from_org_id"));
        to = json_integer_value(json_object_get(body, "to_org_id"));
        count = json_integer_value(json_object_get(body, "count"));
        dj_date start = 0, end = 0, today;
        today_date(&today);
        date_parse(json_str(a, "started_on"), &start);
        bool has_end = json_str(a, "ends_on") && date_parse(json_str(a, "ends_on"), &end);
        if (!alliance_referral_month_check(month, start, has_end, end, today, &err) ||
            !alliance_referral_check(from, to, count, &err))
            ok = reply_err(req, &err);
        else if (!in_alliance(a, from) || !in_alliance(a, to)) {
            const char *field = in_alliance(a, from) ? "to_org_id" : "from_org_id";
            http_reply_error(req, 422, "validation", field, "转出、转入单位须为该共建的成员单位");
            ok = false;
        }
    }
    if (!ok) {
        json_decref(body);
        json_decref(a);
        return;
    }
    bool found = false;
    int64_t before = 0;
    ok = db_begin(c->d, &err) && alliance_referral_get(c->d, id, month, from, to, &found, &before, &err) &&
         alliance_referral_put(c->d, id, month, from, to, count, &err);
    if (ok && (!found || before != count)) {
        json_t *b = found ? json_pack("{s:s,s:I,s:I,s:I}", "month", month, "from_org_id", (json_int_t)from, "to_org_id",
                                      (json_int_t)to, "count", (json_int_t)before)
                          : NULL;
        json_t *af = json_pack("{s:s,s:I,s:I,s:I}", "month", month, "from_org_id", (json_int_t)from, "to_org_id",
                               (json_int_t)to, "count", (json_int_t)count);
        ok = audit_write(c->d, &c->actor, found ? "update" : "create", "alliance_referral", id, b, af, &err);
        json_decref(b);
        json_decref(af);
    }
    ok = ok && db_commit(c->d, &err);
    if (!ok) {
        db_rollback(c->d);
        json_decref(body);
        json_decref(a);
        api_fail(req, &err);
        return;
    }
    int year = 0, m = 0;
    alliance_month_parse(month, &year, &m);
    json_t *out = referrals_json(c, a, year, &err);
    json_decref(body);
    json_decref(a);
    if (!out) {
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 200, out);
}

/* ---- The yearly report --------------------------------------------------------------------- */

/* The year's report: the alliance, its members, the activities by kind (count and attendance)
 * and in date order, the resources, the referrals month by month in each direction. */
static json_t *report_json(api_ctx *c, int64_t id, int year, dj_err *err)
{
    json_t *a = alliance_full(c, id, year, err);
    if (!a)
        return NULL;
    char y[16];
    snprintf(y, sizeof y, "%04d", year);
    int64_t total = 0;
    json_t *acts = alliance_activities_e(c->d, id, y, -1, 0, &total, err);
    json_t *res = acts ? alliance_resources_e(c->d, id, err) : NULL;
    if (!res) {
        json_decref(acts);
        json_decref(a);
        return NULL;
    }
    size_t n = json_array_size(acts), i;
    const char **kinds = calloc(n ? n : 1, sizeof *kinds);
    int64_t attendance[ALLIANCE_ACTIVITY_KINDS] = {0}, counts[ALLIANCE_ACTIVITY_KINDS], people = 0;
    json_t *x;
    /* In date order for the report. */
    json_t *ordered = json_array();
    for (i = n; i-- > 0;)
        json_array_append(ordered, json_array_get(acts, i));
    json_decref(acts);
    json_array_foreach(ordered, i, x) {
        activity_present(x);
        kinds[i] = json_str(x, "kind");
        int k = kinds[i] ? dj_enum_index(dj_alliance_activity_kinds, kinds[i]) : -1;
        int64_t att = json_integer_value(json_object_get(x, "attendance"));
        if (k >= 0)
            attendance[k] += att;
        people += att;
        json_t *names = json_array(), *oid;
        size_t j;
        json_array_foreach(json_object_get(x, "org_ids"), j, oid) json_array_append_new(names, json_string(org_name_in(a, json_integer_value(oid))));
        json_object_set_new(x, "org_names", names);
    }
    alliance_activities_by_kind(kinds, n, counts);
    free(kinds);
    json_t *by_kind = json_array();
    for (int k = 0; k < ALLIANCE_ACTIVITY_KINDS; k++)
        json_array_append_new(by_kind, json_pack("{s:s,s:s,s:I,s:I}", "kind", dj_alliance_activity_kinds[k].name, "label",
                                                 dj_alliance_activity_kinds[k].label, "count", (json_int_t)counts[k],
                                                 "attendance", (json_int_t)attendance[k]));
    json_array_foreach(res, i, x) resource_present(x);
    json_t *members = json_incref(json_object_get(a, "members"));
    json_t *refs = json_incref(json_object_get(a, "referrals_year"));
    json_object_del(a, "members");
    json_object_del(a, "referrals_year");
    char today[11];
    date_format(meeting_time_date(meetings_now()), today);
    return json_pack("{s:i,s:s,s:o,s:o,s:{s:I,s:I,s:o,s:o},s:o,s:o}", "year", year, "as_of", today, "alliance", a,
                     "members", members, "activities", "total", (json_int_t)n, "attendance", (json_int_t)people,
                     "by_kind", by_kind, "items", ordered, "resources", res, "referrals", refs);
}

/* The report as rows of one sheet: a section, an item, what it is, twelve months and a total. */
static const api_sheet_column report_columns[] = {
    {"部分", "section", 10, NULL}, {"项目", "item", 36, NULL}, {"说明", "detail", 40, NULL},
    {"1月", "m1", 6, NULL},        {"2月", "m2", 6, NULL},     {"3月", "m3", 6, NULL},
    {"4月", "m4", 6, NULL},        {"5月", "m5", 6, NULL},     {"6月", "m6", 6, NULL},
    {"7月", "m7", 6, NULL},        {"8月", "m8", 6, NULL},     {"9月", "m9", 6, NULL},
    {"10月", "m10", 6, NULL},      {"11月", "m11", 6, NULL},   {"12月", "m12", 6, NULL},
    {"合计", "total", 8, NULL},    {NULL, NULL, 0, NULL},
};

static json_t *row3(const char *section, const char *item, const char *detail)
{
    return json_pack("{s:s,s:s,s:s}", "section", section, "item", item ? item : "", "detail", detail ? detail : "");
}

static void set_months(json_t *row, const json_t *months)
{
    for (int m = 0; m < 12; m++) {
        char key[16];
        snprintf(key, sizeof key, "m%d", m + 1);
        json_object_set_new(row, key, json_integer(json_integer_value(json_array_get(months, (size_t)m))));
    }
}

static json_t *report_rows(const json_t *r)
{
    json_t *rows = json_array(), *x;
    size_t i;
    const json_t *a = json_object_get(r, "alliance");
    char text[600];
    snprintf(text, sizeof text, "%s；%s 起%s%s", json_str(a, "kind_label"), json_str(a, "started_on"),
             json_str(a, "ends_on") ? "，至 " : "", json_str(a, "ends_on") ? json_str(a, "ends_on") : "");
    json_array_append_new(rows, row3("共建", json_str(a, "name"), text));
    json_array_foreach(json_object_get(r, "members"), i, x) {
        buf b = {0};
        buf_puts(&b, strcmp(json_str(x, "role"), "lead") == 0 ? "牵头单位" : "共建单位");
        size_t k;
        json_t *inst;
        json_array_foreach(json_object_get(x, "institutions"), k, inst)
            buf_printf(&b, "；%s（%s）", json_str(inst, "name"), json_str(inst, "ownership_label"));
        buf_append(&b, "", 0);
        json_array_append_new(rows, row3("成员", json_str(x, "name"), b.data));
        buf_free(&b);
    }
    const json_t *acts = json_object_get(r, "activities");
    json_array_foreach(json_object_get(acts, "by_kind"), i, x) {
        snprintf(text, sizeof text, "参加 %lld 人次", (long long)json_integer_value(json_object_get(x, "attendance")));
        json_t *row = row3("活动统计", json_str(x, "label"), text);
        json_object_set(row, "total", json_object_get(x, "count"));
        json_array_append_new(rows, row);
    }
    json_array_foreach(json_object_get(acts, "items"), i, x) {
        snprintf(text, sizeof text, "%s %s，参加 %lld 人", json_str(x, "held_on"), json_str(x, "kind_label"),
                 (long long)json_integer_value(json_object_get(x, "attendance")));
        json_array_append_new(rows, row3("共建活动", json_str(x, "title"), text));
    }
    json_array_foreach(json_object_get(r, "resources"), i, x) {
        snprintf(text, sizeof text, "%s；提供单位：%s", json_str(x, "kind_label"), json_str(x, "provider_org_name"));
        json_array_append_new(rows, row3("共享资源", json_str(x, "title"), text));
    }
    const json_t *refs = json_object_get(r, "referrals");
    json_array_foreach(json_object_get(refs, "directions"), i, x) {
        snprintf(text, sizeof text, "%s → %s", json_str(x, "from_org_name"), json_str(x, "to_org_name"));
        json_t *row = row3("双向转诊", text, "人次");
        set_months(row, json_object_get(x, "months"));
        json_object_set(row, "total", json_object_get(x, "total"));
        json_array_append_new(rows, row);
    }
    json_t *row = row3("双向转诊", "合计", "人次");
    set_months(row, json_object_get(refs, "monthly_totals"));
    json_object_set(row, "total", json_object_get(refs, "total"));
    json_array_append_new(rows, row);
    return rows;
}

static void get_report(http_request *req, api_ctx *c)
{
    int64_t id;
    int year;
    if (!query_year(req, &year))
        return;
    const char *format = http_query(req, "format");
    bool file = format && *format && strcmp(format, "json") != 0;
    json_t *a = alliance_live(req, c, &id);
    if (!a)
        return;
    json_decref(a);
    dj_err err;
    json_t *r = report_json(c, id, year, &err);
    if (!r) {
        api_fail(req, &err);
        return;
    }
    if (file) {
        json_t *rows = report_rows(r);
        char name[64];
        snprintf(name, sizeof name, "alliance-%lld-%d", (long long)id, year);
        /* 红联共建年度报告 */
        api_reply_sheet(req, name, "%E7%BA%A2%E8%81%94%E5%85%B1%E5%BB%BA%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A",
                        "红联共建年度报告", report_columns, rows);
        json_decref(rows);
        json_decref(r);
        return;
    }
    http_reply_json(req, 200, r);
}

const api_module alliances_module = {
    "alliances",
    (const api_route[]){
        {"GET", "/api/v1/alliances", list_alliances, CAP_ALLIANCES_READ, 0, 0},
        {"POST", "/api/v1/alliances", create_alliance, CAP_ALLIANCES_WRITE, 0, 0},
        {"GET", "/api/v1/alliances/{id}", get_alliance, CAP_ALLIANCES_READ, 0, 0},
        {"PATCH", "/api/v1/alliances/{id}", update_alliance, CAP_ALLIANCES_WRITE, 0, 0},
        {"DELETE", "/api/v1/alliances/{id}", delete_alliance, CAP_ALLIANCES_WRITE, 0, 0},
        {"GET", "/api/v1/alliances/{id}/agreement", get_agreement, CAP_ALLIANCES_READ, 0, 0},
        {"PUT", "/api/v1/alliances/{id}/agreement", put_agreement, CAP_ALLIANCES_WRITE, AGREEMENT_MAX, 0},
        {"DELETE", "/api/v1/alliances/{id}/agreement", delete_agreement, CAP_ALLIANCES_WRITE, 0, 0},
        {"GET", "/api/v1/alliances/{id}/activities", list_activities, CAP_ALLIANCES_READ, 0, 0},
        {"POST", "/api/v1/alliances/{id}/activities", create_activity, CAP_ALLIANCES_WRITE, 0, 0},
        {"DELETE", "/api/v1/alliance-activities/{id}", delete_activity, CAP_ALLIANCES_WRITE, 0, 0},
        {"GET", "/api/v1/alliances/{id}/resources", list_resources, CAP_ALLIANCES_READ, 0, 0},
        {"POST", "/api/v1/alliances/{id}/resources", create_resource, CAP_ALLIANCES_WRITE, 0, 0},
        {"DELETE", "/api/v1/alliance-resources/{id}", delete_resource, CAP_ALLIANCES_WRITE, 0, 0},
        {"GET", "/api/v1/alliances/{id}/referrals", get_referrals, CAP_ALLIANCES_READ, 0, 0},
        {"PUT", "/api/v1/alliances/{id}/referrals", put_referrals, CAP_ALLIANCES_WRITE, 0, 0},
        {"GET", "/api/v1/alliances/{id}/report", get_report, CAP_ALLIANCES_READ, 0, 0},
        {NULL},
    },
    NULL,
};
