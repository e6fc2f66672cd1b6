/* test_json.c: core/json. json_write_string writes every text column of the member list
 * (docs/API.md §Members): what it writes must parse back to the same string, whatever the
 * position of a character that needs escaping within the 8-byte blocks it scans. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/json.h"

static char *written(const char *s)
{
    buf b = {0};
    json_write_string(&b, s);
    return b.data;
}

static void expect(const char *in, const char *out)
{
    char *w = written(in);
    assert_string_equal(w, out);
    free(w);
}

static void test_plain_and_chinese_text_is_copied(void **state)
{
    (void)state;
    expect("", "\"\"");
    expect("a", "\"a\"");
    expect("王小明", "\"王小明\"");
    expect("中共某某区卫生健康委员会委员会", "\"中共某某区卫生健康委员会委员会\"");
    expect("0123456789abcdef", "\"0123456789abcdef\"");
}

static void test_quotes_backslashes_and_controls_are_escaped(void **state)
{
    (void)state;
    expect("\"", "\"\\\"\"");
    expect("\\", "\"\\\\\"");
    expect("a\nb\rc\td", "\"a\\nb\\rc\\td\"");
    expect("\x01\x1f", "\"\\u0001\\u001f\"");
    expect("' OR 1=1 --\"; DROP TABLE members;", "\"' OR 1=1 --\\\"; DROP TABLE members;\"");
    expect("\x7f", "\"\x7f\""); /* DEL is allowed unescaped in JSON */
}

/* Each special character at every offset 0..23 of a 24-byte string: crosses the block edges. */
static void test_escape_at_every_offset_round_trips(void **state)
{
    (void)state;
    const char specials[] = {'"', '\\', '\n', '\x02', ' '};
    for (size_t k = 0; k < sizeof specials; k++) {
        for (size_t len = 1; len <= 24; len++) {
            for (size_t at = 0; at < len; at++) {
                char in[32];
                memset(in, 'x', len);
                in[len] = '\0';
                in[at] = specials[k];
                char *w = written(in);
                json_error_t e;
                json_t *v = json_loads(w, JSON_DECODE_ANY, &e);
                assert_non_null(v);
                assert_string_equal(json_string_value(v), in);
                json_decref(v);
                free(w);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_chinese_text_is_copied),
        cmocka_unit_test(test_quotes_backslashes_and_controls_are_escaped),
        cmocka_unit_test(test_escape_at_every_offset_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
