/* test_tasks.c: domain/tasks — yearly key tasks (DOMAIN.md §7, seed 002: 项目化管理 +
 * 清单化推进 + 责任化落实): statuses, the year and deadline, milestones within the deadline,
 * progress computed from the milestones (or reported), done only with every milestone done,
 * overdue at the deadline's boundary. Every rule at its boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/tasks.h"

static dj_date D(const char *s)
{
    dj_date d = 0;
    assert_true(date_parse(s, &d));
    return d;
}

static void test_statuses(void **state)
{
    (void)state;
    task_status s = TASK_PLANNED;
    assert_true(task_status_parse("ongoing", &s));
    assert_int_equal(s, TASK_ONGOING);
    assert_true(task_status_parse("已完成", &s));
    assert_int_equal(s, TASK_DONE);
    assert_true(task_status_parse("suspended", &s));
    assert_int_equal(s, TASK_SUSPENDED);
    assert_false(task_status_parse("finished", &s));
    assert_false(task_status_parse(NULL, &s));
    assert_int_equal(s, TASK_SUSPENDED);
}

static void test_year_and_deadline(void **state)
{
    (void)state;
    dj_err e;
    assert_true(task_year_check(2000, &e));
    assert_true(task_year_check(2100, &e));
    assert_false(task_year_check(1999, &e));
    assert_string_equal(e.field, "year");
    assert_false(task_year_check(2101, &e));
    assert_true(task_deadline_check(2026, D("2026-01-01"), &e));
    assert_true(task_deadline_check(2026, D("2027-12-31"), &e));
    assert_false(task_deadline_check(2026, D("2025-12-31"), &e));
    assert_string_equal(e.field, "deadline");
    assert_false(task_deadline_check(2026, D("2028-01-01"), &e));
}

static void test_milestones(void **state)
{
    (void)state;
    dj_err e;
    dj_date deadline = D("2026-06-30"), today = D("2026-05-01");
    assert_true(task_milestone_check(deadline, D("2026-06-30"), false, 0, today, &e));
    assert_false(task_milestone_check(deadline, D("2026-07-01"), false, 0, today, &e));
    assert_string_equal(e.field, "milestones");
    assert_true(task_milestone_check(deadline, D("2026-03-01"), true, D("2026-05-01"), today, &e));
    assert_false(task_milestone_check(deadline, D("2026-03-01"), true, D("2026-05-02"), today, &e));
}

static void test_progress(void **state)
{
    (void)state;
    /* Computed from the milestones, rounded down: 100 only when all are done. */
    assert_int_equal(task_progress(3, 0, 80, TASK_ONGOING), 0);
    assert_int_equal(task_progress(3, 1, 80, TASK_ONGOING), 33);
    assert_int_equal(task_progress(3, 2, 0, TASK_ONGOING), 66);
    assert_int_equal(task_progress(3, 3, 0, TASK_ONGOING), 100);
    assert_int_equal(task_progress(200, 199, 0, TASK_ONGOING), 99);
    assert_int_equal(task_progress(3, 5, 0, TASK_ONGOING), 100); /* clamped */
    /* Without milestones: as reported, clamped. */
    assert_int_equal(task_progress(0, 0, 45, TASK_ONGOING), 45);
    assert_int_equal(task_progress(0, 0, -3, TASK_PLANNED), 0);
    assert_int_equal(task_progress(0, 0, 130, TASK_ONGOING), 100);
    /* Done is 100. */
    assert_int_equal(task_progress(0, 0, 10, TASK_DONE), 100);
    dj_err e;
    assert_true(task_progress_check(0, &e));
    assert_true(task_progress_check(100, &e));
    assert_false(task_progress_check(-1, &e));
    assert_string_equal(e.field, "progress");
    assert_false(task_progress_check(101, &e));
}

static void test_done(void **state)
{
    (void)state;
    dj_err e;
    assert_true(task_done_check(0, 0, &e));
    assert_true(task_done_check(3, 3, &e));
    assert_false(task_done_check(3, 2, &e));
    assert_string_equal(e.field, "status");
    assert_non_null(strstr(e.message, "1 个节点"));
}

static void test_overdue(void **state)
{
    (void)state;
    dj_date deadline = D("2026-06-30");
    assert_false(task_overdue(TASK_ONGOING, deadline, D("2026-06-30"))); /* the deadline itself is on time */
    assert_true(task_overdue(TASK_ONGOING, deadline, D("2026-07-01")));
    assert_true(task_overdue(TASK_PLANNED, deadline, D("2026-07-01")));
    assert_false(task_overdue(TASK_DONE, deadline, D("2026-07-01")));
    assert_false(task_overdue(TASK_SUSPENDED, deadline, D("2026-07-01")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statuses), cmocka_unit_test(test_year_and_deadline), cmocka_unit_test(test_milestones),
        cmocka_unit_test(test_progress), cmocka_unit_test(test_done),              cmocka_unit_test(test_overdue),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
