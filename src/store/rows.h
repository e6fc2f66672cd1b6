/* rows.h: generic writes of one row, with optimistic locking and the audit record. The column
 * names come from a fixed list per table (never from the request); values are always bound. */
#ifndef DJ_ROWS_H
#define DJ_ROWS_H

#include "store/store.h"

/* The row of table with id as a JSON object (SELECT *, without password_hash). NULL + err:
 * "not_found" when there is none, the database's error ("internal", "unavailable") when it
 * cannot be read. */
json_t *row_get_e(db *d, const char *table, int64_t id, dj_err *err);
/* The same, NULL for both: kept for callers that have not moved to row_get_e. */
json_t *row_get(db *d, const char *table, int64_t id);

/* Inserts a row. Each key of fields that is in columns (NULL-terminated) is written; arrays and
 * objects are stored as JSON text. Sets version 1 and the timestamps, writes the audit record
 * (action "create"). *id receives the new id. The caller owns the transaction. */
bool row_insert(db *d, const char *table, const char *const *columns, const json_t *fields,
                const dj_actor *who, int64_t *id, dj_err *err);

/* Updates the columns of fields (filtered by columns) where id and version match, bumps the
 * version, writes the audit record (action, before and after). A missing or deleted row gives
 * "not_found"; a stale version gives "conflict" and changes nothing. When no column would
 * change, nothing is written (same version, no audit record) unless touch is set: the caller
 * changes rows that belong to this one (links, committee) and the version must say so. */
bool row_update(db *d, const char *table, const char *const *columns, int64_t id, int64_t version,
                const json_t *fields, bool touch, const char *action, const dj_actor *who, dj_err *err);

/* Soft delete (deleted = true) or restore, with the same version check and audit record. */
bool row_set_deleted(db *d, const char *table, int64_t id, int64_t version, bool deleted,
                     const dj_actor *who, dj_err *err);

/* The singular object type used in the audit log for a table ("members" -> "member"). */
const char *row_object_type(const char *table);

#endif
