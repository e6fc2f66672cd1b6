/* faulty_db.h: a database handle for tests whose calls fail on demand. It wraps a real handle
 * (store/db_impl.h's table of operations, as a second backend would) and forwards everything,
 * except that once armed with k, the k-th call that can fail (a step, an exec, a begin or a
 * commit) fails as a broken database would: -1 / false with err "internal". Driving a function
 * with k = 1, 2, ... until it gets through without meeting the failure tests every one of its
 * error paths. */
#ifndef DJ_FAULTY_DB_H
#define DJ_FAULTY_DB_H

#include "store/db_impl.h"

#include <stdlib.h>

typedef struct faulty_stmt {
    db_stmt base;
    db_stmt *inner;
} faulty_stmt;

typedef struct faulty_db {
    db base;
    db *inner;       /* not owned: the test closes it */
    long calls;      /* calls that can fail since armed */
    long fail_at;    /* 0: never */
    bool failed;     /* whether the failure was met */
    faulty_stmt **stmts;
    size_t nstmts;
} faulty_db;

#define FDB(d) ((faulty_db *)(d))
#define FST(s) (((faulty_stmt *)(s))->inner)

/* Whether this call is the one armed to fail (then err is filled). */
static inline bool faulty_hit(db *d, dj_err *err)
{
    faulty_db *f = FDB(d);
    if (!f->fail_at || ++f->calls != f->fail_at)
        return false;
    f->failed = true;
    dj_err_set(err, "internal", "", "injected failure at call %ld", f->calls);
    return true;
}

static inline void faulty_arm(db *d, long k)
{
    FDB(d)->fail_at = k;
    FDB(d)->calls = 0;
    FDB(d)->failed = false;
}

static void faulty_close(db *d)
{
    faulty_db *f = FDB(d);
    for (size_t i = 0; i < f->nstmts; i++) {
        db_stmt_base_free(&f->stmts[i]->base);
        free(f->stmts[i]);
    }
    free(f->stmts);
    free(f);
}

static bool faulty_exec(db *d, const char *sql, dj_err *err)
{
    return !faulty_hit(d, err) && db_exec(FDB(d)->inner, sql, err);
}

static db_stmt *faulty_prepare(db *d, const char *sql)
{
    faulty_db *f = FDB(d);
    db_stmt *inner = db_prepare(f->inner, sql);
    for (size_t i = 0; i < f->nstmts; i++)
        if (f->stmts[i]->inner == inner)
            return &f->stmts[i]->base;
    faulty_stmt *w = calloc(1, sizeof *w);
    w->base.owner = d;
    w->inner = inner;
    f->stmts = realloc(f->stmts, (f->nstmts + 1) * sizeof *f->stmts);
    f->stmts[f->nstmts++] = w;
    return &w->base;
}

static void faulty_bind_int(db_stmt *s, int idx, int64_t v) { db_bind_int(FST(s), idx, v); }
static void faulty_bind_double(db_stmt *s, int idx, double v) { db_bind_double(FST(s), idx, v); }
static void faulty_bind_text(db_stmt *s, int idx, const char *v) { db_bind_text(FST(s), idx, v); }
static void faulty_bind_null(db_stmt *s, int idx) { db_bind_null(FST(s), idx); }
static int faulty_step(db_stmt *s, dj_err *err)
{
    if (faulty_hit(s->owner, err)) {
        db_reset(FST(s));
        return -1;
    }
    return db_step(FST(s), err);
}
static void faulty_stream(db_stmt *s) { db_stream(FST(s)); }
static void faulty_reset(db_stmt *s) { db_reset(FST(s)); }
static int faulty_col_count(db_stmt *s) { return db_col_count(FST(s)); }
static const char *faulty_col_name(db_stmt *s, int col) { return db_col_name(FST(s), col); }
static bool faulty_col_is_null(db_stmt *s, int col) { return db_col_is_null(FST(s), col); }
static int64_t faulty_col_int(db_stmt *s, int col) { return db_col_int(FST(s), col); }
static double faulty_col_double(db_stmt *s, int col) { return db_col_double(FST(s), col); }
static const char *faulty_col_text(db_stmt *s, int col) { return db_col_text(FST(s), col); }
static json_t *faulty_col_json(db_stmt *s, int col) { return FST(s)->owner->ops->col_json(FST(s), col); }
static db_kind faulty_col_kind(db_stmt *s, int col) { return db_col_kind(FST(s), col); }
static bool faulty_begin(db *d, dj_err *err) { return !faulty_hit(d, err) && db_begin(FDB(d)->inner, err); }
static bool faulty_commit(db *d, dj_err *err) { return !faulty_hit(d, err) && db_commit(FDB(d)->inner, err); }
static void faulty_rollback(db *d) { db_rollback(FDB(d)->inner); }
static int64_t faulty_last_id(db *d) { return db_last_id(FDB(d)->inner); }
static int faulty_changes(db *d) { return db_changes(FDB(d)->inner); }
static bool faulty_backup_to(db *d, const char *path, dj_err *err)
{
    return !faulty_hit(d, err) && db_backup_to(FDB(d)->inner, path, err);
}

static const db_ops faulty_sqlite_ops = {
    .name = "sqlite", .dialect = DB_SQLITE, .close = faulty_close, .exec = faulty_exec, .prepare = faulty_prepare,
    .bind_int = faulty_bind_int, .bind_double = faulty_bind_double, .bind_text = faulty_bind_text,
    .bind_null = faulty_bind_null, .step = faulty_step, .stream = faulty_stream, .reset = faulty_reset,
    .col_count = faulty_col_count, .col_name = faulty_col_name, .col_is_null = faulty_col_is_null,
    .col_int = faulty_col_int, .col_double = faulty_col_double, .col_text = faulty_col_text,
    .col_json = faulty_col_json, .col_kind = faulty_col_kind, .begin = faulty_begin, .commit = faulty_commit,
    .rollback = faulty_rollback, .last_id = faulty_last_id, .changes = faulty_changes,
    .backup_to = faulty_backup_to, .data_version = NULL, /* no page cache: every read goes to the database */
};

/* A handle over inner (a SQLite one, which stays the caller's to close); db_close frees it. */
static inline db *faulty_wrap(db *inner)
{
    faulty_db *f = calloc(1, sizeof *f);
    f->base.ops = &faulty_sqlite_ops;
    f->inner = inner;
    return &f->base;
}

#endif
