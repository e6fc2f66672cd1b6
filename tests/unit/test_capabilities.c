/* test_capabilities: the role → capability table (domain/capabilities.c, docs/API.md §Roles). */
#include "domain/capabilities.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

static const char *const ROLES[] = {"admin", "org_admin", "committee", "secretary", "instructor", "reviewer", "member"};

/* Who may do what: one row per capability, one column per role in the order of ROLES. */
static const struct {
    const char *cap;
    const char *roles; /* 1 = holds */
} expected[] = {
    {CAP_ORGS_READ, "1111110"},          {CAP_ORGS_WRITE, "1110000"},
    {CAP_INSTITUTIONS_READ, "1111110"},  {CAP_INSTITUTIONS_WRITE, "1110000"},
    {CAP_COVERAGE_OVERSEE, "1100010"},   {CAP_COVERAGE_WRITE, "1100000"},
    {CAP_MEMBERS_READ, "1111110"},
    {CAP_MEMBERS_WRITE, "1111000"},      {CAP_MEMBERS_PERSONAL, "1111000"},
    {CAP_USERS_MANAGE, "1100000"},       {CAP_AUDIT_READ, "1100000"},
    {CAP_DASHBOARD_READ, "1111110"},     {CAP_MEETINGS_READ, "1111110"},
    {CAP_MEETINGS_WRITE, "1111000"},     {CAP_SETTINGS_MANAGE, "1000000"},
    {CAP_DUES_READ, "1111110"},          {CAP_DUES_WRITE, "1111000"},
    {CAP_SCOPE_ALL, "1000000"},          {CAP_SCOPE_SELF, "0000001"},
    {CAP_DEVELOPMENT_READ, "1111110"},
    {CAP_DEVELOPMENT_WRITE, "1111000"},
    {CAP_DEVELOPMENT_OVERRIDE, "1110000"},
    {CAP_PAIRINGS_READ, "1100110"},      {CAP_PAIRINGS_MANAGE, "1100000"},
    {CAP_PAIRINGS_VISIT, "1100100"},     {CAP_SCOPE_PAIRED, "0000100"},
    {CAP_INSPECTION_READ, "1100110"},
    {CAP_ALLIANCES_READ, "1111110"},     {CAP_ALLIANCES_WRITE, "1110000"},
    {CAP_NEEDS_READ, "1111010"},         {CAP_NEEDS_HANDLE, "1111000"},
    {CAP_POSTS_READ, "1111110"},         {CAP_POSTS_WRITE, "1111000"},
    {CAP_SERVICE_READ, "1111110"},       {CAP_SERVICE_WRITE, "1111000"},
    {CAP_DECISIONS_READ, "1110010"},    {CAP_DECISIONS_WRITE, "1110000"},
    {CAP_TASKS_READ, "1111010"},        {CAP_TASKS_WRITE, "1110000"},
};

static void test_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        assert_true(cap_known(expected[i].cap));
        for (size_t r = 0; r < 7; r++) {
            if (role_can(ROLES[r], expected[i].cap) != (expected[i].roles[r] == '1'))
                fail_msg("%s %s: expected %c", ROLES[r], expected[i].cap, expected[i].roles[r]);
        }
    }
    /* Every capability of the table is in the expectations above. */
    size_t n = 0;
    for (const char *const *c = cap_all; *c; c++)
        n++;
    assert_int_equal(n, sizeof expected / sizeof expected[0]);
}

static void test_unknown_refused(void **state)
{
    (void)state;
    assert_false(role_can("root", CAP_ORGS_READ));
    assert_false(role_can(NULL, CAP_ORGS_READ));
    assert_false(role_can("系统管理员", CAP_ORGS_READ)); /* a label is no role */
    assert_false(role_can("admin", "orgs.delete_everything"));
    assert_false(role_can("admin", NULL));
    assert_false(cap_known("signed_in"));
    assert_false(cap_known(NULL));
    assert_true(role_known("member"));
    assert_false(role_known("Admin"));
}

static void test_list_of_a_role(void **state)
{
    (void)state;
    const char *caps[32];
    assert_int_equal(role_capabilities("member", caps, 32), 1);
    assert_string_equal(caps[0], CAP_SCOPE_SELF);
    size_t n = role_capabilities("secretary", caps, 32);
    for (size_t i = 0; i < n; i++)
        assert_true(role_can("secretary", caps[i]));
    assert_int_equal(role_capabilities("nobody", caps, 32), 0);
    assert_int_equal(role_capabilities("admin", caps, 2), 2); /* bounded by max */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_unknown_refused),
        cmocka_unit_test(test_list_of_a_role),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
