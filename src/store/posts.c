/* posts.c: pioneer posts and badges in the database (posts.h). */
#include "store/posts.h"

#include "core/json.h"
#include "store/where.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const post_columns[] = {"name", "institution_id", "org_id", "org_path", "department", "place",
                                    "started_on", "note", NULL};

#define POST_COLUMNS                                                                                             \
    "p.id, p.name, p.institution_id, i.name AS institution_name, p.org_id, o.name AS org_name, p.org_path,"      \
    " p.department, p.place, p.started_on, p.note,"                                                             \
    " CASE WHEN p.deleted_at IS NULL THEN 'false' ELSE 'true' END AS deleted_json,"                             \
    " p.version, p.created_at, p.updated_at"
#define POST_FROM " FROM pioneer_posts p JOIN institutions i ON i.id = p.institution_id JOIN orgs o ON o.id = p.org_id"

json_t *post_members_e(db *d, int64_t post_id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT m.id, m.name, m.org_path FROM pioneer_post_members pm"
                               " JOIN members m ON m.id = pm.member_id WHERE pm.post_id = ? ORDER BY pm.seq");
    db_bind_int(s, 1, post_id);
    return db_rows_json(s, NULL, err);
}

/* Each post's members, without their paths (a list shows names only). */
static bool with_members(db *d, json_t *items, dj_err *err)
{
    size_t i;
    json_t *p;
    json_array_foreach(items, i, p) {
        json_t *ms = post_members_e(d, json_integer_value(json_object_get(p, "id")), err);
        if (!ms)
            return false;
        size_t k;
        json_t *m;
        json_array_foreach(ms, k, m)
            json_object_del(m, "org_path");
        json_object_set_new(p, "members", ms);
    }
    return true;
}

json_t *posts_list_e(db *d, const post_query *q, int64_t *total, dj_err *err)
{
    store_where w = {0};
    char upper[300];
    store_path_upper(q->subtree, upper, sizeof upper);
    where_and(&w, "p.org_path >= ? AND p.org_path < ?", WHERE_TEXT(q->subtree), WHERE_TEXT(upper));
    where_and(&w, "p.deleted_at IS NULL");
    if (q->institution_id)
        where_and(&w, "p.institution_id = ?", WHERE_INT(q->institution_id));
    if (q->member_id)
        where_and(&w, "EXISTS (SELECT 1 FROM pioneer_post_members pm WHERE pm.post_id = p.id AND pm.member_id = ?)",
                  WHERE_INT(q->member_id));
    if (q->q && *q->q) {
        size_t n = strlen(q->q) + 3;
        char *like = malloc(n);
        snprintf(like, n, "%%%s%%", q->q);
        const char *k = where_keep(&w, like);
        where_and(&w, "(p.name LIKE ? OR p.department LIKE ? OR p.place LIKE ?)", WHERE_TEXT(k), WHERE_TEXT(k),
                  WHERE_TEXT(k));
    }
    json_t *items = NULL;
    if (where_count(d, &w, "FROM pioneer_posts p", total, err)) {
        int next;
        db_stmt *s = where_prepare(d, &w, "SELECT " POST_COLUMNS POST_FROM, " ORDER BY p.id LIMIT ? OFFSET ?", 1, &next);
        db_bind_int(s, next, q->limit < 0 ? INT64_MAX : q->limit);
        db_bind_int(s, next + 1, q->offset);
        items = db_rows_json(s, NULL, err);
    }
    where_free(&w);
    if (items && !with_members(d, items, err)) {
        json_decref(items);
        return NULL;
    }
    return items;
}

json_t *post_read_e(db *d, int64_t id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT " POST_COLUMNS POST_FROM " WHERE p.id = ?");
    db_bind_int(s, 1, id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "先锋岗不存在");
        return NULL;
    }
    json_t *p = db_row_json(s);
    db_reset(s);
    return p;
}

bool post_members_set(db *d, int64_t post_id, const json_t *ids, dj_err *err)
{
    db_stmt *s = db_prepare(d, "DELETE FROM pioneer_post_members WHERE post_id = ?");
    db_bind_int(s, 1, post_id);
    if (!db_run(s, err))
        return false;
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v) {
        s = db_prepare(d, "INSERT INTO pioneer_post_members (post_id, member_id, seq) VALUES (?, ?, ?)");
        db_bind_int(s, 1, post_id);
        db_bind_int(s, 2, json_integer_value(v));
        db_bind_int(s, 3, (int64_t)i + 1);
        if (!db_run(s, err))
            return false;
    }
    return true;
}

bool post_covering_org(db *d, int64_t institution_id, const char *scope_path, int64_t *org_id, char *path, size_t n,
                       dj_err *err)
{
    char upper[300];
    store_path_upper(scope_path, upper, sizeof upper);
    db_stmt *s = db_prepare(d, "SELECT o.id, o.path FROM org_institutions oi JOIN orgs o ON o.id = oi.org_id"
                               " AND o.deleted_at IS NULL WHERE oi.institution_id = ? AND o.path >= ? AND o.path < ?"
                               " ORDER BY LENGTH(o.path) DESC, o.id LIMIT 1");
    db_bind_int(s, 1, institution_id);
    db_bind_text(s, 2, scope_path);
    db_bind_text(s, 3, upper);
    *org_id = 0;
    int rc = db_step(s, err);
    if (rc < 0)
        return false;
    if (rc == 1) {
        *org_id = db_col_int(s, 0);
        snprintf(path, n, "%s", db_col_text(s, 1));
        db_reset(s);
    }
    return true;
}

bool badge_read(db *d, int64_t member_id, bool *found, char *token, size_t n, bool *enabled, bool *has_photo, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT token, enabled, CASE WHEN photo IS NULL THEN 0 ELSE 1 END FROM member_badges"
                               " WHERE member_id = ?");
    db_bind_int(s, 1, member_id);
    int rc = db_step(s, err);
    if (rc < 0)
        return false;
    *found = rc == 1;
    *enabled = false;
    *has_photo = false;
    if (n)
        token[0] = '\0';
    if (rc == 1) {
        snprintf(token, n, "%s", db_col_text(s, 0));
        *enabled = db_col_int(s, 1) != 0;
        *has_photo = db_col_int(s, 2) != 0;
        db_reset(s);
    }
    return true;
}

bool badge_write(db *d, int64_t member_id, const char *token, bool enabled, dj_err *err)
{
    char now[32];
    store_now(now);
    db_stmt *s = db_prepare(d, "UPDATE member_badges SET token = ?, enabled = ?, updated_at = ? WHERE member_id = ?");
    db_bind_text(s, 1, token);
    db_bind_int(s, 2, enabled);
    db_bind_text(s, 3, now);
    db_bind_int(s, 4, member_id);
    if (!db_run(s, err))
        return false;
    if (db_changes(d) > 0)
        return true;
    s = db_prepare(d, "INSERT INTO member_badges (member_id, token, enabled, updated_at) VALUES (?, ?, ?, ?)");
    db_bind_int(s, 1, member_id);
    db_bind_text(s, 2, token);
    db_bind_int(s, 3, enabled);
    db_bind_text(s, 4, now);
    return db_run(s, err);
}

bool badge_photo_write(db *d, int64_t member_id, const void *data, size_t len, const char *type, dj_err *err)
{
    char now[32];
    store_now(now);
    db_stmt *s = db_prepare(d, "UPDATE member_badges SET photo = ?, photo_type = ?, updated_at = ? WHERE member_id = ?");
    if (data)
        db_bind_blob(s, 1, data, len);
    else
        db_bind_null(s, 1);
    db_bind_text(s, 2, data ? type : NULL);
    db_bind_text(s, 3, now);
    db_bind_int(s, 4, member_id);
    return db_run(s, err);
}

json_t *badge_public_e(db *d, const char *token, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT m.id AS member_id, m.name, m.title, m.department, m.org_path,"
                               " CASE WHEN b.photo IS NULL THEN 0 ELSE 1 END AS has_photo"
                               " FROM member_badges b JOIN members m ON m.id = b.member_id AND m.deleted_at IS NULL"
                               " WHERE b.token = ? AND b.enabled = 1");
    db_bind_text(s, 1, token);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "工作牌不存在或已关闭");
        return NULL;
    }
    json_t *b = db_row_json(s);
    db_reset(s);
    int64_t mid = json_integer_value(json_object_get(b, "member_id"));
    /* Its pioneer posts (live), and the institution: the first post's, else the one covering the
     * member's organisation or its nearest ancestor. */
    s = db_prepare(d, "SELECT p.name, i.name AS institution FROM pioneer_post_members pm"
                      " JOIN pioneer_posts p ON p.id = pm.post_id AND p.deleted_at IS NULL"
                      " JOIN institutions i ON i.id = p.institution_id WHERE pm.member_id = ? ORDER BY p.id");
    db_bind_int(s, 1, mid);
    json_t *posts = db_rows_json(s, NULL, err);
    if (!posts) {
        json_decref(b);
        return NULL;
    }
    json_t *names = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(posts, i, p)
        json_array_append_new(names, json_string(json_str(p, "name")));
    json_object_set_new(b, "posts", names);
    if (json_array_size(posts)) {
        json_object_set_new(b, "institution", json_string(json_str(json_array_get(posts, 0), "institution")));
    } else {
        s = db_prepare(d, "SELECT i.name FROM org_institutions oi JOIN orgs o ON o.id = oi.org_id"
                          " JOIN institutions i ON i.id = oi.institution_id AND i.deleted_at IS NULL"
                          " WHERE SUBSTR(?, 1, LENGTH(o.path)) = o.path ORDER BY LENGTH(o.path) DESC, i.id LIMIT 1");
        db_bind_text(s, 1, json_str(b, "org_path"));
        rc = db_step(s, err);
        if (rc < 0) {
            json_decref(posts);
            json_decref(b);
            return NULL;
        }
        if (rc == 1) {
            json_object_set_new(b, "institution", json_string(db_col_text(s, 0)));
            db_reset(s);
        }
    }
    json_decref(posts);
    json_object_del(b, "org_path");
    return b;
}

char *badge_photo_e(db *d, const char *token, size_t *len, char *type, size_t tn, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT b.photo, b.photo_type FROM member_badges b"
                               " JOIN members m ON m.id = b.member_id AND m.deleted_at IS NULL"
                               " WHERE b.token = ? AND b.enabled = 1 AND b.photo IS NOT NULL");
    db_bind_text(s, 1, token);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "照片不存在");
        return NULL;
    }
    size_t n = 0;
    const void *p = db_col_blob(s, 0, &n);
    char *out = malloc(n ? n : 1);
    if (n)
        memcpy(out, p, n);
    *len = n;
    snprintf(type, tn, "%s", db_col_text(s, 1));
    db_reset(s);
    return out;
}
