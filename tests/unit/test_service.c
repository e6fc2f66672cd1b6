/* test_service.c: domain/service — volunteer service and free clinics (DOMAIN.md §7, seed 002:
 * 义诊, "200余名党员医护人员…40余场, 发放医用药品15万元"): a member's hours at an event (more than 0, at
 * most 24, in half hours), the counts of an event, the members once each, the totals' year, and
 * half hours summed exactly. Every rule at its boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "domain/service.h"

static void test_hours(void **state)
{
    (void)state;
    static const struct { double h; bool ok; } cases[] = {
        {0.5, true}, {1, true}, {2.5, true}, {23.5, true}, {24, true},
        {0, false}, {-0.5, false}, {24.5, false}, {0.25, false}, {1.2, false}, {100, false},
    };
    dj_err err;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(service_hours_check(cases[i].h, &err), cases[i].ok);
        if (!cases[i].ok)
            assert_string_equal(err.field, "members");
    }
    assert_false(service_hours_check(NAN, &err));
    assert_false(service_hours_check(INFINITY, &err));
}

static void test_counts(void **state)
{
    (void)state;
    dj_err err;
    assert_true(service_counts_check(0, 0, &err));
    assert_true(service_counts_check(SERVICE_PEOPLE_MAX, SERVICE_MEDICINE_MAX_FEN, &err));
    assert_true(service_counts_check(5987, 15000000, &err)); /* the seed's 15万元 */
    assert_false(service_counts_check(-1, 0, &err));
    assert_string_equal(err.field, "people_served");
    assert_false(service_counts_check(SERVICE_PEOPLE_MAX + 1, 0, &err));
    assert_false(service_counts_check(0, -1, &err));
    assert_string_equal(err.field, "medicine_fen");
    assert_false(service_counts_check(0, SERVICE_MEDICINE_MAX_FEN + 1, &err));
}

static void test_members_once(void **state)
{
    (void)state;
    dj_err err;
    int64_t ok[] = {1, 2, 3};
    assert_true(service_members_check(ok, 3, &err));
    assert_true(service_members_check(ok, 0, &err));
    int64_t twice[] = {1, 2, 1};
    assert_false(service_members_check(twice, 3, &err));
    int64_t bad[] = {0};
    assert_false(service_members_check(bad, 1, &err));
    static int64_t many[SERVICE_MEMBERS_MAX + 1];
    for (int i = 0; i <= SERVICE_MEMBERS_MAX; i++)
        many[i] = i + 1;
    assert_true(service_members_check(many, SERVICE_MEMBERS_MAX, &err));
    assert_false(service_members_check(many, SERVICE_MEMBERS_MAX + 1, &err));
}

static void test_year(void **state)
{
    (void)state;
    char from[11], to[11];
    dj_err err;
    assert_true(service_year_range(2026, from, to, &err));
    assert_string_equal(from, "2026-01-01");
    assert_string_equal(to, "2027-01-01");
    /* An event of 31 December counts in its year; 1 January in the next (from <= held_on < to). */
    assert_true(strcmp("2026-12-31", to) < 0 && strcmp("2026-12-31", from) >= 0);
    assert_false(strcmp("2027-01-01", to) < 0);
    assert_true(service_year_range(2000, from, to, &err));
    assert_true(service_year_range(2100, from, to, &err));
    assert_false(service_year_range(1999, from, to, &err));
    assert_string_equal(err.field, "year");
    assert_false(service_year_range(2101, from, to, &err));
}

static void test_half_hours_sum_exactly(void **state)
{
    (void)state;
    /* 210 members × 2 events × 2.5 hours, summed as half hours, is exact. */
    int64_t half = 0;
    for (int i = 0; i < 420; i++)
        half += service_half_hours(2.5);
    assert_int_equal(half, 2100);
    assert_true(service_hours_of(half) == 1050.0);
    assert_int_equal(service_half_hours(0.5), 1);
    assert_int_equal(service_half_hours(24), 48);
    assert_true(service_hours_of(1) == 0.5);
}

static void test_kinds(void **state)
{
    (void)state;
    assert_string_equal(dj_enum_label(dj_service_kinds, "free_clinic"), "义诊");
    assert_string_equal(dj_enum_name(dj_service_kinds, "义诊"), "free_clinic");
    assert_string_equal(dj_enum_name(dj_service_kinds, "志愿服务"), "volunteer");
    assert_null(dj_enum_name(dj_service_kinds, "演出"));
    assert_int_equal(dj_enum_count(dj_service_kinds), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hours),       cmocka_unit_test(test_counts),
        cmocka_unit_test(test_members_once), cmocka_unit_test(test_year),
        cmocka_unit_test(test_half_hours_sum_exactly), cmocka_unit_test(test_kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
