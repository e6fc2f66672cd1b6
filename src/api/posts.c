/* posts.c: pioneer posts (党员先锋岗) and members' badges (亮牌上岗; DOMAIN.md §7, seed 002).
 *
 * A post belongs to an institution and is run by the deepest organisation of the caller's scope
 * that covers it (its org_path: the scope of the post); its members on duty are members of the
 * scope. Rules: domain/posts.h.
 *
 * A badge is a member's public page at /p/badge/{token}: the member (its own file) or the branch
 * (members.write in scope) switches it on and off at any time. The token is random (not the
 * member's id); switching a badge on again after it was off gives a new token, so the links and
 * QR codes printed before stop working. The public API (GET /api/v1/public/badges/{token}) shows
 * only the fields of badge_public_keys; an unknown, malformed or switched-off token is the same
 * 404. The photo a member gives is served only while the badge is on. */
#include "api/meetings.h"
#include "api/module.h"
#include "api/sheet.h"
#include "api/write.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/text.h"
#include "domain/posts.h"
#include "store/posts.h"
#include "store/rows.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest badge photo: the route's max_body, so the server answers 413 past it. */
#define BADGE_PHOTO_MAX ((size_t)2 * 1024 * 1024)

static const api_field post_fields[] = {
    {"name", F_STR, true, 100, "先锋岗名称"},
    {"institution_id", F_INT, true, 0, "所在机构"},
    {"department", F_STR, false, 50, "科室"},
    {"place", F_STR, false, 100, "设岗位置"},
    {"member_ids", F_INT_ARRAY, false, POST_MEMBERS_MAX, "在岗党员"},
    {"started_on", F_DATE, false, 0, "设立日期"},
    {"note", F_STR, false, 500, "备注"},
    {NULL, 0, false, 0, NULL},
};

static bool reply_err(http_request *req, const dj_err *err)
{
    api_fail(req, err);
    return false;
}

/* ---- Posts ------------------------------------------------------------------------------ */

static json_t *post_load(api_ctx *c, int64_t id, dj_err *err)
{
    json_t *p = post_read_e(c->d, id, err);
    if (p && scope_has_path(c, json_str(p, "org_path")) && !json_is_true(json_object_get(p, "deleted")))
        return p;
    json_decref(p);
    return NULL;
}

/* The post as answered: its members on duty by name, member_ids, no path. */
static json_t *post_full(api_ctx *c, int64_t id, dj_err *err)
{
    json_t *p = post_read_e(c->d, id, err);
    json_t *ms = p ? post_members_e(c->d, id, err) : NULL;
    if (!ms) {
        json_decref(p);
        return NULL;
    }
    json_t *ids = json_array();
    size_t i;
    json_t *m;
    json_array_foreach(ms, i, m) {
        json_array_append_new(ids, json_integer(json_integer_value(json_object_get(m, "id"))));
        json_object_del(m, "org_path");
    }
    json_object_set_new(p, "members", ms);
    json_object_set_new(p, "member_ids", ids);
    json_object_del(p, "org_path");
    return p;
}

static void post_reply(http_request *req, api_ctx *c, int64_t id, int status)
{
    dj_err err;
    json_t *p = post_full(c, id, &err);
    if (!p) {
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, status, p);
}

static const api_object post_object = {"pioneer_posts", "先锋岗不存在", post_load, post_reply, NULL, NULL};

/* The list's filters within the caller's scope; false after replying. */
static bool post_query_from(http_request *req, api_ctx *c, post_query *q, bool paging)
{
    memset(q, 0, sizeof *q);
    q->limit = -1;
    if (paging && !api_paging(req, &q->limit, &q->offset))
        return false;
    if (!api_query_id(req, "institution", &q->institution_id) || !api_query_id(req, "member", &q->member_id))
        return false;
    int64_t org = 0;
    if (!api_query_id(req, "org", &org))
        return false;
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

static void list_posts(http_request *req, api_ctx *c)
{
    post_query q;
    if (!post_query_from(req, c, &q, true))
        return;
    if (!q.subtree) {
        http_reply_json(req, 200, api_list(json_array(), 0, q.limit, q.offset));
        return;
    }
    int64_t total = 0;
    dj_err err;
    json_t *items = posts_list_e(c->d, &q, &total, &err);
    if (!items) {
        api_fail(req, &err);
        return;
    }
    size_t i;
    json_t *p;
    json_array_foreach(items, i, p)
        json_object_del(p, "org_path");
    http_reply_json(req, 200, api_list(items, total, q.limit, q.offset));
}

static const char *members_text(const json_t *item, const char *field, char *scratch, size_t n)
{
    (void)field;
    size_t at = 0, i;
    json_t *m;
    scratch[0] = '\0';
    json_array_foreach(json_object_get(item, "members"), i, m) {
        int w = snprintf(scratch + at, n - at, "%s%s", i ? "、" : "", json_str(m, "name"));
        if (w < 0 || (size_t)w >= n - at)
            break;
        at += (size_t)w;
    }
    return scratch;
}

static void export_posts(http_request *req, api_ctx *c)
{
    static const api_sheet_column cols[] = {
        {"编号", "id", 8, NULL},          {"先锋岗名称", "name", 30, NULL}, {"所在机构", "institution_name", 24, NULL},
        {"所属组织", "org_name", 24, NULL}, {"科室", "department", 14, NULL}, {"设岗位置", "place", 20, NULL},
        {"在岗党员", "members", 40, members_text}, {"设立日期", "started_on", 12, NULL}, {NULL},
    };
    post_query q;
    if (!post_query_from(req, c, &q, false))
        return;
    json_t *all = NULL;
    dj_err err;
    int64_t total = 0;
    all = q.subtree ? posts_list_e(c->d, &q, &total, &err) : json_array();
    if (!all) {
        api_fail(req, &err);
        return;
    }
    api_reply_sheet(req, "pioneer-posts", "%E5%85%9A%E5%91%98%E5%85%88%E9%94%8B%E5%B2%97", "党员先锋岗", cols, all);
    json_decref(all);
}

static void get_post(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *p = api_object_get(req, c, &post_object, &id);
    if (!p)
        return;
    json_decref(p);
    post_reply(req, c, id, 200);
}

typedef struct post_write {
    json_t *before; /* the members on duty as they were (ids), for the audit record */
} post_write;

/* The merged record against the rules: the institution (live, in scope, covered by an
 * organisation of the scope: the post's), the members on duty (live, in scope). Sets org_id and
 * org_path when the institution is given. */
static bool post_valid(http_request *req, api_ctx *c, json_t *body, const json_t *cur)
{
    dj_err err;
    json_t *inst = json_object_get(body, "institution_id");
    if (inst && (!cur || json_integer_value(inst) != json_integer_value(json_object_get(cur, "institution_id")))) {
        int64_t iid = json_integer_value(inst), org_id = 0;
        char path[300];
        if (!institution_visible(c, iid)) {
            http_reply_error(req, 422, "validation", "institution_id", "所在机构不存在或不在您的管辖范围内");
            return false;
        }
        if (!post_covering_org(c->d, iid, c->actor.scope_path ? c->actor.scope_path : "/", &org_id, path, sizeof path, &err))
            return reply_err(req, &err);
        if (!org_id) {
            http_reply_error(req, 422, "validation", "institution_id", "所在机构没有您管辖范围内的党组织覆盖，无法设岗");
            return false;
        }
        json_object_set_new(body, "org_id", json_integer(org_id));
        json_object_set_new(body, "org_path", json_string(path));
    }
    json_t *ids = json_object_get(body, "member_ids");
    if (ids && !json_is_null(ids)) {
        size_t n = json_array_size(ids), i;
        int64_t *v = calloc(n ? n : 1, sizeof *v);
        json_t *x;
        json_array_foreach(ids, i, x)
            v[i] = json_integer_value(x);
        bool ok = post_members_check(v, n, &err);
        for (i = 0; ok && i < n; i++) {
            json_t *m = row_get_e(c->d, "members", v[i], &err);
            ok = m && !json_str(m, "deleted_at") && scope_has_path(c, json_str(m, "org_path"));
            json_decref(m);
            if (!ok)
                dj_err_set(&err, "validation", "member_ids", "在岗党员须为您管辖范围内的党员");
        }
        free(v);
        if (!ok) {
            http_reply_error(req, 422, "validation", "member_ids", err.message);
            return false;
        }
    } else if (ids) {
        json_object_set_new(body, "member_ids", json_array());
    }
    return true;
}

static bool post_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    post_write *w = state;
    if (cur) {
        for (const char *const *k = (const char *const[]){"name", "institution_id", NULL}; *k; k++) {
            json_t *v = json_object_get(body, *k);
            if (v && json_is_null(v)) {
                char msg[120];
                snprintf(msg, sizeof msg, "%s为必填项", fields_label(*k));
                http_reply_error(req, 422, "validation", *k, strcmp(*k, "name") == 0 ? "先锋岗名称为必填项" : "所在机构为必填项");
                return false;
            }
        }
    }
    const char *name = json_str(body, "name");
    dj_err err;
    if (name && !text_check(name, false, true, "先锋岗名称", "name", &err))
        return reply_err(req, &err);
    if (!post_valid(req, c, body, cur))
        return false;
    if (cur && json_object_get(body, "member_ids")) {
        json_t *ms = post_members_e(c->d, json_integer_value(json_object_get(cur, "id")), &err);
        if (!ms)
            return reply_err(req, &err);
        w->before = json_array();
        size_t i;
        json_t *m;
        json_array_foreach(ms, i, m)
            json_array_append_new(w->before, json_integer(json_integer_value(json_object_get(m, "id"))));
        json_decref(ms);
    }
    return true;
}

static bool post_create_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                              dj_err *err)
{
    (void)version;
    (void)cur;
    (void)state;
    json_t *ids = json_object_get(body, "member_ids");
    if (!row_insert(c->d, "pioneer_posts", post_columns, body, &c->actor, id, err))
        return false;
    if (!json_array_size(ids))
        return true;
    return post_members_set(c->d, *id, ids, err) && api_audit_links(c, "pioneer_post", *id, NULL, json_deep_copy(ids), err);
}

static bool post_update_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                              dj_err *err)
{
    (void)cur;
    post_write *w = state;
    json_t *ids = json_object_get(body, "member_ids");
    bool links = ids && w->before && !json_equal(ids, w->before);
    if (!row_update(c->d, "pioneer_posts", post_columns, *id, version, body, links, "update", &c->actor, err))
        return false;
    if (!links)
        return true;
    return post_members_set(c->d, *id, ids, err) &&
           api_audit_links(c, "pioneer_post", *id, json_deep_copy(w->before), json_deep_copy(ids), err);
}

static void create_post(http_request *req, api_ctx *c)
{
    post_write st = {0};
    api_write w = {.obj = &post_object, .creating = true, .fields = post_fields, .check = post_check,
                   .apply = post_create_apply, .state = &st};
    api_write_run(req, c, &w);
    json_decref(st.before);
}

static void update_post(http_request *req, api_ctx *c)
{
    post_write st = {0};
    api_write w = {.obj = &post_object, .fields = post_fields, .check = post_check, .apply = post_update_apply,
                   .state = &st};
    api_write_run(req, c, &w);
    json_decref(st.before);
}

static void delete_post(http_request *req, api_ctx *c) { api_soft_delete(req, c, &post_object, true, NULL); }

/* ---- Badges ----------------------------------------------------------------------------- */

/* Whether the caller may see the badge of the member {id} of the route: its own file, or a live
 * member of the caller's scope with members.read (with members.write for a change). False after
 * answering 404 (403 when the caller may see it but not change it). */
static bool badge_member(http_request *req, api_ctx *c, int64_t *id, bool writing)
{
    if (!api_param_id(req, 0, id))
        return false;
    dj_err err;
    json_t *m = row_get_e(c->d, "members", *id, &err);
    if (!m && strcmp(err.code, "not_found") != 0) {
        api_fail(req, &err);
        return false;
    }
    bool self = c->actor.member_id && c->actor.member_id == *id;
    bool in_scope = m && !json_str(m, "deleted_at") && !api_can(c, CAP_SCOPE_SELF) &&
                    api_can(c, CAP_MEMBERS_READ) && scope_has_path(c, json_str(m, "org_path"));
    json_decref(m);
    if (!m || (!self && !in_scope)) {
        http_reply_error(req, 404, "not_found", NULL, "党员不存在");
        return false;
    }
    if (writing && !self && !api_can(c, CAP_MEMBERS_WRITE)) {
        http_reply_error(req, 403, "forbidden", NULL, "只有党员本人或所在支部可以开关工作牌");
        return false;
    }
    return true;
}

static json_t *badge_state(api_ctx *c, int64_t id, dj_err *err)
{
    bool found, enabled, photo;
    char token[BADGE_TOKEN_LEN + 8];
    if (!badge_read(c->d, id, &found, token, sizeof token, &enabled, &photo, err))
        return NULL;
    json_t *out = json_pack("{s:I,s:b,s:b}", "member_id", (json_int_t)id, "enabled", enabled, "has_photo", photo);
    if (enabled) {
        char url[80];
        snprintf(url, sizeof url, "/p/badge/%s", token);
        json_object_set_new(out, "url", json_string(url));
    } else {
        json_object_set_new(out, "url", json_null());
    }
    return out;
}

/* Answers the badge's state. */
static void badge_reply(http_request *req, api_ctx *c, int64_t id)
{
    dj_err err;
    json_t *b = badge_state(c, id, &err);
    if (!b) {
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 200, b);
}

static void get_badge(http_request *req, api_ctx *c)
{
    int64_t id;
    if (badge_member(req, c, &id, false))
        badge_reply(req, c, id);
}

static const api_field badge_fields[] = {
    {"enabled", F_BOOL, true, 0, "是否亮牌"},
    {NULL, 0, false, 0, NULL},
};

static void put_badge(http_request *req, api_ctx *c)
{
    int64_t id;
    if (!badge_member(req, c, &id, true))
        return;
    json_t *body = api_body(req);
    if (!body || !fields_check(req, body, badge_fields, true)) {
        json_decref(body);
        return;
    }
    bool want = json_is_true(json_object_get(body, "enabled"));
    json_decref(body);
    dj_err err;
    bool found = false, enabled = false, photo = false;
    char token[BADGE_TOKEN_LEN + 8];
    bool ok = db_begin(c->d, &err) && badge_read(c->d, id, &found, token, sizeof token, &enabled, &photo, &err);
    if (ok && want != enabled) {
        /* Switched on (again): a new token, so that what was printed before no longer opens it. */
        if (want) {
            unsigned char raw[BADGE_TOKEN_LEN / 2];
            randombytes_buf(raw, sizeof raw);
            sodium_bin2hex(token, sizeof token, raw, sizeof raw);
        }
        json_t *before = json_pack("{s:b}", "enabled", enabled), *after = json_pack("{s:b}", "enabled", want);
        ok = badge_write(c->d, id, token, want, &err) &&
             audit_write(c->d, &c->actor, "update", "member_badge", id, before, after, &err);
        json_decref(before);
        json_decref(after);
    }
    ok = ok && db_commit(c->d, &err);
    if (!ok) {
        db_rollback(c->d);
        api_fail(req, &err);
        return;
    }
    badge_reply(req, c, id);
}

/* The badge's address for a QR code: whole when the Host is a plain host name. */
static void badge_full_url(http_request *req, const char *path, char *out, size_t n)
{
    const char *host = http_header(req, "Host");
    bool host_ok = host && *host && strlen(host) < 200 &&
                   strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") == strlen(host);
    snprintf(out, n, "%s%s%s", host_ok ? (api_config_get()->cookie_secure ? "https://" : "http://") : "",
             host_ok ? host : "", path);
}

static void badge_qr(http_request *req, api_ctx *c)
{
    int64_t id;
    if (!badge_member(req, c, &id, false))
        return;
    dj_err err;
    json_t *b = badge_state(c, id, &err);
    if (!b) {
        api_fail(req, &err);
        return;
    }
    if (!json_str(b, "url")) {
        json_decref(b);
        http_reply_error(req, 409, "conflict", "enabled", "工作牌尚未开启，无法生成二维码");
        return;
    }
    char full[512];
    badge_full_url(req, json_str(b, "url"), full, sizeof full);
    json_decref(b);
    size_t len = 0;
    unsigned char *png = qr_png(full, 8, &len);
    if (!png) {
        http_reply_error(req, 500, "internal", NULL, "无法生成二维码");
        return;
    }
    http_reply_bytes(req, 200, "image/png", (char *)png, len);
}

/* JPEG or PNG by the bytes, never the name or Content-Type. */
static const char *photo_type(const unsigned char *p, size_t n)
{
    if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
        return "image/jpeg";
    if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    return NULL;
}

/* The badge's photo: only the member itself or the branch (as for switching it). A photo is
 * kept with the badge (a row is made, switched off, when there is none yet). */
static void put_badge_photo(http_request *req, api_ctx *c)
{
    int64_t id;
    if (!badge_member(req, c, &id, true))
        return;
    const char *type = photo_type((const unsigned char *)req->body, req->body_len);
    if (!type) {
        http_reply_error(req, 415, "unsupported_media_type", NULL,
                         req->body_len ? "照片只能是 JPEG 或 PNG 图片（按文件内容识别）" : "照片内容为空");
        return;
    }
    dj_err err;
    bool found = false, enabled = false, photo = false;
    char token[BADGE_TOKEN_LEN + 8];
    bool ok = db_begin(c->d, &err) && badge_read(c->d, id, &found, token, sizeof token, &enabled, &photo, &err);
    if (ok && !found) {
        unsigned char raw[BADGE_TOKEN_LEN / 2];
        randombytes_buf(raw, sizeof raw);
        sodium_bin2hex(token, sizeof token, raw, sizeof raw);
        ok = badge_write(c->d, id, token, false, &err);
    }
    json_t *after = json_pack("{s:s,s:I}", "photo_type", type, "photo_size", (json_int_t)req->body_len);
    ok = ok && badge_photo_write(c->d, id, req->body, req->body_len, type, &err) &&
         audit_write(c->d, &c->actor, "update", "member_badge", id, NULL, after, &err) && db_commit(c->d, &err);
    json_decref(after);
    if (!ok) {
        db_rollback(c->d);
        api_fail(req, &err);
        return;
    }
    badge_reply(req, c, id);
}

static void delete_badge_photo(http_request *req, api_ctx *c)
{
    int64_t id;
    if (!badge_member(req, c, &id, true))
        return;
    dj_err err;
    json_t *before = json_pack("{s:b}", "photo", 1);
    bool ok = db_begin(c->d, &err) && badge_photo_write(c->d, id, NULL, 0, NULL, &err) &&
              audit_write(c->d, &c->actor, "update", "member_badge", id, before, NULL, &err) && db_commit(c->d, &err);
    json_decref(before);
    if (!ok) {
        db_rollback(c->d);
        api_fail(req, &err);
        return;
    }
    http_reply_bytes(req, 204, NULL, NULL, 0);
}

/* ---- The public badge (no session: every input is hostile) ------------------------------------ */

static void public_not_found(http_request *req)
{
    http_reply_error(req, 404, "not_found", NULL, "工作牌不存在或已关闭");
}

/* The token of the route when it has a token's shape; NULL after the same 404 as an unknown one. */
static const char *public_token(http_request *req)
{
    const char *t = req->nparams > 0 ? req->params[0] : NULL;
    if (!badge_token_valid(t)) {
        public_not_found(req);
        return NULL;
    }
    return t;
}

static void public_badge(http_request *req, api_ctx *c)
{
    (void)c;
    const char *token = public_token(req);
    if (!token)
        return;
    db *d = api_db(req);
    if (!d)
        return;
    dj_err err;
    json_t *b = badge_public_e(d, token, &err);
    if (!b) {
        if (strcmp(err.code, "not_found") == 0)
            public_not_found(req);
        else
            api_fail(req, &err);
        return;
    }
    if (db_json_truthy(json_object_get(b, "has_photo"))) {
        char url[96];
        snprintf(url, sizeof url, "/api/v1/public/badges/%s/photo", token);
        json_object_set_new(b, "photo", json_string(url));
    }
    json_t *out = badge_public_view(b);
    json_decref(b);
    http_reply_json(req, 200, out);
}

static void public_badge_photo(http_request *req, api_ctx *c)
{
    (void)c;
    const char *token = public_token(req);
    if (!token)
        return;
    db *d = api_db(req);
    if (!d)
        return;
    dj_err err;
    size_t len = 0;
    char type[32];
    char *data = badge_photo_e(d, token, &len, type, sizeof type, &err);
    if (!data) {
        if (strcmp(err.code, "not_found") == 0)
            public_not_found(req);
        else
            api_fail(req, &err);
        return;
    }
    /* Only the two types the upload let in (X-Content-Type-Options: nosniff comes with every answer). */
    http_reply_bytes(req, 200, strcmp(type, "image/png") == 0 ? "image/png" : "image/jpeg", data, len);
}

const api_module posts_module = {
    "posts",
    (const api_route[]){
        {"GET", "/api/v1/pioneer-posts/export", export_posts, CAP_POSTS_READ, 0, 0},
        {"GET", "/api/v1/pioneer-posts", list_posts, CAP_POSTS_READ, 0, 0},
        {"POST", "/api/v1/pioneer-posts", create_post, CAP_POSTS_WRITE, 0, 0},
        {"GET", "/api/v1/pioneer-posts/{id}", get_post, CAP_POSTS_READ, 0, 0},
        {"PATCH", "/api/v1/pioneer-posts/{id}", update_post, CAP_POSTS_WRITE, 0, 0},
        {"DELETE", "/api/v1/pioneer-posts/{id}", delete_post, CAP_POSTS_WRITE, 0, 0},
        {"GET", "/api/v1/members/{id}/badge", get_badge, API_SIGNED_IN, 0, API_NO_STORE},
        {"PUT", "/api/v1/members/{id}/badge", put_badge, API_SIGNED_IN, 0, API_NO_STORE},
        {"GET", "/api/v1/members/{id}/badge/qr", badge_qr, API_SIGNED_IN, 0, API_NO_STORE},
        {"PUT", "/api/v1/members/{id}/badge/photo", put_badge_photo, API_SIGNED_IN, BADGE_PHOTO_MAX, API_NO_STORE},
        {"DELETE", "/api/v1/members/{id}/badge/photo", delete_badge_photo, API_SIGNED_IN, 0, API_NO_STORE},
        {"GET", "/api/v1/public/badges/{token}", public_badge, API_PUBLIC, 0, API_NO_STORE},
        {"GET", "/api/v1/public/badges/{token}/photo", public_badge_photo, API_PUBLIC, 0, API_NO_STORE},
        {NULL},
    },
    NULL,
};
