/* tasks.c: yearly key tasks in the database (tasks.h). */
#include "store/tasks.h"

#include "core/json.h"
#include "store/where.h"

#include <stdio.h>

const char *const task_columns[] = {"org_id", "org_path", "year", "title", "owner_member_id", "deadline", "status",
                                    "progress", "note", NULL};

/* The list's columns; the one bound value (today) comes first. */
#define TASK_COLUMNS                                                                                             \
    "t.id, t.org_id, o.name AS org_name, t.org_path, t.year, t.title, t.owner_member_id, mb.name AS owner_name," \
    " t.deadline, t.status, t.progress, t.note,"                                                                  \
    " CASE WHEN t.deleted_at IS NULL THEN 'false' ELSE 'true' END AS deleted_json, t.version, t.created_at,"      \
    " t.updated_at,"                                                                                              \
    " (SELECT COUNT(*) FROM task_milestones m WHERE m.task_id = t.id) AS milestones_total,"                       \
    " (SELECT COUNT(*) FROM task_milestones m WHERE m.task_id = t.id AND m.done_on IS NOT NULL) AS milestones_done," \
    " (SELECT COUNT(*) FROM task_milestones m WHERE m.task_id = t.id AND m.done_on IS NULL AND m.due_on < ?)"      \
    "   AS milestones_late"
#define TASK_FROM " FROM tasks t JOIN orgs o ON o.id = t.org_id JOIN members mb ON mb.id = t.owner_member_id"
#define OPEN "t.status IN ('planned', 'ongoing')"

static void query_where(store_where *w, const task_query *q, char *upper, size_t n)
{
    store_path_upper(q->subtree, upper, n);
    where_and(w, "t.org_path >= ? AND t.org_path < ?", WHERE_TEXT(q->subtree), WHERE_TEXT(upper));
    where_and(w, "t.deleted_at IS NULL");
    if (q->year)
        where_and(w, "t.year = ?", WHERE_INT(q->year));
    if (q->status)
        where_and(w, "t.status = ?", WHERE_TEXT(q->status));
    if (q->overdue)
        where_and(w, OPEN " AND t.deadline < ?", WHERE_TEXT(q->today));
}

json_t *tasks_list_e(db *d, const task_query *q, int64_t *total, dj_err *err)
{
    store_where w = {0};
    char upper[300];
    query_where(&w, q, upper, sizeof upper);
    json_t *items = NULL;
    if (where_count(d, &w, "FROM tasks t", total, err)) {
        int next;
        db_stmt *s = where_prepare(d, &w, "SELECT " TASK_COLUMNS TASK_FROM,
                                   " ORDER BY t.year DESC, t.org_path, t.deadline, t.id LIMIT ? OFFSET ?", 2, &next);
        db_bind_text(s, 1, q->today);
        db_bind_int(s, next, q->limit);
        db_bind_int(s, next + 1, q->offset);
        items = db_rows_json(s, NULL, err);
    }
    where_free(&w);
    return items;
}

json_t *task_read_e(db *d, int64_t id, const char *today, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT " TASK_COLUMNS TASK_FROM " WHERE t.id = ?");
    db_bind_text(s, 1, today);
    db_bind_int(s, 2, id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "重点任务不存在");
        return NULL;
    }
    json_t *r = db_row_json(s);
    db_reset(s);
    return r;
}

json_t *task_milestones_e(db *d, int64_t task_id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT title, due_on, done_on, evidence FROM task_milestones WHERE task_id = ? ORDER BY seq");
    db_bind_int(s, 1, task_id);
    return db_rows_json(s, NULL, err);
}

json_t *task_milestones_of_e(db *d, const task_query *q, dj_err *err)
{
    store_where w = {0};
    char upper[300];
    query_where(&w, q, upper, sizeof upper);
    db_stmt *s = where_prepare(d, &w,
                               "SELECT m.task_id, m.title, m.due_on, m.done_on, m.evidence FROM task_milestones m"
                               " JOIN tasks t ON t.id = m.task_id",
                               " ORDER BY m.task_id, m.seq", 1, NULL);
    json_t *rows = db_rows_json(s, NULL, err);
    where_free(&w);
    if (!rows)
        return NULL;
    json_t *out = json_object();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(r, "task_id")));
        json_t *list = json_object_get(out, key);
        if (!list) {
            list = json_array();
            json_object_set_new(out, key, list);
        }
        json_object_del(r, "task_id");
        json_array_append(list, r);
    }
    json_decref(rows);
    return out;
}

bool task_milestones_set(db *d, int64_t task_id, const json_t *items, dj_err *err)
{
    db_stmt *s = db_prepare(d, "DELETE FROM task_milestones WHERE task_id = ?");
    db_bind_int(s, 1, task_id);
    if (!db_run(s, err))
        return false;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        s = db_prepare(d, "INSERT INTO task_milestones (task_id, seq, title, due_on, done_on, evidence)"
                          " VALUES (?, ?, ?, ?, ?, ?)");
        db_bind_int(s, 1, task_id);
        db_bind_int(s, 2, (int64_t)i + 1);
        db_bind_text(s, 3, json_str(it, "title"));
        db_bind_text(s, 4, json_str(it, "due_on"));
        db_bind_text(s, 5, json_str(it, "done_on"));
        db_bind_text(s, 6, json_str(it, "evidence"));
        if (!db_run(s, err))
            return false;
    }
    return true;
}

json_t *tasks_todo_e(db *d, const char *subtree, const char *today, int limit, dj_err *err)
{
    store_where w = {0};
    char upper[300];
    store_path_upper(subtree, upper, sizeof upper);
    where_and(&w, "t.org_path >= ? AND t.org_path < ?", WHERE_TEXT(subtree), WHERE_TEXT(upper));
    where_and(&w, "t.deleted_at IS NULL AND " OPEN);
    where_and(&w, "(t.deadline < ? OR EXISTS (SELECT 1 FROM task_milestones m WHERE m.task_id = t.id"
                  " AND m.done_on IS NULL AND m.due_on < ?))",
              WHERE_TEXT(today), WHERE_TEXT(today));
    int next;
    db_stmt *s = where_prepare(d, &w,
                               "SELECT t.id, t.org_id, o.name AS org_name, t.title, t.deadline, mb.name AS owner_name,"
                               " (SELECT COUNT(*) FROM task_milestones m WHERE m.task_id = t.id AND m.done_on IS NULL"
                               "   AND m.due_on < ?) AS late,"
                               " (SELECT MIN(m.due_on) FROM task_milestones m WHERE m.task_id = t.id"
                               "   AND m.done_on IS NULL AND m.due_on < ?) AS first_late_due"
                               " FROM tasks t JOIN orgs o ON o.id = t.org_id JOIN members mb ON mb.id = t.owner_member_id",
                               " ORDER BY t.deadline, t.id LIMIT ?", 3, &next);
    db_bind_text(s, 1, today);
    db_bind_text(s, 2, today);
    db_bind_int(s, next, limit);
    json_t *items = db_rows_json(s, NULL, err);
    where_free(&w);
    return items;
}
