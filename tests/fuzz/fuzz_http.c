/* fuzz_http: the input is sent as raw bytes (an HTTP/1.1 request: request line, query string,
 * headers, cookies, body) to the real server, started once in this process on 127.0.0.1: what
 * libmicrohttpd parses and decodes, then the routing, the limits and the handlers, exactly as in
 * production. "@S@" in the input becomes the admin's session cookie and "@C@" its CSRF token, so
 * the fuzzer reaches past the login. Every answer must be a status line with a status the server
 * may give; a 500, a malformed answer or a sanitizer report is a bug. */
#include "harness.h"

#include "http/static.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int port;

static void start(void)
{
    if (port)
        return;
    harness_init();
    static http_config cfg = {
        .listen_addr = "127.0.0.1", .threads = 2, .max_body = 64 * 1024, .connection_limit = 64, .timeout_s = 5,
        .routes = NULL, .fallback = http_serve_static, .before = api_before,
    };
    cfg.routes = api_http_routes();
    for (int i = 0; i < 50; i++) {
        cfg.port = 20000 + (int)((getpid() * 7 + i * 131) % 20000);
        if (http_start(&cfg)) {
            port = cfg.port;
            return;
        }
    }
    fprintf(stderr, "fuzz_http: no free port\n");
    abort();
}

/* The input with @S@ and @C@ replaced. */
static char *expand(const uint8_t *data, size_t size, size_t *out_len)
{
    const char *cookie, *csrf;
    harness_session(&cookie, &csrf);
    size_t cap = size * 2 + 256, n = 0;
    char *out = malloc(cap);
    for (size_t i = 0; i < size; i++) {
        const char *put = NULL;
        if (i + 3 <= size && memcmp(data + i, "@S@", 3) == 0)
            put = cookie;
        else if (i + 3 <= size && memcmp(data + i, "@C@", 3) == 0)
            put = csrf;
        if (put) {
            size_t l = strlen(put);
            if (n + l + 1 > cap)
                out = realloc(out, cap = (n + l + 1) * 2);
            memcpy(out + n, put, l);
            n += l;
            i += 2;
            continue;
        }
        if (n + 2 > cap)
            out = realloc(out, cap *= 2);
        out[n++] = (char)data[i];
    }
    *out_len = n;
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    start();
    if (size < 4 || size > 8192)
        return 0;
    size_t len;
    char *req = expand(data, size, &len);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        fprintf(stderr, "fuzz_http: cannot connect\n");
        abort();
    }
    size_t sent = 0;
    while (sent < len) {
        ssize_t w = send(fd, req + sent, len - sent, MSG_NOSIGNAL);
        if (w <= 0)
            break; /* the server may close early (e.g. a bad request line) */
        sent += (size_t)w;
    }
    shutdown(fd, SHUT_WR);
    free(req);
    char resp[512];
    size_t got = 0;
    struct pollfd p = {.fd = fd, .events = POLLIN};
    /* The status line is enough; wait for it until the server closes, or 300 ms (a request cut
     * short, e.g. a chunked body without its end, waits for the rest until the server's timeout). */
    while (got < 16 && poll(&p, 1, 300) > 0) {
        ssize_t r = recv(fd, resp + got, sizeof resp - 1 - got, 0);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    resp[got] = '\0';
    if (got == 0)
        return 0; /* closed without an answer (MHD does so for some malformed requests) */
    int status = 0;
    if (sscanf(resp, "HTTP/1.%*1[01] %3d ", &status) != 1) {
        fprintf(stderr, "fuzz_http: not an HTTP answer: %.80s\n", resp);
        abort();
    }
    static const int allowed[] = {200, 201, 204, 304, 400, 401, 403, 404, 405, 409, 411, 413, 414, 415,
                                  417, 422, 423, 429, 431, 501, 505};
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
        if (status == allowed[i])
            return 0;
    fprintf(stderr, "fuzz_http: status %d\n", status);
    abort();
}
