/* write.h: the one path of a write: id → object in scope → body → version → known fields →
 * the module's checks → transaction → the module's writes (each with its audit record) →
 * commit → answer. A module describes its object once (api_object) and each write by the
 * steps that differ (api_write); soft delete and restore are one function for every object. */
#ifndef DJ_API_WRITE_H
#define DJ_API_WRITE_H

#include "api/fields.h"

typedef struct api_object {
    const char *table;     /* "members": the rows row_update and row_set_deleted write */
    const char *not_found; /* the 404's message: "党员不存在" */
    /* The object with id if it exists (deleted or not) and lies in the caller's scope; NULL
     * otherwise (answered 404). A failed read sets err and returns NULL (answered 500). */
    json_t *(*load)(api_ctx *c, int64_t id, dj_err *err);
    /* Answers with the object as the caller may see it. */
    void (*reply)(http_request *req, api_ctx *c, int64_t id, int status);
    /* Rewrites a store error for people (a unique column's conflict); may be NULL. */
    void (*explain)(dj_err *err);
    /* In the transaction of a soft delete or restore, after the row's: what goes with it (a
     * deleted member's accounts are disabled); may be NULL. */
    bool (*on_delete)(api_ctx *c, int64_t id, bool deleted, dj_err *err);
} api_object;

typedef struct api_write {
    const api_object *obj;
    bool creating;          /* no id, no version; answers 201 */
    bool body_optional;     /* an empty body is an empty object (delete, restore: ?version=) */
    const api_field *fields; /* the body's fields (NULL: only "version") */
    bool all_required;       /* required fields must be there though not creating (an action) */
    /* Checks the body against the object as it is (NULL when creating); false after replying. */
    bool (*check)(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state);
    /* The writes, inside the transaction; sets *id when creating. NULL: row_update of the body's
     * columns (cols), action "update". */
    bool (*apply)(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                  dj_err *err);
    const char *const *cols; /* for the default apply */
    void *state;             /* the handler's own, shared by check and apply */
} api_write;

/* Runs w for the request; always answers. */
void api_write_run(http_request *req, api_ctx *c, const api_write *w);

/* Soft delete (deleted) or restore of obj's row {id}, version from the body or ?version=, with
 * the audit record; check (may be NULL) refuses what the module forbids (false after replying). */
void api_soft_delete(http_request *req, api_ctx *c, const api_object *obj, bool deleted,
                     bool (*check)(http_request *req, api_ctx *c, const json_t *cur, bool deleted));

/* The object {id} of the route in the caller's scope, or NULL after answering 404 (500 when the
 * read failed). */
json_t *api_object_get(http_request *req, api_ctx *c, const api_object *obj, int64_t *id);

#endif
