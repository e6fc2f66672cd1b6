/* tasks.h: yearly key tasks of party work (项目化管理 + 清单化推进 + 责任化落实; DOMAIN.md §7,
 * seed 002): each with an owner, a deadline and milestones, kept in a ledger (工作推进台账). Pure
 * rules: the caller hands in values and "today". Milestone states are those of the 201 project
 * (domain/pairings.h: pending, late, done, done_late). */
#ifndef DJ_TASKS_H
#define DJ_TASKS_H

#include "core/date.h"
#include "core/err.h"
#include "domain/enums.h"

#include <stdbool.h>

/* A task's status, in this order: planned 未启动, ongoing 推进中, done 已完成, suspended 已暂停. */
typedef enum { TASK_PLANNED, TASK_ONGOING, TASK_DONE, TASK_SUSPENDED } task_status;
extern const dj_enum dj_task_statuses[];
bool task_status_parse(const char *s, task_status *out);

/* The year of a ledger: 2000..2100 (field year). */
bool task_year_check(int year, dj_err *err);

/* The deadline within the task's year or the next (a task of the year may run into January):
 * from 1 January of year to 31 December of year + 1 (field deadline). */
bool task_deadline_check(int year, dj_date deadline, dj_err *err);

/* A milestone: due not after the task's deadline (field milestones); done, when set, not after
 * today. */
bool task_milestone_check(dj_date deadline, dj_date due_on, bool done, dj_date done_on, dj_date today, dj_err *err);

/* Progress in per cent. With milestones (n_milestones > 0) it is computed: done * 100 / total,
 * rounded down, so 100 only when every milestone is done; without, the progress the owner
 * reports (manual, 0..100; negative: none, 0). A task marked done is 100. */
int task_progress(int n_milestones, int n_done, int manual, task_status status);

/* The manual progress: 0..100 (field progress). */
bool task_progress_check(int progress, dj_err *err);

/* Marking a task done: every milestone done (field status). */
bool task_done_check(int n_milestones, int n_done, dj_err *err);

/* Whether a task is overdue on today: not done, not suspended, and its deadline before today
 * (the deadline itself is still on time). */
bool task_overdue(task_status status, dj_date deadline, dj_date today);

#endif
