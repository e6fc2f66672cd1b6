#include "http/static.h"

#include <string.h>

static const struct dj_asset *find_asset(const char *path)
{
    for (const struct dj_asset *a = dj_assets; a->path; a++)
        if (strcmp(a->path, path) == 0)
            return a;
    return NULL;
}

void http_serve_static(http_request *req)
{
    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
        http_reply_error(req, 404, "not_found", NULL, "未找到");
        return;
    }
    if (strncmp(req->path, "/api/", 5) == 0) {
        http_reply_error(req, 404, "not_found", NULL, "未找到接口");
        return;
    }
    const char *path = strcmp(req->path, "/") == 0 ? "/index.html" : req->path;
    const struct dj_asset *a = find_asset(path);
    /* The UI's assets are named relative to the page (vite base './'): a page deeper than the
     * root (the public /p/badge/{token}) asks for /p/badge/assets/x.js, which is /assets/x.js. */
    const char *assets = a ? NULL : strstr(path, "/assets/");
    if (assets && assets != path)
        a = find_asset(assets);
    bool is_index = false;
    if (!a) {
        a = find_asset("/index.html");
        is_index = true;
    }
    if (!a) {
        http_reply_error(req, 404, "not_found", NULL, "未找到");
        return;
    }
    if (a && strcmp(a->path, "/index.html") == 0)
        is_index = true;
    const char *ae = http_header(req, "Accept-Encoding");
    if (a->gz && ae && strstr(ae, "gzip")) {
        http_reply_static(req, 200, a->type, a->gz, a->gz_len);
        http_add_header(req, "Content-Encoding", "gzip");
    } else {
        http_reply_static(req, 200, a->type, a->data, a->len);
    }
    http_add_header(req, "Vary", "Accept-Encoding");
    /* Vite names assets by content hash: cache them for a year; index.html never. */
    http_add_header(req, "Cache-Control", is_index ? "no-cache" : "public, max-age=31536000, immutable");
}
