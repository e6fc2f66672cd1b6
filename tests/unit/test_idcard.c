/* test_idcard.c: domain/idcard — the GB 11643-1999 ID number (DOMAIN.md §5) and phone numbers
 * (docs/API.md §Members, masking in §Conventions). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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

/* DOMAIN.md §5 / docs/API.md: shown masked as 4401**********123X. */
static void test_idcard_mask(void **state)
{
    (void)state;
    char out[32];
    idcard_mask("44010119900101123X", out, sizeof out);
    assert_string_equal(out, "4401**********123X");
    idcard_mask("440524188001010014", out, sizeof out);
    assert_string_equal(out, "4405**********0014");
    idcard_mask("123456789", out, sizeof out);
    assert_string_equal(out, "1234*6789");
    idcard_mask("12345678", out, sizeof out);
    assert_string_equal(out, "********");
    idcard_mask("", out, sizeof out);
    assert_string_equal(out, "");
    idcard_mask(NULL, out, sizeof out);
    assert_string_equal(out, "");
    /* Truncation keeps the output terminated and never reveals more. */
    idcard_mask("44010119900101123X", out, 7);
    assert_string_equal(out, "4401**");
    out[0] = 'Z';
    idcard_mask("44010119900101123X", out, 0);
    assert_int_equal(out[0], 'Z');
    idcard_mask("44010119900101123X", out, 1);
    assert_string_equal(out, "");
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
        cmocka_unit_test(test_phone_mask),
        cmocka_unit_test(test_phone_validate),
        cmocka_unit_test(test_generate),
        cmocka_unit_test(test_generate_rejects_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
