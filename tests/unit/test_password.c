/* test_password.c: domain/password — docs/API.md §Users: password ≥ 10 chars with letters and
 * digits (at most 128 bytes, not containing the username). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/password.h"

static void expect_fail(const char *pw, const char *user, const char *fragment)
{
    dj_err e;
    memset(&e, 0, sizeof e);
    assert_false(password_acceptable(pw, user, &e));
    assert_string_equal(e.code, "validation");
    assert_string_equal(e.field, "password");
    if (!strstr(e.message, fragment))
        fail_msg("message \"%s\" lacks \"%s\"", e.message, fragment);
    if (pw && *pw && strstr(e.message, pw))
        fail_msg("message echoes the password");
}

static void test_length_bounds(void **state)
{
    (void)state;
    dj_err e;
    expect_fail("abcdefgh1", "zhang", "至少10");        /* 9 bytes */
    assert_true(password_acceptable("abcdefgh12", "zhang", &e)); /* 10 */
    char pw[200];
    memset(pw, 'a', 127);
    pw[127] = '1';
    pw[128] = '\0';
    assert_true(password_acceptable(pw, "zhang", &e)); /* 128 */
    pw[128] = '2';
    pw[129] = '\0';
    expect_fail(pw, "zhang", "128"); /* 129 */
}

static void test_bytes_not_characters(void **state)
{
    (void)state;
    dj_err e;
    /* 3 Chinese characters = 9 bytes, + "a1" = 11 bytes: long enough. */
    assert_true(password_acceptable("党建党a1", NULL, &e));
    /* Non-ASCII letters do not count as letters. */
    expect_fail("党建管理平台2024", NULL, "字母和数字");
}

static void test_letters_and_digits_required(void **state)
{
    (void)state;
    expect_fail("abcdefghijkl", NULL, "字母和数字");
    expect_fail("123456789012", NULL, "字母和数字");
    expect_fail("!@#$%^&*()_+", NULL, "字母和数字");
    dj_err e;
    assert_true(password_acceptable("!!!!!!!!A9", NULL, &e));
    assert_true(password_acceptable("Z000000000", "", &e));
}

static void test_username_not_contained(void **state)
{
    (void)state;
    expect_fail("zhangsan2024", "zhangsan", "用户名");
    expect_fail("2024ZhangSan!", "zhangsan", "用户名"); /* case ignored */
    expect_fail("xx-admin-99-", "admin", "用户名");
    dj_err e;
    assert_true(password_acceptable("zhangsa2024n", "zhangsan", &e));
    assert_true(password_acceptable("zhangsan2024", NULL, &e));
    assert_true(password_acceptable("zhangsan2024", "", &e));
}

static void test_empty_and_null(void **state)
{
    (void)state;
    expect_fail("", "zhang", "不能为空");
    expect_fail(NULL, "zhang", "不能为空");
    assert_false(password_acceptable("short", "u", NULL)); /* err may be NULL */
}

static void test_username_rules(void **state)
{
    (void)state;
    dj_err err;
    assert_true(username_acceptable("admin", &err));
    assert_true(username_acceptable("zhang.san-01@jh", &err));
    assert_true(username_acceptable("ab", &err));
    assert_true(username_acceptable("abcdefghijklmnopqrstuvwxyz012345", &err)); /* 32 */
    assert_false(username_acceptable(NULL, &err));
    assert_false(username_acceptable("", &err));
    assert_string_equal(err.field, "username");
    assert_false(username_acceptable("a", &err));
    assert_false(username_acceptable("abcdefghijklmnopqrstuvwxyz0123456", &err)); /* 33 */
    assert_false(username_acceptable("zhang san", &err));
    assert_false(username_acceptable("张三", &err));
    assert_false(username_acceptable("a|b", &err));
    assert_false(username_acceptable("a%b", &err));
    assert_false(username_acceptable("a\nb", &err));
    assert_string_equal(err.code, "validation");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_length_bounds),
        cmocka_unit_test(test_bytes_not_characters),
        cmocka_unit_test(test_letters_and_digits_required),
        cmocka_unit_test(test_username_not_contained),
        cmocka_unit_test(test_empty_and_null),
        cmocka_unit_test(test_username_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
