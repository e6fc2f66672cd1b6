/* test_coverage.c: domain/coverage — the two-coverage status of an institution (应建/应联,
 * DOMAIN.md §7 and the 3-member threshold of §1) at 0, 1, 2 and 3 full members, and the grouping
 * of joint branches by proximity (联合党支部, 就近就便, DOMAIN.md §1) on hand-made layouts whose best
 * answer is known; and its speed on 10,000 institutions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/coverage.h"

/* ---- Status ------------------------------------------------------------------------------ */

static void test_status_table(void **state)
{
    (void)state;
    static const struct {
        bool own, joint;
        int full;
        coverage_status want;
    } cases[] = {
        /* No organisation: 0 → none, 1–2 → 应联, 3 → 应建 (DOMAIN.md §7, §1). */
        {false, false, 0, COVERAGE_NO_MEMBERS},
        {false, false, 1, COVERAGE_SHOULD_JOIN},
        {false, false, 2, COVERAGE_SHOULD_JOIN},
        {false, false, 3, COVERAGE_SHOULD_BUILD},
        {false, false, 120, COVERAGE_SHOULD_BUILD},
        /* An organisation of its own: covered, whatever the count. */
        {true, false, 0, COVERAGE_HAS_ORG},
        {true, false, 1, COVERAGE_HAS_ORG},
        {true, false, 2, COVERAGE_HAS_ORG},
        {true, false, 3, COVERAGE_HAS_ORG},
        {true, true, 3, COVERAGE_HAS_ORG},
        /* Only in a joint branch: covered below 3, should build its own from 3 on (应建尽建). */
        {false, true, 0, COVERAGE_HAS_ORG},
        {false, true, 1, COVERAGE_HAS_ORG},
        {false, true, 2, COVERAGE_HAS_ORG},
        {false, true, 3, COVERAGE_SHOULD_BUILD},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        coverage_status s = coverage_status_of((coverage_facts){cases[i].own, cases[i].joint, cases[i].full});
        if (s != cases[i].want)
            fail_msg("case %zu: own %d joint %d full %d -> %s, want %s", i, cases[i].own, cases[i].joint, cases[i].full,
                     coverage_status_name(s), coverage_status_name(cases[i].want));
    }
}

static void test_status_names(void **state)
{
    (void)state;
    coverage_status s;
    assert_true(coverage_status_parse("should_build", &s));
    assert_int_equal(s, COVERAGE_SHOULD_BUILD);
    assert_true(coverage_status_parse("应联", &s));
    assert_int_equal(s, COVERAGE_SHOULD_JOIN);
    assert_false(coverage_status_parse("SHOULD_JOIN", &s));
    assert_false(coverage_status_parse("", &s));
    assert_false(coverage_status_parse(NULL, &s));
    assert_null(coverage_status_name((coverage_status)COVERAGE_STATUS_COUNT));
    assert_string_equal(coverage_status_label(COVERAGE_NO_MEMBERS), "无党员");
}

static void test_survey_bounds(void **state)
{
    (void)state;
    dj_err err = {0};
    assert_true(coverage_survey_valid(0, 0, &err));
    assert_true(coverage_survey_valid(100000, 100000, &err));
    assert_false(coverage_survey_valid(-1, 0, &err));
    assert_string_equal(err.field, "full_members");
    assert_non_null(strstr(err.message, "正式党员人数"));
    assert_false(coverage_survey_valid(0, -1, &err));
    assert_string_equal(err.field, "probationary_members");
    assert_false(coverage_survey_valid(100001, 0, &err));
}

static void test_settings(void **state)
{
    (void)state;
    coverage_settings s = coverage_defaults();
    assert_true(s.max_distance_km == 10.0);
    assert_false(s.cross_district);
    assert_true(coverage_settings_validate(&s, NULL));
    s.max_distance_km = 0;
    dj_err err = {0};
    assert_false(coverage_settings_validate(&s, &err));
    assert_string_equal(err.field, "max_distance_km");
    s.max_distance_km = 200;
    assert_true(coverage_settings_validate(&s, NULL));
    s.max_distance_km = 200.5;
    assert_false(coverage_settings_validate(&s, NULL));
    s.max_distance_km = NAN;
    assert_false(coverage_settings_validate(&s, NULL));
}

static void test_distance(void **state)
{
    (void)state;
    /* One degree of latitude is 111.19 km; Wuhan (30.59, 114.31) to Beijing (39.90, 116.41)
     * is about 1,052 km. */
    assert_true(fabs(coverage_distance_km(30, 114, 31, 114) - 111.195) < 0.01);
    assert_true(fabs(coverage_distance_km(30.59, 114.31, 39.90, 116.41) - 1052) < 5);
    assert_true(coverage_distance_km(30.5, 114.3, 30.5, 114.3) == 0);
    assert_true(coverage_latitude_valid(-90) && coverage_latitude_valid(90) && !coverage_latitude_valid(90.0001));
    assert_true(coverage_longitude_valid(-180) && coverage_longitude_valid(180) && !coverage_longitude_valid(-180.5));
    assert_false(coverage_latitude_valid(NAN));
}

/* ---- The grouping ------------------------------------------------------------------------ */

/* Points east of a base in km (along a parallel near Wuhan: 1 km ≈ 0.01042° of longitude at
 * 30.5° N) and north in km. */
static coverage_site site(int64_t id, int full, int district, double east_km, double north_km)
{
    double lat = 30.5 + north_km / 111.195;
    double lng = 114.3 + east_km / (111.195 * cos(30.5 * M_PI / 180));
    return (coverage_site){id, full, district, true, lat, lng};
}

/* The groups as text: "1,2|3,4" (ids of each group, groups in order); the left as "5:too_far". */
static void describe(const coverage_site *s, const coverage_plan *p, char *groups, size_t gn, char *left, size_t ln)
{
    size_t at = 0;
    groups[0] = left[0] = 0;
    for (size_t g = 0; g < p->ngroups; g++) {
        if (g)
            at += (size_t)snprintf(groups + at, gn - at, "|");
        for (size_t k = 0; k < p->groups[g].n; k++)
            at += (size_t)snprintf(groups + at, gn - at, "%s%lld", k ? "," : "",
                                   (long long)s[p->members[p->groups[g].first + k]].id);
    }
    at = 0;
    for (size_t i = 0; i < p->nleft; i++)
        at += (size_t)snprintf(left + at, ln - at, "%s%lld:%s", i ? " " : "", (long long)s[p->left[i].site].id,
                               coverage_left_name(p->left[i].reason));
}

static void expect(const coverage_site *s, size_t n, const coverage_settings *set, const char *groups, const char *left)
{
    coverage_plan p;
    assert_true(coverage_group_sites(s, n, set, &p));
    char g[512], l[512];
    describe(s, &p, g, sizeof g, l, sizeof l);
    if (strcmp(g, groups) != 0 || strcmp(l, left) != 0)
        fail_msg("groups [%s] left [%s], want [%s] [%s]", g, l, groups, left);
    for (size_t k = 0; k < p.ngroups; k++) {
        assert_true(p.groups[k].full >= COVERAGE_BRANCH_MIN_FULL);
        assert_true(p.groups[k].diameter_km <= (set ? set->max_distance_km : 10.0));
        assert_true(p.groups[k].radius_km <= p.groups[k].diameter_km + 1e-9);
    }
    coverage_plan_free(&p);
}

/* Two tight pairs 3 km apart (2+1 each): each pair is a group, not a mix (the mix's radius is
 * larger). */
static void test_two_pairs(void **state)
{
    (void)state;
    coverage_site s[] = {site(1, 2, 1, 0, 0), site(2, 1, 1, 0.5, 0), site(3, 2, 1, 3, 0), site(4, 1, 1, 3.5, 0)};
    expect(s, 4, NULL, "1,2|3,4", "");
}

/* Three one-member clinics in a 1 km triangle make one group; a fourth 15 km away is too far. */
static void test_triangle_and_far(void **state)
{
    (void)state;
    coverage_site s[] = {site(10, 1, 1, 0, 0), site(11, 1, 1, 1, 0), site(12, 1, 1, 0.5, 0.8), site(13, 1, 1, 15, 0)};
    expect(s, 4, NULL, "10,11,12", "13:too_far");
}

/* Two one-member clinics close together cannot make 3 full members. */
static void test_too_few(void **state)
{
    (void)state;
    coverage_site s[] = {site(1, 1, 1, 0, 0), site(2, 1, 1, 0.3, 0)};
    expect(s, 2, NULL, "", "1:too_few_members 2:too_few_members");
}

/* A third clinic near a pair joins it (it would otherwise be left). */
static void test_attach(void **state)
{
    (void)state;
    coverage_site s[] = {site(1, 2, 1, 0, 0), site(2, 1, 1, 0.4, 0), site(3, 1, 1, 1.2, 0)};
    expect(s, 3, NULL, "1,2,3", "");
}

/* The distance is a setting (default 10 km): 12 km apart groups only when it allows 12. */
static void test_max_distance(void **state)
{
    (void)state;
    coverage_site s[] = {site(1, 2, 1, 0, 0), site(2, 1, 1, 12, 0)};
    expect(s, 2, NULL, "", "1:too_far 2:too_far");
    coverage_settings set = coverage_defaults();
    set.max_distance_km = 12.5;
    expect(s, 2, &set, "1,2", "");
}

/* One district per group unless the setting allows more. */
static void test_districts(void **state)
{
    (void)state;
    coverage_site s[] = {site(1, 2, 1, 0, 0), site(2, 1, 2, 1, 0)};
    expect(s, 2, NULL, "", "1:too_far 2:too_far");
    coverage_settings set = coverage_defaults();
    set.cross_district = true;
    expect(s, 2, &set, "1,2", "");
}

/* No coordinates: listed apart; the others still group. */
static void test_no_coordinates(void **state)
{
    (void)state;
    coverage_site s[] = {site(5, 2, 1, 0, 0), {6, 1, 1, false, 0, 0}, site(7, 1, 1, 0.2, 0.2)};
    expect(s, 3, NULL, "5,7", "6:no_coordinates");
}

/* A chain 1(2) - 2(1) - 3(2) - 4(1) at 0.9, 1.1 and 0.9 km: the best answer pairs 1–2
 * and 3–4 (both covered, radius 0.45), never 2–3 (which would strand 1 and 4). */
static void test_chain(void **state)
{
    (void)state;
    coverage_site s[] = {site(1, 2, 1, 0, 0), site(2, 1, 1, 0.9, 0), site(3, 2, 1, 2, 0), site(4, 1, 1, 2.9, 0)};
    expect(s, 4, NULL, "1,2|3,4", "");
}

/* Nearby sites already grouped and no room within the distance: "taken". 1(2) and 2(1) 0.2 km
 * apart group; 3(1) lies 9.9 km from 1 but 10.05 km from 2, so it cannot join them. */
static void test_taken(void **state)
{
    (void)state;
    coverage_site s[] = {site(1, 2, 1, 0, 0), site(2, 1, 1, -0.15, 0), site(3, 1, 1, 9.9, 0)};
    expect(s, 3, NULL, "1,2", "3:taken");
}

/* The answer does not depend on the input's order. */
static void test_order_independent(void **state)
{
    (void)state;
    coverage_site a[] = {site(4, 1, 1, 3.5, 0), site(2, 1, 1, 0.5, 0), site(3, 2, 1, 3, 0), site(1, 2, 1, 0, 0),
                         site(9, 1, 1, 40, 0)};
    coverage_plan p;
    assert_true(coverage_group_sites(a, 5, NULL, &p));
    char g[256], l[256];
    describe(a, &p, g, sizeof g, l, sizeof l);
    assert_string_equal(g, "1,2|3,4");
    assert_string_equal(l, "9:too_far");
    coverage_plan_free(&p);
}

static void test_empty(void **state)
{
    (void)state;
    coverage_plan p;
    assert_true(coverage_group_sites(NULL, 0, NULL, &p));
    assert_int_equal(p.ngroups, 0);
    assert_int_equal(p.nleft, 0);
    coverage_plan_free(&p);
}

/* 10,000 institutions over Wuhan's 13 districts in under a second (issue 15). */
static void test_speed(void **state)
{
    (void)state;
    enum { N = 10000 };
    coverage_site *s = malloc(N * sizeof *s);
    unsigned x = 12345;
    for (int i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        double a = (double)(x >> 8 & 0xffff) / 65536.0;
        x = x * 1103515245u + 12345u;
        double b = (double)(x >> 8 & 0xffff) / 65536.0;
        s[i] = (coverage_site){i + 1, 1 + (int)(x >> 20 & 1), (int)(x >> 24) % 13, true, 30.35 + a * 0.5, 114.0 + b * 0.6};
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    coverage_plan p;
    assert_true(coverage_group_sites(s, N, NULL, &p));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    size_t grouped = 0;
    for (size_t g = 0; g < p.ngroups; g++)
        grouped += p.groups[g].n;
    printf("coverage_group_sites: %d institutions, %zu groups, %zu grouped, %zu left, %.1f ms\n", N, p.ngroups, grouped,
           p.nleft, ms);
    assert_int_equal(grouped + p.nleft, N);
    assert_true(ms < 1000);
    coverage_plan_free(&p);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_table),   cmocka_unit_test(test_status_names),
        cmocka_unit_test(test_survey_bounds),  cmocka_unit_test(test_settings),
        cmocka_unit_test(test_distance),       cmocka_unit_test(test_two_pairs),
        cmocka_unit_test(test_triangle_and_far), cmocka_unit_test(test_too_few),
        cmocka_unit_test(test_attach),         cmocka_unit_test(test_max_distance),
        cmocka_unit_test(test_districts),      cmocka_unit_test(test_no_coordinates),
        cmocka_unit_test(test_chain),          cmocka_unit_test(test_taken),
        cmocka_unit_test(test_order_independent), cmocka_unit_test(test_empty),
        cmocka_unit_test(test_speed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
