/* org_rules.h: party organisations (DOMAIN.md §1): their types, which may contain which, terms
 * of office, and the warnings shown on an organisation's page (docs/API.md §Organisations). */
#ifndef DJ_ORG_RULES_H
#define DJ_ORG_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"

/* The order matches dj_org_types (domain/enums.h). */
typedef enum {
    ORG_COMMITTEE,      /* 党委 (基层党委) */
    ORG_GENERAL_BRANCH, /* 党总支 */
    ORG_BRANCH,         /* 党支部 */
    ORG_JOINT_BRANCH,   /* 联合党支部 */
    ORG_GROUP,          /* 党小组 */
} org_type;

#define ORG_TYPE_COUNT 5

/* Wire name ("committee", "general_branch", "branch", "joint_branch", "group"); NULL for a value
 * outside the enum. */
const char *org_type_name(org_type t);

/* Chinese label (党委, 党总支, 党支部, 联合党支部, 党小组); NULL for a value outside the enum. */
const char *org_type_label(org_type t);

/* Parses a wire name or a Chinese label into *out. Returns false, leaving *out untouched, for
 * NULL or anything else. */
bool org_type_parse(const char *s, org_type *out);

/* Whether an organisation of type child may sit directly under one of type parent:
 * a committee may hold committees (a primary committee under a higher one), general branches,
 * branches and joint branches; a general branch may hold branches and joint branches; a branch
 * or joint branch may hold only groups; a group holds nothing. So a group is only ever inside a
 * branch, and nothing sits under an organisation of a lower level. False for values outside
 * the enum. */
bool org_child_allowed(org_type parent, org_type child);

/* Whether an existing organisation may take type new_type given the types of its live children
 * (child_types[0..n)): each must be allowed under new_type by org_child_allowed(), the same
 * table that governs the parent. So a general branch holding branches cannot become a branch.
 * On a fault fills err with code "validation", field "type" and a Chinese message naming the
 * child type, and returns false. child_types may be NULL when n is 0; err may be NULL. */
bool org_type_fits_children(org_type new_type, const org_type *child_types, size_t n, dj_err *err);

/* Usual term of office in years (中办《关于党的基层组织任期的意见》2018): 5 for a committee, 3 for a
 * general branch, branch or joint branch, 0 for a group (no elected term). */
int org_term_years(org_type t);

/* When a term of office of an organisation of type t that began on start is due to end (换届):
 * start plus org_term_years(t) years, counted by date_add_years (a term begun on 29 February
 * ends on 1 March of a common year, the same convention as age and probation). Returns false,
 * leaving *end untouched, for a group (no elected term) or a value outside the enum. */
bool org_term_end(org_type t, dj_date start, dj_date *end);

/* The positions of a committee member (班子成员职务), as the organisation form offers them:
 * 书记, 副书记, 组织委员, 宣传委员, 纪检委员, 青年委员, 统战委员, 委员, 组长 (党小组组长). A NULL-terminated
 * list. */
extern const char *const org_committee_positions[];

/* Whether position is exactly one of org_committee_positions. False for NULL. */
bool org_committee_position_valid(const char *position);

#define ORG_SECRETARY "书记"

/* One member of an organisation's committee (org_committee) as received, already trimmed. */
typedef struct org_committee_entry {
    const char *name;       /* required unless member_id is set (the caller then fills it) */
    const char *position;   /* one of org_committee_positions */
    int64_t member_id;      /* the member on file, or 0 */
    const char *term_start; /* YYYY-MM-DD, or NULL/"" */
    const char *term_end;   /* YYYY-MM-DD, or NULL/"" */
} org_committee_entry;

/* Checks a committee of n entries, entry by entry, and stops at the first fault:
 *   name        present (not only white space) unless member_id is set
 *   position    one of org_committee_positions
 *   term_start, term_end  YYYY-MM-DD when given; term_end not before term_start
 *   and across entries: at most one 书记 (DOMAIN.md §1: a branch has a 书记; the committee of a
 *   党委 or 党总支 likewise one), and no member (member_id) listed twice.
 * On a fault fills err with code "validation", field "committee" and a Chinese message naming
 * the entry (第N位班子成员, counting from 1), and returns false. c may be NULL when n is 0; err
 * may be NULL. */
bool org_committee_validate(const org_committee_entry *c, size_t n, dj_err *err);

/* Checks the departments (科室) an organisation covers ("支部建在科室", DOMAIN.md §1), already
 * trimmed: none empty or only white space, none listed twice. On a fault fills err with code
 * "validation", field "departments" and a Chinese message, and returns false. deps may be NULL
 * when n is 0; err may be NULL. */
bool org_departments_validate(const char *const *deps, size_t n, dj_err *err);

/* What the warnings are computed from. */
typedef struct {
    org_type type;
    int full_count;      /* full (正式) members */
    int member_count;    /* all members, full and probationary */
    int committee_count; /* members of its elected committee (支部委员会), 0 if none */
    bool has_term_end;
    dj_date term_end;    /* used only if has_term_end */
} org_facts;

typedef struct {
    const char *code;     /* see org_warnings() */
    const char *severity; /* "warning" or "danger" */
    char message[160];    /* Chinese, with the numbers */
} org_warning;

#define ORG_WARNINGS_MAX 5
#define ORG_TERM_WARN_DAYS 90

/* Fills out[0..max) with the warnings that apply to f as of today, in this order, and returns
 * how many were written (never more than max; 0 if f or out is NULL or max <= 0):
 *   too_few_full_members  danger   branch or joint branch with fewer than 3 full members
 *   committee_required    warning  branch or joint branch with 7 or more full members and a
 *                                  committee of fewer than 3
 *   too_many_members      warning  branch or joint branch with more than 50 members
 *   term_ending           warning  term ends today or within the next 90 days
 *   term_overdue          danger   term ended before today
 * At most ORG_WARNINGS_MAX can apply at once. */
int org_warnings(const org_facts *f, dj_date today, org_warning *out, int max);

#endif
