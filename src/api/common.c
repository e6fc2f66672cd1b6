/* common.c: the request context, authentication, body parsing, errors, paging and scope. */
#include "api/api.h"
#include "api/module.h"

#include "core/arena.h"
#include "core/json.h"
#include "store/orgs.h"
#include "store/users.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static api_config g_cfg = {.session_hours = 8, .throttle_user_max = 5, .throttle_ip_max = 30, .throttle_window_s = 900,
                             .lockout_failures = 10, .throttle_account_max = 50};

void api_configure(const api_config *cfg) { g_cfg = *cfg; }
const api_config *api_config_get(void) { return &g_cfg; }

/* One database connection (SQLite or PostgreSQL) per pool thread, closed when the thread ends. */
static pthread_key_t db_key;
static pthread_once_t db_once = PTHREAD_ONCE_INIT;
static void db_key_free(void *p) { db_close(p); }
static void db_key_make(void) { pthread_key_create(&db_key, db_key_free); }

db *api_db(http_request *req)
{
    pthread_once(&db_once, db_key_make);
    db *d = pthread_getspecific(db_key);
    if (!d) {
        dj_err err;
        d = db_open(g_cfg.db_url, &err);
        if (!d) {
            http_reply_error(req, 503, "unavailable", NULL, "数据库不可用");
            return NULL;
        }
        pthread_setspecific(db_key, d);
    }
    return d;
}

static bool in_list(const char *list, const char *item, size_t n)
{
    while (list && *list) {
        const char *end = strchr(list, ',');
        size_t len = end ? (size_t)(end - list) : strlen(list);
        if (len == n && strncmp(list, item, n) == 0)
            return true;
        list = end ? end + 1 : NULL;
    }
    return false;
}

/* Behind nginx every request comes from the proxy's address: the client's is the right-most
 * entry of X-Forwarded-For that is not itself a trusted proxy (entries further left are what
 * the client claimed and are not believed). */
static void client_ip_from_proxy(http_request *req)
{
    const char *trusted = api_config_get()->trusted_proxies;
    if (!trusted || !req->client_ip || !in_list(trusted, req->client_ip, strlen(req->client_ip)))
        return;
    req->via_trusted_proxy = true;
    const char *xff = http_header(req, "X-Forwarded-For");
    if (!xff)
        return;
    const char *end = xff + strlen(xff);
    while (end > xff) {
        const char *start = end;
        while (start > xff && start[-1] != ',')
            start--;
        const char *a = start, *b = end;
        while (a < b && (*a == ' ' || *a == '\t'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        size_t n = (size_t)(b - a);
        if (!http_ip_valid(a, n))
            return; /* not an address: keep the proxy's */
        if (!in_list(trusted, a, n)) {
            req->client_ip = arena_strndup(req->a, a, n);
            return;
        }
        end = start > xff ? start - 1 : xff;
    }
}

void api_before(http_request *req)
{
    client_ip_from_proxy(req);
    http_add_header(req, "X-Content-Type-Options", "nosniff");
    http_add_header(req, "Referrer-Policy", "same-origin");
    http_add_header(req, "Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
                    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
    http_add_header(req, "X-Frame-Options", "DENY");
}

json_t *api_body(http_request *req)
{
    const char *ct = http_header(req, "Content-Type");
    /* Media types are case-insensitive (RFC 9110); parameters (charset) may follow. A body
     * without its type is refused too: a form or a plain-text POST from another site must not
     * pass for JSON. */
    if (!ct || (strncasecmp(ct, "application/json", 16) != 0 || (ct[16] && ct[16] != ';' && ct[16] != ' '))) {
        http_reply_error(req, 415, "unsupported_media_type", NULL, "请求体须为 application/json");
        return NULL;
    }
    json_error_t je;
    /* jansson rejects invalid UTF-8 and bounds the nesting depth (2048); we allow far less. */
    json_t *v = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!v) {
        char msg[256];
        snprintf(msg, sizeof msg, "JSON 格式错误: %s (第 %d 行)", je.text, je.line);
        http_reply_error(req, 400, "invalid_json", NULL, msg);
        return NULL;
    }
    if (!json_is_object(v)) {
        json_decref(v);
        http_reply_error(req, 400, "invalid_json", NULL, "请求体须为 JSON 对象");
        return NULL;
    }
    if (json_depth(v) > 8) {
        json_decref(v);
        http_reply_error(req, 400, "invalid_json", NULL, "JSON 嵌套过深");
        return NULL;
    }
    return v;
}

static int status_of(const char *code)
{
    static const struct { const char *code; int status; } map[] = {
        {"bad_request", 400}, {"invalid_json", 400}, {"unauthorized", 401}, {"forbidden", 403},
        {"csrf", 403}, {"not_found", 404}, {"conflict", 409}, {"payload_too_large", 413},
        {"validation", 422}, {"import_invalid", 422}, {"locked", 423}, {"too_many_requests", 429},
        {"unavailable", 503},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].code, code) == 0)
            return map[i].status;
    return 500;
}

void api_fail(http_request *req, const dj_err *err)
{
    int status = status_of(err->code);
    if (status == 500) {
        /* The cause goes to the server's log; the caller gets no internals. */
        fprintf(stderr, "dangjian: internal error on %s %s: %s\n", req->method, req->path, err->message);
        http_reply_error(req, 500, "internal", NULL, "服务器内部错误");
        return;
    }
    http_reply_error(req, status, err->code, err->field, err->message);
}

static bool parse_positive(const char *s, int64_t *out)
{
    if (!s || !*s || strlen(s) > 18)
        return false;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    long long v = strtoll(s, NULL, 10);
    if (v <= 0)
        return false;
    *out = v;
    return true;
}

bool api_param_id(http_request *req, int idx, int64_t *id)
{
    if (idx >= req->nparams || !parse_positive(req->params[idx], id)) {
        http_reply_error(req, 404, "not_found", NULL, "记录不存在");
        return false;
    }
    return true;
}

bool api_query_id(http_request *req, const char *name, int64_t *out)
{
    const char *v = http_query(req, name);
    *out = 0;
    if (!v || !*v)
        return true;
    if (!parse_positive(v, out)) {
        http_reply_error(req, 400, "bad_request", name, "参数须为正整数");
        return false;
    }
    return true;
}

bool api_query_bool(http_request *req, const char *name, bool *out)
{
    const char *v = http_query(req, name);
    *out = false;
    if (!v || !*v) /* "?dry_run=" as a form leaves it: absent */
        return true;
    if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0) {
        *out = true;
        return true;
    }
    if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
        return true;
    char msg[96];
    snprintf(msg, sizeof msg, "参数 %s 须为 1、0、true 或 false", name);
    http_reply_error(req, 400, "bad_request", name, msg);
    return false;
}

bool api_paging(http_request *req, int64_t *limit, int64_t *offset)
{
    *limit = 20;
    *offset = 0;
    const char *l = http_query(req, "limit"), *o = http_query(req, "offset");
    if (l && (!parse_positive(l, limit) || *limit > 200)) {
        http_reply_error(req, 400, "bad_request", "limit", "limit 须为 1 到 200 的整数");
        return false;
    }
    if (o && strcmp(o, "0") != 0 && (!parse_positive(o, offset) || *offset > 100000000)) {
        http_reply_error(req, 400, "bad_request", "offset", "offset 须为非负整数");
        return false;
    }
    return true;
}

json_t *api_list(json_t *items, int64_t total, int64_t limit, int64_t offset)
{
    json_t *next = offset + limit < total ? json_integer(offset + limit) : json_null();
    return json_pack("{s:o,s:I,s:o}", "items", items, "total", (json_int_t)total, "next", next);
}

bool scope_has_path(const api_ctx *c, const char *path)
{
    if (api_can(c, CAP_SCOPE_SELF))
        return false; /* a member's account reaches its own file only */
    return store_path_in(path, c->actor.scope_path);
}

const char *scope_org_path(http_request *req, api_ctx *c, int64_t org_id, const char *field)
{
    char buf[300];
    dj_err err = {0};
    const char *path = org_live_path_e(c->d, org_id, buf, sizeof buf, &err) ? arena_strdup(req->a, buf) : NULL;
    if (!path && err.code[0] && strcmp(err.code, "not_found") != 0) {
        api_fail(req, &err); /* a failed read is no "not found" */
        return NULL;
    }
    if (!path || !scope_has_path(c, path)) {
        if (field)
            http_reply_error(req, 422, "validation", field, "组织不存在或不在您的管理范围内");
        else
            http_reply_error(req, 404, "not_found", NULL, "组织不存在");
        return NULL;
    }
    return path;
}

bool api_audit_links(api_ctx *c, const char *type, int64_t id, json_t *before, json_t *after, dj_err *err)
{
    bool ok = (before && json_equal(before, after)) ||
              audit_write(c->d, &c->actor, before ? "update_links" : "create_links", type, id, before, after, err);
    json_decref(after);
    return ok;
}
