/* api.h: what the JSON handlers share: the request context (database handle, caller), body
 * parsing, error mapping, paging, and the scope rules of the roles. */
#ifndef DJ_API_H
#define DJ_API_H

#include "core/err.h"
#include "http/http.h"
#include "store/db.h"
#include "store/store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct api_ctx {
    db *d;
    dj_actor actor;
    char csrf[64];
    bool authed;
} api_ctx;

/* Configuration read once at start (the only global state). */
typedef struct api_config {
    const char *db_url;
    int session_hours;        /* absolute lifetime of a session */
    int throttle_user_max;    /* failed logins per account per window */
    int throttle_ip_max;      /* failed logins per address per window */
    int throttle_window_s;
    int lockout_failures;     /* failed logins within 24 h from one address that lock the account for
                                 that address until an admin unlocks it */
    int throttle_account_max; /* failed logins per account per window from all addresses together */
    bool cookie_secure;       /* behind TLS */
    const char *trusted_proxies; /* comma-separated addresses whose X-Forwarded-For is believed */
} api_config;

void api_configure(const api_config *cfg);
const api_config *api_config_get(void);

/* Sets security headers and, behind a trusted proxy, the client's address from X-Forwarded-For;
 * used as the server's "before" hook. */
void api_before(http_request *req);

/* This thread's database handle (opened on first use; NULL + 503 reply if it cannot open). */
db *api_db(http_request *req);

/* Parses the body as a JSON object. On failure replies 400 (or 415/422) and returns NULL. */
json_t *api_body(http_request *req);

/* Replies with the status that err->code maps to, and err's message and field. */
void api_fail(http_request *req, const dj_err *err);

/* Reads a positive integer id from route parameter idx; replies 404 and returns false if not. */
bool api_param_id(http_request *req, int idx, int64_t *id);
/* Reads an optional positive integer query parameter; false + 400 if present and malformed. */
bool api_query_id(http_request *req, const char *name, int64_t *out);
/* An optional boolean query parameter: 1|0|true|false (absent: false); false + 400 naming it
 * otherwise. */
bool api_query_bool(http_request *req, const char *name, bool *out);
/* limit (1..200, default 20) and offset (>= 0); false + 400 if malformed. */
bool api_paging(http_request *req, int64_t *limit, int64_t *offset);
/* Builds {"items", "total", "next"} (steals items). */
json_t *api_list(json_t *items, int64_t total, int64_t limit, int64_t offset);

/* Whether the caller's scope holds an organisation path. */
bool scope_has_path(const api_ctx *c, const char *path);
/* The path of an organisation that exists and is not deleted, in the caller's scope. Replies 404
 * (or 422 with field when field is given) and returns NULL otherwise. */
const char *scope_org_path(http_request *req, api_ctx *c, int64_t org_id, const char *field);

/* Whether an institution exists, is not deleted, and lies in the caller's scope (through the
 * orgs covering it; uncovered ones for those who oversee coverage). */
bool institution_visible(api_ctx *c, int64_t id);

/* The audit record of a change of the rows that belong to an object (an organisation's committee
 * and institutions, an institution's organisations), which row_update's record does not hold:
 * action "create_links" (before NULL) or "update_links"; nothing when before equals after.
 * Takes after. */
bool api_audit_links(api_ctx *c, const char *type, int64_t id, json_t *before, json_t *after, dj_err *err);

#endif
