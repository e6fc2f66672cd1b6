/* tasks.h: yearly key tasks in the database. SQL only: the rules are in domain/tasks.h. */
#ifndef DJ_STORE_TASKS_H
#define DJ_STORE_TASKS_H

#include "store/store.h"

/* The columns a request may write (row_insert, row_update). */
extern const char *const task_columns[];

typedef struct task_query {
    const char *subtree; /* org_path prefix, within the caller's scope */
    int year;            /* 0: any */
    const char *status;  /* wire name or NULL */
    bool overdue;        /* open (planned, ongoing) with the deadline before today */
    const char *today;   /* YYYY-MM-DD: late milestones, overdue */
    int64_t limit, offset;
} task_query;

/* A page of live tasks (year descending, then deadline) with org_name, owner_name,
 * milestones_total, milestones_done, milestones_late. */
json_t *tasks_list_e(db *d, const task_query *q, int64_t *total, dj_err *err);

/* One task (deleted too) with the list's columns and org_path; NULL + err "not_found". */
json_t *task_read_e(db *d, int64_t id, const char *today, dj_err *err);

/* The milestones of a task in their order: [{title, due_on, done_on, evidence}]. */
json_t *task_milestones_e(db *d, int64_t task_id, dj_err *err);
/* Every milestone of the tasks the query selects (paging ignored), as {"<task id>": [...]}. */
json_t *task_milestones_of_e(db *d, const task_query *q, dj_err *err);
/* Replaces them (items already checked), inside the caller's transaction. */
bool task_milestones_set(db *d, int64_t task_id, const json_t *items, dj_err *err);

/* The scope's open tasks past their deadline or with milestones late, at most limit:
 * [{id, org_id, org_name, title, deadline, owner_name, late, first_late_due}]. */
json_t *tasks_todo_e(db *d, const char *subtree, const char *today, int limit, dj_err *err);

#endif
