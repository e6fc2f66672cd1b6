/* tasks.c: key-task rules (tasks.h). */
#include "domain/tasks.h"

const dj_enum dj_task_statuses[] = {
    {"planned", "未启动"},
    {"ongoing", "推进中"},
    {"done", "已完成"},
    {"suspended", "已暂停"},
    {NULL, NULL},
};

bool task_status_parse(const char *s, task_status *out)
{
    int i = dj_enum_index(dj_task_statuses, s);
    if (i < 0)
        return false;
    *out = (task_status)i;
    return true;
}

bool task_year_check(int year, dj_err *err)
{
    if (year < 2000 || year > 2100)
        return dj_err_set(err, "validation", "year", "年度须在 2000 至 2100 之间");
    return true;
}

bool task_deadline_check(int year, dj_date deadline, dj_err *err)
{
    if (deadline < date_from_ymd(year, 1, 1) || deadline > date_from_ymd(year + 1, 12, 31))
        return dj_err_set(err, "validation", "deadline", "完成时限须在本年度内（最迟次年年底）");
    return true;
}

bool task_milestone_check(dj_date deadline, dj_date due_on, bool done, dj_date done_on, dj_date today, dj_err *err)
{
    if (due_on > deadline)
        return dj_err_set(err, "validation", "milestones", "节点的计划完成日期不能晚于任务的完成时限");
    if (done && done_on > today)
        return dj_err_set(err, "validation", "milestones", "节点的实际完成日期不能晚于今天");
    return true;
}

int task_progress(int n_milestones, int n_done, int manual, task_status status)
{
    if (status == TASK_DONE)
        return 100;
    if (n_milestones > 0) {
        if (n_done < 0)
            n_done = 0;
        if (n_done > n_milestones)
            n_done = n_milestones;
        return n_done * 100 / n_milestones;
    }
    if (manual < 0)
        return 0;
    return manual > 100 ? 100 : manual;
}

bool task_progress_check(int progress, dj_err *err)
{
    if (progress < 0 || progress > 100)
        return dj_err_set(err, "validation", "progress", "进度须在 0 至 100 之间");
    return true;
}

bool task_done_check(int n_milestones, int n_done, dj_err *err)
{
    if (n_done < n_milestones)
        return dj_err_set(err, "validation", "status", "还有 %d 个节点未完成，不能标记为已完成", n_milestones - n_done);
    return true;
}

bool task_overdue(task_status status, dj_date deadline, dj_date today)
{
    return status != TASK_DONE && status != TASK_SUSPENDED && deadline < today;
}
