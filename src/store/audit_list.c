/* audit_list.c: the audit log as a list (audit_list.h). */
#include "store/audit_list.h"

#include "core/buf.h"
#include "core/json.h"
#include "store/module.h"
#include "store/where.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* The record's time is UTC text ("2026-12-04T06:30:00Z"); a day of China time (UTC+8) starts
 * at 16:00 UTC the day before. */
static void china_day_bound(const char *day, bool end, char out[32])
{
    int y, m, dd;
    if (sscanf(day, "%4d-%2d-%2d", &y, &m, &dd) != 3) {
        snprintf(out, 32, "%s", end ? "9999" : "0000");
        return;
    }
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = dd + (end ? 1 : 0), .tm_hour = -8};
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

json_t *audit_list(db *d, const audit_query *q, int64_t *total, dj_err *err)
{
    store_where w = {0};
    char lower[32], upper[32], scope_upper[300];
    buf from = {0};
    buf_puts(&from, "FROM audit_log a");
    bool scoped = q->scope_path && strcmp(q->scope_path, "/") != 0;
    if (scoped) {
        /* The path of a record's object: a member's, an org's, an account's org's, and that of a
         * row of every other registered table that keeps one (module.h: org_path, e.g. meetings). */
        buf path = {0};
        buf_puts(&path, "COALESCE(m.org_path, o.path, uo.path");
        buf_puts(&from, " LEFT JOIN members m ON a.object_type = 'member' AND m.id = a.object_id"
                        " LEFT JOIN orgs o ON a.object_type = 'org' AND o.id = a.object_id"
                        " LEFT JOIN users u ON a.object_type = 'user' AND u.id = a.object_id"
                        " LEFT JOIN orgs uo ON uo.id = u.org_id");
        int k = 0;
        for (const store_table *t = NULL; (t = store_table_next(t));) {
            if (!t->org_path || !t->object_type || strcmp(t->name, "members") == 0)
                continue;
            buf_printf(&from, " LEFT JOIN %s x%d ON a.object_type = '%s' AND x%d.id = a.object_id", t->name, k,
                       t->object_type, k);
            buf_printf(&path, ", x%d.org_path", k);
            k++;
        }
        buf_puts(&path, ")");
        store_path_upper(q->scope_path, scope_upper, sizeof scope_upper);
        buf cond = {0};
        buf_printf(&cond, "%s >= ? AND %s < ?", path.data, path.data);
        where_and(&w, cond.data, WHERE_TEXT(q->scope_path), WHERE_TEXT(scope_upper));
        buf_free(&cond);
        buf_free(&path);
    }
    if (q->username && *q->username)
        where_and(&w, "a.username = ?", WHERE_TEXT(q->username));
    if (q->object_type && *q->object_type)
        where_and(&w, "a.object_type = ?", WHERE_TEXT(q->object_type));
    if (q->action && *q->action)
        where_and(&w, "a.action = ?", WHERE_TEXT(q->action));
    if (q->from && *q->from) {
        china_day_bound(q->from, false, lower);
        where_and(&w, "a.at >= ?", WHERE_TEXT(lower));
    }
    if (q->to && *q->to) {
        china_day_bound(q->to, true, upper);
        where_and(&w, "a.at < ?", WHERE_TEXT(upper));
    }
    if (q->object_id)
        where_and(&w, "a.object_id = ?", WHERE_INT(q->object_id));
    json_t *items = NULL;
    if (where_count(d, &w, from.data, total, err)) {
        buf head = {0};
        buf_printf(&head,
                   "SELECT a.id, a.at, a.user_id, a.username, a.action, a.object_type, a.object_id,"
                   " a.before AS before_json, a.after AS after_json %s",
                   from.data);
        int next;
        db_stmt *s = where_prepare(d, &w, head.data, " ORDER BY a.id DESC LIMIT ? OFFSET ?", 1, &next);
        buf_free(&head);
        db_bind_int(s, next, q->limit);
        db_bind_int(s, next + 1, q->offset);
        items = db_rows_json(s, NULL, err);
    }
    buf_free(&from);
    where_free(&w);
    return items;
}
