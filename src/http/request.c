/* request.c: request accessors, responses and route matching. */
#include "http/http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

static const char *fake_lookup(const char *const *pairs, const char *name, bool fold)
{
    for (; pairs && pairs[0]; pairs += 2)
        if (fold ? strcasecmp(pairs[0], name) == 0 : strcmp(pairs[0], name) == 0)
            return pairs[1];
    return NULL;
}

const char *http_query(http_request *req, const char *name)
{
    if (!req->conn)
        return fake_lookup(req->fake_query, name, false);
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_header(http_request *req, const char *name)
{
    if (!req->conn)
        return fake_lookup(req->fake_headers, name, true);
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(http_request *req, const char *name)
{
    if (!req->conn)
        return fake_lookup(req->fake_cookies, name, false);
    return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

static void reset_body(http_request *req)
{
    if (req->res.has_file)
        close(req->res.file_fd);
    req->res.has_file = false;
    if (!req->res.body_static)
        free(req->res.body);
    req->res.body = NULL;
    req->res.len = 0;
    req->res.body_static = false;
}

void http_reply_bytes(http_request *req, int status, const char *content_type, char *data, size_t len)
{
    reset_body(req);
    req->res.status = status;
    req->res.content_type = content_type;
    req->res.body = data;
    req->res.len = len;
}

void http_reply_file(http_request *req, int status, const char *content_type, int fd, size_t len)
{
    reset_body(req);
    req->res.status = status;
    req->res.content_type = content_type;
    req->res.len = len;
    req->res.has_file = true;
    req->res.file_fd = fd;
}

void http_reply_static(http_request *req, int status, const char *content_type, const void *data, size_t len)
{
    reset_body(req);
    req->res.status = status;
    req->res.content_type = content_type;
    req->res.body = (char *)data;
    req->res.len = len;
    req->res.body_static = true;
}

void http_reply_json(http_request *req, int status, json_t *body)
{
    /* 15 significant digits: coordinates read back as written (23.05, not 23.050000000000001). */
    char *text = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(body);
    if (!text) {
        http_reply_error(req, 500, "internal", NULL, "无法生成响应");
        return;
    }
    http_reply_bytes(req, status, "application/json; charset=utf-8", text, strlen(text));
}

void http_reply_error(http_request *req, int status, const char *code, const char *field, const char *message)
{
    json_t *err = json_pack("{s:s,s:s,s:s?}", "code", code, "message", message ? message : "", "field",
                            field && *field ? field : NULL);
    http_reply_json(req, status, json_pack("{s:o}", "error", err));
}

void http_add_header(http_request *req, const char *name, const char *value)
{
    if (req->res.nheaders >= HTTP_MAX_HEADERS)
        return;
    req->res.headers[req->res.nheaders][0] = name;
    req->res.headers[req->res.nheaders][1] = arena_strdup(req->a, value);
    req->res.nheaders++;
}

bool http_target_has_nul(const char *raw_target)
{
    for (const char *p = raw_target; p && (p = strchr(p, '%')) != NULL; p++)
        if (p[1] == '0' && p[2] == '0')
            return true;
    return false;
}

bool http_route_match(const char *pattern, const char *path, arena *a, const char **params, int *nparams)
{
    *nparams = 0;
    const char *p = pattern, *u = path;
    while (*p && *u) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (!close)
                return false;
            const char *end = u;
            while (*end && *end != '/')
                end++;
            if (end == u || *nparams >= HTTP_MAX_PARAMS)
                return false;
            params[(*nparams)++] = arena_strndup(a, u, (size_t)(end - u));
            p = close + 1;
            u = end;
        } else {
            if (*p != *u)
                return false;
            p++;
            u++;
        }
    }
    return *p == '\0' && *u == '\0';
}

bool http_ip_valid(const char *s, size_t n)
{
    char ip[INET6_ADDRSTRLEN];
    unsigned char bin[sizeof(struct in6_addr)];
    if (n == 0 || n >= sizeof ip)
        return false;
    memcpy(ip, s, n);
    ip[n] = '\0';
    return inet_pton(AF_INET, ip, bin) == 1 || inet_pton(AF_INET6, ip, bin) == 1;
}
