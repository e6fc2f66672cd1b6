/* pairings.h: the 201 project in the database: pairings, their milestones and visits, and the
 * figures of the bureau's progress view. SQL only: the rules are in domain/pairings.h. */
#ifndef DJ_STORE_PAIRINGS_H
#define DJ_STORE_PAIRINGS_H

#include "store/store.h"

/* The columns a request may write (row_insert, row_update). */
extern const char *const pairing_columns[];
extern const char *const pairing_visit_columns[];

/* Whose pairings: a subtree (org_path) or one instructor's own (instructor_user_id > 0). */
typedef struct pairing_scope {
    const char *subtree;        /* already within the caller's scope; NULL with instructor_id */
    int64_t instructor_id;      /* > 0: only this account's pairings */
} pairing_scope;

typedef struct pairing_query {
    pairing_scope scope;
    const char *stage;          /* wire name or NULL */
    int64_t institution_id;     /* 0: any */
    int64_t instructor_user_id; /* 0: any */
    const char *today;          /* YYYY-MM-DD, for the late milestones */
    int64_t limit, offset;
} pairing_query;

/* A page of live pairings (id descending) with instructor_name, institution_name, district,
 * ownership, milestones_total, milestones_done, milestones_late, visits, last_visit_on. */
json_t *pairings_list_e(db *d, const pairing_query *q, int64_t *total, dj_err *err);

/* One pairing (deleted too) with the list's columns and org_path; NULL + err "not_found". */
json_t *pairing_read_e(db *d, int64_t id, const char *today, dj_err *err);

/* The milestones of a pairing in their order: [{title, due_on, done_on, evidence}]. */
json_t *pairing_milestones_e(db *d, int64_t pairing_id, dj_err *err);
/* Replaces them (items already checked), inside the caller's transaction. */
bool pairing_milestones_set(db *d, int64_t pairing_id, const json_t *items, dj_err *err);

/* How many live pairings other than exclude_id, of the account (column "instructor_user_id") or
 * of the institution ("institution_id") = id, overlap the days from..to. */
bool pairings_overlapping(db *d, bool of_instructor, int64_t id, const char *from, const char *to, int64_t exclude_id,
                          int *n, dj_err *err);

/* Whether the account has a live pairing with the institution. */
bool pairing_exists_for(db *d, int64_t instructor_id, int64_t institution_id, bool *yes, dj_err *err);

/* The instructor's account: {id, display_name, role, disabled, org_id, org_path} or NULL +
 * err "not_found" (no account, or its organisation deleted). */
json_t *pairing_instructor_e(db *d, int64_t user_id, dj_err *err);

/* A page of a pairing's visits, newest first. */
json_t *pairing_visits_e(db *d, int64_t pairing_id, int64_t limit, int64_t offset, int64_t *total, dj_err *err);
/* One visit. */
json_t *pairing_visit_read_e(db *d, int64_t id, dj_err *err);

/* The progress view's figures over the scope's live pairings: by_stage {framework, regular,
 * results}, milestones {total, done, done_late, late, pending}, visits_by_month [{month, visits}]
 * (YYYY-MM), targets [{stars, pairings}] (by target star level, highest first), late_items (the most
 * overdue first, at most late_max) and pairings (total). */
json_t *pairings_progress_e(db *d, const pairing_scope *scope, const char *today, int late_max, dj_err *err);

/* What the to-do list shows of the scope's live pairings still in their term (ends_on >= today):
 * those with milestones late, and those begun before `since` without a visit since then:
 * [{id, org_path, institution_name, late, first_late_due, last_visit_on}], at most limit. */
json_t *pairings_todo_e(db *d, const pairing_scope *scope, const char *today, const char *since, int limit,
                        dj_err *err);

#endif
