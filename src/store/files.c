/* files.c: files kept beside their owner (files.h). The table and column names come from the
 * code's file_table constants, never from a request; every value is a bound parameter. */
#include "store/files.h"

#include "core/arena.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SQL_MAX = 600 };

/* "owner = ?" or "owner = ? AND part = ?": the owner's condition, its values bound from index i. */
static void owner_where(const file_table *t, char *out, size_t n)
{
    if (t->part)
        snprintf(out, n, "%s = ? AND %s = ?", t->owner, t->part);
    else
        snprintf(out, n, "%s = ?", t->owner);
}

static int bind_owner(db_stmt *s, const file_table *t, file_owner o)
{
    db_bind_int(s, 1, o.id);
    if (!t->part)
        return 2;
    db_bind_int(s, 2, o.part);
    return 3;
}

/* The columns of a file without its bytes. */
static void columns(const file_table *t, char *out, size_t n)
{
    snprintf(out, n, "id, %s, %s%sname, content_type, size, created_at", t->owner, t->part ? t->part : "",
             t->part ? ", " : "");
}

/* One row or NULL + err (not_found when there is none). */
static json_t *one_row(db_stmt *s, const file_table *t, dj_err *err)
{
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "%s", t->missing);
        return NULL;
    }
    json_t *row = db_row_json(s);
    db_reset(s);
    return row;
}

json_t *file_add_e(db *d, const file_table *t, file_owner o, const char *name, const char *content_type,
                   const void *data, size_t len, const char *sha256, const char *created_by, dj_err *err)
{
    char now[32], sql[SQL_MAX], cols[160];
    store_now(now);
    columns(t, cols, sizeof cols);
    snprintf(sql, sizeof sql,
             "INSERT INTO %s (%s%s%s, name, content_type, size, sha256, data, created_at, created_by)"
             " VALUES (?%s, ?, ?, ?, ?, ?, ?, ?) RETURNING %s",
             t->table, t->owner, t->part ? ", " : "", t->part ? t->part : "", t->part ? ", ?" : "", cols);
    db_stmt *s = db_prepare(d, sql);
    int i = bind_owner(s, t, o);
    db_bind_text(s, i, name);
    db_bind_text(s, i + 1, content_type);
    db_bind_int(s, i + 2, (int64_t)len);
    db_bind_text(s, i + 3, sha256);
    db_bind_blob(s, i + 4, data, len);
    db_bind_text(s, i + 5, now);
    db_bind_text(s, i + 6, created_by);
    return one_row(s, t, err);
}

json_t *files_of_e(db *d, const file_table *t, file_owner o, dj_err *err)
{
    char sql[SQL_MAX], cols[160], where[120];
    columns(t, cols, sizeof cols);
    owner_where(t, where, sizeof where);
    snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE %s ORDER BY id", cols, t->table, where);
    db_stmt *s = db_prepare(d, sql);
    bind_owner(s, t, o);
    return db_rows_json(s, NULL, err);
}

json_t *file_read_e(db *d, const file_table *t, file_owner o, int64_t id, dj_err *err)
{
    char sql[SQL_MAX], cols[160], where[120];
    columns(t, cols, sizeof cols);
    owner_where(t, where, sizeof where);
    snprintf(sql, sizeof sql, "SELECT %s, sha256 FROM %s WHERE %s AND id = ?", cols, t->table, where);
    db_stmt *s = db_prepare(d, sql);
    db_bind_int(s, bind_owner(s, t, o), id);
    return one_row(s, t, err);
}

void *file_data_e(db *d, const file_table *t, file_owner o, int64_t id, size_t *len, dj_err *err)
{
    char sql[SQL_MAX], where[120];
    owner_where(t, where, sizeof where);
    snprintf(sql, sizeof sql, "SELECT data FROM %s WHERE %s AND id = ?", t->table, where);
    db_stmt *s = db_prepare(d, sql);
    db_bind_int(s, bind_owner(s, t, o), id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "%s", t->missing);
        return NULL;
    }
    const void *p = db_col_blob(s, 0, len);
    void *out = xmalloc(*len + 1);
    if (*len)
        memcpy(out, p, *len);
    db_reset(s);
    return out;
}

bool file_delete(db *d, const file_table *t, file_owner o, int64_t id, dj_err *err)
{
    char sql[SQL_MAX], where[120];
    owner_where(t, where, sizeof where);
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE %s AND id = ?", t->table, where);
    db_stmt *s = db_prepare(d, sql);
    db_bind_int(s, bind_owner(s, t, o), id);
    if (!db_run(s, err))
        return false;
    if (db_changes(d) == 0)
        return dj_err_set(err, "not_found", "", "%s", t->missing);
    return true;
}
