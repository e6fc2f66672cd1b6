/* coverage_joint.c: joint branches by proximity (联合党支部, 就近就便, DOMAIN.md §1, seed 002): the
 * institutions of a scope that should join one (应联), grouped by domain/coverage.h, and the
 * acceptance of a proposal, which sets the joint branch up and links its institutions.
 *
 * Access: proposals need coverage.oversee; accepting needs coverage.write (admin, org_admin)
 * and a parent organisation in the caller's scope. */
#include "api/coverage.h"

#include "api/fields.h"
#include "api/module.h"
#include "core/buf.h"
#include "core/json.h"
#include "domain/org_rules.h"
#include "store/orgs.h"
#include "store/rows.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double round2(double v) { return round(v * 100) / 100; }
static double round6(double v) { return round(v * 1e6) / 1e6; }

static int str_cmp(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* A number per district name (no district: ""), by name order. */
static int district_number(const char *const *names, size_t n, const char *d)
{
    const char *key = d ? d : "";
    const char *const *hit = bsearch(&key, names, n, sizeof *names, str_cmp);
    return hit ? (int)(hit - names) : -1;
}

static const char *const CN_NUM[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

static void get_proposals(http_request *req, api_ctx *c)
{
    bool none;
    const char *path = coverage_scope(req, c, &none);
    if (!path && !none)
        return;
    coverage_settings set;
    coverage_set s = {0};
    dj_err err;
    if (!coverage_settings_load(c->d, &set, &err) ||
        (path && !coverage_read(c->d, path, true, http_query(req, "district"), NULL, &s, &err))) {
        coverage_set_free(&s);
        api_fail(req, &err);
        return;
    }
    /* The institutions that should join, as sites. */
    coverage_site *sites = malloc((s.n + 1) * sizeof *sites);
    size_t *of = malloc((s.n + 1) * sizeof *of); /* site -> institution */
    const char **names = malloc((s.n + 1) * sizeof *names);
    size_t n = 0, nn = 0;
    for (size_t i = 0; i < s.n; i++)
        names[nn++] = s.v[i].district ? s.v[i].district : "";
    qsort(names, nn, sizeof *names, str_cmp);
    size_t u = 0; /* each district once, so that its number is one */
    for (size_t i = 0; i < nn; i++)
        if (!u || strcmp(names[u - 1], names[i]) != 0)
            names[u++] = names[i];
    nn = u;
    for (size_t i = 0; i < s.n; i++) {
        coverage_view v = coverage_view_of(&s.v[i]);
        if (v.status != COVERAGE_SHOULD_JOIN)
            continue;
        sites[n] = (coverage_site){s.v[i].id, v.full, district_number(names, nn, s.v[i].district), s.v[i].has_coords,
                                   s.v[i].lat, s.v[i].lng};
        of[n++] = i;
    }
    coverage_plan plan;
    if (!coverage_group_sites(sites, n, &set, &plan)) {
        free(sites);
        free(of);
        free(names);
        coverage_set_free(&s);
        http_reply_error(req, 500, "internal", NULL, "内存不足");
        return;
    }
    json_t *groups = json_array(), *left = json_array();
    json_t *seen = json_object(); /* proposals per district so far, for their names */
    json_t *parents = json_object();
    for (size_t g = 0; g < plan.ngroups; g++) {
        const coverage_group *gr = &plan.groups[g];
        json_t *insts = json_array();
        const coverage_inst *first = &s.v[of[plan.members[gr->first]]];
        for (size_t k = 0; k < gr->n; k++) {
            const coverage_site *st = &sites[plan.members[gr->first + k]];
            const coverage_inst *x = &s.v[of[plan.members[gr->first + k]]];
            json_array_append_new(insts, json_pack("{s:I,s:s,s:i,s:s*,s:f,s:f,s:f}", "id", (json_int_t)x->id, "name", x->name,
                                                   "full_members", st->full, "district", x->district, "latitude", x->lat,
                                                   "longitude", x->lng, "distance_km",
                                                   round2(coverage_distance_km(x->lat, x->lng, gr->centre_lat, gr->centre_lng))));
        }
        const char *dk = first->district ? first->district : "";
        json_int_t k = json_integer_value(json_object_get(seen, dk)) + 1;
        json_object_set_new(seen, dk, json_integer(k));
        char name[200];
        snprintf(name, sizeof name, "%s联合党支部（%s）", first->district ? first->district : "", k <= 10 ? CN_NUM[k - 1] : "十+");
        /* The organisation that registered them all, as the joint branch's parent to suggest. */
        int64_t parent = first->owner_org_id;
        for (size_t k = 1; k < gr->n; k++)
            if (s.v[of[plan.members[gr->first + k]]].owner_org_id != parent)
                parent = 0;
        char pk[24];
        snprintf(pk, sizeof pk, "%lld", (long long)parent);
        json_t *po = json_incref(json_object_get(parents, pk)); /* read once per organisation */
        if (parent && !po) {
            po = org_read(c->d, parent);
            json_object_set(parents, pk, po ? po : json_null());
        }
        bool shown = json_is_object(po) && !json_is_true(json_object_get(po, "deleted")) && scope_has_path(c, json_str(po, "path"));
        json_t *group = json_pack("{s:o,s:i,s:f,s:f,s:{s:f,s:f},s:s*,s:s}", "institutions", insts,
                                                "full_members", gr->full, "max_distance_km", round2(gr->diameter_km),
                                                "radius_km", round2(gr->radius_km), "centre", "latitude",
                                                round6(gr->centre_lat), "longitude", round6(gr->centre_lng), "district",
                                                first->district, "suggested_name", name);
        json_object_set_new(group, "suggested_parent", shown ? json_pack("{s:O,s:O}", "id", json_object_get(po, "id"), "name",
                                                                         json_object_get(po, "name"))
                                                             : json_null());
        json_decref(po);
        json_array_append_new(groups, group);
    }
    for (size_t l = 0; l < plan.nleft; l++) {
        const coverage_inst *x = &s.v[of[plan.left[l].site]];
        json_array_append_new(left, json_pack("{s:I,s:s,s:i,s:s*,s:s,s:s}", "id", (json_int_t)x->id, "name", x->name,
                                              "full_members", sites[plan.left[l].site].full, "district", x->district,
                                              "reason", coverage_left_name(plan.left[l].reason), "reason_label",
                                              coverage_left_label(plan.left[l].reason)));
    }
    json_decref(seen);
    json_decref(parents);
    size_t ng = plan.ngroups;
    coverage_plan_free(&plan);
    free(sites);
    free(of);
    free(names);
    coverage_set_free(&s);
    json_t *out = api_list(groups, (int64_t)ng, (int64_t)(ng ? ng : 1), 0);
    json_object_set_new(out, "left", left);
    json_object_set_new(out, "settings", json_pack("{s:f,s:b}", "max_distance_km", set.max_distance_km, "cross_district",
                                                   set.cross_district));
    http_reply_json(req, 200, out);
}

/* ---- POST /coverage/joint-proposals/accept ----------------------------------------------- */

static const api_field accept_fields[] = {
    {"institution_ids", F_INT_ARRAY, true, COVERAGE_BRANCH_MAX_FULL, "联合的医疗机构"},
    {"name", F_STR, true, 100, "联合党支部名称"},
    {"parent_id", F_INT, true, 0, "上级组织"},
    {NULL, 0, false, 0, NULL},
};

/* Whether the group still is one, as the proposals would make it: every institution should still
 * join (another request may have covered it, or a survey changed its count: 409), and together
 * they keep the rules of a proposal (422). Fills *full and *diameter. */
static bool group_still_valid(api_ctx *c, const json_t *ids, const coverage_settings *set, int *full, double *diameter,
                              dj_err *err)
{
    coverage_set s = {0};
    if (!coverage_read(c->d, "/", true, NULL, ids, &s, err))
        return false;
    bool ok = true;
    *full = 0;
    *diameter = 0;
    if (s.n != json_array_size(ids))
        ok = dj_err_set(err, "conflict", "institution_ids", "所选医疗机构中有的已被删除，请刷新建议后重试");
    for (size_t i = 0; ok && i < s.n; i++) {
        coverage_view v = coverage_view_of(&s.v[i]);
        if (v.status != COVERAGE_SHOULD_JOIN)
            ok = dj_err_set(err, "conflict", "institution_ids", "「%s」的情况已有变化（现为：%s），请刷新建议后重试", s.v[i].name,
                            coverage_status_label(v.status));
        else if (!s.v[i].has_coords)
            ok = dj_err_set(err, "validation", "institution_ids", "「%s」未登记经纬度，无法确认就近联合", s.v[i].name);
        *full += v.full;
    }
    for (size_t i = 0; ok && i < s.n; i++)
        for (size_t j = i + 1; ok && j < s.n; j++) {
            const coverage_inst *a = &s.v[i], *b = &s.v[j];
            double d = coverage_distance_km(a->lat, a->lng, b->lat, b->lng);
            *diameter = fmax(*diameter, d);
            if (!set->cross_district && strcmp(a->district ? a->district : "", b->district ? b->district : "") != 0)
                ok = dj_err_set(err, "validation", "institution_ids", "「%s」与「%s」不在同一区县", a->name, b->name);
            else if (d > set->max_distance_km)
                ok = dj_err_set(err, "validation", "institution_ids", "「%s」与「%s」相距 %.1f 公里，超过设定的 %.1f 公里", a->name,
                                b->name, d, set->max_distance_km);
        }
    if (ok && *full < COVERAGE_BRANCH_MIN_FULL)
        ok = dj_err_set(err, "validation", "institution_ids", "所选机构正式党员合计 %d 名，成立联合党支部须有 3 名以上", *full);
    if (ok && *full > COVERAGE_BRANCH_MAX_FULL)
        ok = dj_err_set(err, "validation", "institution_ids", "所选机构正式党员合计 %d 名，超过一个支部一般不超过 50 人的规定", *full);
    coverage_set_free(&s);
    return ok;
}

static void accept_proposal(http_request *req, api_ctx *c)
{
    json_t *body = api_body(req);
    if (!body)
        return;
    if (!fields_check(req, body, accept_fields, true))
        goto done;
    json_t *ids = json_object_get(body, "institution_ids");
    size_t i, j;
    json_t *v;
    if (json_array_size(ids) < 2) {
        http_reply_error(req, 422, "validation", "institution_ids", "联合党支部须由两家以上医疗机构组成");
        goto done;
    }
    json_array_foreach(ids, i, v) {
        for (j = 0; j < i; j++)
            if (json_integer_value(json_array_get(ids, j)) == json_integer_value(v)) {
                http_reply_error(req, 422, "validation", "institution_ids", "联合的医疗机构有重复");
                goto done;
            }
        if (!institution_visible(c, json_integer_value(v))) {
            http_reply_error(req, 422, "validation", "institution_ids", "所选医疗机构不存在或不在您的管理范围内");
            goto done;
        }
    }
    int64_t parent = json_integer_value(json_object_get(body, "parent_id"));
    const char *pp = scope_org_path(req, c, parent, "parent_id");
    if (!pp)
        goto done;
    json_t *p = row_get(c->d, "orgs", parent);
    org_type pt;
    bool fits = p && org_type_parse(json_str(p, "type"), &pt) && org_child_allowed(pt, ORG_JOINT_BRANCH);
    json_decref(p);
    if (!fits) {
        http_reply_error(req, 422, "validation", "parent_id", "联合党支部不能设在所选上级组织下");
        goto done;
    }
    coverage_settings set;
    dj_err err;
    int full = 0;
    double diameter = 0;
    int64_t id = 0;
    json_t *fields = json_pack("{s:O,s:s,s:I}", "name", json_object_get(body, "name"), "type", "joint_branch", "parent_id",
                               (json_int_t)parent);
    /* Read again inside the transaction: what another request changed meanwhile shows here. */
    bool ok = coverage_settings_load(c->d, &set, &err) && db_begin(c->d, &err) &&
              group_still_valid(c, ids, &set, &full, &diameter, &err) &&
              org_create(c->d, fields, pp, &c->actor, &id, &err) && org_set_institutions(c->d, id, ids, &err) &&
              api_audit_links(c, "org", id, NULL, json_pack("{s:O}", "institution_ids", ids), &err) &&
              db_commit(c->d, &err);
    json_decref(fields);
    if (!ok) {
        db_rollback(c->d);
        api_fail(req, &err);
        goto done;
    }
    json_t *org = org_read(c->d, id);
    json_t *insts = json_array();
    coverage_set s = {0};
    if (coverage_read(c->d, "/", true, NULL, ids, &s, NULL))
        for (size_t k = 0; k < s.n; k++)
            json_array_append_new(insts, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)s.v[k].id, "name", s.v[k].name,
                                                   "status", coverage_status_name(coverage_view_of(&s.v[k]).status)));
    coverage_set_free(&s);
    buf msg = {0};
    buf_printf(&msg, "已成立联合党支部「%s」，联合 %zu 家医疗机构，正式党员 %d 名，相距最远 %.1f 公里", json_str(body, "name"),
               json_array_size(ids), full, diameter);
    http_reply_json(req, 201, json_pack("{s:o,s:o,s:i,s:f,s:s}", "org", org ? org : json_null(), "institutions", insts,
                                        "full_members", full, "max_distance_km", round2(diameter), "message", msg.data));
    buf_free(&msg);
done:
    json_decref(body);
}

const api_module coverage_joint_module = {
    "coverage_joint",
    (const api_route[]){
        {"GET", "/api/v1/coverage/joint-proposals", get_proposals, CAP_COVERAGE_OVERSEE, 0, 0},
        {"POST", "/api/v1/coverage/joint-proposals/accept", accept_proposal, CAP_COVERAGE_WRITE, 0, 0},
        {NULL},
    },
    NULL,
};
