/* test_csv.c: core/csv. The reader parses member imports (docs/API.md §Members, import);
 * the writer produces exports that open safely in Excel. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

/* Opens a reader over a string literal (length taken with strlen unless n is given). */
static csv_reader *open_str(const char *s)
{
    csv_reader *r = csv_open(s, strlen(s));
    assert_non_null(r);
    return r;
}

static void expect_row(csv_reader *r, size_t line, size_t n, const char *const *want)
{
    csv_row row;
    assert_int_equal(csv_next_row(r, &row), 1);
    assert_int_equal(csv_line(r), line);
    assert_int_equal(row.n, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(row.fields[i], want[i]);
}

static void expect_end(csv_reader *r)
{
    csv_row row;
    assert_int_equal(csv_next_row(r, &row), 0);
    assert_int_equal(csv_next_row(r, &row), 0);
}

static void test_simple_crlf_and_trailing_newline(void **state)
{
    (void)state;
    csv_reader *r = open_str("姓名,性别,出生日期\r\n张三,男,1985-06-15\r\n");
    expect_row(r, 1, 3, (const char *[]){"姓名", "性别", "出生日期"});
    expect_row(r, 2, 3, (const char *[]){"张三", "男", "1985-06-15"});
    expect_end(r); /* the final CRLF does not start a row */
    csv_close(r);
}

static void test_lf_and_no_final_newline(void **state)
{
    (void)state;
    csv_reader *r = open_str("a,b\nc,d");
    expect_row(r, 1, 2, (const char *[]){"a", "b"});
    expect_row(r, 2, 2, (const char *[]){"c", "d"});
    expect_end(r);
    csv_close(r);
}

static void test_lone_cr_separates_rows(void **state)
{
    (void)state;
    csv_reader *r = open_str("a\rb\r");
    expect_row(r, 1, 1, (const char *[]){"a"});
    expect_row(r, 2, 1, (const char *[]){"b"});
    expect_end(r);
    csv_close(r);
}

static void test_quoted_fields(void **state)
{
    (void)state;
    csv_reader *r = open_str("\"a,b\",\"say \"\"hi\"\"\",\"\",plain\r\n"
                             "\"line1\r\nline2\",x\r\n"
                             "\"multi\nline\nvalue\",y\n"
                             "last,\"\"\"\"\n");
    expect_row(r, 1, 4, (const char *[]){"a,b", "say \"hi\"", "", "plain"});
    expect_row(r, 2, 2, (const char *[]){"line1\r\nline2", "x"});
    /* The previous row spanned lines 2-3, so this one starts on line 4. */
    expect_row(r, 4, 2, (const char *[]){"multi\nline\nvalue", "y"});
    expect_row(r, 7, 2, (const char *[]){"last", "\""});
    expect_end(r);
    csv_close(r);
}

static void test_empty_fields_and_lines(void **state)
{
    (void)state;
    csv_reader *r = open_str(",,\na,\n\nb\n");
    expect_row(r, 1, 3, (const char *[]){"", "", ""});
    expect_row(r, 2, 2, (const char *[]){"a", ""});
    expect_row(r, 3, 1, (const char *[]){""}); /* an empty line in the middle */
    expect_row(r, 4, 1, (const char *[]){"b"});
    expect_end(r);
    csv_close(r);
}

static void test_empty_buffer(void **state)
{
    (void)state;
    csv_reader *r = csv_open("", 0);
    assert_non_null(r);
    expect_end(r);
    assert_int_equal(csv_line(r), 0);
    assert_string_equal(csv_error(r), "");
    csv_close(r);

    r = csv_open(NULL, 0);
    assert_non_null(r);
    expect_end(r);
    csv_close(r);

    assert_null(csv_open(NULL, 5));
    csv_close(NULL);
}

static void test_whitespace_and_bare_quote_kept(void **state)
{
    (void)state;
    csv_reader *r = open_str(" a , b\"c \n");
    expect_row(r, 1, 2, (const char *[]){" a ", " b\"c "});
    expect_end(r);
    csv_close(r);
}

static void test_length_limits_buffer_not_string(void **state)
{
    (void)state;
    /* The reader reads len bytes, not up to a NUL: "a,b" of "a,bXYZ". */
    csv_reader *r = csv_open("a,bXYZ", 3);
    expect_row(r, 1, 2, (const char *[]){"a", "b"});
    expect_end(r);
    csv_close(r);
}

static void test_unterminated_quote_reports_opening_line(void **state)
{
    (void)state;
    csv_reader *r = open_str("a,b\n\"never closed,\nstill\n");
    csv_row row;
    assert_int_equal(csv_next_row(r, &row), 1);
    assert_int_equal(csv_next_row(r, &row), -1);
    assert_int_equal(csv_line(r), 2);
    assert_true(strstr(csv_error(r), "引号") != NULL);
    assert_int_equal(csv_next_row(r, &row), -1); /* sticky */
    csv_close(r);
}

static void test_text_after_closing_quote_is_malformed(void **state)
{
    (void)state;
    csv_reader *r = open_str("ok\nx,\"ab\"c,d\n");
    csv_row row;
    assert_int_equal(csv_next_row(r, &row), 1);
    assert_int_equal(csv_next_row(r, &row), -1);
    assert_int_equal(csv_line(r), 2);
    assert_true(strlen(csv_error(r)) > 0);
    csv_close(r);
}

static void test_nul_byte_is_malformed(void **state)
{
    (void)state;
    csv_reader *r = csv_open("a,b\0c\n", 6);
    csv_row row;
    assert_int_equal(csv_next_row(r, &row), -1);
    assert_int_equal(csv_line(r), 1);
    csv_close(r);

    r = csv_open("\"a\0\"\n", 5);
    assert_int_equal(csv_next_row(r, &row), -1);
    csv_close(r);
}

static void test_field_count_limit(void **state)
{
    (void)state;
    /* Exactly CSV_MAX_FIELDS fields: n-1 commas. */
    char buf[CSV_MAX_FIELDS + 4];
    memset(buf, ',', CSV_MAX_FIELDS - 1);
    buf[CSV_MAX_FIELDS - 1] = '\n';
    csv_reader *r = csv_open(buf, CSV_MAX_FIELDS);
    csv_row row;
    assert_int_equal(csv_next_row(r, &row), 1);
    assert_int_equal(row.n, CSV_MAX_FIELDS);
    csv_close(r);

    /* One more field is an error. */
    memset(buf, ',', CSV_MAX_FIELDS);
    buf[CSV_MAX_FIELDS] = '\n';
    r = csv_open(buf, CSV_MAX_FIELDS + 1);
    assert_int_equal(csv_next_row(r, &row), -1);
    assert_int_equal(csv_line(r), 1);
    csv_close(r);
}

static void test_field_size_limit(void **state)
{
    (void)state;
    size_t max = CSV_MAX_FIELD_BYTES;
    char *buf = malloc(max + 8);
    assert_non_null(buf);
    csv_row row;

    /* Unquoted: exactly the limit passes, one byte more fails. */
    memset(buf, 'x', max);
    csv_reader *r = csv_open(buf, max);
    assert_int_equal(csv_next_row(r, &row), 1);
    assert_int_equal(strlen(row.fields[0]), max);
    csv_close(r);
    memset(buf, 'x', max + 1);
    r = csv_open(buf, max + 1);
    assert_int_equal(csv_next_row(r, &row), -1);
    csv_close(r);

    /* Quoted: the limit counts the unescaped content. */
    buf[0] = '"';
    memset(buf + 1, 'y', max);
    buf[max + 1] = '"';
    r = csv_open(buf, max + 2);
    assert_int_equal(csv_next_row(r, &row), 1);
    assert_int_equal(strlen(row.fields[0]), max);
    csv_close(r);
    memset(buf + 1, 'y', max + 1);
    buf[max + 2] = '"';
    r = csv_open(buf, max + 3);
    assert_int_equal(csv_next_row(r, &row), -1);
    csv_close(r);
    free(buf);
}

static void test_many_rows_reuse_buffer(void **state)
{
    (void)state;
    /* 2000 rows with fields of growing size; every row must come back intact. */
    size_t cap = 4 * 1024 * 1024, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    for (int i = 0; i < 2000; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%d,\"%0*d\"\r\n", i, i % 500 + 1, i);
    csv_reader *r = csv_open(buf, len);
    csv_row row;
    char want[600];
    for (int i = 0; i < 2000; i++) {
        assert_int_equal(csv_next_row(r, &row), 1);
        assert_int_equal(csv_line(r), (size_t)i + 1);
        snprintf(want, sizeof want, "%0*d", i % 500 + 1, i);
        assert_string_equal(row.fields[1], want);
    }
    expect_end(r);
    csv_close(r);
    free(buf);
}

/* Runs the writer into a string. */
static char *write_field(const char *s)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    csv_write_field(f, s);
    fclose(f);
    return out;
}

static void expect_written(const char *in, const char *want)
{
    char *got = write_field(in);
    assert_string_equal(got, want);
    free(got);
}

static void test_write_field_quoting(void **state)
{
    (void)state;
    expect_written("plain", "plain");
    expect_written("张三", "张三");
    expect_written("", "");
    expect_written(NULL, "");
    expect_written("a,b", "\"a,b\"");
    expect_written("say \"hi\"", "\"say \"\"hi\"\"\"");
    expect_written("line\nbreak", "\"line\nbreak\"");
    expect_written("cr\rhere", "\"cr\rhere\"");
}

static void test_write_field_formula_injection(void **state)
{
    (void)state;
    expect_written("=SUM(A1:A2)", "'=SUM(A1:A2)");
    expect_written("+8613812341234", "'+8613812341234");
    expect_written("-1", "'-1");
    expect_written("@cmd", "'@cmd");
    expect_written("\tx", "'\tx");
    expect_written("=HYPERLINK(\"x\",\"y\")", "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
    expect_written("a=b", "a=b"); /* only a leading character matters */
}

/* Issue 11 A: an export never carries ESC (a terminal showing the file would obey it) nor any
 * other character XML 1.0 forbids: each becomes U+FFFD. */
static void test_write_field_replaces_controls(void **state)
{
    (void)state;
    expect_written("\x1B[31m红\x1B[0m", "\xEF\xBF\xBD[31m红\xEF\xBF\xBD[0m");
    expect_written("a\x01" "b", "a\xEF\xBF\xBD" "b");
    expect_written("x\xEF\xBF\xBEy", "x\xEF\xBF\xBDy"); /* U+FFFE */
    expect_written("x\xEF\xBF\xBFy", "x\xEF\xBF\xBDy"); /* U+FFFF */
    expect_written("x\xFFy", "x\xEF\xBF\xBDy");          /* not UTF-8 */
    expect_written("=\x1B", "'=\xEF\xBF\xBD");            /* still guarded against formulas */
    expect_written("a,\x1B", "\"a,\xEF\xBF\xBD\"");
    char *got = write_field("\x1B\x07\x08\x0B\x0C\x1F");
    assert_null(strchr(got, 0x1B));
    assert_int_equal(strlen(got), 18);
    free(got);
}

static void test_write_row_round_trip(void **state)
{
    (void)state;
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    const char *row1[] = {"姓名", "备注"};
    const char *row2[] = {"李四", "a,\"b\"\nc"};
    csv_write_row(f, row1, 2);
    csv_write_row(f, row2, 2);
    fclose(f);
    assert_string_equal(out, "姓名,备注\r\n李四,\"a,\"\"b\"\"\nc\"\r\n");

    csv_reader *r = csv_open(out, len);
    expect_row(r, 1, 2, row1);
    expect_row(r, 2, 2, row2);
    expect_end(r);
    csv_close(r);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_crlf_and_trailing_newline),
        cmocka_unit_test(test_lf_and_no_final_newline),
        cmocka_unit_test(test_lone_cr_separates_rows),
        cmocka_unit_test(test_quoted_fields),
        cmocka_unit_test(test_empty_fields_and_lines),
        cmocka_unit_test(test_empty_buffer),
        cmocka_unit_test(test_whitespace_and_bare_quote_kept),
        cmocka_unit_test(test_length_limits_buffer_not_string),
        cmocka_unit_test(test_unterminated_quote_reports_opening_line),
        cmocka_unit_test(test_text_after_closing_quote_is_malformed),
        cmocka_unit_test(test_nul_byte_is_malformed),
        cmocka_unit_test(test_field_count_limit),
        cmocka_unit_test(test_field_size_limit),
        cmocka_unit_test(test_many_rows_reuse_buffer),
        cmocka_unit_test(test_write_field_quoting),
        cmocka_unit_test(test_write_field_formula_injection),
        cmocka_unit_test(test_write_field_replaces_controls),
        cmocka_unit_test(test_write_row_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
