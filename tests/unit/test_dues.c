/* test_dues.c: domain/dues — party dues under 中组发〔2008〕3号 (DOMAIN.md §3). Every band
 * boundary is tested on both sides; each band includes its upper bound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/dues.h"

#define HALF DUES_ROUND_FEN_HALF_UP
#define JIAO DUES_ROUND_UP_JIAO

static int64_t employed(int64_t base) { return dues_monthly_fen(base, DUES_EMPLOYED, HALF); }
static int64_t retired(int64_t base) { return dues_monthly_fen(base, DUES_RETIRED, HALF); }

/* DOMAIN.md §3: exactly 3000 yuan must give 15.00 yuan, not 30.00 ("3000元以下(含3000元)"). */
static void test_employed_3000_is_in_lower_band(void **state)
{
    (void)state;
    assert_int_equal(employed(300000), 1500);
    assert_int_equal(dues_rate_permille(300000, DUES_EMPLOYED), 5);
}

/* DOMAIN.md §3, employed: ≤3000 0.5%, ≤5000 1%, ≤10000 1.5%, >10000 2%. */
static void test_employed_band_boundaries(void **state)
{
    (void)state;
    assert_int_equal(employed(0), 0);
    assert_int_equal(employed(299999), 1500);   /* 1499.995 fen rounds half up */
    assert_int_equal(employed(300000), 1500);
    assert_int_equal(employed(300001), 3000);   /* 3000.01 */
    assert_int_equal(employed(400000), 4000);
    assert_int_equal(employed(500000), 5000);   /* 5000 yuan still 1% */
    assert_int_equal(employed(500001), 7500);   /* 7500.015 */
    assert_int_equal(employed(800000), 12000);
    assert_int_equal(employed(1000000), 15000); /* 10000 yuan still 1.5% */
    assert_int_equal(employed(1000001), 20000); /* 20000.02 */
    assert_int_equal(employed(2000000), 40000);

    assert_int_equal(dues_rate_permille(300001, DUES_EMPLOYED), 10);
    assert_int_equal(dues_rate_permille(500000, DUES_EMPLOYED), 10);
    assert_int_equal(dues_rate_permille(500001, DUES_EMPLOYED), 15);
    assert_int_equal(dues_rate_permille(1000000, DUES_EMPLOYED), 15);
    assert_int_equal(dues_rate_permille(1000001, DUES_EMPLOYED), 20);
}

/* DOMAIN.md §3, retired: ≤5000 0.5%, >5000 1%. */
static void test_retired_band_boundaries(void **state)
{
    (void)state;
    assert_int_equal(retired(0), 0);
    assert_int_equal(retired(300000), 1500);
    assert_int_equal(retired(300001), 1500); /* no 3000 boundary for pensions */
    assert_int_equal(retired(500000), 2500);
    assert_int_equal(retired(500001), 5000); /* 5000.01 */
    assert_int_equal(retired(1200000), 12000);
    assert_int_equal(dues_rate_permille(500000, DUES_RETIRED), 5);
    assert_int_equal(dues_rate_permille(500001, DUES_RETIRED), 10);
}

/* DOMAIN.md §3: students, the unemployed, 低保 and rural members pay 0.20 yuan a month. */
static void test_flat_kinds(void **state)
{
    (void)state;
    assert_int_equal(dues_monthly_fen(0, DUES_LOW_INCOME, HALF), 20);
    assert_int_equal(dues_monthly_fen(900000, DUES_LOW_INCOME, HALF), 20);
    assert_int_equal(dues_monthly_fen(0, DUES_RURAL, HALF), 20);
    assert_int_equal(dues_monthly_fen(500000, DUES_RURAL, JIAO), 20);
    assert_int_equal(dues_rate_permille(500000, DUES_RURAL), 0);
    assert_int_equal(dues_rate_permille(500000, DUES_LOW_INCOME), 0);
}

/* DOMAIN.md §3: computed to the fen, rounded half up. */
static void test_round_fen_half_up(void **state)
{
    (void)state;
    assert_int_equal(employed(1), 0);      /* 0.005 fen */
    assert_int_equal(employed(99), 0);     /* 0.495 */
    assert_int_equal(employed(100), 1);    /* 0.5 exactly rounds up */
    assert_int_equal(employed(123456), 617); /* 617.28 */
    assert_int_equal(employed(123500), 618); /* 617.5 */
    assert_int_equal(employed(123499), 617); /* 617.495 */
    assert_int_equal(employed(450050), 4501); /* 4500.5 at 1% */
    assert_int_equal(employed(733333), 11000); /* 10999.995 at 1.5% */
}

/* DOMAIN.md §3 (configurable): some localities round up to 0.1 yuan. */
static void test_round_up_jiao(void **state)
{
    (void)state;
    assert_int_equal(dues_monthly_fen(300000, DUES_EMPLOYED, JIAO), 1500); /* exact */
    assert_int_equal(dues_monthly_fen(300001, DUES_EMPLOYED, JIAO), 3010); /* 3000.01 -> 30.10 yuan */
    assert_int_equal(dues_monthly_fen(250000, DUES_EMPLOYED, JIAO), 1250);
    assert_int_equal(dues_monthly_fen(250100, DUES_EMPLOYED, JIAO), 1260); /* 1250.5 */
    assert_int_equal(dues_monthly_fen(123456, DUES_EMPLOYED, JIAO), 620);  /* 617.28 */
    assert_int_equal(dues_monthly_fen(1, DUES_EMPLOYED, JIAO), 10);
    assert_int_equal(dues_monthly_fen(0, DUES_EMPLOYED, JIAO), 0);
    assert_int_equal(dues_monthly_fen(500001, DUES_RETIRED, JIAO), 5010);
}

static void test_bad_input(void **state)
{
    (void)state;
    assert_int_equal(dues_monthly_fen(-1, DUES_EMPLOYED, HALF), -1);
    assert_int_equal(dues_monthly_fen(-1, DUES_LOW_INCOME, HALF), -1);
    assert_int_equal(dues_monthly_fen(DUES_MAX_BASE_FEN + 1, DUES_EMPLOYED, HALF), -1);
    assert_int_equal(dues_monthly_fen(INT64_MAX, DUES_RETIRED, JIAO), -1);
    assert_int_equal(dues_monthly_fen(100000, (dues_kind)7, HALF), -1);
    assert_int_equal(dues_monthly_fen(100000, DUES_EMPLOYED, (dues_rounding)7), -1);
    assert_int_equal(dues_rate_permille(-5, DUES_EMPLOYED), -1);
    assert_int_equal(dues_rate_permille(100, (dues_kind)7), -1);
    /* The largest accepted base is computed exactly. */
    assert_int_equal(dues_monthly_fen(DUES_MAX_BASE_FEN, DUES_EMPLOYED, HALF),
                     DUES_MAX_BASE_FEN / 50);
}


/* ---- Issue 14: the register ---------------------------------------------------------------- */

/* The boundaries the issue lists, both roundings, in one table (DOMAIN.md §3). */
static void test_issue_boundaries_both_roundings(void **state)
{
    (void)state;
    static const struct { int64_t base; dues_kind kind; int64_t half, jiao; } t[] = {
        {300000, DUES_EMPLOYED, 1500, 1500},   {300001, DUES_EMPLOYED, 3000, 3010},
        {500000, DUES_EMPLOYED, 5000, 5000},   {500001, DUES_EMPLOYED, 7500, 7510},
        {1000000, DUES_EMPLOYED, 15000, 15000}, {1000001, DUES_EMPLOYED, 20000, 20010},
        {500000, DUES_RETIRED, 2500, 2500},    {500001, DUES_RETIRED, 5000, 5010},
        {0, DUES_LOW_INCOME, 20, 20},          {800000, DUES_LOW_INCOME, 20, 20},
        {0, DUES_RURAL, 20, 20},               {800000, DUES_RURAL, 20, 20},
        {333333, DUES_EMPLOYED, 3333, 3340},   /* 3333.33: half up keeps the fen, jiao rounds up */
        {333350, DUES_EMPLOYED, 3334, 3340},   /* 3333.5 */
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_int_equal(dues_monthly_fen(t[i].base, t[i].kind, HALF), t[i].half);
        assert_int_equal(dues_monthly_fen(t[i].base, t[i].kind, JIAO), t[i].jiao);
    }
}

static void test_months(void **state)
{
    (void)state;
    dues_month m;
    assert_true(dues_month_parse("2026-03", &m));
    assert_int_equal(m, 2026 * 12 + 2);
    char out[8];
    dues_month_format(m, out);
    assert_string_equal(out, "2026-03");
    dues_month_format(2026 * 12 + 11, out);
    assert_string_equal(out, "2026-12");
    assert_true(dues_month_of_date("2025-12-31", &m));
    assert_int_equal(m, 2025 * 12 + 11);
    static const char *const bad[] = {"2026-13", "2026-00", "2026-3", "26-03", "2026-03-01", "", "abcd-ef", "1899-12"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(dues_month_parse(bad[i], &m));
    assert_false(dues_month_parse(NULL, &m));
}

static void test_kinds_and_settings(void **state)
{
    (void)state;
    dues_kind k;
    assert_true(dues_kind_parse("retired", &k));
    assert_int_equal(k, DUES_RETIRED);
    assert_true(dues_kind_parse("在职", &k));
    assert_int_equal(k, DUES_EMPLOYED);
    assert_false(dues_kind_parse("student", &k));
    assert_string_equal(dues_kind_name(DUES_LOW_INCOME), "low_income");
    dues_settings s = dues_defaults();
    assert_int_equal(s.rounding, DUES_ROUND_FEN_HALF_UP);
    assert_int_equal(s.back_limit_months, 6); /* DOMAIN.md §3: back payment normally at most 6 months */
    dj_err err;
    assert_true(dues_settings_validate(&s, &err));
    s.back_limit_months = 0;
    assert_false(dues_settings_validate(&s, &err));
    assert_string_equal(err.field, "back_limit_months");
    s.back_limit_months = 25;
    assert_false(dues_settings_validate(&s, &err));
}

static void test_base_check(void **state)
{
    (void)state;
    dj_err err;
    assert_true(dues_base_check(DUES_EMPLOYED, 0, &err));
    assert_true(dues_base_check(DUES_EMPLOYED, DUES_BASE_ABSURD_FEN, &err));
    assert_false(dues_base_check(DUES_EMPLOYED, -1, &err));
    assert_string_equal(err.field, "base_fen");
    assert_false(dues_base_check(DUES_RETIRED, DUES_BASE_ABSURD_FEN + 1, &err));
    assert_string_equal(err.field, "base_fen");
    assert_false(dues_base_check((dues_kind)9, 100, &err));
    assert_string_equal(err.field, "kind");
}

#define NOW (2026 * 12 + 11) /* 2026-12 */

static dues_payment_facts ok_facts(void)
{
    return (dues_payment_facts){.month = NOW - 1, .current = NOW, .joined = 2020 * 12, .has_base = true,
                                .due_fen = 1500, .paid_fen = 0, .amount_fen = 1500};
}

static const char *refusal(dues_payment_facts f)
{
    static dj_err err;
    dues_settings s = dues_defaults();
    memset(&err, 0, sizeof err);
    return dues_payment_check(&f, &s, &err) ? NULL : err.field;
}

/* Issue 14: every refusal of a payment, each on the field at fault. */
static void test_payment_refusals(void **state)
{
    (void)state;
    dues_payment_facts f = ok_facts();
    assert_null(refusal(f));
    f.month = NOW; /* this month may be paid */
    assert_null(refusal(f));
    f.month = NOW + 1; /* next month may not */
    assert_string_equal(refusal(f), "month");

    f = ok_facts();
    f.joined = NOW - 1; /* the month of joining is due */
    assert_null(refusal(f));
    f.joined = NOW; /* a month before joining is not */
    assert_string_equal(refusal(f), "month");
    f.joined = 0; /* joining date unknown: no check */
    assert_null(refusal(f));

    f = ok_facts();
    f.has_base = false;
    assert_string_equal(refusal(f), "month");

    f = ok_facts();
    f.paid_fen = 1500;
    assert_string_equal(refusal(f), "month");
    f.paid_fen = 0; /* paid, then reversed: open again */
    assert_null(refusal(f));

    f = ok_facts();
    f.amount_fen = 1499;
    assert_string_equal(refusal(f), "amount_fen");
    f.amount_fen = 1501;
    assert_string_equal(refusal(f), "amount_fen");
    f.voluntary = true; /* 自愿多交 */
    assert_null(refusal(f));
    f.amount_fen = 1000; /* never less, voluntary or not */
    assert_string_equal(refusal(f), "amount_fen");
    f = ok_facts();
    f.due_fen = 0;
    f.amount_fen = 0;
    assert_string_equal(refusal(f), "amount_fen");
}

/* DOMAIN.md §3: back payment normally covers at most 6 months (a setting); older needs a reason. */
static void test_back_payment_limit(void **state)
{
    (void)state;
    dues_payment_facts f = ok_facts();
    f.month = NOW - 6;
    assert_null(refusal(f));
    f.month = NOW - 7;
    assert_string_equal(refusal(f), "reason");
    f.has_reason = true;
    assert_null(refusal(f));
    dues_settings s = {DUES_ROUND_FEN_HALF_UP, 12};
    f.has_reason = false;
    dj_err err;
    assert_true(dues_payment_check(&f, &s, &err));
    f.month = NOW - 13;
    assert_false(dues_payment_check(&f, &s, &err));
}

/* DOMAIN.md §3: six consecutive months unpaid are flagged, five are not. */
static void test_lapse_flag(void **state)
{
    (void)state;
    bool five[] = {true, true, false, false, false, false, false};
    bool six[] = {true, false, false, false, false, false, false};
    bool gap[] = {false, false, false, false, false, true, false}; /* paid in between: 1 */
    assert_int_equal(dues_trailing_unpaid(five, 7), 5);
    assert_false(dues_lapsed(dues_trailing_unpaid(five, 7)));
    assert_int_equal(dues_trailing_unpaid(six, 7), 6);
    assert_true(dues_lapsed(dues_trailing_unpaid(six, 7)));
    assert_int_equal(dues_trailing_unpaid(gap, 7), 1);
    assert_false(dues_lapsed(1));
    assert_int_equal(dues_trailing_unpaid(gap, 0), 0);
    assert_false(dues_lapsed(5));
    assert_true(dues_lapsed(6));
    assert_true(dues_lapsed(7));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_employed_3000_is_in_lower_band),
        cmocka_unit_test(test_employed_band_boundaries),
        cmocka_unit_test(test_retired_band_boundaries),
        cmocka_unit_test(test_flat_kinds),
        cmocka_unit_test(test_round_fen_half_up),
        cmocka_unit_test(test_round_up_jiao),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_issue_boundaries_both_roundings),
        cmocka_unit_test(test_months),
        cmocka_unit_test(test_kinds_and_settings),
        cmocka_unit_test(test_base_check),
        cmocka_unit_test(test_payment_refusals),
        cmocka_unit_test(test_back_payment_limit),
        cmocka_unit_test(test_lapse_flag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
