/* where.h: a WHERE clause recorded together with the values it binds. A list appends each
 * condition once, with its `?` placeholders and their values side by side; the page and the
 * count are then built from the same record and bound in one place, so the SQL and the bindings
 * cannot drift apart. */
#ifndef DJ_STORE_WHERE_H
#define DJ_STORE_WHERE_H

#include "core/buf.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct where_value {
    bool is_int;
    int64_t i;
    const char *text; /* borrowed: must live until the statement is bound (where_keep) */
} where_value;

#define WHERE_TEXT(s) ((where_value){.text = (s)})
#define WHERE_INT(v) ((where_value){.is_int = true, .i = (v)})

enum { WHERE_MAX_VALUES = 24, WHERE_MAX_KEPT = 4 };

typedef struct store_where {
    buf sql; /* "" or " WHERE a AND b ..." */
    where_value values[WHERE_MAX_VALUES];
    int nvalues;
    char *kept[WHERE_MAX_KEPT];
    int nkept;
} store_where;

/* Start with `store_where w = {0};`, end with where_free(&w). */

/* ANDs condition to the clause; one where_value follows for each `?` in condition, in order
 * (WHERE_TEXT, WHERE_INT). A condition is one term: an OR goes inside parentheses. Aborts when
 * the record is full (a programming error). */
void where_and(store_where *w, const char *condition, ...);
/* Hands text (malloc'd) to w, which frees it in where_free; returns text (for WHERE_TEXT). */
const char *where_keep(store_where *w, char *text);
/* The clause: "" when no condition was added, else " WHERE ...". */
const char *where_sql(const store_where *w);
/* Binds the values to s from index first on; returns the index after the last. */
int where_bind(const store_where *w, db_stmt *s, int first);
/* Prepares head + clause + tail, binding the clause's values from index first on; *next (when
 * not NULL) gets the index after them, for what tail binds (LIMIT ? OFFSET ?). */
db_stmt *where_prepare(db *d, const store_where *w, const char *head, const char *tail, int first, int *next);
/* *total = SELECT COUNT(*) + from + clause; false + err when it cannot be read. */
bool where_count(db *d, const store_where *w, const char *from, int64_t *total, dj_err *err);
void where_free(store_where *w);

#endif
