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

/* Issue 11 E: a term counts its years as age and probation do (date_add_years): a term begun on
 * 29 February ends on 1 March of a common year. */
static void test_term_end(void **state)
{
    (void)state;
    dj_date start, end = 0, want;
    assert_true(date_parse("2024-02-29", &start));
    assert_true(org_term_end(ORG_BRANCH, start, &end));
    assert_true(date_parse("2027-03-01", &want));
    assert_int_equal(end, want);
    assert_true(org_term_end(ORG_COMMITTEE, start, &end));
    assert_true(date_parse("2029-03-01", &want));
    assert_int_equal(end, want);
    assert_true(date_parse("2020-02-29", &start));
    assert_true(org_term_end(ORG_GENERAL_BRANCH, start, &end));
    assert_true(date_parse("2023-03-01", &want));
    assert_int_equal(end, want);
    assert_true(org_term_end(ORG_COMMITTEE, start, &end)); /* 2025 */
    assert_true(date_parse("2025-03-01", &want));
    assert_int_equal(end, want);
    assert_true(date_parse("2021-06-30", &start));
    assert_true(org_term_end(ORG_JOINT_BRANCH, start, &end));
    assert_true(date_parse("2024-06-30", &want));
    assert_int_equal(end, want);
    end = 42;
    assert_false(org_term_end(ORG_GROUP, start, &end));
    assert_false(org_term_end((org_type)99, start, &end));
    assert_int_equal(end, 42);
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

/* DOMAIN.md §1 nesting, applied to a change of type: the children must fit the new type by the
 * same table as org_child_allowed (a general branch holding branches cannot become a branch). */
static void test_type_fits_children(void **state)
{
    (void)state;
    dj_err e;
    org_type branches[] = {ORG_BRANCH, ORG_JOINT_BRANCH};
    assert_true(org_type_fits_children(ORG_GENERAL_BRANCH, branches, 2, NULL));
    assert_true(org_type_fits_children(ORG_COMMITTEE, branches, 2, NULL));
    memset(&e, 0, sizeof e);
    assert_false(org_type_fits_children(ORG_BRANCH, branches, 2, &e));
    assert_string_equal(e.code, "validation");
    assert_string_equal(e.field, "type");
    assert_non_null(strstr(e.message, "党支部"));
    org_type groups[] = {ORG_GROUP};
    assert_true(org_type_fits_children(ORG_BRANCH, groups, 1, NULL));
    assert_true(org_type_fits_children(ORG_JOINT_BRANCH, groups, 1, NULL));
    assert_false(org_type_fits_children(ORG_GENERAL_BRANCH, groups, 1, NULL));
    assert_false(org_type_fits_children(ORG_COMMITTEE, groups, 1, NULL));
    memset(&e, 0, sizeof e);
    assert_false(org_type_fits_children(ORG_GROUP, groups, 1, &e));
    assert_non_null(strstr(e.message, "党小组"));
    org_type committees[] = {ORG_COMMITTEE};
    assert_true(org_type_fits_children(ORG_COMMITTEE, committees, 1, NULL));
    assert_false(org_type_fits_children(ORG_GENERAL_BRANCH, committees, 1, NULL));
    /* No children: any type. */
    for (int t = 0; t < ORG_TYPE_COUNT; t++)
        assert_true(org_type_fits_children((org_type)t, NULL, 0, NULL));
    /* Every combination agrees with org_child_allowed. */
    for (int p = 0; p < ORG_TYPE_COUNT; p++)
        for (int c = 0; c < ORG_TYPE_COUNT; c++) {
            org_type child = (org_type)c;
            assert_int_equal(org_type_fits_children((org_type)p, &child, 1, NULL),
                             org_child_allowed((org_type)p, child));
        }
    assert_false(org_type_fits_children((org_type)9, NULL, 0, NULL));
}

static void expect_committee_fail(const org_committee_entry *c, size_t n, const char *fragment)
{
    dj_err e;
    memset(&e, 0, sizeof e);
    assert_false(org_committee_validate(c, n, &e));
    assert_string_equal(e.code, "validation");
    assert_string_equal(e.field, "committee");
    if (fragment && !strstr(e.message, fragment))
        fail_msg("message \"%s\" lacks \"%s\"", e.message, fragment);
}

/* Committee positions: the list the organisation form offers. */
static void test_committee_positions(void **state)
{
    (void)state;
    static const char *const ok[] = {"书记", "副书记", "组织委员", "宣传委员", "纪检委员", "青年委员", "统战委员", "委员", "组长"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        assert_true(org_committee_position_valid(ok[i]));
    size_t n = 0;
    while (org_committee_positions[n])
        n++;
    assert_int_equal(n, sizeof ok / sizeof ok[0]);
    assert_false(org_committee_position_valid("党委书记"));
    assert_false(org_committee_position_valid("书记 "));
    assert_false(org_committee_position_valid(""));
    assert_false(org_committee_position_valid(NULL));
    org_committee_entry c[] = {{.name = "张三", .position = "主任"}};
    expect_committee_fail(c, 1, "第1位");
    /* The message lists every position. */
    dj_err e;
    assert_false(org_committee_validate(c, 1, &e));
    for (size_t i = 0; i < n; i++)
        assert_non_null(strstr(e.message, org_committee_positions[i]));
}

/* DOMAIN.md §1: a branch has one 书记; the committee's terms run forward. */
static void test_committee_rules(void **state)
{
    (void)state;
    org_committee_entry c[] = {
        {.name = "张书记", .position = "书记", .member_id = 11, .term_start = "2025-01-01", .term_end = "2027-12-31"},
        {.name = "李副书记", .position = "副书记", .member_id = 12},
        {.name = "王委员", .position = "组织委员", .term_start = "2025-01-01", .term_end = "2025-01-01"},
        {.name = NULL, .position = "宣传委员", .member_id = 13}, /* the name comes from the member */
    };
    assert_true(org_committee_validate(c, 4, NULL));
    assert_true(org_committee_validate(NULL, 0, NULL));

    org_committee_entry x[4];
    memcpy(x, c, sizeof c);
    x[2].term_end = "2024-12-31";
    expect_committee_fail(x, 4, "第3位");
    memcpy(x, c, sizeof c);
    x[0].term_end = "2025-02-30";
    expect_committee_fail(x, 4, "YYYY-MM-DD");
    memcpy(x, c, sizeof c);
    x[0].term_start = "";
    x[0].term_end = "2020-01-01"; /* no start: nothing to compare */
    assert_true(org_committee_validate(x, 4, NULL));

    memcpy(x, c, sizeof c);
    x[3].position = "书记";
    expect_committee_fail(x, 4, "书记只能有一位");
    expect_committee_fail(x, 4, "第1位和第4位");

    memcpy(x, c, sizeof c);
    x[2].name = "  \xE3\x80\x80";
    expect_committee_fail(x, 4, "第3位班子成员的姓名不能为空");
    x[2].name = NULL;
    expect_committee_fail(x, 4, "姓名");

    memcpy(x, c, sizeof c);
    x[3].member_id = 11;
    expect_committee_fail(x, 4, "同一名党员");
    memcpy(x, c, sizeof c);
    x[1].position = NULL;
    expect_committee_fail(x, 4, "第2位班子成员的职务");
}

/* DOMAIN.md §1 "支部建在科室": a branch records the departments it covers, each once. */
static void test_departments(void **state)
{
    (void)state;
    dj_err e;
    const char *ok[] = {"内科", "外科", "内科二病区"};
    assert_true(org_departments_validate(ok, 3, NULL));
    assert_true(org_departments_validate(NULL, 0, NULL));
    const char *dup[] = {"内科", "外科", "内科"};
    memset(&e, 0, sizeof e);
    assert_false(org_departments_validate(dup, 3, &e));
    assert_string_equal(e.code, "validation");
    assert_string_equal(e.field, "departments");
    assert_non_null(strstr(e.message, "内科"));
    assert_non_null(strstr(e.message, "第1项与第3项"));
    const char *blank[] = {"内科", " "};
    memset(&e, 0, sizeof e);
    assert_false(org_departments_validate(blank, 2, &e));
    assert_string_equal(e.field, "departments");
    const char *empty[] = {""};
    assert_false(org_departments_validate(empty, 1, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_labels_parse),
        cmocka_unit_test(test_parse_rejects_unknown),
        cmocka_unit_test(test_child_allowed_matrix),
        cmocka_unit_test(test_term_years),
        cmocka_unit_test(test_term_end),
        cmocka_unit_test(test_too_few_full_members),
        cmocka_unit_test(test_committee_required),
        cmocka_unit_test(test_too_many_members),
        cmocka_unit_test(test_term_warnings),
        cmocka_unit_test(test_several_warnings_and_max),
        cmocka_unit_test(test_type_fits_children),
        cmocka_unit_test(test_committee_positions),
        cmocka_unit_test(test_committee_rules),
        cmocka_unit_test(test_departments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
