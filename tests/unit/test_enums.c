/* test_enums.c: domain/enums — wire names and Chinese labels (docs/API.md GET /meta, the
 * org types of DOMAIN.md §1, member categories of DOMAIN.md §4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/enums.h"

static void expect_table(const dj_enum *t, const char *const *names, const char *const *labels,
                         size_t n)
{
    assert_int_equal(dj_enum_count(t), n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(t[i].name, names[i]);
        assert_string_equal(t[i].label, labels[i]);
        assert_ptr_equal(dj_enum_find(t, names[i]), &t[i]);
        assert_ptr_equal(dj_enum_find(t, labels[i]), &t[i]);
        assert_int_equal(dj_enum_index(t, labels[i]), (int)i);
    }
    assert_null(t[n].name);
    assert_null(t[n].label);
}

static void test_roles(void **state)
{
    (void)state;
    static const char *names[] = {"admin", "org_admin", "committee", "secretary", "instructor",
                                  "reviewer", "member"};
    static const char *labels[] = {"系统管理员", "组织管理员", "院党委", "支部书记", "党建指导员",
                                   "审核员", "党员"};
    expect_table(dj_roles, names, labels, 7);
}

static void test_org_types(void **state)
{
    (void)state;
    /* DOMAIN.md §1 */
    static const char *names[] = {"committee", "general_branch", "branch", "joint_branch", "group"};
    static const char *labels[] = {"党委", "党总支", "党支部", "联合党支部", "党小组"};
    expect_table(dj_org_types, names, labels, 5);
}

static void test_institution_kinds_and_ownership(void **state)
{
    (void)state;
    /* DOMAIN.md §7: register every medical institution, public and private. */
    static const char *names[] = {"hospital", "tcm_hospital", "maternal_child",
                                  "community_health_center", "township_health_center", "clinic",
                                  "disease_control", "other"};
    static const char *labels[] = {"医院", "中医医院", "妇幼保健院", "社区卫生服务中心", "乡镇卫生院",
                                   "诊所/门诊部", "疾控机构", "其他"};
    expect_table(dj_institution_kinds, names, labels, 8);
    static const char *on[] = {"public", "private"};
    static const char *ol[] = {"公立", "民营"};
    expect_table(dj_ownerships, on, ol, 2);
}

static void test_member_enums(void **state)
{
    (void)state;
    static const char *gn[] = {"male", "female"}, *gl[] = {"男", "女"};
    expect_table(dj_genders, gn, gl, 2);
    /* DOMAIN.md §4: probationary (预备) and full (正式) members. */
    static const char *cn[] = {"full", "probationary"}, *cl[] = {"正式党员", "预备党员"};
    expect_table(dj_member_categories, cn, cl, 2);
    static const char *sn[] = {"active", "mobile", "lost_contact", "transferred_out", "suspended",
                               "deceased"};
    static const char *sl[] = {"在册", "流动", "失联", "转出", "停止党籍", "去世"};
    expect_table(dj_member_statuses, sn, sl, 6);
    static const char *ed[] = {"研究生", "本科", "大专", "中专", "高中", "初中及以下"};
    expect_table(dj_educations, ed, ed, 6);
}

static void test_find_misses(void **state)
{
    (void)state;
    assert_null(dj_enum_find(dj_roles, "Admin"));   /* case-sensitive */
    assert_null(dj_enum_find(dj_roles, " admin"));  /* no trimming */
    assert_null(dj_enum_find(dj_roles, "adm"));     /* no prefixes */
    assert_null(dj_enum_find(dj_roles, ""));
    assert_null(dj_enum_find(dj_roles, NULL));
    assert_null(dj_enum_find(NULL, "admin"));
    assert_int_equal(dj_enum_index(dj_roles, "nobody"), -1);
    assert_int_equal(dj_enum_count(NULL), 0);
}

static void test_label_and_name_conversion(void **state)
{
    (void)state;
    assert_string_equal(dj_enum_label(dj_member_statuses, "lost_contact"), "失联");
    assert_string_equal(dj_enum_label(dj_member_statuses, "失联"), "失联");
    assert_string_equal(dj_enum_name(dj_member_statuses, "停止党籍"), "suspended");
    assert_string_equal(dj_enum_name(dj_ownerships, "private"), "private");
    assert_null(dj_enum_label(dj_ownerships, "mixed"));
    assert_null(dj_enum_name(dj_ownerships, NULL));
    /* The same wire name can mean different things in different tables. */
    assert_string_equal(dj_enum_label(dj_roles, "committee"), "院党委");
    assert_string_equal(dj_enum_label(dj_org_types, "committee"), "党委");
}

static void test_names_and_labels_unique(void **state)
{
    (void)state;
    const dj_enum *tables[] = {dj_roles, dj_org_types, dj_institution_kinds, dj_ownerships,
                               dj_genders, dj_member_categories, dj_member_statuses, dj_educations};
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        const dj_enum *e = tables[t];
        for (size_t i = 0; e[i].name; i++) {
            for (size_t j = i + 1; e[j].name; j++) {
                assert_string_not_equal(e[i].name, e[j].name);
                assert_string_not_equal(e[i].label, e[j].label);
                /* A name must never equal another entry's label, or lookups would be ambiguous. */
                assert_string_not_equal(e[i].name, e[j].label);
                assert_string_not_equal(e[i].label, e[j].name);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_org_types),
        cmocka_unit_test(test_institution_kinds_and_ownership),
        cmocka_unit_test(test_member_enums),
        cmocka_unit_test(test_find_misses),
        cmocka_unit_test(test_label_and_name_conversion),
        cmocka_unit_test(test_names_and_labels_unique),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
