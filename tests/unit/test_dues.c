/* test_dues.c: domain/dues — party dues under 中组发〔2008〕3号 (DOMAIN.md §3). Every band
 * boundary is tested on both sides; each band includes its upper bound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
