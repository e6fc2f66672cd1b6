/* dispatch.c: the one place where a request meets its route's access: session, CSRF on writes,
 * capability; then the handler. */
#include "api/module.h"

#include "core/arena.h"
#include "store/users.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool access_valid(const char *access)
{
    return access && (strcmp(access, API_PUBLIC) == 0 || strcmp(access, API_SIGNED_IN) == 0 || cap_known(access));
}

static void api_dispatch(http_request *req);

http_route *api_routes_build(const api_module *const *mods, dj_err *err)
{
    size_t n = 0;
    for (const api_module *const *m = mods; *m; m++)
        for (const api_route *r = (*m)->routes; r->method; r++)
            n++;
    http_route *out = xcalloc(n + 1, sizeof *out);
    size_t i = 0;
    for (const api_module *const *m = mods; *m; m++) {
        for (const api_route *r = (*m)->routes; r->method; r++) {
            const char *why = !r->pattern ? "no pattern" : !r->handler ? "no handler"
                            : !r->access ? "no declared access"
                            : !access_valid(r->access) ? "an access that is neither public, signed_in nor a known capability"
                            : NULL;
            for (size_t j = 0; !why && j < i; j++)
                if (strcmp(out[j].method, r->method) == 0 && strcmp(out[j].pattern, r->pattern) == 0)
                    why = "a method and pattern registered twice";
            if (why) {
                dj_err_set(err, "internal", "", "module %s: route %s %s has %s", (*m)->name, r->method,
                           r->pattern ? r->pattern : "(null)", why);
                free(out);
                return NULL;
            }
            out[i++] = (http_route){r->method, r->pattern, api_dispatch, r->max_body, r};
        }
    }
    return out;
}

static http_route *g_routes;
static pthread_once_t routes_once = PTHREAD_ONCE_INIT;

static void routes_make(void)
{
    dj_err err;
    g_routes = api_routes_build(api_modules, &err);
    if (!g_routes) {
        fprintf(stderr, "dangjian: %s\n", err.message);
        abort();
    }
}

const http_route *api_http_routes(void)
{
    pthread_once(&routes_once, routes_make);
    return g_routes;
}

const api_route *api_current_route(const http_request *req)
{
    return req->route && req->route->handler == api_dispatch ? req->route->data : NULL;
}

bool api_can(const api_ctx *c, const char *cap) { return c && role_can(c->actor.role, cap); }

static bool is_write_method(const char *m)
{
    return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0 && strcmp(m, "OPTIONS") != 0;
}

/* The caller of a live session, or NULL after replying 401 (or 403 on a write without the
 * session's CSRF token). */
static api_ctx *authenticate(http_request *req)
{
    db *d = api_db(req);
    if (!d)
        return NULL;
    session_info si;
    bool found = false;
    dj_err err;
    if (!session_lookup_e(d, http_cookie(req, "dj_session"), &si, &found, &err)) {
        api_fail(req, &err);
        return NULL;
    }
    if (!found) {
        http_reply_error(req, 401, "unauthorized", NULL, "请先登录");
        return NULL;
    }
    if (is_write_method(req->method)) {
        const char *t = http_header(req, "X-CSRF-Token");
        size_t n = strlen(si.csrf);
        if (!t || strlen(t) != n || sodium_memcmp(t, si.csrf, n) != 0) {
            http_reply_error(req, 403, "csrf", NULL, "缺少或错误的 CSRF 令牌");
            return NULL;
        }
    }
    api_ctx *c = arena_alloc(req->a, sizeof *c);
    memset(c, 0, sizeof *c);
    c->d = d;
    c->authed = true;
    c->actor.user_id = si.user_id;
    c->actor.username = arena_strdup(req->a, si.username);
    c->actor.role = arena_strdup(req->a, si.role);
    c->actor.org_id = si.org_id;
    c->actor.member_id = si.member_id;
    if (role_can(si.role, CAP_SCOPE_ALL))
        c->actor.scope_path = "/";
    else
        c->actor.scope_path = si.org_path[0] ? arena_strdup(req->a, si.org_path) : NULL;
    if (role_can(si.role, CAP_SCOPE_SELF)) {
        /* A member's account reaches its own file and the organisation the file is in now (after
         * a transfer, the new one), never the organisation the account was created with. */
        c->actor.org_id = si.member_org_id;
        c->actor.scope_path = si.member_org_path[0] ? arena_strdup(req->a, si.member_org_path) : NULL;
    }
    snprintf(c->csrf, sizeof c->csrf, "%s", si.csrf);
    req->ctx = c;
    req->log_user = arena_printf(req->a, "%lld", (long long)si.user_id);
    return c;
}

static void api_dispatch(http_request *req)
{
    const api_route *r = api_current_route(req);
    if (!r) {
        http_reply_error(req, 500, "internal", NULL, "服务器内部错误");
        return;
    }
    if (r->flags & API_NO_STORE)
        http_add_header(req, "Cache-Control", "no-store");
    if (strcmp(r->access, API_PUBLIC) == 0) {
        r->handler(req, NULL);
        return;
    }
    api_ctx *c = authenticate(req);
    if (!c)
        return;
    if (strcmp(r->access, API_SIGNED_IN) != 0 && !role_can(c->actor.role, r->access)) {
        http_reply_error(req, 403, "forbidden", NULL, "您的角色无权执行此操作");
        return;
    }
    r->handler(req, c);
}
