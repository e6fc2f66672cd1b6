/* coverage.c: the two-coverage survey's reads and writes (store/coverage.h). The facts of a
 * scope are four statements whatever its size: its institutions, every covering link, the
 * members grouped once by organisation, the survey counts; they are joined here in memory. */
#include "store/coverage.h"

#include "core/arena.h"
#include "store/institutions.h"
#include "store/rows.h"
#include "store/where.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const survey_columns[] = {"institution_id", "full_members", "probationary_members", "surveyed_on",
                                      "surveyed_by", NULL};

typedef struct id_ref {
    int64_t id;
    size_t idx;
} id_ref;

static int ref_cmp(const void *a, const void *b)
{
    int64_t x = ((const id_ref *)a)->id, y = ((const id_ref *)b)->id;
    return x < y ? -1 : x > y;
}

static coverage_inst *find(const id_ref *refs, coverage_set *s, int64_t id)
{
    id_ref key = {id, 0};
    const id_ref *r = s->n ? bsearch(&key, refs, s->n, sizeof *refs, ref_cmp) : NULL;
    return r ? &s->v[r->idx] : NULL;
}

static char *dup_or_null(db_stmt *s, int col)
{
    return db_col_is_null(s, col) ? NULL : xstrdup(db_col_text(s, col));
}

static bool read_institutions(db *d, const char *scope_path, bool include_uncovered, const char *district,
                              const json_t *ids, coverage_set *out, dj_err *err)
{
    char upper[300];
    store_path_upper(scope_path, upper, sizeof upper);
    bool pg = db_dialect_of(d) == DB_POSTGRES;
    store_where w = {0};
    where_and(&w, "i.deleted_at IS NULL");
    institution_scope_where(&w, scope_path, upper, include_uncovered);
    if (district && *district)
        where_and(&w, "i.district = ?", WHERE_TEXT(district));
    if (ids)
        where_and(&w, pg ? "i.id IN (SELECT value::bigint FROM jsonb_array_elements_text(?::jsonb))"
                         : "i.id IN (SELECT value FROM json_each(?))",
                  WHERE_TEXT(where_keep(&w, json_dumps(ids, JSON_COMPACT))));
    db_stmt *s = where_prepare(d, &w, "SELECT i.id, i.name, i.ownership, i.district, i.latitude, i.longitude, i.owner_path FROM institutions i",
                               pg ? " ORDER BY i.name COLLATE \"zh-x-icu\", i.id" : " ORDER BY i.name COLLATE PINYIN, i.id", 1, NULL);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, err)) == 1) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 64;
            out->v = xrealloc(out->v, cap * sizeof *out->v);
        }
        coverage_inst *x = &out->v[out->n++];
        memset(x, 0, sizeof *x);
        x->id = db_col_int(s, 0);
        x->name = xstrdup(db_col_text(s, 1));
        x->ownership = xstrdup(db_col_text(s, 2));
        x->district = dup_or_null(s, 3);
        x->has_coords = !db_col_is_null(s, 4) && !db_col_is_null(s, 5);
        x->lat = x->has_coords ? db_col_double(s, 4) : 0;
        x->lng = x->has_coords ? db_col_double(s, 5) : 0;
        /* "/3/14/" → 14 */
        const char *owner = db_col_text(s, 6), *last = NULL;
        for (const char *p = owner; *p; p++)
            if (p[0] == '/' && p[1])
                last = p + 1;
        x->owner_org_id = last ? strtoll(last, NULL, 10) : 0;
    }
    where_free(&w);
    return rc == 0;
}

/* A covering organisation whose members count for one institution. */
typedef struct counted_link {
    size_t inst;
    char *path;
} counted_link;

/* The members of every organisation of the subtree, grouped once: paths in byte order with
 * running sums, so that any organisation's subtree is two binary searches. */
typedef struct path_sums {
    char **path;
    int64_t *full, *all; /* sums before entry k: full[k], all[k]; n + 1 entries */
    size_t n;
} path_sums;

static bool read_sums(db *d, const char *scope_path, path_sums *ps, dj_err *err)
{
    char upper[300];
    store_path_upper(scope_path, upper, sizeof upper);
    /* Grouped in the index's own order (org_path, status, category): SQLite reads the covering
     * index alone (dashboard.c's reason) and evaluates nothing per member; the statuses that
     * count (org_count's rule) are picked here, per group. */
    db_stmt *s = db_prepare(d, db_dialect_of(d) == DB_SQLITE
        ? "SELECT org_path, status, category, COUNT(*) FROM members INDEXED BY members_stats"
          " WHERE org_path >= ? AND org_path < ? AND deleted_at IS NULL GROUP BY org_path, status, category ORDER BY org_path"
        : "SELECT org_path, status, category, COUNT(*) FROM members"
          " WHERE org_path >= ? AND org_path < ? AND deleted_at IS NULL GROUP BY org_path, status, category ORDER BY org_path");
    db_bind_text(s, 1, scope_path);
    db_bind_text(s, 2, upper);
    size_t cap = 16;
    ps->path = xmalloc(cap * sizeof *ps->path);
    ps->full = xmalloc((cap + 1) * sizeof *ps->full);
    ps->all = xmalloc((cap + 1) * sizeof *ps->all);
    ps->full[0] = ps->all[0] = 0;
    int rc;
    while ((rc = db_step(s, err)) == 1) {
        const char *path = db_col_text(s, 0), *status = db_col_text(s, 1);
        if (strcmp(status, "active") != 0 && strcmp(status, "mobile") != 0 && strcmp(status, "lost_contact") != 0)
            continue;
        if (ps->n == 0 || strcmp(ps->path[ps->n - 1], path) != 0) {
            if (ps->n == cap) {
                cap *= 2;
                ps->path = xrealloc(ps->path, cap * sizeof *ps->path);
                ps->full = xrealloc(ps->full, (cap + 1) * sizeof *ps->full);
                ps->all = xrealloc(ps->all, (cap + 1) * sizeof *ps->all);
            }
            ps->path[ps->n] = xstrdup(path);
            ps->full[ps->n + 1] = ps->full[ps->n];
            ps->all[ps->n + 1] = ps->all[ps->n];
            ps->n++;
        }
        int64_t k = db_col_int(s, 3);
        ps->all[ps->n] += k;
        if (strcmp(db_col_text(s, 2), "full") == 0)
            ps->full[ps->n] += k;
    }
    return rc == 0;
}

/* The first entry whose path is not below key (byte order, as the index sorts). */
static size_t lower_bound(const path_sums *ps, const char *key)
{
    size_t lo = 0, hi = ps->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(ps->path[mid], key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void sums_free(path_sums *ps)
{
    for (size_t i = 0; i < ps->n; i++)
        free(ps->path[i]);
    free(ps->path);
    free(ps->full);
    free(ps->all);
}

static bool read_links(db *d, coverage_set *out, const id_ref *refs, counted_link **links, size_t *nlinks, dj_err *err)
{
    /* Every live link with the number of live institutions its organisation covers. */
    db_stmt *s = db_prepare(d,
        "SELECT oi.institution_id, o.path, o.type,"
        " (SELECT COUNT(*) FROM org_institutions x JOIN institutions xi ON xi.id = x.institution_id"
        "  WHERE x.org_id = o.id AND xi.deleted_at IS NULL) AS covers"
        " FROM org_institutions oi JOIN orgs o ON o.id = oi.org_id"
        " WHERE o.deleted_at IS NULL ORDER BY oi.institution_id, o.path");
    size_t cap = 0;
    int rc;
    int64_t last_inst = 0;
    const char *kept = NULL; /* the last counted path of this institution: nested ones are inside it */
    while ((rc = db_step(s, err)) == 1) {
        coverage_inst *x = find(refs, out, db_col_int(s, 0));
        if (!x)
            continue;
        if (x->id != last_inst) {
            last_inst = x->id;
            kept = NULL;
        }
        /* A joint branch that covers this institution alone is the institution's own. */
        bool joint = strcmp(db_col_text(s, 2), "joint_branch") == 0 && db_col_int(s, 3) > 1;
        if (joint)
            x->joint_org = true;
        else
            x->own_org = true;
        const char *path = db_col_text(s, 1);
        if (db_col_int(s, 3) != 1 || (kept && strncmp(path, kept, strlen(kept)) == 0))
            continue;
        if (*nlinks == cap) {
            cap = cap ? cap * 2 : 64;
            *links = xrealloc(*links, cap * sizeof **links);
        }
        (*links)[*nlinks] = (counted_link){(size_t)(x - out->v), xstrdup(path)};
        kept = (*links)[*nlinks].path;
        (*nlinks)++;
        x->counted = true;
    }
    return rc == 0;
}

static bool read_surveys(db *d, coverage_set *out, const id_ref *refs, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT institution_id, full_members, probationary_members, surveyed_on, version"
                               " FROM institution_surveys");
    int rc;
    while ((rc = db_step(s, err)) == 1) {
        coverage_inst *x = find(refs, out, db_col_int(s, 0));
        if (!x)
            continue;
        x->surveyed = true;
        x->survey_full = (int)db_col_int(s, 1);
        x->survey_prob = (int)db_col_int(s, 2);
        snprintf(x->surveyed_on, sizeof x->surveyed_on, "%s", db_col_text(s, 3));
        x->survey_version = db_col_int(s, 4);
    }
    return rc == 0;
}

bool coverage_read(db *d, const char *scope_path, bool include_uncovered, const char *district, const json_t *ids,
                   coverage_set *out, dj_err *err)
{
    memset(out, 0, sizeof *out);
    if (!read_institutions(d, scope_path, include_uncovered, district, ids, out, err))
        return false;
    id_ref *refs = xmalloc((out->n + 1) * sizeof *refs);
    for (size_t i = 0; i < out->n; i++)
        refs[i] = (id_ref){out->v[i].id, i};
    qsort(refs, out->n, sizeof *refs, ref_cmp);
    counted_link *links = NULL;
    size_t nlinks = 0;
    path_sums ps = {0};
    bool ok = read_links(d, out, refs, &links, &nlinks, err) && read_surveys(d, out, refs, err) &&
              (nlinks == 0 || read_sums(d, scope_path, &ps, err));
    for (size_t k = 0; ok && k < nlinks; k++) {
        char upper[300];
        store_path_upper(links[k].path, upper, sizeof upper);
        size_t lo = lower_bound(&ps, links[k].path), hi = lower_bound(&ps, upper);
        coverage_inst *x = &out->v[links[k].inst];
        x->org_full += (int)(ps.full[hi] - ps.full[lo]);
        x->org_prob += (int)((ps.all[hi] - ps.all[lo]) - (ps.full[hi] - ps.full[lo]));
    }
    for (size_t k = 0; k < nlinks; k++)
        free(links[k].path);
    free(links);
    sums_free(&ps);
    free(refs);
    return ok;
}

void coverage_set_free(coverage_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].name);
        free(s->v[i].ownership);
        free(s->v[i].district);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}

json_t *survey_read_e(db *d, int64_t institution_id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT id, institution_id, full_members, probationary_members, surveyed_on, surveyed_by,"
                               " version, created_at, updated_at FROM institution_surveys WHERE institution_id = ?");
    db_bind_int(s, 1, institution_id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "尚无摸排数据");
        return NULL;
    }
    json_t *o = db_row_json(s);
    db_reset(s);
    return o;
}

bool coverage_round_create(db *d, const dj_actor *who, const json_t *round, const json_t *items, int64_t *id,
                           dj_err *err)
{
    static const char *const cols[] = {"org_id", "org_path", "name", "taken_by", "totals", NULL};
    if (!row_insert(d, "coverage_rounds", cols, round, who, id, err))
        return false;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        db_stmt *s = db_prepare(d, "INSERT INTO coverage_round_items (round_id, institution_id, name, ownership, district,"
                                   " full_members, probationary_members, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        db_bind_int(s, 1, *id);
        db_bind_int(s, 2, json_integer_value(json_object_get(it, "institution_id")));
        db_bind_text(s, 3, json_string_value(json_object_get(it, "name")));
        db_bind_text(s, 4, json_string_value(json_object_get(it, "ownership")));
        db_bind_text(s, 5, json_string_value(json_object_get(it, "district")));
        db_bind_int(s, 6, json_integer_value(json_object_get(it, "full_members")));
        db_bind_int(s, 7, json_integer_value(json_object_get(it, "probationary_members")));
        db_bind_text(s, 8, json_string_value(json_object_get(it, "status")));
        if (!db_run(s, err))
            return false;
    }
    return true;
}

#define ROUND_SELECT                                                                                       \
    "SELECT r.id, r.org_id, o.name AS org_name, r.org_path, r.name, r.taken_by, r.totals AS totals_json,"  \
    " r.created_at, (SELECT COUNT(*) FROM coverage_round_items x WHERE x.round_id = r.id) AS institutions" \
    " FROM coverage_rounds r LEFT JOIN orgs o ON o.id = r.org_id"

json_t *coverage_rounds_list_e(db *d, const char *scope_path, int64_t limit, int64_t offset, int64_t *total,
                               dj_err *err)
{
    char upper[300];
    store_path_upper(scope_path, upper, sizeof upper);
    store_where w = {0};
    where_and(&w, "r.org_path >= ?", WHERE_TEXT(scope_path));
    where_and(&w, "r.org_path < ?", WHERE_TEXT(upper));
    json_t *items = NULL;
    if (where_count(d, &w, "FROM coverage_rounds r", total, err)) {
        int i;
        db_stmt *s = where_prepare(d, &w, ROUND_SELECT, " ORDER BY r.id DESC LIMIT ? OFFSET ?", 1, &i);
        db_bind_int(s, i++, limit);
        db_bind_int(s, i++, offset);
        items = db_rows_json(s, NULL, err);
    }
    where_free(&w);
    return items;
}

json_t *coverage_round_read_e(db *d, int64_t id, dj_err *err)
{
    db_stmt *s = db_prepare(d, ROUND_SELECT " WHERE r.id = ?");
    db_bind_int(s, 1, id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "摸排轮次不存在");
        return NULL;
    }
    json_t *o = db_row_json(s);
    db_reset(s);
    return o;
}

json_t *coverage_round_items_e(db *d, int64_t id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT institution_id, name, ownership, district, full_members, probationary_members, status"
                               " FROM coverage_round_items WHERE round_id = ? ORDER BY institution_id");
    db_bind_int(s, 1, id);
    return db_rows_json(s, NULL, err);
}

bool coverage_round_previous(db *d, int64_t id, const char *org_path, int64_t *prev, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT MAX(id) FROM coverage_rounds WHERE org_path = ? AND id < ?");
    db_bind_text(s, 1, org_path);
    db_bind_int(s, 2, id);
    int rc = db_step(s, err);
    *prev = rc == 1 && !db_col_is_null(s, 0) ? db_col_int(s, 0) : 0;
    if (rc == 1)
        db_reset(s);
    return rc >= 0;
}
