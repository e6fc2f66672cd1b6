/* alliances.c: 红联共建 in the database (alliances.h). */
#include "store/alliances.h"

#include "core/json.h"
#include "core/arena.h"
#include "store/where.h"

#include <stdio.h>
#include <string.h>

const char *const alliance_columns[] = {"name", "kind", "lead_org_id", "org_path", "started_on", "ends_on", "note", NULL};
const char *const alliance_activity_columns[] = {"alliance_id", "kind", "held_on", "title", "org_ids",
                                                 "attendance", "meeting_id", "note", NULL};
const char *const alliance_resource_columns[] = {"alliance_id", "kind", "title", "provider_org_id", "note", NULL};

#define ALLIANCE_COLUMNS                                                                                          \
    "a.id, a.name, a.kind, a.lead_org_id, lo.name AS lead_org_name, a.org_path, a.started_on, a.ends_on, a.note," \
    " CASE WHEN a.deleted_at IS NULL THEN 'false' ELSE 'true' END AS deleted_json, a.version, a.created_at,"      \
    " a.updated_at,"                                                                                              \
    " (SELECT COUNT(*) FROM alliance_orgs m WHERE m.alliance_id = a.id) AS partners,"                             \
    " (SELECT COUNT(*) FROM alliance_activities x WHERE x.alliance_id = a.id AND x.deleted_at IS NULL)"           \
    "   AS activities,"                                                                                           \
    " (SELECT COUNT(*) FROM alliance_resources x WHERE x.alliance_id = a.id AND x.deleted_at IS NULL) AS resources,"\
    " (SELECT COALESCE(SUM(r.referrals), 0) FROM alliance_referrals r WHERE r.alliance_id = a.id) AS referrals,"  \
    " CASE WHEN EXISTS (SELECT 1 FROM alliance_agreements g WHERE g.alliance_id = a.id) THEN 'true' ELSE 'false'" \
    "   END AS has_agreement_json"
#define ALLIANCE_FROM " FROM alliances a JOIN orgs lo ON lo.id = a.lead_org_id"

json_t *alliances_list_e(db *d, const alliance_query *q, int64_t *total, dj_err *err)
{
    store_where w = {0};
    char upper[300];
    store_path_upper(q->subtree, upper, sizeof upper);
    where_and(&w, "a.deleted_at IS NULL");
    where_and(&w, "((a.org_path >= ? AND a.org_path < ?) OR EXISTS (SELECT 1 FROM alliance_orgs m"
                  " WHERE m.alliance_id = a.id AND m.org_path >= ? AND m.org_path < ?))",
              WHERE_TEXT(q->subtree), WHERE_TEXT(upper), WHERE_TEXT(q->subtree), WHERE_TEXT(upper));
    if (q->kind)
        where_and(&w, "a.kind = ?", WHERE_TEXT(q->kind));
    if (q->org_id)
        where_and(&w, "(a.lead_org_id = ? OR EXISTS (SELECT 1 FROM alliance_orgs m WHERE m.alliance_id = a.id"
                      " AND m.org_id = ?))",
                  WHERE_INT(q->org_id), WHERE_INT(q->org_id));
    json_t *items = NULL;
    if (where_count(d, &w, "FROM alliances a", total, err)) {
        int next;
        db_stmt *s = where_prepare(d, &w, "SELECT " ALLIANCE_COLUMNS ALLIANCE_FROM,
                                   " ORDER BY a.id DESC LIMIT ? OFFSET ?", 1, &next);
        db_bind_int(s, next, q->limit < 0 ? INT64_MAX : q->limit);
        db_bind_int(s, next + 1, q->limit < 0 ? 0 : q->offset);
        items = db_rows_json(s, NULL, err);
    }
    where_free(&w);
    return items;
}

static json_t *one_or_not_found(db_stmt *s, const char *message, dj_err *err)
{
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "%s", message);
        return NULL;
    }
    json_t *row = db_row_json(s);
    db_reset(s);
    return row;
}

json_t *alliance_read_e(db *d, int64_t id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT " ALLIANCE_COLUMNS ALLIANCE_FROM " WHERE a.id = ?");
    db_bind_int(s, 1, id);
    return one_or_not_found(s, "共建不存在", err);
}

json_t *alliance_orgs_e(db *d, int64_t alliance_id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT m.org_id, o.name, o.path AS org_path FROM alliance_orgs m"
                               " JOIN orgs o ON o.id = m.org_id WHERE m.alliance_id = ? ORDER BY m.seq");
    db_bind_int(s, 1, alliance_id);
    return db_rows_json(s, NULL, err);
}

bool alliance_orgs_set(db *d, int64_t alliance_id, const json_t *orgs, dj_err *err)
{
    db_stmt *s = db_prepare(d, "DELETE FROM alliance_orgs WHERE alliance_id = ?");
    db_bind_int(s, 1, alliance_id);
    if (!db_run(s, err))
        return false;
    size_t i;
    json_t *o;
    json_array_foreach(orgs, i, o) {
        s = db_prepare(d, "INSERT INTO alliance_orgs (alliance_id, org_id, org_path, seq) VALUES (?, ?, ?, ?)");
        db_bind_int(s, 1, alliance_id);
        db_bind_int(s, 2, json_integer_value(json_object_get(o, "org_id")));
        db_bind_text(s, 3, json_str(o, "org_path"));
        db_bind_int(s, 4, (int64_t)i + 1);
        if (!db_run(s, err))
            return false;
    }
    return true;
}

json_t *alliance_org_e(db *d, int64_t org_id, dj_err *err)
{
    db_stmt *s = db_prepare(
        d, "SELECT o.id, o.name, o.path, CASE WHEN o.deleted_at IS NULL THEN 'false' ELSE 'true' END AS deleted_json,"
           " (SELECT COUNT(*) FROM org_institutions oi JOIN institutions i ON i.id = oi.institution_id"
           "   AND i.deleted_at IS NULL WHERE oi.org_id = o.id AND i.ownership = 'public') AS public_n,"
           " (SELECT COUNT(*) FROM org_institutions oi JOIN institutions i ON i.id = oi.institution_id"
           "   AND i.deleted_at IS NULL WHERE oi.org_id = o.id AND i.ownership = 'private') AS private_n"
           " FROM orgs o WHERE o.id = ?");
    db_bind_int(s, 1, org_id);
    return one_or_not_found(s, "组织不存在", err);
}

json_t *alliance_org_institutions_e(db *d, int64_t org_id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT i.id, i.name, i.ownership FROM org_institutions oi"
                               " JOIN institutions i ON i.id = oi.institution_id AND i.deleted_at IS NULL"
                               " WHERE oi.org_id = ? ORDER BY i.id");
    db_bind_int(s, 1, org_id);
    return db_rows_json(s, NULL, err);
}

#define ACTIVITY_COLUMNS                                                                                          \
    "x.id, x.alliance_id, x.kind, x.held_on, x.title, x.org_ids AS org_ids_json, x.attendance, x.meeting_id,"     \
    " mt.topic AS meeting_topic, mt.starts_at AS meeting_starts_at, x.note, x.version, x.created_at, x.updated_at," \
    " CASE WHEN x.deleted_at IS NULL THEN 'false' ELSE 'true' END AS deleted_json"
#define ACTIVITY_FROM \
    " FROM alliance_activities x LEFT JOIN meetings mt ON mt.id = x.meeting_id AND mt.deleted_at IS NULL"

json_t *alliance_activities_e(db *d, int64_t alliance_id, const char *year, int64_t limit, int64_t offset,
                              int64_t *total, dj_err *err)
{
    store_where w = {0};
    where_and(&w, "x.alliance_id = ?", WHERE_INT(alliance_id));
    where_and(&w, "x.deleted_at IS NULL");
    char from[11], to[11];
    if (year) {
        snprintf(from, sizeof from, "%.4s-01-01", year);
        snprintf(to, sizeof to, "%.4s-12-31", year);
        where_and(&w, "x.held_on >= ? AND x.held_on <= ?", WHERE_TEXT(from), WHERE_TEXT(to));
    }
    json_t *items = NULL;
    if (where_count(d, &w, "FROM alliance_activities x", total, err)) {
        int next;
        db_stmt *s = where_prepare(d, &w, "SELECT " ACTIVITY_COLUMNS ACTIVITY_FROM,
                                   " ORDER BY x.held_on DESC, x.id DESC LIMIT ? OFFSET ?", 1, &next);
        db_bind_int(s, next, limit < 0 ? INT64_MAX : limit);
        db_bind_int(s, next + 1, limit < 0 ? 0 : offset);
        items = db_rows_json(s, NULL, err);
    }
    where_free(&w);
    return items;
}

json_t *alliance_activity_read_e(db *d, int64_t id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT " ACTIVITY_COLUMNS ACTIVITY_FROM " WHERE x.id = ?");
    db_bind_int(s, 1, id);
    return one_or_not_found(s, "共建活动不存在", err);
}

#define RESOURCE_COLUMNS                                                                                          \
    "r.id, r.alliance_id, r.kind, r.title, r.provider_org_id, o.name AS provider_org_name, r.note, r.version,"     \
    " r.created_at, r.updated_at, CASE WHEN r.deleted_at IS NULL THEN 'false' ELSE 'true' END AS deleted_json"
#define RESOURCE_FROM " FROM alliance_resources r JOIN orgs o ON o.id = r.provider_org_id"

json_t *alliance_resources_e(db *d, int64_t alliance_id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT " RESOURCE_COLUMNS RESOURCE_FROM
                               " WHERE r.alliance_id = ? AND r.deleted_at IS NULL ORDER BY r.id");
    db_bind_int(s, 1, alliance_id);
    return db_rows_json(s, NULL, err);
}

json_t *alliance_resource_read_e(db *d, int64_t id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT " RESOURCE_COLUMNS RESOURCE_FROM " WHERE r.id = ?");
    db_bind_int(s, 1, id);
    return one_or_not_found(s, "共享资源不存在", err);
}

bool alliance_referral_get(db *d, int64_t alliance_id, const char *month, int64_t from, int64_t to, bool *found,
                           int64_t *count, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT referrals FROM alliance_referrals WHERE alliance_id = ? AND month = ?"
                               " AND from_org_id = ? AND to_org_id = ?");
    db_bind_int(s, 1, alliance_id);
    db_bind_text(s, 2, month);
    db_bind_int(s, 3, from);
    db_bind_int(s, 4, to);
    int rc = db_step(s, err);
    if (rc < 0)
        return false;
    *found = rc == 1;
    *count = rc == 1 ? db_col_int(s, 0) : 0;
    if (rc == 1)
        db_reset(s);
    return true;
}

bool alliance_referral_put(db *d, int64_t alliance_id, const char *month, int64_t from, int64_t to, int64_t count,
                           dj_err *err)
{
    char now[32];
    store_now(now);
    db_stmt *s = db_prepare(d, "INSERT INTO alliance_referrals (alliance_id, month, from_org_id, to_org_id, referrals,"
                               " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (alliance_id, month, from_org_id,"
                               " to_org_id) DO UPDATE SET referrals = excluded.referrals, updated_at = excluded.updated_at");
    db_bind_int(s, 1, alliance_id);
    db_bind_text(s, 2, month);
    db_bind_int(s, 3, from);
    db_bind_int(s, 4, to);
    db_bind_int(s, 5, count);
    db_bind_text(s, 6, now);
    return db_run(s, err);
}

json_t *alliance_referrals_e(db *d, int64_t alliance_id, const char *from, const char *to, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT month, from_org_id, to_org_id, referrals AS count FROM alliance_referrals"
                               " WHERE alliance_id = ? AND month >= ? AND month <= ?"
                               " ORDER BY month, from_org_id, to_org_id");
    db_bind_int(s, 1, alliance_id);
    db_bind_text(s, 2, from ? from : "0000-00");
    db_bind_text(s, 3, to ? to : "9999-99");
    return db_rows_json(s, NULL, err);
}

#define AGREEMENT_COLUMNS "name, content_type, size, sha256, created_at, created_by"

json_t *alliance_agreement_put_e(db *d, int64_t alliance_id, const char *name, const char *content_type,
                                 const void *data, size_t len, const char *sha256, const char *created_by, dj_err *err)
{
    db_stmt *s = db_prepare(d, "DELETE FROM alliance_agreements WHERE alliance_id = ?");
    db_bind_int(s, 1, alliance_id);
    if (!db_run(s, err))
        return NULL;
    char now[32];
    store_now(now);
    s = db_prepare(d, "INSERT INTO alliance_agreements (alliance_id, name, content_type, size, sha256, data, created_at,"
                      " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING " AGREEMENT_COLUMNS);
    db_bind_int(s, 1, alliance_id);
    db_bind_text(s, 2, name);
    db_bind_text(s, 3, content_type);
    db_bind_int(s, 4, (int64_t)len);
    db_bind_text(s, 5, sha256);
    db_bind_blob(s, 6, data, len);
    db_bind_text(s, 7, now);
    db_bind_text(s, 8, created_by);
    return one_or_not_found(s, "共建协议不存在", err);
}

json_t *alliance_agreement_meta_e(db *d, int64_t alliance_id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT " AGREEMENT_COLUMNS " FROM alliance_agreements WHERE alliance_id = ?");
    db_bind_int(s, 1, alliance_id);
    return one_or_not_found(s, "尚未上传共建协议", err);
}

void *alliance_agreement_data_e(db *d, int64_t alliance_id, size_t *len, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT data FROM alliance_agreements WHERE alliance_id = ?");
    db_bind_int(s, 1, alliance_id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "尚未上传共建协议");
        return NULL;
    }
    const void *p = db_col_blob(s, 0, len);
    void *out = xmalloc(*len + 1);
    if (*len)
        memcpy(out, p, *len);
    db_reset(s);
    return out;
}

bool alliance_agreement_delete(db *d, int64_t alliance_id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "DELETE FROM alliance_agreements WHERE alliance_id = ?");
    db_bind_int(s, 1, alliance_id);
    if (!db_run(s, err))
        return false;
    if (db_changes(d) == 0)
        return dj_err_set(err, "not_found", "", "尚未上传共建协议");
    return true;
}
