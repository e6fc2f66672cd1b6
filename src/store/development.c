/* development.c: developing members in the database (development.h). */
#include "store/development.h"

#include "core/buf.h"
#include "core/json.h"
#include "store/where.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const applicant_columns[] = {"name", "gender", "ethnicity", "birth_date", "id_number", "phone",
                                         "education", "title", "department", "position", "org_id", "org_path",
                                         "tags", "stage", "last_step", "applied_on", "activist_on", "admitted_on",
                                         "approved_on", "extension_months", "member_id", NULL};

#define APPLICANT_COLUMNS                                                                                   \
    "a.id, a.name, a.gender, a.ethnicity, a.birth_date, a.id_number, a.phone, a.education, a.title,"       \
    " a.department, a.position, a.org_id, o.name AS org_name, a.org_path, a.tags AS tags_json, a.stage,"  \
    " a.last_step, a.applied_on, a.activist_on, a.admitted_on, a.approved_on, a.extension_months,"        \
    " a.member_id, CASE WHEN a.deleted_at IS NULL THEN 'false' ELSE 'true' END AS deleted_json, a.version," \
    " a.created_at, a.updated_at"
#define APPLICANT_FROM " FROM applicants a JOIN orgs o ON o.id = a.org_id"

static void fix(json_t *o)
{
    json_object_set_new(o, "deleted", json_boolean(db_json_truthy(json_object_get(o, "deleted"))));
}

json_t *applicants_list_e(db *d, const applicant_query *q, int64_t *total, dj_err *err)
{
    store_where w = {0};
    char upper[300];
    store_path_upper(q->subtree, upper, sizeof upper);
    where_and(&w, "a.org_path >= ? AND a.org_path < ?", WHERE_TEXT(q->subtree), WHERE_TEXT(upper));
    where_and(&w, q->deleted ? "a.deleted_at IS NOT NULL" : "a.deleted_at IS NULL");
    if (q->stage)
        where_and(&w, "a.stage = ?", WHERE_TEXT(q->stage));
    if (q->q) {
        char *like;
        if (asprintf(&like, "%%%s%%", q->q) < 0)
            abort();
        where_and(&w, "a.name LIKE ?", WHERE_TEXT(where_keep(&w, like)));
    }
    json_t *items = NULL;
    if (where_count(d, &w, "FROM applicants a", total, err)) {
        int next;
        db_stmt *s = where_prepare(d, &w, "SELECT " APPLICANT_COLUMNS APPLICANT_FROM,
                                   " ORDER BY a.org_path, a.id LIMIT ? OFFSET ?", 1, &next);
        db_bind_int(s, next, q->limit);
        db_bind_int(s, next + 1, q->offset);
        items = db_rows_json(s, fix, err);
    }
    where_free(&w);
    return items;
}

json_t *applicant_read_e(db *d, int64_t id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT " APPLICANT_COLUMNS APPLICANT_FROM " WHERE a.id = ?");
    db_bind_int(s, 1, id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "发展对象不存在");
        return NULL;
    }
    json_t *o = db_row_json(s);
    db_reset(s);
    fix(o);
    return o;
}

json_t *applicant_steps_e(db *d, int64_t id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT step, done_on, people AS people_json, note, override_reason, rule,"
                               " training_days, training_hours, meeting_id, voters_entitled, voters_present, votes_for,"
                               " votes_against, votes_abstain, created_by, created_at"
                               " FROM applicant_steps WHERE applicant_id = ? ORDER BY step");
    db_bind_int(s, 1, id);
    return db_rows_json(s, NULL, err);
}

static void bind_opt_text(db_stmt *s, int i, const char *v)
{
    if (v && *v)
        db_bind_text(s, i, v);
    else
        db_bind_null(s, i);
}

bool applicant_step_insert(db *d, int64_t id, const json_t *st, const dj_actor *who, dj_err *err)
{
    char now[32];
    store_now(now);
    const json_t *pv = json_object_get(st, "people");
    char *people = pv ? json_dumps(pv, JSON_COMPACT) : NULL; /* none: [] */
    db_stmt *s = db_prepare(d, "INSERT INTO applicant_steps (applicant_id, step, done_on, people, note, override_reason,"
                               " rule, training_days, training_hours, created_by, created_at, meeting_id,"
                               " voters_entitled, voters_present, votes_for, votes_against, votes_abstain)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, json_integer_value(json_object_get(st, "step")));
    db_bind_text(s, 3, json_str(st, "done_on"));
    db_bind_text(s, 4, people ? people : "[]");
    bind_opt_text(s, 5, json_str(st, "note"));
    bind_opt_text(s, 6, json_str(st, "override_reason"));
    bind_opt_text(s, 7, json_str(st, "rule"));
    for (int k = 0; k < 2; k++) {
        json_t *v = json_object_get(st, k ? "training_hours" : "training_days");
        if (json_is_integer(v))
            db_bind_int(s, 8 + k, json_integer_value(v));
        else
            db_bind_null(s, 8 + k);
    }
    bind_opt_text(s, 10, who ? who->username : NULL);
    db_bind_text(s, 11, now);
    static const char *const ints[] = {"meeting_id", "voters_entitled", "voters_present", "votes_for", "votes_against",
                                       "votes_abstain"};
    for (int k = 0; k < 6; k++) {
        json_t *v = json_object_get(st, ints[k]);
        if (json_is_integer(v))
            db_bind_int(s, 12 + k, json_integer_value(v));
        else
            db_bind_null(s, 12 + k);
    }
    bool ok = db_run(s, err);
    free(people);
    return ok;
}

bool applicants_each_open(db *d, const char *subtree, applicant_due_fn fn, void *arg, dj_err *err)
{
    char upper[300];
    store_path_upper(subtree, upper, sizeof upper);
    db_stmt *s = db_prepare(d, "SELECT a.id, a.name, a.org_id, a.last_step, a.applied_on, a.activist_on,"
                               " a.admitted_on, a.extension_months FROM applicants a"
                               " WHERE a.org_path >= ? AND a.org_path < ? AND a.deleted_at IS NULL"
                               " AND a.last_step > 0 AND a.last_step < 23 ORDER BY a.org_path, a.id");
    db_bind_text(s, 1, subtree);
    db_bind_text(s, 2, upper);
    db_stream(s);
    int rc;
    while ((rc = db_step(s, err)) == 1)
        fn(arg, db_col_int(s, 0), db_col_text(s, 1), db_col_int(s, 2), (int)db_col_int(s, 3), db_col_text(s, 4),
           db_col_text(s, 5), db_col_text(s, 6), (int)db_col_int(s, 7));
    db_reset(s);
    return rc == 0;
}

json_t *applicants_stage_counts_e(db *d, const char *subtree, dj_err *err)
{
    char upper[300];
    store_path_upper(subtree, upper, sizeof upper);
    db_stmt *s = db_prepare(d, "SELECT stage, COUNT(*) FROM applicants WHERE org_path >= ? AND org_path < ?"
                               " AND deleted_at IS NULL GROUP BY stage");
    db_bind_text(s, 1, subtree);
    db_bind_text(s, 2, upper);
    json_t *out = json_object();
    int rc;
    while ((rc = db_step(s, err)) == 1)
        json_object_set_new(out, db_col_text(s, 0), json_integer(db_col_int(s, 1)));
    db_reset(s);
    if (rc != 0) {
        json_decref(out);
        return NULL;
    }
    return out;
}

bool member_tag_put(db *d, int64_t member_id, const char *tag, const char *tagged_on, const dj_actor *who, dj_err *err)
{
    char now[32];
    store_now(now);
    db_stmt *s = db_prepare(d, "INSERT INTO member_tags (member_id, tag, tagged_on, created_by, created_at)"
                               " VALUES (?, ?, ?, ?, ?) ON CONFLICT (member_id, tag) DO UPDATE SET"
                               " tagged_on = excluded.tagged_on, created_by = excluded.created_by,"
                               " created_at = excluded.created_at");
    db_bind_int(s, 1, member_id);
    db_bind_text(s, 2, tag);
    db_bind_text(s, 3, tagged_on);
    bind_opt_text(s, 4, who ? who->username : NULL);
    db_bind_text(s, 5, now);
    return db_run(s, err);
}

static json_t *flow(db *d, const char *sql, const char *const *texts, int n, dj_err *err)
{
    db_stmt *s = db_prepare(d, sql);
    for (int i = 0; i < n; i++)
        db_bind_text(s, i + 1, texts[i]);
    return db_rows_json(s, NULL, err);
}

json_t *three_cultivations_e(db *d, const char *subtree, const char *from, const char *to, const char *backbone,
                             const char *reserve, dj_err *err)
{
    char upper[300], like[120];
    store_path_upper(subtree, upper, sizeof upper);
    snprintf(like, sizeof like, "%%\"%s\"%%", backbone);
    const char *a[] = {subtree, upper, from, to, like};
    json_t *to_member = flow(d,
                             "SELECT a.id AS applicant_id, a.member_id, a.name, a.org_id, o.name AS org_name,"
                             " a.admitted_on AS \"on\" FROM applicants a JOIN orgs o ON o.id = a.org_id"
                             " WHERE a.org_path >= ? AND a.org_path < ? AND a.deleted_at IS NULL"
                             " AND a.admitted_on >= ? AND a.admitted_on <= ? AND a.tags LIKE ?"
                             " ORDER BY a.admitted_on, a.id",
                             a, 5, err);
    const char *b[] = {backbone, from, to, subtree, upper};
    json_t *to_backbone = to_member ? flow(d,
                                           "SELECT m.id AS member_id, m.name, m.org_id, o.name AS org_name,"
                                           " t.tagged_on AS \"on\" FROM member_tags t"
                                           " JOIN members m ON m.id = t.member_id JOIN orgs o ON o.id = m.org_id"
                                           " WHERE t.tag = ? AND t.tagged_on >= ? AND t.tagged_on <= ?"
                                           " AND m.org_path >= ? AND m.org_path < ? AND m.deleted_at IS NULL"
                                           " AND m.joined_on < t.tagged_on ORDER BY t.tagged_on, m.id",
                                           b, 5, err)
                                     : NULL;
    const char *c[] = {reserve, from, to, subtree, upper, backbone, like};
    json_t *to_reserve = to_backbone ? flow(d,
                                            "SELECT m.id AS member_id, m.name, m.org_id, o.name AS org_name,"
                                            " t.tagged_on AS \"on\" FROM member_tags t"
                                            " JOIN members m ON m.id = t.member_id JOIN orgs o ON o.id = m.org_id"
                                            " WHERE t.tag = ? AND t.tagged_on >= ? AND t.tagged_on <= ?"
                                            " AND m.org_path >= ? AND m.org_path < ? AND m.deleted_at IS NULL"
                                            " AND (EXISTS (SELECT 1 FROM member_tags b WHERE b.member_id = m.id"
                                            " AND b.tag = ? AND b.tagged_on <= t.tagged_on) OR m.tags LIKE ?)"
                                            " ORDER BY t.tagged_on, m.id",
                                            c, 7, err)
                                      : NULL;
    if (!to_reserve) {
        json_decref(to_member);
        json_decref(to_backbone);
        return NULL;
    }
    return json_pack("{s:o,s:o,s:o}", "backbone_to_member", to_member, "member_to_backbone", to_backbone,
                     "backbone_to_reserve", to_reserve);
}
