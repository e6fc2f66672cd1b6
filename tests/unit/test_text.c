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

/* text_check: the class of text that breaks things (issue 11 A). */
static void expect_refused(const char *s, bool multiline, bool need_visible, const char *fragment)
{
    dj_err e;
    memset(&e, 0, sizeof e);
    if (text_check(s, multiline, need_visible, "科室", "department", &e))
        fail_msg("accepted: \"%s\"", s);
    assert_string_equal(e.code, "validation");
    assert_string_equal(e.field, "department");
    if (strncmp(e.message, "科室", strlen("科室")) != 0 || !strstr(e.message, fragment))
        fail_msg("message \"%s\" lacks \"%s\" (or the label first)", e.message, fragment);
}

static void expect_accepted(const char *s, bool multiline, bool need_visible)
{
    dj_err e;
    memset(&e, 0, sizeof e);
    if (!text_check(s, multiline, need_visible, "科室", "department", &e))
        fail_msg("refused \"%s\": %s", s, e.message);
}

static void test_text_check_noncharacters(void **state)
{
    (void)state;
    expect_refused("a\xEF\xBF\xBE", false, false, "U+FFFE");
    expect_refused("a\xEF\xBF\xBF", false, false, "U+FFFF");
    expect_refused("\xEF\xB7\x90", false, false, "U+FDD0");
    expect_refused("\xEF\xB7\xAF", false, false, "U+FDEF");
    expect_refused("\xF0\x9F\xBF\xBF", false, false, "U+1FFFF");
    expect_refused("\xF3\xBF\xBF\xBE", false, false, "U+FFFFE");
    expect_refused("\xF4\x8F\xBF\xBF", false, false, "U+10FFFF");
    expect_refused("a\xEF\xBF\xBE", true, false, "非字符");
    /* Their neighbours are characters. */
    expect_accepted("\xEF\xB7\x8F\xEF\xB7\xB0\xEF\xBF\xBD", false, true); /* U+FDCF U+FDF0 U+FFFD */
    expect_accepted("\xF0\x9F\xBF\xBD", false, true);                       /* U+1FFFD */
    assert_true(text_is_noncharacter(0xFFFE) && text_is_noncharacter(0x10FFFE));
    assert_false(text_is_noncharacter(0xFFFD) || text_is_noncharacter(0xFDCF) || text_is_noncharacter(0x11FFFE));
}

static void test_text_check_controls(void **state)
{
    (void)state;
    expect_refused("a\x01", false, false, "U+0001");
    expect_refused("a\x1B[2J", false, false, "U+001B");
    expect_refused("a\x1B[2J", true, false, "U+001B");
    expect_refused("a\x7F", true, false, "U+007F");
    expect_refused("a\xC2\x80", false, false, "U+0080");
    expect_refused("a\xC2\x9F", true, false, "U+009F");
    expect_refused("a\tb", false, false, "制表符");
    expect_refused("a\nb", false, false, "换行符");
    expect_refused("a\rb", true, false, "换行符");      /* a lone CR, even in multiline text */
    expect_refused("a\xE2\x80\xA9", false, false, "U+2029");
    expect_accepted("a\tb\nc\r\nd\xE2\x80\xA8", true, true);
    expect_accepted("a\xC2\xA0" "b", false, true);       /* NO-BREAK SPACE inside text */
}

static void test_text_check_bidi(void **state)
{
    (void)state;
    static const char *const bidi[] = {
        "\xE2\x80\xAA", "\xE2\x80\xAB", "\xE2\x80\xAC", "\xE2\x80\xAD", "\xE2\x80\xAE", /* U+202A..E */
        "\xE2\x81\xA6", "\xE2\x81\xA7", "\xE2\x81\xA8", "\xE2\x81\xA9",                 /* U+2066..9 */
        "\xE2\x80\x8E", "\xE2\x80\x8F", "\xD8\x9C",                                    /* marks */
    };
    char buf[32];
    for (size_t i = 0; i < sizeof bidi / sizeof bidi[0]; i++) {
        snprintf(buf, sizeof buf, "%s内科", bidi[i]);
        expect_refused(buf, true, false, "方向");
    }
    expect_refused("\xE2\x80\xAE" "gpj.exe", false, true, "U+202E");
}

static void test_text_check_visible(void **state)
{
    (void)state;
    static const char *const invisible[] = {
        "", " ", "\xE2\x80\x8B", "\xE2\x80\x8C\xE2\x80\x8D", "\xE2\x81\xA0", "\xEF\xBB\xBF",
        "\xE3\x80\x80", "\xC2\xA0", "\xC2\xAD", "\xE2\x80\x83", "\xE2\x80\xAF", "\xE3\x85\xA4",
        "\xEF\xB8\x8F", "\xF3\xA0\x80\x81", "\xE2\xA0\x80", "\xE1\x85\x9F",
    };
    for (size_t i = 0; i < sizeof invisible / sizeof invisible[0]; i++) {
        expect_refused(invisible[i], false, true, "不可见字符");
        expect_accepted(invisible[i], false, false);
    }
    expect_refused(NULL, false, true, "不能为空");
    expect_accepted(NULL, false, false);
    expect_accepted("\xE2\x80\x8B" "a", false, true);
    expect_accepted("\xE4\xB8\x80", false, true);      /* 一 */
    expect_accepted(".", false, true);
}

static void test_text_check_utf8_and_defaults(void **state)
{
    (void)state;
    expect_refused("a\xFF", false, false, "无效的字符编码");
    expect_refused("\xED\xA0\x80", false, false, "无效的字符编码");
    dj_err e;
    assert_false(text_check("\x01", false, false, NULL, NULL, &e));
    assert_string_equal(e.field, "");
    assert_non_null(strstr(e.message, "内容"));
    assert_false(text_check("\x01", false, false, NULL, NULL, NULL));
}

static void test_next_code_point(void **state)
{
    (void)state;
    const char *s = "a\xC3\xA9\xE4\xB8\x80\xF0\x9F\x98\x80\xFF\xE4\xB8";
    const char *p = s;
    assert_int_equal(text_next_code_point(&p), 'a');
    assert_int_equal(text_next_code_point(&p), 0xE9);
    assert_int_equal(text_next_code_point(&p), 0x4E00);
    assert_int_equal(text_next_code_point(&p), 0x1F600);
    assert_int_equal(text_next_code_point(&p), TEXT_BAD_CODE_POINT);
    assert_int_equal(text_next_code_point(&p), TEXT_BAD_CODE_POINT); /* truncated at the NUL */
    assert_int_equal(text_next_code_point(&p), TEXT_BAD_CODE_POINT);
    assert_int_equal(*p, '\0');
}

/* text_xml_safe: what libxlsxwriter is given must be XML 1.0 character data. */
static void test_xml_safe(void **state)
{
    (void)state;
    buf b = {0};
    const char *ok = "张三\tA\nB\r\xEF\xBF\xBD\xF0\x9F\x98\x80\xC2\x85\x7F";
    assert_ptr_equal(text_xml_safe(ok, &b), ok); /* nothing to replace: no copy */
    assert_null(b.data);
    assert_string_equal(text_xml_safe(NULL, &b), "");
    assert_string_equal(text_xml_safe("a\x1B[0mb", &b), "a\xEF\xBF\xBD[0mb");
    assert_string_equal(text_xml_safe("\x01\x02", &b), "\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_string_equal(text_xml_safe("\xEF\xBF\xBE|\xEF\xBF\xBF", &b), "\xEF\xBF\xBD|\xEF\xBF\xBD");
    assert_string_equal(text_xml_safe("a\xFF\xC0\xAFz", &b), "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz");
    assert_string_equal(text_xml_safe("\xED\xA0\x80", &b), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_string_equal(text_xml_safe("end\xE4\xB8", &b), "end\xEF\xBF\xBD\xEF\xBF\xBD");
    /* Every byte 0x01..0x1F: only tab, LF and CR survive. */
    char all[32];
    for (int i = 1; i < 32; i++)
        all[i - 1] = (char)i;
    all[31] = '\0';
    const char *out = text_xml_safe(all, &b);
    for (const char *p = out; *p; p++)
        assert_true((unsigned char)*p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r');
    assert_int_equal(strlen(out), 28 * 3 + 3);
    buf_free(&b);
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
        cmocka_unit_test(test_text_check_noncharacters),
        cmocka_unit_test(test_text_check_controls),
        cmocka_unit_test(test_text_check_bidi),
        cmocka_unit_test(test_text_check_visible),
        cmocka_unit_test(test_text_check_utf8_and_defaults),
        cmocka_unit_test(test_next_code_point),
        cmocka_unit_test(test_xml_safe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
