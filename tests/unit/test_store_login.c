/* Failed logins and lockouts on a real SQLite file (store/users.c): failures are forgotten after
 * a day, a lock is not (only an administrator's unlock or a new password lifts it), a lock holds
 * for one address only, and lifting it forgets the account's failures and locks, nobody else's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/users.h"
#include "store_fixture.h"

static db *d;
static const int64_t t0 = 1790000000; /* 2026-09-21 */

static int setup(void **state)
{
    (void)state;
    d = fixture_open("login-test");
    return d ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fixture_close(d);
    return 0;
}

static void test_failures_are_forgotten_after_a_day(void **state)
{
    (void)state;
    for (int i = 0; i < 4; i++)
        login_failure_add(d, "a:wang|10.0.0.1", t0 + i);
    assert_int_equal(login_failures(d, "a:wang|10.0.0.1", t0 - 1), 4);
    assert_int_equal(login_failures(d, "a:wang|10.0.0.1", t0 + 2), 2);
    /* The next failure a day and more later prunes the old ones. */
    login_failure_add(d, "ip:10.0.0.9", t0 + 86400 + 10);
    assert_int_equal(login_failures(d, "a:wang|10.0.0.1", 0), 0);
    assert_int_equal(login_failures(d, "ip:10.0.0.9", 0), 1);
}

static void test_a_lock_outlives_the_day_until_lifted(void **state)
{
    (void)state;
    dj_err err;
    assert_false(login_locked(d, "li", "10.0.0.2"));
    login_lock(d, "li", "10.0.0.2", t0);
    login_lock(d, "li", "10.0.0.2", t0 + 5); /* locking twice keeps one lock */
    assert_int_equal(login_failures(d, "L:li|10.0.0.2", 0), 1);
    login_lock(d, "lin", "10.0.0.2", t0); /* a name that li is the start of */
    /* A week of other failures later, every old failure is pruned; the locks are not. */
    login_failure_add(d, "u:zhao", t0 + 7 * 86400);
    assert_true(login_locked(d, "li", "10.0.0.2"));
    assert_false(login_locked(d, "li", "10.0.0.3")); /* another address is not locked */
    /* Lifting li's lock forgets li's failures and locks, and leave lin's and others' alone. */
    login_failure_add(d, "u:li", t0 + 7 * 86400);
    login_failure_add(d, "a:li|10.0.0.2", t0 + 7 * 86400);
    assert_true(login_failures_clear_account(d, "li", &err));
    assert_false(login_locked(d, "li", "10.0.0.2"));
    assert_int_equal(login_failures(d, "u:li", 0), 0);
    assert_int_equal(login_failures(d, "a:li|10.0.0.2", 0), 0);
    assert_true(login_locked(d, "lin", "10.0.0.2"));
    assert_int_equal(login_failures(d, "u:zhao", 0), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_failures_are_forgotten_after_a_day),
        cmocka_unit_test(test_a_lock_outlives_the_day_until_lifted),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
