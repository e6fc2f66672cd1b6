/* serve.c: the API and the web UI until SIGTERM or SIGINT, which let requests in flight finish. */
#include "cli/cli.h"

#include "api/module.h"
#include "http/static.h"

#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool proxies_valid(const char *list)
{
    while (*list) {
        const char *end = strchr(list, ',');
        size_t n = end ? (size_t)(end - list) : strlen(list);
        if (!http_ip_valid(list, n))
            return false;
        if (!end)
            return true;
        list = end + 1;
    }
    return false;
}

int cli_serve(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        puts("Usage: dangjian serve [--db PATH] [--listen ADDR:PORT] [--threads N] [--cache N] [--secure-cookies]\n"
             "                      [--trusted-proxy ADDR[,ADDR...]] [--body-timeout SECONDS]\n"
             "Serves the JSON API under /api/v1 and the web UI. Default 127.0.0.1:8080, 4 threads.\n"
             "--cache N keeps the last N member-list pages and dashboards per thread (default 32,\n"
             "0: off), served again only while nothing in the database has changed (SQLite only).\n"
             "--secure-cookies marks the session cookie Secure (behind a TLS proxy).\n"
             "--trusted-proxy: requests from these addresses (nginx) carry the client's address in\n"
             "X-Forwarded-For, used for login throttling, lockout and the access log.\n"
             "--body-timeout: a request body not complete within this time is dropped with its\n"
             "connection (default 120; a 64 MB import at 5 Mbit/s takes about 110 s).\n"
             "SIGTERM or SIGINT stops accepting, finishes requests in flight and exits 0.");
        return 0;
    }
    cli_opt opts[] = {{"db", true, NULL}, {"listen", true, NULL}, {"threads", true, NULL},
                      {"secure-cookies", false, NULL}, {"cache", true, NULL},
                      {"trusted-proxy", true, NULL}, {"body-timeout", true, NULL}, {NULL, false, NULL}};
    const char *pos[1];
    int npos;
    if (!cli_parse(argc, argv, 2, opts, pos, 0, &npos))
        return 2;
    char addr[64] = "127.0.0.1";
    int port = 8080;
    if (opts[1].value) {
        const char *colon = strrchr(opts[1].value, ':');
        char *end = NULL;
        long p = colon ? strtol(colon + 1, &end, 10) : -1;
        if (!colon || colon == opts[1].value || (size_t)(colon - opts[1].value) >= sizeof addr || *end || p < 1 || p > 65535) {
            fprintf(stderr, "dangjian: --listen must be ADDR:PORT, e.g. 127.0.0.1:8080\n");
            return 2;
        }
        snprintf(addr, sizeof addr, "%.*s", (int)(colon - opts[1].value), opts[1].value);
        if (strcmp(addr, "localhost") == 0)
            snprintf(addr, sizeof addr, "127.0.0.1");
        port = (int)p;
    }
    int threads = 4;
    if (opts[2].value) {
        char *end;
        long t = strtol(opts[2].value, &end, 10);
        if (*end || t < 1 || t > 256) {
            fprintf(stderr, "dangjian: --threads must be between 1 and 256\n");
            return 2;
        }
        threads = (int)t;
    }
    if (opts[4].value) {
        char *end;
        long n = strtol(opts[4].value, &end, 10);
        if (!*opts[4].value || *end || n < 0 || n > 256) {
            fprintf(stderr, "dangjian: --cache must be between 0 and 256\n");
            return 2;
        }
        db_cache_configure((int)n);
    }
    if (opts[5].value && !proxies_valid(opts[5].value)) {
        fprintf(stderr, "dangjian: --trusted-proxy must be IP addresses separated by commas, e.g. 127.0.0.1\n");
        return 2;
    }
    unsigned body_timeout = 0; /* 0: the http layer's default */
    if (opts[6].value) {
        char *end;
        long n = strtol(opts[6].value, &end, 10);
        if (!*opts[6].value || *end || n < 1 || n > 86400) {
            fprintf(stderr, "dangjian: --body-timeout must be between 1 and 86400 seconds\n");
            return 2;
        }
        body_timeout = (unsigned)n;
    }
    const char *path = opts[0].value ? opts[0].value : "dangjian.db";
    db *d = cli_open_db(path); /* migrates before the first request */
    if (!d)
        return 1;
    db_close(d);
    api_config cfg = *api_config_get();
    cfg.db_url = path;
    cfg.cookie_secure = opts[3].value != NULL;
    cfg.trusted_proxies = opts[5].value;
    api_configure(&cfg);

    /* Block the stop signals in every thread; this one waits for them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    http_config hc = {
        .listen_addr = addr,
        .port = port,
        .threads = threads,
        .max_body = 1024 * 1024,
        .connection_limit = 4096,
        .timeout_s = 30,
        .body_timeout_s = body_timeout,
        .routes = api_http_routes(),
        .fallback = http_serve_static,
        .before = api_before,
    };
    http_server *srv = http_start(&hc);
    if (!srv)
        return 1;
    char shown[512];
    db_url_for_humans(path, shown, sizeof shown);
    printf("dangjian serving http://%s:%d (%d threads, database %s)\n", addr, port, threads, shown);
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    printf("dangjian: %s received, finishing requests in flight\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    fflush(stdout);
    http_stop(srv, 10);
    return 0;
}
