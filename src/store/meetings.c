/* meetings.c: organisational life in the database (meetings.h). */
#include "store/meetings.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "store/store.h"
#include "store/where.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const meeting_columns[] = {"org_id", "org_path", "type", "status", "topic", "starts_at", "ends_at",
                                       "place", "host", "recorder", "lecturer", "first_topic", "minutes",
                                       "joint_org_ids", "decisions", "cancel_reason", NULL};

/* Who is expected: live members on the register who can attend (not transferred out, not
 * deceased, not suspended, not lost: those are followed up elsewhere). */
#define ATTENDING "m.deleted_at IS NULL AND m.status IN ('active', 'mobile')"

#define COUNT_OF(cond) "(SELECT COUNT(*) FROM meeting_attendees a WHERE a.meeting_id = m.id" cond ")"
#define MEETING_COLUMNS                                                                                         \
    "m.id, m.org_id, o.name AS org_name, m.org_path, m.type, m.status, m.topic, m.starts_at, m.ends_at,"        \
    " m.place, m.host, m.recorder, m.lecturer, m.first_topic, m.minutes, m.joint_org_ids AS joint_org_ids_json," \
    " m.decisions AS decisions_json, m.cancel_reason,"                                                          \
    " CASE WHEN m.deleted_at IS NULL THEN 'false' ELSE 'true' END AS deleted_json, m.version,"                  \
    " " COUNT_OF("") " AS n_expected,"                                                                          \
    " " COUNT_OF(" AND a.status = 'present'") " AS n_present,"                                                  \
    " " COUNT_OF(" AND a.status = 'leave'") " AS n_leave,"                                                      \
    " " COUNT_OF(" AND a.category = 'full'") " AS n_full,"                                                      \
    " " COUNT_OF(" AND a.category = 'full' AND a.status = 'present'") " AS n_full_present"
#define MEETING_FROM " FROM meetings m JOIN orgs o ON o.id = m.org_id"

/* "YYYY-MM-DD" as the lowest starts_at of that day, and as the bound just past its last one. */
static char *day_start(const char *day) { char *s; return asprintf(&s, "%.10sT00:00", day) < 0 ? NULL : s; }
static char *day_after(const char *day) { char *s; return asprintf(&s, "%.10sT24:00", day) < 0 ? NULL : s; }

json_t *meetings_list_e(db *d, const meeting_query *q, int64_t *total, dj_err *err)
{
    store_where w = {0};
    char upper[300];
    store_path_upper(q->subtree, upper, sizeof upper);
    where_and(&w, "m.org_path >= ? AND m.org_path < ?", WHERE_TEXT(q->subtree), WHERE_TEXT(upper));
    where_and(&w, q->deleted ? "m.deleted_at IS NOT NULL" : "m.deleted_at IS NULL");
    if (q->type)
        where_and(&w, "m.type = ?", WHERE_TEXT(q->type));
    if (q->status)
        where_and(&w, "m.status = ?", WHERE_TEXT(q->status));
    if (q->from)
        where_and(&w, "m.starts_at >= ?", WHERE_TEXT(where_keep(&w, day_start(q->from))));
    if (q->to)
        where_and(&w, "m.starts_at < ?", WHERE_TEXT(where_keep(&w, day_after(q->to))));
    json_t *items = NULL;
    if (where_count(d, &w, "FROM meetings m", total, err)) {
        int next;
        db_stmt *s = where_prepare(d, &w, "SELECT " MEETING_COLUMNS MEETING_FROM,
                                   " ORDER BY m.starts_at DESC, m.id DESC LIMIT ? OFFSET ?", 1, &next);
        db_bind_int(s, next, q->limit);
        db_bind_int(s, next + 1, q->offset);
        items = db_rows_json(s, NULL, err);
    }
    where_free(&w);
    return items;
}

json_t *meeting_read_e(db *d, int64_t id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT " MEETING_COLUMNS MEETING_FROM " WHERE m.id = ?");
    db_bind_int(s, 1, id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "会议不存在");
        return NULL;
    }
    json_t *m = db_row_json(s);
    db_reset(s);
    return m;
}

static bool fill_subtree(db *d, int64_t meeting_id, const char *path, dj_err *err)
{
    char upper[300];
    store_path_upper(path, upper, sizeof upper);
    db_stmt *s = db_prepare(d, "INSERT INTO meeting_attendees (meeting_id, member_id, name, category)"
                               " SELECT CAST(? AS BIGINT), m.id, m.name, m.category FROM members m"
                               " WHERE m.org_path >= ? AND m.org_path < ? AND " ATTENDING
                               " ON CONFLICT (meeting_id, member_id) DO NOTHING");
    db_bind_int(s, 1, meeting_id);
    db_bind_text(s, 2, path);
    db_bind_text(s, 3, upper);
    return db_run(s, err);
}

bool meeting_attendees_fill(db *d, int64_t meeting_id, const char *type, int64_t org_id, const char *org_path,
                            const json_t *joint_paths, dj_err *err)
{
    db_stmt *s;
    if (strcmp(type, "committee") == 0 || strcmp(type, "group") == 0) {
        s = db_prepare(d, strcmp(type, "committee") == 0
                              ? "INSERT INTO meeting_attendees (meeting_id, member_id, name, category)"
                                " SELECT DISTINCT CAST(? AS BIGINT), m.id, m.name, m.category FROM org_committee c"
                                " JOIN members m ON m.id = c.member_id WHERE c.org_id = ? AND " ATTENDING
                                " ON CONFLICT (meeting_id, member_id) DO NOTHING"
                              : "INSERT INTO meeting_attendees (meeting_id, member_id, name, category)"
                                " SELECT CAST(? AS BIGINT), m.id, m.name, m.category FROM members m"
                                " WHERE m.org_id = ? AND " ATTENDING
                                " ON CONFLICT (meeting_id, member_id) DO NOTHING");
        db_bind_int(s, 1, meeting_id);
        db_bind_int(s, 2, org_id);
        return db_run(s, err);
    }
    if (!fill_subtree(d, meeting_id, org_path, err))
        return false;
    size_t i;
    json_t *p;
    json_array_foreach(joint_paths, i, p) {
        if (json_is_string(p) && !fill_subtree(d, meeting_id, json_string_value(p), err))
            return false;
    }
    return true;
}

json_t *meeting_attendance_e(db *d, int64_t meeting_id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT member_id, name, category, status, reason, checked_in_at FROM meeting_attendees"
                               " WHERE meeting_id = ? ORDER BY member_id");
    db_bind_int(s, 1, meeting_id);
    return db_rows_json(s, NULL, err);
}

bool meeting_attendance_set(db *d, int64_t meeting_id, const json_t *items, dj_err *err)
{
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        db_stmt *s = db_prepare(d, "UPDATE meeting_attendees SET status = ?, reason = ?,"
                                   " checked_in_at = CASE WHEN ? = 'present' THEN checked_in_at END"
                                   " WHERE meeting_id = ? AND member_id = ?");
        const char *status = json_str(it, "status");
        db_bind_text(s, 1, status);
        db_bind_text(s, 2, json_str(it, "reason"));
        db_bind_text(s, 3, status);
        db_bind_int(s, 4, meeting_id);
        db_bind_int(s, 5, json_integer_value(json_object_get(it, "member_id")));
        if (!db_run(s, err))
            return false;
    }
    return true;
}

bool meeting_checkin_mark(db *d, int64_t meeting_id, int64_t member_id, const char *at, int *result, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT status FROM meeting_attendees WHERE meeting_id = ? AND member_id = ?");
    db_bind_int(s, 1, meeting_id);
    db_bind_int(s, 2, member_id);
    int rc = db_step(s, err);
    if (rc < 0)
        return false;
    if (rc == 0) {
        *result = 0;
        return true;
    }
    bool present = strcmp(db_col_text(s, 0), "present") == 0;
    db_reset(s);
    if (present) {
        *result = 2;
        return true;
    }
    s = db_prepare(d, "UPDATE meeting_attendees SET status = 'present', reason = NULL, checked_in_at = ?"
                      " WHERE meeting_id = ? AND member_id = ?");
    db_bind_text(s, 1, at);
    db_bind_int(s, 2, meeting_id);
    db_bind_int(s, 3, member_id);
    *result = 1;
    return db_run(s, err);
}

bool meeting_secret_set(db *d, int64_t meeting_id, const char *secret, dj_err *err)
{
    db_stmt *s = db_prepare(d, "INSERT INTO meeting_checkin (meeting_id, secret) VALUES (?, ?)");
    db_bind_int(s, 1, meeting_id);
    db_bind_text(s, 2, secret);
    return db_run(s, err);
}

bool meeting_secret_get(db *d, int64_t meeting_id, char *out, size_t n, dj_err *err)
{
    out[0] = '\0';
    db_stmt *s = db_prepare(d, "SELECT secret FROM meeting_checkin WHERE meeting_id = ?");
    db_bind_int(s, 1, meeting_id);
    int rc = db_step(s, err);
    if (rc == 1) {
        snprintf(out, n, "%s", db_col_text(s, 0));
        db_reset(s);
    }
    return rc >= 0;
}

bool meetings_each_org(db *d, const char *path, meeting_org_fn fn, void *arg, dj_err *err)
{
    char upper[300];
    store_path_upper(path, upper, sizeof upper);
    db_stmt *s = db_prepare(d, "SELECT o.id, o.name, o.type, COALESCE(o.established_on, ''),"
                               " (SELECT COUNT(*) FROM org_committee c WHERE c.org_id = o.id) >= 3"
                               " FROM orgs o WHERE o.path >= ? AND o.path < ? AND o.deleted_at IS NULL ORDER BY o.path");
    db_bind_text(s, 1, path);
    db_bind_text(s, 2, upper);
    db_stream(s);
    int rc;
    while ((rc = db_step(s, err)) == 1)
        fn(arg, db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3), db_col_int(s, 4) != 0);
    return rc == 0;
}

bool meetings_each_held(db *d, const char *path, const char *from, const char *to, meeting_held_fn fn, void *arg,
                        dj_err *err)
{
    char upper[300], lo[32], hi[32];
    store_path_upper(path, upper, sizeof upper);
    snprintf(lo, sizeof lo, "%.10sT00:00", from);
    snprintf(hi, sizeof hi, "%.10sT24:00", to);
    db_stmt *s = db_prepare(d, "SELECT m.org_id, m.type, m.starts_at FROM meetings m"
                               " WHERE m.org_path >= ? AND m.org_path < ? AND m.starts_at >= ? AND m.starts_at < ?"
                               " AND m.deleted_at IS NULL AND m.status = 'held'");
    db_bind_text(s, 1, path);
    db_bind_text(s, 2, upper);
    db_bind_text(s, 3, lo);
    db_bind_text(s, 4, hi);
    db_stream(s);
    int rc;
    while ((rc = db_step(s, err)) == 1)
        fn(arg, db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2));
    return rc == 0;
}

json_t *meetings_register_e(db *d, int64_t org_id, const char *from, const char *to, dj_err *err)
{
    char lo[32], hi[32];
    snprintf(lo, sizeof lo, "%.10sT00:00", from);
    snprintf(hi, sizeof hi, "%.10sT24:00", to);
    db_stmt *s = db_prepare(d, "SELECT " MEETING_COLUMNS MEETING_FROM
                               " WHERE m.org_id = ? AND m.starts_at >= ? AND m.starts_at < ? AND m.deleted_at IS NULL"
                               " AND m.status IN ('held', 'cancelled') ORDER BY m.starts_at, m.id");
    db_bind_int(s, 1, org_id);
    db_bind_text(s, 2, lo);
    db_bind_text(s, 3, hi);
    return db_rows_json(s, NULL, err);
}

json_t *member_attendance_records_e(db *d, int64_t member_id, const char *from, const char *to, dj_err *err)
{
    char lo[32], hi[32];
    snprintf(lo, sizeof lo, "%.10sT00:00", from);
    snprintf(hi, sizeof hi, "%.10sT24:00", to);
    db_stmt *s = db_prepare(d, "SELECT a.meeting_id, m.type, m.status, m.starts_at, a.status AS attendance"
                               " FROM meeting_attendees a JOIN meetings m ON m.id = a.meeting_id"
                               " WHERE a.member_id = ? AND m.starts_at >= ? AND m.starts_at < ? AND m.deleted_at IS NULL"
                               " ORDER BY m.starts_at, m.id");
    db_bind_int(s, 1, member_id);
    db_bind_text(s, 2, lo);
    db_bind_text(s, 3, hi);
    return db_rows_json(s, NULL, err);
}

json_t *meetings_unrecorded_e(db *d, const char *path, const char *now, int limit, dj_err *err)
{
    char upper[300];
    store_path_upper(path, upper, sizeof upper);
    db_stmt *s = db_prepare(d, "SELECT m.id, m.org_id, o.name AS org_name, m.topic, m.type, m.starts_at"
                               " FROM meetings m JOIN orgs o ON o.id = m.org_id"
                               " WHERE m.org_path >= ? AND m.org_path < ? AND m.deleted_at IS NULL"
                               " AND m.status = 'planned' AND m.ends_at < ? ORDER BY m.starts_at, m.id LIMIT ?");
    db_bind_text(s, 1, path);
    db_bind_text(s, 2, upper);
    db_bind_text(s, 3, now);
    db_bind_int(s, 4, limit);
    return db_rows_json(s, NULL, err);
}

bool meetings_each_attendance(db *d, const char *path, const char *from, meeting_absence_fn fn, void *arg, dj_err *err)
{
    char upper[300], lo[32];
    store_path_upper(path, upper, sizeof upper);
    snprintf(lo, sizeof lo, "%.10sT00:00", from);
    db_stmt *s = db_prepare(d, "SELECT a.member_id, a.name, m.org_id, a.status"
                               " FROM meetings m JOIN meeting_attendees a ON a.meeting_id = m.id"
                               " JOIN members p ON p.id = a.member_id AND p.deleted_at IS NULL"
                               " WHERE m.org_path >= ? AND m.org_path < ? AND m.starts_at >= ?"
                               " AND m.deleted_at IS NULL AND m.status = 'held'"
                               " ORDER BY a.member_id, m.starts_at, m.id");
    db_bind_text(s, 1, path);
    db_bind_text(s, 2, upper);
    db_bind_text(s, 3, lo);
    db_stream(s);
    int rc;
    while ((rc = db_step(s, err)) == 1)
        fn(arg, db_col_int(s, 0), db_col_text(s, 1), db_col_int(s, 2), db_col_text(s, 3));
    return rc == 0;
}

/* ---- Attachments ---- */

const file_table meeting_attachment_files = {"meeting_attachments", "meeting_id", "附件不存在"};
