/* test_http_target.c: http/request — the request-target checks that need no connection: a %00
 * (issue 11 B) and route matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "http/http.h"

/* Decoding %00 gives a NUL that cuts a C string short: "/members/1%00junk" would be read as
 * "/members/1". The raw target is checked before decoding. */
static void test_target_has_nul(void **state)
{
    (void)state;
    assert_true(http_target_has_nul("/api/v1/members/1%00junk"));
    assert_true(http_target_has_nul("/api/v1/members/1%00"));
    assert_true(http_target_has_nul("/api/v1/members?category=full%00x"));
    assert_true(http_target_has_nul("/api/v1/members?q=%00"));
    assert_true(http_target_has_nul("/api/v1/members?q%00=1"));
    assert_true(http_target_has_nul("/a?b=%%00"));
    assert_false(http_target_has_nul("/api/v1/members?q=%2500"));   /* the text "%00" */
    assert_false(http_target_has_nul("/api/v1/members?q=%E5%BC%A0")); /* 张 */
    assert_false(http_target_has_nul("/api/v1/members?q=%0"));
    assert_false(http_target_has_nul("/api/v1/members?q=%"));
    assert_false(http_target_has_nul("/api/v1/members?q=%01%10"));
    assert_false(http_target_has_nul("/"));
    assert_false(http_target_has_nul(""));
    assert_false(http_target_has_nul(NULL));
}

static void test_route_match(void **state)
{
    (void)state;
    arena a = {0};
    const char *params[HTTP_MAX_PARAMS];
    int n;
    assert_true(http_route_match("/api/v1/members/{id}", "/api/v1/members/12", &a, params, &n));
    assert_int_equal(n, 1);
    assert_string_equal(params[0], "12");
    assert_false(http_route_match("/api/v1/members/{id}", "/api/v1/members/", &a, params, &n));
    assert_false(http_route_match("/api/v1/members/{id}", "/api/v1/members/1/x", &a, params, &n));
    assert_true(http_route_match("/api/v1/members/{id}/transfer", "/api/v1/members/7/transfer", &a, params, &n));
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_target_has_nul),
        cmocka_unit_test(test_route_match),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
