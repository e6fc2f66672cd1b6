/* audit_list.c: the audit log as a list (audit_list.h). */
#include "store/audit_list.h"

#include "core/buf.h"
#include "core/json.h"
#include "store/module.h"

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

typedef struct where {
    buf sql;
    const char *text[8];
    int ntext;
    int64_t ints[2];
    int nints;
    int order[10]; /* 't' or 'i' per placeholder, in order */
    int n;
} where;

static void cond_text(where *w, const char *sql, const char *v)
{
    buf_printf(&w->sql, " AND %s", sql);
    w->text[w->ntext++] = v;
    w->order[w->n++] = 't';
}

static void bind_all(db_stmt *s, const where *w)
{
    int t = 0, i = 0;
    for (int k = 0; k < w->n; k++) {
        if (w->order[k] == 't')
            db_bind_text(s, k + 1, w->text[t++]);
        else
            db_bind_int(s, k + 1, w->ints[i++]);
    }
}

json_t *audit_list(db *d, const audit_query *q, int64_t *total, dj_err *err)
{
    where w = {0};
    char lower[32], upper[32], scope_upper[300];
    buf_puts(&w.sql, " FROM audit_log a");
    bool scoped = q->scope_path && strcmp(q->scope_path, "/") != 0;
    /* The path of a record's object: a member's, an org's, an account's org's, and that of a row
     * of every other registered table that keeps one (module.h: org_path, e.g. meetings). */
    buf path = {0};
    buf_puts(&path, "COALESCE(m.org_path, o.path, uo.path");
    if (scoped) {
        buf_puts(&w.sql, " LEFT JOIN members m ON a.object_type = 'member' AND m.id = a.object_id"
                         " LEFT JOIN orgs o ON a.object_type = 'org' AND o.id = a.object_id"
                         " LEFT JOIN users u ON a.object_type = 'user' AND u.id = a.object_id"
                         " LEFT JOIN orgs uo ON uo.id = u.org_id");
        int k = 0;
        for (const store_table *t = NULL; (t = store_table_next(t));) {
            if (!t->org_path || !t->object_type || strcmp(t->name, "members") == 0)
                continue;
            buf_printf(&w.sql, " LEFT JOIN %s x%d ON a.object_type = '%s' AND x%d.id = a.object_id", t->name, k,
                       t->object_type, k);
            buf_printf(&path, ", x%d.org_path", k);
            k++;
        }
    }
    buf_puts(&path, ")");
    buf_puts(&w.sql, " WHERE 1 = 1");
    if (scoped) {
        store_path_upper(q->scope_path, scope_upper, sizeof scope_upper);
        char cond[512];
        snprintf(cond, sizeof cond, "%s >= ?", path.data);
        cond_text(&w, cond, q->scope_path);
        snprintf(cond, sizeof cond, "%s < ?", path.data);
        cond_text(&w, cond, scope_upper);
    }
    buf_free(&path);
    if (q->username && *q->username)
        cond_text(&w, "a.username = ?", q->username);
    if (q->object_type && *q->object_type)
        cond_text(&w, "a.object_type = ?", q->object_type);
    if (q->action && *q->action)
        cond_text(&w, "a.action = ?", q->action);
    if (q->from && *q->from) {
        china_day_bound(q->from, false, lower);
        cond_text(&w, "a.at >= ?", lower);
    }
    if (q->to && *q->to) {
        china_day_bound(q->to, true, upper);
        cond_text(&w, "a.at < ?", upper);
    }
    if (q->object_id) {
        buf_puts(&w.sql, " AND a.object_id = ?");
        w.ints[w.nints++] = q->object_id;
        w.order[w.n++] = 'i';
    }
    buf count = {0}, page = {0};
    buf_printf(&count, "SELECT COUNT(*)%s", w.sql.data);
    db_stmt *s = db_prepare(d, count.data);
    bind_all(s, &w);
    int rc = db_step(s, err);
    *total = rc == 1 ? db_col_int(s, 0) : 0;
    if (rc == 1)
        db_reset(s);
    buf_free(&count);
    if (rc != 1) {
        buf_free(&w.sql);
        if (rc == 0)
            dj_err_set(err, "internal", "", "COUNT returned no row");
        return NULL;
    }
    buf_printf(&page,
               "SELECT a.id, a.at, a.user_id, a.username, a.action, a.object_type, a.object_id, a.before AS before_json,"
               " a.after AS after_json%s ORDER BY a.id DESC LIMIT ? OFFSET ?",
               w.sql.data);
    s = db_prepare(d, page.data);
    buf_free(&page);
    bind_all(s, &w);
    db_bind_int(s, w.n + 1, q->limit);
    db_bind_int(s, w.n + 2, q->offset);
    buf_free(&w.sql);
    return db_rows_json(s, NULL, err);
}
