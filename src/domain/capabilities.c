/* capabilities.c: the role → capability table (docs/API.md §Roles). */
#include "domain/capabilities.h"

#include "domain/enums.h"

#include <string.h>

/* Bits of the roles, in the order of dj_roles. */
enum {
    R_ADMIN = 1 << 0,
    R_ORG_ADMIN = 1 << 1,
    R_COMMITTEE = 1 << 2,
    R_SECRETARY = 1 << 3,
    R_INSTRUCTOR = 1 << 4,
    R_REVIEWER = 1 << 5,
    R_MEMBER = 1 << 6,
    R_STAFF = R_ADMIN | R_ORG_ADMIN | R_COMMITTEE | R_SECRETARY | R_INSTRUCTOR | R_REVIEWER,
    R_ORG_WRITERS = R_ADMIN | R_ORG_ADMIN | R_COMMITTEE,
    R_BRANCH_WRITERS = R_ORG_WRITERS | R_SECRETARY,
};

static const struct {
    const char *cap;
    unsigned roles;
} table[] = {
    {CAP_ORGS_READ, R_STAFF},
    {CAP_ORGS_WRITE, R_ORG_WRITERS},
    {CAP_INSTITUTIONS_READ, R_STAFF},
    {CAP_INSTITUTIONS_WRITE, R_ORG_WRITERS},
    {CAP_COVERAGE_OVERSEE, R_ADMIN | R_ORG_ADMIN | R_REVIEWER},
    {CAP_COVERAGE_WRITE, R_ADMIN | R_ORG_ADMIN},
    {CAP_MEMBERS_READ, R_STAFF},
    {CAP_MEMBERS_WRITE, R_BRANCH_WRITERS},
    {CAP_MEMBERS_PERSONAL, R_BRANCH_WRITERS},
    {CAP_USERS_MANAGE, R_ADMIN | R_ORG_ADMIN},
    {CAP_AUDIT_READ, R_ADMIN | R_ORG_ADMIN},
    {CAP_DASHBOARD_READ, R_STAFF},
    {CAP_MEETINGS_READ, R_STAFF},
    {CAP_MEETINGS_WRITE, R_BRANCH_WRITERS},
    {CAP_DUES_READ, R_STAFF},
    {CAP_DUES_WRITE, R_BRANCH_WRITERS},
    {CAP_SETTINGS_MANAGE, R_ADMIN},
    {CAP_DEVELOPMENT_READ, R_STAFF},
    {CAP_DEVELOPMENT_WRITE, R_BRANCH_WRITERS},
    {CAP_DEVELOPMENT_OVERRIDE, R_ORG_WRITERS},
    {CAP_SCOPE_ALL, R_ADMIN},
    {CAP_SCOPE_SELF, R_MEMBER},
    {CAP_PAIRINGS_READ, R_ADMIN | R_ORG_ADMIN | R_REVIEWER | R_INSTRUCTOR},
    {CAP_PAIRINGS_MANAGE, R_ADMIN | R_ORG_ADMIN},
    {CAP_PAIRINGS_VISIT, R_ADMIN | R_ORG_ADMIN | R_INSTRUCTOR},
    {CAP_SCOPE_PAIRED, R_INSTRUCTOR},
    {CAP_INSPECTION_READ, R_ADMIN | R_ORG_ADMIN | R_REVIEWER | R_INSTRUCTOR},
    {CAP_ALLIANCES_READ, R_STAFF},
    {CAP_ALLIANCES_WRITE, R_ORG_WRITERS},
    {CAP_NEEDS_READ, R_ADMIN | R_ORG_ADMIN | R_COMMITTEE | R_SECRETARY | R_REVIEWER},
    {CAP_NEEDS_HANDLE, R_BRANCH_WRITERS},
    {CAP_POSTS_READ, R_STAFF},
    {CAP_POSTS_WRITE, R_BRANCH_WRITERS},
    {CAP_SERVICE_READ, R_STAFF},
    {CAP_SERVICE_WRITE, R_BRANCH_WRITERS},
    {CAP_DECISIONS_READ, R_ADMIN | R_ORG_ADMIN | R_COMMITTEE | R_REVIEWER},
    {CAP_DECISIONS_WRITE, R_ORG_WRITERS},
    {CAP_TASKS_READ, R_ADMIN | R_ORG_ADMIN | R_COMMITTEE | R_SECRETARY | R_REVIEWER},
    {CAP_TASKS_WRITE, R_ORG_WRITERS},
};
enum { NCAPS = sizeof table / sizeof table[0] };

const char *const cap_all[] = {
    CAP_ORGS_READ, CAP_ORGS_WRITE, CAP_INSTITUTIONS_READ, CAP_INSTITUTIONS_WRITE, CAP_COVERAGE_OVERSEE,
    CAP_COVERAGE_WRITE, CAP_MEMBERS_READ, CAP_MEMBERS_WRITE, CAP_MEMBERS_PERSONAL, CAP_USERS_MANAGE,
    CAP_AUDIT_READ, CAP_DASHBOARD_READ, CAP_MEETINGS_READ, CAP_MEETINGS_WRITE, CAP_DUES_READ, CAP_DUES_WRITE,
    CAP_SETTINGS_MANAGE, CAP_DEVELOPMENT_READ, CAP_DEVELOPMENT_WRITE, CAP_DEVELOPMENT_OVERRIDE,
    CAP_PAIRINGS_READ, CAP_PAIRINGS_MANAGE, CAP_PAIRINGS_VISIT, CAP_SCOPE_PAIRED, CAP_INSPECTION_READ,
    CAP_SCOPE_ALL, CAP_SCOPE_SELF,
    CAP_ALLIANCES_READ, CAP_ALLIANCES_WRITE,
    CAP_NEEDS_READ, CAP_NEEDS_HANDLE,
    CAP_POSTS_READ, CAP_POSTS_WRITE, CAP_SERVICE_READ, CAP_SERVICE_WRITE,
    CAP_DECISIONS_READ, CAP_DECISIONS_WRITE, CAP_TASKS_READ, CAP_TASKS_WRITE,
    NULL,
};

static unsigned role_bit(const char *role)
{
    int i = role ? dj_enum_index(dj_roles, role) : -1;
    /* Only wire names: a Chinese label is no role. */
    if (i < 0 || strcmp(dj_roles[i].name, role) != 0)
        return 0;
    return 1u << i;
}

bool role_known(const char *role) { return role_bit(role) != 0; }

bool cap_known(const char *cap)
{
    for (size_t i = 0; cap && i < NCAPS; i++)
        if (strcmp(table[i].cap, cap) == 0)
            return true;
    return false;
}

bool role_can(const char *role, const char *cap)
{
    unsigned bit = role_bit(role);
    for (size_t i = 0; bit && cap && i < NCAPS; i++)
        if (strcmp(table[i].cap, cap) == 0)
            return (table[i].roles & bit) != 0;
    return false;
}

size_t role_capabilities(const char *role, const char **out, size_t max)
{
    unsigned bit = role_bit(role);
    size_t n = 0;
    for (size_t i = 0; bit && i < NCAPS && n < max; i++)
        if (table[i].roles & bit)
            out[n++] = table[i].cap;
    return n;
}
