/* test_credit_code.c: domain/credit_code — GB 32100-2015 unified social credit code of medical
 * institutions (docs/API.md §Institutions: 422 validation, field credit_code; DOMAIN.md §7
 * "register every medical institution"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/credit_code.h"

static void assert_field_error(const dj_err *e, const char *fragment)
{
    assert_string_equal(e->code, "validation");
    assert_string_equal(e->field, "credit_code");
    if (fragment && !strstr(e->message, fragment))
        fail_msg("message \"%s\" lacks \"%s\"", e->message, fragment);
}

static void test_check_char_known_codes(void **state)
{
    (void)state;
    /* The example in GB 32100-2015 and other published codes. */
    assert_int_equal(credit_code_check_char("91350100M000100Y4"), '3');
    assert_int_equal(credit_code_check_char("91110000100010433"), 'L');
    assert_int_equal(credit_code_check_char("12100000400000624"), 'D');
    /* check = 31 - (sum mod 31), and 31 becomes 0 (sum divisible by 31). */
    assert_int_equal(credit_code_check_char("12440101781286570"), '0');
    /* The last character of the set. */
    assert_int_equal(credit_code_check_char("914401012CUR4T4A3"), 'Y');
}

static void test_check_char_rejects_bad_input(void **state)
{
    (void)state;
    assert_int_equal(credit_code_check_char(NULL), '\0');
    assert_int_equal(credit_code_check_char(""), '\0');
    assert_int_equal(credit_code_check_char("9135010"), '\0');
    assert_int_equal(credit_code_check_char("91350100I000100Y4"), '\0'); /* I */
    assert_int_equal(credit_code_check_char("91350100m000100Y4"), '\0'); /* lower case */
}

static void test_validate_accepts_valid(void **state)
{
    (void)state;
    dj_err e = {0};
    assert_true(credit_code_validate("91350100M000100Y43", &e));
    assert_true(credit_code_validate("91110000100010433L", &e));
    assert_true(credit_code_validate("12100000400000624D", NULL));
    assert_true(credit_code_validate("124401017812865700", &e));
}

static void test_validate_length(void **state)
{
    (void)state;
    dj_err e;
    assert_false(credit_code_validate("91350100M000100Y4", &e));
    assert_field_error(&e, "18位");
    assert_false(credit_code_validate("91350100M000100Y433", &e));
    assert_field_error(&e, "19");
    assert_false(credit_code_validate("", &e));
    assert_field_error(&e, "不能为空");
    assert_false(credit_code_validate(NULL, &e));
    assert_field_error(&e, "不能为空");
}

static void test_validate_forbidden_letters(void **state)
{
    (void)state;
    /* I O Z S V are not in the code set, wherever they appear. */
    static const char forbidden[] = "IOZSV";
    dj_err e;
    for (int i = 0; forbidden[i]; i++) {
        char code[] = "91350100M000100Y43";
        code[8] = forbidden[i];
        assert_false(credit_code_validate(code, &e));
        assert_field_error(&e, "第9位");
    }
    assert_false(credit_code_validate("91350100M000100Y4-", &e));
    assert_field_error(&e, "第18位");
    assert_false(credit_code_validate("91350100M000100Y4\xE4", &e));
    assert_field_error(&e, NULL);
}

static void test_validate_lower_case_and_normalize(void **state)
{
    (void)state;
    dj_err e;
    char code[] = "91350100m000100y43";
    assert_false(credit_code_validate(code, &e));
    assert_field_error(&e, "大写");
    credit_code_normalize(code);
    assert_string_equal(code, "91350100M000100Y43");
    assert_true(credit_code_validate(code, &e));
    credit_code_normalize(NULL);
}

static void test_validate_check_char(void **state)
{
    (void)state;
    dj_err e;
    assert_false(credit_code_validate("91350100M000100Y44", &e));
    assert_field_error(&e, "校验位");
    /* Any single substitution within the set changes the check: the weights are non-zero mod 31
     * and 31 is prime. */
    static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    char code[] = "91350100M000100Y43";
    for (int pos = 0; pos < 17; pos++) {
        char saved = code[pos];
        for (int k = 0; set[k]; k++) {
            if (set[k] == saved)
                continue;
            code[pos] = set[k];
            assert_false(credit_code_validate(code, NULL));
        }
        code[pos] = saved;
    }
}

/* GB 11714 organisation code check: weights 3 7 9 10 5 8 4 2, 11 - sum mod 11; 10 -> X, 11 -> 0. */
static char org_check(const char *body8)
{
    static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 8; i++)
        sum += (body8[i] - '0') * w[i];
    int c = 11 - sum % 11;
    return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

static void test_generate(void **state)
{
    (void)state;
    char code[19];
    for (uint32_t seed = 0; seed < 2000; seed++) {
        credit_code_generate("12", "440101", seed, code);
        assert_int_equal(strlen(code), 18);
        assert_memory_equal(code, "12440101", 8);
        assert_true(credit_code_validate(code, NULL));
        assert_int_equal(code[16], org_check(code + 8));
    }
    credit_code_generate("52", "110105", 7, code);
    assert_memory_equal(code, "52110105", 8);
    assert_true(credit_code_validate(code, NULL));
    /* Deterministic, and different seeds give different codes. */
    char again[19], other[19];
    credit_code_generate("52", "110105", 7, again);
    credit_code_generate("52", "110105", 8, other);
    assert_string_equal(code, again);
    assert_string_not_equal(code, other);
}

static void test_generate_rejects_bad_input(void **state)
{
    (void)state;
    char code[19];
    credit_code_generate("1I", "440101", 1, code);
    assert_string_equal(code, "");
    credit_code_generate("1", "440101", 1, code);
    assert_string_equal(code, "");
    credit_code_generate(NULL, "440101", 1, code);
    assert_string_equal(code, "");
    credit_code_generate("12", "44010", 1, code);
    assert_string_equal(code, "");
    credit_code_generate("12", "44010A", 1, code);
    assert_string_equal(code, "");
    credit_code_generate("12", NULL, 1, code);
    assert_string_equal(code, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_char_known_codes),
        cmocka_unit_test(test_check_char_rejects_bad_input),
        cmocka_unit_test(test_validate_accepts_valid),
        cmocka_unit_test(test_validate_length),
        cmocka_unit_test(test_validate_forbidden_letters),
        cmocka_unit_test(test_validate_lower_case_and_normalize),
        cmocka_unit_test(test_validate_check_char),
        cmocka_unit_test(test_generate),
        cmocka_unit_test(test_generate_rejects_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
