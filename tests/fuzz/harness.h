/* harness.h: what the fuzz targets share: a demo database made once per process, an admin
 * session, and a way to run one request through the API's own routing table. */
#ifndef DJ_FUZZ_HARNESS_H
#define DJ_FUZZ_HARNESS_H

#include "api/module.h"

#include <stddef.h>
#include <stdint.h>

/* Creates the database (demo data) and the session once; aborts on failure. */
void harness_init(void);
/* The database handle of this process. */
db *harness_db(void);
/* The admin session's cookie value and CSRF token. */
void harness_session(const char **cookie, const char **csrf);
/* The admin actor (for store-level targets). */
const dj_actor *harness_admin(void);
/* Routes method + path (with an optional ?query, decoded like a server would) and body through
 * api_routes, as the logged-in admin, and returns the status answered. */
int harness_request(const char *method, const char *path_and_query, const char *body, size_t len);

#endif
