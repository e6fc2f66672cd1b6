#include "store/orgs.h"
#include "store/module.h"

#include "core/buf.h"
#include "core/json.h"
#include "store/rows.h"
#include "store/where.h"

#include <stdio.h>
#include <string.h>

const char *const org_columns[] = {"name", "type", "parent_id", "departments", "established_on", "term_start", "term_end", NULL};

#define ORG_SELECT                                                                                 \
    "SELECT o.id, o.name, o.type, o.parent_id, o.path, o.departments AS departments_json,"         \
    " o.established_on, o.term_start, o.term_end,"                                                 \
    " EXISTS (SELECT 1 FROM orgs c WHERE c.parent_id = o.id AND c.deleted_at IS NULL) AS has_children," \
    " o.deleted_at IS NOT NULL AS deleted, o.version FROM orgs o"

static void fix_bools(json_t *o)
{
    json_object_set_new(o, "has_children", json_boolean(db_json_truthy(json_object_get(o, "has_children"))));
    json_object_set_new(o, "deleted", json_boolean(db_json_truthy(json_object_get(o, "deleted"))));
}

json_t *orgs_list_e(db *d, const org_query *q, int64_t *total, dj_err *err)
{
    char upper[300];
    store_path_upper(q->scope_path, upper, sizeof upper);
    store_where w = {0};
    where_and(&w, "o.path >= ? AND o.path < ?", WHERE_TEXT(q->scope_path), WHERE_TEXT(upper));
    where_and(&w, q->deleted ? "o.deleted_at IS NOT NULL" : "o.deleted_at IS NULL");
    if (q->parent_id)
        where_and(&w, "o.parent_id = ?", WHERE_INT(q->parent_id));
    if (q->roots && strcmp(q->scope_path, "/") == 0)
        where_and(&w, "o.parent_id IS NULL");
    else if (q->roots)
        where_and(&w, "o.path = ?", WHERE_TEXT(q->scope_path));
    if (q->q && *q->q)
        where_and(&w, db_dialect_of(d) == DB_POSTGRES ? "strpos(o.name, ?) > 0" : "instr(o.name, ?) > 0", WHERE_TEXT(q->q));
    if (q->type && *q->type)
        where_and(&w, "o.type = ?", WHERE_TEXT(q->type));
    json_t *items = NULL;
    if (where_count(d, &w, "FROM orgs o", total, err)) {
        int i;
        db_stmt *s = where_prepare(d, &w, ORG_SELECT, " ORDER BY o.path LIMIT ? OFFSET ?", 1, &i);
        db_bind_int(s, i++, q->limit);
        db_bind_int(s, i++, q->offset);
        items = db_rows_json(s, fix_bools, err);
    }
    where_free(&w);
    return items;
}

/* The two counts (all, full) of the first row of s into a and b. */
static bool two_counts(db_stmt *s, int *a, int *b, dj_err *err)
{
    if (db_step(s, err) != 1)
        return false;
    *a = (int)db_col_int(s, 0);
    if (b)
        *b = (int)db_col_int(s, 1);
    db_reset(s);
    return true;
}

bool org_count_e(db *d, int64_t id, const char *path, org_counts *out, dj_err *err)
{
    char upper[300];
    store_path_upper(path, upper, sizeof upper);
    /* Members "in" an organisation: not deleted, and not transferred out, suspended or deceased. */
    db_stmt *s = db_prepare(d,
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN category = 'full' THEN 1 ELSE 0 END), 0) FROM members WHERE org_path = ? AND deleted_at IS NULL"
        " AND status IN ('active', 'mobile', 'lost_contact')");
    db_bind_text(s, 1, path);
    if (!two_counts(s, &out->direct_members, &out->direct_full, err))
        return false;
    s = db_prepare(d, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN category = 'full' THEN 1 ELSE 0 END), 0) FROM members"
                      " WHERE org_path >= ? AND org_path < ? AND deleted_at IS NULL"
                      " AND status IN ('active', 'mobile', 'lost_contact')");
    db_bind_text(s, 1, path);
    db_bind_text(s, 2, upper);
    if (!two_counts(s, &out->subtree_members, &out->subtree_full, err))
        return false;
    s = db_prepare(d, "SELECT COUNT(*) FROM org_committee WHERE org_id = ?");
    db_bind_int(s, 1, id);
    return two_counts(s, &out->committee, NULL, err);
}

void org_count(db *d, int64_t id, const char *path, org_counts *out)
{
    org_count_e(d, id, path, out, NULL);
}

/* Appends every row of s to a; false + err when the read fails. */
static bool append_rows(db_stmt *s, json_t *a, dj_err *err)
{
    int rc;
    while ((rc = db_step(s, err)) == 1)
        json_array_append_new(a, db_row_json(s));
    return rc == 0;
}

json_t *org_read_e(db *d, int64_t id, dj_err *err)
{
    db_stmt *s = db_prepare(d, ORG_SELECT " WHERE o.id = ?");
    db_bind_int(s, 1, id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "组织不存在");
        return NULL;
    }
    json_t *o = db_row_json(s);
    db_reset(s);
    fix_bools(o);
    json_t *com = json_array();
    json_object_set_new(o, "committee", com);
    s = db_prepare(d, "SELECT name, member_id, position, term_start, term_end FROM org_committee WHERE org_id = ? ORDER BY sort, id");
    db_bind_int(s, 1, id);
    bool ok = append_rows(s, com, err);
    json_t *inst = json_array();
    json_object_set_new(o, "institutions", inst);
    if (ok) {
        s = db_prepare(d, "SELECT i.id, i.name, i.ownership FROM org_institutions oi JOIN institutions i ON i.id = oi.institution_id"
                          " WHERE oi.org_id = ? AND i.deleted_at IS NULL ORDER BY i.name");
        db_bind_int(s, 1, id);
        ok = append_rows(s, inst, err);
    }
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *org_read(db *d, int64_t id)
{
    return org_read_e(d, id, NULL);
}

bool org_create(db *d, const json_t *fields, const char *parent_path, const dj_actor *who, int64_t *id, dj_err *err)
{
    json_t *f = json_deep_copy(fields);
    /* The path needs the id: insert with a temporary unique path, then set the real one. */
    char tmp[64];
    snprintf(tmp, sizeof tmp, "~new~%p", (void *)f);
    json_object_set_new(f, "path", json_string(tmp));
    static const char *const cols[] = {"name", "type", "parent_id", "departments", "established_on", "term_start", "term_end", "path", NULL};
    bool ok = row_insert(d, "orgs", cols, f, who, id, err);
    json_decref(f);
    if (!ok)
        return false;
    char path[300];
    snprintf(path, sizeof path, "%s%lld/", *parent_path ? parent_path : "/", (long long)*id);
    db_stmt *s = db_prepare(d, "UPDATE orgs SET path = ? WHERE id = ?");
    db_bind_text(s, 1, path);
    db_bind_int(s, 2, *id);
    return db_run(s, err);
}

bool org_move(db *d, int64_t id, const char *old_path, const char *new_parent_path, dj_err *err)
{
    char new_path[300], upper[300];
    snprintf(new_path, sizeof new_path, "%s%lld/", *new_parent_path ? new_parent_path : "/", (long long)id);
    store_path_upper(old_path, upper, sizeof upper);
    int keep = (int)strlen(old_path) + 1; /* substr is 1-based */
    db_stmt *s = db_prepare(d, "UPDATE orgs SET path = ? || substr(path, ?) WHERE path >= ? AND path < ?");
    db_bind_text(s, 1, new_path);
    db_bind_int(s, 2, keep);
    db_bind_text(s, 3, old_path);
    db_bind_text(s, 4, upper);
    if (!db_run(s, err))
        return false;
    /* Every table that keeps a copy of the path (module.h: org_path) moves with the tree. */
    for (const store_table *t = NULL; (t = store_table_next(t));) {
        if (!t->org_path)
            continue;
        char sql[160];
        snprintf(sql, sizeof sql, "UPDATE %s SET org_path = ? || substr(org_path, ?) WHERE org_path >= ? AND org_path < ?",
                 t->name);
        s = db_prepare(d, sql);
        db_bind_text(s, 1, new_path);
        db_bind_int(s, 2, keep);
        db_bind_text(s, 3, old_path);
        db_bind_text(s, 4, upper);
        if (!db_run(s, err))
            return false;
    }
    return true;
}

bool org_set_committee(db *d, int64_t id, const json_t *committee, dj_err *err)
{
    db_stmt *s = db_prepare(d, "DELETE FROM org_committee WHERE org_id = ?");
    db_bind_int(s, 1, id);
    if (!db_run(s, err))
        return false;
    size_t i;
    json_t *c;
    json_array_foreach(committee, i, c) {
        s = db_prepare(d, "INSERT INTO org_committee (org_id, name, member_id, position, term_start, term_end, sort)"
                          " VALUES (?,?,?,?,?,?,?)");
        db_bind_int(s, 1, id);
        db_bind_text(s, 2, json_str(c, "name"));
        int64_t mid;
        if (json_int(c, "member_id", &mid))
            db_bind_int(s, 3, mid);
        db_bind_text(s, 4, json_str(c, "position"));
        db_bind_text(s, 5, json_str(c, "term_start"));
        db_bind_text(s, 6, json_str(c, "term_end"));
        db_bind_int(s, 7, (int64_t)i);
        if (!db_run(s, err))
            return false;
    }
    return true;
}

bool org_set_institutions(db *d, int64_t id, const json_t *ids, dj_err *err)
{
    db_stmt *s = db_prepare(d, "DELETE FROM org_institutions WHERE org_id = ?");
    db_bind_int(s, 1, id);
    if (!db_run(s, err))
        return false;
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v) {
        s = db_prepare(d, "INSERT INTO org_institutions (org_id, institution_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
        db_bind_int(s, 1, id);
        db_bind_int(s, 2, json_integer_value(v));
        if (!db_run(s, err))
            return false;
    }
    return true;
}

bool org_has_content_e(db *d, int64_t id, bool *has, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT EXISTS (SELECT 1 FROM orgs WHERE parent_id = ? AND deleted_at IS NULL)"
                               " OR EXISTS (SELECT 1 FROM members m JOIN orgs o ON o.id = ? WHERE m.org_path = o.path AND m.deleted_at IS NULL)");
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, id);
    if (db_step(s, err) != 1)
        return false;
    *has = db_col_int(s, 0) != 0;
    db_reset(s);
    return true;
}

bool org_has_content(db *d, int64_t id)
{
    bool has = false; /* as before on a failed read; org_has_content_e reports it */
    org_has_content_e(d, id, &has, NULL);
    return has;
}

bool org_live_path_e(db *d, int64_t id, char *out, size_t n, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT path FROM orgs WHERE id = ? AND deleted_at IS NULL");
    db_bind_int(s, 1, id);
    int rc = db_step(s, err);
    if (rc != 1)
        return rc == 0 ? dj_err_set(err, "not_found", "", "组织不存在或已删除") : false;
    snprintf(out, n, "%s", db_col_text(s, 0));
    db_reset(s);
    return true;
}

bool org_live_path(db *d, int64_t id, char *out, size_t n)
{
    return org_live_path_e(d, id, out, n, NULL);
}
