/* test_posts.c: domain/posts — pioneer posts and badges (DOMAIN.md §7, seed 002: 党员先锋岗, 亮牌上岗):
 * the members on duty (at most 50, none twice), the shape of a badge token (32 lowercase hex
 * digits and nothing else), and the badge's public view (exactly its whitelisted keys, never a
 * personal field of the file it is built from). Every rule at its boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "domain/posts.h"

static void test_members_on_duty(void **state)
{
    (void)state;
    int64_t ids[POST_MEMBERS_MAX + 1];
    for (int i = 0; i <= POST_MEMBERS_MAX; i++)
        ids[i] = i + 1;
    dj_err err;
    assert_true(post_members_check(ids, 0, &err));
    assert_true(post_members_check(ids, POST_MEMBERS_MAX, &err));
    assert_false(post_members_check(ids, POST_MEMBERS_MAX + 1, &err));
    assert_string_equal(err.field, "member_ids");
    int64_t twice[] = {3, 7, 3};
    assert_false(post_members_check(twice, 3, &err));
    assert_string_equal(err.code, "validation");
    int64_t zero[] = {1, 0};
    assert_false(post_members_check(zero, 2, &err));
    int64_t neg[] = {-4};
    assert_false(post_members_check(neg, 1, &err));
}

static void test_token_shape(void **state)
{
    (void)state;
    static const struct { const char *s; bool ok; } cases[] = {
        {"0123456789abcdef0123456789abcdef", true},
        {"ffffffffffffffffffffffffffffffff", true},
        {"0123456789abcdef0123456789abcde", false},   /* 31 */
        {"0123456789abcdef0123456789abcdef0", false}, /* 33 */
        {"0123456789ABCDEF0123456789abcdef", false},  /* upper case */
        {"0123456789abcdef0123456789abcdeg", false},
        {"../../../../../../etc/passwd00000", false},
        {"0123456789abcdef/123456789abcdef", false},
        {"0123456789abcdef%2e3456789abcdef", false},
        {"' OR 1=1 --                     ", false},
        {"", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(badge_token_valid(cases[i].s), cases[i].ok);
    assert_false(badge_token_valid(NULL));
    char longer[5000];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    assert_false(badge_token_valid(longer));
}

static void test_public_view_whitelist(void **state)
{
    (void)state;
    /* A whole member file and more: only the badge's keys come out. */
    json_t *src = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:s,s:[s,s],s:s,s:s,s:s}", "name", "王芳", "institution",
                            "锦州市中心医院", "department", "心血管内科", "title", "主任医师", "id_number",
                            "110101198506150011", "phone", "13800000000", "birth_date", "1985-06-15", "org_id", 18,
                            "org_path", "/17/18/", "posts", "党员先锋岗（门诊大厅）", "流动引导员示范岗", "identity",
                            "群众", "photo", "/api/v1/public/badges/x/photo", "token", "0123456789abcdef0123456789abcdef");
    json_t *v = badge_public_view(src);
    assert_int_equal(json_object_size(v), 7);
    size_t n = 0;
    for (const char *const *k = badge_public_keys; *k; k++, n++)
        assert_non_null(json_object_get(v, *k));
    assert_int_equal(n, 7);
    for (const char *const *k = (const char *const[]){"id_number", "phone", "birth_date", "org_id", "org_path", "token", NULL};
         *k; k++)
        assert_null(json_object_get(v, *k));
    assert_string_equal(json_string_value(json_object_get(v, "identity")), "共产党员"); /* never what src says */
    assert_int_equal(json_array_size(json_object_get(v, "posts")), 2);
    char *text = json_dumps(v, 0);
    assert_null(strstr(text, "1101011985"));
    assert_null(strstr(text, "13800000000"));
    assert_null(strstr(text, "1985-06-15"));
    free(text);
    json_decref(v);
    json_decref(src);
}

static void test_public_view_types(void **state)
{
    (void)state;
    /* Missing, empty and wrongly typed values become null; posts always an array of strings. */
    json_t *src = json_pack("{s:i,s:s,s:{},s:[i,s,n]}", "name", 5, "title", "", "department", "posts", 3, "院感科先锋岗");
    json_t *v = badge_public_view(src);
    assert_true(json_is_null(json_object_get(v, "name")));
    assert_true(json_is_null(json_object_get(v, "title")));
    assert_true(json_is_null(json_object_get(v, "institution")));
    assert_true(json_is_null(json_object_get(v, "photo")));
    assert_int_equal(json_array_size(json_object_get(v, "posts")), 1);
    json_decref(v);
    json_decref(src);
    v = badge_public_view(NULL);
    assert_int_equal(json_object_size(v), 7);
    assert_int_equal(json_array_size(json_object_get(v, "posts")), 0);
    json_decref(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_members_on_duty),
        cmocka_unit_test(test_token_shape),
        cmocka_unit_test(test_public_view_whitelist),
        cmocka_unit_test(test_public_view_types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
