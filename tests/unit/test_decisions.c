/* test_decisions.c: domain/decisions — 三重一大 (DOMAIN.md §7, seed 002): the four categories,
 * the amount required for large sums, the votes (more than half of those cast; with a committee
 * meeting's attendance, DOMAIN.md §2 as well), the dates, the reporting deadline at its boundary.
 * Every rule at its boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/decisions.h"

static dj_date D(const char *s)
{
    dj_date d = 0;
    assert_true(date_parse(s, &d));
    return d;
}

static void test_categories(void **state)
{
    (void)state;
    decision_category c = DECISION_MAJOR;
    assert_true(decision_category_parse("funds", &c));
    assert_int_equal(c, DECISION_FUNDS);
    assert_true(decision_category_parse("重要人事任免", &c));
    assert_int_equal(c, DECISION_APPOINTMENT);
    assert_true(decision_category_parse("重大项目安排", &c));
    assert_int_equal(c, DECISION_PROJECT);
    assert_true(decision_category_parse("decision", &c));
    assert_int_equal(c, DECISION_MAJOR);
    c = DECISION_PROJECT;
    assert_false(decision_category_parse("Funds", &c));
    assert_false(decision_category_parse("", &c));
    assert_false(decision_category_parse(NULL, &c));
    assert_int_equal(c, DECISION_PROJECT); /* untouched */
    assert_int_equal(dj_enum_count(dj_decision_categories), 4);
}

static void test_amount(void **state)
{
    (void)state;
    dj_err e;
    /* Required for 大额资金使用 only. */
    assert_false(decision_amount_check(DECISION_FUNDS, false, 0, &e));
    assert_string_equal(e.field, "amount_fen");
    assert_true(decision_amount_check(DECISION_MAJOR, false, 0, &e));
    assert_true(decision_amount_check(DECISION_APPOINTMENT, false, 0, &e));
    assert_true(decision_amount_check(DECISION_PROJECT, false, 0, &e));
    /* 0 .. max, whenever given. */
    assert_true(decision_amount_check(DECISION_FUNDS, true, 0, &e));
    assert_false(decision_amount_check(DECISION_FUNDS, true, -1, &e));
    assert_false(decision_amount_check(DECISION_PROJECT, true, -1, &e));
    assert_true(decision_amount_check(DECISION_FUNDS, true, DECISION_AMOUNT_MAX_FEN, &e));
    assert_false(decision_amount_check(DECISION_FUNDS, true, DECISION_AMOUNT_MAX_FEN + 1, &e));
    assert_null(strstr(e.message, "amount"));
}

static void test_votes_of_those_cast(void **state)
{
    (void)state;
    dj_err e;
    static const struct { int f, a, ab; bool ok; } cases[] = {
        {1, 0, 0, true},  {5, 4, 0, true}, {5, 5, 0, false}, /* exactly half fails */
        {5, 2, 3, false}, {6, 2, 3, true}, {0, 0, 0, false}, /* nothing cast */
        {0, 1, 0, false}, {-1, 0, 0, false}, {3, -1, 0, false}, {3, 0, -1, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool ok = decision_votes_check(cases[i].f, cases[i].a, cases[i].ab, -1, 0, &e);
        if (ok != cases[i].ok)
            fail_msg("case %zu: %d/%d/%d", i, cases[i].f, cases[i].a, cases[i].ab);
        if (!ok)
            assert_string_equal(e.field, "votes");
    }
}

static void test_votes_with_committee_attendance(void **state)
{
    (void)state;
    dj_err e;
    /* 9 committee members: quorum needs 5 present; passing needs 5 in favour (of 9, not of those present). */
    assert_true(decision_votes_check(5, 0, 0, 9, 5, &e));
    assert_false(decision_votes_check(4, 0, 0, 9, 4, &e)); /* short of quorum */
    assert_string_equal(e.field, "votes");
    assert_false(decision_votes_check(4, 1, 0, 9, 5, &e)); /* 4 of 5 cast, but not more than half of 9 */
    assert_false(decision_votes_check(6, 0, 0, 9, 5, &e)); /* more votes than members present */
    assert_true(decision_votes_check(7, 1, 1, 9, 9, &e));
    /* 8 members: 4 in favour is exactly half of the committee. */
    assert_false(decision_votes_check(4, 0, 0, 8, 8, &e));
    assert_true(decision_votes_check(5, 3, 0, 8, 8, &e));
}

static void test_dates(void **state)
{
    (void)state;
    dj_err e;
    dj_date today = D("2026-06-15");
    assert_true(decision_dates_check(D("2026-06-15"), false, 0, today, &e));
    assert_false(decision_dates_check(D("2026-06-16"), false, 0, today, &e));
    assert_string_equal(e.field, "decided_on");
    assert_true(decision_dates_check(D("2026-06-01"), true, D("2026-06-01"), today, &e));
    assert_false(decision_dates_check(D("2026-06-01"), true, D("2026-05-31"), today, &e));
    assert_string_equal(e.field, "reported_on");
    assert_true(decision_dates_check(D("2026-06-01"), true, D("2026-06-15"), today, &e));
    assert_false(decision_dates_check(D("2026-06-01"), true, D("2026-06-16"), today, &e));
    assert_string_equal(e.field, "reported_on");
}

static void test_report_deadline(void **state)
{
    (void)state;
    dj_date decided = D("2026-03-01");
    /* 15 days: the 16th of March is the last day on time. */
    assert_int_equal(decision_report_due(decided, 15), D("2026-03-16"));
    assert_int_equal(decision_report_state_of(decided, false, 0, D("2026-03-16"), 15), DECISION_REPORT_PENDING);
    assert_int_equal(decision_report_state_of(decided, false, 0, D("2026-03-17"), 15), DECISION_REPORT_OVERDUE);
    assert_int_equal(decision_report_state_of(decided, true, D("2026-03-16"), D("2026-09-01"), 15), DECISION_REPORT_ON_TIME);
    assert_int_equal(decision_report_state_of(decided, true, D("2026-03-17"), D("2026-09-01"), 15), DECISION_REPORT_LATE);
    assert_int_equal(decision_report_state_of(decided, true, decided, decided, 15), DECISION_REPORT_ON_TIME);
    /* Another setting moves the boundary. */
    assert_int_equal(decision_report_state_of(decided, false, 0, D("2026-03-02"), 1), DECISION_REPORT_PENDING);
    assert_int_equal(decision_report_state_of(decided, false, 0, D("2026-03-03"), 1), DECISION_REPORT_OVERDUE);
    assert_string_equal(dj_decision_report_states[DECISION_REPORT_OVERDUE].name, "overdue");
}

static void test_settings(void **state)
{
    (void)state;
    dj_err e;
    decision_settings s = decision_defaults();
    assert_int_equal(s.report_days, 15);
    assert_true(decision_settings_validate(&s, &e));
    s.report_days = 1;
    assert_true(decision_settings_validate(&s, &e));
    s.report_days = 90;
    assert_true(decision_settings_validate(&s, &e));
    s.report_days = 0;
    assert_false(decision_settings_validate(&s, &e));
    assert_string_equal(e.field, "report_days");
    s.report_days = 91;
    assert_false(decision_settings_validate(&s, &e));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_categories),  cmocka_unit_test(test_amount),
        cmocka_unit_test(test_votes_of_those_cast), cmocka_unit_test(test_votes_with_committee_attendance),
        cmocka_unit_test(test_dates),       cmocka_unit_test(test_report_deadline),
        cmocka_unit_test(test_settings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
