/* test_needs.c: domain/needs — the public's needs by QR code (DOMAIN.md §7, seed 002): the proof
 * of work at its boundary (exactly `difficulty` leading zero bits passes, one fewer fails), the
 * due day of 立行立办 and the milestones of 倒排工期 set backwards from the deadline, the on-time
 * and overdue rules, the statistics ("解决群众急难愁盼问题15个"), tickets, descriptions, phones and
 * the settings. Every rule at its boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/needs.h"

static dj_date D(const char *s)
{
    dj_date d = 0;
    assert_true(date_parse(s, &d));
    return d;
}

static void test_zero_bits(void **state)
{
    (void)state;
    static const struct { unsigned char d[4]; int bits; } cases[] = {
        {{0x80, 0, 0, 0}, 0}, {{0x40, 0, 0, 0}, 1}, {{0x01, 0, 0, 0}, 7}, {{0x00, 0x80, 0, 0}, 8},
        {{0x00, 0x00, 0x3F, 0xFF}, 18}, {{0x00, 0x00, 0x7F, 0xFF}, 17}, {{0x00, 0x00, 0x20, 0}, 18},
        {{0, 0, 0, 0}, 32},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(need_zero_bits(cases[i].d, 4), cases[i].bits);
}

static void test_pow_boundary(void **state)
{
    (void)state;
    unsigned char exactly18[32] = {0x00, 0x00, 0x3F, 0xFF}, only17[32] = {0x00, 0x00, 0x7F};
    memset(exactly18 + 4, 0xFF, 28);
    memset(only17 + 3, 0xFF, 29);
    assert_true(need_pow_ok(exactly18, 32, 18));
    assert_false(need_pow_ok(exactly18, 32, 19)); /* one more than it has */
    assert_false(need_pow_ok(only17, 32, 18));    /* one fewer than asked */
    assert_true(need_pow_ok(only17, 32, 17));
    unsigned char none[32];
    memset(none, 0xFF, 32);
    assert_true(need_pow_ok(none, 32, 0)); /* difficulty 0: anything */
    assert_false(need_pow_ok(none, 32, 1));
}

static void test_nonce(void **state)
{
    (void)state;
    assert_true(need_nonce_valid("0"));
    assert_true(need_nonce_valid("deadBEEF"));
    assert_true(need_nonce_valid("0123456789abcdef0123456789abcdef")); /* 32 */
    assert_false(need_nonce_valid("0123456789abcdef0123456789abcdef0")); /* 33 */
    assert_false(need_nonce_valid(""));
    assert_false(need_nonce_valid(NULL));
    assert_false(need_nonce_valid("12g"));
    assert_false(need_nonce_valid("-1"));
}

static void test_codes(void **state)
{
    (void)state;
    unsigned char b[NEED_TICKET_LEN];
    for (size_t i = 0; i < sizeof b; i++)
        b[i] = (unsigned char)(i * 37 + 200);
    char t[NEED_TICKET_LEN + 1];
    need_code_from_bytes(b, sizeof b, t);
    assert_int_equal(strlen(t), NEED_TICKET_LEN);
    assert_true(need_code_valid(t, NEED_TICKET_LEN));
    assert_false(need_code_valid(t, NEED_TOKEN_LEN));
    assert_false(need_code_valid("ABCDEFGHIJKLMNO1", NEED_TICKET_LEN)); /* 1 is not base32 */
    assert_false(need_code_valid("abcdefghijklmnop", NEED_TICKET_LEN)); /* lower case */
    assert_false(need_code_valid("ABCDEFGHIJKLMNO", NEED_TICKET_LEN));  /* 15 */
    assert_false(need_code_valid(NULL, NEED_TICKET_LEN));
}

static void test_description(void **state)
{
    (void)state;
    char s[3 * 1001 + 1];
    s[0] = '\0';
    for (int i = 0; i < 1000; i++)
        strcat(s, "急");
    assert_true(need_description_check(s, NULL));
    strcat(s, "急");
    dj_err err;
    assert_false(need_description_check(s, &err));
    assert_string_equal(err.field, "description");
    assert_false(need_description_check("", &err));
    assert_false(need_description_check(NULL, &err));
    assert_true(need_description_check("a", NULL));
}

static void test_contact(void **state)
{
    (void)state;
    assert_true(need_contact_check(NULL, NULL));
    assert_true(need_contact_check("", NULL));
    assert_true(need_contact_check("13800001234", NULL));
    assert_true(need_contact_check("0416-1234567", NULL));
    assert_true(need_contact_check("+86 13800001234", NULL));
    assert_true(need_contact_check("1234567", NULL));     /* 7 digits */
    assert_false(need_contact_check("123456", NULL));     /* 6 */
    assert_false(need_contact_check("123456789012345678901", NULL)); /* 21 characters */
    assert_false(need_contact_check("138x0001234", NULL));
    assert_false(need_contact_check("1380+001234", NULL)); /* + only first */
    assert_false(need_contact_check("<script>", NULL));
}

static void test_immediate_due(void **state)
{
    (void)state;
    char out[11];
    date_format(need_due_immediate(D("2026-12-30"), 3), out);
    assert_string_equal(out, "2027-01-02");
    date_format(need_due_immediate(D("2028-02-27"), 3), out);
    assert_string_equal(out, "2028-03-01");
    date_format(need_due_immediate(D("2026-05-01"), 1), out);
    assert_string_equal(out, "2026-05-02");
}

static void test_backward_plan(void **state)
{
    (void)state;
    dj_date out[10];
    char s[11];
    /* 30 days, 3 milestones: every 10 days backwards from the deadline. */
    assert_true(need_backward_plan(D("2026-06-01"), D("2026-07-01"), 3, out, NULL));
    date_format(out[0], s);
    assert_string_equal(s, "2026-06-11");
    date_format(out[1], s);
    assert_string_equal(s, "2026-06-21");
    date_format(out[2], s);
    assert_string_equal(s, "2026-07-01");
    /* Fewer days than milestones: a day apart, clamped at today. */
    assert_true(need_backward_plan(D("2026-06-01"), D("2026-06-03"), 4, out, NULL));
    date_format(out[0], s);
    assert_string_equal(s, "2026-06-01");
    date_format(out[3], s);
    assert_string_equal(s, "2026-06-03");
    dj_err err;
    /* The deadline: tomorrow at the earliest. */
    assert_false(need_backward_plan(D("2026-06-01"), D("2026-06-01"), 1, out, &err));
    assert_string_equal(err.field, "deadline");
    assert_true(need_backward_plan(D("2026-06-01"), D("2026-06-02"), 1, out, NULL));
    assert_false(need_backward_plan(D("2026-06-01"), D("2026-07-01"), 0, out, &err));
    assert_false(need_backward_plan(D("2026-06-01"), D("2026-07-01"), 11, out, &err));
    assert_true(need_backward_plan(D("2026-06-01"), D("2026-07-01"), 10, out, NULL));
    /* Days before the deadline. */
    dj_date due;
    assert_true(need_milestone_before(D("2026-06-01"), D("2026-07-01"), 30, &due, NULL));
    date_format(due, s);
    assert_string_equal(s, "2026-06-01");
    assert_false(need_milestone_before(D("2026-06-01"), D("2026-07-01"), 31, &due, &err));
    assert_false(need_milestone_before(D("2026-06-01"), D("2026-07-01"), -1, &due, &err));
}

static void test_on_time_overdue(void **state)
{
    (void)state;
    assert_true(need_on_time(true, D("2026-06-03"), D("2026-06-03")));
    assert_false(need_on_time(true, D("2026-06-03"), D("2026-06-04")));
    assert_true(need_on_time(false, 0, D("2026-06-04")));
    assert_false(need_overdue(false, true, D("2026-06-03"), D("2026-06-03"))); /* due today */
    assert_true(need_overdue(false, true, D("2026-06-03"), D("2026-06-04")));
    assert_false(need_overdue(true, true, D("2026-06-03"), D("2026-06-04")));
    assert_false(need_overdue(false, false, 0, D("2026-06-04")));
    assert_int_equal(need_days_to_solve(D("2026-06-01"), D("2026-06-04")), 3);
    assert_int_equal(need_days_to_solve(D("2026-06-01"), D("2026-06-01")), 0);
}

static void test_stats(void **state)
{
    (void)state;
    need_stats s = {0};
    dj_date today = D("2026-06-30");
    assert_true(need_stats_average_days(&s) == 0.0);
    need_stats_add(&s, D("2026-06-01"), true, D("2026-06-02"), true, D("2026-06-04"), today); /* 1 day, on time */
    need_stats_add(&s, D("2026-06-01"), true, D("2026-06-05"), true, D("2026-06-04"), today); /* 4 days, late */
    need_stats_add(&s, D("2026-06-01"), true, D("2026-06-03"), false, 0, today);              /* 2 days */
    need_stats_add(&s, D("2026-06-01"), false, 0, true, D("2026-06-29"), today);              /* overdue */
    need_stats_add(&s, D("2026-06-01"), false, 0, true, D("2026-06-30"), today);              /* due today */
    assert_int_equal(s.received, 5);
    assert_int_equal(s.solved, 3);
    assert_int_equal(s.solved_on_time, 2);
    assert_int_equal(s.open, 2);
    assert_int_equal(s.overdue, 1);
    assert_true(need_stats_average_days(&s) == 2.3); /* 7 / 3 */
    assert_true(need_stats_on_time_rate(&s) == 66.7);
}

static void test_settings(void **state)
{
    (void)state;
    need_settings s = need_defaults();
    assert_int_equal(s.per_address_hour, 5);
    assert_int_equal(s.difficulty, 18);
    assert_int_equal(s.immediate_days, 3);
    assert_true(need_settings_validate(&s, NULL));
    dj_err err;
    s.difficulty = 33;
    assert_false(need_settings_validate(&s, &err));
    assert_string_equal(err.field, "difficulty");
    s.difficulty = 0;
    assert_true(need_settings_validate(&s, NULL));
    s.per_address_hour = 0;
    assert_false(need_settings_validate(&s, &err));
    s = need_defaults();
    s.immediate_days = 31;
    assert_false(need_settings_validate(&s, &err));
    s = need_defaults();
    s.per_institution_hour = 0;
    assert_false(need_settings_validate(&s, &err));
}

static void test_enums(void **state)
{
    (void)state;
    assert_string_equal(dj_enum_label(dj_need_grades, "critical"), "紧急");
    assert_string_equal(dj_enum_label(dj_need_modes, "scheduled"), "倒排工期");
    assert_string_equal(dj_enum_name(dj_need_modes, "立行立办"), "immediate");
    assert_int_equal(dj_enum_count(dj_need_statuses), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zero_bits),     cmocka_unit_test(test_pow_boundary), cmocka_unit_test(test_nonce),
        cmocka_unit_test(test_codes),         cmocka_unit_test(test_description),  cmocka_unit_test(test_contact),
        cmocka_unit_test(test_immediate_due), cmocka_unit_test(test_backward_plan),
        cmocka_unit_test(test_on_time_overdue), cmocka_unit_test(test_stats),      cmocka_unit_test(test_settings),
        cmocka_unit_test(test_enums),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
