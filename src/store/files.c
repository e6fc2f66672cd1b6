/* files.c: files kept beside their owner (files.h). The table and column names come from the
 * code's file_table constants, never from a request; every value is a bound parameter. */
#include "store/files.h"

#include "core/arena.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SQL_MAX = 512 };

static db_stmt *prepare(db *d, const char *fmt, const file_table *t)
{
    char sql[SQL_MAX];
    snprintf(sql, sizeof sql, fmt, t->owner, t->table, t->owner);
    return db_prepare(d, sql);
}

/* One row or NULL + err (not_found when there is none). */
static json_t *one_row(db_stmt *s, const file_table *t, dj_err *err)
{
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", t->missing);
        return NULL;
    }
    json_t *row = db_row_json(s);
    db_reset(s);
    return row;
}

json_t *file_add_e(db *d, const file_table *t, int64_t owner_id, const char *name, const char *content_type,
                   const void *data, size_t len, const char *sha256, const char *created_by, dj_err *err)
{
    char now[32], sql[SQL_MAX];
    store_now(now);
    snprintf(sql, sizeof sql,
             "INSERT INTO %s (%s, name, content_type, size, sha256, data, created_at, created_by)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, %s, name, content_type, size, created_at",
             t->table, t->owner, t->owner);
    db_stmt *s = db_prepare(d, sql);
    db_bind_int(s, 1, owner_id);
    db_bind_text(s, 2, name);
    db_bind_text(s, 3, content_type);
    db_bind_int(s, 4, (int64_t)len);
    db_bind_text(s, 5, sha256);
    db_bind_blob(s, 6, data, len);
    db_bind_text(s, 7, now);
    db_bind_text(s, 8, created_by);
    return one_row(s, t, err);
}

json_t *files_of_e(db *d, const file_table *t, int64_t owner_id, dj_err *err)
{
    db_stmt *s = prepare(d, "SELECT id, %s, name, content_type, size, created_at FROM %s WHERE %s = ? ORDER BY id", t);
    db_bind_int(s, 1, owner_id);
    return db_rows_json(s, NULL, err);
}

json_t *file_read_e(db *d, const file_table *t, int64_t owner_id, int64_t id, dj_err *err)
{
    db_stmt *s = prepare(d, "SELECT id, %s, name, content_type, size, created_at, sha256 FROM %s WHERE %s = ? AND id = ?",
                         t);
    db_bind_int(s, 1, owner_id);
    db_bind_int(s, 2, id);
    return one_row(s, t, err);
}

void *file_data_e(db *d, const file_table *t, int64_t owner_id, int64_t id, size_t *len, dj_err *err)
{
    char sql[SQL_MAX];
    snprintf(sql, sizeof sql, "SELECT data FROM %s WHERE %s = ? AND id = ?", t->table, t->owner);
    db_stmt *s = db_prepare(d, sql);
    db_bind_int(s, 1, owner_id);
    db_bind_int(s, 2, id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", t->missing);
        return NULL;
    }
    const void *p = db_col_blob(s, 0, len);
    void *out = xmalloc(*len + 1);
    if (*len)
        memcpy(out, p, *len);
    db_reset(s);
    return out;
}

bool file_delete(db *d, const file_table *t, int64_t owner_id, int64_t id, dj_err *err)
{
    char sql[SQL_MAX];
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE %s = ? AND id = ?", t->table, t->owner);
    db_stmt *s = db_prepare(d, sql);
    db_bind_int(s, 1, owner_id);
    db_bind_int(s, 2, id);
    if (!db_run(s, err))
        return false;
    if (db_changes(d) == 0)
        return dj_err_set(err, "not_found", "", t->missing);
    return true;
}
