/* decisions.c: 三重一大 records in the database (decisions.h). */
#include "store/decisions.h"

#include "core/json.h"
#include "store/where.h"

#include <stdio.h>

const char *const decision_columns[] = {"org_id", "org_path", "category", "title", "meeting_id", "decided_on",
                                        "votes_for", "votes_against", "votes_abstain", "amount_fen", "reported_on",
                                        "note", NULL};

#define DECISION_COLUMNS                                                                                         \
    "d.id, d.org_id, o.name AS org_name, d.org_path, d.category, d.title, d.meeting_id, m.topic AS meeting_topic," \
    " d.decided_on, d.votes_for, d.votes_against, d.votes_abstain, d.amount_fen, d.reported_on, d.note,"         \
    " CASE WHEN d.deleted_at IS NULL THEN 'false' ELSE 'true' END AS deleted_json, d.version, d.created_at,"      \
    " d.updated_at"
#define DECISION_FROM " FROM decisions d JOIN orgs o ON o.id = d.org_id LEFT JOIN meetings m ON m.id = d.meeting_id"

static void subtree_where(store_where *w, const char *subtree, char *upper, size_t n)
{
    store_path_upper(subtree, upper, n);
    where_and(w, "d.org_path >= ? AND d.org_path < ?", WHERE_TEXT(subtree), WHERE_TEXT(upper));
    where_and(w, "d.deleted_at IS NULL");
}

json_t *decisions_list_e(db *d, const decision_query *q, int64_t *total, dj_err *err)
{
    store_where w = {0};
    char upper[300], from[16], to[16];
    subtree_where(&w, q->subtree, upper, sizeof upper);
    if (q->category)
        where_and(&w, "d.category = ?", WHERE_TEXT(q->category));
    if (q->year) {
        snprintf(from, sizeof from, "%04d-01-01", q->year % 10000);
        snprintf(to, sizeof to, "%04d-12-31", q->year % 10000);
        where_and(&w, "d.decided_on >= ? AND d.decided_on <= ?", WHERE_TEXT(from), WHERE_TEXT(to));
    }
    if (q->unreported || q->overdue_before)
        where_and(&w, "d.reported_on IS NULL");
    if (q->overdue_before)
        where_and(&w, "d.decided_on < ?", WHERE_TEXT(q->overdue_before));
    json_t *items = NULL;
    if (where_count(d, &w, "FROM decisions d", total, err)) {
        int next;
        db_stmt *s = where_prepare(d, &w, "SELECT " DECISION_COLUMNS DECISION_FROM,
                                   " ORDER BY d.decided_on DESC, d.id DESC LIMIT ? OFFSET ?", 1, &next);
        db_bind_int(s, next, q->limit);
        db_bind_int(s, next + 1, q->offset);
        items = db_rows_json(s, NULL, err);
    }
    where_free(&w);
    return items;
}

json_t *decision_read_e(db *d, int64_t id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT " DECISION_COLUMNS DECISION_FROM " WHERE d.id = ?");
    db_bind_int(s, 1, id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "三重一大事项不存在");
        return NULL;
    }
    json_t *r = db_row_json(s);
    db_reset(s);
    return r;
}

json_t *decisions_overdue_e(db *d, const char *subtree, const char *before, int limit, dj_err *err)
{
    store_where w = {0};
    char upper[300];
    subtree_where(&w, subtree, upper, sizeof upper);
    where_and(&w, "d.reported_on IS NULL");
    where_and(&w, "d.decided_on < ?", WHERE_TEXT(before));
    int next;
    db_stmt *s = where_prepare(d, &w,
                               "SELECT d.id, d.org_id, o.name AS org_name, d.title, d.decided_on"
                               " FROM decisions d JOIN orgs o ON o.id = d.org_id",
                               " ORDER BY d.decided_on, d.id LIMIT ?", 1, &next);
    db_bind_int(s, next, limit);
    json_t *items = db_rows_json(s, NULL, err);
    where_free(&w);
    return items;
}
