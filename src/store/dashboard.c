#include "store/dashboard.h"

#include "core/arena.h"

#include "core/buf.h"

#include <malloc.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* On SQLite the figures read only the covering index members_stats (migration 3): without the
 * hint the planner walks members_live_path and fetches every row of the subtree from the table
 * (25-36 s for 1M members, against well under a second). PostgreSQL picks its own plan. */
static const char *stats_sql(db *d, const char *sql, char *out, size_t n)
{
    const char *hint = db_dialect_of(d) == DB_SQLITE ? "FROM members INDEXED BY members_stats" : "FROM members";
    const char *at = strstr(sql, "FROM members");
    snprintf(out, n, "%.*s%s%s", (int)(at - sql), sql, hint, at + strlen("FROM members"));
    return out;
}

/* Runs a one-row query binding the subtree range first, then extra text parameters. */
static db_stmt *subtree_query(db *d, const char *sql, const char *path, const char *upper)
{
    char text[2048];
    db_stmt *s = db_prepare(d, strstr(sql, "FROM members") ? stats_sql(d, sql, text, sizeof text) : sql);
    db_bind_text(s, 1, path);
    db_bind_text(s, 2, upper);
    return s;
}

/* {key: count} of a grouped query; NULL + err when it cannot be read. */
static json_t *grouped(db *d, const char *sql, const char *path, const char *upper, dj_err *err)
{
    json_t *o = json_object();
    db_stmt *s = subtree_query(d, sql, path, upper);
    int rc;
    while ((rc = db_step(s, err)) == 1)
        json_object_set_new(o, db_col_text(s, 0), json_integer(db_col_int(s, 1)));
    if (rc < 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Sets key of o to v, a result that may be NULL (a failed read): then false. */
static bool set_result(json_t *o, const char *key, json_t *v)
{
    return v && json_object_set_new(o, key, v) == 0;
}

json_t *dashboard_figures(db *d, const char *path, dj_date today)
{
    json_t *out = dashboard_figures_e(d, path, today, NULL);
    return out ? out : json_object();
}

json_t *dashboard_figures_e(db *d, const char *path, dj_date today, dj_err *err)
{
    char upper[300];
    store_path_upper(path, upper, sizeof upper);
    json_t *out = json_object();

    /* Members in the register (在册, 流动, 失联 count; transferred out, suspended, deceased do not). */
    char b35[11], b45[11], b55[11];
    date_format(date_add_years(today, -35), b35);
    date_format(date_add_years(today, -45), b45);
    date_format(date_add_years(today, -55), b55);
    char text[2048];
    db_stmt *s = db_prepare(d, stats_sql(d,
        "SELECT COUNT(*),"
        " COALESCE(SUM(CASE WHEN category = 'full' THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN category = 'probationary' THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN gender = 'female' THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN birth_date > ? THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN birth_date <= ? AND birth_date > ? THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN birth_date <= ? AND birth_date > ? THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN birth_date <= ? THEN 1 ELSE 0 END), 0)"
        " FROM members WHERE org_path >= ? AND org_path < ? AND deleted_at IS NULL"
        " AND status IN ('active', 'mobile', 'lost_contact')", text, sizeof text));
    const char *binds[] = {b35, b35, b45, b45, b55, b55, path, upper};
    for (int i = 0; i < 8; i++)
        db_bind_text(s, i + 1, binds[i]);
    if (db_step(s, err) != 1) {
        json_decref(out);
        return NULL;
    }
    json_t *ages = json_pack("{s:I,s:I,s:I,s:I}", "under_35", (json_int_t)db_col_int(s, 4), "35_44",
                             (json_int_t)db_col_int(s, 5), "45_54", (json_int_t)db_col_int(s, 6), "55_over",
                             (json_int_t)db_col_int(s, 7));
    json_object_set_new(out, "members",
                        json_pack("{s:I,s:I,s:I,s:I,s:o}", "total", (json_int_t)db_col_int(s, 0), "full",
                                  (json_int_t)db_col_int(s, 1), "probationary", (json_int_t)db_col_int(s, 2),
                                  "female", (json_int_t)db_col_int(s, 3), "by_age", ages));
    db_reset(s);
    json_t *m = json_object_get(out, "members"), *orgs = json_object();
    json_object_set_new(out, "orgs", orgs);
    if (!set_result(m, "by_status",
                    grouped(d, "SELECT status, COUNT(*) FROM members WHERE org_path >= ? AND org_path < ?"
                               " AND deleted_at IS NULL GROUP BY status ORDER BY status", path, upper, err)) ||
        !set_result(m, "by_education",
                    grouped(d, "SELECT COALESCE(education, ''), COUNT(*) FROM members WHERE org_path >= ? AND org_path < ?"
                               " AND deleted_at IS NULL AND status IN ('active', 'mobile', 'lost_contact')"
                               " GROUP BY COALESCE(education, '') ORDER BY 1", path, upper, err)) ||
        !set_result(orgs, "by_type",
                    grouped(d, "SELECT type, COUNT(*) FROM orgs WHERE path >= ? AND path < ?"
                               " AND deleted_at IS NULL GROUP BY type ORDER BY type", path, upper, err))) {
        json_decref(out);
        return NULL;
    }

    /* Institutions covered by an org of the subtree, by ownership. */
    s = subtree_query(d,
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN i.ownership = 'private' THEN 1 ELSE 0 END), 0) FROM institutions i"
        " WHERE i.deleted_at IS NULL AND EXISTS (SELECT 1 FROM org_institutions oi JOIN orgs o ON o.id = oi.org_id"
        " WHERE oi.institution_id = i.id AND o.path >= ? AND o.path < ? AND o.deleted_at IS NULL)", path, upper);
    if (db_step(s, err) != 1) {
        json_decref(out);
        return NULL;
    }
    json_int_t covered = db_col_int(s, 0), covered_private = db_col_int(s, 1);
    db_reset(s);
    json_t *inst = json_pack("{s:I,s:I}", "covered", covered, "covered_private", covered_private);
    if (strcmp(path, "/") == 0) {
        /* Coverage (两个覆盖) across the whole registry: institutions no organisation covers. */
        s = db_prepare(d, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN ownership = 'private' THEN 1 ELSE 0 END), 0)"
                          " FROM institutions i WHERE deleted_at IS NULL AND NOT EXISTS"
                          " (SELECT 1 FROM org_institutions oi JOIN orgs o ON o.id = oi.org_id"
                          "  WHERE oi.institution_id = i.id AND o.deleted_at IS NULL)");
        json_object_set_new(out, "institutions", inst);
        if (db_step(s, err) != 1) {
            json_decref(out);
            return NULL;
        }
        json_object_set_new(inst, "uncovered", json_integer(db_col_int(s, 0)));
        json_object_set_new(inst, "uncovered_private", json_integer(db_col_int(s, 1)));
        db_reset(s);
        return out;
    }
    json_object_set_new(out, "institutions", inst);
    return out;
}

bool dashboard_each_org(db *d, const char *path, void (*fn)(const dashboard_org *o, void *arg), void *arg)
{
    return dashboard_each_org_e(d, path, fn, arg, NULL);
}

bool dashboard_each_org_e(db *d, const char *path, void (*fn)(const dashboard_org *o, void *arg), void *arg, dj_err *err)
{
    char upper[300];
    store_path_upper(path, upper, sizeof upper);
    /* Direct members per org in one grouped pass over the subtree's members, joined to its orgs. */
    char text[2048];
    db_stmt *s = db_prepare(d, stats_sql(d,
        "SELECT o.id, o.name, o.type, o.term_end, COALESCE(c.members, 0), COALESCE(c.full, 0),"
        " (SELECT COUNT(*) FROM org_committee oc WHERE oc.org_id = o.id), o.path"
        " FROM orgs o LEFT JOIN (SELECT org_path, COUNT(*) AS members,"
        "   SUM(CASE WHEN category = 'full' THEN 1 ELSE 0 END) AS full FROM members"
        "   WHERE org_path >= ? AND org_path < ? AND deleted_at IS NULL AND status IN ('active', 'mobile', 'lost_contact')"
        "   GROUP BY org_path) c ON c.org_path = o.path"
        " WHERE o.path >= ? AND o.path < ? AND o.deleted_at IS NULL ORDER BY o.path", text, sizeof text));
    db_bind_text(s, 1, path);
    db_bind_text(s, 2, upper);
    db_bind_text(s, 3, path);
    db_bind_text(s, 4, upper);
    /* A branch's members are its own and those of its 党小组 (groups sit right under their
     * branch, so in path order a group follows its branch): the rows are kept until every group
     * has been added to its branch. */
    dashboard_org *rows = NULL;
    char **paths = NULL;
    size_t n = 0, cap = 0;
    ptrdiff_t branch = -1;
    int rc;
    while ((rc = db_step(s, err)) == 1) {
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            rows = xrealloc(rows, cap * sizeof *rows);
            paths = xrealloc(paths, cap * sizeof *paths);
        }
        dashboard_org *o = &rows[n];
        *o = (dashboard_org){
            .id = db_col_int(s, 0), .name = xstrdup(db_col_text(s, 1)), .type = xstrdup(db_col_text(s, 2)),
            .term_end = db_col_is_null(s, 3) ? NULL : xstrdup(db_col_text(s, 3)),
            .members = (int)db_col_int(s, 4), .full = (int)db_col_int(s, 5), .committee = (int)db_col_int(s, 6),
        };
        paths[n] = xstrdup(db_col_text(s, 7));
        if (strcmp(o->type, "branch") == 0 || strcmp(o->type, "joint_branch") == 0) {
            branch = (ptrdiff_t)n;
        } else if (strcmp(o->type, "group") == 0 && branch >= 0 &&
                   strncmp(paths[n], paths[branch], strlen(paths[branch])) == 0) {
            rows[branch].members += o->members;
            rows[branch].full += o->full;
        }
        n++;
    }
    db_reset(s);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0)
            fn(&rows[i], arg);
        free((char *)rows[i].name);
        free((char *)rows[i].type);
        free((char *)rows[i].term_end);
        free(paths[i]);
    }
    free(rows);
    free(paths);
    /* A large subtree's grouping leaves tens of MB in this thread's malloc arena: give it back. */
    malloc_trim(0);
    return rc == 0;
}
