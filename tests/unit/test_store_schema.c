/* The modules' migrations (src/store/schema_*.c, modules.c, schema.c) against the migrations
 * 1-4 as they shipped (schema_v4.h): a new database has exactly the schema the old text made
 * (tables, columns, types, constraints, indexes, triggers), a database the old text made
 * upgrades without anything run again, and every table of the live schema is in the registry
 * and every registered table in the live schema.
 *
 * On SQLite always (temporary files). On PostgreSQL too when DJ_TEST_PG_NEW and DJ_TEST_PG_OLD
 * name two empty databases (tests/pg/schema.sh creates them). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/buf.h"
#include "schema_v4.h"
#include "store/module.h"
#include "store/schema.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path_new[80], path_old[80];

static void remove_db(const char *path)
{
    char side[160];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

/* A third, empty database beside url_new for the registry's legacy steps alone: a file beside a
 * SQLite path; DJ_TEST_PG_LEGACY on PostgreSQL (NULL: that comparison is left out). */
static char path_legacy[96];
static const char *url_legacy_of(const char *url_new)
{
    if (strncmp(url_new, "postgres", 8) == 0)
        return getenv("DJ_TEST_PG_LEGACY");
    snprintf(path_legacy, sizeof path_legacy, "%s-legacy", url_new);
    remove_db(path_legacy);
    return path_legacy;
}

static void remove_legacy(const char *url_new)
{
    if (strncmp(url_new, "postgres", 8) != 0)
        remove_db(path_legacy);
}

static db *open_url(const char *url)
{
    dj_err err;
    db *d = db_open(url, &err);
    if (!d)
        fail_msg("db_open %s: %s", url, err.message);
    return d;
}

/* Every row of sql, its columns joined by '|', one line each; runs of blanks become one. */
static void dump(db *d, const char *sql, buf *out)
{
    db_stmt *s = db_prepare(d, sql);
    dj_err err;
    int rc;
    while ((rc = db_step(s, &err)) == 1) {
        for (int i = 0; i < db_col_count(s); i++) {
            const char *t = db_col_is_null(s, i) ? "NULL" : db_col_text(s, i);
            if (i)
                buf_puts(out, "|");
            for (bool blank = false; *t; t++) {
                bool b = *t == ' ' || *t == '\n' || *t == '\t';
                if (!(b && blank))
                    buf_append(out, b ? " " : t, 1);
                blank = b;
            }
        }
        buf_puts(out, "\n");
    }
    if (rc < 0)
        fail_msg("%s: %s", sql, err.message);
}

#define NOT_BOOKS " NOT IN ('schema_migrations', 'module_migrations')"

/* The structure of d's schema, without the migrations' own tables, as text. */
static char *structure(db *d)
{
    buf b = {0};
    if (db_dialect_of(d) == DB_SQLITE) {
        /* The CREATE statements as SQLite keeps them (ALTER TABLE edits them in place)... */
        dump(d, "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE tbl_name" NOT_BOOKS " ORDER BY type, name", &b);
        /* ...and what SQLite reads from them. */
        dump(d, "SELECT m.name, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden"
                " FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p"
                " WHERE m.type = 'table' AND m.name" NOT_BOOKS " ORDER BY m.name, p.cid", &b);
        dump(d, "SELECT m.name, l.name, l.\"unique\", l.origin, l.partial, i.seqno, i.name"
                " FROM sqlite_master m JOIN pragma_index_list(m.name) l JOIN pragma_index_info(l.name) i"
                " WHERE m.type = 'table' AND m.name" NOT_BOOKS " ORDER BY m.name, l.name, i.seqno", &b);
        dump(d, "SELECT m.name, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete"
                " FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f"
                " WHERE m.type = 'table' AND m.name" NOT_BOOKS " ORDER BY m.name, f.id, f.seq", &b);
    } else {
        dump(d, "SELECT table_name, ordinal_position, column_name, data_type, is_nullable, column_default,"
                " is_identity, identity_generation, collation_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND table_name" NOT_BOOKS " ORDER BY 1, 2", &b);
        dump(d, "SELECT tablename, indexname, indexdef FROM pg_indexes"
                " WHERE schemaname = current_schema() AND tablename" NOT_BOOKS " ORDER BY 1, 2", &b);
        dump(d, "SELECT c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid)"
                " FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
                " WHERE n.nspname = current_schema() AND c.conrelid::regclass::text" NOT_BOOKS " ORDER BY 1, 2", &b);
        dump(d, "SELECT t.tgrelid::regclass::text, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t"
                " WHERE NOT t.tgisinternal ORDER BY 1, 2", &b);
        dump(d, "SELECT extname FROM pg_extension ORDER BY 1", &b);
    }
    return buf_steal(&b, NULL);
}

static int64_t one_int(db *d, const char *sql)
{
    db_stmt *s = db_prepare(d, sql);
    dj_err err;
    if (db_step(s, &err) != 1)
        fail_msg("%s: %s", sql, err.message);
    int64_t v = db_col_int(s, 0);
    db_reset(s);
    return v;
}

/* What the binary of migration `upto` made: the old text of each version and its record. */
static void create_old(db *d, int upto)
{
    dj_err err;
    bool pg = db_dialect_of(d) == DB_POSTGRES;
    assert_true(db_exec(d, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)", &err));
    for (int v = 1; v <= upto; v++) {
        assert_true(db_begin(d, &err));
        if (!db_exec(d, pg ? schema_v4[v - 1].postgres : schema_v4[v - 1].sqlite, &err))
            fail_msg("old migration %d: %s", v, err.message);
        db_stmt *s = db_prepare(d, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
        char at[32];
        snprintf(at, sizeof at, "2026-01-0%dT00:00:00Z", v);
        db_bind_int(s, 1, v);
        db_bind_text(s, 2, at);
        assert_true(db_run(s, &err));
        assert_true(db_commit(d, &err));
    }
}

/* Every table of d's schema (apart from SQLite's own and the search index's shadow tables) is
 * registered, and every registered table is in it. */
static void registry_matches(db *d)
{
    buf live = {0}, want = {0};
    dump(d, db_dialect_of(d) == DB_POSTGRES
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                  " AND table_type = 'BASE TABLE' AND table_name" NOT_BOOKS " ORDER BY 1"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                  " AND name NOT LIKE 'members_fts%' AND name" NOT_BOOKS " ORDER BY 1",
         &live);
    /* The registry's names, sorted as the query sorts them (plain ASCII names). */
    const char *names[64];
    size_t n = 0;
    for (const store_table *t = NULL; (t = store_table_next(t));) {
        assert_true(n < 64);
        names[n++] = t->name;
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            const char *x = names[j];
            names[j] = names[j - 1];
            names[j - 1] = x;
        }
    for (size_t i = 0; i < n; i++)
        buf_printf(&want, "%s\n", names[i]);
    assert_string_equal(live.data, want.data);
    /* Every table a backup carries is one the live schema has, the books included. */
    for (size_t i = 0; store_table_name(i); i++) {
        bool exists;
        dj_err err;
        assert_true(schema_table_exists(d, store_table_name(i), &exists, &err));
        assert_true(exists);
    }
    buf_free(&live);
    buf_free(&want);
}

/* A new database (url_new) and one made by the old text up to `upto` and then upgraded (url_old). */
static void check_backend(const char *url_new, const char *url_old, int upto)
{
    dj_err err;
    db *fresh = open_url(url_new);
    assert_true(schema_migrate(fresh, &err));
    db *old = open_url(url_old);
    create_old(old, upto);
    char *want = structure(fresh);
    if (upto == SCHEMA_V4_COUNT && url_legacy_of(url_new)) {
        /* The shipped text and the registry's steps that hold its versions make the same schema,
         * before the upgrade touches anything (steps added since come after). */
        db *legacy = open_url(url_legacy_of(url_new));
        dj_err e2;
        for (size_t m = 0; m < store_nmodules; m++)
            for (size_t i = 0; i < store_modules[m]->nsteps; i++)
                if (store_modules[m]->steps[i].legacy_version) {
                    char *sql = schema_step_sql(&store_modules[m]->steps[i], db_dialect_of(legacy));
                    if (!db_exec(legacy, sql, &e2))
                        fail_msg("legacy step %s/%zu: %s", store_modules[m]->name, i + 1, e2.message);
                    free(sql);
                }
        char *before = structure(old), *legacy_s = structure(legacy);
        assert_string_equal(before, legacy_s);
        free(before);
        free(legacy_s);
        db_close(legacy);
        remove_legacy(url_new);
    }
    /* A row of the old database survives; nothing of its schema is created again. */
    assert_true(db_exec(old, "INSERT INTO orgs (name, type, path, created_at, updated_at)"
                             " VALUES ('旧组织', 'committee', '/1/', 'x', 'x')", &err));
    bool current;
    char *applied;
    assert_true(schema_state(old, &current, &applied, &err));
    assert_false(current);
    assert_string_equal(applied, "");
    free(applied);
    if (!schema_migrate(old, &err))
        fail_msg("upgrade from version %d: %s", upto, err.message);
    char *after = structure(old);
    assert_string_equal(after, want);
    assert_int_equal(one_int(old, "SELECT COUNT(*) FROM orgs WHERE name = '旧组织'"), 1);
    assert_int_equal(one_int(old, "SELECT COUNT(*) FROM module_migrations"), (int64_t)schema_step_count());
    assert_int_equal(one_int(old, "SELECT MAX(version) FROM schema_migrations"), 5);
    /* The steps the old versions held were marked with their versions' times, not run again. */
    int64_t marked = 0;
    for (size_t m = 0; m < store_nmodules; m++)
        for (size_t i = 0; i < store_modules[m]->nsteps; i++)
            marked += store_modules[m]->steps[i].legacy_version && store_modules[m]->steps[i].legacy_version <= upto;
    assert_int_equal(one_int(old, "SELECT COUNT(*) FROM module_migrations WHERE applied_at LIKE '2026-01-0%'"), marked);
    /* Both are current, in the same state; migrating again changes nothing. */
    char *a1, *a2;
    assert_true(schema_state(old, &current, &a1, &err));
    assert_true(current);
    assert_true(schema_state(fresh, &current, &a2, &err));
    assert_true(current);
    assert_string_equal(a1, a2);
    assert_true(schema_migrate(old, &err));
    assert_int_equal(one_int(old, "SELECT COUNT(*) FROM module_migrations"), (int64_t)schema_step_count());
    registry_matches(fresh);
    registry_matches(old);
    free(a1);
    free(a2);
    free(after);
    free(want);
    db_close(old);
    db_close(fresh);
}

static void sqlite_paths(void)
{
    snprintf(path_new, sizeof path_new, "/tmp/dj-schema-new-%d.db", (int)getpid());
    snprintf(path_old, sizeof path_old, "/tmp/dj-schema-old-%d.db", (int)getpid());
    remove_db(path_new);
    remove_db(path_old);
}

static void test_sqlite_new_is_v4_and_v4_upgrades(void **state)
{
    (void)state;
    sqlite_paths();
    check_backend(path_new, path_old, SCHEMA_V4_COUNT);
    remove_db(path_new);
    remove_db(path_old);
}

static void test_sqlite_partial_v2_upgrades(void **state)
{
    (void)state;
    sqlite_paths();
    check_backend(path_new, path_old, 2);
    remove_db(path_new);
    remove_db(path_old);
}

/* A database with a step this binary does not know (a newer binary's) is refused, not used. */
static void test_sqlite_newer_database_refused(void **state)
{
    (void)state;
    sqlite_paths();
    dj_err err;
    db *d = open_url(path_new);
    assert_true(schema_migrate(d, &err));
    assert_true(db_exec(d, "INSERT INTO module_migrations VALUES ('orgs', 99, 'x')", &err));
    assert_false(schema_migrate(d, &err));
    assert_non_null(strstr(err.message, "orgs/99"));
    assert_true(db_exec(d, "DELETE FROM module_migrations WHERE step = 99;"
                           "INSERT INTO module_migrations VALUES ('no_such_module', 1, 'x')", &err));
    assert_false(schema_migrate(d, &err));
    assert_true(db_exec(d, "DELETE FROM module_migrations WHERE module = 'no_such_module';"
                           "INSERT INTO schema_migrations VALUES (6, 'x')", &err));
    assert_false(schema_migrate(d, &err));
    assert_true(db_exec(d, "DELETE FROM schema_migrations WHERE version = 6", &err));
    assert_true(schema_migrate(d, &err));
    db_close(d);
    remove_db(path_new);
}

/* The rendered steps: every substitution made, per dialect. */
static void test_steps_render_per_dialect(void **state)
{
    (void)state;
    for (size_t m = 0; m < store_nmodules; m++) {
        const store_module *mod = store_modules[m];
        assert_true(mod->nsteps > 0);
        for (size_t i = 0; i < mod->nsteps; i++) {
            char *lite = schema_step_sql(&mod->steps[i], DB_SQLITE), *pg = schema_step_sql(&mod->steps[i], DB_POSTGRES);
            assert_null(strstr(lite, "{{"));
            assert_null(strstr(pg, "{{"));
            assert_null(strstr(lite, "BIGINT"));
            assert_null(strstr(lite, "COLLATE"));
            assert_null(strstr(pg, "members_fts"));
            free(lite);
            free(pg);
        }
    }
    const store_step *first = &store_modules[0]->steps[0];
    char *pg = schema_step_sql(first, DB_POSTGRES);
    assert_non_null(strstr(pg, "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"));
    assert_non_null(strstr(pg, "path TEXT COLLATE \"C\" NOT NULL,"));
    free(pg);
    /* The audit log's object types come from the registry too. */
    assert_non_null(store_table_find("members"));
    assert_string_equal(store_table_find("members")->object_type, "member");
    assert_null(store_table_find("members_fts"));
}

static void test_postgres_new_is_v4_and_v4_upgrades(void **state)
{
    (void)state;
    const char *url_new = getenv("DJ_TEST_PG_NEW"), *url_old = getenv("DJ_TEST_PG_OLD");
    if (!url_new || !url_old)
        skip();
    check_backend(url_new, url_old, SCHEMA_V4_COUNT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_steps_render_per_dialect),
        cmocka_unit_test(test_sqlite_new_is_v4_and_v4_upgrades),
        cmocka_unit_test(test_sqlite_partial_v2_upgrades),
        cmocka_unit_test(test_sqlite_newer_database_refused),
        cmocka_unit_test(test_postgres_new_is_v4_and_v4_upgrades),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
