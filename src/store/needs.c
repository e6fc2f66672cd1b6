/* needs.c: the public's needs in the database (needs.h). */
#include "store/needs.h"

#include "core/arena.h"
#include "core/json.h"
#include "store/institutions.h"
#include "store/where.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const need_columns[] = {"institution_id", "ticket", "category", "description", "status", "grade", "mode",
                                    "received_on", "graded_on", "due_on", "solved_on", "solution", "assignee_user_id",
                                    NULL};

/* The list's columns; the one bound value (today) comes first. */
#define NEED_COLUMNS                                                                                              \
    "n.id, n.institution_id, i.name AS institution_name, n.ticket, n.category, n.description, n.status,"           \
    " n.grade, n.mode, n.received_on, n.graded_on, n.due_on, n.solved_on, n.solution, n.assignee_user_id,"        \
    " u.display_name AS assignee_name,"                                                                           \
    " CASE WHEN n.status <> 'solved' AND n.due_on IS NOT NULL AND n.due_on < ? THEN 'true' ELSE 'false' END"      \
    "   AS overdue_json,"                                                                                          \
    " CASE WHEN n.deleted_at IS NULL THEN 'false' ELSE 'true' END AS deleted_json,"                               \
    " n.version, n.created_at, n.updated_at"
#define NEED_FROM " FROM needs n JOIN institutions i ON i.id = n.institution_id LEFT JOIN users u ON u.id = n.assignee_user_id"

static void scope_where(store_where *w, const need_scope *s, char *upper, size_t n)
{
    store_path_upper(s->path, upper, n);
    where_and(w, "n.deleted_at IS NULL");
    institution_scope_where(w, s->path, upper, s->uncovered);
}

json_t *needs_list_e(db *d, const need_query *q, int64_t *total, dj_err *err)
{
    store_where w = {0};
    char upper[300];
    scope_where(&w, &q->scope, upper, sizeof upper);
    if (q->status)
        where_and(&w, "n.status = ?", WHERE_TEXT(q->status));
    if (q->grade)
        where_and(&w, "n.grade = ?", WHERE_TEXT(q->grade));
    if (q->category)
        where_and(&w, "n.category = ?", WHERE_TEXT(q->category));
    if (q->institution_id)
        where_and(&w, "n.institution_id = ?", WHERE_INT(q->institution_id));
    if (q->overdue)
        where_and(&w, "(n.status <> 'solved' AND n.due_on IS NOT NULL AND n.due_on < ?)", WHERE_TEXT(q->today));
    json_t *items = NULL;
    if (where_count(d, &w, "FROM needs n JOIN institutions i ON i.id = n.institution_id", total, err)) {
        int next;
        db_stmt *s = where_prepare(d, &w, "SELECT " NEED_COLUMNS NEED_FROM,
                                   q->limit > 0 ? " ORDER BY n.id DESC LIMIT ? OFFSET ?" : " ORDER BY n.id DESC", 2,
                                   &next);
        db_bind_text(s, 1, q->today);
        if (q->limit > 0) {
            db_bind_int(s, next, q->limit);
            db_bind_int(s, next + 1, q->offset);
        }
        items = db_rows_json(s, NULL, err);
    }
    where_free(&w);
    return items;
}

json_t *need_read_e(db *d, int64_t id, const char *today, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT " NEED_COLUMNS ","
                               " CASE WHEN EXISTS (SELECT 1 FROM need_photos p WHERE p.need_id = n.id) THEN 'true'"
                               " ELSE 'false' END AS has_photo_json" NEED_FROM " WHERE n.id = ?");
    db_bind_text(s, 1, today);
    db_bind_int(s, 2, id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "需求不存在");
        return NULL;
    }
    json_t *n = db_row_json(s);
    db_reset(s);
    return n;
}

json_t *need_by_ticket_e(db *d, const char *ticket, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT n.id, n.ticket, n.status, n.category, n.received_on, n.due_on, n.solved_on,"
                               " i.name AS institution_name FROM needs n JOIN institutions i ON i.id = n.institution_id"
                               " WHERE n.ticket = ? AND n.deleted_at IS NULL");
    db_bind_text(s, 1, ticket);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "未找到该受理编号");
        return NULL;
    }
    json_t *n = db_row_json(s);
    db_reset(s);
    return n;
}

bool need_contact_get(db *d, int64_t need_id, char **out, dj_err *err)
{
    *out = NULL;
    db_stmt *s = db_prepare(d, "SELECT contact FROM need_contacts WHERE need_id = ?");
    db_bind_int(s, 1, need_id);
    int rc = db_step(s, err);
    if (rc < 0)
        return false;
    if (rc == 1) {
        *out = xstrdup(db_col_text(s, 0));
        db_reset(s);
    }
    return true;
}

bool need_contact_set(db *d, int64_t need_id, const char *contact, dj_err *err)
{
    db_stmt *s = db_prepare(d, "INSERT INTO need_contacts (need_id, contact) VALUES (?, ?)");
    db_bind_int(s, 1, need_id);
    db_bind_text(s, 2, contact);
    return db_run(s, err);
}

bool need_photo_add(db *d, int64_t need_id, const char *type, const void *data, size_t len, const char *sha256,
                    dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT COUNT(*) FROM need_photos WHERE need_id = ?");
    db_bind_int(s, 1, need_id);
    if (db_step(s, err) != 1)
        return false;
    int64_t n = db_col_int(s, 0);
    db_reset(s);
    if (n > 0)
        return dj_err_set(err, "conflict", "photo", "该需求已有照片");
    char now[32];
    store_now(now);
    s = db_prepare(d, "INSERT INTO need_photos (need_id, content_type, size, sha256, data, created_at)"
                      " VALUES (?, ?, ?, ?, ?, ?)");
    db_bind_int(s, 1, need_id);
    db_bind_text(s, 2, type);
    db_bind_int(s, 3, (int64_t)len);
    db_bind_text(s, 4, sha256);
    db_bind_blob(s, 5, data, len);
    db_bind_text(s, 6, now);
    return db_run(s, err);
}

char *need_photo_get(db *d, int64_t need_id, char type[16], size_t *len, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT content_type, data FROM need_photos WHERE need_id = ?");
    db_bind_int(s, 1, need_id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "该需求没有照片");
        return NULL;
    }
    snprintf(type, 16, "%s", db_col_text(s, 0));
    const void *p = db_col_blob(s, 1, len);
    char *out = xmalloc(*len + 1);
    if (*len)
        memcpy(out, p, *len);
    db_reset(s);
    return out;
}

json_t *need_replies_e(db *d, int64_t need_id, bool public_only, dj_err *err)
{
    db_stmt *s = db_prepare(d, public_only ? "SELECT body, created_at FROM need_replies WHERE need_id = ? AND public = 1"
                                             " ORDER BY id"
                                           : "SELECT id, body, CASE WHEN public = 1 THEN 'true' ELSE 'false' END"
                                             " AS public_json, author_user_id, author_name, created_at"
                                             " FROM need_replies WHERE need_id = ? ORDER BY id");
    db_bind_int(s, 1, need_id);
    return db_rows_json(s, NULL, err);
}

bool need_reply_add(db *d, int64_t need_id, const char *body, bool is_public, int64_t user_id, const char *author,
                    int64_t *id, dj_err *err)
{
    char now[32];
    store_now(now);
    db_stmt *s = db_prepare(d, "INSERT INTO need_replies (need_id, body, public, author_user_id, author_name, created_at)"
                               " VALUES (?, ?, ?, ?, ?, ?)");
    db_bind_int(s, 1, need_id);
    db_bind_text(s, 2, body);
    db_bind_int(s, 3, is_public ? 1 : 0);
    if (user_id > 0)
        db_bind_int(s, 4, user_id);
    else
        db_bind_null(s, 4);
    db_bind_text(s, 5, author);
    db_bind_text(s, 6, now);
    if (!db_run(s, err))
        return false;
    *id = db_last_id(d);
    return true;
}

json_t *need_milestones_e(db *d, int64_t need_id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT title, due_on, done_on FROM need_milestones WHERE need_id = ? ORDER BY seq");
    db_bind_int(s, 1, need_id);
    return db_rows_json(s, NULL, err);
}

bool need_milestones_set(db *d, int64_t need_id, const json_t *items, dj_err *err)
{
    db_stmt *s = db_prepare(d, "DELETE FROM need_milestones WHERE need_id = ?");
    db_bind_int(s, 1, need_id);
    if (!db_run(s, err))
        return false;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        s = db_prepare(d, "INSERT INTO need_milestones (need_id, seq, title, due_on, done_on) VALUES (?, ?, ?, ?, ?)");
        db_bind_int(s, 1, need_id);
        db_bind_int(s, 2, (int64_t)i + 1);
        db_bind_text(s, 3, json_str(it, "title"));
        db_bind_text(s, 4, json_str(it, "due_on"));
        db_bind_text(s, 5, json_str(it, "done_on"));
        if (!db_run(s, err))
            return false;
    }
    return true;
}

bool need_poster_get(db *d, int64_t institution_id, char out[32], bool *found, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT token FROM need_posters WHERE institution_id = ?");
    db_bind_int(s, 1, institution_id);
    int rc = db_step(s, err);
    if (rc < 0)
        return false;
    *found = rc == 1;
    if (*found) {
        snprintf(out, 32, "%s", db_col_text(s, 0));
        db_reset(s);
    }
    return true;
}

bool need_poster_find(db *d, const char *token, int64_t *institution_id, char **name, bool *found, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT p.institution_id, i.name FROM need_posters p JOIN institutions i"
                               " ON i.id = p.institution_id WHERE p.token = ? AND i.deleted_at IS NULL");
    db_bind_text(s, 1, token);
    int rc = db_step(s, err);
    if (rc < 0)
        return false;
    *found = rc == 1;
    if (*found) {
        *institution_id = db_col_int(s, 0);
        if (name)
            *name = xstrdup(db_col_text(s, 1));
        db_reset(s);
    }
    return true;
}

bool need_poster_set(db *d, int64_t institution_id, const char *token, dj_err *err)
{
    char now[32];
    store_now(now);
    db_stmt *s = db_prepare(d, "DELETE FROM need_posters WHERE institution_id = ?");
    db_bind_int(s, 1, institution_id);
    if (!db_run(s, err))
        return false;
    s = db_prepare(d, "INSERT INTO need_posters (institution_id, token, created_at, updated_at) VALUES (?, ?, ?, ?)");
    db_bind_int(s, 1, institution_id);
    db_bind_text(s, 2, token);
    db_bind_text(s, 3, now);
    db_bind_text(s, 4, now);
    return db_run(s, err);
}

bool need_challenge_add(db *d, const char *challenge, int64_t institution_id, int64_t expires_at, dj_err *err)
{
    db_stmt *s = db_prepare(d, "INSERT INTO need_challenges (challenge, institution_id, expires_at) VALUES (?, ?, ?)");
    db_bind_text(s, 1, challenge);
    db_bind_int(s, 2, institution_id);
    db_bind_int(s, 3, expires_at);
    return db_run(s, err);
}

bool need_challenge_take(db *d, const char *challenge, int64_t *institution_id, int64_t *expires_at, bool *found,
                         dj_err *err)
{
    *found = false;
    db_stmt *s = db_prepare(d, "SELECT institution_id, expires_at FROM need_challenges WHERE challenge = ?");
    db_bind_text(s, 1, challenge);
    int rc = db_step(s, err);
    if (rc < 0)
        return false;
    if (rc == 0)
        return true;
    *institution_id = db_col_int(s, 0);
    *expires_at = db_col_int(s, 1);
    db_reset(s);
    s = db_prepare(d, "DELETE FROM need_challenges WHERE challenge = ?");
    db_bind_text(s, 1, challenge);
    if (!db_run(s, err))
        return false;
    /* Only the request that deleted it may use it. */
    *found = db_changes(d) == 1;
    return true;
}

bool need_challenges_purge(db *d, int64_t now, dj_err *err)
{
    db_stmt *s = db_prepare(d, "DELETE FROM need_challenges WHERE expires_at < ?");
    db_bind_int(s, 1, now);
    return db_run(s, err);
}

bool need_hit_add(db *d, const char *key, int64_t at, dj_err *err)
{
    db_stmt *s = db_prepare(d, "INSERT INTO need_hits (key, at) VALUES (?, ?)");
    db_bind_text(s, 1, key);
    db_bind_int(s, 2, at);
    return db_run(s, err);
}

bool need_hits_count(db *d, const char *key, int64_t since, int64_t *n, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT COUNT(*) FROM need_hits WHERE key = ? AND at >= ?");
    db_bind_text(s, 1, key);
    db_bind_int(s, 2, since);
    if (db_step(s, err) != 1)
        return false;
    *n = db_col_int(s, 0);
    db_reset(s);
    return true;
}

bool need_hits_purge(db *d, int64_t before, dj_err *err)
{
    db_stmt *s = db_prepare(d, "DELETE FROM need_hits WHERE at < ?");
    db_bind_int(s, 1, before);
    return db_run(s, err);
}

json_t *needs_stats_rows_e(db *d, const need_scope *scope, int64_t institution_id, dj_err *err)
{
    store_where w = {0};
    char upper[300];
    scope_where(&w, scope, upper, sizeof upper);
    if (institution_id)
        where_and(&w, "n.institution_id = ?", WHERE_INT(institution_id));
    db_stmt *s = where_prepare(d, &w,
                               "SELECT n.institution_id, i.name AS institution_name, n.received_on, n.status, n.due_on,"
                               " n.solved_on FROM needs n JOIN institutions i ON i.id = n.institution_id",
                               " ORDER BY n.institution_id", 1, NULL);
    json_t *rows = db_rows_json(s, NULL, err);
    where_free(&w);
    return rows;
}

json_t *needs_overdue_e(db *d, const need_scope *scope, const char *today, int limit, dj_err *err)
{
    store_where w = {0};
    char upper[300];
    scope_where(&w, scope, upper, sizeof upper);
    where_and(&w, "n.status <> 'solved' AND n.due_on IS NOT NULL AND n.due_on < ?", WHERE_TEXT(today));
    int next;
    db_stmt *s = where_prepare(d, &w,
                               "SELECT n.id, n.ticket, n.institution_id, i.name AS institution_name, n.due_on"
                               " FROM needs n JOIN institutions i ON i.id = n.institution_id",
                               " ORDER BY n.due_on, n.id LIMIT ?", 1, &next);
    db_bind_int(s, next, limit);
    json_t *rows = db_rows_json(s, NULL, err);
    where_free(&w);
    return rows;
}
