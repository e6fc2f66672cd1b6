/* test_alliances.c: domain/alliances — 红联共建 (DOMAIN.md §7, seeds 003, 004): "1+1" is a lead
 * and one partner, "1+N" a lead and two or more; public and private together (公立+民营); the
 * term; the months of two-way referrals (双向转诊) and their counts; the yearly report's
 * aggregation by direction and month, and of activities by kind. Every rule at its boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/alliances.h"

static dj_date D(const char *s)
{
    dj_date d = 0;
    assert_true(date_parse(s, &d));
    return d;
}

static void test_kinds(void **state)
{
    (void)state;
    alliance_kind k = ALLIANCE_ONE_MANY;
    assert_true(alliance_kind_parse("1+1", &k));
    assert_int_equal(k, ALLIANCE_ONE_ONE);
    assert_true(alliance_kind_parse("1+N", &k));
    assert_int_equal(k, ALLIANCE_ONE_MANY);
    assert_true(alliance_kind_parse("“1+1”结对共建", &k)); /* the label too */
    assert_int_equal(k, ALLIANCE_ONE_ONE);
    k = ALLIANCE_ONE_MANY;
    assert_false(alliance_kind_parse("1+2", &k));
    assert_false(alliance_kind_parse("1 1", &k)); /* '+' decoded as a space in a query */
    assert_false(alliance_kind_parse("", &k));
    assert_false(alliance_kind_parse(NULL, &k));
    assert_int_equal(k, ALLIANCE_ONE_MANY); /* untouched */
    assert_int_equal(dj_enum_count(dj_alliance_activity_kinds), ALLIANCE_ACTIVITY_KINDS);
    assert_string_equal(dj_enum_label(dj_alliance_activity_kinds, "study"), "联学");
    assert_string_equal(dj_enum_name(dj_alliance_resource_kinds, "培训名额"), "training_slot");
}

/* "1+1": exactly two organisations; "1+N": three or more (seed 003). */
static void test_members_count(void **state)
{
    (void)state;
    static const int64_t m[ALLIANCE_MEMBERS_MAX + 1] = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
                                                       18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
    static const struct { alliance_kind kind; size_t n; bool ok; } cases[] = {
        {ALLIANCE_ONE_ONE, 0, false}, {ALLIANCE_ONE_ONE, 1, true},  {ALLIANCE_ONE_ONE, 2, false},
        {ALLIANCE_ONE_MANY, 0, false}, {ALLIANCE_ONE_MANY, 1, false}, {ALLIANCE_ONE_MANY, 2, true},
        {ALLIANCE_ONE_MANY, 3, true}, {ALLIANCE_ONE_MANY, ALLIANCE_MEMBERS_MAX, true},
        {ALLIANCE_ONE_MANY, ALLIANCE_MEMBERS_MAX + 1, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dj_err err = {0};
        if (alliance_members_check(cases[i].kind, 1, m, cases[i].n, &err) != cases[i].ok)
            fail_msg("case %zu: kind %d with %zu partners", i, cases[i].kind, cases[i].n);
        if (!cases[i].ok)
            assert_string_equal(err.field, "member_org_ids");
    }
}

static void test_members_distinct(void **state)
{
    (void)state;
    dj_err err;
    assert_false(alliance_members_check(ALLIANCE_ONE_ONE, 7, (int64_t[]){7}, 1, &err)); /* the lead as partner */
    assert_non_null(strstr(err.message, "牵头单位"));
    assert_false(alliance_members_check(ALLIANCE_ONE_MANY, 1, (int64_t[]){2, 3, 2}, 3, &err));
    assert_non_null(strstr(err.message, "重复"));
    assert_true(alliance_members_check(ALLIANCE_ONE_MANY, 1, (int64_t[]){2, 3, 4}, 3, &err));
}

/* 公立+民营 (seeds 003, 004): a public and a private organisation, two different ones; a bureau's
 * branch (neither) may join but does not count. */
static void test_mix(void **state)
{
    (void)state;
    dj_err err;
    alliance_org_owner pub = {1, true, false}, priv = {2, false, true}, bureau = {3, false, false},
                       priv2 = {4, false, true}, both = {5, true, true};
    assert_true(alliance_mix_check((alliance_org_owner[]){pub, priv}, 2, &err));
    assert_true(alliance_mix_check((alliance_org_owner[]){priv, pub}, 2, &err)); /* a private lead (seed 003) */
    assert_true(alliance_mix_check((alliance_org_owner[]){pub, bureau, priv}, 3, &err)); /* seed 004 */
    assert_false(alliance_mix_check((alliance_org_owner[]){priv, priv2}, 2, &err));
    assert_string_equal(err.field, "member_org_ids");
    assert_false(alliance_mix_check((alliance_org_owner[]){pub, bureau}, 2, &err));
    assert_false(alliance_mix_check((alliance_org_owner[]){bureau, bureau}, 2, &err));
    /* One organisation covering both is not an alliance of two. */
    assert_false(alliance_mix_check((alliance_org_owner[]){both}, 1, &err));
    assert_false(alliance_mix_check((alliance_org_owner[]){both, bureau}, 2, &err));
    assert_true(alliance_mix_check((alliance_org_owner[]){both, priv}, 2, &err));
    assert_false(alliance_mix_check(NULL, 0, &err));
}

static void test_dates(void **state)
{
    (void)state;
    dj_err err;
    assert_true(alliance_dates_check(D("2021-04-01"), false, 0, &err));
    assert_true(alliance_dates_check(D("2021-04-01"), true, D("2021-04-01"), &err)); /* one day */
    assert_false(alliance_dates_check(D("2021-04-01"), true, D("2021-03-31"), &err));
    assert_string_equal(err.field, "ends_on");

    assert_true(alliance_day_check(D("2023-07-27"), false, 0, D("2023-07-27"), "date", "活动日期", &err));
    assert_false(alliance_day_check(D("2023-07-27"), false, 0, D("2023-07-26"), "date", "活动日期", &err));
    assert_string_equal(err.field, "date");
    assert_non_null(strstr(err.message, "活动日期"));
    assert_true(alliance_day_check(D("2023-07-27"), true, D("2024-07-26"), D("2024-07-26"), "date", "活动日期", &err));
    assert_false(alliance_day_check(D("2023-07-27"), true, D("2024-07-26"), D("2024-07-27"), "date", "活动日期", &err));
}

static void test_month_parse(void **state)
{
    (void)state;
    static const struct { const char *s; bool ok; int y, m; } cases[] = {
        {"2026-01", true, 2026, 1}, {"2026-12", true, 2026, 12}, {"2026-00", false, 0, 0},
        {"2026-13", false, 0, 0},   {"2026-1", false, 0, 0},     {"2026-011", false, 0, 0},
        {"26-01", false, 0, 0},     {"2026/01", false, 0, 0},    {"2026-0a", false, 0, 0},
        {"", false, 0, 0},          {"2026-01-01", false, 0, 0}, {"0000-01", false, 0, 0},
        {"-026-01", false, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int y = 0, m = 0;
        if (alliance_month_parse(cases[i].s, &y, &m) != cases[i].ok)
            fail_msg("case %zu: %s", i, cases[i].s);
        if (cases[i].ok) {
            assert_int_equal(y, cases[i].y);
            assert_int_equal(m, cases[i].m);
        }
    }
    int y, m;
    assert_false(alliance_month_parse(NULL, &y, &m));
}

/* A month of referrals lies between the alliance's first month and today's (or its end's). */
static void test_referral_month(void **state)
{
    (void)state;
    dj_date start = D("2021-04-15"), today = D("2026-03-01");
    static const struct { const char *month; bool has_end; const char *end; bool ok; } cases[] = {
        {"2021-04", false, NULL, true},  /* the month it started, though on the 15th */
        {"2021-03", false, NULL, false}, {"2026-03", false, NULL, true}, /* this month */
        {"2026-04", false, NULL, false}, /* the future */
        {"2024-06", true, "2024-06-01", true}, {"2024-07", true, "2024-06-30", false},
        {"2026-3", false, NULL, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dj_err err = {0};
        if (alliance_referral_month_check(cases[i].month, start, cases[i].has_end, cases[i].end ? D(cases[i].end) : 0,
                                          today, &err) != cases[i].ok)
            fail_msg("case %zu: %s", i, cases[i].month);
        if (!cases[i].ok)
            assert_string_equal(err.field, "month");
    }
}

static void test_referral_count(void **state)
{
    (void)state;
    dj_err err;
    assert_true(alliance_referral_check(1, 2, 0, &err));
    assert_true(alliance_referral_check(1, 2, ALLIANCE_REFERRALS_MAX, &err));
    assert_false(alliance_referral_check(1, 2, ALLIANCE_REFERRALS_MAX + 1, &err));
    assert_string_equal(err.field, "count");
    assert_false(alliance_referral_check(1, 2, -1, &err));
    assert_false(alliance_referral_check(3, 3, 5, &err));
    assert_string_equal(err.field, "to_org_id");
}

/* The report: each direction month by month, in order of (from, to), other years left out. */
static void test_referral_series(void **state)
{
    (void)state;
    static const alliance_referral rows[] = {
        {2026, 3, 20, 10, 4}, {2026, 1, 10, 20, 7}, {2026, 3, 10, 20, 5}, {2025, 12, 10, 20, 100},
        {2026, 12, 10, 30, 2}, {2026, 1, 20, 10, 1}, {2026, 1, 10, 20, 1}, {2026, 13, 10, 20, 9},
    };
    alliance_direction out[4];
    int64_t total = -1;
    bool dropped = true;
    size_t n = alliance_referral_series(rows, sizeof rows / sizeof rows[0], 2026, out, 4, &total, &dropped);
    assert_int_equal(n, 3);
    assert_false(dropped);
    assert_int_equal(total, 4 + 7 + 5 + 2 + 1 + 1);
    assert_int_equal(out[0].from_org_id, 10);
    assert_int_equal(out[0].to_org_id, 20);
    assert_int_equal(out[0].months[0], 8); /* two rows of January added */
    assert_int_equal(out[0].months[2], 5);
    assert_int_equal(out[0].months[11], 0);
    assert_int_equal(out[0].total, 13);
    assert_int_equal(out[1].to_org_id, 30);
    assert_int_equal(out[1].months[11], 2);
    assert_int_equal(out[2].from_org_id, 20);
    assert_int_equal(out[2].total, 5);

    /* Room for two directions: the third is dropped but still counted in the total. */
    n = alliance_referral_series(rows, sizeof rows / sizeof rows[0], 2026, out, 2, &total, &dropped);
    assert_int_equal(n, 2);
    assert_true(dropped);
    assert_int_equal(total, 20);

    n = alliance_referral_series(rows, sizeof rows / sizeof rows[0], 2024, out, 4, &total, &dropped);
    assert_int_equal(n, 0);
    assert_int_equal(total, 0);
    n = alliance_referral_series(NULL, 0, 2026, out, 4, &total, &dropped);
    assert_int_equal(n, 0);
}

static void test_activities_by_kind(void **state)
{
    (void)state;
    const char *kinds[] = {"study", "联学", "clinic", "lecture", "training", "bogus", NULL, "joint", "义诊"};
    int64_t c[ALLIANCE_ACTIVITY_KINDS];
    assert_int_equal(alliance_activities_by_kind(kinds, sizeof kinds / sizeof kinds[0], c), 7);
    assert_int_equal(c[0], 2); /* 联学 */
    assert_int_equal(c[1], 1); /* 联办 */
    assert_int_equal(c[2], 1); /* 培训 */
    assert_int_equal(c[3], 2); /* 义诊 */
    assert_int_equal(c[4], 1); /* 讲座 */
    assert_int_equal(alliance_activities_by_kind(NULL, 0, c), 0);
    assert_int_equal(c[0], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds),          cmocka_unit_test(test_members_count),
        cmocka_unit_test(test_members_distinct), cmocka_unit_test(test_mix),
        cmocka_unit_test(test_dates),          cmocka_unit_test(test_month_parse),
        cmocka_unit_test(test_referral_month), cmocka_unit_test(test_referral_count),
        cmocka_unit_test(test_referral_series), cmocka_unit_test(test_activities_by_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
