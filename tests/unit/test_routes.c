/* test_routes: a route is registered only with a declared access (api/module.h); the API's own
 * modules all register. */
#include "api/module.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

static void handler(http_request *req, api_ctx *c)
{
    (void)req;
    (void)c;
}

static const api_route good[] = {
    {"GET", "/api/v1/things", handler, API_SIGNED_IN, 0, 0},
    {"POST", "/api/v1/things", handler, CAP_MEMBERS_WRITE, 0, 0},
    {"GET", "/api/v1/public/things", handler, API_PUBLIC, 0, 0},
    {NULL},
};
static const api_module good_module = {"good", good};

static void expect_refused(const api_route *routes, const char *why)
{
    const api_module m = {"bad", routes};
    const api_module *const mods[] = {&good_module, &m, NULL};
    dj_err err = {0};
    http_route *t = api_routes_build(mods, &err);
    assert_null(t);
    if (!strstr(err.message, why))
        fail_msg("expected \"%s\" in \"%s\"", why, err.message);
    assert_non_null(strstr(err.message, "module bad"));
}

static void test_undeclared_access_refused(void **state)
{
    (void)state;
    const api_route none[] = {{"GET", "/api/v1/secret", handler, NULL, 0, 0}, {NULL}};
    expect_refused(none, "no declared access");
    const api_route empty[] = {{"GET", "/api/v1/secret", handler, "", 0, 0}, {NULL}};
    expect_refused(empty, "neither public, signed_in nor a known capability");
    const api_route typo[] = {{"GET", "/api/v1/secret", handler, "members.wirte", 0, 0}, {NULL}};
    expect_refused(typo, "neither public, signed_in nor a known capability");
    const api_route role[] = {{"GET", "/api/v1/secret", handler, "admin", 0, 0}, {NULL}};
    expect_refused(role, "neither public, signed_in nor a known capability");
}

static void test_incomplete_or_twice_refused(void **state)
{
    (void)state;
    const api_route nohandler[] = {{"GET", "/api/v1/x", NULL, API_SIGNED_IN, 0, 0}, {NULL}};
    expect_refused(nohandler, "no handler");
    const api_route nopattern[] = {{"GET", NULL, handler, API_SIGNED_IN, 0, 0}, {NULL}};
    expect_refused(nopattern, "no pattern");
    const api_route twice[] = {{"POST", "/api/v1/things", handler, CAP_MEMBERS_WRITE, 0, 0}, {NULL}};
    expect_refused(twice, "registered twice");
}

static void test_table_built(void **state)
{
    (void)state;
    const api_module *const mods[] = {&good_module, NULL};
    dj_err err = {0};
    http_route *t = api_routes_build(mods, &err);
    assert_non_null(t);
    assert_string_equal(t[1].method, "POST");
    assert_ptr_equal(t[1].data, &good[1]);
    assert_null(t[3].method);
    free(t);
}

/* Every route of the API declares a valid access, and every public one is meant to be. */
static void test_api_modules(void **state)
{
    (void)state;
    dj_err err = {0};
    http_route *t = api_routes_build(api_modules, &err);
    if (!t)
        fail_msg("%s", err.message);
    size_t n = 0, pub = 0;
    for (http_route *r = t; r->method; r++, n++) {
        const api_route *a = r->data;
        if (strcmp(a->access, API_PUBLIC) == 0) {
            pub++;
            assert_true(strcmp(r->pattern, "/healthz") == 0 || strcmp(r->pattern, "/api/v1/openapi.json") == 0 ||
                        (strcmp(r->pattern, "/api/v1/session") == 0 && strcmp(r->method, "POST") == 0) ||
                        strncmp(r->pattern, "/api/v1/public/", 15) == 0);
        }
    }
    assert_true(n >= 30);
    assert_true(pub >= 3);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_undeclared_access_refused),
        cmocka_unit_test(test_incomplete_or_twice_refused),
        cmocka_unit_test(test_table_built),
        cmocka_unit_test(test_api_modules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
