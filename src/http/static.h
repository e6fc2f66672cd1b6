/* static.h: the web UI's files, embedded in the binary by web/embed.py. */
#ifndef DJ_STATIC_H
#define DJ_STATIC_H

#include "http/http.h"

struct dj_asset {
    const char *path;
    const char *type;
    const unsigned char *data;
    unsigned long len;
    const unsigned char *gz;
    unsigned long gz_len;
};

extern const struct dj_asset dj_assets[];

/* Serves the embedded file for req->path (gzip when the client accepts it); unknown paths
 * that are not under /api/ get index.html, so the UI's own routes work on reload. */
void http_serve_static(http_request *req);

#endif
