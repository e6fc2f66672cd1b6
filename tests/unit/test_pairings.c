/* test_pairings.c: domain/pairings — the 201 project (DOMAIN.md §7, seed 000): three years by
 * default, the stages 搭架子 → 正常化 → 见成效 one step at a time, private institutions only, one
 * instructor one institution unless a setting allows more, milestones late or on time, visits
 * within the pairing. Every rule at its boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/pairings.h"

static dj_date D(const char *s)
{
    dj_date d = 0;
    assert_true(date_parse(s, &d));
    return d;
}

static void test_default_end_three_years(void **state)
{
    (void)state;
    static const struct { const char *start, *end; } cases[] = {
        {"2023-06-01", "2026-06-01"},
        {"2023-12-31", "2026-12-31"},
        {"2024-02-29", "2027-03-01"}, /* the project's one convention: 29 February → 1 March */
        {"2025-02-28", "2028-02-28"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[11];
        date_format(pairing_default_end(D(cases[i].start)), out);
        assert_string_equal(out, cases[i].end);
    }
}

static void test_dates(void **state)
{
    (void)state;
    dj_err err;
    assert_true(pairing_dates_check(D("2023-06-01"), D("2023-06-02"), &err));
    assert_false(pairing_dates_check(D("2023-06-01"), D("2023-06-01"), &err)); /* the same day: no */
    assert_string_equal(err.field, "ends_on");
    assert_false(pairing_dates_check(D("2023-06-01"), D("2023-05-31"), &err));
    assert_string_equal(err.code, "validation");
}

static void test_stage_order(void **state)
{
    (void)state;
    static const struct { pairing_stage from, to; bool ok; } cases[] = {
        {PAIRING_FRAMEWORK, PAIRING_FRAMEWORK, true}, {PAIRING_FRAMEWORK, PAIRING_REGULAR, true},
        {PAIRING_FRAMEWORK, PAIRING_RESULTS, false},  {PAIRING_REGULAR, PAIRING_RESULTS, true},
        {PAIRING_REGULAR, PAIRING_FRAMEWORK, false},  {PAIRING_RESULTS, PAIRING_REGULAR, false},
        {PAIRING_RESULTS, PAIRING_RESULTS, true},     {PAIRING_RESULTS, (pairing_stage)3, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dj_err err = {0};
        if (pairing_stage_change_check(cases[i].from, cases[i].to, &err) != cases[i].ok)
            fail_msg("case %zu", i);
        if (!cases[i].ok)
            assert_string_equal(err.field, "stage");
    }
}

static void test_stage_names(void **state)
{
    (void)state;
    pairing_stage s;
    assert_true(pairing_stage_parse("搭架子", &s));
    assert_int_equal(s, PAIRING_FRAMEWORK);
    assert_true(pairing_stage_parse("results", &s));
    assert_string_equal(pairing_stage_label(s), "见成效");
    assert_string_equal(pairing_stage_name(PAIRING_REGULAR), "regular");
    assert_false(pairing_stage_parse("done", &s));
    assert_false(pairing_stage_parse(NULL, &s));
    assert_null(pairing_stage_name((pairing_stage)3));
}

static void test_private_only(void **state)
{
    (void)state;
    dj_err err;
    assert_true(pairing_ownership_check("private", &err));
    assert_false(pairing_ownership_check("public", &err));
    assert_string_equal(err.field, "institution_id");
    assert_false(pairing_ownership_check(NULL, &err));
}

static void test_capacity(void **state)
{
    (void)state;
    pairing_settings s = pairing_defaults();
    assert_int_equal(s.max_per_instructor, 1);
    assert_int_equal(s.max_per_institution, 1);
    dj_err err;
    assert_true(pairing_capacity_check(0, s.max_per_instructor, true, &err));
    assert_false(pairing_capacity_check(1, s.max_per_instructor, true, &err)); /* a second one */
    assert_string_equal(err.field, "instructor_user_id");
    assert_false(pairing_capacity_check(1, s.max_per_institution, false, &err));
    assert_string_equal(err.field, "institution_id");
    assert_true(pairing_capacity_check(1, 2, true, &err)); /* a setting allowing two */
    assert_false(pairing_capacity_check(2, 2, true, &err));
}

static void test_settings(void **state)
{
    (void)state;
    dj_err err;
    pairing_settings s = pairing_defaults();
    assert_true(pairing_settings_validate(&s, &err));
    s.max_per_instructor = 0;
    assert_false(pairing_settings_validate(&s, &err));
    assert_string_equal(err.field, "max_per_instructor");
    s = pairing_defaults();
    s.max_per_instructor = 20;
    assert_true(pairing_settings_validate(&s, &err));
    s.max_per_instructor = 21;
    assert_false(pairing_settings_validate(&s, &err));
    s = pairing_defaults();
    s.max_per_institution = 6;
    assert_false(pairing_settings_validate(&s, &err));
    assert_string_equal(err.field, "max_per_institution");
    s = pairing_defaults();
    s.max_stars = 0;
    assert_false(pairing_settings_validate(&s, &err));
    assert_string_equal(err.field, "max_stars");
}

static void test_target_stars(void **state)
{
    (void)state;
    dj_err err;
    int max = pairing_defaults().max_stars; /* six: seed 000's 六星的党支部 */
    assert_int_equal(max, 6);
    assert_false(pairing_target_check(0, max, &err));
    assert_string_equal(err.field, "target_stars");
    assert_true(pairing_target_check(1, max, &err));
    assert_true(pairing_target_check(6, max, &err));
    assert_false(pairing_target_check(7, max, &err));
}

static void test_milestone_state(void **state)
{
    (void)state;
    dj_date due = D("2024-03-31");
    static const struct { const char *today; bool done; const char *done_on; milestone_state want; } cases[] = {
        {"2024-03-30", false, NULL, MILESTONE_PENDING},
        {"2024-03-31", false, NULL, MILESTONE_PENDING}, /* due today: not late yet */
        {"2024-04-01", false, NULL, MILESTONE_LATE},
        {"2024-04-10", true, "2024-03-31", MILESTONE_DONE},
        {"2024-04-10", true, "2024-04-01", MILESTONE_DONE_LATE},
        {"2024-03-01", true, "2024-02-01", MILESTONE_DONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dj_date done_on = cases[i].done_on ? D(cases[i].done_on) : 0;
        if (pairing_milestone_state(due, cases[i].done, done_on, D(cases[i].today)) != cases[i].want)
            fail_msg("case %zu", i);
    }
    assert_string_equal(milestone_state_name(MILESTONE_DONE_LATE), "done_late");
}

static void test_milestone_dates(void **state)
{
    (void)state;
    dj_date s = D("2023-06-01"), e = D("2026-06-01"), today = D("2024-05-01");
    dj_err err;
    assert_true(pairing_milestone_check(s, e, s, false, 0, today, &err));
    assert_true(pairing_milestone_check(s, e, e, false, 0, today, &err));
    assert_false(pairing_milestone_check(s, e, D("2023-05-31"), false, 0, today, &err));
    assert_string_equal(err.field, "milestones");
    assert_false(pairing_milestone_check(s, e, D("2026-06-02"), false, 0, today, &err));
    assert_true(pairing_milestone_check(s, e, D("2024-01-01"), true, today, today, &err));
    assert_false(pairing_milestone_check(s, e, D("2024-01-01"), true, D("2024-05-02"), today, &err));
    assert_false(pairing_milestone_check(s, e, D("2024-01-01"), true, D("2023-05-31"), today, &err));
}

static void test_visit_dates(void **state)
{
    (void)state;
    dj_date s = D("2023-06-01"), e = D("2026-06-01");
    dj_err err;
    assert_true(pairing_visit_check(s, e, s, D("2024-01-01"), &err));
    assert_false(pairing_visit_check(s, e, D("2023-05-31"), D("2024-01-01"), &err));
    assert_string_equal(err.field, "visited_on");
    assert_true(pairing_visit_check(s, e, D("2024-01-01"), D("2024-01-01"), &err)); /* today */
    assert_false(pairing_visit_check(s, e, D("2024-01-02"), D("2024-01-01"), &err)); /* tomorrow */
    assert_true(pairing_visit_check(s, e, e, D("2027-01-01"), &err));
    assert_false(pairing_visit_check(s, e, D("2026-06-02"), D("2027-01-01"), &err));
}

static void test_quarter(void **state)
{
    (void)state;
    char q[8];
    pairing_quarter_label(D("2024-03-31"), q);
    assert_string_equal(q, "2024-Q1");
    pairing_quarter_label(D("2024-04-01"), q);
    assert_string_equal(q, "2024-Q2");
    pairing_quarter_label(D("2024-12-31"), q);
    assert_string_equal(q, "2024-Q4");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_end_three_years), cmocka_unit_test(test_dates),
        cmocka_unit_test(test_stage_order),             cmocka_unit_test(test_stage_names),
        cmocka_unit_test(test_private_only),            cmocka_unit_test(test_capacity),
        cmocka_unit_test(test_settings),                cmocka_unit_test(test_target_stars),
        cmocka_unit_test(test_milestone_state),         cmocka_unit_test(test_milestone_dates),
        cmocka_unit_test(test_visit_dates),             cmocka_unit_test(test_quarter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
