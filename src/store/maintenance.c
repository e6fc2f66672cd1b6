/* maintenance.c: whole-database checks for the command line (init, restore). */
#include "store/store.h"

#include <stdio.h>
#include <string.h>

bool store_is_empty(db *d)
{
    db_stmt *s = db_prepare(d, "SELECT (SELECT COUNT(*) FROM orgs) + (SELECT COUNT(*) FROM users)");
    bool empty = db_step(s, NULL) == 1 && db_col_int(s, 0) == 0;
    db_reset(s);
    return empty;
}

const char *const store_tables[] = {"orgs", "institutions", "org_institutions", "members", "member_transfers",
                                    "org_committee", "users", "audit_log", "schema_migrations", NULL};

bool store_table_count(db *d, const char *table, int64_t *count)
{
    bool known = false;
    for (const char *const *t = store_tables; *t; t++)
        known = known || strcmp(*t, table) == 0;
    if (!known)
        return false;
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
    db_stmt *s = db_prepare(d, sql);
    if (db_step(s, NULL) != 1)
        return false;
    *count = db_col_int(s, 0);
    db_reset(s);
    return true;
}

bool store_integrity_ok(db *d)
{
    if (db_dialect_of(d) != DB_SQLITE)
        return true; /* PostgreSQL checks its own pages */
    db_stmt *s = db_prepare(d, "PRAGMA integrity_check");
    bool ok = db_step(s, NULL) == 1 && strcmp(db_col_text(s, 0), "ok") == 0;
    db_reset(s);
    return ok;
}

bool store_bulk_journal(db *d, bool on)
{
    if (db_dialect_of(d) != DB_SQLITE)
        return false;
    db_stmt *s = db_prepare(d, on ? "PRAGMA journal_mode = DELETE" : "PRAGMA journal_mode = WAL");
    bool switched = db_step(s, NULL) == 1 && strcmp(db_col_text(s, 0), on ? "delete" : "wal") == 0;
    db_reset(s);
    return switched;
}
