/* copy.c (store): what `dangjian copy` does: every table of one database into another, empty one (SQLite to
 * PostgreSQL, or back), then a check that both hold the same rows.
 *
 * The source is read in one snapshot; the target is migrated to the same steps (schema.h's
 * schema_state compares them), must be empty, and is written in one transaction (ids kept; PostgreSQL's identity sequences are
 * then moved past them; its indexes other than keys are built once, after the rows). The check reads each table from both sides ordered by its primary key
 * and hashes every value rendered from its type, the same way on both sides (an integer in
 * decimal, a double with 17 significant digits, text as its bytes, bytes (BLOB / BYTEA) in
 * lowercase hex), so REAL / DOUBLE PRECISION, text and bytes compare exactly. */
#include "store/copy.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "store/module.h"
#include "store/schema.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The tables come from the registry (module.h), in an order that satisfies their foreign
 * keys; a table of the source that no module registers stops the copy. */
typedef store_table copy_table;
enum { BATCH = 100, BATCH_BYTES = 64 << 20 };

static const char *order_of(db *d, const copy_table *t)
{
    return db_dialect_of(d) == DB_POSTGRES && t->key_pg ? t->key_pg : t->key;
}

bool copy_tables_known(db *d, const char *label)
{
    db_stmt *s = db_prepare(d, db_dialect_of(d) == DB_POSTGRES
                                   ? "SELECT table_name FROM information_schema.tables"
                                     " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
                                   : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                                     " AND name NOT LIKE 'members_fts%' ORDER BY 1");
    bool ok = true, any = false;
    int rc;
    dj_err err;
    while ((rc = db_step(s, &err)) == 1) {
        const char *name = db_col_text(s, 0);
        bool books = store_table_is_bookkeeping(name);
        any = any || books;
        if (!books && !store_table_find(name)) {
            fprintf(stderr, "dangjian: %s has a table '%s' that no module of this dangjian registers (src/store/modules.c)\n",
                    label, name);
            ok = false;
        }
    }
    if (rc < 0) {
        fprintf(stderr, "dangjian: reading the tables of %s failed: %s\n", label, err.message);
        return false;
    }
    if (ok && !any) {
        fprintf(stderr, "dangjian: %s is not a dangjian database (no schema_migrations)\n", label);
        ok = false;
    }
    return ok;
}

static bool count_rows(db *d, const char *table, int64_t *n, dj_err *err)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
    db_stmt *s = db_prepare(d, sql);
    if (db_step(s, err) != 1)
        return false;
    *n = db_col_int(s, 0);
    db_reset(s);
    return true;
}

/* The source's column names of a table, as "a, b, c", and their number; NULL + err when the
 * table cannot be read. */
static char *columns_of(db *d, const char *table, int *ncols, dj_err *err)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT * FROM %s LIMIT 1", table);
    db_stmt *s = db_prepare(d, sql);
    if (db_step(s, err) < 0) /* PostgreSQL names the columns of a result */
        return NULL;
    buf b = {0};
    *ncols = db_col_count(s);
    for (int i = 0; i < *ncols; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", db_col_name(s, i));
    db_reset(s);
    return buf_steal(&b, NULL);
}

/* The INSERT of rows rows of ncols values. */
static char *insert_sql(const char *table, const char *cols, int ncols, int rows)
{
    buf b = {0};
    buf_printf(&b, "INSERT INTO %s (%s) VALUES ", table, cols);
    for (int r = 0; r < rows; r++) {
        buf_puts(&b, r ? ", (" : "(");
        for (int c = 0; c < ncols; c++)
            buf_puts(&b, c ? ", ?" : "?");
        buf_puts(&b, ")");
    }
    return buf_steal(&b, NULL);
}

/* A blob travels in a row as {"blob": "<lowercase hex>"} (JSON has no bytes). */
static json_t *blob_json(db_stmt *s, int col)
{
    size_t n;
    const unsigned char *p = db_col_blob(s, col, &n);
    char *hex = xmalloc(2 * n + 1);
    sodium_bin2hex(hex, 2 * n + 1, p ? p : (const unsigned char *)"", n);
    json_t *o = json_pack("{s:s}", "blob", hex);
    free(hex);
    return o;
}

static void bind_json(db_stmt *s, int idx, const json_t *v)
{
    if (json_is_object(v)) {
        const char *hex = json_string_value(json_object_get(v, "blob"));
        size_t n = hex ? strlen(hex) / 2 : 0, got = 0;
        unsigned char *bytes = xmalloc(n + 1);
        if (hex)
            sodium_hex2bin(bytes, n + 1, hex, strlen(hex), NULL, &got, NULL);
        db_bind_blob(s, idx, bytes, got);
        free(bytes);
    } else if (json_is_integer(v))
        db_bind_int(s, idx, json_integer_value(v));
    else if (json_is_real(v))
        db_bind_double(s, idx, json_real_value(v));
    else if (json_is_string(v))
        db_bind_text(s, idx, json_string_value(v));
    else if (json_is_boolean(v))
        db_bind_int(s, idx, json_is_true(v));
    else
        db_bind_null(s, idx);
}

/* The current row's values by position (db_row_json keys them by name). NULL when a text value
 * is not valid UTF-8, which neither JSON nor PostgreSQL would carry. */
static json_t *row_values(db_stmt *s, int ncols)
{
    /* The kinds first: reading a SQLite blob as text would convert it. */
    bool blob[ncols > 0 ? ncols : 1];
    for (int i = 0; i < ncols; i++)
        blob[i] = db_col_kind(s, i) == DB_KIND_BLOB;
    json_t *o = db_row_json(s), *a = json_array();
    for (int i = 0; i < ncols; i++) {
        if (blob[i]) {
            json_array_append_new(a, blob_json(s, i));
            continue;
        }
        json_t *v = json_object_get(o, db_col_name(s, i));
        if (json_is_null(v) && !db_col_is_null(s, i)) {
            json_decref(o);
            json_decref(a);
            return NULL;
        }
        json_array_append(a, v ? v : json_null());
    }
    json_decref(o);
    return a;
}

static bool flush(db *dst, const char *table, const char *cols, int ncols, json_t *rows, dj_err *err)
{
    size_t n = json_array_size(rows), done = 0;
    while (done < n) {
        int take = n - done >= BATCH ? BATCH : 1; /* two statements per table: 100 rows, or one */
        char *sql = insert_sql(table, cols, ncols, take);
        db_stmt *s = db_prepare(dst, sql);
        free(sql);
        int idx = 1;
        for (int r = 0; r < take; r++) {
            json_t *row = json_array_get(rows, done + (size_t)r);
            for (int c = 0; c < ncols; c++)
                bind_json(s, idx++, json_array_get(row, (size_t)c));
        }
        if (!db_run(s, err))
            return false;
        done += (size_t)take;
    }
    json_array_clear(rows);
    return true;
}

static bool copy_table_rows(db *src, db *dst, const copy_table *t, int64_t *copied, dj_err *err)
{
    int ncols;
    char *cols = columns_of(src, t->name, &ncols, err);
    if (!cols)
        return false;
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT %s FROM %s ORDER BY %s", cols, t->name, t->copy_order ? t->copy_order : order_of(src, t));
    db_stmt *s = db_prepare(src, sql);
    db_stream(s); /* writes go to dst, another connection */
    json_t *rows = json_array();
    bool ok = true;
    int rc;
    size_t held = 0; /* hex of the blobs held in rows */
    *copied = 0;
    while (ok && (rc = db_step(s, err)) == 1) {
        json_t *row = row_values(s, ncols);
        if (!row) {
            ok = dj_err_set(err, "validation", "", "%s: a text value is not valid UTF-8 (row %lld)", t->name,
                            (long long)*copied + 1);
            break;
        }
        json_array_append_new(rows, row);
        (*copied)++;
        for (int c = 0; c < ncols; c++) {
            json_t *b = json_object_get(json_array_get(row, (size_t)c), "blob");
            held += b ? json_string_length(b) : 0;
        }
        if (json_array_size(rows) == BATCH || held > BATCH_BYTES) { /* a few large attachments: sooner */
            ok = flush(dst, t->name, cols, ncols, rows, err);
            held = 0;
        }
    }
    if (ok && rc < 0)
        ok = false;
    db_reset(s);
    ok = ok && flush(dst, t->name, cols, ncols, rows, err);
    json_decref(rows);
    free(cols);
    return ok;
}

/* PostgreSQL's identity sequence of table.id: next value past the largest id. */
static bool reset_sequence(db *dst, const char *table, dj_err *err)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE((SELECT MAX(id) FROM %s), 0) + 1, false)",
             table, table);
    return db_run(db_prepare(dst, sql), err);
}

static void hash_value(crypto_hash_sha256_state *st, const json_t *v)
{
    char tmp[48];
    if (json_is_integer(v)) {
        snprintf(tmp, sizeof tmp, "i%lld", (long long)json_integer_value(v));
    } else if (json_is_real(v)) {
        snprintf(tmp, sizeof tmp, "r%.17g", json_real_value(v));
    } else if (json_is_boolean(v)) {
        snprintf(tmp, sizeof tmp, "b%d", json_is_true(v));
    } else if (json_is_object(v)) {
        const char *hex = json_string_value(json_object_get(v, "blob"));
        size_t n = hex ? strlen(hex) : 0;
        snprintf(tmp, sizeof tmp, "x%zu:", n);
        crypto_hash_sha256_update(st, (const unsigned char *)tmp, strlen(tmp));
        crypto_hash_sha256_update(st, (const unsigned char *)(hex ? hex : ""), n);
        tmp[0] = '\0';
    } else if (json_is_string(v)) {
        size_t n = json_string_length(v);
        snprintf(tmp, sizeof tmp, "t%zu:", n);
        crypto_hash_sha256_update(st, (const unsigned char *)tmp, strlen(tmp));
        crypto_hash_sha256_update(st, (const unsigned char *)json_string_value(v), n);
        tmp[0] = '\0';
    } else {
        snprintf(tmp, sizeof tmp, "n");
    }
    size_t len = strlen(tmp);
    tmp[len++] = '\x1f';
    crypto_hash_sha256_update(st, (const unsigned char *)tmp, len);
}

/* Row count and SHA-256 (hex) of a table's columns cols, rows ordered by the primary key. */
static bool table_digest(db *d, const copy_table *t, const char *cols, int ncols, int64_t *rows, char hex[65], dj_err *err)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT %s FROM %s ORDER BY %s", cols, t->name, order_of(d, t));
    db_stmt *s = db_prepare(d, sql);
    db_stream(s);
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    *rows = 0;
    int rc;
    while ((rc = db_step(s, err)) == 1) {
        json_t *row = row_values(s, ncols);
        if (!row) {
            db_reset(s);
            return dj_err_set(err, "validation", "", "%s: a text value is not valid UTF-8", t->name);
        }
        size_t i;
        json_t *v;
        json_array_foreach(row, i, v) hash_value(&st, v);
        crypto_hash_sha256_update(&st, (const unsigned char *)"\x1e", 1);
        json_decref(row);
        (*rows)++;
    }
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, out);
    sodium_bin2hex(hex, 65, out, sizeof out);
    return rc == 0;
}

/* Compares every table of src and dst; prints one line per table. True when all match. */
bool copy_verify(db *src, db *dst)
{
    bool all = true;
    printf("\n%-18s %12s %12s  %-16s  %s\n", "table", "source rows", "target rows", "sha-256", "result");
    for (const copy_table *t = NULL; (t = store_table_next(t));) {
        int ncols = 0;
        dj_err err;
        char *cols = columns_of(src, t->name, &ncols, &err);
        int64_t ns = 0, nd = 0;
        char hs[65] = "", hd[65] = "";
        bool oks = cols && table_digest(src, t, cols, ncols, &ns, hs, &err);
        bool okd = cols && table_digest(dst, t, cols, ncols, &nd, hd, &err);
        bool same = oks && okd && ns == nd && strcmp(hs, hd) == 0;
        all = all && same;
        printf("%-18s %12lld %12lld  %.16s  %s\n", t->name, (long long)ns, (long long)nd, same ? hs : hd,
               same ? "ok" : !oks || !okd ? "READ ERROR" : ns != nd ? "COUNT MISMATCH" : "CHECKSUM MISMATCH");
        if (!same && oks && okd && ns == nd)
            printf("%-18s %12s %12s  source %.16s\n", "", "", "", hs);
        if (!oks || !okd)
            fprintf(stderr, "dangjian: reading %s failed: %s\n", t->name, err.message);
        free(cols);
    }
    return all;
}

bool copy_target_empty(db *dst, const char *label)
{
    for (const copy_table *t = NULL; (t = store_table_next(t));) {
        int64_t n;
        dj_err err;
        if (!count_rows(dst, t->name, &n, &err)) {
            fprintf(stderr, "dangjian: counting the rows of %s in %s failed: %s\n", t->name, label, err.message);
            return false;
        }
        if (n != 0) {
            fprintf(stderr, "dangjian: %s is not empty (%s: %lld rows); copy only into an empty database\n", label,
                    t->name, (long long)n);
            return false;
        }
    }
    return true;
}

bool copy_begin_snapshot(db *src, dj_err *err)
{
    return db_exec(src, db_dialect_of(src) == DB_POSTGRES ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", err);
}

void copy_end_snapshot(db *src)
{
    db_exec(src, "ROLLBACK", NULL);
}

/* PostgreSQL: the target's indexes that no constraint owns (the member indexes, the trigram
 * ones among them), dropped before the rows go in and built once at the end from their own
 * definitions, inside the copy's transaction (a failure brings them back). A B-tree or GIN index
 * built by one sort is many times faster than ten million inserts into it; primary keys stay. */
static json_t *pg_set_indexes_aside(db *dst, dj_err *err)
{
    db_stmt *s = db_prepare(dst, "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema()"
                                 " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
                                 " ORDER BY i.indexname");
    json_t *set = json_array();
    int rc;
    while ((rc = db_step(s, err)) == 1)
        json_array_append_new(set, db_row_json(s));
    bool ok = rc == 0 && db_exec(dst, "SET LOCAL maintenance_work_mem = '256MB'", err);
    size_t i;
    json_t *o;
    json_array_foreach(set, i, o) {
        if (!ok)
            break;
        char sql[160];
        snprintf(sql, sizeof sql, "DROP INDEX \"%s\"", json_str(o, "indexname"));
        ok = db_exec(dst, sql, err);
    }
    if (!ok) {
        json_decref(set);
        return NULL;
    }
    return set;
}

static bool pg_build_indexes(db *dst, json_t *set, dj_err *err)
{
    size_t i;
    json_t *o;
    json_array_foreach(set, i, o) {
        if (!db_exec(dst, json_str(o, "indexdef"), err)) {
            fprintf(stderr, "dangjian: building index %s failed: %s\n", json_str(o, "indexname"), err->message);
            return false;
        }
    }
    printf("  %zu indexes built\n", json_array_size(set));
    return true;
}

bool copy_all(db *src, db *dst, dj_err *errp)
{
    dj_err err;
    bool ok = db_begin(dst, &err);
    json_t *aside = NULL;
    if (ok && db_dialect_of(dst) == DB_POSTGRES && !(aside = pg_set_indexes_aside(dst, &err))) {
        ok = false;
        fprintf(stderr, "dangjian: setting the indexes aside failed: %s\n", err.message);
    }
    for (const copy_table *t = NULL; ok && (t = store_table_next(t));) {
        int64_t n;
        ok = copy_table_rows(src, dst, t, &n, &err);
        if (ok)
            printf("  %-18s %10lld rows\n", t->name, (long long)n);
        else
            fprintf(stderr, "dangjian: copying %s failed: %s\n", t->name, err.message);
    }
    for (const copy_table *t = NULL; ok && db_dialect_of(dst) == DB_POSTGRES && (t = store_table_next(t));) {
        if (t->identity && !(ok = reset_sequence(dst, t->name, &err)))
            fprintf(stderr, "dangjian: resetting the id sequence of %s failed: %s\n", t->name, err.message);
    }
    if (ok && aside)
        ok = pg_build_indexes(dst, aside, &err);
    json_decref(aside);
    if (ok && !db_commit(dst, &err)) {
        ok = false;
        fprintf(stderr, "dangjian: commit failed: %s\n", err.message);
    }
    if (!ok && errp)
        *errp = err;
    return ok;
}
