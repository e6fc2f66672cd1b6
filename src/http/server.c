/* server.c: libmicrohttpd with an epoll thread pool. The access handler returns MHD_YES on its
 * first call and queues the response on a later one, which keeps connections alive. */
#include "http/http.h"

#include "core/arena.h"
#include "core/text.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct http_server {
    struct MHD_Daemon *daemon;
    http_config cfg;
    unsigned idle_timeout_s;
    unsigned body_timeout_s;
    atomic_int in_flight;
};

typedef struct conn_state {
    http_request req;
    arena a;
    bool too_large;
    int too_big_head; /* 414 or 431 when the request line or the headers are over our limits */
    bool bad_query;   /* a query-string name or value that is not UTF-8 once decoded: 400 */
    bool no_host;     /* an HTTP/1.1 request without Host: 400 */
    bool nul_in_target; /* "%00" in the raw path or query (http_target_has_nul): 400 */
    bool started;     /* the access handler has seen the request's headers */
    size_t limit;
    const http_route *route;
    const char *allow; /* for a 405: the methods the path answers to, "GET, HEAD, PATCH" */
    struct timespec start;
} conn_state;

/* Our limits on what precedes the body: below the connection's memory limit, so that a request
 * over them still gets a JSON answer with the security headers. (Beyond MHD's memory limit,
 * MHD itself answers 414/431 with its own page: it holds the request in that memory.) */
enum { URI_MAX = 8 * 1024, HEADERS_MAX = 32 * 1024, CONN_MEMORY = 128 * 1024 };

/* Query arguments are text: a name or value that is not UTF-8 after %-decoding is refused once,
 * here, rather than reaching a handler (a search for %FF would otherwise quietly match nothing). */
static enum MHD_Result arg_utf8(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    if (utf8_valid(key, strlen(key)) && (!value || utf8_valid(value, strlen(value))))
        return MHD_YES;
    *(bool *)cls = true;
    return MHD_NO;
}

static enum MHD_Result add_len(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    *(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4;
    return MHD_YES;
}

/* Whether route method rm answers a request with method m: a HEAD is answered as a GET (MHD
 * then sends the headers, Content-Length included, without the body). */
static bool method_matches(const char *rm, const char *m)
{
    return strcmp(rm, m) == 0 || (strcmp(m, "HEAD") == 0 && strcmp(rm, "GET") == 0);
}

/* Appends method to the comma-separated list in b (capacity n) unless it is there already. */
static void allow_add(char *b, size_t n, const char *method)
{
    size_t len = strlen(method);
    for (const char *p = b; *p;) {
        const char *end = strchr(p, ',');
        size_t l = end ? (size_t)(end - p) : strlen(p);
        if (l == len && strncmp(p, method, len) == 0)
            return;
        p = end ? end + 2 : p + l;
    }
    size_t used = strlen(b);
    snprintf(b + used, n - used, "%s%s", used ? ", " : "", method);
}

/* The route for method and path; NULL if none. When none matches but the path matches routes of
 * other methods, *allow is set to the list of those methods (for the 405's Allow header, HEAD
 * included wherever GET is); otherwise to NULL. */
static const http_route *find_route(const http_config *cfg, const char *method, const char *path,
                                    arena *a, const char **params, int *nparams, const char **allow)
{
    *allow = NULL;
    char methods[128] = "";
    bool known = false;
    for (const http_route *r = cfg->routes; r && r->method; r++) {
        int n = 0;
        if (!http_route_match(r->pattern, path, a, params, &n))
            continue;
        if (method_matches(r->method, method)) {
            *nparams = n;
            return r;
        }
        known = true;
        allow_add(methods, sizeof methods, r->method);
        if (strcmp(r->method, "GET") == 0)
            allow_add(methods, sizeof methods, "HEAD");
    }
    if (known)
        *allow = arena_strdup(a, methods);
    return NULL;
}

static void log_access(conn_state *cs)
{
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    double ms = (double)(end.tv_sec - cs->start.tv_sec) * 1e3 + (double)(end.tv_nsec - cs->start.tv_nsec) / 1e6;
    char when[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    /* Path only (no query string: it may hold a search for a name or an ID number). */
    fprintf(stdout, "%s %s %s %s %d %zu %.1fms user=%s\n", when, cs->req.client_ip ? cs->req.client_ip : "-",
            cs->req.method, cs->req.path, cs->req.res.status, cs->req.res.len, ms,
            cs->req.log_user ? cs->req.log_user : "-");
    fflush(stdout);
}

static enum MHD_Result queue(struct MHD_Connection *conn, conn_state *cs)
{
    http_response *res = &cs->req.res;
    if (!res->status)
        http_reply_error(&cs->req, 500, "internal", NULL, "服务器内部错误");
    struct MHD_Response *r;
    if (res->has_file) {
        r = MHD_create_response_from_fd(res->len, res->file_fd); /* MHD closes it */
        res->has_file = false;
    } else if (res->body_static)
        r = MHD_create_response_from_buffer(res->len, (void *)res->body, MHD_RESPMEM_PERSISTENT);
    else
        r = MHD_create_response_from_buffer(res->len, res->body, MHD_RESPMEM_MUST_FREE);
    res->body_static = true; /* owned by MHD now */
    if (res->content_type)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
    for (int i = 0; i < res->nheaders; i++)
        MHD_add_response_header(r, res->headers[i][0], res->headers[i][1]);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)res->status, r);
    MHD_destroy_response(r);
    return ret;
}

/* A request's state, made as soon as its request line is read: MHD hands this callback the
 * target as sent, before %-decoding, the one place a %00 can still be seen. Its return value is
 * the access handler's *con_cls, and MHD calls on_completed for it in every case. */
static void *on_request_line(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)conn;
    http_server *srv = cls;
    conn_state *cs = xcalloc(1, sizeof *cs);
    clock_gettime(CLOCK_MONOTONIC, &cs->start);
    atomic_fetch_add(&srv->in_flight, 1);
    cs->nul_in_target = http_target_has_nul(uri);
    return cs;
}

/* Whole seconds since the request began. */
static double elapsed_s(const conn_state *cs)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - cs->start.tv_sec) + (double)(now.tv_nsec - cs->start.tv_nsec) / 1e9;
}

/* Lowers the connection's idle timeout to what is left of the body's time, so that a body that
 * stops arriving is dropped at the deadline and not an idle period later. */
static void limit_idle_to_deadline(http_server *srv, struct MHD_Connection *conn, conn_state *cs)
{
    double left = (double)srv->body_timeout_s - elapsed_s(cs);
    unsigned t = left < 1.0 ? 1u : (unsigned)left + 1u;
    if (t > srv->idle_timeout_s)
        t = srv->idle_timeout_s;
    MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT, t);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    http_server *srv = cls;
    conn_state *cs = *con_cls;
    if (!cs) /* not expected: on_request_line makes it */
        *con_cls = cs = on_request_line(srv, url, conn);
    if (!cs->started) {
        cs->started = true;
        http_request *req = &cs->req;
        req->a = &cs->a;
        req->conn = conn;
        req->method = arena_strdup(&cs->a, method);
        req->path = arena_strdup(&cs->a, url);
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        if (ci && ci->client_addr) {
            char ip[INET6_ADDRSTRLEN] = "";
            const struct sockaddr *sa = ci->client_addr;
            if (sa->sa_family == AF_INET)
                inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, ip, sizeof ip);
            else if (sa->sa_family == AF_INET6)
                inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, ip, sizeof ip);
            req->client_ip = arena_strdup(&cs->a, ip);
        }
        size_t uri = strlen(url), head = 0;
        MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_len, &uri);
        MHD_get_connection_values(conn, MHD_HEADER_KIND, add_len, &head);
        if (uri > URI_MAX || head > HEADERS_MAX) {
            cs->too_big_head = uri > URI_MAX ? 414 : 431;
            cs->too_large = true; /* and the body, if any, is not kept */
            return MHD_YES;
        }
        MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, arg_utf8, &cs->bad_query);
        /* HTTP/1.1 requires Host (RFC 9112 §3.2): a request without one is malformed. */
        if (strcmp(version, MHD_HTTP_VERSION_1_1) == 0 && !MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST))
            cs->no_host = true;
        cs->route = find_route(&srv->cfg, method, url, &cs->a, req->params, &req->nparams, &cs->allow);
        cs->limit = cs->route && cs->route->max_body ? cs->route->max_body : srv->cfg.max_body;
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > cs->limit)
            cs->too_large = true;
        const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
        if ((cl && strtoull(cl, NULL, 10) > 0) || te)
            limit_idle_to_deadline(srv, conn, cs);
        return MHD_YES;
    }
    if (*upload_size && elapsed_s(cs) > (double)srv->body_timeout_s) {
        /* Bytes keep coming, but too slowly (or without end): drop the request and its
         * connection rather than hold a connection and a pool slot for ever. */
        cs->req.res.status = 408; /* for the access log; nothing is sent */
        return MHD_NO;
    }
    if (*upload_size) {
        if (!cs->too_large) {
            if (cs->req.body_len + *upload_size > cs->limit) {
                cs->too_large = true;
                free(cs->req.body);
                cs->req.body = NULL;
                cs->req.body_len = 0;
            } else {
                cs->req.body = xrealloc(cs->req.body, cs->req.body_len + *upload_size + 1);
                memcpy(cs->req.body + cs->req.body_len, upload, *upload_size);
                cs->req.body_len += *upload_size;
                cs->req.body[cs->req.body_len] = '\0';
            }
        }
        *upload_size = 0;
        limit_idle_to_deadline(srv, conn, cs);
        return MHD_YES;
    }
    /* The body (if any) is in: the connection waits for the next request as long as usual. */
    MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT, srv->idle_timeout_s);
    http_request *req = &cs->req;
    if (srv->cfg.before)
        srv->cfg.before(req);
    if (cs->too_big_head == 414) {
        http_reply_error(req, 414, "uri_too_long", NULL, "请求地址过长");
    } else if (cs->too_big_head) {
        http_reply_error(req, 431, "headers_too_large", NULL, "请求头过大");
    } else if (cs->too_large) {
        http_reply_error(req, 413, "payload_too_large", NULL, "请求体过大");
    } else if (cs->no_host) {
        http_reply_error(req, 400, "bad_request", NULL, "HTTP/1.1 请求缺少 Host 头");
    } else if (cs->nul_in_target) {
        http_reply_error(req, 400, "bad_request", NULL, "请求地址或查询参数中含有空字符（%00）");
    } else if (cs->bad_query) {
        http_reply_error(req, 400, "bad_request", NULL, "查询参数不是有效的 UTF-8 文本");
    } else if (cs->route) {
        if (!req->body) {
            req->body = xcalloc(1, 1);
        }
        req->route = cs->route;
        cs->route->handler(req);
    } else if (cs->allow) {
        /* The path exists with other methods (RFC 9110 §15.5.6: a 405 lists them in Allow). */
        http_reply_error(req, 405, "method_not_allowed", NULL, "不支持的请求方法");
        http_add_header(req, "Allow", cs->allow);
    } else if (srv->cfg.fallback) {
        srv->cfg.fallback(req);
    } else {
        http_reply_error(req, 404, "not_found", NULL, "未找到");
    }
    return queue(conn, cs);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    http_server *srv = cls;
    conn_state *cs = *con_cls;
    if (!cs)
        return;
    if (toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED && cs->started && !cs->req.res.status)
        cs->req.res.status = 408; /* a body that stopped arriving: logged, nothing sent */
    if (cs->req.res.status)
        log_access(cs);
    if (cs->req.res.has_file)
        close(cs->req.res.file_fd);
    if (!cs->req.res.body_static)
        free(cs->req.res.body);
    free(cs->req.body);
    arena_free(&cs->a);
    free(cs);
    *con_cls = NULL;
    atomic_fetch_sub(&srv->in_flight, 1);
}

/* DJ_BODY_TIMEOUT_S, read once at start (so tests can lower the limit without a flag). */
static unsigned body_timeout_from_env(void)
{
    const char *v = getenv("DJ_BODY_TIMEOUT_S");
    char *end = NULL;
    unsigned long n = v && *v ? strtoul(v, &end, 10) : 0;
    if (!v || !*v || *end || n < 1 || n > 86400) {
        if (v && *v)
            fprintf(stderr, "dangjian: DJ_BODY_TIMEOUT_S=%s ignored (expected 1..86400 seconds)\n", v);
        return HTTP_BODY_TIMEOUT_DEFAULT_S;
    }
    return (unsigned)n;
}

http_server *http_start(const http_config *cfg)
{
    http_server *srv = xcalloc(1, sizeof *srv);
    srv->cfg = *cfg;
    srv->idle_timeout_s = cfg->timeout_s ? cfg->timeout_s : 30u;
    srv->body_timeout_s = cfg->body_timeout_s ? cfg->body_timeout_s : body_timeout_from_env();
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)cfg->port);
    if (inet_pton(AF_INET, cfg->listen_addr, &addr.sin_addr) != 1) {
        fprintf(stderr, "dangjian: bad listen address %s (expected an IPv4 address)\n", cfg->listen_addr);
        free(srv);
        return NULL;
    }
    srv->daemon = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, (uint16_t)cfg->port, NULL, NULL, on_request, srv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads > 0 ? cfg->threads : 4),
        MHD_OPTION_CONNECTION_LIMIT, cfg->connection_limit ? cfg->connection_limit : 1024u,
        MHD_OPTION_CONNECTION_TIMEOUT, srv->idle_timeout_s,
        MHD_OPTION_URI_LOG_CALLBACK, on_request_line, srv,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY, /* request line + headers */
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, 0u,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_END);
    if (!srv->daemon) {
        fprintf(stderr, "dangjian: cannot listen on %s:%d\n", cfg->listen_addr, cfg->port);
        free(srv);
        return NULL;
    }
    return srv;
}

void http_stop(http_server *srv, int wait_s)
{
    if (!srv)
        return;
    MHD_quiesce_daemon(srv->daemon); /* no new connections */
    for (int i = 0; i < wait_s * 50 && atomic_load(&srv->in_flight) > 0; i++)
        usleep(20000);
    MHD_stop_daemon(srv->daemon);
    free(srv);
}
