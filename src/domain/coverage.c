/* coverage.c: the two-coverage status and the joint-branch grouping (domain/coverage.h). */
#include "domain/coverage.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- Status ------------------------------------------------------------------------------ */

static const char *const status_names[COVERAGE_STATUS_COUNT] = {"has_org", "should_build", "should_join", "no_members"};
static const char *const status_labels[COVERAGE_STATUS_COUNT] = {"已建组织", "应建", "应联", "无党员"};

coverage_status coverage_status_of(coverage_facts f)
{
    if (f.own_org)
        return COVERAGE_HAS_ORG;
    if (f.joint_org)
        return f.full >= COVERAGE_BRANCH_MIN_FULL ? COVERAGE_SHOULD_BUILD : COVERAGE_HAS_ORG;
    if (f.full >= COVERAGE_BRANCH_MIN_FULL)
        return COVERAGE_SHOULD_BUILD;
    if (f.full >= 1)
        return COVERAGE_SHOULD_JOIN;
    return COVERAGE_NO_MEMBERS;
}

const char *coverage_status_name(coverage_status s)
{
    return (unsigned)s < COVERAGE_STATUS_COUNT ? status_names[s] : NULL;
}

const char *coverage_status_label(coverage_status s)
{
    return (unsigned)s < COVERAGE_STATUS_COUNT ? status_labels[s] : NULL;
}

bool coverage_status_parse(const char *s, coverage_status *out)
{
    for (int i = 0; s && i < COVERAGE_STATUS_COUNT; i++)
        if (strcmp(s, status_names[i]) == 0 || strcmp(s, status_labels[i]) == 0) {
            *out = (coverage_status)i;
            return true;
        }
    return false;
}

bool coverage_survey_valid(int64_t full, int64_t probationary, dj_err *err)
{
    if (full < 0 || full > 100000)
        return dj_err_set(err, "validation", "full_members", "正式党员人数须为 0 到 100000 之间的整数");
    if (probationary < 0 || probationary > 100000)
        return dj_err_set(err, "validation", "probationary_members", "预备党员人数须为 0 到 100000 之间的整数");
    return true;
}

/* ---- Settings and distances -------------------------------------------------------------- */

coverage_settings coverage_defaults(void)
{
    return (coverage_settings){COVERAGE_MAX_DISTANCE_DEFAULT, false};
}

bool coverage_settings_validate(const coverage_settings *s, dj_err *err)
{
    if (!(s->max_distance_km > 0) || s->max_distance_km > COVERAGE_MAX_DISTANCE_LIMIT)
        return dj_err_set(err, "validation", "max_distance_km", "联合党支部的最大距离须大于 0 且不超过 %.0f 公里",
                          COVERAGE_MAX_DISTANCE_LIMIT);
    return true;
}

#define EARTH_KM 6371.0088
#define DEG (M_PI / 180.0)

double coverage_distance_km(double lat1, double lng1, double lat2, double lng2)
{
    double dlat = (lat2 - lat1) * DEG, dlng = (lng2 - lng1) * DEG;
    double a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * DEG) * cos(lat2 * DEG) * sin(dlng / 2) * sin(dlng / 2);
    if (a > 1)
        a = 1;
    return 2 * EARTH_KM * asin(sqrt(a));
}

bool coverage_latitude_valid(double lat) { return isfinite(lat) && lat >= -90 && lat <= 90; }
bool coverage_longitude_valid(double lng) { return isfinite(lng) && lng >= -180 && lng <= 180; }

static const char *const left_names[] = {"no_coordinates", "too_far", "too_few_members", "taken"};
static const char *const left_labels[] = {
    "未登记经纬度，无法计算距离",
    "设定距离内（同一区县）没有其他应联机构",
    "设定距离内的应联机构正式党员合计不足3名",
    "附近的机构已编入其他联合党支部，加入后将超出距离或人数上限",
};

const char *coverage_left_name(coverage_left_reason r) { return (unsigned)r < 4 ? left_names[r] : NULL; }
const char *coverage_left_label(coverage_left_reason r) { return (unsigned)r < 4 ? left_labels[r] : NULL; }

/* ---- The grouping ------------------------------------------------------------------------ */

enum { K_NEAR = 8, K_ATTACH = 16 };

typedef struct grid {
    const coverage_site *s;
    const size_t *pts; /* the block's sites (indexes into s) */
    size_t n;
    double *x, *y;     /* projected km, per block position */
    double minx, miny, cell;
    long gx, gy;
    size_t *start;     /* cell c holds order[start[c] .. start[c + 1]) */
    size_t *order;     /* block positions by cell */
} grid;

typedef struct near {
    double d;
    size_t p; /* block position */
} near;

static long cell_of(const grid *g, double v, double min)
{
    return (long)((v - min) / g->cell);
}

static bool grid_build(grid *g, const coverage_site *s, const size_t *pts, size_t n, double maxd)
{
    memset(g, 0, sizeof *g);
    g->s = s;
    g->pts = pts;
    g->n = n;
    g->x = malloc((n + 1) * sizeof *g->x);
    g->y = malloc((n + 1) * sizeof *g->y);
    g->order = malloc((n + 1) * sizeof *g->order);
    if (!g->x || !g->y || !g->order)
        return false;
    double lat0 = 0;
    for (size_t i = 0; i < n; i++)
        lat0 += s[pts[i]].lat;
    lat0 = n ? lat0 / (double)n : 0;
    double kx = cos(lat0 * DEG) * EARTH_KM * DEG, ky = EARTH_KM * DEG;
    double maxx = -INFINITY, maxy = -INFINITY;
    g->minx = g->miny = INFINITY;
    for (size_t i = 0; i < n; i++) {
        g->x[i] = s[pts[i]].lng * kx;
        g->y[i] = s[pts[i]].lat * ky;
        g->minx = fmin(g->minx, g->x[i]);
        g->miny = fmin(g->miny, g->y[i]);
        maxx = fmax(maxx, g->x[i]);
        maxy = fmax(maxy, g->y[i]);
    }
    double w = n ? maxx - g->minx : 0, h = n ? maxy - g->miny : 0;
    /* About two sites a cell, never smaller than needed to keep the grid within 4n cells. */
    g->cell = sqrt(fmax(w * h, 1e-6) / (double)(n ? n : 1) * 2);
    if (g->cell < maxd / 64)
        g->cell = maxd / 64;
    for (;;) {
        g->gx = (long)(w / g->cell) + 1;
        g->gy = (long)(h / g->cell) + 1;
        if ((double)g->gx * (double)g->gy <= 4.0 * (double)n + 16)
            break;
        g->cell *= 1.5;
    }
    size_t cells = (size_t)(g->gx * g->gy);
    g->start = calloc(cells + 1, sizeof *g->start);
    if (!g->start)
        return false;
    for (size_t i = 0; i < n; i++)
        g->start[cell_of(g, g->y[i], g->miny) * g->gx + cell_of(g, g->x[i], g->minx) + 1]++;
    for (size_t c = 0; c < cells; c++)
        g->start[c + 1] += g->start[c];
    size_t *fill = malloc((cells + 1) * sizeof *fill);
    if (!fill)
        return false;
    memcpy(fill, g->start, (cells + 1) * sizeof *fill);
    for (size_t i = 0; i < n; i++) /* positions in order: each cell's in id order */
        g->order[fill[cell_of(g, g->y[i], g->miny) * g->gx + cell_of(g, g->x[i], g->minx)]++] = i;
    free(fill);
    return true;
}

static void grid_free(grid *g)
{
    free(g->x);
    free(g->y);
    free(g->order);
    free(g->start);
}

static double dist(const grid *g, size_t a, size_t b)
{
    const coverage_site *p = &g->s[g->pts[a]], *q = &g->s[g->pts[b]];
    return coverage_distance_km(p->lat, p->lng, q->lat, q->lng);
}

/* Whether a comes before b: nearer, then the smaller id. */
static bool near_less(const grid *g, near a, near b)
{
    if (a.d != b.d)
        return a.d < b.d;
    return g->s[g->pts[a.p]].id < g->s[g->pts[b.p]].id;
}

/* The k nearest sites to position p within maxd (p itself left out), nearest first, into out;
 * returns how many. With k == 0, calls every site within maxd instead (visit). */
static size_t grid_near(const grid *g, size_t p, double maxd, near *out, size_t k,
                        void (*visit)(void *arg, size_t q, double d), void *arg)
{
    long cx = cell_of(g, g->x[p], g->minx), cy = cell_of(g, g->y[p], g->miny);
    /* The projection errs by well under 1% over a district: search a little beyond maxd. */
    double reach = maxd * 1.02 + 1e-9;
    long rmax = (long)(reach / g->cell) + 1;
    size_t n = 0;
    for (long r = 0; r <= rmax; r++) {
        double ring_min = (double)(r - 1) * g->cell;
        if (ring_min > reach || (k && n == k && ring_min > out[n - 1].d * 1.02))
            break;
        for (long yy = cy - r; yy <= cy + r; yy++) {
            if (yy < 0 || yy >= g->gy)
                continue;
            bool edge = yy == cy - r || yy == cy + r;
            for (long xx = cx - r; xx <= cx + r; xx += edge ? 1 : 2 * r) {
                if (xx >= 0 && xx < g->gx) {
                    size_t c = (size_t)(yy * g->gx + xx);
                    for (size_t t = g->start[c]; t < g->start[c + 1]; t++) {
                        size_t q = g->order[t];
                        if (q == p)
                            continue;
                        double d = dist(g, p, q);
                        if (d > maxd)
                            continue;
                        if (!k) {
                            visit(arg, q, d);
                            continue;
                        }
                        near e = {d, q};
                        if (n == k && !near_less(g, e, out[n - 1]))
                            continue;
                        size_t at = n < k ? n++ : n - 1;
                        while (at > 0 && near_less(g, e, out[at - 1])) {
                            out[at] = out[at - 1];
                            at--;
                        }
                        out[at] = e;
                    }
                }
                if (r == 0)
                    break;
            }
        }
    }
    return n;
}

/* A group being built: block positions. */
typedef struct bgroup {
    size_t *m;
    size_t n, cap;
    int full;
    double clat, clng, radius, diameter;
} bgroup;

typedef struct cand {
    size_t p[3]; /* block positions, by id */
    int n;
    double radius, diameter;
} cand;

static void centre_of(const grid *g, const size_t *m, size_t n, double *lat, double *lng)
{
    double a = 0, b = 0;
    for (size_t i = 0; i < n; i++) {
        a += g->s[g->pts[m[i]]].lat;
        b += g->s[g->pts[m[i]]].lng;
    }
    *lat = a / (double)n;
    *lng = b / (double)n;
}

static double radius_of(const grid *g, const size_t *m, size_t n, double lat, double lng)
{
    double r = 0;
    for (size_t i = 0; i < n; i++) {
        const coverage_site *s = &g->s[g->pts[m[i]]];
        r = fmax(r, coverage_distance_km(s->lat, s->lng, lat, lng));
    }
    return r;
}

static const grid *sort_grid; /* qsort has no argument; the grouping is single-threaded per call */

static int64_t cid(const cand *c, int i) { return i < c->n ? sort_grid->s[sort_grid->pts[c->p[i]]].id : -1; }

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->radius != y->radius)
        return x->radius < y->radius ? -1 : 1;
    if (x->diameter != y->diameter)
        return x->diameter < y->diameter ? -1 : 1;
    for (int i = 0; i < 3; i++) {
        int64_t p = cid(x, i), q = cid(y, i);
        if (p != q)
            return p < q ? -1 : 1;
    }
    return 0;
}

static void sort_ids(const grid *g, size_t *p, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && g->s[g->pts[p[j]]].id < g->s[g->pts[p[j - 1]]].id; j--) {
            size_t t = p[j];
            p[j] = p[j - 1];
            p[j - 1] = t;
        }
}

typedef struct cands {
    cand *v;
    size_t n, cap;
    bool oom;
} cands;

static void cand_add(cands *cs, const grid *g, const size_t *p, int n)
{
    if (cs->n == cs->cap) {
        size_t cap = cs->cap ? cs->cap * 2 : 256;
        cand *v = realloc(cs->v, cap * sizeof *v);
        if (!v) {
            cs->oom = true;
            return;
        }
        cs->v = v;
        cs->cap = cap;
    }
    cand *c = &cs->v[cs->n++];
    memset(c, 0, sizeof *c);
    memcpy(c->p, p, (size_t)n * sizeof *p);
    c->n = n;
    sort_ids(g, c->p, n);
    double lat, lng;
    centre_of(g, c->p, (size_t)n, &lat, &lng);
    c->radius = radius_of(g, c->p, (size_t)n, lat, lng);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            c->diameter = fmax(c->diameter, dist(g, c->p[i], c->p[j]));
}

static int full_at(const grid *g, size_t p) { return g->s[g->pts[p]].full; }

static bool bgroup_push(bgroup *b, size_t p)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4;
        size_t *m = realloc(b->m, cap * sizeof *m);
        if (!m)
            return false;
        b->m = m;
        b->cap = cap;
    }
    b->m[b->n++] = p;
    return true;
}

/* The full members within maxd of a site left out, and whether any site is there (its reason). */
typedef struct reach_sum {
    int full;
    bool any;
} reach_sum;

typedef struct reach_ctx {
    reach_sum sum;
    const grid *g;
} reach_ctx;

static void on_reach_full(void *arg, size_t q, double d)
{
    (void)d;
    reach_ctx *r = arg;
    r->sum.any = true;
    r->sum.full += full_at(r->g, q);
    if (r->sum.full > 1000000)
        r->sum.full = 1000000;
}

typedef struct out_build {
    bgroup *groups;
    size_t ngroups, cap;
    coverage_left *left;
    size_t nleft;
    bool oom;
} out_build;

static bool add_group(out_build *o, bgroup *b)
{
    if (o->ngroups == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 16;
        bgroup *v = realloc(o->groups, cap * sizeof *v);
        if (!v)
            return false;
        o->groups = v;
        o->cap = cap;
    }
    o->groups[o->ngroups++] = *b;
    return true;
}

/* Groups one block (one district, or all when groups may span districts) of sites with
 * coordinates, in id order. */
static bool group_block(const coverage_site *s, const size_t *pts, size_t n, double maxd, out_build *o)
{
    grid g;
    bool ok = grid_build(&g, s, pts, n, maxd);
    int *gid = malloc((n + 1) * sizeof *gid); /* block position -> group index in o, or -1 */
    cands cs = {0};
    near nb[K_ATTACH];
    size_t first_group = o->ngroups;
    if (!ok || !gid)
        goto fail;
    for (size_t i = 0; i < n; i++)
        gid[i] = -1;
    /* 1. The smallest groups that reach 3 full members, among near neighbours. */
    for (size_t i = 0; i < n && !cs.oom; i++) {
        if (full_at(&g, i) >= COVERAGE_BRANCH_MIN_FULL) {
            cand_add(&cs, &g, &i, 1);
            continue;
        }
        size_t k = grid_near(&g, i, maxd, nb, K_NEAR, NULL, NULL);
        for (size_t a = 0; a < k; a++) {
            size_t j = nb[a].p;
            int fij = full_at(&g, i) + full_at(&g, j);
            if (full_at(&g, j) >= COVERAGE_BRANCH_MIN_FULL)
                continue;
            if (fij >= COVERAGE_BRANCH_MIN_FULL) {
                if (s[pts[i]].id < s[pts[j]].id)
                    cand_add(&cs, &g, (size_t[]){i, j}, 2);
                continue;
            }
            for (size_t b = a + 1; b < k; b++) {
                size_t l = nb[b].p;
                if (full_at(&g, l) + full_at(&g, i) >= COVERAGE_BRANCH_MIN_FULL ||
                    full_at(&g, l) + full_at(&g, j) >= COVERAGE_BRANCH_MIN_FULL)
                    continue; /* a pair inside reaches 3 already: not a smallest group */
                if (fij + full_at(&g, l) < COVERAGE_BRANCH_MIN_FULL || dist(&g, j, l) > maxd)
                    continue;
                cand_add(&cs, &g, (size_t[]){i, j, l}, 3);
            }
        }
    }
    if (cs.oom)
        goto fail;
    /* 2. Greedy, by radius. */
    sort_grid = &g;
    if (cs.n)
        qsort(cs.v, cs.n, sizeof *cs.v, cand_cmp);
    for (size_t c = 0; c < cs.n; c++) {
        cand *x = &cs.v[c];
        bool free_all = true;
        for (int t = 0; t < x->n; t++)
            free_all = free_all && gid[x->p[t]] < 0;
        if (!free_all)
            continue;
        bgroup b = {0};
        for (int t = 0; t < x->n; t++) {
            if (!bgroup_push(&b, x->p[t])) {
                free(b.m);
                goto fail;
            }
            b.full += full_at(&g, x->p[t]);
            gid[x->p[t]] = (int)o->ngroups;
        }
        centre_of(&g, b.m, b.n, &b.clat, &b.clng);
        b.radius = x->radius;
        b.diameter = x->diameter;
        if (!add_group(o, &b)) {
            free(b.m);
            goto fail;
        }
    }
    /* 3. What is left joins the group within reach whose radius grows least. */
    for (size_t i = 0; i < n; i++) {
        if (gid[i] >= 0)
            continue;
        size_t k = grid_near(&g, i, maxd, nb, K_ATTACH, NULL, NULL);
        int best = -1;
        double best_grow = INFINITY, best_r = 0, best_lat = 0, best_lng = 0, best_d = 0;
        for (size_t a = 0; a < k; a++) {
            int gi = gid[nb[a].p];
            if (gi < 0 || gi == best)
                continue;
            bgroup *b = &o->groups[gi];
            if (b->full + full_at(&g, i) > COVERAGE_BRANCH_MAX_FULL)
                continue;
            double dm = b->diameter;
            bool fits = true;
            for (size_t t = 0; t < b->n && fits; t++) {
                double d = dist(&g, i, b->m[t]);
                fits = d <= maxd;
                dm = fmax(dm, d);
            }
            if (!fits)
                continue;
            if (!bgroup_push(b, i))
                goto fail;
            double lat, lng;
            centre_of(&g, b->m, b->n, &lat, &lng);
            double r = radius_of(&g, b->m, b->n, lat, lng);
            b->n--;
            double grow = r - b->radius;
            int64_t first = s[pts[b->m[0]]].id, bfirst = best >= 0 ? s[pts[o->groups[best].m[0]]].id : 0;
            if (grow < best_grow || (grow == best_grow && best >= 0 && first < bfirst)) {
                best = gi;
                best_grow = grow;
                best_r = r;
                best_lat = lat;
                best_lng = lng;
                best_d = dm;
            }
        }
        if (best >= 0) {
            bgroup *b = &o->groups[best];
            if (!bgroup_push(b, i))
                goto fail;
            b->full += full_at(&g, i);
            b->radius = best_r;
            b->clat = best_lat;
            b->clng = best_lng;
            b->diameter = best_d;
            gid[i] = best;
            continue;
        }
        reach_ctx rc = {{full_at(&g, i), false}, &g};
        grid_near(&g, i, maxd, NULL, 0, on_reach_full, &rc);
        o->left[o->nleft++] = (coverage_left){pts[i], !rc.sum.any                          ? COVERAGE_LEFT_TOO_FAR
                                                      : rc.sum.full < COVERAGE_BRANCH_MIN_FULL ? COVERAGE_LEFT_TOO_FEW
                                                                                               : COVERAGE_LEFT_TAKEN};
    }
    for (size_t gi = first_group; gi < o->ngroups; gi++) {
        bgroup *b = &o->groups[gi];
        sort_ids(&g, b->m, (int)b->n);
        for (size_t t = 0; t < b->n; t++)
            b->m[t] = pts[b->m[t]]; /* block positions -> site indexes */
    }
    free(cs.v);
    free(gid);
    grid_free(&g);
    return true;
fail:
    free(cs.v);
    free(gid);
    grid_free(&g);
    return false;
}

static const coverage_site *order_sites;

static int site_cmp(const void *a, const void *b)
{
    const coverage_site *x = &order_sites[*(const size_t *)a], *y = &order_sites[*(const size_t *)b];
    if (x->district != y->district)
        return x->district < y->district ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int left_cmp(const void *a, const void *b)
{
    int64_t x = order_sites[((const coverage_left *)a)->site].id, y = order_sites[((const coverage_left *)b)->site].id;
    return x < y ? -1 : x > y;
}

static int group_cmp(const void *a, const void *b)
{
    int64_t x = order_sites[((const bgroup *)a)->m[0]].id, y = order_sites[((const bgroup *)b)->m[0]].id;
    return x < y ? -1 : x > y;
}

bool coverage_group_sites(const coverage_site *sites, size_t n, const coverage_settings *set, coverage_plan *out)
{
    memset(out, 0, sizeof *out);
    coverage_settings def = coverage_defaults();
    if (!set)
        set = &def;
    size_t *idx = malloc((n + 1) * sizeof *idx);
    out_build o = {0};
    o.left = malloc((n + 1) * sizeof *o.left);
    if (!idx || !o.left) {
        free(idx);
        free(o.left);
        return false;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!sites[i].has_coords || !coverage_latitude_valid(sites[i].lat) || !coverage_longitude_valid(sites[i].lng))
            o.left[o.nleft++] = (coverage_left){i, COVERAGE_LEFT_NO_COORDINATES};
        else
            idx[m++] = i;
    }
    order_sites = sites;
    coverage_site *copy = NULL;
    if (set->cross_district) {
        /* One block: sort by id alone. */
        copy = malloc((n + 1) * sizeof *copy);
        if (!copy)
            goto fail;
        memcpy(copy, sites, n * sizeof *copy);
        for (size_t i = 0; i < n; i++)
            copy[i].district = 0;
        order_sites = copy;
    }
    if (m)
        qsort(idx, m, sizeof *idx, site_cmp);
    order_sites = sites;
    bool ok = true;
    for (size_t a = 0; a < m && ok;) {
        size_t b = a + 1;
        while (b < m && (set->cross_district || sites[idx[b]].district == sites[idx[a]].district))
            b++;
        ok = group_block(sites, idx + a, b - a, set->max_distance_km, &o);
        a = b;
    }
    free(copy);
    if (!ok)
        goto fail;
    if (o.ngroups)
        qsort(o.groups, o.ngroups, sizeof *o.groups, group_cmp);
    if (o.nleft)
        qsort(o.left, o.nleft, sizeof *o.left, left_cmp);
    size_t total = 0;
    for (size_t gi = 0; gi < o.ngroups; gi++)
        total += o.groups[gi].n;
    out->groups = malloc((o.ngroups + 1) * sizeof *out->groups);
    out->members = malloc((total + 1) * sizeof *out->members);
    if (!out->groups || !out->members)
        goto fail;
    size_t at = 0;
    for (size_t gi = 0; gi < o.ngroups; gi++) {
        bgroup *b = &o.groups[gi];
        out->groups[gi] = (coverage_group){at, b->n, b->full, b->clat, b->clng, b->radius, b->diameter};
        memcpy(out->members + at, b->m, b->n * sizeof *b->m);
        at += b->n;
        free(b->m);
    }
    out->ngroups = o.ngroups;
    out->left = o.left;
    out->nleft = o.nleft;
    free(o.groups);
    free(idx);
    return true;
fail:
    for (size_t gi = 0; gi < o.ngroups; gi++)
        free(o.groups[gi].m);
    free(o.groups);
    free(o.left);
    free(idx);
    free(out->groups);
    free(out->members);
    memset(out, 0, sizeof *out);
    return false;
}

void coverage_plan_free(coverage_plan *p)
{
    free(p->groups);
    free(p->members);
    free(p->left);
    memset(p, 0, sizeof *p);
}
