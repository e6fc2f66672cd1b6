/* org_rules.c: organisation types, nesting, terms and warnings (DOMAIN.md §1). */
#include "domain/org_rules.h"
#include "core/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

bool org_type_fits_children(org_type new_type, const org_type *child_types, size_t n, dj_err *err)
{
    const char *label = org_type_label(new_type);
    if (!label)
        return dj_err_set(err, "validation", "type", "组织类型无效");
    for (size_t i = 0; i < n; i++) {
        if (org_child_allowed(new_type, child_types[i]))
            continue;
        const char *child = org_type_label(child_types[i]);
        if (!child)
            child = "下级组织";
        if (new_type == ORG_GROUP)
            return dj_err_set(err, "validation", "type", "该组织下设有%s，党小组下不能设下级组织，不能改为党小组",
                              child);
        return dj_err_set(err, "validation", "type", "该组织下设有%s，%s不能设在%s之下，不能改为%s", child, child,
                          label, label);
    }
    return true;
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

bool org_term_end(org_type t, dj_date start, dj_date *end)
{
    int years = org_term_years(t);
    if (years <= 0)
        return false;
    *end = date_add_years(start, years);
    return true;
}

const char *const org_committee_positions[] = {
    ORG_SECRETARY, "副书记", "组织委员", "宣传委员", "纪检委员", "青年委员", "统战委员", "委员", "组长", NULL,
};

bool org_committee_position_valid(const char *position)
{
    if (!position)
        return false;
    for (const char *const *p = org_committee_positions; *p; p++)
        if (strcmp(*p, position) == 0)
            return true;
    return false;
}


/* An optional date: true (with has = false) when absent, false when not a date. */
static bool optional_date(const char *s, bool *has, dj_date *out)
{
    *has = s && *s;
    return !*has || date_parse(s, out);
}

bool org_committee_validate(const org_committee_entry *c, size_t n, dj_err *err)
{
    size_t secretary = 0; /* 1-based index of the first 书记, 0 if none yet */
    for (size_t i = 0; i < n; i++) {
        const org_committee_entry *e = &c[i];
        size_t no = i + 1;
        if (!e->member_id && text_blank(e->name))
            return dj_err_set(err, "validation", "committee", "第%zu位班子成员的姓名不能为空", no);
        if (!org_committee_position_valid(e->position)) {
            char list[200] = "";
            size_t len = 0;
            for (const char *const *p = org_committee_positions; *p; p++) {
                int k = snprintf(list + len, sizeof list - len, "%s%s", len ? "、" : "", *p);
                if (k < 0 || (size_t)k >= sizeof list - len)
                    break;
                len += (size_t)k;
            }
            return dj_err_set(err, "validation", "committee", "第%zu位班子成员的职务应为%s之一", no, list);
        }
        bool has_start, has_end;
        dj_date start = 0, end = 0;
        if (!optional_date(e->term_start, &has_start, &start) || !optional_date(e->term_end, &has_end, &end))
            return dj_err_set(err, "validation", "committee", "第%zu位班子成员的任期日期格式应为YYYY-MM-DD", no);
        if (has_start && has_end && end < start)
            return dj_err_set(err, "validation", "committee", "第%zu位班子成员的任期结束日期不能早于开始日期", no);
        if (strcmp(e->position, ORG_SECRETARY) == 0) {
            if (secretary)
                return dj_err_set(err, "validation", "committee",
                                  "书记只能有一位（第%zu位和第%zu位班子成员都是书记）", secretary, no);
            secretary = no;
        }
        for (size_t j = 0; e->member_id && j < i; j++)
            if (c[j].member_id == e->member_id)
                return dj_err_set(err, "validation", "committee", "第%zu位与第%zu位班子成员是同一名党员", j + 1, no);
    }
    return true;
}

bool org_departments_validate(const char *const *deps, size_t n, dj_err *err)
{
    for (size_t i = 0; i < n; i++) {
        if (text_blank(deps[i]))
            return dj_err_set(err, "validation", "departments", "覆盖科室第%zu项为空", i + 1);
        for (size_t j = 0; j < i; j++)
            if (strcmp(deps[i], deps[j]) == 0)
                return dj_err_set(err, "validation", "departments", "覆盖科室第%zu项与第%zu项重复（%s）", j + 1, i + 1,
                                  deps[i]);
    }
    return true;
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
