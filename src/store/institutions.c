#include "store/institutions.h"
#include "core/arena.h"

#include "core/buf.h"
#include "store/where.h"

#include <stdio.h>
#include <stdlib.h>

#include <string.h>

const char *const institution_columns[] = {"name", "credit_code", "ownership", "kind", "grade", "district", "address",
                                           "latitude", "longitude", "staff_count", NULL};

#define INST_SELECT                                                                                \
    "SELECT i.id, i.name, i.credit_code, i.ownership, i.kind, i.grade, i.district, i.address,"     \
    " i.latitude, i.longitude, i.staff_count, i.deleted_at IS NOT NULL AS deleted, i.version, i.owner_path" \
    " FROM institutions i"

static void fix(json_t *o)
{
    json_object_set_new(o, "deleted", json_boolean(db_json_truthy(json_object_get(o, "deleted"))));
}

/* The organisations covering each institution of a page, in one query: "orgs" ([{id, name,
 * path}] in path order) and "org_ids" of every item, as institution_read gives them. */
static bool attach_orgs(db *d, json_t *items, dj_err *err)
{
    json_t *by_id = json_object(), *ids = json_array();
    size_t k;
    json_t *o;
    json_array_foreach(items, k, o) {
        json_int_t id = json_integer_value(json_object_get(o, "id"));
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)id);
        json_object_set_new(o, "orgs", json_array());
        json_object_set_new(o, "org_ids", json_array());
        json_object_set(by_id, key, o);
        json_array_append_new(ids, json_integer(id));
    }
    /* The page's ids bound as one JSON array: one statement whatever the page's size. */
    db_stmt *s = db_prepare(d, db_dialect_of(d) == DB_POSTGRES
        ? "SELECT o.id, o.name, o.path, oi.institution_id FROM org_institutions oi JOIN orgs o ON o.id = oi.org_id"
          " WHERE oi.institution_id IN (SELECT value::bigint FROM jsonb_array_elements_text(?::jsonb))"
          " AND o.deleted_at IS NULL ORDER BY oi.institution_id, o.path"
        : "SELECT o.id, o.name, o.path, oi.institution_id FROM org_institutions oi JOIN orgs o ON o.id = oi.org_id"
          " WHERE oi.institution_id IN (SELECT value FROM json_each(?))"
          " AND o.deleted_at IS NULL ORDER BY oi.institution_id, o.path");
    char *list = json_dumps(ids, JSON_COMPACT);
    db_bind_text(s, 1, list);
    free(list);
    json_decref(ids);
    int rc;
    while ((rc = db_step(s, err)) == 1) {
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)db_col_int(s, 3));
        json_t *item = json_object_get(by_id, key);
        json_t *org = db_row_json(s);
        json_object_del(org, "institution_id");
        json_array_append_new(json_object_get(item, "org_ids"), json_integer(db_col_int(s, 0)));
        json_array_append_new(json_object_get(item, "orgs"), org);
    }
    json_decref(by_id);
    return rc == 0;
}

void institution_scope_where(store_where *w, const char *scope_path, const char *upper, bool include_uncovered)
{
    /* An institution belongs to a scope through the organisations that cover it; an uncovered one
     * (应建未建) is visible to those who oversee coverage (include_uncovered) in the scope that
     * registered it (owner_path), or to all of them when an administrator registered it. */
    if (strcmp(scope_path, "/") != 0 && include_uncovered)
        where_and(w, "(EXISTS (SELECT 1 FROM org_institutions oi JOIN orgs o ON o.id = oi.org_id"
                     " WHERE oi.institution_id = i.id AND o.path >= ? AND o.path < ?)"
                     " OR (NOT EXISTS (SELECT 1 FROM org_institutions oi WHERE oi.institution_id = i.id)"
                     " AND (i.owner_path IS NULL OR substr(i.owner_path, 1, length(?)) = ?)))",
                  WHERE_TEXT(scope_path), WHERE_TEXT(upper), WHERE_TEXT(scope_path), WHERE_TEXT(scope_path));
    else if (strcmp(scope_path, "/") != 0)
        where_and(w, "EXISTS (SELECT 1 FROM org_institutions oi JOIN orgs o ON o.id = oi.org_id"
                     " WHERE oi.institution_id = i.id AND o.path >= ? AND o.path < ?)",
                  WHERE_TEXT(scope_path), WHERE_TEXT(upper));
}

json_t *institutions_list_e(db *d, const institution_query *q, int64_t *total, dj_err *err)
{
    char upper[300];
    store_path_upper(q->scope_path, upper, sizeof upper);
    store_where w = {0};
    where_and(&w, q->deleted ? "i.deleted_at IS NOT NULL" : "i.deleted_at IS NULL");
    institution_scope_where(&w, q->scope_path, upper, q->include_uncovered);
    if (q->q && *q->q)
        where_and(&w, db_dialect_of(d) == DB_POSTGRES ? "(strpos(i.name, ?) > 0 OR i.credit_code = ?)"
                                                      : "(instr(i.name, ?) > 0 OR i.credit_code = ?)",
                  WHERE_TEXT(q->q), WHERE_TEXT(q->q));
    if (q->ownership && *q->ownership)
        where_and(&w, "i.ownership = ?", WHERE_TEXT(q->ownership));
    if (q->kind && *q->kind)
        where_and(&w, "i.kind = ?", WHERE_TEXT(q->kind));
    if (q->district && *q->district)
        where_and(&w, "i.district = ?", WHERE_TEXT(q->district));
    json_t *items = NULL;
    if (where_count(d, &w, "FROM institutions i", total, err)) {
        int i;
        /* By pinyin (members.c's sorts). */
        db_stmt *s = where_prepare(d, &w, INST_SELECT,
                                   db_dialect_of(d) == DB_POSTGRES ? " ORDER BY i.name COLLATE \"zh-x-icu\", i.id LIMIT ? OFFSET ?"
                                                                   : " ORDER BY i.name COLLATE PINYIN, i.id LIMIT ? OFFSET ?",
                                   1, &i);
        db_bind_int(s, i++, q->limit);
        db_bind_int(s, i++, q->offset);
        items = db_rows_json(s, fix, err);
        if (items && !attach_orgs(d, items, err)) {
            json_decref(items);
            items = NULL;
        }
    }
    where_free(&w);
    return items;
}

json_t *institution_read_e(db *d, int64_t id, dj_err *err)
{
    db_stmt *s = db_prepare(d, INST_SELECT " WHERE i.id = ?");
    db_bind_int(s, 1, id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "机构不存在");
        return NULL;
    }
    json_t *o = db_row_json(s);
    db_reset(s);
    fix(o);
    json_t *orgs = json_array(), *ids = json_array();
    json_object_set_new(o, "orgs", orgs);
    json_object_set_new(o, "org_ids", ids);
    s = db_prepare(d, "SELECT o.id, o.name, o.path FROM org_institutions oi JOIN orgs o ON o.id = oi.org_id"
                      " WHERE oi.institution_id = ? AND o.deleted_at IS NULL ORDER BY o.path");
    db_bind_int(s, 1, id);
    while ((rc = db_step(s, err)) == 1) {
        json_array_append_new(orgs, db_row_json(s));
        json_array_append_new(ids, json_integer(db_col_int(s, 0)));
    }
    if (rc < 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *institution_read(db *d, int64_t id)
{
    return institution_read_e(d, id, NULL);
}

bool institution_set_orgs(db *d, int64_t id, const json_t *org_ids, dj_err *err)
{
    db_stmt *s = db_prepare(d, "DELETE FROM org_institutions WHERE institution_id = ?");
    db_bind_int(s, 1, id);
    if (!db_run(s, err))
        return false;
    size_t i;
    json_t *v;
    json_array_foreach(org_ids, i, v) {
        s = db_prepare(d, "INSERT INTO org_institutions (org_id, institution_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
        db_bind_int(s, 1, json_integer_value(v));
        db_bind_int(s, 2, id);
        if (!db_run(s, err))
            return false;
    }
    return true;
}

bool institution_set_owner(db *d, int64_t id, const char *owner_path, dj_err *err)
{
    db_stmt *s = db_prepare(d, "UPDATE institutions SET owner_path = ? WHERE id = ?");
    db_bind_text(s, 1, owner_path);
    db_bind_int(s, 2, id);
    return db_run(s, err);
}
