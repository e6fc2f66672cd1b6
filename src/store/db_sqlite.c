/* db_sqlite.c: the SQLite backend of db.h. */
#include "db.h"

#include "core/arena.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { STMT_BUCKETS = 128 };

struct db_stmt {
    db_stmt *next; /* bucket chain */
    char *sql;
    sqlite3_stmt *st;
    db *owner;
};

struct db {
    sqlite3 *conn;
    db_stmt *cache[STMT_BUCKETS];
};

static unsigned hash_sql(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

db *db_open(const char *url, dj_err *err)
{
    sqlite3 *conn = NULL;
    int rc = sqlite3_open_v2(url, &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        dj_err_set(err, "internal", "", "无法打开数据库 %s: %s", url, conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
        sqlite3_close(conn);
        return NULL;
    }
    sqlite3_busy_timeout(conn, 10000);
    db *d = xcalloc(1, sizeof *d);
    d->conn = conn;
    if (!db_exec(d, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
                    " PRAGMA temp_store=MEMORY; PRAGMA cache_size=-8000;", err)) {
        db_close(d);
        return NULL;
    }
    return d;
}

void db_close(db *d)
{
    if (!d)
        return;
    for (int i = 0; i < STMT_BUCKETS; i++) {
        db_stmt *s = d->cache[i];
        while (s) {
            db_stmt *next = s->next;
            sqlite3_finalize(s->st);
            free(s->sql);
            free(s);
            s = next;
        }
    }
    sqlite3_close(d->conn);
    free(d);
}

bool db_exec(db *d, const char *sql, dj_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(d->conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
        dj_err_set(err, "internal", "", "数据库错误: %s", msg ? msg : sqlite3_errmsg(d->conn));
        sqlite3_free(msg);
        return false;
    }
    return true;
}

db_stmt *db_prepare(db *d, const char *sql)
{
    unsigned b = hash_sql(sql) % STMT_BUCKETS;
    for (db_stmt *s = d->cache[b]; s; s = s->next) {
        if (strcmp(s->sql, sql) == 0) {
            sqlite3_reset(s->st);
            sqlite3_clear_bindings(s->st);
            return s;
        }
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(d->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "dangjian: bad SQL (%s): %s\n", sqlite3_errmsg(d->conn), sql);
        abort();
    }
    db_stmt *s = xcalloc(1, sizeof *s);
    s->sql = xstrdup(sql);
    s->st = st;
    s->owner = d;
    s->next = d->cache[b];
    d->cache[b] = s;
    return s;
}

void db_bind_int(db_stmt *s, int idx, int64_t v) { sqlite3_bind_int64(s->st, idx, v); }
void db_bind_double(db_stmt *s, int idx, double v) { sqlite3_bind_double(s->st, idx, v); }
void db_bind_null(db_stmt *s, int idx) { sqlite3_bind_null(s->st, idx); }
void db_bind_text(db_stmt *s, int idx, const char *v)
{
    if (v)
        sqlite3_bind_text(s->st, idx, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s->st, idx);
}

int db_step(db_stmt *s, dj_err *err)
{
    int rc = sqlite3_step(s->st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE) {
        sqlite3_reset(s->st);
        return 0;
    }
    int ext = sqlite3_extended_errcode(s->owner->conn);
    const char *msg = sqlite3_errmsg(s->owner->conn);
    if ((ext & 0xff) == SQLITE_CONSTRAINT)
        dj_err_set(err, "conflict", "", "数据冲突: %s", msg);
    else if ((ext & 0xff) == SQLITE_BUSY)
        dj_err_set(err, "unavailable", "", "数据库忙，请稍后重试");
    else
        dj_err_set(err, "internal", "", "数据库错误: %s", msg);
    sqlite3_reset(s->st);
    return -1;
}

void db_reset(db_stmt *s) { sqlite3_reset(s->st); }

bool db_run(db_stmt *s, dj_err *err)
{
    int rc;
    while ((rc = db_step(s, err)) == 1)
        ;
    return rc == 0;
}

int db_col_count(db_stmt *s) { return sqlite3_column_count(s->st); }
const char *db_col_name(db_stmt *s, int col) { return sqlite3_column_name(s->st, col); }
bool db_col_is_null(db_stmt *s, int col) { return sqlite3_column_type(s->st, col) == SQLITE_NULL; }
int64_t db_col_int(db_stmt *s, int col) { return sqlite3_column_int64(s->st, col); }
double db_col_double(db_stmt *s, int col) { return sqlite3_column_double(s->st, col); }
const char *db_col_text(db_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s->st, col);
    return t ? (const char *)t : "";
}

json_t *db_row_json(db_stmt *s)
{
    json_t *o = json_object();
    int n = sqlite3_column_count(s->st);
    for (int i = 0; i < n; i++) {
        const char *name = sqlite3_column_name(s->st, i);
        size_t nl = strlen(name);
        json_t *v;
        switch (sqlite3_column_type(s->st, i)) {
        case SQLITE_NULL: v = json_null(); break;
        case SQLITE_INTEGER: v = json_integer(sqlite3_column_int64(s->st, i)); break;
        case SQLITE_FLOAT: v = json_real(sqlite3_column_double(s->st, i)); break;
        default: {
            const char *t = (const char *)sqlite3_column_text(s->st, i);
            int len = sqlite3_column_bytes(s->st, i);
            if (nl > 5 && strcmp(name + nl - 5, "_json") == 0) {
                v = json_loadb(t, (size_t)len, JSON_DECODE_ANY, NULL);
                if (!v)
                    v = json_null();
            } else {
                v = json_stringn(t, (size_t)len);
                if (!v)
                    v = json_null();
            }
        }
        }
        if (nl > 5 && strcmp(name + nl - 5, "_json") == 0) {
            char key[64];
            snprintf(key, sizeof key, "%.*s", (int)(nl - 5), name);
            json_object_set_new(o, key, v);
        } else {
            json_object_set_new(o, name, v);
        }
    }
    return o;
}

bool db_begin(db *d, dj_err *err) { return db_exec(d, "BEGIN IMMEDIATE", err); }
bool db_commit(db *d, dj_err *err) { return db_exec(d, "COMMIT", err); }
void db_rollback(db *d)
{
    if (!sqlite3_get_autocommit(d->conn))
        sqlite3_exec(d->conn, "ROLLBACK", NULL, NULL, NULL);
}

int64_t db_last_id(db *d) { return sqlite3_last_insert_rowid(d->conn); }
int db_changes(db *d) { return sqlite3_changes(d->conn); }
const char *db_backend(db *d) { (void)d; return "sqlite"; }

bool db_backup_to(db *d, const char *path, dj_err *err)
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
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", d->conn, "main");
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
