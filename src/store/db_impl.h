/* db_impl.h: what a backend of db.h provides. Private to store/: db.c forwards each public
 * function of db.h through the handle's table of operations, so callers never know the backend.
 * A backend embeds `struct db` (and `struct db_stmt`) as the first member of its own structs. */
#ifndef DJ_DB_IMPL_H
#define DJ_DB_IMPL_H

#include "store/db.h"

typedef struct db_ops {
    const char *name;   /* db_backend(): "sqlite", "postgresql" */
    db_dialect dialect;
    void (*close)(db *d);
    bool (*exec)(db *d, const char *sql, dj_err *err);
    db_stmt *(*prepare)(db *d, const char *sql);
    void (*bind_int)(db_stmt *s, int idx, int64_t v);
    void (*bind_double)(db_stmt *s, int idx, double v);
    void (*bind_text)(db_stmt *s, int idx, const char *v); /* v is never NULL here */
    void (*bind_text_static)(db_stmt *s, int idx, const char *v); /* may be NULL: bind_text */
    void (*bind_null)(db_stmt *s, int idx);
    void (*bind_blob)(db_stmt *s, int idx, const void *data, size_t len);
    int (*step)(db_stmt *s, dj_err *err);
    void (*stream)(db_stmt *s); /* may be NULL: db_stream() is then a no-op */
    void (*reset)(db_stmt *s);
    int (*col_count)(db_stmt *s);
    const char *(*col_name)(db_stmt *s, int col);
    bool (*col_is_null)(db_stmt *s, int col);
    int64_t (*col_int)(db_stmt *s, int col);
    double (*col_double)(db_stmt *s, int col);
    const char *(*col_text)(db_stmt *s, int col);
    const void *(*col_blob)(db_stmt *s, int col, size_t *len);
    json_t *(*col_json)(db_stmt *s, int col); /* the value as JSON, before the "_json" rule */
    db_kind (*col_kind)(db_stmt *s, int col);
    bool (*begin)(db *d, dj_err *err);
    bool (*commit)(db *d, dj_err *err);
    void (*rollback)(db *d);
    int64_t (*last_id)(db *d);
    int (*changes)(db *d);
    bool (*backup_to)(db *d, const char *path, dj_err *err);
    /* Two numbers that both stay the same exactly while nothing was written to the database, by
     * this connection or any other; NULL when the backend cannot tell (no page cache then). */
    bool (*data_version)(db *d, uint64_t v[2]);
} db_ops;

struct page_cache;

struct db {
    const db_ops *ops;
    struct page_cache *cache; /* page_cache.c; NULL until first used */
};

/* page_cache.c: frees d->cache (db_close calls it). */
void db_cache_free(db *d);

/* One result column as db_row_write_json writes it: the key `"name":` rendered once per
 * statement (names of a prepared statement never change), so a row costs no strlen or strcmp. */
typedef struct db_col_key {
    char *name;       /* a copy of the column name, for the filter (SQLite frees its own when it
                         re-prepares the statement after a schema change) */
    char *key;        /* "name": (a name ending in _json loses the suffix) */
    size_t key_len;
    bool is_json;
} db_col_key;

struct db_stmt {
    db *owner;
    db_col_key *keys; /* filled on the first db_row_write_json; freed by db_stmt_base_free */
    int nkeys;
};

/* Frees what db.c keeps in a statement's base (the backends call it before freeing one). */
void db_stmt_base_free(db_stmt *s);

/* The backends' constructors, chosen by db_open from the url. */
db *db_sqlite_open(const char *path, dj_err *err);
db *db_pg_open(const char *url, dj_err *err);

/* FNV-1a of a statement's text, for the backends' statement caches. */
unsigned db_hash_sql(const char *sql);

#endif
