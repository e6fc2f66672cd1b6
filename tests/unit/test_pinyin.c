/* test_pinyin: names in pinyin order (core/pinyin.h; issue: lists sort names as rosters do). */
#include "core/pinyin.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const char *a, const char *b) { return pinyin_compare(a, strlen(a), b, strlen(b)); }

static int qcmp(const void *a, const void *b) { return cmp(*(const char *const *)a, *(const char *const *)b); }

static void test_surnames_in_pinyin_order(void **state)
{
    (void)state;
    assert_true(cmp("李", "王") < 0);  /* lǐ < wáng */
    assert_true(cmp("王", "张") < 0);  /* wáng < zhāng */
    assert_true(cmp("李", "张") < 0);
    assert_true(cmp("安", "白") < 0);  /* ān < bái */
    assert_true(cmp("白", "陈") < 0);  /* bái < chén */
    assert_true(cmp("赵", "周") < 0);  /* zhào < zhōu */
    /* By code point 张 (U+5F20) comes before 李 (U+674E): the order is not the code points'. */
    assert_true(strcmp("张", "李") < 0);
    assert_true(cmp("张", "李") > 0);
}

static void test_whole_names(void **state)
{
    (void)state;
    assert_true(cmp("张三", "张伟") < 0); /* sān < wěi */
    assert_true(cmp("张", "张三") < 0);   /* a prefix first */
    assert_int_equal(cmp("刘洋", "刘洋"), 0);
    const char *names[] = {"周杰", "王芳", "李娜", "张伟", "陈静", "刘洋", "赵磊", "黄敏"};
    const char *want[] = {"陈静", "黄敏", "李娜", "刘洋", "王芳", "张伟", "赵磊", "周杰"};
    qsort(names, 8, sizeof names[0], qcmp);
    for (int i = 0; i < 8; i++)
        assert_string_equal(names[i], want[i]);
}

/* The surnames tests/http/members.test.mjs checks the member list against are in this order. */
static void test_surname_list_of_the_http_test(void **state)
{
    (void)state;
    static const char *const s[] = {"安", "白", "蔡", "曹", "陈", "邓", "丁", "杜", "范", "方", "冯", "高", "郭", "韩", "何",
                                    "胡", "黄", "江", "金", "李", "梁", "林", "刘", "卢", "马", "潘", "彭", "钱", "秦", "任",
                                    "沈", "石", "宋", "苏", "孙", "唐", "田", "王", "魏", "吴", "夏", "肖", "谢", "徐", "杨",
                                    "叶", "于", "袁", "张", "赵", "郑", "周", "朱"};
    for (size_t i = 1; i < sizeof s / sizeof s[0]; i++)
        if (cmp(s[i - 1], s[i]) >= 0)
            fail_msg("%s before %s", s[i - 1], s[i]);
}

static void test_other_text(void **state)
{
    (void)state;
    assert_true(cmp("A科", "李") < 0);   /* Latin and digits before hanzi */
    assert_true(cmp("1号楼", "A") < 0);
    assert_true(cmp("Abc", "Abd") < 0);
    assert_true(cmp("", "李") < 0);
    assert_int_equal(cmp("", ""), 0);
    /* A broken byte does not crash and orders consistently. */
    const char bad[] = {'\xE6', 0};
    assert_true(cmp(bad, "李") != 0);
    assert_true((cmp(bad, "李") < 0) == (cmp("李", bad) > 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_surnames_in_pinyin_order),
        cmocka_unit_test(test_whole_names),
        cmocka_unit_test(test_other_text),
        cmocka_unit_test(test_surname_list_of_the_http_test),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
