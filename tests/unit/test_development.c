/* test_development.c: domain/development — the 25 steps of developing a member and their time
 * rules (DOMAIN.md §4, 发展党员工作细则 2014), each on the day before, on and after its limit;
 * the stages; the one extension of probation; what falls due; the applicant's personal fields. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "domain/development.h"

static dj_date D(const char *s)
{
    dj_date d = 0;
    assert_true(date_parse(s, &d));
    return d;
}

/* A record with steps 1..last done on the dates given (the rest one day apart after the last
 * given one). */
static dev_record rec(const char *birth, int last, const char *const *dates)
{
    dev_record r = {0};
    r.birth = birth ? D(birth) : 0;
    r.last = last;
    dj_date prev = D("2020-01-01");
    for (int k = 1; k <= last; k++) {
        r.done[k] = dates && dates[k - 1] ? D(dates[k - 1]) : prev;
        prev = r.done[k];
    }
    return r;
}

/* One boundary case: step recorded on date, as of today; expected verdict. */
typedef struct {
    const char *name;
    dev_record r;
    int step;
    const char *on;
    int days, hours;
    bool ok;
} rule_case;

static void run_cases(const rule_case *cs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        dev_verdict v;
        dj_err err = {0};
        if (!dev_step_check(&cs[i].r, cs[i].step, D(cs[i].on), D("2030-01-01"), cs[i].days, cs[i].hours, &v, &err))
            fail_msg("%s: refused as %s: %s", cs[i].name, err.code, err.message);
        if (v.ok != cs[i].ok)
            fail_msg("%s: expected %s", cs[i].name, cs[i].ok ? "ok" : "a breach");
        if (!v.ok) {
            assert_non_null(v.rule);
            assert_string_equal(v.source, DEV_SOURCE);
            assert_non_null(strstr(v.message, v.rule));
            assert_non_null(strstr(v.message, "发展党员工作细则"));
        }
    }
}

/* Age 18 on the application date (DOMAIN.md §4), 29 February counted by date_add_years. */
static void test_age_on_application(void **state)
{
    (void)state;
    const rule_case cs[] = {
        {"day before 18th birthday", rec("2005-06-15", 0, NULL), 1, "2023-06-14", 0, 0, false},
        {"on 18th birthday", rec("2005-06-15", 0, NULL), 1, "2023-06-15", 0, 0, true},
        {"day after", rec("2005-06-15", 0, NULL), 1, "2023-06-16", 0, 0, true},
        {"29 Feb: 28 Feb is too early", rec("2004-02-29", 0, NULL), 1, "2022-02-28", 0, 0, false},
        {"29 Feb: 1 March is 18", rec("2004-02-29", 0, NULL), 1, "2022-03-01", 0, 0, true},
    };
    run_cases(cs, sizeof cs / sizeof cs[0]);
}

/* The talk within one month of the application. */
static void test_talk_within_month(void **state)
{
    (void)state;
    const char *d1[] = {"2024-01-31"};
    const char *d2[] = {"2024-03-10"};
    const rule_case cs[] = {
        {"day before the month ends", rec("1990-01-01", 1, d2), 2, "2024-04-09", 0, 0, true},
        {"on the month's day", rec("1990-01-01", 1, d2), 2, "2024-04-10", 0, 0, true},
        {"day after", rec("1990-01-01", 1, d2), 2, "2024-04-11", 0, 0, false},
        /* 31 January + 1 month is 29 February 2024 (clamped). */
        {"31 Jan: 29 Feb is in time", rec("1990-01-01", 1, d1), 2, "2024-02-29", 0, 0, true},
        {"31 Jan: 1 Mar is late", rec("1990-01-01", 1, d1), 2, "2024-03-01", 0, 0, false},
    };
    run_cases(cs, sizeof cs / sizeof cs[0]);
}

/* At least one year as an activist (step 3) before becoming a candidate (step 7). */
static void test_activist_year(void **state)
{
    (void)state;
    const char *d[] = {"2023-01-05", "2023-01-10", "2023-03-01", "2023-03-05", "2023-03-06", "2023-04-01"};
    const char *leap[] = {"2023-01-05", "2023-01-10", "2024-02-29", "2024-03-01", "2024-03-02", "2024-03-03"};
    const rule_case cs[] = {
        {"day before a year", rec("1990-01-01", 6, d), 7, "2024-02-29", 0, 0, false},
        {"on the year", rec("1990-01-01", 6, d), 7, "2024-03-01", 0, 0, true},
        {"day after", rec("1990-01-01", 6, d), 7, "2024-03-02", 0, 0, true},
        {"from 29 Feb: 28 Feb is short", rec("1990-01-01", 6, leap), 7, "2025-02-28", 0, 0, false},
        {"from 29 Feb: 1 Mar is a year", rec("1990-01-01", 6, leap), 7, "2025-03-01", 0, 0, true},
    };
    run_cases(cs, sizeof cs / sizeof cs[0]);
}

/* Concentrated training: at least 3 days or 24 class hours. */
static void test_training(void **state)
{
    (void)state;
    dev_record r = rec("1990-01-01", 10, NULL);
    const rule_case cs[] = {
        {"2 days", r, 11, "2024-01-01", 2, 0, false},
        {"3 days", r, 11, "2024-01-01", 3, 0, true},
        {"4 days", r, 11, "2024-01-01", 4, 0, true},
        {"23 hours", r, 11, "2024-01-01", 0, 23, false},
        {"24 hours", r, 11, "2024-01-01", 0, 24, true},
        {"25 hours", r, 11, "2024-01-01", 0, 25, true},
        {"2 days and 23 hours", r, 11, "2024-01-01", 2, 23, false},
    };
    run_cases(cs, sizeof cs / sizeof cs[0]);
    dev_verdict v;
    dj_err err;
    assert_false(dev_step_check(&r, 11, D("2024-01-01"), D("2030-01-01"), 0, 0, &v, &err));
    assert_string_equal(err.field, "training_days");
}

/* The higher committee approves within 3 months of the branch meeting (step 15). */
static void test_approval_months(void **state)
{
    (void)state;
    dev_record r = rec("1990-01-01", 16, NULL);
    r.done[15] = D("2024-02-10");
    r.done[16] = D("2024-02-20");
    const rule_case cs[] = {
        {"day before 3 months", r, 17, "2024-05-09", 0, 0, true},
        {"on 3 months", r, 17, "2024-05-10", 0, 0, true},
        {"day after", r, 17, "2024-05-11", 0, 0, false},
    };
    run_cases(cs, sizeof cs / sizeof cs[0]);
}

/* Probation one year from step 15 before step 23, moved by the one extension. */
static void test_probation_and_extension(void **state)
{
    (void)state;
    dev_record r = rec("1990-01-01", 22, NULL);
    for (int k = 15; k <= 22; k++)
        r.done[k] = D("2024-02-29");
    const rule_case cs[] = {
        {"day before the year", r, 23, "2025-02-28", 0, 0, false},
        {"on the year (1 March for 29 Feb)", r, 23, "2025-03-01", 0, 0, true},
        {"day after", r, 23, "2025-03-02", 0, 0, true},
    };
    run_cases(cs, sizeof cs / sizeof cs[0]);
    assert_int_equal(dev_probation_end(&r), D("2025-03-01"));

    /* Extended by 6 months: the earliest step 23 moves to 2025-09-01. */
    dev_record e = r;
    e.last = 20;
    dj_err err;
    assert_true(dev_extension_check(&e, 6, &err));
    assert_true(dev_extension_check(&e, 12, &err));
    assert_false(dev_extension_check(&e, 5, &err));
    assert_string_equal(err.field, "extension_months");
    assert_false(dev_extension_check(&e, 13, &err));
    e.extension_months = 6;
    assert_false(dev_extension_check(&e, 6, &err)); /* only once */
    assert_non_null(strstr(err.message, "一次"));
    e.last = 22;
    assert_int_equal(dev_probation_end(&e), D("2025-09-01"));
    const rule_case ext[] = {
        {"extended: day before", e, 23, "2025-08-31", 0, 0, false},
        {"extended: on", e, 23, "2025-09-01", 0, 0, true},
        {"extended: day after", e, 23, "2025-09-02", 0, 0, true},
    };
    run_cases(ext, sizeof ext / sizeof ext[0]);
    dj_date lo, hi;
    dev_step_window(&e, 23, &lo, &hi);
    assert_int_equal(lo, D("2025-09-01"));
    assert_int_equal(hi, 0);

    /* Not before step 15, nor after step 23. */
    dev_record early = rec("1990-01-01", 14, NULL);
    assert_false(dev_extension_check(&early, 6, &err));
    dev_record late = rec("1990-01-01", 23, NULL);
    assert_false(dev_extension_check(&late, 6, &err));
}

/* Order, double recording, future dates and dates before the previous step are refused outright
 * (no override). */
static void test_refused_outright(void **state)
{
    (void)state;
    dev_record r = rec("1990-01-01", 3, (const char *const[]){"2024-01-01", "2024-01-10", "2024-02-01"});
    dev_verdict v;
    dj_err err;
    dj_date today = D("2024-06-01");
    assert_false(dev_step_check(&r, 3, D("2024-03-01"), today, 0, 0, &v, &err));
    assert_string_equal(err.code, "conflict");
    assert_false(dev_step_check(&r, 5, D("2024-03-01"), today, 0, 0, &v, &err));
    assert_string_equal(err.code, "validation");
    assert_string_equal(err.field, "step");
    assert_non_null(strstr(err.message, "第4步"));
    assert_false(dev_step_check(&r, 0, D("2024-03-01"), today, 0, 0, &v, &err));
    assert_false(dev_step_check(&r, 26, D("2024-03-01"), today, 0, 0, &v, &err));
    /* The day after today is refused, today is allowed. */
    assert_false(dev_step_check(&r, 4, D("2024-06-02"), today, 0, 0, &v, &err));
    assert_string_equal(err.field, "done_on");
    assert_true(dev_step_check(&r, 4, D("2024-06-01"), today, 0, 0, &v, &err));
    /* The day before the previous step is refused, the same day allowed. */
    assert_false(dev_step_check(&r, 4, D("2024-01-31"), today, 0, 0, &v, &err));
    assert_true(dev_step_check(&r, 4, D("2024-02-01"), today, 0, 0, &v, &err));
    assert_true(v.ok);
}

/* An override (DOMAIN.md §4 rules broken on purpose): only with a reason, only by those entitled. */
static void test_overrides(void **state)
{
    (void)state;
    dev_record r = rec("1990-01-01", 1, (const char *const[]){"2024-03-10"});
    dev_verdict v;
    dj_err err;
    assert_true(dev_step_check(&r, 2, D("2024-04-11"), D("2030-01-01"), 0, 0, &v, &err));
    assert_false(v.ok);
    /* No reason, or a blank one: refused with the rule's message, whoever asks. */
    assert_false(dev_override_check(&v, NULL, true, &err));
    assert_string_equal(err.code, "validation");
    assert_string_equal(err.field, "done_on");
    assert_string_equal(err.message, v.message);
    assert_false(dev_override_check(&v, " \n", true, &err));
    /* A reason from someone not entitled (a branch secretary): forbidden. */
    assert_false(dev_override_check(&v, "外出进修", false, &err));
    assert_string_equal(err.code, "forbidden");
    assert_string_equal(err.field, "override_reason");
    /* A reason from the committee: recorded. */
    assert_true(dev_override_check(&v, "外出进修", true, &err));
    /* A step within its rules needs no reason from anyone. */
    assert_true(dev_step_check(&r, 2, D("2024-04-10"), D("2030-01-01"), 0, 0, &v, &err));
    assert_true(v.ok);
    assert_true(dev_override_check(&v, NULL, false, &err));
}

static void test_stages_and_labels(void **state)
{
    (void)state;
    const struct { int last; const char *stage; } cs[] = {
        {0, "applicant"}, {2, "applicant"}, {3, "activist"}, {6, "activist"}, {7, "candidate"},
        {14, "candidate"}, {15, "probationary"}, {23, "probationary"}, {24, "full"}, {25, "full"},
    };
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++)
        assert_string_equal(dev_stage_name(dev_stage_of(cs[i].last)), cs[i].stage);
    assert_string_equal(dev_stage_label(DEV_CANDIDATE), "发展对象");
    for (int k = 1; k <= DEV_STEPS; k++)
        assert_non_null(dev_step_label(k));
    assert_null(dev_step_label(0));
    assert_null(dev_step_label(26));
    assert_string_equal(dev_step_label(15), "支部大会讨论（接收预备党员）");
    assert_true(dev_step_needs_people(5));
    assert_true(dev_step_needs_people(9));
    assert_false(dev_step_needs_people(10));
}

/* The board's and the to-do list's items, at their limits. */
static void test_due(void **state)
{
    (void)state;
    /* Talk owed: due by 2024-04-10; overdue from 2024-04-11. */
    dev_record a = rec("1990-01-01", 1, (const char *const[]){"2024-03-10"});
    assert_true(dev_due_of(&a, D("2024-04-10")).talk_owed);
    assert_false(dev_due_of(&a, D("2024-04-10")).talk_overdue);
    assert_true(dev_due_of(&a, D("2024-04-11")).talk_overdue);
    /* Activist year 2024-03-01 from 2023-03-01: shown from 30 days before. */
    const char *d[] = {"2023-01-05", "2023-01-10", "2023-03-01"};
    dev_record b = rec("1990-01-01", 3, d);
    assert_false(dev_due_of(&b, D("2024-01-30")).activist_year);
    assert_true(dev_due_of(&b, D("2024-01-31")).activist_year);
    assert_int_equal(dev_due_of(&b, D("2024-01-31")).date, D("2024-03-01"));
    /* Approval late: step 15 on 2024-02-10, 3 months is 2024-05-10. */
    dev_record c = rec("1990-01-01", 15, NULL);
    c.done[15] = D("2024-02-10");
    assert_false(dev_due_of(&c, D("2024-05-10")).approval_late);
    assert_true(dev_due_of(&c, D("2024-05-11")).approval_late);
    /* Probation ending 2025-02-10: within 30 days from 2025-01-11. */
    assert_false(dev_due_of(&c, D("2025-01-10")).probation_ending);
    assert_true(dev_due_of(&c, D("2025-01-11")).probation_ending);
    c.last = 23;
    assert_false(dev_due_of(&c, D("2025-01-11")).probation_ending);
}

/* The check digit of an ID number (GB 11643, DOMAIN.md §5). */
static void id_with_check(char id[19])
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int s = 0;
    for (int i = 0; i < 17; i++)
        s += (id[i] - '0') * w[i];
    id[17] = "10X98765432"[s % 11];
    id[18] = 0;
}

/* The applicant's personal fields: the member file's checks, without category or party dates. */
static void test_applicant_fields(void **state)
{
    (void)state;
    char id[19] = "44010620000515123";
    id_with_check(id);
    member_input m = {.name = "张三", .gender = "male", .birth_date = "2000-05-15", .id_number = id};
    dj_err err;
    assert_true(dev_applicant_validate(&m, D("2024-01-01"), &err)); /* the 17th digit 3: odd = male */
    member_input wrong = m;
    wrong.gender = "female";
    assert_false(dev_applicant_validate(&wrong, D("2024-01-01"), &err));
    assert_string_equal(err.field, "id_number");
    member_input bad_birth = m;
    bad_birth.birth_date = "2000-05-16";
    assert_false(dev_applicant_validate(&bad_birth, D("2024-01-01"), &err));
    assert_string_equal(err.field, "id_number");
    member_input no_name = m;
    no_name.name = NULL;
    assert_false(dev_applicant_validate(&no_name, D("2024-01-01"), &err));
    assert_string_equal(err.field, "name");
}

/* DOMAIN.md §4 step 15 "支部大会讨论 (the quorum of §2)" and §2: more than half of those entitled
 * present, more than half of those entitled in favour; exactly half is short each time. */
static void test_branch_meeting_vote(void **state)
{
    (void)state;
    assert_true(dev_step_needs_vote(15));
    assert_true(dev_step_needs_vote(23));
    assert_false(dev_step_needs_vote(14));
    assert_false(dev_step_needs_vote(24));
    static const struct {
        int entitled, present, yes, no, abstain;
        const char *field; /* NULL: passes */
    } cases[] = {
        {10, 6, 6, 0, 0, NULL},           /* quorum 6 > 5, 6 in favour > 5 */
        {10, 5, 5, 0, 0, "voters_present"}, /* exactly half present: short of quorum */
        {10, 10, 5, 5, 0, "votes_for"},   /* exactly half in favour fails */
        {10, 10, 6, 2, 2, NULL},
        {10, 6, 5, 0, 1, "votes_for"},    /* a majority of those present, not of those entitled */
        {1, 1, 1, 0, 0, NULL},            /* a branch of one full member */
        {0, 0, 0, 0, 0, "voters_entitled"},
        {10, 11, 6, 0, 0, "voters_present"},
        {10, -1, 6, 0, 0, "voters_present"},
        {10, 6, 6, 1, 0, "votes_for"},    /* seven votes from six present */
        {10, 6, -1, 0, 0, "votes_for"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dj_err err = {0};
        bool ok = dev_vote_check(cases[i].entitled, cases[i].present, cases[i].yes, cases[i].no, cases[i].abstain, &err);
        if (!cases[i].field) {
            assert_true(ok);
        } else {
            assert_false(ok);
            assert_string_equal(err.code, "validation");
            assert_string_equal(err.field, cases[i].field);
            assert_true(strlen(err.message) > 0);
        }
    }
    dj_err err = {0};
    assert_false(dev_vote_check(10, 5, 5, 0, 0, &err));
    assert_non_null(strstr(err.message, "过半数"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_age_on_application),
        cmocka_unit_test(test_talk_within_month),
        cmocka_unit_test(test_activist_year),
        cmocka_unit_test(test_training),
        cmocka_unit_test(test_approval_months),
        cmocka_unit_test(test_probation_and_extension),
        cmocka_unit_test(test_refused_outright),
        cmocka_unit_test(test_overrides),
        cmocka_unit_test(test_stages_and_labels),
        cmocka_unit_test(test_due),
        cmocka_unit_test(test_applicant_fields),
        cmocka_unit_test(test_branch_meeting_vote),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
