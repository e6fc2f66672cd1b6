/* db.h: the one interface every SQL statement goes through. Two backends implement it, SQLite
 * (db_sqlite.c) and PostgreSQL (db_pg.c), behind a table of operations (db_impl.h, db.c); the
 * rest of store/ writes portable SQL with `?` placeholders and never pastes text into SQL. Where
 * the SQL must differ, the caller branches on db_dialect_of(). One db handle per thread: handles
 * are not shared. */
#ifndef DJ_DB_H
#define DJ_DB_H

#include "core/err.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct db db;
typedef struct db_stmt db_stmt;

typedef enum db_dialect { DB_SQLITE, DB_POSTGRES } db_dialect;

/* The kind of a column's value in the current row. */
typedef enum db_kind { DB_KIND_NULL, DB_KIND_INT, DB_KIND_REAL, DB_KIND_TEXT, DB_KIND_BOOL, DB_KIND_BLOB } db_kind;

/* Opens the database at url: "postgresql://..." or "postgres://..." is a PostgreSQL server
 * (a libpq URI); anything else is the path of a SQLite file (WAL, foreign keys and a busy
 * timeout set). Returns NULL and fills err on failure. */
db *db_open(const char *url, dj_err *err);
void db_close(db *d);

/* Whether url names a PostgreSQL database (postgresql:// or postgres://), not a SQLite file. */
bool db_url_is_postgres(const char *url);

/* url as it may be shown or logged: a PostgreSQL url without its password. */
void db_url_for_humans(const char *url, char *out, size_t n);

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
/* The same without a copy: v must stay as it is until s is stepped to its end or reset (a bulk
 * insert binds a million rows' values this way). */
void db_bind_text_static(db_stmt *s, int idx, const char *v);
void db_bind_null(db_stmt *s, int idx);
/* Bytes (a {{blob}} column: BLOB / BYTEA), copied; data may hold any byte. */
void db_bind_blob(db_stmt *s, int idx, const void *data, size_t len);

/* 1 = a row is ready, 0 = done, -1 = error (err filled: "conflict" for a constraint,
 * "unavailable" for a busy database, a lock timeout, a deadlock or a lost connection, else
 * "internal"). A failed statement inside a transaction changes nothing and the transaction goes
 * on (on PostgreSQL a savepoint around each write gives SQLite's behaviour). */
int db_step(db_stmt *s, dj_err *err);
/* Resets a statement that was not stepped to its end (releases its read snapshot). */
void db_reset(db_stmt *s);
/* For a scan of a whole table (export, copy, audit verify): the next execution of s hands its
 * rows over as they come instead of holding them all (PostgreSQL; SQLite always does). The
 * caller runs no other statement on this connection until s is stepped to its end or reset. */
void db_stream(db_stmt *s);
/* Runs a statement that returns no rows; false + err on failure. */
bool db_run(db_stmt *s, dj_err *err);

int db_col_count(db_stmt *s);
const char *db_col_name(db_stmt *s, int col);
bool db_col_is_null(db_stmt *s, int col);
int64_t db_col_int(db_stmt *s, int col);
double db_col_double(db_stmt *s, int col);
const char *db_col_text(db_stmt *s, int col); /* "" for NULL */
/* The bytes of a {{blob}} column and their number in *len; valid until the next db_col_blob,
 * step or reset of s. NULL (and *len 0) for NULL. */
const void *db_col_blob(db_stmt *s, int col, size_t *len);

/* The current row as a JSON object, keyed by column names; integers stay integers, NULL is
 * null; a column whose name ends in "_json" is parsed as JSON and stored without the suffix.
 * A condition (`x IS NOT NULL AS deleted`) is an integer 0/1 on SQLite and a JSON boolean on
 * PostgreSQL: read it with db_json_truthy(). db_col_int reads either as 0/1. */
json_t *db_row_json(db_stmt *s);
/* Every (remaining) row of s as db_row_json, each passed through fix (may be NULL) first; NULL +
 * err when a step fails. The one loop of every list. */
json_t *db_rows_json(db_stmt *s, void (*fix)(json_t *row), dj_err *err);

db_kind db_col_kind(db_stmt *s, int col);

/* Decides, per column, what db_row_write_json writes: returns false to leave the column out;
 * may point *text at a replacement (e.g. a masked number) that lives until the next call. */
typedef bool (*db_json_filter)(void *arg, const char *column, const char **text);

/* Appends the current row as a JSON object to out, straight from the columns (no jansson
 * objects: the member list's hot path). Same rules as db_row_json: a "_json" column is copied
 * verbatim (it holds JSON the store wrote) under the name without the suffix. filter may be NULL. */
struct buf;
void db_row_write_json(db_stmt *s, struct buf *out, db_json_filter filter, void *arg);

/* Transactions. db_begin takes the write lock at once, so two writers never deadlock on upgrade
 * and a read-then-write inside the transaction sees no other writer: SQLite's BEGIN IMMEDIATE;
 * on PostgreSQL, BEGIN (READ COMMITTED) and a transaction-scoped advisory lock that every
 * writing transaction of the database takes. Statements outside a transaction each commit on
 * their own. */
bool db_begin(db *d, dj_err *err);
bool db_commit(db *d, dj_err *err);
void db_rollback(db *d);

/* The id generated by the last INSERT of this handle. Prefer `INSERT ... RETURNING id` (both
 * backends): on PostgreSQL this answers only the id of the last `INSERT ... RETURNING id`. */
int64_t db_last_id(db *d);
/* Rows changed by the last INSERT, UPDATE or DELETE of this handle. */
int db_changes(db *d);

/* A consistent online copy of the whole database into path (which must not exist). SQLite only:
 * on PostgreSQL it fails with "bad_request" and names pg_dump. */
bool db_backup_to(db *d, const char *path, dj_err *err);

/* The backend's name: "sqlite" or "postgresql". */
const char *db_backend(db *d);
/* Which SQL dialect d speaks, for the statements that differ. */
db_dialect db_dialect_of(db *d);

/* Whether a JSON value from db_row_json is true: a JSON true or a non-zero integer. */
bool db_json_truthy(const json_t *v);

/* Rendered answers of read-only requests, per connection (page_cache.c). db_cache_get appends
 * the answer stored under key to out when the database has not changed since it was stored;
 * db_cache_put stores the answer built after a db_cache_get that missed. Keys must name
 * everything the answer depends on (scope, masking, filters, paging, today's date). Only on
 * SQLite: on PostgreSQL get always misses. db_cache_configure sets the slots per connection
 * (0: off), before the connections are opened. */
void db_cache_configure(int slots);
bool db_cache_get(db *d, const char *key, struct buf *out);
void db_cache_put(db *d, const char *key, const char *data, size_t len);

#endif
