/* pairings.c: the 201 project in the database (pairings.h). */
#include "store/pairings.h"

#include "core/json.h"
#include "store/where.h"

#include <stdio.h>
#include <string.h>

const char *const pairing_columns[] = {"instructor_user_id", "institution_id", "org_path", "started_on", "ends_on",
                                       "stage", "target_stars", "note", NULL};
const char *const pairing_visit_columns[] = {"pairing_id", "visited_on", "topic", "findings", "advice", NULL};

/* The list's columns; the one bound value (today) comes first. */
#define PAIRING_COLUMNS                                                                                          \
    "p.id, p.instructor_user_id, u.display_name AS instructor_name, p.institution_id,"                           \
    " i.name AS institution_name, i.district, i.ownership, p.org_path, p.started_on, p.ends_on, p.stage,"        \
    " p.target_stars, p.note, CASE WHEN p.deleted_at IS NULL THEN 'false' ELSE 'true' END AS deleted_json,"      \
    " p.version, p.created_at, p.updated_at,"                                                                    \
    " (SELECT COUNT(*) FROM pairing_milestones m WHERE m.pairing_id = p.id) AS milestones_total,"                \
    " (SELECT COUNT(*) FROM pairing_milestones m WHERE m.pairing_id = p.id AND m.done_on IS NOT NULL)"           \
    "   AS milestones_done,"                                                                                      \
    " (SELECT COUNT(*) FROM pairing_milestones m WHERE m.pairing_id = p.id AND m.done_on IS NULL"                \
    "   AND m.due_on < ?) AS milestones_late,"                                                                    \
    " (SELECT COUNT(*) FROM pairing_visits v WHERE v.pairing_id = p.id AND v.deleted_at IS NULL) AS visits,"     \
    " (SELECT MAX(v.visited_on) FROM pairing_visits v WHERE v.pairing_id = p.id AND v.deleted_at IS NULL)"       \
    "   AS last_visit_on"
#define PAIRING_FROM " FROM pairings p JOIN users u ON u.id = p.instructor_user_id JOIN institutions i ON i.id = p.institution_id"

static void scope_where(store_where *w, const pairing_scope *s, char *upper, size_t n)
{
    if (s->instructor_id > 0) {
        where_and(w, "p.instructor_user_id = ?", WHERE_INT(s->instructor_id));
    } else {
        store_path_upper(s->subtree, upper, n);
        where_and(w, "p.org_path >= ? AND p.org_path < ?", WHERE_TEXT(s->subtree), WHERE_TEXT(upper));
    }
    where_and(w, "p.deleted_at IS NULL");
}

json_t *pairings_list_e(db *d, const pairing_query *q, int64_t *total, dj_err *err)
{
    store_where w = {0};
    char upper[300];
    scope_where(&w, &q->scope, upper, sizeof upper);
    if (q->stage)
        where_and(&w, "p.stage = ?", WHERE_TEXT(q->stage));
    if (q->institution_id)
        where_and(&w, "p.institution_id = ?", WHERE_INT(q->institution_id));
    if (q->instructor_user_id)
        where_and(&w, "p.instructor_user_id = ?", WHERE_INT(q->instructor_user_id));
    json_t *items = NULL;
    if (where_count(d, &w, "FROM pairings p", total, err)) {
        int next;
        db_stmt *s = where_prepare(d, &w, "SELECT " PAIRING_COLUMNS PAIRING_FROM, " ORDER BY p.id DESC LIMIT ? OFFSET ?",
                                   2, &next);
        db_bind_text(s, 1, q->today);
        db_bind_int(s, next, q->limit);
        db_bind_int(s, next + 1, q->offset);
        items = db_rows_json(s, NULL, err);
    }
    where_free(&w);
    return items;
}

json_t *pairing_read_e(db *d, int64_t id, const char *today, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT " PAIRING_COLUMNS PAIRING_FROM " WHERE p.id = ?");
    db_bind_text(s, 1, today);
    db_bind_int(s, 2, id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "结对不存在");
        return NULL;
    }
    json_t *p = db_row_json(s);
    db_reset(s);
    return p;
}

json_t *pairing_milestones_e(db *d, int64_t pairing_id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT title, due_on, done_on, evidence FROM pairing_milestones WHERE pairing_id = ?"
                               " ORDER BY seq");
    db_bind_int(s, 1, pairing_id);
    return db_rows_json(s, NULL, err);
}

bool pairing_milestones_set(db *d, int64_t pairing_id, const json_t *items, dj_err *err)
{
    db_stmt *s = db_prepare(d, "DELETE FROM pairing_milestones WHERE pairing_id = ?");
    db_bind_int(s, 1, pairing_id);
    if (!db_run(s, err))
        return false;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        s = db_prepare(d, "INSERT INTO pairing_milestones (pairing_id, seq, title, due_on, done_on, evidence)"
                          " VALUES (?, ?, ?, ?, ?, ?)");
        db_bind_int(s, 1, pairing_id);
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

bool pairings_overlapping(db *d, bool of_instructor, int64_t id, const char *from, const char *to, int64_t exclude_id,
                          int *n, dj_err *err)
{
    db_stmt *s = db_prepare(d, of_instructor
                                   ? "SELECT COUNT(*) FROM pairings WHERE instructor_user_id = ? AND deleted_at IS NULL"
                                     " AND started_on < ? AND ends_on > ? AND id <> ?"
                                   : "SELECT COUNT(*) FROM pairings WHERE institution_id = ? AND deleted_at IS NULL"
                                     " AND started_on < ? AND ends_on > ? AND id <> ?");
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, to);
    db_bind_text(s, 3, from);
    db_bind_int(s, 4, exclude_id);
    int rc = db_step(s, err);
    if (rc != 1)
        return false;
    *n = (int)db_col_int(s, 0);
    db_reset(s);
    return true;
}

bool pairing_exists_for(db *d, int64_t instructor_id, int64_t institution_id, bool *yes, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT COUNT(*) FROM pairings WHERE instructor_user_id = ? AND institution_id = ?"
                               " AND deleted_at IS NULL");
    db_bind_int(s, 1, instructor_id);
    db_bind_int(s, 2, institution_id);
    if (db_step(s, err) != 1)
        return false;
    *yes = db_col_int(s, 0) > 0;
    db_reset(s);
    return true;
}

json_t *pairing_instructor_e(db *d, int64_t user_id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT u.id, u.display_name, u.role, u.disabled, u.org_id, o.path AS org_path"
                               " FROM users u JOIN orgs o ON o.id = u.org_id AND o.deleted_at IS NULL WHERE u.id = ?");
    db_bind_int(s, 1, user_id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "账号不存在");
        return NULL;
    }
    json_t *u = db_row_json(s);
    db_reset(s);
    return u;
}

#define VISIT_COLUMNS "v.id, v.pairing_id, v.visited_on, v.topic, v.findings, v.advice, v.version, v.created_at"

json_t *pairing_visits_e(db *d, int64_t pairing_id, int64_t limit, int64_t offset, int64_t *total, dj_err *err)
{
    store_where w = {0};
    where_and(&w, "v.pairing_id = ?", WHERE_INT(pairing_id));
    where_and(&w, "v.deleted_at IS NULL");
    json_t *items = NULL;
    if (where_count(d, &w, "FROM pairing_visits v", total, err)) {
        int next;
        db_stmt *s = where_prepare(d, &w, "SELECT " VISIT_COLUMNS " FROM pairing_visits v",
                                   " ORDER BY v.visited_on DESC, v.id DESC LIMIT ? OFFSET ?", 1, &next);
        db_bind_int(s, next, limit);
        db_bind_int(s, next + 1, offset);
        items = db_rows_json(s, NULL, err);
    }
    where_free(&w);
    return items;
}

json_t *pairing_visit_read_e(db *d, int64_t id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT " VISIT_COLUMNS " FROM pairing_visits v WHERE v.id = ?");
    db_bind_int(s, 1, id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "走访记录不存在");
        return NULL;
    }
    json_t *v = db_row_json(s);
    db_reset(s);
    return v;
}

/* One figure of the progress view: SELECT head + scope clause + tail, with today bound first
 * when with_today. */
static db_stmt *scoped(db *d, const pairing_scope *scope, const char *head, const char *tail, const char *today,
                       store_where *w, char *upper, size_t n)
{
    *w = (store_where){0};
    scope_where(w, scope, upper, n);
    int first = today ? 2 : 1, next;
    db_stmt *s = where_prepare(d, w, head, tail, first, &next);
    if (today)
        db_bind_text(s, 1, today);
    return s;
}

json_t *pairings_progress_e(db *d, const pairing_scope *scope, const char *today, int late_max, dj_err *err)
{
    json_t *out = json_object(), *by_stage = json_pack("{s:i,s:i,s:i}", "framework", 0, "regular", 0, "results", 0);
    json_object_set_new(out, "by_stage", by_stage);
    store_where w;
    char upper[300];
    bool ok = true;
    int64_t total = 0;

    db_stmt *s = scoped(d, scope, "SELECT p.stage, COUNT(*) FROM pairings p", " GROUP BY p.stage", NULL, &w, upper, sizeof upper);
    int rc;
    while ((rc = db_step(s, err)) == 1) {
        json_object_set_new(by_stage, db_col_text(s, 0), json_integer(db_col_int(s, 1)));
        total += db_col_int(s, 1);
    }
    ok = rc == 0;
    where_free(&w);
    json_object_set_new(out, "pairings", json_integer(total));

    if (ok) {
        s = scoped(d, scope,
                   "SELECT COUNT(*),"
                   " SUM(CASE WHEN m.done_on IS NOT NULL AND m.done_on <= m.due_on THEN 1 ELSE 0 END),"
                   " SUM(CASE WHEN m.done_on IS NOT NULL AND m.done_on > m.due_on THEN 1 ELSE 0 END),"
                   " SUM(CASE WHEN m.done_on IS NULL AND m.due_on < ? THEN 1 ELSE 0 END)"
                   " FROM pairing_milestones m JOIN pairings p ON p.id = m.pairing_id",
                   "", today, &w, upper, sizeof upper);
        ok = db_step(s, err) == 1;
        if (ok) {
            int64_t n = db_col_int(s, 0), done = db_col_int(s, 1), done_late = db_col_int(s, 2), late = db_col_int(s, 3);
            json_object_set_new(out, "milestones",
                                json_pack("{s:I,s:I,s:I,s:I,s:I}", "total", (json_int_t)n, "done", (json_int_t)done,
                                          "done_late", (json_int_t)done_late, "late", (json_int_t)late, "pending",
                                          (json_int_t)(n - done - done_late - late)));
            db_reset(s);
        }
        where_free(&w);
    }
    if (ok) {
        s = scoped(d, scope, "SELECT p.target_stars AS stars, COUNT(*) AS pairings FROM pairings p",
                   " GROUP BY p.target_stars ORDER BY p.target_stars DESC", NULL, &w, upper, sizeof upper);
        json_t *targets = db_rows_json(s, NULL, err);
        ok = targets != NULL;
        if (ok)
            json_object_set_new(out, "targets", targets);
        where_free(&w);
    }
    if (ok) {
        s = scoped(d, scope,
                   "SELECT SUBSTR(v.visited_on, 1, 7) AS month, COUNT(*) AS visits"
                   " FROM pairing_visits v JOIN pairings p ON p.id = v.pairing_id AND v.deleted_at IS NULL",
                   " GROUP BY SUBSTR(v.visited_on, 1, 7) ORDER BY month", NULL, &w, upper, sizeof upper);
        json_t *months = db_rows_json(s, NULL, err);
        ok = months != NULL;
        if (ok)
            json_object_set_new(out, "visits_by_month", months);
        where_free(&w);
    }
    if (ok) {
        char tail[96];
        snprintf(tail, sizeof tail, " AND m.done_on IS NULL AND m.due_on < ? ORDER BY m.due_on, p.id, m.seq LIMIT %d",
                 late_max);
        s = scoped(d, scope,
                   "SELECT p.id AS pairing_id, i.name AS institution_name, u.display_name AS instructor_name,"
                   " m.title, m.due_on FROM pairing_milestones m JOIN pairings p ON p.id = m.pairing_id"
                   " JOIN institutions i ON i.id = p.institution_id JOIN users u ON u.id = p.instructor_user_id",
                   tail, NULL, &w, upper, sizeof upper);
        db_bind_text(s, w.nvalues + 1, today);
        json_t *late = db_rows_json(s, NULL, err);
        ok = late != NULL;
        if (ok)
            json_object_set_new(out, "late_items", late);
        where_free(&w);
    }
    if (!ok) {
        json_decref(out);
        return NULL;
    }
    return out;
}

json_t *pairings_todo_e(db *d, const pairing_scope *scope, const char *today, const char *since, int limit,
                        dj_err *err)
{
    store_where w = {0};
    char upper[300];
    scope_where(&w, scope, upper, sizeof upper);
    where_and(&w, "p.ends_on >= ?", WHERE_TEXT(today));
    where_and(&w, "(EXISTS (SELECT 1 FROM pairing_milestones m WHERE m.pairing_id = p.id AND m.done_on IS NULL"
                  " AND m.due_on < ?) OR (p.started_on < ? AND NOT EXISTS (SELECT 1 FROM pairing_visits v"
                  " WHERE v.pairing_id = p.id AND v.deleted_at IS NULL AND v.visited_on >= ?)))",
              WHERE_TEXT(today), WHERE_TEXT(since), WHERE_TEXT(since));
    int next;
    db_stmt *s = where_prepare(d, &w,
                               "SELECT p.id, p.org_path, i.name AS institution_name,"
                               " (SELECT COUNT(*) FROM pairing_milestones m WHERE m.pairing_id = p.id AND m.done_on IS NULL"
                               "   AND m.due_on < ?) AS late,"
                               " (SELECT MIN(m.due_on) FROM pairing_milestones m WHERE m.pairing_id = p.id"
                               "   AND m.done_on IS NULL AND m.due_on < ?) AS first_late_due,"
                               " (SELECT MAX(v.visited_on) FROM pairing_visits v WHERE v.pairing_id = p.id"
                               "   AND v.deleted_at IS NULL) AS last_visit_on"
                               " FROM pairings p JOIN institutions i ON i.id = p.institution_id",
                               " ORDER BY p.id LIMIT ?", 3, &next);
    db_bind_text(s, 1, today);
    db_bind_text(s, 2, today);
    db_bind_int(s, next, limit);
    json_t *items = db_rows_json(s, NULL, err);
    where_free(&w);
    return items;
}
