/* auth.c: sessions (login, logout), the caller's own record, enum labels, health. */
#include "api/fields.h"
#include "api/module.h"

#include "core/json.h"
#include "domain/enums.h"
#include "store/users.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static void healthz(http_request *req, api_ctx *c)
{
    (void)c;
    http_reply_json(req, 200, json_pack("{s:s}", "status", "ok"));
}

static json_t *me_json(api_ctx *c, const char *csrf)
{
    json_t *me = user_me(c->d, c->actor.user_id);
    json_object_set_new(me, "role_label", json_string(dj_enum_label(dj_roles, c->actor.role) ?: c->actor.role));
    json_object_set_new(me, "csrf_token", json_string(csrf));
    /* What the UI may offer: it keeps no role lists of its own. */
    const char *caps[64];
    size_t n = role_capabilities(c->actor.role, caps, 64);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(caps[i]));
    json_object_set_new(me, "capabilities", a);
    return me;
}

static void set_cookie(http_request *req, const char *token, int max_age)
{
    const api_config *cfg = api_config_get();
    /* Behind a TLS proxy (nginx, named by --trusted-proxy, sets X-Forwarded-Proto) the cookie is
     * only sent over TLS; the header is believed from that proxy only, as X-Forwarded-For is. */
    const char *proto = req->via_trusted_proxy ? http_header(req, "X-Forwarded-Proto") : NULL;
    bool secure = cfg->cookie_secure || (proto && strcmp(proto, "https") == 0);
    char cookie[256];
    snprintf(cookie, sizeof cookie, "dj_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", token,
             max_age, secure ? "; Secure" : "");
    http_add_header(req, "Set-Cookie", cookie);
}

/* Whether the account is locked for this address, locking it now when its failures from there
 * in a day ("a:NAME|ADDR" = akey) reached lockout_failures: the lock then stays until an
 * administrator lifts it, whatever password comes next. */
static bool locked_for(db *d, const api_config *cfg, const char *user, const char *ip, const char *akey, int64_t now)
{
    if (login_locked(d, user, ip))
        return true;
    if (login_failures(d, akey, now - 86400) < cfg->lockout_failures)
        return false;
    login_lock(d, user, ip, now);
    return true;
}

/* The host name of a URL or Host header value ("https://a.b:8443" or "a.b:8443" → "a.b"), in
 * out; false when there is none. */
static bool host_of(const char *v, bool url, char *out, size_t n)
{
    if (url) {
        const char *p = strstr(v, "://");
        if (!p)
            return false;
        v = p + 3;
    }
    size_t len = 0;
    if (*v == '[') { /* an IPv6 address */
        const char *e = strchr(v, ']');
        if (!e)
            return false;
        len = (size_t)(e - v) + 1;
    } else {
        len = strcspn(v, ":/");
    }
    if (!len || len >= n)
        return false;
    memcpy(out, v, len);
    out[len] = '\0';
    return true;
}

/* A login posted from another site's page (its Origin names another host) is refused: the
 * session cookie is SameSite=Strict, but the throttle and the lockout would still count it. */
static bool origin_ours(http_request *req)
{
    const char *origin = http_header(req, "Origin");
    if (!origin)
        return true; /* not a browser's cross-site request */
    const char *host = http_header(req, "Host");
    char a[256], b[256];
    return host && host_of(origin, true, a, sizeof a) && host_of(host, false, b, sizeof b) && strcasecmp(a, b) == 0;
}

static void session_create_handler(http_request *req, api_ctx *unused)
{
    (void)unused;
    if (!origin_ours(req)) {
        http_reply_error(req, 403, "forbidden", NULL, "不接受来自其他网站的登录请求");
        return;
    }
    db *d = api_db(req);
    if (!d)
        return;
    json_t *body = api_body(req);
    if (!body)
        return;
    const char *user = json_str(body, "username"), *pw = json_str(body, "password");
    if (!user || !*user) {
        http_reply_error(req, 422, "validation", "username", "请输入用户名");
        json_decref(body);
        return;
    }
    if (!pw || !*pw || strlen(pw) > 256 || strlen(user) > 64) {
        http_reply_error(req, 422, "validation", "password", "请输入密码");
        json_decref(body);
        return;
    }
    const api_config *cfg = api_config_get();
    const char *ip = req->client_ip ? req->client_ip : "-";
    /* u: the account's failures from everywhere; a: the account's failures (and attempts while
     * paused) from this address; ip: this address's failures on any account. */
    char ukey[96], akey[160], ikey[96];
    snprintf(ukey, sizeof ukey, "u:%s", user);
    snprintf(akey, sizeof akey, "a:%s|%s", user, ip);
    snprintf(ikey, sizeof ikey, "ip:%s", ip);
    int64_t now = (int64_t)time(NULL);
    /* Too many failures in a day from this address lock the account for this address until an
     * administrator unlocks it, whatever password comes next. Other addresses are not locked:
     * a stranger who knows a user name cannot lock its owner out. */
    if (locked_for(d, cfg, user, ip, akey, now)) {
        http_reply_error(req, 423, "locked", NULL, "账号因多次登录失败已被锁定，请联系管理员解锁");
        json_decref(body);
        return;
    }
    int64_t since = now - cfg->throttle_window_s;
    bool paused = login_failures(d, akey, since) >= cfg->throttle_user_max ||
                  login_failures(d, ikey, since) >= cfg->throttle_ip_max ||
                  login_failures(d, ukey, since) >= cfg->throttle_account_max;
    /* The password is checked even during a pause (the answer is 429 either way, and the work is
     * the same, so it tells nothing): the owner who types the right one while someone on the same
     * address (a hospital's NAT) guessed wrong is not counted towards the lock. */
    json_t *u = user_by_name(d, user);
    const char *hash = u ? json_str(u, "password_hash") : NULL;
    bool disabled = u && json_integer_value(json_object_get(u, "disabled")) != 0;
    bool ok = password_verify(hash, pw) && !disabled;
    if (paused) {
        /* A wrong password while paused counts toward this address's lockout of the account:
         * whoever keeps guessing during the pause is locked out until an administrator unlocks it. */
        if (!ok) {
            login_failure_add(d, akey, now);
            locked_for(d, cfg, user, ip, akey, now);
        }
        char ra[16];
        snprintf(ra, sizeof ra, "%d", cfg->throttle_window_s);
        http_add_header(req, "Retry-After", ra);
        http_reply_error(req, 429, "too_many_requests", NULL, "登录失败次数过多，请稍后再试");
        json_decref(u);
        json_decref(body);
        return;
    }
    if (!ok) {
        login_failure_add(d, ukey, now);
        login_failure_add(d, akey, now);
        login_failure_add(d, ikey, now);
        locked_for(d, cfg, user, ip, akey, now);
        http_reply_error(req, 401, "unauthorized", NULL, "用户名或密码错误");
        json_decref(u);
        json_decref(body);
        return;
    }
    login_failures_clear(d, akey);
    char token[64], csrf[64];
    dj_err err;
    int64_t uid = json_integer_value(json_object_get(u, "id"));
    /* A new session id at every login: a token planted before login is never promoted. */
    session_delete(d, http_cookie(req, "dj_session"));
    if (!session_create(d, uid, cfg->session_hours, token, csrf, &err)) {
        api_fail(req, &err);
        json_decref(u);
        json_decref(body);
        return;
    }
    session_info live;
    if (!session_lookup(d, token, &live)) {
        /* The account hangs on a deleted member record or organisation: it does not work. */
        session_delete(d, token);
        http_reply_error(req, 401, "unauthorized", NULL, "账号关联的党员档案或组织已删除，请联系管理员");
        sodium_memzero(token, sizeof token);
        json_decref(u);
        json_decref(body);
        return;
    }
    set_cookie(req, token, cfg->session_hours * 3600);
    api_ctx c = {.d = d};
    c.actor.user_id = uid;
    c.actor.role = json_str(u, "role");
    http_reply_json(req, 200, json_pack("{s:s,s:o}", "csrf_token", csrf, "user", me_json(&c, csrf)));
    sodium_memzero(token, sizeof token);
    json_decref(u);
    json_decref(body);
}

static void session_delete_handler(http_request *req, api_ctx *c)
{
    session_delete(c->d, http_cookie(req, "dj_session"));
    set_cookie(req, "", 0);
    http_reply_bytes(req, 204, NULL, NULL, 0);
}

static void me(http_request *req, api_ctx *c)
{
    http_reply_json(req, 200, me_json(c, c->csrf));
}

static json_t *enum_json(const dj_enum *t)
{
    json_t *a = json_array();
    for (; t->name; t++)
        json_array_append_new(a, json_pack("{s:s,s:s}", "value", t->name, "label", t->label));
    return a;
}

static void meta(http_request *req, api_ctx *c)
{
    (void)c;
    json_t *m = json_object();
    json_object_set_new(m, "org_types", enum_json(dj_org_types));
    json_object_set_new(m, "member_statuses", enum_json(dj_member_statuses));
    json_object_set_new(m, "member_categories", enum_json(dj_member_categories));
    json_object_set_new(m, "roles", enum_json(dj_roles));
    json_object_set_new(m, "institution_kinds", enum_json(dj_institution_kinds));
    json_object_set_new(m, "ownerships", enum_json(dj_ownerships));
    json_object_set_new(m, "genders", enum_json(dj_genders));
    json_object_set_new(m, "educations", enum_json(dj_educations));
    http_reply_json(req, 200, m);
}

/* 修改密码: one's own password, for every role: the old one first (a session left open on a
 * shared computer must not be enough to take the account), then the password rules. */
static void own_password(http_request *req, api_ctx *c)
{
    static const api_field fields[] = {{"old_password", F_STR, true, 256}, {"new_password", F_STR, true, 256}, {NULL}};
    json_t *body = api_body(req);
    if (!body || !fields_check(req, body, fields, true)) {
        json_decref(body);
        return;
    }
    json_t *u = user_by_name(c->d, c->actor.username);
    dj_err err;
    if (!u || !password_verify(json_str(u, "password_hash"), json_str(body, "old_password"))) {
        http_reply_error(req, 422, "validation", "old_password", "原密码不正确");
    } else if (!password_acceptable(json_str(body, "new_password"), c->actor.username, &err)) {
        char msg[sizeof err.message];
        snprintf(msg, sizeof msg, "%s", err.message);
        dj_err_set(&err, "validation", "new_password", "%s", msg);
        api_fail(req, &err);
    } else if (db_begin(c->d, &err) &&
               user_password_set(c->d, c->actor.user_id, -1, c->actor.username, json_str(body, "new_password"), NULL,
                                 "passwd", &c->actor, &err) &&
               db_commit(c->d, &err)) {
        /* Every session of the account ended, this one too: sign in with the new password. */
        set_cookie(req, "", 0);
        http_reply_bytes(req, 204, NULL, NULL, 0);
    } else {
        db_rollback(c->d);
        api_fail(req, &err);
    }
    json_decref(u);
    json_decref(body);
}

extern const unsigned char dj_openapi_json[];
extern const unsigned long dj_openapi_json_len;

/* The OpenAPI document, assembled from the modules' parts at build time. */
static void openapi(http_request *req, api_ctx *c)
{
    (void)c;
    http_reply_static(req, 200, "application/json; charset=utf-8", dj_openapi_json, dj_openapi_json_len);
}

const api_module session_module = {
    "session",
    (const api_route[]){
        {"GET", "/healthz", healthz, API_PUBLIC, 0, 0},
        {"GET", "/api/v1/openapi.json", openapi, API_PUBLIC, 0, 0},
        {"POST", "/api/v1/session", session_create_handler, API_PUBLIC, 0, 0},
        {"DELETE", "/api/v1/session", session_delete_handler, API_SIGNED_IN, 0, 0},
        {"GET", "/api/v1/me", me, API_SIGNED_IN, 0, API_NO_STORE},
        {"POST", "/api/v1/me/password", own_password, API_SIGNED_IN, 0, API_NO_STORE},
        {"GET", "/api/v1/meta", meta, API_SIGNED_IN, 0, 0},
        {NULL},
    },
};
