/* db.h: the one interface every SQL statement goes through. A backend (SQLite now, PostgreSQL
 * next) implements it; the rest of store/ writes portable SQL with `?` placeholders and never
 * pastes text into SQL. One db handle per thread: handles are not shared. */
#ifndef DJ_DB_H
#define DJ_DB_H

#include "core/err.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct db db;
typedef struct db_stmt db_stmt;

/* Opens the database at url (a file path). Sets WAL, foreign keys and a busy timeout.
 * Returns NULL and fills err on failure. */
db *db_open(const char *url, dj_err *err);
void db_close(db *d);

/* Runs SQL without parameters (schema, pragmas). False + err on failure. */
bool db_exec(db *d, const char *sql, dj_err *err);

/* Returns a prepared statement for sql, reset and with bindings cleared. Statements are cached
 * per handle by their text, so the caller never finalizes them. Aborts on a malformed statement
 * (a programming error, never user input). */
db_stmt *db_prepare(db *d, const char *sql);

/* Bind by 1-based index. db_bind_text with NULL binds NULL. */
void db_bind_int(db_stmt *s, int idx, int64_t v);
void db_bind_double(db_stmt *s, int idx, double v);
void db_bind_text(db_stmt *s, int idx, const char *v);
void db_bind_null(db_stmt *s, int idx);

/* 1 = a row is ready, 0 = done, -1 = error (err filled: "conflict" for a constraint, else
 * "internal"). */
int db_step(db_stmt *s, dj_err *err);
/* Resets a statement that was not stepped to its end (releases its read snapshot). */
void db_reset(db_stmt *s);
/* Runs a statement that returns no rows; false + err on failure. */
bool db_run(db_stmt *s, dj_err *err);

int db_col_count(db_stmt *s);
const char *db_col_name(db_stmt *s, int col);
bool db_col_is_null(db_stmt *s, int col);
int64_t db_col_int(db_stmt *s, int col);
double db_col_double(db_stmt *s, int col);
const char *db_col_text(db_stmt *s, int col); /* "" for NULL */

/* The current row as a JSON object, keyed by column names; integers stay integers, NULL is
 * null; a column whose name ends in "_json" is parsed as JSON and stored without the suffix. */
json_t *db_row_json(db_stmt *s);

/* Transactions. db_begin takes the write lock at once (IMMEDIATE), so two writers never
 * deadlock on upgrade. */
bool db_begin(db *d, dj_err *err);
bool db_commit(db *d, dj_err *err);
void db_rollback(db *d);

int64_t db_last_id(db *d);
int db_changes(db *d);

/* A consistent online copy of the whole database into path (which must not exist). */
bool db_backup_to(db *d, const char *path, dj_err *err);

/* The backend's name: "sqlite". */
const char *db_backend(db *d);

#endif
