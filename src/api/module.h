/* module.h: what a module of the API brings: its routes, each with the access it needs.
 *
 * A module (api/members.c, api/orgs.c, ...) exports one `const api_module <name>_module` whose
 * routes have static handlers, and is registered by one line in api/routes.c. The dispatcher
 * (api/dispatch.c) checks a route's access before its handler runs: the session, the CSRF token on
 * writes, the capability (domain/capabilities.h). A route without a declared access cannot be
 * registered. Scope (which subtree) is the handler's check, against the object it touches. */
#ifndef DJ_API_MODULE_H
#define DJ_API_MODULE_H

#include "api/api.h"
#include "domain/capabilities.h"

/* Accesses a route declares, besides a capability name. */
#define API_PUBLIC "public"       /* anyone, signed in or not: the handler gets c = NULL */
#define API_SIGNED_IN "signed_in" /* any account with a live session */

enum {
    API_NO_STORE = 1 << 0, /* the answer holds personal data: Cache-Control: no-store */
};

/* c: the signed-in caller (NULL on a public route). */
typedef void (*api_handler)(http_request *req, api_ctx *c);

typedef struct api_route {
    const char *method;
    const char *pattern;  /* "/api/v1/members/{id}/transfer" */
    api_handler handler;
    const char *access;   /* API_PUBLIC, API_SIGNED_IN or a capability (CAP_MEMBERS_WRITE) */
    size_t max_body;      /* 0: the server default */
    unsigned flags;       /* API_NO_STORE */
} api_route;

/* One item of a caller's to-do list (GET /api/v1/todo), appended to items as
 * {kind, severity: error|warning|info, title, detail, org_id, org_name, link}: link is the UI's
 * route where it is fixed. Only what lies in the caller's scope. */
typedef void (*api_todo_fn)(api_ctx *c, json_t *items);

typedef struct api_module {
    const char *name;
    const api_route *routes; /* ends with a route whose method is NULL */
    api_todo_fn todo;        /* what the module adds to every to-do list (may be NULL) */
} api_module;

/* Appends a to-do item (see api_todo_fn). */
void api_todo_add(json_t *items, const char *kind, const char *severity, const char *title, const char *detail,
                  int64_t org_id, const char *org_name, const char *link);

/* Checks every route of mods (a NULL-terminated list): a method, a pattern, a handler, a
 * declared access that is public, signed_in or a known capability, no method + pattern twice.
 * On success returns the server's routing table (malloc'd, ends with a NULL method; each entry's
 * data is its api_route). On a fault returns NULL with err naming the route. */
http_route *api_routes_build(const api_module *const *mods, dj_err *err);

/* The modules of the API (api/routes.c), and their table built once; aborts if a route is not
 * registrable (a programming error the test suite catches first). */
extern const api_module *const api_modules[];
const http_route *api_http_routes(void);

/* The api_route of the request being handled (NULL outside a dispatched request). */
const api_route *api_current_route(const http_request *req);

/* Whether the caller holds cap. */
bool api_can(const api_ctx *c, const char *cap);

#endif
