/* enums.h: every closed list of values the API exchanges, as one kind of table.
 *
 * A value has a wire name (English, what the JSON API and the database carry) and a label
 * (Chinese, what people read and what CSV imports contain). Each table ends with {NULL, NULL}.
 * Typed enums elsewhere (org_type, member_status, ...) are indexes into these tables, so the
 * order of a table is part of its contract. */
#ifndef DJ_ENUMS_H
#define DJ_ENUMS_H

#include <stddef.h>

typedef struct dj_enum {
    const char *name;
    const char *label;
} dj_enum;

/* The entry whose name or label equals name_or_label exactly (case-sensitive, no trimming),
 * or NULL if none does or if either argument is NULL. */
const dj_enum *dj_enum_find(const dj_enum *table, const char *name_or_label);

/* The index of the entry dj_enum_find() would return, or -1. */
int dj_enum_index(const dj_enum *table, const char *name_or_label);

/* The number of entries before the terminator; 0 for NULL. */
size_t dj_enum_count(const dj_enum *table);

/* The label for a wire name (or label), or NULL if unknown. */
const char *dj_enum_label(const dj_enum *table, const char *name_or_label);

/* The wire name for a label (or wire name), or NULL if unknown. */
const char *dj_enum_name(const dj_enum *table, const char *name_or_label);

/* Users' roles: admin 系统管理员, org_admin 组织管理员, committee 院党委, secretary 支部书记,
 * instructor 党建指导员, reviewer 审核员, member 党员. */
extern const dj_enum dj_roles[];

/* Organisation types, in the order of org_type (domain/org_rules.h). */
extern const dj_enum dj_org_types[];

/* Medical institution kinds (docs/API.md §Institutions). */
extern const dj_enum dj_institution_kinds[];

/* Institution ownership: public 公立, private 民营. */
extern const dj_enum dj_ownerships[];

/* Genders, in the order of member_gender (domain/member_rules.h). */
extern const dj_enum dj_genders[];

/* Member categories, in the order of member_category. */
extern const dj_enum dj_member_categories[];

/* Member statuses, in the order of member_status. */
extern const dj_enum dj_member_statuses[];

/* Education levels offered as suggestions; education is free text, so name == label. */
extern const dj_enum dj_educations[];

#endif
