/* fuzz_api: the JSON request handlers. The first byte picks an endpoint; for GET endpoints the
 * input is a query string, for the others the request body. Every answer must be a status the
 * API documents, and no input may crash, leak or trip a sanitizer. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

static const struct { const char *method, *path; } targets[] = {
    {"POST", "/api/v1/members"},     {"PATCH", "/api/v1/members/5"},     {"POST", "/api/v1/members/5/transfer"},
    {"DELETE", "/api/v1/members/6"}, {"POST", "/api/v1/members/6/restore"}, {"POST", "/api/v1/orgs"},
    {"PATCH", "/api/v1/orgs/3"},     {"POST", "/api/v1/institutions"}, {"PATCH", "/api/v1/institutions/2"},
    {"POST", "/api/v1/users"},       {"PATCH", "/api/v1/users/3"},     {"POST", "/api/v1/session"},
    {"GET", "/api/v1/members"},      {"GET", "/api/v1/orgs"},          {"GET", "/api/v1/institutions"},
    {"GET", "/api/v1/users"},        {"GET", "/api/v1/members/export"},
    /* The public's needs (issue 16): no session; see needs_setup. */
    {"GET", "/api/v1/public/needs/challenge"}, {"POST", "/api/v1/public/needs"},
    {"GET", "/api/v1/public/needs/FUZZFUZZFUZZFUZZ"}, {"POST", "/api/v1/public/needs/FUZZFUZZFUZZFUZZ/photo"},
};

/* The public need routes reached deep: a poster token, a ticket and, before each filing, a
 * challenge the fuzzer can name (FUZZ…), with a proof of work of difficulty 0 and no throttle. */
static void needs_setup(bool before_post)
{
    static bool done;
    db *d = harness_db();
    dj_err err;
    if (!done) {
        done = true;
        db_exec(d, "INSERT INTO settings (key, value) VALUES ('needs',"
                   " '{\"difficulty\":0,\"per_address_hour\":1000,\"per_institution_hour\":100000}');"
                   "UPDATE need_posters SET token = 'FUZZFUZZFUZZFUZZFUZZFUZZ' WHERE institution_id = 1;"
                   "UPDATE needs SET ticket = 'FUZZFUZZFUZZFUZZ' WHERE id = 1;",
                &err);
    }
    if (before_post)
        db_exec(d, "DELETE FROM need_challenges WHERE challenge = 'FUZZFUZZFUZZFUZZFUZZFUZZFUZZFUZZ';"
                   "INSERT INTO need_challenges (challenge, institution_id, expires_at)"
                   " VALUES ('FUZZFUZZFUZZFUZZFUZZFUZZFUZZFUZZ', 1, 9999999999);"
                   "DELETE FROM need_hits;",
                &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    harness_init();
    if (size < 1 || size > 4096)
        return 0;
    size_t t = data[0] % (sizeof targets / sizeof targets[0]);
    if (strstr(targets[t].path, "/public/needs"))
        needs_setup(strcmp(targets[t].path, "/api/v1/public/needs") == 0);
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    int status;
    if (strcmp(targets[t].method, "GET") == 0) {
        char *url = malloc(strlen(targets[t].path) + len + 2);
        size_t pl = strlen(targets[t].path);
        memcpy(url, targets[t].path, pl);
        url[pl] = '?';
        memcpy(url + pl + 1, body, len);
        url[pl + 1 + len] = '\0';
        for (size_t i = pl + 1; i < pl + 1 + len; i++)
            if (url[i] == '\0')
                url[i] = '&';
        status = harness_request("GET", url, "", 0);
        free(url);
    } else {
        status = harness_request(targets[t].method, targets[t].path, body, len);
    }
    static const int allowed[] = {200, 201, 204, 400, 401, 403, 404, 409, 413, 415, 422, 429};
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
        if (status == allowed[i])
            return 0;
    abort(); /* a 500 or an unknown status is a bug */
}
