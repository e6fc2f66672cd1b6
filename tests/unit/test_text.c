/* test_text.c: core/text. UTF-8 checks back the member name rule (docs/API.md §Members,
 * "name 1–50 chars"); GB18030 decoding backs the CSV member import. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

#define VALID(lit) assert_true(utf8_valid(lit, sizeof(lit) - 1))
#define INVALID(lit) assert_false(utf8_valid(lit, sizeof(lit) - 1))

static void test_utf8_valid_accepts_well_formed(void **state)
{
    (void)state;
    VALID("");
    VALID("hello");
    VALID("党建管理平台");
    VALID("\xC2\x80");         /* U+0080, smallest 2-byte */
    VALID("\xDF\xBF");         /* U+07FF */
    VALID("\xE0\xA0\x80");     /* U+0800, smallest 3-byte */
    VALID("\xED\x9F\xBF");     /* U+D7FF, just below the surrogates */
    VALID("\xEE\x80\x80");     /* U+E000, just above them */
    VALID("\xEF\xBF\xBF");     /* U+FFFF */
    VALID("\xF0\x90\x80\x80"); /* U+10000, smallest 4-byte */
    VALID("\xF0\x9F\x98\x80"); /* U+1F600 */
    VALID("\xF4\x8F\xBF\xBF"); /* U+10FFFF, the last code point */
    VALID("a\0b");             /* NUL counted by n */
    assert_true(utf8_valid(NULL, 0));
}

static void test_utf8_valid_rejects_overlongs(void **state)
{
    (void)state;
    INVALID("\xC0\xAF");         /* '/' in 2 bytes */
    INVALID("\xC1\xBF");
    INVALID("\xE0\x80\xAF");     /* '/' in 3 bytes */
    INVALID("\xE0\x9F\xBF");     /* U+07FF in 3 bytes */
    INVALID("\xF0\x80\x80\xAF"); /* '/' in 4 bytes */
    INVALID("\xF0\x8F\xBF\xBF"); /* U+FFFF in 4 bytes */
}

static void test_utf8_valid_rejects_surrogates_and_out_of_range(void **state)
{
    (void)state;
    INVALID("\xED\xA0\x80");     /* U+D800 */
    INVALID("\xED\xBF\xBF");     /* U+DFFF */
    INVALID("\xF4\x90\x80\x80"); /* U+110000 */
    INVALID("\xF5\x80\x80\x80");
    INVALID("\xFE");
    INVALID("\xFF");
}

static void test_utf8_valid_rejects_broken_sequences(void **state)
{
    (void)state;
    INVALID("\x80");             /* lone continuation */
    INVALID("a\xBF");
    INVALID("\xE5\x85");         /* truncated 党-like 3-byte */
    INVALID("\xE5\x85\x9A\xE5"); /* valid then truncated */
    INVALID("\xE5\x41\x9A");     /* non-continuation in the middle */
    INVALID("\xF0\x9F\x98");
    INVALID("\xB5\xB3\xBD\xA8"); /* 党建 in GB18030 */
    /* n limits the check: the truncated tail is outside it. */
    assert_true(utf8_valid("ab\xE5\x85", 2));
    assert_false(utf8_valid("ab\xE5\x85", 3));
}

static void test_utf8_length(void **state)
{
    (void)state;
    assert_int_equal(utf8_length(""), 0);
    assert_int_equal(utf8_length(NULL), 0);
    assert_int_equal(utf8_length("abc"), 3);
    assert_int_equal(utf8_length("党建abc"), 5);
    assert_int_equal(utf8_length("\xF0\x9F\x98\x80x"), 2);
    assert_int_equal(utf8_length("\xE3\x80\x80"), 1);
}

static void test_gb18030_to_utf8(void **state)
{
    (void)state;
    size_t len = 0;
    char *s = text_gb18030_to_utf8("\xB5\xB3\xBD\xA8", 4, &len);
    assert_non_null(s);
    assert_string_equal(s, "党建");
    assert_int_equal(len, strlen("党建"));
    free(s);

    /* A four-byte GB18030 sequence (U+1F600) and a two-byte one (U+20AC) mixed with ASCII. */
    s = text_gb18030_to_utf8("a\x94\x39\xFC\x36-\xA2\xE3", 8, &len);
    assert_non_null(s);
    assert_string_equal(s, "a\xF0\x9F\x98\x80-\xE2\x82\xAC");
    free(s);

    s = text_gb18030_to_utf8("", 0, &len);
    assert_non_null(s);
    assert_string_equal(s, "");
    assert_int_equal(len, 0);
    free(s);

    /* out_len may be NULL. */
    s = text_gb18030_to_utf8("abc", 3, NULL);
    assert_non_null(s);
    assert_string_equal(s, "abc");
    free(s);
}

static void test_gb18030_rejects_invalid(void **state)
{
    (void)state;
    size_t len = 99;
    assert_null(text_gb18030_to_utf8("\x80", 1, &len));         /* not a lead byte */
    assert_null(text_gb18030_to_utf8("\xFF\xFF", 2, &len));
    assert_null(text_gb18030_to_utf8("abc\xB5", 4, &len));      /* truncated at the end */
    assert_null(text_gb18030_to_utf8("\xB5\x20", 2, &len));     /* bad trail byte */
    assert_int_equal(len, 99);
}

static void test_gb18030_large_input_grows_buffer(void **state)
{
    (void)state;
    /* 3000 copies of 党 (2 bytes each in GB18030, 3 in UTF-8): the output outgrows a naive guess. */
    size_t n = 3000;
    char *in = malloc(n * 2);
    assert_non_null(in);
    for (size_t i = 0; i < n; i++)
        memcpy(in + i * 2, "\xB5\xB3", 2);
    size_t len = 0;
    char *s = text_gb18030_to_utf8(in, n * 2, &len);
    assert_non_null(s);
    assert_int_equal(len, n * 3);
    assert_int_equal(utf8_length(s), n);
    assert_memory_equal(s + len - 3, "党", 3);
    free(s);
    free(in);
}

static void test_to_utf8_detects_encoding(void **state)
{
    (void)state;
    const char *enc = NULL;
    size_t len = 0;

    /* UTF-8 with a BOM (Excel's "CSV UTF-8"): BOM dropped. */
    const char bom[] = "\xEF\xBB\xBF姓名,性别";
    char *s = text_to_utf8(bom, sizeof bom - 1, &len, &enc);
    assert_non_null(s);
    assert_string_equal(s, "姓名,性别");
    assert_int_equal(len, strlen("姓名,性别"));
    assert_string_equal(enc, "UTF-8");
    free(s);

    /* Plain UTF-8. */
    s = text_to_utf8("abc", 3, &len, &enc);
    assert_string_equal(s, "abc");
    assert_string_equal(enc, "UTF-8");
    free(s);

    /* GB18030 (Excel's plain "CSV" on Chinese Windows). */
    const char gb[] = "\xD0\xD5\xC3\xFB,\xD0\xD4\xB1\xF0";
    s = text_to_utf8(gb, sizeof gb - 1, &len, &enc);
    assert_non_null(s);
    assert_string_equal(s, "姓名,性别");
    assert_string_equal(enc, "GB18030");
    free(s);

    /* Empty and BOM only. */
    s = text_to_utf8("", 0, &len, &enc);
    assert_string_equal(s, "");
    assert_int_equal(len, 0);
    free(s);
    s = text_to_utf8("\xEF\xBB\xBF", 3, &len, &enc);
    assert_string_equal(s, "");
    assert_string_equal(enc, "UTF-8");
    free(s);

    /* NULL out parameters are allowed. */
    s = text_to_utf8("x", 1, NULL, NULL);
    assert_string_equal(s, "x");
    free(s);
}

static void test_to_utf8_rejects_neither(void **state)
{
    (void)state;
    const char *enc = "unchanged";
    size_t len = 0;
    assert_null(text_to_utf8("\x80\x80", 2, &len, &enc));
    assert_null(enc);
    enc = "unchanged";
    assert_null(text_to_utf8("ok\xFF", 3, &len, &enc));
    assert_null(enc);
}

static void test_is_digits(void **state)
{
    (void)state;
    assert_true(text_is_digits("0"));
    assert_true(text_is_digits("0123456789"));
    assert_false(text_is_digits(""));
    assert_false(text_is_digits(NULL));
    assert_false(text_is_digits("12a"));
    assert_false(text_is_digits(" 12"));
    assert_false(text_is_digits("-1"));
    assert_false(text_is_digits("１２")); /* full-width digits */
}

static void test_trim(void **state)
{
    (void)state;
    char a[] = "  abc \t\r\n";
    assert_ptr_equal(text_trim(a), a);
    assert_string_equal(a, "abc");

    char b[] = "\xE3\x80\x80张三\xE3\x80\x80"; /* U+3000 both sides */
    assert_string_equal(text_trim(b), "张三");

    char c[] = " \xE3\x80\x80 x y \xE3\x80\x80\t";
    assert_string_equal(text_trim(c), "x y");

    char d[] = " \t\xE3\x80\x80 ";
    assert_string_equal(text_trim(d), "");

    char e[] = "";
    assert_string_equal(text_trim(e), "");

    char f[] = "no-space";
    assert_string_equal(text_trim(f), "no-space");

    /* A different character starting with E3 is not whitespace. */
    char g[] = "\xE3\x81\x82"; /* あ */
    assert_string_equal(text_trim(g), "\xE3\x81\x82");

    assert_null(text_trim(NULL));
}

/* Blank names are refused (docs/API.md §Members: "not blank"), full-width spaces included. */
static void test_text_blank(void **state)
{
    (void)state;
    assert_true(text_blank(NULL));
    assert_true(text_blank(""));
    assert_true(text_blank(" \t\r\n"));
    assert_true(text_blank("\xE3\x80\x80 \xE3\x80\x80"));
    assert_false(text_blank("王"));
    assert_false(text_blank("  a  "));
    assert_false(text_blank("\xE3\x80")); /* a cut-off U+3000 is not a space */
    /* text_needs_trim: exactly when text_trim would change the text. */
    static const char *const cases[] = {"", " a", "a ", "\ta", "a\n", "\xE3\x80\x80王", "王\xE3\x80\x80", "a", "王五", "a b",
                                        "\xE3\x80"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char copy[32];
        snprintf(copy, sizeof copy, "%s", cases[i]);
        bool changes = strcmp(text_trim(copy), cases[i]) != 0 || !*cases[i];
        assert_int_equal(text_needs_trim(cases[i]), changes);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid_accepts_well_formed),
        cmocka_unit_test(test_utf8_valid_rejects_overlongs),
        cmocka_unit_test(test_utf8_valid_rejects_surrogates_and_out_of_range),
        cmocka_unit_test(test_utf8_valid_rejects_broken_sequences),
        cmocka_unit_test(test_utf8_length),
        cmocka_unit_test(test_gb18030_to_utf8),
        cmocka_unit_test(test_gb18030_rejects_invalid),
        cmocka_unit_test(test_gb18030_large_input_grows_buffer),
        cmocka_unit_test(test_to_utf8_detects_encoding),
        cmocka_unit_test(test_to_utf8_rejects_neither),
        cmocka_unit_test(test_is_digits),
        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_text_blank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
