/* capabilities.h: what each role may do, as one table. A route declares the capability it needs
 * (api/module.h); the API and the web UI (through GET /api/v1/me) ask this table and nothing else:
 * no role name is compared anywhere else. Which subtree a caller reaches (its scope) is a separate
 * check, made by each module against the object's organisation. */
#ifndef DJ_CAPABILITIES_H
#define DJ_CAPABILITIES_H

#include <stdbool.h>
#include <stddef.h>

/* Capability names: "<area>.<verb>". */
#define CAP_ORGS_READ "orgs.read"
#define CAP_ORGS_WRITE "orgs.write"
#define CAP_INSTITUTIONS_READ "institutions.read"
#define CAP_INSTITUTIONS_WRITE "institutions.write"
#define CAP_COVERAGE_OVERSEE "coverage.oversee" /* sees institutions no organisation covers yet */
#define CAP_COVERAGE_WRITE "coverage.write" /* survey counts, survey rounds, joint branches set up */
#define CAP_MEMBERS_READ "members.read"
#define CAP_MEMBERS_WRITE "members.write"
#define CAP_MEMBERS_PERSONAL "members.personal" /* ID and phone numbers unmasked, in scope */
#define CAP_USERS_MANAGE "users.manage"
#define CAP_AUDIT_READ "audit.read"
#define CAP_DASHBOARD_READ "dashboard.read"
#define CAP_MEETINGS_READ "meetings.read"
#define CAP_MEETINGS_WRITE "meetings.write"
#define CAP_DUES_READ "dues.read"
#define CAP_DUES_WRITE "dues.write"
#define CAP_SETTINGS_MANAGE "settings.manage"
#define CAP_DEVELOPMENT_READ "development.read"
#define CAP_DEVELOPMENT_WRITE "development.write"
#define CAP_DEVELOPMENT_OVERRIDE "development.override" /* records a development step that breaks a time rule, with a reason */
#define CAP_SCOPE_ALL "scope.all" /* the whole tree, whatever the account's organisation */
#define CAP_SCOPE_SELF "scope.self" /* only the account's own member file */
#define CAP_PAIRINGS_READ "pairings.read"         /* the 201 project: pairings, visits, progress */
#define CAP_PAIRINGS_MANAGE "pairings.manage"     /* pairs instructors with institutions */
#define CAP_PAIRINGS_VISIT "pairings.visit"       /* records visits and milestones */
#define CAP_SCOPE_PAIRED "scope.paired"           /* only one's own pairings and their institutions */
#define CAP_INSPECTION_READ "inspection.read"     /* an institution's inspection report */
#define CAP_ALLIANCES_READ "alliances.read"       /* 红联共建: alliances, activities, resources, referrals, reports */
#define CAP_ALLIANCES_WRITE "alliances.write"     /* records them (the lead organisation in scope) */
#define CAP_NEEDS_READ "needs.read"     /* the public's needs (需求"码"上提): list, detail, statistics, posters */
#define CAP_NEEDS_HANDLE "needs.handle" /* triages, assigns, replies to and closes needs; new poster tokens */
#define CAP_POSTS_READ "posts.read"               /* pioneer posts (党员先锋岗) */
#define CAP_POSTS_WRITE "posts.write"
#define CAP_SERVICE_READ "service.read"           /* volunteer service and free clinics (义诊) */
#define CAP_SERVICE_WRITE "service.write"
#define CAP_DECISIONS_READ "decisions.read"       /* 三重一大: the committees' records, the bureau's oversight */
#define CAP_DECISIONS_WRITE "decisions.write"     /* records 三重一大 items and their report upward */
#define CAP_TASKS_READ "tasks.read"               /* key tasks and the ledger (工作推进台账) */
#define CAP_TASKS_WRITE "tasks.write"             /* key tasks, milestones, progress */

/* Whether role is one of the roles of dj_roles. */
bool role_known(const char *role);

/* Whether cap names a capability of the table. */
bool cap_known(const char *cap);

/* Whether role holds cap (false for an unknown role or capability). */
bool role_can(const char *role, const char *cap);

/* The capabilities role holds, in the table's order: fills out (up to max) and returns the
 * count. */
size_t role_capabilities(const char *role, const char **out, size_t max);

/* Every capability of the table, NULL-terminated (for tests and documentation). */
extern const char *const cap_all[];

#endif
