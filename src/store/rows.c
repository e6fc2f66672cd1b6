#include "store/rows.h"

#include "core/buf.h"
#include "core/json.h"
#include "store/module.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Secrets never reach the audit log. */
static json_t *redact(json_t *row)
{
    if (row)
        json_object_del(row, "password_hash");
    return row;
}

const char *row_object_type(const char *table)
{
    const store_table *t = store_table_find(table);
    return t && t->object_type ? t->object_type : table;
}

json_t *row_get_e(db *d, const char *table, int64_t id, dj_err *err)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE id = ?", table);
    db_stmt *s = db_prepare(d, sql);
    db_bind_int(s, 1, id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "记录不存在");
        return NULL;
    }
    json_t *row = redact(db_row_json(s));
    db_reset(s);
    return row;
}

json_t *row_get(db *d, const char *table, int64_t id)
{
    return row_get_e(d, table, id, NULL);
}

static bool column_allowed(const char *const *columns, const char *key)
{
    for (; *columns; columns++)
        if (strcmp(*columns, key) == 0)
            return true;
    return false;
}

static void bind_value(db_stmt *s, int idx, const json_t *v)
{
    if (json_is_string(v))
        db_bind_text(s, idx, json_string_value(v));
    else if (json_is_integer(v))
        db_bind_int(s, idx, json_integer_value(v));
    else if (json_is_real(v))
        db_bind_double(s, idx, json_real_value(v));
    else if (json_is_true(v))
        db_bind_int(s, idx, 1);
    else if (json_is_false(v))
        db_bind_int(s, idx, 0);
    else if (json_is_array(v) || json_is_object(v)) {
        char *t = json_compact(v);
        db_bind_text(s, idx, t);
        free(t);
    } else
        db_bind_null(s, idx);
}

/* Binds the values of fields' allowed columns from index idx on, in the object's order (the
 * order the SQL named them); returns the next index. */
static int bind_columns(db_stmt *s, const char *const *columns, const json_t *fields, int idx)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)fields, key, v) {
        if (column_allowed(columns, key))
            bind_value(s, idx++, v);
    }
    return idx;
}

bool row_insert(db *d, const char *table, const char *const *columns, const json_t *fields,
                const dj_actor *who, int64_t *id, dj_err *err)
{
    buf sql = {0}, vals = {0};
    buf_printf(&sql, "INSERT INTO %s (", table);
    const char *key;
    json_t *v;
    int n = 0;
    json_object_foreach((json_t *)fields, key, v) {
        if (!column_allowed(columns, key))
            continue;
        buf_printf(&sql, "%s, ", key);
        buf_puts(&vals, "?, ");
        n++;
    }
    buf_printf(&sql, "version, created_at, updated_at) VALUES (%s1, ?, ?) RETURNING id", vals.data ? vals.data : "");
    db_stmt *s = db_prepare(d, sql.data);
    buf_free(&sql);
    buf_free(&vals);
    int idx = bind_columns(s, columns, fields, 1);
    char now[32];
    store_now(now);
    db_bind_text(s, idx++, now);
    db_bind_text(s, idx++, now);
    (void)n;
    int rc = db_step(s, err);
    if (rc != 1)
        return rc == 0 ? dj_err_set(err, "internal", "", "INSERT 未返回 id") : false;
    *id = db_col_int(s, 0);
    if (!db_run(s, err))
        return false;
    json_t *after = row_get_e(d, table, *id, err);
    if (!after)
        return false;
    bool ok = audit_write(d, who, "create", row_object_type(table), *id, NULL, after, err);
    json_decref(after);
    return ok;
}

/* Reports why an update touched no row: gone, deleted or stale. */
/* Whether a row is soft-deleted (tables without deleted_at never are). */
static bool row_deleted(const json_t *row)
{
    json_t *v = json_object_get(row, "deleted_at");
    return v && !json_is_null(v);
}

static bool explain_miss(db *d, const char *table, int64_t id, bool want_deleted, dj_err *err)
{
    json_t *row = row_get_e(d, table, id, err);
    if (!row)
        return false; /* "not_found", or the read's own error */
    bool deleted = row_deleted(row);
    json_decref(row);
    if (want_deleted && !deleted)
        return dj_err_set(err, "conflict", "", "该记录未被删除，无需恢复");
    if (deleted != want_deleted)
        return dj_err_set(err, "not_found", "", "记录不存在");
    return dj_err_set(err, "conflict", "version", "数据已被他人修改，请刷新后重试");
}

bool row_update(db *d, const char *table, const char *const *columns, int64_t id, int64_t version,
                const json_t *fields, bool touch, const char *action, const dj_actor *who, dj_err *err)
{
    json_t *before = row_get_e(d, table, id, err);
    if (!before)
        return false;
    if (row_deleted(before)) {
        json_decref(before);
        return dj_err_set(err, "not_found", "", "记录不存在");
    }
    /* A change that would leave every column as it is writes nothing: no new version (which
     * would turn a colleague's open form stale for nothing) and no audit record. The UPDATE
     * below therefore also requires that some column differs. */
    buf sql = {0}, differs = {0};
    buf_printf(&sql, "UPDATE %s SET ", table);
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)fields, key, v) {
        if (column_allowed(columns, key)) {
            buf_printf(&sql, "%s = ?, ", key);
            buf_printf(&differs, "%s%s IS DISTINCT FROM ?", differs.len ? " OR " : "", key);
        }
    }
    buf_puts(&sql, "version = version + 1, updated_at = ? WHERE id = ? AND version = ?");
    if (json_object_get(before, "deleted_at"))
        buf_puts(&sql, " AND deleted_at IS NULL");
    if (!touch)
        buf_printf(&sql, " AND (%s)", differs.len ? differs.data : "1 = 0");
    buf_free(&differs);
    db_stmt *s = db_prepare(d, sql.data);
    buf_free(&sql);
    int idx = bind_columns(s, columns, fields, 1);
    char now[32];
    store_now(now);
    db_bind_text(s, idx++, now);
    db_bind_int(s, idx++, id);
    db_bind_int(s, idx++, version);
    json_object_foreach((json_t *)fields, key, v) {
        if (!touch && column_allowed(columns, key))
            bind_value(s, idx++, v);
    }
    if (!db_run(s, err)) {
        json_decref(before);
        return false;
    }
    if (db_changes(d) == 0) {
        /* Nothing to change, on the version the caller read: done. */
        bool same = json_integer_value(json_object_get(before, "version")) == version;
        json_decref(before);
        return same || explain_miss(d, table, id, false, err);
    }
    json_t *after = row_get_e(d, table, id, err);
    bool ok = after && audit_write(d, who, action, row_object_type(table), id, before, after, err);
    json_decref(before);
    json_decref(after);
    return ok;
}

bool row_set_deleted(db *d, const char *table, int64_t id, int64_t version, bool deleted,
                     const dj_actor *who, dj_err *err)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "UPDATE %s SET deleted_at = ?, version = version + 1, updated_at = ?"
             " WHERE id = ? AND version = ? AND deleted_at IS %s",
             table, deleted ? "NULL" : "NOT NULL");
    char now[32];
    store_now(now);
    /* A row that is not there is explained after the UPDATE changes nothing (explain_miss). */
    dj_err miss;
    json_t *before = row_get_e(d, table, id, &miss);
    if (!before && strcmp(miss.code, "not_found") != 0) {
        if (err)
            *err = miss;
        return false;
    }
    db_stmt *s = db_prepare(d, sql);
    db_bind_text(s, 1, deleted ? now : NULL);
    db_bind_text(s, 2, now);
    db_bind_int(s, 3, id);
    db_bind_int(s, 4, version);
    if (!db_run(s, err)) {
        json_decref(before);
        return false;
    }
    if (db_changes(d) == 0) {
        json_decref(before);
        return explain_miss(d, table, id, !deleted, err);
    }
    json_t *after = row_get_e(d, table, id, err);
    bool ok = after && audit_write(d, who, deleted ? "delete" : "restore", row_object_type(table), id, before, after, err);
    json_decref(before);
    json_decref(after);
    return ok;
}
