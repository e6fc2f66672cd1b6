/* service.c: volunteer service events in the database (service.h). */
#include "store/service.h"

#include "core/arena.h"
#include "core/json.h"
#include "store/where.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const service_columns[] = {"held_on", "title", "kind", "place", "org_id", "org_path", "people_served",
                                       "medicine_fen", "note", NULL};

#define EVENT_COLUMNS                                                                                            \
    "e.id, e.held_on, e.title, e.kind, e.place, e.org_id, o.name AS org_name, e.org_path, e.people_served,"      \
    " e.medicine_fen, e.note, CASE WHEN e.deleted_at IS NULL THEN 'false' ELSE 'true' END AS deleted_json,"      \
    " e.version, e.created_at, e.updated_at,"                                                                    \
    " (SELECT COUNT(*) FROM service_event_members sm WHERE sm.event_id = e.id) AS member_count,"                \
    " (SELECT COALESCE(SUM(sm.half_hours), 0) FROM service_event_members sm WHERE sm.event_id = e.id) AS half_hours," \
    " (SELECT COUNT(*) FROM service_event_photos ph WHERE ph.event_id = e.id) AS photos"
#define EVENT_FROM " FROM service_events e JOIN orgs o ON o.id = e.org_id"

/* Hours from half hours (exact), for the answers. */
static void event_fix(json_t *e)
{
    json_object_set_new(e, "hours", json_real((double)json_integer_value(json_object_get(e, "half_hours")) / 2.0));
    json_object_del(e, "half_hours");
}

json_t *service_list_e(db *d, const service_query *q, int64_t *total, dj_err *err)
{
    store_where w = {0};
    char upper[300];
    store_path_upper(q->subtree, upper, sizeof upper);
    where_and(&w, "e.org_path >= ? AND e.org_path < ?", WHERE_TEXT(q->subtree), WHERE_TEXT(upper));
    where_and(&w, "e.deleted_at IS NULL");
    if (q->from)
        where_and(&w, "e.held_on >= ?", WHERE_TEXT(q->from));
    if (q->to)
        where_and(&w, "e.held_on < ?", WHERE_TEXT(q->to));
    if (q->kind)
        where_and(&w, "e.kind = ?", WHERE_TEXT(q->kind));
    if (q->member_id)
        where_and(&w, "EXISTS (SELECT 1 FROM service_event_members sm WHERE sm.event_id = e.id AND sm.member_id = ?)",
                  WHERE_INT(q->member_id));
    if (q->q && *q->q) {
        size_t n = strlen(q->q) + 3;
        char *like = malloc(n);
        snprintf(like, n, "%%%s%%", q->q);
        const char *k = where_keep(&w, like);
        where_and(&w, "(e.title LIKE ? OR e.place LIKE ?)", WHERE_TEXT(k), WHERE_TEXT(k));
    }
    json_t *items = NULL;
    if (where_count(d, &w, "FROM service_events e", total, err)) {
        int next;
        db_stmt *s = where_prepare(d, &w, "SELECT " EVENT_COLUMNS EVENT_FROM, " ORDER BY e.held_on DESC, e.id DESC LIMIT ? OFFSET ?",
                                   1, &next);
        db_bind_int(s, next, q->limit < 0 ? INT64_MAX : q->limit);
        db_bind_int(s, next + 1, q->offset);
        items = db_rows_json(s, event_fix, err);
    }
    where_free(&w);
    return items;
}

json_t *service_read_e(db *d, int64_t id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT " EVENT_COLUMNS EVENT_FROM " WHERE e.id = ?");
    db_bind_int(s, 1, id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "服务活动不存在");
        return NULL;
    }
    json_t *e = db_row_json(s);
    db_reset(s);
    event_fix(e);
    return e;
}

static void member_fix(json_t *m)
{
    json_object_set_new(m, "hours", json_real((double)json_integer_value(json_object_get(m, "half_hours")) / 2.0));
    json_object_del(m, "half_hours");
}

bool service_links_e(db *d, int64_t id, json_t *ev, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT o.id, o.name FROM service_event_orgs x JOIN orgs o ON o.id = x.org_id"
                               " WHERE x.event_id = ? ORDER BY CASE WHEN o.id = (SELECT org_id FROM service_events"
                               " WHERE id = x.event_id) THEN 0 ELSE 1 END, o.id");
    db_bind_int(s, 1, id);
    json_t *orgs = db_rows_json(s, NULL, err);
    if (!orgs)
        return false;
    json_object_set_new(ev, "orgs", orgs);
    s = db_prepare(d, "SELECT i.id, i.name FROM service_event_institutions x JOIN institutions i ON i.id = x.institution_id"
                      " WHERE x.event_id = ? ORDER BY i.id");
    db_bind_int(s, 1, id);
    json_t *insts = db_rows_json(s, NULL, err);
    if (!insts)
        return false;
    json_object_set_new(ev, "institutions", insts);
    s = db_prepare(d, "SELECT m.id AS member_id, m.name, x.half_hours FROM service_event_members x"
                      " JOIN members m ON m.id = x.member_id WHERE x.event_id = ? ORDER BY m.id");
    db_bind_int(s, 1, id);
    json_t *ms = db_rows_json(s, member_fix, err);
    if (!ms)
        return false;
    json_object_set_new(ev, "members", ms);
    return true;
}

/* Replaces the rows of one link table of event id: delete_sql (binds the id), then insert_sql
 * (binds the id, the item's integer, and with key2 the item's second integer) for each item (an
 * integer, or an object whose key and key2 are read). */
static bool links_replace(db *d, int64_t id, const json_t *items, const char *delete_sql, const char *insert_sql,
                          const char *key, const char *key2, dj_err *err)
{
    db_stmt *s = db_prepare(d, delete_sql);
    db_bind_int(s, 1, id);
    if (!db_run(s, err))
        return false;
    size_t i;
    json_t *v;
    json_array_foreach(items, i, v) {
        s = db_prepare(d, insert_sql);
        db_bind_int(s, 1, id);
        db_bind_int(s, 2, json_integer_value(key ? json_object_get(v, key) : v));
        if (key2)
            db_bind_int(s, 3, json_integer_value(json_object_get(v, key2)));
        if (!db_run(s, err))
            return false;
    }
    return true;
}

bool service_links_set(db *d, int64_t id, const json_t *org_ids, const json_t *inst_ids, const json_t *members,
                       dj_err *err)
{
    return (!org_ids || links_replace(d, id, org_ids, "DELETE FROM service_event_orgs WHERE event_id = ?",
                                      "INSERT INTO service_event_orgs (event_id, org_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                                      NULL, NULL, err)) &&
           (!inst_ids || links_replace(d, id, inst_ids, "DELETE FROM service_event_institutions WHERE event_id = ?",
                                       "INSERT INTO service_event_institutions (event_id, institution_id) VALUES (?, ?)"
                                       " ON CONFLICT DO NOTHING",
                                       NULL, NULL, err)) &&
           (!members || links_replace(d, id, members, "DELETE FROM service_event_members WHERE event_id = ?",
                                      "INSERT INTO service_event_members (event_id, member_id, half_hours) VALUES (?, ?, ?)",
                                      "member_id", "half_hours", err));
}

bool service_totals_e(db *d, const char *subtree, const char *from, const char *to, service_totals *t, dj_err *err)
{
    memset(t, 0, sizeof *t);
    char upper[300];
    store_path_upper(subtree, upper, sizeof upper);
    const char *lo = from ? from : "0000-00-00", *hi = to ? to : "9999-99-99";
    db_stmt *s = db_prepare(d, "SELECT COUNT(*), COALESCE(SUM(people_served), 0), COALESCE(SUM(medicine_fen), 0)"
                               " FROM service_events WHERE org_path >= ? AND org_path < ? AND deleted_at IS NULL"
                               " AND held_on >= ? AND held_on < ?");
    db_bind_text(s, 1, subtree);
    db_bind_text(s, 2, upper);
    db_bind_text(s, 3, lo);
    db_bind_text(s, 4, hi);
    if (db_step(s, err) != 1)
        return false;
    t->events = db_col_int(s, 0);
    t->people_served = db_col_int(s, 1);
    t->medicine_fen = db_col_int(s, 2);
    db_reset(s);
    s = db_prepare(d, "SELECT COUNT(DISTINCT sm.member_id), COALESCE(SUM(sm.half_hours), 0)"
                      " FROM service_events e JOIN service_event_members sm ON sm.event_id = e.id"
                      " WHERE e.org_path >= ? AND e.org_path < ? AND e.deleted_at IS NULL"
                      " AND e.held_on >= ? AND e.held_on < ?");
    db_bind_text(s, 1, subtree);
    db_bind_text(s, 2, upper);
    db_bind_text(s, 3, lo);
    db_bind_text(s, 4, hi);
    if (db_step(s, err) != 1)
        return false;
    t->members = db_col_int(s, 0);
    t->half_hours = db_col_int(s, 1);
    db_reset(s);
    return true;
}

json_t *service_member_hours_e(db *d, int64_t member_id, const char *from, const char *to, int64_t *half_hours,
                               dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT e.id, e.held_on, e.title, e.kind, e.place, sm.half_hours"
                               " FROM service_event_members sm JOIN service_events e ON e.id = sm.event_id"
                               " AND e.deleted_at IS NULL WHERE sm.member_id = ? AND e.held_on >= ? AND e.held_on < ?"
                               " ORDER BY e.held_on DESC, e.id DESC");
    db_bind_int(s, 1, member_id);
    db_bind_text(s, 2, from ? from : "0000-00-00");
    db_bind_text(s, 3, to ? to : "9999-99-99");
    json_t *items = db_rows_json(s, NULL, err);
    if (!items)
        return NULL;
    *half_hours = 0;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        *half_hours += json_integer_value(json_object_get(it, "half_hours"));
        member_fix(it);
    }
    return items;
}

const file_table service_photo_files = {"service_event_photos", "event_id", "照片不存在", NULL};
