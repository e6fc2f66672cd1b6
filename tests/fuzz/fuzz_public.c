/* fuzz_public: the routes the public reaches without an account (issue 16): the badge page's data
 * and its photo, GET /api/v1/public/badges/{token}[/photo]. The input is the token's path segment
 * as anyone may send it (any bytes, slashes, percent signs, a real token with more after it).
 * Every answer must be 200 or 404 (400/414 for a target the server refuses to parse), never a
 * personal field, and no input may crash, leak or trip a sanitizer. */
#include "harness.h"

#include "store/posts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The token of an enabled badge of the demo, read once. */
static const char *real_token(void)
{
    static char token[64];
    static int done;
    if (!done) {
        done = 1;
        db_stmt *s = db_prepare(harness_db(), "SELECT token FROM member_badges WHERE enabled = 1 ORDER BY member_id LIMIT 1");
        dj_err err;
        if (db_step(s, &err) == 1) {
            snprintf(token, sizeof token, "%s", db_col_text(s, 0));
            db_reset(s);
        }
    }
    return token;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    harness_init();
    if (size < 1 || size > 4096)
        return 0;
    bool photo = data[0] & 1, with_real = data[0] & 2;
    const char *prefix = "/api/v1/public/badges/";
    const char *tok = with_real ? real_token() : "";
    size_t len = size - 1;
    char *url = malloc(strlen(prefix) + strlen(tok) + len + 8);
    size_t at = 0;
    memcpy(url, prefix, strlen(prefix));
    at += strlen(prefix);
    memcpy(url + at, tok, strlen(tok));
    at += strlen(tok);
    for (size_t i = 0; i < len; i++)
        url[at++] = data[1 + i] ? (char)data[1 + i] : '%';
    if (photo) {
        memcpy(url + at, "/photo", 6);
        at += 6;
    }
    url[at] = '\0';
    int status = harness_request("GET", url, "", 0);
    free(url);
    if (status == 200 || status == 400 || status == 404 || status == 414)
        return 0;
    abort(); /* a 500 or an unknown status is a bug */
}
