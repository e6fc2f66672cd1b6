/* db_sqlite.c: the SQLite backend of db.h: one connection, WAL, statements cached by text. */
#include "store/db_impl.h"

#include "core/pinyin.h"

#include "core/arena.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { STMT_BUCKETS = 128 };

typedef struct lite_stmt lite_stmt;

struct lite_stmt {
    db_stmt base;
    lite_stmt *next; /* bucket chain */
    char *sql;
    sqlite3_stmt *st;
};

typedef struct lite_db {
    db base;
    sqlite3 *conn;
    lite_stmt *cache[STMT_BUCKETS];
} lite_db;

static const db_ops lite_ops;

#define LDB(d) ((lite_db *)(d))
#define LST(s) (((lite_stmt *)(s))->st)

static bool lite_exec(db *d, const char *sql, dj_err *err);

/* Every connection belongs to one thread (SQLITE_OPEN_NOMUTEX); SQLite's memory statistics
 * would still take one process-wide mutex per allocation, which the server's threads then
 * queue on. Off, before SQLite initialises itself. */
static void lite_configure(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

static int pinyin_collate(void *arg, int alen, const void *a, int blen, const void *b)
{
    (void)arg;
    return pinyin_compare(a, (size_t)alen, b, (size_t)blen);
}

db *db_sqlite_open(const char *url, dj_err *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, lite_configure);
    sqlite3 *conn = NULL;
    int rc = sqlite3_open_v2(url, &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        dj_err_set(err, "internal", "", "无法打开数据库 %s: %s", url, conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
        sqlite3_close(conn);
        return NULL;
    }
    sqlite3_busy_timeout(conn, 10000);
    /* ORDER BY name COLLATE PINYIN: names as a roster sorts them (core/pinyin.h). Only queries
     * use it, never the schema, so the sqlite3 shell still opens and writes the file. */
    sqlite3_create_collation_v2(conn, "PINYIN", SQLITE_UTF8, NULL, pinyin_collate, NULL);
    lite_db *ld = xcalloc(1, sizeof *ld);
    ld->base.ops = &lite_ops;
    ld->conn = conn;
    db *d = &ld->base;
    if (!lite_exec(d, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
                    " PRAGMA temp_store=MEMORY; PRAGMA cache_size=-2000;", err)) {
        db_close(d);
        return NULL;
    }
    return d;
}

static void lite_close(db *d)
{
    lite_db *ld = LDB(d);
    for (int i = 0; i < STMT_BUCKETS; i++) {
        lite_stmt *s = ld->cache[i];
        while (s) {
            lite_stmt *next = s->next;
            db_stmt_base_free(&s->base);
            sqlite3_finalize(s->st);
            free(s->sql);
            free(s);
            s = next;
        }
    }
    sqlite3_close(ld->conn);
    free(ld);
}

static bool lite_exec(db *d, const char *sql, dj_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(LDB(d)->conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
        dj_err_set(err, "internal", "", "数据库错误: %s", msg ? msg : sqlite3_errmsg(LDB(d)->conn));
        sqlite3_free(msg);
        return false;
    }
    return true;
}

static db_stmt *lite_prepare(db *d, const char *sql)
{
    lite_db *ld = LDB(d);
    unsigned b = db_hash_sql(sql) % STMT_BUCKETS;
    for (lite_stmt *s = ld->cache[b]; s; s = s->next) {
        if (strcmp(s->sql, sql) == 0) {
            sqlite3_reset(s->st);
            sqlite3_clear_bindings(s->st);
            return &s->base;
        }
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(ld->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "dangjian: bad SQL (%s): %s\n", sqlite3_errmsg(ld->conn), sql);
        abort();
    }
    lite_stmt *s = xcalloc(1, sizeof *s);
    s->base.owner = d;
    s->sql = xstrdup(sql);
    s->st = st;
    s->next = ld->cache[b];
    ld->cache[b] = s;
    return &s->base;
}

static void lite_bind_int(db_stmt *s, int idx, int64_t v) { sqlite3_bind_int64(LST(s), idx, v); }
static void lite_bind_double(db_stmt *s, int idx, double v) { sqlite3_bind_double(LST(s), idx, v); }
static void lite_bind_null(db_stmt *s, int idx) { sqlite3_bind_null(LST(s), idx); }
static void lite_bind_text(db_stmt *s, int idx, const char *v)
{
    sqlite3_bind_text(LST(s), idx, v, -1, SQLITE_TRANSIENT);
}

static void lite_bind_text_static(db_stmt *s, int idx, const char *v)
{
    sqlite3_bind_text(LST(s), idx, v, -1, SQLITE_STATIC);
}

static void lite_bind_blob(db_stmt *s, int idx, const void *data, size_t len)
{
    /* A zero-length blob is still a blob, not NULL. */
    sqlite3_bind_blob64(LST(s), idx, data ? data : "", (sqlite3_uint64)len, SQLITE_TRANSIENT);
}

static int lite_step(db_stmt *s, dj_err *err)
{
    sqlite3_stmt *st = LST(s);
    sqlite3 *conn = LDB(s->owner)->conn;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        return 0;
    }
    int ext = sqlite3_extended_errcode(conn);
    const char *msg = sqlite3_errmsg(conn);
    if ((ext & 0xff) == SQLITE_CONSTRAINT)
        dj_err_set(err, "conflict", "", "数据冲突: %s", msg);
    else if ((ext & 0xff) == SQLITE_BUSY)
        dj_err_set(err, "unavailable", "", "数据库忙，请稍后重试");
    else
        dj_err_set(err, "internal", "", "数据库错误: %s", msg);
    sqlite3_reset(st);
    return -1;
}

static void lite_reset(db_stmt *s) { sqlite3_reset(LST(s)); }

static int lite_col_count(db_stmt *s) { return sqlite3_column_count(LST(s)); }
static const char *lite_col_name(db_stmt *s, int col) { return sqlite3_column_name(LST(s), col); }
static bool lite_col_is_null(db_stmt *s, int col) { return sqlite3_column_type(LST(s), col) == SQLITE_NULL; }
static int64_t lite_col_int(db_stmt *s, int col) { return sqlite3_column_int64(LST(s), col); }
static double lite_col_double(db_stmt *s, int col) { return sqlite3_column_double(LST(s), col); }
static const char *lite_col_text(db_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(LST(s), col);
    return t ? (const char *)t : "";
}

static const void *lite_col_blob(db_stmt *s, int col, size_t *len)
{
    const void *p = sqlite3_column_blob(LST(s), col);
    *len = p ? (size_t)sqlite3_column_bytes(LST(s), col) : 0;
    return p;
}

static json_t *lite_col_json(db_stmt *s, int col)
{
    sqlite3_stmt *st = LST(s);
    switch (sqlite3_column_type(st, col)) {
    case SQLITE_NULL: return json_null();
    case SQLITE_INTEGER: return json_integer(sqlite3_column_int64(st, col));
    case SQLITE_FLOAT: return json_real(sqlite3_column_double(st, col));
    case SQLITE_BLOB: { /* read as bytes, not converted: db_col_blob still sees a blob */
        const char *b = sqlite3_column_blob(st, col);
        return json_stringn(b ? b : "", (size_t)sqlite3_column_bytes(st, col)); /* NULL if not UTF-8 */
    }
    default: {
        const char *t = (const char *)sqlite3_column_text(st, col);
        return json_stringn(t, (size_t)sqlite3_column_bytes(st, col)); /* NULL if not UTF-8 */
    }
    }
}

static db_kind lite_col_kind(db_stmt *s, int col)
{
    switch (sqlite3_column_type(LST(s), col)) {
    case SQLITE_NULL: return DB_KIND_NULL;
    case SQLITE_INTEGER: return DB_KIND_INT;
    case SQLITE_FLOAT: return DB_KIND_REAL;
    case SQLITE_BLOB: return DB_KIND_BLOB;
    default: return DB_KIND_TEXT;
    }
}

static bool lite_begin(db *d, dj_err *err) { return lite_exec(d, "BEGIN IMMEDIATE", err); }
static bool lite_commit(db *d, dj_err *err) { return lite_exec(d, "COMMIT", err); }
static void lite_rollback(db *d)
{
    if (!sqlite3_get_autocommit(LDB(d)->conn))
        sqlite3_exec(LDB(d)->conn, "ROLLBACK", NULL, NULL, NULL);
}

static int64_t lite_last_id(db *d) { return sqlite3_last_insert_rowid(LDB(d)->conn); }
static int lite_changes(db *d) { return sqlite3_changes(LDB(d)->conn); }

static bool lite_backup_to(db *d, const char *path, dj_err *err)
{
    if (access(path, F_OK) == 0)
        return dj_err_set(err, "bad_request", "out", "目标文件已存在: %s", path);
    sqlite3 *dst = NULL;
    if (sqlite3_open(path, &dst) != SQLITE_OK) {
        dj_err_set(err, "internal", "out", "无法创建备份文件 %s", path);
        sqlite3_close(dst);
        return false;
    }
    /* The backup API copies a consistent snapshot even while other processes write. */
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", LDB(d)->conn, "main");
    int rc = SQLITE_ERROR;
    if (b) {
        do {
            rc = sqlite3_backup_step(b, -1); /* one pass: a read snapshot in WAL, writers go on */
            if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                sqlite3_sleep(20);
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(b);
    }
    if (rc != SQLITE_DONE) {
        dj_err_set(err, "internal", "", "备份失败: %s", sqlite3_errmsg(dst));
        sqlite3_close(dst);
        unlink(path);
        return false;
    }
    sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    sqlite3_close(dst);
    return true;
}

/* PRAGMA data_version moves when another connection (or process) commits; the total of rows
 * changed through this connection covers its own writes. */
static bool lite_data_version(db *d, uint64_t v[2])
{
    db_stmt *s = lite_prepare(d, "PRAGMA data_version");
    if (lite_step(s, NULL) != 1)
        return false;
    v[0] = (uint64_t)sqlite3_column_int64(LST(s), 0);
    sqlite3_reset(LST(s));
    v[1] = (uint64_t)sqlite3_total_changes64(LDB(d)->conn);
    return true;
}

static const db_ops lite_ops = {
    .data_version = lite_data_version,
    .name = "sqlite",
    .dialect = DB_SQLITE,
    .close = lite_close,
    .exec = lite_exec,
    .prepare = lite_prepare,
    .bind_int = lite_bind_int,
    .bind_double = lite_bind_double,
    .bind_text = lite_bind_text,
    .bind_text_static = lite_bind_text_static,
    .bind_null = lite_bind_null,
    .bind_blob = lite_bind_blob,
    .step = lite_step,
    .reset = lite_reset,
    .col_count = lite_col_count,
    .col_name = lite_col_name,
    .col_is_null = lite_col_is_null,
    .col_int = lite_col_int,
    .col_double = lite_col_double,
    .col_text = lite_col_text,
    .col_blob = lite_col_blob,
    .col_json = lite_col_json,
    .col_kind = lite_col_kind,
    .begin = lite_begin,
    .commit = lite_commit,
    .rollback = lite_rollback,
    .last_id = lite_last_id,
    .changes = lite_changes,
    .backup_to = lite_backup_to,
};
