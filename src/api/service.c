/* service.c: volunteer service and free clinics (志愿服务, 义诊; DOMAIN.md §7, seed 002: "200余名党员医护
 * 人员累计开展中西医义诊、远程影像诊疗等活动40余场, 发放医用药品15万元").
 *
 * An event names its organising organisations (the first one is its own: its org_path is the
 * event's scope and the subtree whose totals count it), the institutions, the members with their
 * hours (in half hours), the people served and the medicine given in fen, and photos. The totals
 * of a subtree and a year, and each member's hours (the member ratings will use them). Rules:
 * domain/service.h. */
#include "api/meetings.h"
#include "api/attach.h"
#include "api/module.h"
#include "api/sheet.h"
#include "api/write.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/json.h"
#include "core/text.h"
#include "domain/service.h"
#include "store/rows.h"
#include "store/service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest photo: the route's max_body, so the server answers 413 past it. */
#define PHOTO_MAX ((size_t)5 * 1024 * 1024)
#define PHOTO_NAME_MAX 100

static const api_field event_fields[] = {
    {"held_on", F_DATE, true, 0, "活动日期"},
    {"title", F_STR, true, 100, "活动名称"},
    {"kind", F_STR, true, 20, "活动类型"},
    {"place", F_STR, true, 100, "活动地点"},
    {"org_ids", F_INT_ARRAY, true, 20, "组织单位"},
    {"institution_ids", F_INT_ARRAY, false, 20, "参与机构"},
    {"members", F_OBJ_ARRAY, false, SERVICE_MEMBERS_MAX, "参加党员"},
    {"people_served", F_INT, false, 0, "服务人次"},
    {"medicine_fen", F_INT, false, 0, "发放药品金额"},
    {"note", F_STR, false, 1000, "备注"},
    {NULL, 0, false, 0, NULL},
};

static const api_field member_fields[] = {
    {"member_id", F_INT, true, 0, "参加党员"},
    {"hours", F_NUM, true, 0, "服务时长"},
    {"name", F_STR, false, 100, "姓名"}, /* as answered: what the client sends back is ignored */
    {NULL, 0, false, 0, NULL},
};

static bool reply_err(http_request *req, const dj_err *err)
{
    api_fail(req, err);
    return false;
}

static void today(char out[11]) { date_format(meeting_time_date(meetings_now()), out); }

/* ---- Events ----------------------------------------------------------------------------- */

static json_t *event_load(api_ctx *c, int64_t id, dj_err *err)
{
    json_t *e = service_read_e(c->d, id, err);
    if (e && scope_has_path(c, json_str(e, "org_path")) && !json_is_true(json_object_get(e, "deleted")))
        return e;
    json_decref(e);
    return NULL;
}

static json_t *event_full(api_ctx *c, int64_t id, dj_err *err)
{
    json_t *e = service_read_e(c->d, id, err);
    if (!e)
        return NULL;
    if (!service_links_e(c->d, id, e, err)) {
        json_decref(e);
        return NULL;
    }
    json_t *oids = json_array(), *iids = json_array(), *x;
    size_t i;
    json_array_foreach(json_object_get(e, "orgs"), i, x)
        json_array_append_new(oids, json_integer(json_integer_value(json_object_get(x, "id"))));
    json_array_foreach(json_object_get(e, "institutions"), i, x)
        json_array_append_new(iids, json_integer(json_integer_value(json_object_get(x, "id"))));
    json_object_set_new(e, "org_ids", oids);
    json_object_set_new(e, "institution_ids", iids);
    json_object_del(e, "org_path");
    return e;
}

static void event_reply(http_request *req, api_ctx *c, int64_t id, int status)
{
    dj_err err;
    json_t *e = event_full(c, id, &err);
    if (!e) {
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, status, e);
}

static const api_object event_object = {"service_events", "服务活动不存在", event_load, event_reply, NULL, NULL};

/* ?year= (2000..2100) as the days it spans; absent: every day. False after replying. */
static bool year_from(http_request *req, char from[11], char to[11], bool *given)
{
    const char *y = http_query(req, "year");
    *given = y && *y;
    if (!*given)
        return true;
    char *end = NULL;
    long v = strtol(y, &end, 10);
    dj_err err;
    if (strlen(y) > 4 || !end || *end || !service_year_range((int)v, from, to, &err)) {
        http_reply_error(req, 400, "bad_request", "year", "年份须为 2000 至 2100 之间的四位数字");
        return false;
    }
    return true;
}

typedef struct query_buf {
    char from[11], to[11];
} query_buf;

static bool event_query_from(http_request *req, api_ctx *c, service_query *q, query_buf *b, bool paging)
{
    memset(q, 0, sizeof *q);
    q->limit = -1;
    if (paging && !api_paging(req, &q->limit, &q->offset))
        return false;
    int64_t org = 0;
    bool has_year;
    if (!api_query_id(req, "org", &org) || !api_query_id(req, "member", &q->member_id) ||
        !fields_query_enum(req, "kind", dj_service_kinds, &q->kind) || !year_from(req, b->from, b->to, &has_year))
        return false;
    if (has_year) {
        q->from = b->from;
        q->to = b->to;
    }
    q->subtree = org ? scope_org_path(req, c, org, NULL) : c->actor.scope_path;
    if (org && !q->subtree)
        return false;
    q->q = http_query(req, "q");
    if (q->q && strlen(q->q) > 100) {
        http_reply_error(req, 400, "bad_request", "q", "搜索词不能超过 100 个字符");
        return false;
    }
    return true;
}

static void kind_present(json_t *items)
{
    size_t i;
    json_t *e;
    json_array_foreach(items, i, e) {
        json_object_set_new(e, "kind_label", json_string(dj_enum_label(dj_service_kinds, json_str(e, "kind"))
                                                              ? dj_enum_label(dj_service_kinds, json_str(e, "kind"))
                                                              : ""));
        json_object_del(e, "org_path");
    }
}

static void list_events(http_request *req, api_ctx *c)
{
    service_query q;
    query_buf b;
    if (!event_query_from(req, c, &q, &b, true))
        return;
    if (!q.subtree) {
        http_reply_json(req, 200, api_list(json_array(), 0, q.limit, q.offset));
        return;
    }
    int64_t total = 0;
    dj_err err;
    json_t *items = service_list_e(c->d, &q, &total, &err);
    if (!items) {
        api_fail(req, &err);
        return;
    }
    kind_present(items);
    http_reply_json(req, 200, api_list(items, total, q.limit, q.offset));
}

static const char *yuan_text(const json_t *item, const char *field, char *scratch, size_t n)
{
    json_int_t fen = json_integer_value(json_object_get(item, field));
    snprintf(scratch, n, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
    return scratch;
}

static const char *hours_text(const json_t *item, const char *field, char *scratch, size_t n)
{
    snprintf(scratch, n, "%g", json_real_value(json_object_get(item, field)));
    return scratch;
}

/* 志愿服务台账: every event of the filters, oldest first. */
static void export_events(http_request *req, api_ctx *c)
{
    static const api_sheet_column cols[] = {
        {"编号", "id", 8, NULL},                 {"日期", "held_on", 12, NULL},
        {"活动名称", "title", 30, NULL},
        {"类型", "kind_label", 10, NULL},        {"地点", "place", 24, NULL},
        {"组织单位", "org_name", 24, NULL},      {"参加党员（人）", "member_count", 12, NULL},
        {"服务时长（小时）", "hours", 14, hours_text}, {"服务人次", "people_served", 10, NULL},
        {"发放药品（元）", "medicine_fen", 14, yuan_text}, {"照片（张）", "photos", 10, NULL},
        {NULL},
    };
    service_query q;
    query_buf b;
    if (!event_query_from(req, c, &q, &b, false))
        return;
    dj_err err;
    int64_t total = 0;
    json_t *all = q.subtree ? service_list_e(c->d, &q, &total, &err) : json_array();
    if (!all) {
        api_fail(req, &err);
        return;
    }
    kind_present(all);
    api_reply_sheet(req, "service-events", "%E5%BF%97%E6%84%BF%E6%9C%8D%E5%8A%A1%E5%8F%B0%E8%B4%A6", "志愿服务台账", cols,
                    all);
    json_decref(all);
}

static void get_event(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *e = api_object_get(req, c, &event_object, &id);
    if (!e)
        return;
    json_decref(e);
    event_reply(req, c, id, 200);
}

static const json_t *merged(const json_t *body, const json_t *cur, const char *key)
{
    json_t *v = json_object_get(body, key);
    return v || !cur ? v : json_object_get(cur, key);
}

/* The body against the rules: texts, the kind, the date (not after today), the counts, the
 * organisations (in scope: the first one's path is the event's), the institutions (in scope),
 * the members (live, in scope, once each, hours in half hours). Members become
 * [{member_id, half_hours}]. */
static bool event_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    (void)state;
    dj_err err;
    for (const char *const *k = (const char *const[]){"held_on", "title", "kind", "place", "org_ids", NULL}; *k; k++) {
        json_t *v = json_object_get(body, *k);
        if (cur && v && json_is_null(v)) {
            char msg[120];
            snprintf(msg, sizeof msg, "%s为必填项",
                     strcmp(*k, "held_on") == 0 ? "活动日期" : strcmp(*k, "title") == 0 ? "活动名称"
                                                          : strcmp(*k, "kind") == 0    ? "活动类型"
                                                          : strcmp(*k, "place") == 0   ? "活动地点"
                                                                                        : "组织单位");
            http_reply_error(req, 422, "validation", *k, msg);
            return false;
        }
    }
    const char *title = json_str(body, "title"), *place = json_str(body, "place");
    if (title && !text_check(title, false, true, "活动名称", "title", &err))
        return reply_err(req, &err);
    if (place && !text_check(place, false, true, "活动地点", "place", &err))
        return reply_err(req, &err);
    const char *kind = json_str(body, "kind");
    if (kind) {
        const char *name = dj_enum_name(dj_service_kinds, kind);
        if (!name) {
            http_reply_error(req, 422, "validation", "kind", "活动类型无效，应为义诊、远程诊疗、健康讲座、志愿服务或其他");
            return false;
        }
        json_object_set_new(body, "kind", json_string(name));
    }
    const char *held = json_str(body, "held_on");
    char t[11];
    today(t);
    if (held && strcmp(held, t) > 0) {
        http_reply_error(req, 422, "validation", "held_on", "活动日期不能晚于今天（只登记已开展的活动）");
        return false;
    }
    const json_t *ps = merged(body, cur, "people_served"), *mf = merged(body, cur, "medicine_fen");
    if (!service_counts_check(ps && json_is_integer(ps) ? json_integer_value(ps) : 0,
                              mf && json_is_integer(mf) ? json_integer_value(mf) : 0, &err))
        return reply_err(req, &err);
    if (json_is_null(json_object_get(body, "people_served")))
        json_object_set_new(body, "people_served", json_integer(0));
    if (json_is_null(json_object_get(body, "medicine_fen")))
        json_object_set_new(body, "medicine_fen", json_integer(0));

    json_t *orgs = json_object_get(body, "org_ids");
    if (orgs) {
        if (!json_array_size(orgs)) {
            http_reply_error(req, 422, "validation", "org_ids", "至少选择一个组织单位");
            return false;
        }
        size_t i;
        json_t *v;
        json_array_foreach(orgs, i, v) {
            for (size_t k = 0; k < i; k++)
                if (json_integer_value(json_array_get(orgs, k)) == json_integer_value(v)) {
                    http_reply_error(req, 422, "validation", "org_ids", "同一组织单位不能重复选择");
                    return false;
                }
            const char *path = scope_org_path(req, c, json_integer_value(v), "org_ids");
            if (!path)
                return false;
            if (i == 0) {
                json_object_set_new(body, "org_id", json_integer(json_integer_value(v)));
                json_object_set_new(body, "org_path", json_string(path));
            }
        }
    }
    json_t *insts = json_object_get(body, "institution_ids");
    if (json_is_null(insts)) {
        json_object_set_new(body, "institution_ids", json_array());
    } else if (insts) {
        size_t i;
        json_t *v;
        json_array_foreach(insts, i, v) if (!institution_visible(c, json_integer_value(v)))
        {
            http_reply_error(req, 422, "validation", "institution_ids", "参与机构不存在或不在您的管辖范围内");
            return false;
        }
    }
    json_t *ms = json_object_get(body, "members");
    if (json_is_null(ms)) {
        json_object_set_new(body, "members", json_array());
    } else if (ms) {
        size_t n = json_array_size(ms), i;
        int64_t *ids = calloc(n ? n : 1, sizeof *ids);
        json_t *out = json_array(), *m;
        bool ok = true;
        json_array_foreach(ms, i, m) {
            if (!json_is_integer(json_object_get(m, "member_id")) || !json_is_number(json_object_get(m, "hours"))) {
                char msg[200];
                snprintf(msg, sizeof msg, "第%zu名党员：须有党员编号和服务时长（小时数）", i + 1);
                http_reply_error(req, 422, "validation", "members", msg);
                ok = false;
                break;
            }
            if (!fields_check_in(req, m, member_fields, true, "members")) {
                ok = false;
                break;
            }
            ids[i] = json_integer_value(json_object_get(m, "member_id"));
            if (!service_hours_check(json_number_value(json_object_get(m, "hours")), &err)) {
                char msg[300];
                snprintf(msg, sizeof msg, "第%zu名党员：%s", i + 1, err.message);
                http_reply_error(req, 422, "validation", "members", msg);
                ok = false;
                break;
            }
            json_t *row = row_get_e(c->d, "members", ids[i], &err);
            bool live = row && !json_str(row, "deleted_at") && scope_has_path(c, json_str(row, "org_path"));
            json_decref(row);
            if (!live) {
                char msg[200];
                snprintf(msg, sizeof msg, "第%zu名党员不存在或不在您的管辖范围内", i + 1);
                http_reply_error(req, 422, "validation", "members", msg);
                ok = false;
                break;
            }
            json_array_append_new(out, json_pack("{s:I,s:I}", "member_id", (json_int_t)ids[i], "half_hours",
                                                 (json_int_t)service_half_hours(json_number_value(json_object_get(m, "hours")))));
        }
        if (ok && !service_members_check(ids, n, &err)) {
            api_fail(req, &err);
            ok = false;
        }
        free(ids);
        if (!ok) {
            json_decref(out);
            return false;
        }
        json_object_set_new(body, "members", out);
    }
    return true;
}

/* The links as they were, for the audit record. */
static json_t *links_of(api_ctx *c, int64_t id, dj_err *err)
{
    json_t *e = json_object();
    if (!service_links_e(c->d, id, e, err)) {
        json_decref(e);
        return NULL;
    }
    return e;
}

static json_t *links_after(const json_t *body)
{
    json_t *a = json_object();
    for (const char *const *k = (const char *const[]){"org_ids", "institution_ids", "members", NULL}; *k; k++)
        if (json_object_get(body, *k))
            json_object_set_new(a, *k, json_deep_copy(json_object_get(body, *k)));
    return a;
}

static bool event_create_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                               dj_err *err)
{
    (void)version;
    (void)cur;
    (void)state;
    if (!row_insert(c->d, "service_events", service_columns, body, &c->actor, id, err))
        return false;
    return service_links_set(c->d, *id, json_object_get(body, "org_ids"), json_object_get(body, "institution_ids"),
                             json_object_get(body, "members"), err) &&
           api_audit_links(c, "service_event", *id, NULL, links_after(body), err);
}

static bool event_update_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                               dj_err *err)
{
    (void)cur;
    (void)state;
    json_t *after = links_after(body);
    bool links = json_object_size(after) > 0;
    json_t *before = links ? links_of(c, *id, err) : NULL;
    if (links && !before) {
        json_decref(after);
        return false;
    }
    if (!row_update(c->d, "service_events", service_columns, *id, version, body, links, "update", &c->actor, err)) {
        json_decref(after);
        json_decref(before);
        return false;
    }
    if (!links) {
        json_decref(after);
        return true;
    }
    return service_links_set(c->d, *id, json_object_get(body, "org_ids"), json_object_get(body, "institution_ids"),
                             json_object_get(body, "members"), err) &&
           api_audit_links(c, "service_event", *id, before, after, err);
}

static void create_event(http_request *req, api_ctx *c)
{
    api_write w = {.obj = &event_object, .creating = true, .fields = event_fields, .check = event_check,
                   .apply = event_create_apply};
    api_write_run(req, c, &w);
}

static void update_event(http_request *req, api_ctx *c)
{
    api_write w = {.obj = &event_object, .fields = event_fields, .check = event_check, .apply = event_update_apply};
    api_write_run(req, c, &w);
}

static void delete_event(http_request *req, api_ctx *c) { api_soft_delete(req, c, &event_object, true, NULL); }

/* ---- Totals and hours ------------------------------------------------------------------- */

static void get_totals(http_request *req, api_ctx *c)
{
    int64_t org = 0;
    char from[11], to[11];
    bool has_year;
    if (!api_query_id(req, "org", &org) || !year_from(req, from, to, &has_year))
        return;
    const char *subtree = org ? scope_org_path(req, c, org, NULL) : c->actor.scope_path;
    if (org && !subtree)
        return;
    service_totals t = {0};
    dj_err err;
    if (subtree && !service_totals_e(c->d, subtree, has_year ? from : NULL, has_year ? to : NULL, &t, &err)) {
        api_fail(req, &err);
        return;
    }
    json_t *out = json_pack("{s:I,s:I,s:f,s:I,s:I}", "events", (json_int_t)t.events, "members", (json_int_t)t.members,
                            "hours", service_hours_of(t.half_hours), "people_served", (json_int_t)t.people_served,
                            "medicine_fen", (json_int_t)t.medicine_fen);
    /* The organisation whose subtree was counted: the one asked for, else the caller's root. */
    bool whole = !org && (!subtree || strcmp(subtree, "/") == 0);
    json_object_set_new(out, "org_id", whole ? json_null() : json_integer(org ? org : c->actor.org_id));
    json_object_set_new(out, "year", has_year ? json_integer(atoi(from)) : json_null());
    http_reply_json(req, 200, out);
}

/* A member's hours: the member itself, or a reader of service in its scope. */
static void member_hours(http_request *req, api_ctx *c)
{
    int64_t id;
    if (!api_param_id(req, 0, &id))
        return;
    char from[11], to[11];
    bool has_year;
    if (!year_from(req, from, to, &has_year))
        return;
    dj_err err;
    json_t *m = row_get_e(c->d, "members", id, &err);
    if (!m && strcmp(err.code, "not_found") != 0) {
        api_fail(req, &err);
        return;
    }
    bool self = c->actor.member_id && c->actor.member_id == id;
    bool in_scope = m && !json_str(m, "deleted_at") && !api_can(c, CAP_SCOPE_SELF) && api_can(c, CAP_SERVICE_READ) &&
                    scope_has_path(c, json_str(m, "org_path"));
    json_decref(m);
    if (!self && !in_scope) {
        http_reply_error(req, 404, "not_found", NULL, "党员不存在");
        return;
    }
    int64_t half = 0;
    json_t *items = service_member_hours_e(c->d, id, has_year ? from : NULL, has_year ? to : NULL, &half, &err);
    if (!items) {
        api_fail(req, &err);
        return;
    }
    json_t *out = json_pack("{s:I,s:I,s:f,s:o}", "member_id", (json_int_t)id, "events", (json_int_t)json_array_size(items),
                            "hours", service_hours_of(half), "items", items);
    json_object_set_new(out, "year", has_year ? json_integer(atoi(from)) : json_null());
    http_reply_json(req, 200, out);
}

/* ---- Photos ------------------------------------------------------------------------------- */

static const api_attach event_photos = {
    &service_photo_files, "service_event_photo", ATTACH_IMAGES, "只能上传 JPEG 或 PNG 照片（按文件内容识别，与文件名无关）",
};

/* The event {id} in scope, and the photo {pid} when the route has one; false after answering. */
static bool photo_owner(http_request *req, api_ctx *c, int64_t *id, int64_t *pid)
{
    json_t *e = api_object_get(req, c, &event_object, id);
    json_decref(e);
    return e && (!pid || api_param_id(req, 1, pid));
}

static void upload_photo(http_request *req, api_ctx *c)
{
    int64_t id;
    if (photo_owner(req, c, &id, NULL))
        api_attach_upload(req, c, &event_photos, (file_owner){id, 0});
}

static void list_photos(http_request *req, api_ctx *c)
{
    int64_t id;
    if (photo_owner(req, c, &id, NULL))
        api_attach_list(req, c, &event_photos, (file_owner){id, 0});
}

static void download_photo(http_request *req, api_ctx *c)
{
    int64_t id, pid;
    if (photo_owner(req, c, &id, &pid))
        api_attach_download(req, c, &event_photos, (file_owner){id, 0}, pid);
}

static void delete_photo(http_request *req, api_ctx *c)
{
    int64_t id, pid;
    if (photo_owner(req, c, &id, &pid))
        api_attach_delete(req, c, &event_photos, (file_owner){id, 0}, pid);
}

const api_module service_module = {
    "service",
    (const api_route[]){
        {"GET", "/api/v1/service-events/totals", get_totals, CAP_SERVICE_READ, 0, 0},
        {"GET", "/api/v1/service-events/export", export_events, CAP_SERVICE_READ, 0, 0},
        {"GET", "/api/v1/service-events", list_events, CAP_SERVICE_READ, 0, 0},
        {"POST", "/api/v1/service-events", create_event, CAP_SERVICE_WRITE, 0, 0},
        {"GET", "/api/v1/service-events/{id}", get_event, CAP_SERVICE_READ, 0, 0},
        {"PATCH", "/api/v1/service-events/{id}", update_event, CAP_SERVICE_WRITE, 0, 0},
        {"DELETE", "/api/v1/service-events/{id}", delete_event, CAP_SERVICE_WRITE, 0, 0},
        {"POST", "/api/v1/service-events/{id}/photos", upload_photo, CAP_SERVICE_WRITE, PHOTO_MAX, 0},
        {"GET", "/api/v1/service-events/{id}/photos", list_photos, CAP_SERVICE_READ, 0, 0},
        {"GET", "/api/v1/service-events/{id}/photos/{pid}", download_photo, CAP_SERVICE_READ, 0, 0},
        {"DELETE", "/api/v1/service-events/{id}/photos/{pid}", delete_photo, CAP_SERVICE_WRITE, 0, 0},
        {"GET", "/api/v1/members/{id}/service-hours", member_hours, API_SIGNED_IN, 0, 0},
        {NULL},
    },
    NULL,
};
