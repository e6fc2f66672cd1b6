/* org_rules.c: organisation types, nesting, terms and warnings (DOMAIN.md §1). */
#include "domain/org_rules.h"

#include <stdarg.h>
#include <stdio.h>

#include "domain/enums.h"

#define BRANCH_MIN_FULL 3       /* 党支部: 3 or more full members */
#define BRANCH_COMMITTEE_FULL 7 /* 7 or more full members: a 支部委员会 */
#define BRANCH_COMMITTEE_MIN 3  /* ... of 3 to 5 (at most 7) */
#define BRANCH_MAX_MEMBERS 50   /* 党支部工作条例 art. 4 */

static bool valid_type(org_type t)
{
    return (int)t >= 0 && (int)t < ORG_TYPE_COUNT;
}

const char *org_type_name(org_type t)
{
    return valid_type(t) ? dj_org_types[t].name : NULL;
}

const char *org_type_label(org_type t)
{
    return valid_type(t) ? dj_org_types[t].label : NULL;
}

bool org_type_parse(const char *s, org_type *out)
{
    int i = dj_enum_index(dj_org_types, s);
    if (i < 0)
        return false;
    *out = (org_type)i;
    return true;
}

bool org_child_allowed(org_type parent, org_type child)
{
    if (!valid_type(parent) || !valid_type(child))
        return false;
    switch (parent) {
    case ORG_COMMITTEE:
        return child != ORG_GROUP;
    case ORG_GENERAL_BRANCH:
        return child == ORG_BRANCH || child == ORG_JOINT_BRANCH;
    case ORG_BRANCH:
    case ORG_JOINT_BRANCH:
        return child == ORG_GROUP;
    case ORG_GROUP:
        return false;
    }
    return false;
}

int org_term_years(org_type t)
{
    switch (t) {
    case ORG_COMMITTEE:
        return 5;
    case ORG_GENERAL_BRANCH:
    case ORG_BRANCH:
    case ORG_JOINT_BRANCH:
        return 3;
    case ORG_GROUP:
        return 0;
    }
    return 0;
}

static bool is_branch(org_type t)
{
    return t == ORG_BRANCH || t == ORG_JOINT_BRANCH;
}

__attribute__((format(printf, 5, 6))) static void add(org_warning *out, int max, int *n,
                                                      const char *code, const char *fmt, ...)
{
    if (*n >= max)
        return;
    org_warning *w = &out[*n];
    w->code = code;
    w->severity = "warning";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->message, sizeof w->message, fmt, ap);
    va_end(ap);
    (*n)++;
}

static void set_danger(org_warning *out, int n, int before)
{
    if (n > before)
        out[n - 1].severity = "danger";
}

int org_warnings(const org_facts *f, dj_date today, org_warning *out, int max)
{
    if (!f || !out || max <= 0)
        return 0;
    int n = 0, before;
    const char *label = org_type_label(f->type);
    if (!label)
        label = "组织";
    if (is_branch(f->type)) {
        if (f->full_count < BRANCH_MIN_FULL) {
            before = n;
            add(out, max, &n, "too_few_full_members", "正式党员仅%d名，少于成立%s所需的%d名",
                f->full_count, label, BRANCH_MIN_FULL);
            set_danger(out, n, before);
        }
        if (f->full_count >= BRANCH_COMMITTEE_FULL && f->committee_count < BRANCH_COMMITTEE_MIN)
            add(out, max, &n, "committee_required",
                "正式党员%d名（7名及以上），应设立由%d至5名委员组成的支部委员会，目前委员%d名",
                f->full_count, BRANCH_COMMITTEE_MIN, f->committee_count);
        if (f->member_count > BRANCH_MAX_MEMBERS)
            add(out, max, &n, "too_many_members", "党员%d名，超过%s一般不超过%d名的规定，可考虑分设",
                f->member_count, label, BRANCH_MAX_MEMBERS);
    }
    if (f->has_term_end) {
        char end[11];
        date_format(f->term_end, end);
        int32_t days = f->term_end - today;
        if (days < 0) {
            before = n;
            add(out, max, &n, "term_overdue", "任期已于%s届满，已超期%d天，请及时换届", end,
                (int)-days);
            set_danger(out, n, before);
        } else if (days <= ORG_TERM_WARN_DAYS) {
            add(out, max, &n, "term_ending", "任期将于%s届满（还有%d天），请做好换届准备", end,
                (int)days);
        }
    }
    return n;
}
