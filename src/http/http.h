/* http.h: the HTTP layer over libmicrohttpd: requests with their body read by us (never MHD's
 * PostProcessor), a routing table, responses, limits and an access log. It knows nothing of the
 * domain: api/ registers routes and handlers. */
#ifndef DJ_HTTP_H
#define DJ_HTTP_H

#include "core/arena.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct MHD_Connection;

enum { HTTP_MAX_PARAMS = 4, HTTP_MAX_HEADERS = 8 };

typedef struct http_response {
    int status;
    char *body;          /* malloc'd (freed by the server) unless body_static */
    size_t len;
    bool body_static;
    bool has_file;       /* the body is file_fd's len bytes (closed once sent), not body */
    int file_fd;
    const char *content_type;
    const char *headers[HTTP_MAX_HEADERS][2];
    int nheaders;
} http_response;

typedef struct http_request {
    const char *method;
    const char *path;            /* without the query string */
    struct MHD_Connection *conn;
    char *body;                  /* NUL-terminated */
    size_t body_len;
    arena *a;                    /* freed when the request ends */
    const char *client_ip;
    bool via_trusted_proxy;      /* the peer is a trusted proxy: its X-Forwarded-* are believed */
    const char *params[HTTP_MAX_PARAMS]; /* the {x} parts of the route, in order */
    int nparams;
    void *ctx;                   /* the application's per-request data (api/ sets it) */
    const struct http_route *route; /* the route that matched (NULL: none) */
    http_response res;
    const char *log_user;        /* a user id for the access log (never a name or secret) */
    /* Without a connection (tests, fuzzing): name/value pairs, NULL-terminated. */
    const char *const *fake_query;
    const char *const *fake_headers;
    const char *const *fake_cookies;
} http_request;

typedef void (*http_handler)(http_request *req);

typedef struct http_route {
    const char *method;
    const char *pattern;  /* "/api/v1/members/{id}/transfer" */
    http_handler handler;
    size_t max_body;      /* 0: the server default */
    const void *data;     /* the application's description of the route (api/ keeps its access) */
} http_route;

typedef struct http_config {
    const char *listen_addr; /* "127.0.0.1" */
    int port;
    int threads;
    size_t max_body;          /* default body limit, bytes */
    unsigned connection_limit;
    unsigned timeout_s;       /* a connection idle this long is closed (0: 30) */
    /* A request body must arrive whole within this many seconds of the request's start;
     * past it the request is dropped with its connection, however slowly bytes keep coming (a
     * chunked body announcing 2^64-1 bytes, a body sent a byte at a time). 0: the environment
     * variable DJ_BODY_TIMEOUT_S if it holds 1..86400, else HTTP_BODY_TIMEOUT_DEFAULT_S. */
    unsigned body_timeout_s;
    const http_route *routes; /* ends with a route whose method is NULL */
    http_handler fallback;    /* no route matched (static files) */
    void (*before)(http_request *req);  /* runs before each handler (e.g. security headers) */
    void (*thread_done)(void);          /* unused hook for per-thread cleanup */
} http_config;

/* Two minutes: the largest body allowed (a 64 MB member import) still arrives in time at about
 * 4.5 Mbit/s, while a body that never ends holds its connection for a bounded time. */
#define HTTP_BODY_TIMEOUT_DEFAULT_S 120u

typedef struct http_server http_server;

/* Starts listening; NULL + message on stderr on failure. */
http_server *http_start(const http_config *cfg);
/* Stops accepting, waits (up to wait_s) for requests in flight, then stops. */
void http_stop(http_server *s, int wait_s);

/* Request accessors. */
const char *http_query(http_request *req, const char *name);   /* decoded, or NULL */
const char *http_header(http_request *req, const char *name);
const char *http_cookie(http_request *req, const char *name);

/* Responses: each replaces what was set before. */
void http_reply_json(http_request *req, int status, json_t *body); /* steals body */
void http_reply_error(http_request *req, int status, const char *code, const char *field, const char *message);
void http_reply_bytes(http_request *req, int status, const char *content_type, char *data, size_t len); /* steals data */
/* Answers with the first len bytes of the open file fd, read as they are sent (the file is never
 * held in memory); takes fd (closed after sending, or when replaced). */
void http_reply_file(http_request *req, int status, const char *content_type, int fd, size_t len);
void http_reply_static(http_request *req, int status, const char *content_type, const void *data, size_t len);
void http_add_header(http_request *req, const char *name, const char *value); /* value copied to the arena */

/* Whether the n bytes at s are an IPv4 or IPv6 address in text form. */
bool http_ip_valid(const char *s, size_t n);

/* Whether the raw request target (as sent, before %-decoding) holds "%00", which would decode to
 * a NUL in the path or in a query name or value, and so cut it short ("/members/1%00junk" read as
 * "/members/1"). The server answers such a request 400. False for NULL. */
bool http_target_has_nul(const char *raw_target);

/* Matches path against pattern; fills params. Exposed for tests and fuzzing. */
bool http_route_match(const char *pattern, const char *path, arena *a, const char **params, int *nparams);

#endif
