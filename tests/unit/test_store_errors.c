/* A failed read or write is an error that reaches the caller, never "not found" and never
 * success: each store module's functions are driven over a handle whose k-th database call
 * fails (faulty_db.h), for k = 1, 2, ... until the function gets through, and every attempt that
 * met the failure must return it as "internal". One test per store module. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/date.h"
#include "faulty_db.h"
#include "store/dashboard.h"
#include "store/institutions.h"
#include "store/members.h"
#include "store/orgs.h"
#include "store/rows.h"
#include "store/schema.h"
#include "store/users.h"
#include "store_fixture.h"

#include <string.h>

static db *D; /* the real database */
static db *F; /* the same, failing on demand */
static int64_t root, branch, inst, member, member_version, user;
static char token[64];
static const dj_actor actor = {.user_id = 0, .username = "test", .role = "admin", .scope_path = "/"};

/* What one attempt must give: success when the failure was not met, "internal" when it was. */
static void check_attempt(const char *call, long k, bool ok, bool hit, const dj_err *err)
{
    if (!hit && !ok)
        fail_msg("%s failed without an injected failure: %s %s", call, err->code, err->message);
    if (hit && ok)
        fail_msg("%s reported success after the failure of call %ld", call, k);
    if (hit && strcmp(err->code, "internal") != 0)
        fail_msg("%s turned the failure of call %ld into \"%s\" (%s)", call, k, err->code, err->message);
}

/* Runs call (an expression that is true on success and may use `err`) with the k-th database
 * call failing, k = 1, 2, ... until it meets no failure; in_txn: inside a transaction that is
 * rolled back after each attempt (for writes). */
#define EVERY_FAILURE(in_txn, call)                                        \
    do {                                                                   \
        for (long k_ = 1;; k_++) {                                         \
            dj_err err = {0};                                              \
            faulty_arm(F, k_);                                             \
            bool ok_ = (!(in_txn) || db_begin(F, &err)) && (call);         \
            bool hit_ = FDB(F)->failed;                                    \
            faulty_arm(F, 0);                                              \
            if (in_txn)                                                    \
                db_rollback(F);                                            \
            check_attempt(#call, k_, ok_, hit_, &err);                     \
            if (!hit_)                                                     \
                break;                                                     \
        }                                                                  \
    } while (0)

/* A JSON result: true when there is one (and frees it). */
static bool got(json_t *v)
{
    json_decref(v);
    return v != NULL;
}

static bool list_members(const member_query *q, dj_err *err)
{
    buf out = {0};
    int64_t total;
    bool ok = members_list_json_e(F, q, &out, NULL, NULL, &total, err);
    buf_free(&out);
    return ok;
}

static bool keep_going(json_t *m, void *arg)
{
    (void)m;
    (*(int *)arg)++;
    return true;
}

static void count_org(const dashboard_org *o, void *arg)
{
    (void)o;
    (*(int *)arg)++;
}

static int setup(void **state)
{
    (void)state;
    D = fixture_open("errors-test");
    if (!D)
        return -1;
    dj_err err;
    bool ok = db_begin(D, &err);
    json_t *f = json_pack("{s:s,s:s}", "name", "测试委员会", "type", "committee");
    ok = ok && org_create(D, f, "", &actor, &root, &err);
    json_decref(f);
    char root_path[64];
    ok = ok && org_live_path(D, root, root_path, sizeof root_path);
    f = json_pack("{s:s,s:s,s:I}", "name", "第一支部", "type", "branch", "parent_id", (json_int_t)root);
    ok = ok && org_create(D, f, root_path, &actor, &branch, &err);
    json_decref(f);
    char branch_path[64];
    ok = ok && org_live_path(D, branch, branch_path, sizeof branch_path);
    f = json_pack("{s:s,s:s,s:s}", "name", "测试医院", "ownership", "public", "kind", "hospital");
    ok = ok && row_insert(D, "institutions", institution_columns, f, &actor, &inst, &err);
    json_decref(f);
    json_t *ids = json_pack("[I]", (json_int_t)inst);
    ok = ok && org_set_institutions(D, branch, ids, &err);
    json_decref(ids);
    f = json_pack("{s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s}", "name", "王测试", "gender", "male", "birth_date",
                  "1980-01-01", "id_number", "11010519491231002X", "org_id", (json_int_t)branch, "org_path", branch_path,
                  "category", "full", "status", "active", "department", "心内科");
    ok = ok && row_insert(D, "members", member_columns, f, &actor, &member, &err);
    json_decref(f);
    json_t *com = json_pack("[{s:s,s:s}]", "name", "张书记", "position", "书记");
    ok = ok && org_set_committee(D, branch, com, &err);
    json_decref(com);
    ok = ok && member_transfer(D, member, 1, root, root_path, "2026-01-01", "测试", &actor, &err);
    member_version = 2;
    ok = ok && user_create(D, "wangce", "王测", "org_admin", root, 0, "Ceshi-2026-pass", &actor, &user, &err);
    char csrf[64];
    ok = ok && session_create(D, user, 1, token, csrf, &err);
    ok = ok && db_commit(D, &err);
    if (!ok) {
        fprintf(stderr, "setup: %s\n", err.message);
        return -1;
    }
    F = faulty_wrap(D);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(F);
    fixture_close(D);
    return 0;
}

static void test_rows(void **state)
{
    (void)state;
    static const char *const cols[] = {"name", NULL};
    EVERY_FAILURE(false, got(row_get_e(F, "members", member, &err)));
    EVERY_FAILURE(true, ({
        int64_t id;
        json_t *f = json_pack("{s:s,s:s,s:s}", "name", "新医院", "ownership", "private", "kind", "clinic");
        bool r = row_insert(F, "institutions", institution_columns, f, &actor, &id, &err);
        json_decref(f);
        r;
    }));
    EVERY_FAILURE(true, ({
        json_t *f = json_pack("{s:s}", "name", "新名字");
        bool r = row_update(F, "members", cols, member, member_version, f, false, "update", &actor, &err);
        json_decref(f);
        r;
    }));
    /* A stale version is a conflict (explain_miss reads the row): its read failing is not. */
    EVERY_FAILURE(true, ({
        json_t *f = json_pack("{s:s}", "name", "新名字");
        bool r = row_update(F, "members", cols, member, member_version - 1, f, false, "update", &actor, &err);
        json_decref(f);
        !r && strcmp(err.code, "conflict") == 0;
    }));
    EVERY_FAILURE(true, row_set_deleted(F, "members", member, member_version, true, &actor, &err));
    EVERY_FAILURE(true, !row_set_deleted(F, "members", member, member_version, false, &actor, &err) &&
                            strcmp(err.code, "conflict") == 0);
    /* Not there at all: "not_found", without a failure. */
    dj_err err;
    assert_null(row_get_e(F, "members", 99999, &err));
    assert_string_equal(err.code, "not_found");
}

static void test_orgs(void **state)
{
    (void)state;
    org_query all = {.scope_path = "/", .limit = 20}, named = {.scope_path = "/", .q = "支部", .type = "branch", .limit = 20};
    int64_t total;
    EVERY_FAILURE(false, got(orgs_list_e(F, &all, &total, &err)));
    EVERY_FAILURE(false, got(orgs_list_e(F, &named, &total, &err)));
    EVERY_FAILURE(false, got(org_read_e(F, branch, &err)));
    org_counts counts;
    EVERY_FAILURE(false, org_count_e(F, branch, "/1/2/", &counts, &err));
    bool has;
    EVERY_FAILURE(false, org_has_content_e(F, root, &has, &err));
    char path[64];
    EVERY_FAILURE(false, org_live_path_e(F, branch, path, sizeof path, &err));
    EVERY_FAILURE(true, ({
        int64_t id;
        json_t *f = json_pack("{s:s,s:s,s:I}", "name", "新支部", "type", "branch", "parent_id", (json_int_t)root);
        bool r = org_create(F, f, "/1/", &actor, &id, &err);
        json_decref(f);
        r;
    }));
    EVERY_FAILURE(true, org_move(F, branch, path, "", &err));
    dj_err err;
    assert_null(org_read_e(F, 99999, &err));
    assert_string_equal(err.code, "not_found");
    assert_false(org_live_path_e(F, 99999, path, sizeof path, &err));
    assert_string_equal(err.code, "not_found");
}

static void test_institutions(void **state)
{
    (void)state;
    institution_query all = {.scope_path = "/", .limit = 20},
                      scoped = {.scope_path = "/1/", .include_uncovered = true, .q = "医院", .kind = "hospital", .limit = 20};
    int64_t total;
    EVERY_FAILURE(false, got(institutions_list_e(F, &all, &total, &err)));
    EVERY_FAILURE(false, got(institutions_list_e(F, &scoped, &total, &err)));
    EVERY_FAILURE(false, got(institution_read_e(F, inst, &err)));
    EVERY_FAILURE(true, ({
        json_t *ids = json_pack("[I]", (json_int_t)root);
        bool r = institution_set_orgs(F, inst, ids, &err);
        json_decref(ids);
        r;
    }));
    /* The list's covering organisations come with each row. */
    json_t *items = institutions_list_e(F, &all, &total, NULL);
    assert_int_equal(total, 1);
    assert_int_equal(json_array_size(json_object_get(json_array_get(items, 0), "orgs")), 1);
    json_decref(items);
    dj_err err;
    assert_null(institution_read_e(F, 99999, &err));
    assert_string_equal(err.code, "not_found");
}

static void test_members(void **state)
{
    (void)state;
    member_query all = {.subtree = "/", .limit = 50}, search = {.subtree = "/1/", .q = "王测试", .category = "full", .limit = 50},
                 short_q = {.subtree = "/", .q = "王", .search_phone = true, .limit = 50},
                 past_end = {.subtree = "/", .limit = 50, .offset = 100};
    EVERY_FAILURE(false, list_members(&all, &err));
    EVERY_FAILURE(false, list_members(&search, &err));
    EVERY_FAILURE(false, list_members(&short_q, &err));
    EVERY_FAILURE(false, list_members(&past_end, &err));
    int n = 0;
    EVERY_FAILURE(false, members_each_e(F, &all, keep_going, &n, &err) == 1);
    EVERY_FAILURE(false, got(member_read_e(F, member, &err)));
    EVERY_FAILURE(false, got(member_transfers_e(F, member, &err)));
    EVERY_FAILURE(false, got(member_audit_e(F, member, &err)));
    EVERY_FAILURE(false, got(members_first_full(F, root, 3, &err)));
    bool taken;
    EVERY_FAILURE(false, member_id_number_taken_e(F, "11010519491231002X", 0, &taken, &err) && taken);
    EVERY_FAILURE(true, member_transfer(F, member, member_version, branch, "/1/2/", "2026-02-01", "回来", &actor, &err));
    dj_err err;
    assert_null(member_read_e(F, 99999, &err));
    assert_string_equal(err.code, "not_found");
    assert_false(member_transfer(F, 99999, 1, branch, "/1/2/", "2026-02-01", "", &actor, &err));
    assert_string_equal(err.code, "not_found");
}

static void test_users_sessions_login(void **state)
{
    (void)state;
    session_info si;
    bool found, locked;
    int n;
    EVERY_FAILURE(false, session_lookup_e(F, token, &si, &found, &err) && found);
    EVERY_FAILURE(true, ({
        char t[64], c[64];
        session_create(F, user, 1, t, c, &err);
    }));
    EVERY_FAILURE(true, session_delete_e(F, token, &err));
    EVERY_FAILURE(true, session_delete_user_e(F, user, &err));
    EVERY_FAILURE(false, login_failures_e(F, "u:wangce", 0, &n, &err));
    EVERY_FAILURE(true, login_failure_add_e(F, "u:wangce", 1790000000, &err));
    EVERY_FAILURE(false, login_locked_e(F, "wangce", "10.0.0.1", &locked, &err) && !locked);
    EVERY_FAILURE(true, login_lock_e(F, "wangce", "10.0.0.1", 1790000000, &err));
    EVERY_FAILURE(true, login_failures_clear_e(F, "u:wangce", &err));
    EVERY_FAILURE(true, login_failures_clear_account(F, "wangce", &err));
    EVERY_FAILURE(false, got(user_get_e(F, user, 0, &err)));
    EVERY_FAILURE(false, got(user_me_e(F, user, &err)));
    EVERY_FAILURE(false, got(user_by_name_e(F, "wangce", &err)));
    user_query all = {.all = true, .scope_path = "/", .limit = 20}, scoped = {.scope_path = "/1/", .q = "wang", .role = "org_admin", .limit = 20};
    int64_t total;
    EVERY_FAILURE(false, got(users_list_e(F, &all, &total, &err)));
    EVERY_FAILURE(false, got(users_list_e(F, &scoped, &total, &err)));
    EVERY_FAILURE(true, ({
        int64_t id;
        user_create(F, "lice", "李测", "admin", 0, 0, "Ceshi-2026-pass", &actor, &id, &err);
    }));
    dj_err err;
    assert_null(user_by_name_e(F, "nobody", &err));
    assert_string_equal(err.code, "not_found");
    assert_true(session_lookup_e(F, "no-such-token-of-twenty-chars", &si, &found, &err));
    assert_false(found);
}

static void test_audit(void **state)
{
    (void)state;
    EVERY_FAILURE(true, ({
        json_t *after = json_pack("{s:i}", "x", 1);
        bool r = audit_write(F, &actor, "test", "system", 0, NULL, after, &err);
        json_decref(after);
        r;
    }));
    int64_t checked, bad;
    char head[65];
    bool found;
    EVERY_FAILURE(false, audit_verify(F, &checked, &bad, head, NULL, &found, &err) && bad == 0 && checked > 0);
}

static void test_dashboard(void **state)
{
    (void)state;
    dj_date today = date_from_ymd(2026, 6, 1);
    EVERY_FAILURE(false, got(dashboard_figures_e(F, "/", today, &err)));
    EVERY_FAILURE(false, got(dashboard_figures_e(F, "/1/", today, &err)));
    int n = 0;
    EVERY_FAILURE(false, dashboard_each_org_e(F, "/", count_org, &n, &err));
}

static void test_maintenance(void **state)
{
    (void)state;
    bool empty, current;
    EVERY_FAILURE(false, store_is_empty(F, &empty, &err) && !empty);
    for (size_t i = 0; store_table_name(i); i++) {
        int64_t count;
        EVERY_FAILURE(false, store_table_count(F, store_table_name(i), &count, &err));
    }
    EVERY_FAILURE(false, store_integrity_check(F, &err));
    EVERY_FAILURE(false, ({
        char *applied = NULL;
        bool r = schema_state(F, &current, &applied, &err) && current;
        free(applied);
        r;
    }));
    EVERY_FAILURE(false, schema_migrate(F, &err));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_orgs),
        cmocka_unit_test(test_institutions),
        cmocka_unit_test(test_members),
        cmocka_unit_test(test_users_sessions_login),
        cmocka_unit_test(test_audit),
        cmocka_unit_test(test_dashboard),
        cmocka_unit_test(test_maintenance),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
