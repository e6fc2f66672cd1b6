/* maintenance.c: whole-database checks for the command line (init, restore). */
#include "store/module.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

bool store_is_empty(db *d, bool *empty, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT (SELECT COUNT(*) FROM orgs) + (SELECT COUNT(*) FROM users)");
    if (db_step(s, err) != 1)
        return false;
    *empty = db_col_int(s, 0) == 0;
    db_reset(s);
    return true;
}

const char *store_table_name(size_t i)
{
    static const char *const books[] = {"schema_migrations", "module_migrations"};
    const store_table *t = NULL;
    while ((t = store_table_next(t)) && i > 0)
        i--;
    if (t)
        return t->name;
    return i < STORE_COUNT(books) ? books[i] : NULL;
}

bool store_table_count(db *d, const char *table, int64_t *count, dj_err *err)
{
    /* Only names from the registry reach the SQL. */
    if (!store_table_find(table) && !store_table_is_bookkeeping(table))
        return dj_err_set(err, "internal", "", "unknown table %s", table);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
    db_stmt *s = db_prepare(d, sql);
    if (db_step(s, err) != 1)
        return false;
    *count = db_col_int(s, 0);
    db_reset(s);
    return true;
}

bool store_integrity_check(db *d, dj_err *err)
{
    if (db_dialect_of(d) != DB_SQLITE)
        return true; /* PostgreSQL checks its own pages */
    db_stmt *s = db_prepare(d, "PRAGMA integrity_check");
    if (db_step(s, err) != 1)
        return false;
    bool ok = strcmp(db_col_text(s, 0), "ok") == 0;
    if (!ok)
        dj_err_set(err, "internal", "", "integrity_check: %s", db_col_text(s, 0));
    db_reset(s);
    return ok;
}

bool store_integrity_ok(db *d)
{
    return store_integrity_check(d, NULL);
}

bool store_bulk_journal(db *d, bool on)
{
    if (db_dialect_of(d) != DB_SQLITE)
        return false;
    db_stmt *s = db_prepare(d, on ? "PRAGMA journal_mode = DELETE" : "PRAGMA journal_mode = WAL");
    dj_err err;
    /* A failure is reported as "not switched", which the caller handles: the import goes on in
     * the mode the database is in. */
    bool switched = db_step(s, &err) == 1 && strcmp(db_col_text(s, 0), on ? "delete" : "wal") == 0;
    db_reset(s);
    return switched;
}
