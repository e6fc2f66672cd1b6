/* decisions.h: 三重一大 records in the database. SQL only: the rules are in domain/decisions.h. */
#ifndef DJ_STORE_DECISIONS_H
#define DJ_STORE_DECISIONS_H

#include "store/store.h"

/* The columns a request may write (row_insert, row_update). */
extern const char *const decision_columns[];

typedef struct decision_query {
    const char *subtree;    /* org_path prefix, within the caller's scope */
    const char *category;   /* wire name or NULL */
    int year;               /* 0: any; else decided_on in that year */
    bool unreported;        /* reported_on not set */
    const char *overdue_before; /* non-NULL: unreported and decided before this day (today - days) */
    int64_t limit, offset;
} decision_query;

/* A page of live records, the latest decided first, with org_name and meeting_topic. */
json_t *decisions_list_e(db *d, const decision_query *q, int64_t *total, dj_err *err);

/* One record (deleted too) with the list's columns; NULL + err "not_found". */
json_t *decision_read_e(db *d, int64_t id, dj_err *err);

/* The scope's live unreported records decided before `before`, the oldest first, at most
 * limit: [{id, org_id, org_name, title, decided_on}]. */
json_t *decisions_overdue_e(db *d, const char *subtree, const char *before, int limit, dj_err *err);

#endif
