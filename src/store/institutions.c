#include "store/institutions.h"
#include "core/arena.h"

#include "core/buf.h"

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

json_t *institutions_list(db *d, const institution_query *q, int64_t *total)
{
    char upper[300];
    store_path_upper(q->scope_path, upper, sizeof upper);
    buf where = {0};
    buf_puts(&where, q->deleted ? " WHERE i.deleted_at IS NOT NULL" : " WHERE i.deleted_at IS NULL");
    bool all = strcmp(q->scope_path, "/") == 0;
    /* An institution belongs to a scope through the organisations that cover it; an uncovered one
     * (应建未建) is visible to those who oversee coverage (q->include_uncovered) in the scope that
     * registered it (owner_path), or to all of them when an administrator registered it. */
    if (!all)
        buf_puts(&where, q->include_uncovered
                             ? " AND (EXISTS (SELECT 1 FROM org_institutions oi JOIN orgs o ON o.id = oi.org_id"
                               " WHERE oi.institution_id = i.id AND o.path >= ? AND o.path < ?)"
                               " OR (NOT EXISTS (SELECT 1 FROM org_institutions oi WHERE oi.institution_id = i.id)"
                               " AND (i.owner_path IS NULL OR substr(i.owner_path, 1, length(?)) = ?)))"
                             : " AND EXISTS (SELECT 1 FROM org_institutions oi JOIN orgs o ON o.id = oi.org_id"
                               " WHERE oi.institution_id = i.id AND o.path >= ? AND o.path < ?)");
    if (q->q && *q->q)
        buf_puts(&where, db_dialect_of(d) == DB_POSTGRES ? " AND (strpos(i.name, ?) > 0 OR i.credit_code = ?)"
                                                         : " AND (instr(i.name, ?) > 0 OR i.credit_code = ?)");
    if (q->ownership && *q->ownership)
        buf_puts(&where, " AND i.ownership = ?");
    if (q->kind && *q->kind)
        buf_puts(&where, " AND i.kind = ?");
    if (q->district && *q->district)
        buf_puts(&where, " AND i.district = ?");
    json_t *items = json_array();
    for (int pass = 0; pass < 2; pass++) {
        buf sql = {0};
        if (pass == 0)
            buf_printf(&sql, "SELECT COUNT(*) FROM institutions i%s", where.data);
        else
            buf_printf(&sql, "%s%s ORDER BY i.name, i.id LIMIT ? OFFSET ?", INST_SELECT, where.data);
        db_stmt *s = db_prepare(d, sql.data);
        buf_free(&sql);
        int i = 1;
        if (!all) {
            db_bind_text(s, i++, q->scope_path);
            db_bind_text(s, i++, upper);
            if (q->include_uncovered) {
                db_bind_text(s, i++, q->scope_path);
                db_bind_text(s, i++, q->scope_path);
            }
        }
        if (q->q && *q->q) {
            db_bind_text(s, i++, q->q);
            db_bind_text(s, i++, q->q);
        }
        if (q->ownership && *q->ownership)
            db_bind_text(s, i++, q->ownership);
        if (q->kind && *q->kind)
            db_bind_text(s, i++, q->kind);
        if (q->district && *q->district)
            db_bind_text(s, i++, q->district);
        if (pass == 0) {
            *total = db_step(s, NULL) == 1 ? db_col_int(s, 0) : 0;
            db_step(s, NULL);
            continue;
        }
        db_bind_int(s, i++, q->limit);
        db_bind_int(s, i++, q->offset);
        while (db_step(s, NULL) == 1) {
            json_t *o = db_row_json(s);
            fix(o);
            json_array_append_new(items, o);
        }
    }
    buf_free(&where);
    /* The covering orgs of each row on the page. */
    size_t k;
    json_t *o;
    json_array_foreach(items, k, o) {
        json_t *full = institution_read(d, json_integer_value(json_object_get(o, "id")));
        json_object_set(o, "orgs", json_object_get(full, "orgs"));
        json_object_set(o, "org_ids", json_object_get(full, "org_ids"));
        json_decref(full);
    }
    return items;
}

json_t *institution_read(db *d, int64_t id)
{
    db_stmt *s = db_prepare(d, INST_SELECT " WHERE i.id = ?");
    db_bind_int(s, 1, id);
    if (db_step(s, NULL) != 1)
        return NULL;
    json_t *o = db_row_json(s);
    db_step(s, NULL);
    fix(o);
    json_t *orgs = json_array(), *ids = json_array();
    s = db_prepare(d, "SELECT o.id, o.name, o.path FROM org_institutions oi JOIN orgs o ON o.id = oi.org_id"
                      " WHERE oi.institution_id = ? AND o.deleted_at IS NULL ORDER BY o.path");
    db_bind_int(s, 1, id);
    while (db_step(s, NULL) == 1) {
        json_array_append_new(orgs, db_row_json(s));
        json_array_append_new(ids, json_integer(db_col_int(s, 0)));
    }
    json_object_set_new(o, "orgs", orgs);
    json_object_set_new(o, "org_ids", ids);
    return o;
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
