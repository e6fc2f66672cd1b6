#include "harness.h"

#include "cli/cli.h"
#include "store/schema.h"
#include "store/users.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static db *g_db;
static char g_cookie[64], g_csrf[64];
static const dj_actor g_admin = {.user_id = 1, .username = "admin", .role = "admin", .scope_path = "/"};

void harness_init(void)
{
    if (g_db)
        return;
    static char path[64];
    snprintf(path, sizeof path, "/tmp/dj-fuzz-%d.db", (int)getpid());
    unlink(path);
    dj_err err;
    g_db = db_open(path, &err);
    if (!g_db || !schema_migrate(g_db, &err)) {
        fprintf(stderr, "fuzz: %s\n", err.message);
        abort();
    }
    /* The demo prints its logins; keep the fuzzer's output clean. */
    FILE *saved = stdout;
    stdout = fopen("/dev/null", "w");
    bool ok = demo_load(g_db, 200, &err);
    fclose(stdout);
    stdout = saved;
    if (!ok || !session_create(g_db, 1, 8, g_cookie, g_csrf, &err)) {
        fprintf(stderr, "fuzz: %s\n", err.message);
        abort();
    }
    api_config cfg = *api_config_get();
    cfg.db_url = path;
    cfg.throttle_ip_max = 1000000;
    cfg.throttle_user_max = 1000000;
    api_configure(&cfg);
}

db *harness_db(void) { return g_db; }
void harness_session(const char **cookie, const char **csrf)
{
    *cookie = g_cookie;
    *csrf = g_csrf;
}
const dj_actor *harness_admin(void) { return &g_admin; }

int harness_request(const char *method, const char *path_and_query, const char *body, size_t len)
{
    arena a = {0};
    http_request req = {0};
    req.a = &a;
    req.method = method;
    const char *q = strchr(path_and_query, '?');
    req.path = q ? arena_strndup(&a, path_and_query, (size_t)(q - path_and_query)) : path_and_query;
    /* The query string, split and percent-decoded as libmicrohttpd does. */
    const char *pairs[34] = {0};
    int np = 0;
    if (q) {
        char *qs = arena_strdup(&a, q + 1), *save = NULL;
        for (char *kv = strtok_r(qs, "&", &save); kv && np < 32; kv = strtok_r(NULL, "&", &save)) {
            char *eq = strchr(kv, '=');
            if (eq)
                *eq = '\0';
            MHD_http_unescape(kv);
            pairs[np++] = kv;
            char *v = eq ? eq + 1 : arena_strdup(&a, "");
            MHD_http_unescape(v);
            pairs[np++] = v;
        }
    }
    const char *headers[] = {"X-CSRF-Token", g_csrf, "Content-Type", "application/json", NULL};
    const char *cookies[] = {"dj_session", g_cookie, NULL};
    req.fake_query = pairs;
    req.fake_headers = headers;
    req.fake_cookies = cookies;
    req.body = malloc(len + 1);
    memcpy(req.body, body, len);
    req.body[len] = '\0';
    req.body_len = len;
    req.client_ip = "127.0.0.1";
    int status = 404;
    for (const http_route *r = api_http_routes(); r->method; r++) {
        int n = 0;
        if (strcmp(r->method, method) == 0 && http_route_match(r->pattern, req.path, &a, req.params, &n)) {
            req.nparams = n;
            req.route = r;
            r->handler(&req);
            status = req.res.status;
            break;
        }
    }
    if (req.res.has_file)
        close(req.res.file_fd);
    if (!req.res.body_static)
        free(req.res.body);
    free(req.body);
    arena_free(&a);
    return status;
}
