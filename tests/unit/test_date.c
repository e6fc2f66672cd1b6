/* test_date.c: core/date. Dates underpin the age rule (DOMAIN.md §4), ID birth dates
 * (DOMAIN.md §5) and term warnings (DOMAIN.md §1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "core/date.h"

static dj_date D(const char *s)
{
    dj_date d = 0;
    assert_true(date_parse(s, &d));
    return d;
}

static void assert_date(dj_date d, const char *expect)
{
    char buf[11];
    date_format(d, buf);
    assert_string_equal(buf, expect);
}

static void test_parse_known_values(void **state)
{
    (void)state;
    assert_int_equal(D("1970-01-01"), 0);
    assert_int_equal(D("1970-01-02"), 1);
    assert_int_equal(D("1969-12-31"), -1);
    assert_int_equal(D("2000-01-01"), 10957);
    assert_int_equal(D("1900-01-01"), -25567);
    assert_int_equal(D("2024-02-29") + 1, D("2024-03-01"));
}

static void test_parse_range_bounds(void **state)
{
    (void)state;
    dj_date d;
    assert_true(date_parse("1900-01-01", &d));
    assert_true(date_parse("2200-12-31", &d));
    assert_false(date_parse("1899-12-31", &d));
    assert_false(date_parse("2201-01-01", &d));
    assert_false(date_parse("0000-01-01", &d));
}

static void test_parse_leap_years(void **state)
{
    (void)state;
    dj_date d;
    assert_true(date_parse("2000-02-29", &d));  /* divisible by 400 */
    assert_true(date_parse("2024-02-29", &d));
    assert_false(date_parse("1900-02-29", &d)); /* divisible by 100, not 400 */
    assert_false(date_parse("2100-02-29", &d));
    assert_false(date_parse("2023-02-29", &d));
    assert_true(date_parse("2023-02-28", &d));
}

static void test_parse_rejects_bad_days_and_months(void **state)
{
    (void)state;
    dj_date d;
    assert_false(date_parse("2023-04-31", &d));
    assert_false(date_parse("2023-06-31", &d));
    assert_false(date_parse("2023-01-32", &d));
    assert_false(date_parse("2023-01-00", &d));
    assert_false(date_parse("2023-00-10", &d));
    assert_false(date_parse("2023-13-01", &d));
    assert_true(date_parse("2023-12-31", &d));
}

static void test_parse_rejects_bad_shapes(void **state)
{
    (void)state;
    static const char *bad[] = {
        "", "2023-1-01", "2023-01-1", "2023/01/01", "20230101", "2023-01-01 ", " 2023-01-01",
        "2023-01-0a", "+023-01-01", "2023-01-01T00:00", "2023--1-01", "２０２３-01-01", "2023-01",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dj_date d = 12345;
        assert_false(date_parse(bad[i], &d));
        assert_int_equal(d, 12345); /* untouched on failure */
    }
    dj_date d;
    assert_false(date_parse(NULL, &d));
}

static void test_format_round_trip_every_day(void **state)
{
    (void)state;
    /* Every day of the supported range formats and parses back to itself, one day apart. */
    dj_date first = D("1900-01-01"), last = D("2200-12-31");
    char buf[11];
    for (dj_date d = first; d <= last; d++) {
        date_format(d, buf);
        dj_date back;
        assert_true(date_parse(buf, &back));
        assert_int_equal(back, d);
        assert_int_equal(date_from_ymd(date_year(d), date_month(d), date_day(d)), d);
    }
    assert_int_equal(last - first + 1, 365 * 301 + 73); /* 73 leap years in 1900..2200 */
}

static void test_format_out_of_range_year(void **state)
{
    (void)state;
    assert_date(date_from_ymd(10000, 1, 1), "0000-00-00");
    assert_date(date_from_ymd(-5, 1, 1), "0000-00-00");
    assert_date(date_from_ymd(1, 1, 1), "0001-01-01");
}

static void test_parts_and_from_ymd(void **state)
{
    (void)state;
    dj_date d = date_from_ymd(2024, 2, 29);
    assert_int_equal(date_year(d), 2024);
    assert_int_equal(date_month(d), 2);
    assert_int_equal(date_day(d), 29);
    assert_date(date_from_ymd(1969, 12, 31), "1969-12-31");
    /* Out-of-range parts carry over as documented. */
    assert_date(date_from_ymd(2023, 1, 32), "2023-02-01");
    assert_date(date_from_ymd(2023, 13, 1), "2024-01-01");
    assert_date(date_from_ymd(2023, 0, 1), "2022-12-01");
}

static void test_calendar_helpers(void **state)
{
    (void)state;
    assert_true(date_is_leap_year(2000));
    assert_true(date_is_leap_year(2024));
    assert_false(date_is_leap_year(1900));
    assert_false(date_is_leap_year(2023));
    assert_int_equal(date_days_in_month(2024, 2), 29);
    assert_int_equal(date_days_in_month(2023, 2), 28);
    assert_int_equal(date_days_in_month(2023, 4), 30);
    assert_int_equal(date_days_in_month(2023, 12), 31);
    assert_int_equal(date_days_in_month(2023, 0), 0);
    assert_int_equal(date_days_in_month(2023, 13), 0);
    assert_true(date_valid_ymd(2024, 2, 29));
    assert_false(date_valid_ymd(2023, 2, 29));
    assert_false(date_valid_ymd(2023, 1, 0));
}

static void test_add_days(void **state)
{
    (void)state;
    assert_date(date_add_days(D("2023-12-31"), 1), "2024-01-01");
    assert_date(date_add_days(D("2024-03-01"), -1), "2024-02-29");
    assert_date(date_add_days(D("2024-01-01"), 366), "2025-01-01");
    assert_date(date_add_days(D("1970-01-01"), -1), "1969-12-31");
}

static void test_add_months_clamps_to_month_end(void **state)
{
    (void)state;
    assert_date(date_add_months(D("2024-01-31"), 1), "2024-02-29");
    assert_date(date_add_months(D("2023-01-31"), 1), "2023-02-28");
    assert_date(date_add_months(D("2023-03-31"), -1), "2023-02-28");
    assert_date(date_add_months(D("2023-05-31"), 1), "2023-06-30");
    assert_date(date_add_months(D("2023-12-15"), 1), "2024-01-15");
    assert_date(date_add_months(D("2023-01-15"), -1), "2022-12-15");
    assert_date(date_add_months(D("2023-01-15"), -13), "2021-12-15");
    assert_date(date_add_months(D("2023-01-15"), 24), "2025-01-15");
    assert_date(date_add_months(D("2023-01-15"), 0), "2023-01-15");
}

/* Issue 11 E: one function counts years, with one convention for 29 February: its anniversary
 * in a common year is 1 March (as 周岁 is counted). Going back, 29 February goes to 28 February:
 * the latest date whose anniversary is not after it. */
static void test_add_years(void **state)
{
    (void)state;
    assert_date(date_add_years(D("2024-02-29"), 1), "2025-03-01");
    assert_date(date_add_years(D("2024-02-29"), 3), "2027-03-01"); /* a 3-year term, DOMAIN.md §1 */
    assert_date(date_add_years(D("2024-02-29"), 5), "2029-03-01"); /* a 5-year term */
    assert_date(date_add_years(D("2024-02-29"), 4), "2028-02-29");
    assert_date(date_add_years(D("2024-02-29"), 0), "2024-02-29");
    assert_date(date_add_years(D("2000-02-29"), 100), "2100-03-01"); /* 2100 is not leap */
    assert_date(date_add_years(D("2000-02-29"), 400), "2400-02-29");
    assert_date(date_add_years(D("2024-02-29"), -100), "1924-02-29");
    assert_date(date_add_years(D("2024-02-29"), -1), "2023-02-28");
    assert_date(date_add_years(D("2024-02-29"), -18), "2006-02-28");
    assert_date(date_add_years(D("2021-06-30"), 3), "2024-06-30"); /* a 3-year term, DOMAIN.md §1 */
    assert_date(date_add_years(D("2023-02-28"), 1), "2024-02-28");
    assert_date(date_add_years(D("2023-03-01"), 1), "2024-03-01");
    assert_date(date_add_years(D("2024-03-01"), -1), "2023-03-01");
    assert_date(date_add_years(D("2024-12-31"), -35), "1989-12-31");
}

/* The two directions agree: age_on(b, on) >= n exactly when b <= add_years(on, -n), and
 * add_years(b, n) is the first day on which age_on(b, .) reaches n. Checked for every birth
 * date of 1999-2005 (two leap days) and n = 1, 3, 5, 18 (probation, terms, age). */
static void test_add_years_agrees_with_age(void **state)
{
    (void)state;
    static const int ns[] = {1, 3, 5, 18};
    for (dj_date b = D("1999-01-01"); b <= D("2005-12-31"); b++) {
        for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
            int n = ns[k];
            dj_date due = date_add_years(b, n);
            assert_int_equal(date_age_on(b, due), n);
            assert_int_equal(date_age_on(b, due - 1), n - 1);
            dj_date on = b + 365 * n + 30;
            assert_true((date_age_on(b, on) >= n) == (b <= date_add_years(on, -n)));
            on = due;
            assert_true(b <= date_add_years(on, -n));
            assert_false(b <= date_add_years(on - 1, -n));
        }
    }
}

static void test_age_on(void **state)
{
    (void)state;
    /* DOMAIN.md §4: at least 18 — the age goes up on the birthday itself. */
    dj_date birth = D("2000-06-15");
    assert_int_equal(date_age_on(birth, D("2018-06-15")), 18);
    assert_int_equal(date_age_on(birth, D("2018-06-14")), 17);
    assert_int_equal(date_age_on(birth, D("2018-07-01")), 18);
    assert_int_equal(date_age_on(birth, D("2019-06-14")), 18);
    assert_int_equal(date_age_on(birth, birth), 0);
    assert_true(date_age_on(birth, D("2000-06-14")) < 0);
    assert_true(date_age_on(birth, D("1990-01-01")) < 0);
}

static void test_age_on_leap_day_birth(void **state)
{
    (void)state;
    dj_date birth = D("2004-02-29");
    assert_int_equal(date_age_on(birth, D("2005-02-28")), 0);
    assert_int_equal(date_age_on(birth, D("2005-03-01")), 1);
    assert_int_equal(date_age_on(birth, D("2022-02-28")), 17);
    assert_int_equal(date_age_on(birth, D("2022-03-01")), 18);
    assert_int_equal(date_age_on(birth, D("2008-02-29")), 4);
}

/* Issue 11 F: date_check says what is wrong, in words, with the label and never the field. */
static void test_date_check_messages(void **state)
{
    (void)state;
    static const struct {
        const char *s, *msg;
    } bad[] = {
        {NULL, "出生日期不能为空"},
        {"", "出生日期不能为空"},
        {"1899-01-01", "出生日期不能早于1900-01-01"},
        {"1899-12-31", "出生日期不能早于1900-01-01"},
        {"2201-01-01", "出生日期不能晚于2200-12-31"},
        {"2023-02-29", "出生日期不是有效日期：2023年2月没有29日"},
        {"2023-04-31", "出生日期不是有效日期：2023年4月没有31日"},
        {"2023-04-00", "出生日期不是有效日期：2023年4月没有0日"},
        {"2023-13-01", "出生日期的月份应在01至12之间"},
        {"2023-1-01", "出生日期应为YYYY-MM-DD格式的日期（如1980-05-01）"},
        {"2023-01-01x", "出生日期应为YYYY-MM-DD格式的日期（如1980-05-01）"},
        {"２０２３-01-01", "出生日期应为YYYY-MM-DD格式的日期（如1980-05-01）"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dj_err e;
        memset(&e, 0, sizeof e);
        dj_date out = 7;
        assert_false(date_check(bad[i].s, "出生日期", "birth_date", &out, &e));
        assert_int_equal(out, 7);
        assert_string_equal(e.code, "validation");
        assert_string_equal(e.field, "birth_date");
        assert_string_equal(e.message, bad[i].msg);
    }
    dj_err e;
    dj_date d;
    assert_true(date_check("1900-01-01", "出生日期", "birth_date", &d, &e));
    assert_date(d, "1900-01-01");
    assert_true(date_check("2200-12-31", NULL, NULL, &d, NULL));
    assert_date(d, "2200-12-31");
    assert_true(date_check("2024-02-29", NULL, NULL, NULL, NULL));
    assert_false(date_check("1899-01-01", NULL, NULL, NULL, &e));
    assert_string_equal(e.message, "日期不能早于1900-01-01");
    assert_string_equal(e.field, "");
}

static void test_today_matches_local_time(void **state)
{
    (void)state;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    dj_date today = date_today();
    /* Allow the day to roll over between the two calls. */
    dj_date expect = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    assert_true(today == expect || today == expect + 1);
    assert_true(date_year(today) >= 2024);
}

/* The import reads dates as Chinese spreadsheets show them (docs/API.md §Import). */
static void test_date_normalize(void **state)
{
    (void)state;
    char out[11];
    static const char *const ok[][2] = {
        {"1980/5/5", "1980-05-05"}, {"1980-5-5", "1980-05-05"}, {"1980.05.05", "1980-05-05"},
        {"1980年5月5日", "1980-05-05"}, {"1980年12月31", "1980-12-31"}, {"19800505", "1980-05-05"},
        {"2024-02-29", "2024-02-29"}, {"2023/2/29", "2023-02-29"}, /* form only: date_parse rejects it */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_true(date_normalize(ok[i][0], out));
        assert_string_equal(out, ok[i][1]);
    }
    dj_date d;
    assert_false(date_parse("2023-02-29", &d));
    static const char *const bad[] = {NULL, "", "80/5/5", "1980/5-5", "1980/5/5/", "1980/123/5", "1980年5-5",
                                      "5/5/1980", "1980/5/", "abc", "1980050", "198005055"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(date_normalize(bad[i], out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_known_values),
        cmocka_unit_test(test_parse_range_bounds),
        cmocka_unit_test(test_parse_leap_years),
        cmocka_unit_test(test_parse_rejects_bad_days_and_months),
        cmocka_unit_test(test_parse_rejects_bad_shapes),
        cmocka_unit_test(test_format_round_trip_every_day),
        cmocka_unit_test(test_format_out_of_range_year),
        cmocka_unit_test(test_parts_and_from_ymd),
        cmocka_unit_test(test_calendar_helpers),
        cmocka_unit_test(test_add_days),
        cmocka_unit_test(test_add_months_clamps_to_month_end),
        cmocka_unit_test(test_add_years),
        cmocka_unit_test(test_age_on),
        cmocka_unit_test(test_age_on_leap_day_birth),
        cmocka_unit_test(test_add_years_agrees_with_age),
        cmocka_unit_test(test_date_check_messages),
        cmocka_unit_test(test_today_matches_local_time),
        cmocka_unit_test(test_date_normalize),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
