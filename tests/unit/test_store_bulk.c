/* The bulk path of the member import on a real SQLite file (store/members.c, store/audit.c):
 * what it sets aside comes back exactly, ids follow on, the search index is filled, the audit
 * chain stays whole, and the page cache returns to 2 MB whether the bulk ends or fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/json.h"
#include "store/members.h"
#include "store_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static db *d;
static const dj_actor importer = {.user_id = 0, .username = "bulk-test", .role = "admin", .scope_path = "/"};

static int64_t one_int(const char *sql)
{
    db_stmt *s = db_prepare(d, sql);
    int64_t v = db_step(s, NULL) == 1 ? db_col_int(s, 0) : -1;
    db_reset(s);
    return v;
}

/* Every index and trigger, with its SQL, as one string. */
static char *schema_text(void)
{
    db_stmt *s = db_prepare(d, "SELECT group_concat(type || ' ' || name || ' ' || COALESCE(sql, ''), char(10))"
                               " FROM (SELECT * FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name)");
    char *t = db_step(s, NULL) == 1 ? strdup(db_col_text(s, 0)) : NULL;
    db_reset(s);
    return t;
}

static int setup(void **state)
{
    (void)state;
    dj_err err;
    d = fixture_open("bulk-test");
    return d && db_exec(d, "INSERT INTO orgs (id, name, type, path, created_at, updated_at) VALUES"
                           " (1, '测试党委', 'committee', '/1/', '2026-01-01', '2026-01-01'),"
                           " (2, '测试支部', 'branch', '/1/2/', '2026-01-01', '2026-01-01')",
                        &err)
               ? 0
               : -1;
}

static int teardown(void **state)
{
    (void)state;
    fixture_close(d);
    return 0;
}

/* A valid member; n makes the ID number (and the name) unique. */
static json_t *member(int n)
{
    static const char w[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    char id[32], name[32];
    snprintf(id, sizeof id, "11010119800101%03d", (n * 2 + 1) % 1000); /* odd: male; n < 500 */
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (id[i] - '0') * w[i];
    id[17] = "10X98765432"[sum % 11];
    id[18] = '\0';
    snprintf(name, sizeof name, "批量成员%04d", n);
    return json_pack("{s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:[s]}", "name", name, "gender", "male", "birth_date",
                     "1980-01-01", "id_number", id, "org_id", (json_int_t)2, "category", "full", "status", "active",
                     "joined_on", "2005-07-01", "full_on", "2006-07-01", "department", "心内科", "tags", "业务骨干");
}

/* member_insert_bulk of the member m (as member(n) makes it). */
static bool insert(member_bulk *b, const json_t *m, int64_t *id, dj_err *err)
{
    member_input in = {.name = json_str(m, "name"), .gender = json_str(m, "gender"),
                       .birth_date = json_str(m, "birth_date"), .id_number = json_str(m, "id_number"),
                       .department = json_str(m, "department"), .category = json_str(m, "category"),
                       .status = json_str(m, "status"), .joined_on = json_str(m, "joined_on"),
                       .full_on = json_str(m, "full_on")};
    char *tags = json_compact(json_object_get(m, "tags"));
    bool ok = member_insert_bulk(d, b, &in, json_integer_value(json_object_get(m, "org_id")), tags, "/1/2/", id, err);
    free(tags);
    return ok;
}

/* Inserts members from..to-1 in one bulk with their audit records; commits when commit. */
static void bulk(int from, int to, int64_t expected_rows, bool commit)
{
    dj_err err;
    member_bulk b;
    audit_chain chain = {.loaded = false};
    assert_true(db_begin(d, &err));
    assert_true(members_bulk_begin(d, &b, expected_rows, &err));
    int64_t first = b.first_id;
    for (int n = from; n < to; n++) {
        json_t *m = member(n);
        int64_t id = 0;
        assert_true(insert(&b, m, &id, &err));
        assert_int_equal(id, first + 1 + (n - from)); /* the ids follow on from what is on file */
        assert_true(audit_append(d, &chain, &importer, "import", "member", id, NULL, m, &err));
        json_decref(m);
    }
    if (commit) {
        assert_true(members_bulk_end(d, &b, &err));
        assert_true(db_commit(d, &err));
    } else {
        members_bulk_free(d, &b);
        db_rollback(d);
    }
}

static void test_large_bulk_rebuilds_what_it_set_aside(void **state)
{
    (void)state;
    char *before = schema_text();
    assert_non_null(before);
    assert_int_equal(one_int("PRAGMA cache_size"), -2000);
    /* A file larger than what is on file: the indexes are set aside and rebuilt. */
    bulk(0, 300, 300, true);
    char *after = schema_text();
    assert_string_equal(after, before);
    assert_int_equal(one_int("SELECT COUNT(*) FROM members"), 300);
    assert_int_equal(one_int("SELECT COUNT(*) FROM members_fts WHERE members_fts MATCH '\"成员0123\"'"), 1);
    assert_int_equal(one_int("SELECT COUNT(*) FROM members_fts WHERE members_fts MATCH '\"心内科\"'"), 300);
    assert_int_equal(one_int("PRAGMA cache_size"), -2000);
    assert_true(store_integrity_ok(d));
    free(after);
    /* A small file after it: only the search trigger is set aside; the ids go on. */
    bulk(300, 310, 10, true);
    after = schema_text();
    assert_string_equal(after, before);
    assert_int_equal(one_int("SELECT MAX(id) FROM members"), 310);
    assert_int_equal(one_int("SELECT COUNT(*) FROM members_fts WHERE members_fts MATCH '\"成员0305\"'"), 1);
    /* A member added later, row by row, is indexed by the trigger that came back. */
    assert_true(db_exec(d, "UPDATE members SET department = '急诊医学科' WHERE id = 5", NULL));
    assert_int_equal(one_int("SELECT COUNT(*) FROM members_fts WHERE members_fts MATCH '\"急诊医学\"'"), 1);
    free(after);
    free(before);
    /* The audit chain holds one record per member and is whole. */
    int64_t checked, bad;
    char head[65];
    dj_err err;
    assert_true(audit_verify(d, &checked, &bad, head, NULL, NULL, &err));
    assert_int_equal(bad, 0);
    assert_int_equal(checked, 310);
}

static void test_failed_bulk_leaves_nothing(void **state)
{
    (void)state;
    char *before = schema_text();
    int64_t members = one_int("SELECT COUNT(*) FROM members"), audits = one_int("SELECT COUNT(*) FROM audit_log");
    bulk(320, 499, 400, false); /* "400 rows" to the bulk: more than the 310 on file, so the indexes go too */
    char *after = schema_text();
    assert_string_equal(after, before);
    assert_int_equal(one_int("SELECT COUNT(*) FROM members"), members);
    assert_int_equal(one_int("SELECT COUNT(*) FROM audit_log"), audits);
    /* PRAGMAs are not rolled back: the bulk put the page cache back itself. */
    assert_int_equal(one_int("PRAGMA cache_size"), -2000);
    free(after);
    free(before);
}

static void test_duplicates_found_row_by_row_in_a_bulk(void **state)
{
    (void)state;
    dj_err err;
    member_bulk b;
    assert_true(db_begin(d, &err));
    assert_true(members_bulk_begin(d, &b, 1000000, &err)); /* every index that may go, goes */
    json_t *m = member(7);                                 /* on file since the first test */
    assert_false(insert(&b, m, NULL, &err));
    assert_string_equal(err.code, "conflict");
    json_decref(m);
    members_bulk_free(d, &b);
    db_rollback(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_large_bulk_rebuilds_what_it_set_aside),
        cmocka_unit_test(test_failed_bulk_leaves_nothing),
        cmocka_unit_test(test_duplicates_found_row_by_row_in_a_bulk),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
