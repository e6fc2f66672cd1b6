/* db.c: db.h's public functions, forwarded to the backend of the handle (db_impl.h). */
#include "store/db_impl.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

bool db_url_is_postgres(const char *url)
{
    return url && (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0);
}

void db_url_for_humans(const char *url, char *out, size_t n)
{
    if (!db_url_is_postgres(url)) {
        snprintf(out, n, "%s", url);
        return;
    }
    const char *start = strstr(url, "://") + 3;
    const char *at = strchr(start, '@'), *slash = strchr(start, '/');
    const char *colon = strchr(start, ':');
    if (at && (!slash || at < slash) && colon && colon < at)
        snprintf(out, n, "%.*s:***%s", (int)(colon - url), url, at);
    else
        snprintf(out, n, "%s", url);
    char *q = strchr(out, '?');
    if (q && strstr(q, "password"))
        *q = '\0';
}

unsigned db_hash_sql(const char *sql)
{
    /* The length and the last 64 bytes: statements differ most at their ends (the WHERE, the
     * VALUES), and a bucket's statements are told apart by strcmp anyway. Hashing every byte
     * of a long INSERT on every row was 2% of an import. */
    size_t len = strlen(sql);
    unsigned h = 2166136261u ^ (unsigned)len;
    for (const char *p = len > 64 ? sql + len - 64 : sql; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    return h;
}

db *db_open(const char *url, dj_err *err)
{
    return db_url_is_postgres(url) ? db_pg_open(url, err) : db_sqlite_open(url, err);
}

void db_close(db *d)
{
    if (d) {
        db_cache_free(d);
        d->ops->close(d);
    }
}

bool db_exec(db *d, const char *sql, dj_err *err) { return d->ops->exec(d, sql, err); }
db_stmt *db_prepare(db *d, const char *sql) { return d->ops->prepare(d, sql); }

void db_bind_int(db_stmt *s, int idx, int64_t v) { s->owner->ops->bind_int(s, idx, v); }
void db_bind_double(db_stmt *s, int idx, double v) { s->owner->ops->bind_double(s, idx, v); }
void db_bind_null(db_stmt *s, int idx) { s->owner->ops->bind_null(s, idx); }
void db_bind_blob(db_stmt *s, int idx, const void *data, size_t len) { s->owner->ops->bind_blob(s, idx, data, len); }
void db_bind_text_static(db_stmt *s, int idx, const char *v)
{
    if (v && s->owner->ops->bind_text_static)
        s->owner->ops->bind_text_static(s, idx, v);
    else
        db_bind_text(s, idx, v);
}

void db_bind_text(db_stmt *s, int idx, const char *v)
{
    if (v)
        s->owner->ops->bind_text(s, idx, v);
    else
        s->owner->ops->bind_null(s, idx);
}

int db_step(db_stmt *s, dj_err *err) { return s->owner->ops->step(s, err); }
void db_reset(db_stmt *s) { s->owner->ops->reset(s); }
void db_stream(db_stmt *s)
{
    if (s->owner->ops->stream)
        s->owner->ops->stream(s);
}

bool db_run(db_stmt *s, dj_err *err)
{
    int rc;
    while ((rc = db_step(s, err)) == 1)
        ;
    return rc == 0;
}

int db_col_count(db_stmt *s) { return s->owner->ops->col_count(s); }
const char *db_col_name(db_stmt *s, int col) { return s->owner->ops->col_name(s, col); }
bool db_col_is_null(db_stmt *s, int col) { return s->owner->ops->col_is_null(s, col); }
int64_t db_col_int(db_stmt *s, int col) { return s->owner->ops->col_int(s, col); }
double db_col_double(db_stmt *s, int col) { return s->owner->ops->col_double(s, col); }
const char *db_col_text(db_stmt *s, int col) { return s->owner->ops->col_text(s, col); }
const void *db_col_blob(db_stmt *s, int col, size_t *len) { return s->owner->ops->col_blob(s, col, len); }

json_t *db_row_json(db_stmt *s)
{
    json_t *o = json_object();
    int n = db_col_count(s);
    for (int i = 0; i < n; i++) {
        const char *name = db_col_name(s, i);
        size_t nl = strlen(name);
        bool is_json = nl > 5 && strcmp(name + nl - 5, "_json") == 0;
        json_t *v = NULL;
        if (is_json && !db_col_is_null(s, i)) {
            const char *t = db_col_text(s, i);
            v = json_loadb(t, strlen(t), JSON_DECODE_ANY, NULL);
        } else {
            v = s->owner->ops->col_json(s, i);
        }
        if (!v)
            v = json_null();
        if (is_json) {
            char key[64];
            snprintf(key, sizeof key, "%.*s", (int)(nl - 5), name);
            json_object_set_new(o, key, v);
        } else {
            json_object_set_new(o, name, v);
        }
    }
    return o;
}

json_t *db_rows_json(db_stmt *s, void (*fix)(json_t *row), dj_err *err)
{
    json_t *a = json_array();
    int rc;
    while ((rc = db_step(s, err)) == 1) {
        json_t *o = db_row_json(s);
        if (fix)
            fix(o);
        json_array_append_new(a, o);
    }
    if (rc < 0) {
        json_decref(a);
        return NULL;
    }
    return a;
}

db_kind db_col_kind(db_stmt *s, int col) { return s->owner->ops->col_kind(s, col); }


static void col_keys_fill(db_stmt *s)
{
    int n = db_col_count(s);
    s->keys = xcalloc((size_t)(n ? n : 1), sizeof *s->keys);
    for (int i = 0; i < n; i++) {
        db_col_key *k = &s->keys[i];
        k->name = xstrdup(db_col_name(s, i));
        size_t nl = strlen(k->name);
        k->is_json = nl > 5 && strcmp(k->name + nl - 5, "_json") == 0;
        size_t kl = k->is_json ? nl - 5 : nl;
        k->key = xmalloc(kl + 4);
        k->key[0] = '"';
        memcpy(k->key + 1, k->name, kl);
        memcpy(k->key + 1 + kl, "\":", 3);
        k->key_len = kl + 3;
    }
    s->nkeys = n;
}

void db_stmt_base_free(db_stmt *s)
{
    for (int i = 0; i < s->nkeys; i++) {
        free(s->keys[i].key);
        free(s->keys[i].name);
    }
    free(s->keys);
    s->keys = NULL;
    s->nkeys = 0;
}

void db_row_write_json(db_stmt *s, buf *out, db_json_filter filter, void *arg)
{
    if (!s->keys)
        col_keys_fill(s);
    bool first = true;
    buf_append(out, "{", 1);
    for (int i = 0; i < s->nkeys; i++) {
        const db_col_key *k = &s->keys[i];
        db_kind kind = db_col_kind(s, i);
        const char *text = kind == DB_KIND_TEXT ? db_col_text(s, i) : NULL;
        if (filter && !filter(arg, k->name, &text))
            continue;
        if (!first)
            buf_append(out, ",", 1);
        first = false;
        buf_append(out, k->key, k->key_len);
        char num[64];
        switch (kind) {
        case DB_KIND_NULL: buf_append(out, "null", 4); break;
        case DB_KIND_BOOL: buf_puts(out, db_col_int(s, i) ? "true" : "false"); break;
        case DB_KIND_INT: {
            /* Decimal by hand: snprintf's format parsing showed in the list's profile. */
            int64_t v = db_col_int(s, i);
            uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            char *e = num + sizeof num, *p = e;
            do
                *--p = (char)('0' + u % 10);
            while (u /= 10);
            if (v < 0)
                *--p = '-';
            buf_append(out, p, (size_t)(e - p));
            break;
        }
        case DB_KIND_REAL: snprintf(num, sizeof num, "%.15g", db_col_double(s, i)); buf_puts(out, num); break;
        case DB_KIND_TEXT:
            if (k->is_json)
                buf_puts(out, text);
            else
                json_write_string(out, text);
            break;
        case DB_KIND_BLOB: buf_append(out, "null", 4); break; /* bytes are never listed as JSON */
        }
    }
    buf_append(out, "}", 1);
}

bool db_begin(db *d, dj_err *err) { return d->ops->begin(d, err); }
bool db_commit(db *d, dj_err *err) { return d->ops->commit(d, err); }
void db_rollback(db *d) { d->ops->rollback(d); }

int64_t db_last_id(db *d) { return d->ops->last_id(d); }
int db_changes(db *d) { return d->ops->changes(d); }
bool db_backup_to(db *d, const char *path, dj_err *err) { return d->ops->backup_to(d, path, err); }
const char *db_backend(db *d) { return d->ops->name; }
db_dialect db_dialect_of(db *d) { return d->ops->dialect; }

bool db_json_truthy(const json_t *v)
{
    return json_is_true(v) || (json_is_integer(v) && json_integer_value(v) != 0);
}
