/* test_org_rules.c: domain/org_rules — organisation types, nesting, terms and warnings
 * (DOMAIN.md §1; docs/API.md §Organisations, warnings). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/org_rules.h"

static dj_date D(const char *s)
{
    dj_date d = 0;
    assert_true(date_parse(s, &d));
    return d;
}

static void test_names_labels_parse(void **state)
{
    (void)state;
    static const struct {
        org_type t;
        const char *name, *label;
    } cases[] = {
        {ORG_COMMITTEE, "committee", "党委"},
        {ORG_GENERAL_BRANCH, "general_branch", "党总支"},
        {ORG_BRANCH, "branch", "党支部"},
        {ORG_JOINT_BRANCH, "joint_branch", "联合党支部"},
        {ORG_GROUP, "group", "党小组"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_string_equal(org_type_name(cases[i].t), cases[i].name);
        assert_string_equal(org_type_label(cases[i].t), cases[i].label);
        org_type t = ORG_GROUP;
        assert_true(org_type_parse(cases[i].name, &t));
        assert_int_equal(t, cases[i].t);
        t = ORG_GROUP;
        assert_true(org_type_parse(cases[i].label, &t));
        assert_int_equal(t, cases[i].t);
    }
    assert_null(org_type_name((org_type)5));
    assert_null(org_type_label((org_type)-1));
}

static void test_parse_rejects_unknown(void **state)
{
    (void)state;
    org_type t = ORG_JOINT_BRANCH;
    assert_false(org_type_parse("支部", &t));
    assert_false(org_type_parse("Branch", &t));
    assert_false(org_type_parse(" branch", &t));
    assert_false(org_type_parse("", &t));
    assert_false(org_type_parse(NULL, &t));
    assert_int_equal(t, ORG_JOINT_BRANCH);
}

/* DOMAIN.md §1: a group sits inside a branch; a committee holds general branches and branches;
 * joint branches are branches; nothing sits under a group or under a lower level. */
static void test_child_allowed_matrix(void **state)
{
    (void)state;
    /* rows: parent; columns: child; order committee, general_branch, branch, joint_branch, group */
    static const bool allowed[5][5] = {
        {true, true, true, true, false},     /* committee */
        {false, false, true, true, false},   /* general branch */
        {false, false, false, false, true},  /* branch */
        {false, false, false, false, true},  /* joint branch */
        {false, false, false, false, false}, /* group */
    };
    for (int p = 0; p < 5; p++)
        for (int c = 0; c < 5; c++)
            if (org_child_allowed((org_type)p, (org_type)c) != allowed[p][c])
                fail_msg("parent %s child %s: expected %d", org_type_name((org_type)p),
                         org_type_name((org_type)c), allowed[p][c]);
    assert_false(org_child_allowed((org_type)9, ORG_GROUP));
    assert_false(org_child_allowed(ORG_COMMITTEE, (org_type)9));
}

/* DOMAIN.md §1: 党支部 and 党总支 usually 3 years; 基层党委 usually 5 years. */
static void test_term_years(void **state)
{
    (void)state;
    assert_int_equal(org_term_years(ORG_COMMITTEE), 5);
    assert_int_equal(org_term_years(ORG_GENERAL_BRANCH), 3);
    assert_int_equal(org_term_years(ORG_BRANCH), 3);
    assert_int_equal(org_term_years(ORG_JOINT_BRANCH), 3);
    assert_int_equal(org_term_years(ORG_GROUP), 0);
}

static org_facts branch(int full, int members, int committee)
{
    org_facts f = {.type = ORG_BRANCH, .full_count = full, .member_count = members,
                   .committee_count = committee, .has_term_end = false, .term_end = 0};
    return f;
}

static void expect_one(const org_facts *f, dj_date today, const char *code, const char *severity,
                       const char *fragment)
{
    org_warning w[ORG_WARNINGS_MAX];
    int n = org_warnings(f, today, w, ORG_WARNINGS_MAX);
    assert_int_equal(n, 1);
    assert_string_equal(w[0].code, code);
    assert_string_equal(w[0].severity, severity);
    if (fragment && !strstr(w[0].message, fragment))
        fail_msg("message \"%s\" lacks \"%s\"", w[0].message, fragment);
}

static void expect_none(const org_facts *f, dj_date today)
{
    org_warning w[ORG_WARNINGS_MAX];
    assert_int_equal(org_warnings(f, today, w, ORG_WARNINGS_MAX), 0);
}

/* DOMAIN.md §1: a branch is set up with 3 or more full members. */
static void test_too_few_full_members(void **state)
{
    (void)state;
    dj_date today = D("2024-06-01");
    org_facts f = branch(2, 5, 0);
    expect_one(&f, today, "too_few_full_members", "danger", "仅2名");
    f = branch(0, 0, 0);
    expect_one(&f, today, "too_few_full_members", "danger", "仅0名");
    f = branch(3, 3, 0);
    expect_none(&f, today);
    f.type = ORG_JOINT_BRANCH;
    f.full_count = 2;
    expect_one(&f, today, "too_few_full_members", "danger", "联合党支部");
    /* Not a branch: no such rule. */
    f.type = ORG_GENERAL_BRANCH;
    expect_none(&f, today);
    f.type = ORG_GROUP;
    expect_none(&f, today);
    f.type = ORG_COMMITTEE;
    expect_none(&f, today);
}

/* DOMAIN.md §1: 7 or more full members: a 支部委员会 of 3-5; fewer than 7: no committee needed. */
static void test_committee_required(void **state)
{
    (void)state;
    dj_date today = D("2024-06-01");
    org_facts f = branch(7, 7, 2);
    expect_one(&f, today, "committee_required", "warning", "7名");
    f = branch(7, 9, 0);
    expect_one(&f, today, "committee_required", "warning", "委员0名");
    f = branch(7, 7, 3);
    expect_none(&f, today);
    f = branch(6, 20, 0);
    expect_none(&f, today);
    f = branch(12, 12, 5);
    expect_none(&f, today);
    f.type = ORG_JOINT_BRANCH;
    f.committee_count = 1;
    expect_one(&f, today, "committee_required", "warning", "12名");
    f.type = ORG_GENERAL_BRANCH;
    expect_none(&f, today);
}

/* DOMAIN.md §1: a branch usually has at most 50 members (党支部工作条例 art. 4). */
static void test_too_many_members(void **state)
{
    (void)state;
    dj_date today = D("2024-06-01");
    org_facts f = branch(5, 50, 0);
    expect_none(&f, today);
    f = branch(5, 51, 0);
    expect_one(&f, today, "too_many_members", "warning", "51名");
    f.type = ORG_JOINT_BRANCH;
    expect_one(&f, today, "too_many_members", "warning", "51名");
    f.type = ORG_GENERAL_BRANCH;
    f.member_count = 90;
    expect_none(&f, today);
}

/* DOMAIN.md §1: the system warns before a term ends (换届提醒) and flags overdue elections. */
static void test_term_warnings(void **state)
{
    (void)state;
    dj_date today = D("2024-06-01");
    org_facts f = {.type = ORG_COMMITTEE, .has_term_end = true};

    f.term_end = date_add_days(today, 91);
    expect_none(&f, today);
    f.term_end = date_add_days(today, 90);
    expect_one(&f, today, "term_ending", "warning", "还有90天");
    f.term_end = date_add_days(today, 30);
    expect_one(&f, today, "term_ending", "warning", "2024-07-01");
    f.term_end = today;
    expect_one(&f, today, "term_ending", "warning", "还有0天");
    f.term_end = date_add_days(today, -1);
    expect_one(&f, today, "term_overdue", "danger", "超期1天");
    f.term_end = D("2023-06-01");
    expect_one(&f, today, "term_overdue", "danger", "2023-06-01");

    /* Without a term end nothing is said, whatever term_end holds. */
    f.has_term_end = false;
    f.term_end = date_add_days(today, -500);
    expect_none(&f, today);
}

static void test_several_warnings_and_max(void **state)
{
    (void)state;
    dj_date today = D("2024-06-01");
    org_facts f = branch(2, 60, 0);
    f.has_term_end = true;
    f.term_end = date_add_days(today, -10);
    org_warning w[ORG_WARNINGS_MAX];
    int n = org_warnings(&f, today, w, ORG_WARNINGS_MAX);
    assert_int_equal(n, 3);
    assert_string_equal(w[0].code, "too_few_full_members");
    assert_string_equal(w[0].severity, "danger");
    assert_string_equal(w[1].code, "too_many_members");
    assert_string_equal(w[1].severity, "warning");
    assert_string_equal(w[2].code, "term_overdue");
    assert_string_equal(w[2].severity, "danger");

    /* max bounds what is written. */
    org_warning two[2];
    assert_int_equal(org_warnings(&f, today, two, 2), 2);
    assert_string_equal(two[1].code, "too_many_members");
    assert_int_equal(org_warnings(&f, today, two, 0), 0);
    assert_int_equal(org_warnings(&f, today, two, -1), 0);
    assert_int_equal(org_warnings(NULL, today, w, ORG_WARNINGS_MAX), 0);
    assert_int_equal(org_warnings(&f, today, NULL, ORG_WARNINGS_MAX), 0);

    /* Committee and member limits together with a term ending soon. */
    f = branch(60, 60, 0);
    f.has_term_end = true;
    f.term_end = date_add_days(today, 5);
    n = org_warnings(&f, today, w, ORG_WARNINGS_MAX);
    assert_int_equal(n, 3);
    assert_string_equal(w[0].code, "committee_required");
    assert_string_equal(w[1].code, "too_many_members");
    assert_string_equal(w[2].code, "term_ending");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_labels_parse),
        cmocka_unit_test(test_parse_rejects_unknown),
        cmocka_unit_test(test_child_allowed_matrix),
        cmocka_unit_test(test_term_years),
        cmocka_unit_test(test_too_few_full_members),
        cmocka_unit_test(test_committee_required),
        cmocka_unit_test(test_too_many_members),
        cmocka_unit_test(test_term_warnings),
        cmocka_unit_test(test_several_warnings_and_max),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
