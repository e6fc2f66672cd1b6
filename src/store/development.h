/* development.h: developing members in the database (applicants, their steps, the dated 三培养
 * tags). SQL only: the rules are in domain/development.h. */
#ifndef DJ_STORE_DEVELOPMENT_H
#define DJ_STORE_DEVELOPMENT_H

#include "store/store.h"

/* The columns a request or a step may write (row_insert, row_update). */
extern const char *const applicant_columns[];

typedef struct applicant_query {
    const char *subtree;  /* org path whose subtree is listed (already within the scope) */
    const char *stage;    /* wire name, or NULL */
    const char *q;        /* a part of the name, or NULL */
    bool deleted;         /* deleted ones only */
    int64_t limit, offset;
} applicant_query;

/* A page of applicants (org_path, id) with org_name; NULL + err when unreadable. */
json_t *applicants_list_e(db *d, const applicant_query *q, int64_t *total, dj_err *err);
/* One applicant (deleted ones too, "deleted": true) with org_name and org_path; NULL + err
 * "not_found" when there is none. */
json_t *applicant_read_e(db *d, int64_t id, dj_err *err);
/* The steps done, in order: [{step, done_on, people, note, override_reason, rule, training_days,
 * training_hours, created_by, created_at}]. */
json_t *applicant_steps_e(db *d, int64_t id, dj_err *err);
/* Records one step (s: the fields above, people an array of member ids). */
bool applicant_step_insert(db *d, int64_t id, const json_t *s, const dj_actor *who, dj_err *err);

/* The live applicants of a subtree not yet full, for the board and the to-do list: fn gets each
 * one's id, name, org id, last step, birth date and the dates of steps 1, 3 and 15 ("" when not
 * done) and the extension; false + err when unreadable. */
typedef void (*applicant_due_fn)(void *arg, int64_t id, const char *name, int64_t org_id, int last,
                                 const char *applied_on, const char *activist_on, const char *admitted_on,
                                 int extension_months);
bool applicants_each_open(db *d, const char *subtree, applicant_due_fn fn, void *arg, dj_err *err);
/* {stage: count} of the live applicants of a subtree. */
json_t *applicants_stage_counts_e(db *d, const char *subtree, dj_err *err);

/* 三培养 tags of member files, dated. */
bool member_tag_put(db *d, int64_t member_id, const char *tag, const char *tagged_on, const dj_actor *who, dj_err *err);
/* The three flows of a subtree in [from, to] (YYYY-MM-DD): backbone → member (applicants tagged
 * backbone admitted by step 15), member → backbone (members tagged backbone after joining),
 * backbone member → reserve cadre: {key: [{id, name, org_id, org_name, on}]}. */
json_t *three_cultivations_e(db *d, const char *subtree, const char *from, const char *to, const char *backbone,
                             const char *reserve, dj_err *err);

#endif
