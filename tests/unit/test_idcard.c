/* test_idcard.c: domain/idcard — the GB 11643-1999 ID number (DOMAIN.md §5) and phone numbers
 * (docs/API.md §Members, masking in §Conventions). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "domain/idcard.h"

static dj_date D(const char *s)
{
    dj_date d = 0;
    assert_true(date_parse(s, &d));
    return d;
}

static void assert_field_error(const dj_err *e, const char *field, const char *fragment)
{
    assert_string_equal(e->code, "validation");
    assert_string_equal(e->field, field);
    if (fragment && !strstr(e->message, fragment))
        fail_msg("message \"%s\" lacks \"%s\"", e->message, fragment);
}

/* DOMAIN.md §5: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 maps 0..10 to
 * 1 0 X 9 8 7 6 5 4 3 2. One number for each of the 11 check characters, computed independently. */
static void test_check_char_every_value(void **state)
{
    (void)state;
    static const char *ids[] = {
        "440101199001010070", "440101199001010011", "440101199001010062", "440101199001010003",
        "440101199001010054", "440101199001010185", "440101199001010046", "440101199001010097",
        "440101199001010038", "440101199001010089", "44010119900101002X",
    };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        assert_int_equal(idcard_check_char(ids[i]), ids[i][17]);
    /* Widely published examples. */
    assert_int_equal(idcard_check_char("11010519491231002X"), 'X');
    assert_int_equal(idcard_check_char("440524188001010014"), '4');
}

static void test_check_char_rejects_non_digits(void **state)
{
    (void)state;
    assert_int_equal(idcard_check_char(NULL), '\0');
    assert_int_equal(idcard_check_char(""), '\0');
    assert_int_equal(idcard_check_char("4401011990010100"), '\0'); /* 16 digits */
    assert_int_equal(idcard_check_char("44010119900101A07"), '\0');
    assert_int_equal(idcard_check_char("4401011990010100 7"), '\0');
    /* Only the first 17 count: a trailing character is ignored. */
    assert_int_equal(idcard_check_char("44010119900101007?"), '0');
}

static void test_validate_accepts_valid(void **state)
{
    (void)state;
    dj_err e = {0};
    dj_date today = D("2024-06-01");
    assert_true(idcard_validate_on("11010519491231002X", today, &e));
    assert_true(idcard_validate_on("440101199001010070", today, &e));
    assert_true(idcard_validate_on("440101199001010070", today, NULL));
    assert_true(idcard_validate("11010519491231002X", &e)); /* against the real today */
}

/* DOMAIN.md §5: 18 characters. */
static void test_validate_length(void **state)
{
    (void)state;
    dj_err e;
    dj_date today = D("2024-06-01");
    assert_false(idcard_validate_on("44010119900101007", today, &e));
    assert_field_error(&e, "id_number", "18位");
    assert_true(strstr(e.message, "17") != NULL);
    assert_false(idcard_validate_on("4401011990010100700", today, &e));
    assert_field_error(&e, "id_number", "19");
    assert_false(idcard_validate_on("", today, &e));
    assert_field_error(&e, "id_number", "不能为空");
    assert_false(idcard_validate_on(NULL, today, &e));
    assert_field_error(&e, "id_number", "不能为空");
    assert_true(idcard_validate_on("440101199001010070", today, NULL));
}

static void test_validate_characters(void **state)
{
    (void)state;
    dj_err e;
    dj_date today = D("2024-06-01");
    assert_false(idcard_validate_on("44010119900101A070", today, &e));
    assert_field_error(&e, "id_number", "第15位");
    assert_false(idcard_validate_on("4401011990010100Y0", today, &e));
    assert_field_error(&e, "id_number", "第17位");
    assert_false(idcard_validate_on("44010119900101007Y", today, &e));
    assert_field_error(&e, "id_number", "数字或X");
    /* A lower-case x is refused until normalised. */
    assert_false(idcard_validate_on("11010519491231002x", today, &e));
    assert_field_error(&e, "id_number", "大写");
}

static void test_normalize(void **state)
{
    (void)state;
    char id[] = "11010519491231002x";
    idcard_normalize(id);
    assert_string_equal(id, "11010519491231002X");
    dj_err e;
    assert_true(idcard_validate_on(id, D("2024-06-01"), &e));
    char same[] = "440101199001010070";
    idcard_normalize(same);
    assert_string_equal(same, "440101199001010070");
    idcard_normalize(NULL);
}

/* DOMAIN.md §5: 8-digit birth date YYYYMMDD; it must exist and not be in the future. */
static void test_validate_birth_date(void **state)
{
    (void)state;
    dj_err e;
    dj_date today = D("2024-06-01");
    char id[19];
    /* 1999-02-30 does not exist; the check char is made right so only the date is wrong. */
    memcpy(id, "44010119990230007", 17);
    id[17] = idcard_check_char(id);
    id[18] = '\0';
    assert_false(idcard_validate_on(id, today, &e));
    assert_field_error(&e, "id_number", "出生日期");
    /* 1899 is outside the supported years. */
    memcpy(id, "44010118991231007", 17);
    id[17] = idcard_check_char(id);
    assert_false(idcard_validate_on(id, today, &e));
    assert_field_error(&e, "id_number", "出生日期");
    /* Born today is fine, tomorrow is not. */
    idcard_generate("440101", today, 7, id);
    assert_true(idcard_validate_on(id, today, &e));
    idcard_generate("440101", today + 1, 7, id);
    assert_false(idcard_validate_on(id, today, &e));
    assert_field_error(&e, "id_number", "晚于今天");
}

static void test_validate_check_char(void **state)
{
    (void)state;
    dj_err e;
    dj_date today = D("2024-06-01");
    assert_false(idcard_validate_on("440101199001010071", today, &e));
    assert_field_error(&e, "id_number", "校验位");
    assert_false(idcard_validate_on("11010519491231002" "0", today, &e));
    assert_field_error(&e, "id_number", "校验位");
    /* A single changed digit is always caught. */
    char id[] = "440101199001010070";
    for (int i = 0; i < 17; i++) {
        char saved = id[i];
        id[i] = (char)(saved == '9' ? '0' : saved + 1);
        assert_false(idcard_validate_on(id, today, NULL));
        id[i] = saved;
    }
}

static void test_birth_date(void **state)
{
    (void)state;
    dj_date d = 42;
    assert_true(idcard_birth_date("11010519491231002X", &d));
    assert_int_equal(d, D("1949-12-31"));
    assert_true(idcard_birth_date("44010119900101", &d)); /* only 14 characters needed */
    assert_int_equal(d, D("1990-01-01"));
    d = 42;
    assert_false(idcard_birth_date("4401011990010", &d));
    assert_false(idcard_birth_date("44010119901301007X", &d));
    assert_false(idcard_birth_date(NULL, &d));
    assert_int_equal(d, 42);
}

/* DOMAIN.md §5: the sequence's last digit (17th character) is odd for men, even for women. */
static void test_gender(void **state)
{
    (void)state;
    assert_int_equal(idcard_gender("440101199001010011"), 1); /* 17th = 1 */
    assert_int_equal(idcard_gender("11010519491231002X"), 2); /* 17th = 2 */
    assert_int_equal(idcard_gender("440101199001010070"), 1); /* 17th = 7, the last is the check */
    assert_int_equal(idcard_gender("440101199001010046"), 2); /* 17th = 4 */
    assert_int_equal(idcard_gender("440101199001010003"), 2); /* 17th = 0: even */
    assert_int_equal(idcard_gender("440101199001010097"), 1); /* 17th = 9 */
    assert_int_equal(idcard_gender("44010119900101009"), 1);  /* 17 characters suffice */
    assert_int_equal(idcard_gender("4401011990010100"), 0);
    assert_int_equal(idcard_gender("4401011990010100A7"), 0);
    assert_int_equal(idcard_gender(NULL), 0);
}

/* DOMAIN.md §5: shown masked to those not entitled; issue 11 D: only the province and the check
 * character stay visible (see test_mask_leaves_many_candidates for why). */
static void test_idcard_mask(void **state)
{
    (void)state;
    char out[32];
    idcard_mask("44010119900101123X", out, sizeof out);
    assert_string_equal(out, "44***************X");
    idcard_mask("440524188001010014", out, sizeof out);
    assert_string_equal(out, "44***************4");
    idcard_mask("123456789", out, sizeof out);
    assert_string_equal(out, "12******9");
    idcard_mask("12345678", out, sizeof out);
    assert_string_equal(out, "********");
    idcard_mask("", out, sizeof out);
    assert_string_equal(out, "");
    idcard_mask(NULL, out, sizeof out);
    assert_string_equal(out, "");
    /* Truncation keeps the output terminated and never reveals more. */
    idcard_mask("44010119900101123X", out, 7);
    assert_string_equal(out, "44****");
    out[0] = 'Z';
    idcard_mask("44010119900101123X", out, 0);
    assert_int_equal(out[0], 'Z');
    idcard_mask("44010119900101123X", out, 1);
    assert_string_equal(out, "");
}

/* How many valid ID numbers show as `masked` and carry the birth date birth8 (YYYYMMDD): what
 * someone who sees the masked number and the birth date (on the same page) can narrow it to.
 * Every hidden digit outside the birth date is tried (10^k fills); a fill counts when it is a
 * valid number: its province one of idcard_province_valid() and its check character right (the
 * visible one, or any when it is hidden). The birth date is a real date, checked once.
 * Assumption: every 6-digit area code with a valid province is possible. GB/T 2260 uses only
 * some 3,000 county-level codes, about 1% of that space, so a real count can be some 100 times
 * smaller: test_mask_leaves_many_candidates asks for 100 times the bound for that reason. */
static long count_candidates(const char *masked, const char *birth8)
{
    /* DOMAIN.md §5's weights, so that the loop need not call idcard_check_char 10^7 times (too
     * slow under the sanitizers); every 1000th candidate is checked against the real functions. */
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    char id[19];
    assert_int_equal(strlen(masked), 18);
    memcpy(id, masked, 19);
    memcpy(id + 6, birth8, 8);
    int pos[17], k = 0, fixed = 0;
    for (int i = 0; i < 17; i++) {
        if (id[i] == '*')
            pos[k++] = i;
        else
            fixed += (id[i] - '0') * w[i];
    }
    long total = 1;
    for (int i = 0; i < k; i++)
        total *= 10;
    long count = 0;
    for (long x = 0; x < total; x++) {
        long v = x;
        int sum = fixed;
        for (int i = 0; i < k; i++, v /= 10) {
            id[pos[i]] = (char)('0' + v % 10);
            sum += (int)(v % 10) * w[pos[i]];
        }
        if (pos[0] < 2 && !idcard_province_valid(id))
            continue;
        char c = "10X98765432"[sum % 11];
        if (masked[17] != '*' && masked[17] != c)
            continue;
        if (count++ % 1000 == 0) {
            id[17] = c;
            assert_int_equal(idcard_check_char(id), c);
            assert_true(idcard_validate_on(id, D("2024-06-01"), NULL));
            id[17] = masked[17];
        }
    }
    return count;
}

/* Issue 11 D: the mask must leave at least 1,000 candidates even to someone who knows the birth
 * date. The old form (first 4 and last 4 kept: 4401**********123X) hid only the county's two
 * digits and the birth date: with the birth date known, about 100 / 11, i.e. 9 numbers. */
static void test_mask_leaves_many_candidates(void **state)
{
    (void)state;
    static const struct {
        const char *area;
        const char *birth;
        int seq;
    } people[] = {
        {"440101", "1990-01-01", 123}, {"830000", "2004-02-29", 18},
    };
    for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
        char id[19], masked[32], birth8[9];
        idcard_generate(people[i].area, D(people[i].birth), people[i].seq, id);
        assert_int_equal(strlen(id), 18);
        idcard_mask(id, masked, sizeof masked);
        memcpy(birth8, id + 6, 8);
        birth8[8] = '\0';
        long n = count_candidates(masked, birth8);
        if (n < 1000 * 100)
            fail_msg("%s masked as %s leaves %ld candidates with its birth date known", id, masked, n);
        /* The number itself is one of them, and the count does not depend on which. */
        assert_true(n <= 10000L * 1000L);
    }
    /* The count method, on the old form: a handful. */
    char old[19], birth8[9];
    memcpy(old, "4401**********123X", 19);
    memcpy(birth8, "19900101", 9);
    assert_true(count_candidates(old, birth8) < 20);
}

/* Issue 11 C: the first two digits are a province-level code (GB/T 2260; 83 for the residence
 * permits of Taiwan residents), checked like the check character. Every code 00..99 is tried,
 * with the rest of the number valid. */
static void test_validate_province(void **state)
{
    (void)state;
    static const int valid[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45,
                                46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};
    dj_date today = D("2024-06-01");
    for (int p = 0; p < 100; p++) {
        bool expect = false;
        for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++)
            expect = expect || valid[i] == p;
        char id[19];
        snprintf(id, sizeof id, "%02d010119900101123", p);
        id[17] = idcard_check_char(id);
        id[18] = '\0';
        dj_err e;
        memset(&e, 0, sizeof e);
        bool ok = idcard_validate_on(id, today, &e);
        if (ok != expect)
            fail_msg("%s: %s", id, ok ? "accepted" : e.message);
        assert_int_equal(idcard_province_valid(id), expect);
        if (!expect)
            assert_field_error(&e, "id_number", "省级行政区划代码");
    }
    assert_false(idcard_province_valid(NULL));
    assert_false(idcard_province_valid("4"));
    assert_false(idcard_province_valid("x4"));
    /* The generator makes only numbers the validator accepts. */
    char id[19];
    idcard_generate("990101", D("1990-01-01"), 1, id);
    assert_string_equal(id, "");
    idcard_generate("000000", D("1990-01-01"), 1, id);
    assert_string_equal(id, "");
}

/* docs/API.md §Conventions: phone shown as 138****1234. */
static void test_phone_mask(void **state)
{
    (void)state;
    char out[32];
    phone_mask("13812341234", out, sizeof out);
    assert_string_equal(out, "138****1234");
    phone_mask("02012345678", out, sizeof out);
    assert_string_equal(out, "020****5678");
    phone_mask("12345678", out, sizeof out);
    assert_string_equal(out, "123*5678");
    phone_mask("1234567", out, sizeof out);
    assert_string_equal(out, "****");
    phone_mask("１３８１２３４１２３４", out, sizeof out);
    assert_string_equal(out, "****");
    phone_mask("", out, sizeof out);
    assert_string_equal(out, "");
    phone_mask(NULL, out, sizeof out);
    assert_string_equal(out, "");
    phone_mask("13812341234", out, 5);
    assert_string_equal(out, "138*");
}

/* docs/API.md §Members: phone empty or 11 digits starting with 1. */
static void test_phone_validate(void **state)
{
    (void)state;
    dj_err e;
    assert_true(phone_validate(NULL, &e));
    assert_true(phone_validate("", &e));
    assert_true(phone_validate("13812341234", &e));
    assert_true(phone_validate("19900000000", NULL));
    assert_false(phone_validate("1381234123", &e));
    assert_field_error(&e, "phone", "11位");
    assert_false(phone_validate("138123412345", &e));
    assert_field_error(&e, "phone", "11位");
    assert_false(phone_validate("23812341234", &e));
    assert_field_error(&e, "phone", "以1开头");
    assert_false(phone_validate("1381234123a", &e));
    assert_field_error(&e, "phone", "数字");
    assert_false(phone_validate("138 1234 1234", &e));
    assert_field_error(&e, "phone", "数字");
    assert_false(phone_validate("+8613812341234", &e));
    assert_field_error(&e, "phone", NULL);
}

static void test_generate(void **state)
{
    (void)state;
    char id[19];
    dj_date birth = D("1985-06-15");
    idcard_generate("440101", birth, 123, id);
    assert_string_equal(id, "440101198506151237");
    assert_int_equal(idcard_gender(id), 1);
    idcard_generate("440101", birth, 124, id);
    assert_string_equal(id, "440101198506151245");
    assert_int_equal(idcard_gender(id), 2);
    idcard_generate("440101", birth, 1123, id); /* modulo 1000 */
    assert_string_equal(id, "440101198506151237");
    idcard_generate("440101", birth, -877, id); /* -877 mod 1000 = 123 */
    assert_string_equal(id, "440101198506151237");

    /* Every sequence number gives a valid number with the right birth date. */
    dj_date today = D("2024-06-01");
    for (int seq = 0; seq < 1000; seq++) {
        idcard_generate("110105", birth, seq, id);
        assert_int_equal(strlen(id), 18);
        assert_true(idcard_validate_on(id, today, NULL));
        dj_date b;
        assert_true(idcard_birth_date(id, &b));
        assert_int_equal(b, birth);
        assert_int_equal(idcard_gender(id), seq % 2 ? 1 : 2);
    }
}

static void test_generate_rejects_bad_input(void **state)
{
    (void)state;
    char id[19];
    dj_date birth = D("1985-06-15");
    idcard_generate("44010", birth, 1, id);
    assert_string_equal(id, "");
    idcard_generate("4401011", birth, 1, id);
    assert_string_equal(id, "");
    idcard_generate("44010a", birth, 1, id);
    assert_string_equal(id, "");
    idcard_generate(NULL, birth, 1, id);
    assert_string_equal(id, "");
    idcard_generate("440101", date_from_ymd(1899, 12, 31), 1, id);
    assert_string_equal(id, "");
    idcard_generate("440101", date_from_ymd(2201, 1, 1), 1, id);
    assert_string_equal(id, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_char_every_value),
        cmocka_unit_test(test_check_char_rejects_non_digits),
        cmocka_unit_test(test_validate_accepts_valid),
        cmocka_unit_test(test_validate_length),
        cmocka_unit_test(test_validate_characters),
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_validate_birth_date),
        cmocka_unit_test(test_validate_check_char),
        cmocka_unit_test(test_birth_date),
        cmocka_unit_test(test_gender),
        cmocka_unit_test(test_idcard_mask),
        cmocka_unit_test(test_mask_leaves_many_candidates),
        cmocka_unit_test(test_validate_province),
        cmocka_unit_test(test_phone_mask),
        cmocka_unit_test(test_phone_validate),
        cmocka_unit_test(test_generate),
        cmocka_unit_test(test_generate_rejects_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
