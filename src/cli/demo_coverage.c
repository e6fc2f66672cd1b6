/* demo_coverage.c: the two-coverage survey of the demo data (demo.c), after seeds 000, 002 and
 * 003: private clinics of Wuhan registered by the city's private-sector committee (武汉市民营医疗
 * 机构行业党委) with the members a survey found in them, so that every status shows (应建, 应联,
 * 无党员; the hospital its branch covers has one), two joint-branch proposals come out in 江岸区
 * (a pair near 后湖 and three clinics near 大智路), and the reasons for leaving one out (too far,
 * too few members together, no coordinates) each show once. A survey round is frozen, then two
 * things change, so that the next round has something to compare. */
#include "cli/cli.h"

#include "api/coverage.h"
#include "core/date.h"
#include "store/institutions.h"
#include "store/rows.h"

#include <stdio.h>
#include <string.h>

static const dj_actor demo_actor = {.username = "demo", .role = "admin", .scope_path = "/"};

typedef struct demo_clinic {
    const char *name, *kind, *district;
    double lat, lng; /* 0: none recorded */
    int full, prob;  /* the survey's counts; -1: not surveyed */
    bool after_round; /* registered after the first round */
} demo_clinic;

static const demo_clinic clinics[] = {
    /* 应联, a pair near 后湖 (2 + 1 full members, about 1 km apart). */
    {"武汉江岸区后湖仁和诊所", "clinic", "江岸区", 30.6420, 114.2900, 2, 0, false},
    {"武汉江岸区百步亭康复门诊部", "clinic", "江岸区", 30.6470, 114.2985, 0, 1, false}, /* 1 full member later */
    /* 应联, three clinics with one member each near 大智路. */
    {"武汉江岸区惠民门诊部", "clinic", "江岸区", 30.5930, 114.3030, 1, 0, false},
    {"武汉江岸区健民诊所", "clinic", "江岸区", 30.5975, 114.3080, 1, 1, false},
    {"武汉江岸区同济口腔门诊部", "clinic", "江岸区", 30.5890, 114.3095, 1, 0, false},
    /* 应联, but alone in its district within 10 km. */
    {"武汉黄陂区木兰诊所", "clinic", "黄陂区", 30.9500, 114.4000, 1, 0, false},
    /* 应联, two with one member each: not 3 together. */
    {"武汉青山区红钢城诊所", "clinic", "青山区", 30.6330, 114.3850, 1, 0, false},
    {"武汉青山区钢花门诊部", "clinic", "青山区", 30.6370, 114.3890, 1, 0, false},
    /* 应联, no coordinates recorded. */
    {"武汉汉阳区琴台诊所", "clinic", "汉阳区", 0, 0, 2, 0, false},
    /* 应建: 5 full members, no organisation of its own. */
    {"武汉江汉区华康医院", "hospital", "江汉区", 30.6010, 114.2700, 5, 2, false},
    /* No full member. */
    {"武汉洪山区博雅门诊部", "clinic", "洪山区", 30.5050, 114.3400, 0, 1, false},
    /* Registered after the first round, not surveyed yet. */
    {"武汉武昌区康泰诊所", "clinic", "武昌区", 30.5500, 114.3100, -1, -1, true},
};
enum { NCLINICS = sizeof clinics / sizeof clinics[0] };

static bool add_clinic(db *d, const demo_clinic *c, const char *owner, int64_t *id, dj_err *err)
{
    json_t *f = json_pack("{s:s,s:s,s:s,s:s,s:s}", "name", c->name, "ownership", "private", "kind", c->kind, "district",
                          c->district, "address", c->district);
    if (c->lat != 0) {
        json_object_set_new(f, "latitude", json_real(c->lat));
        json_object_set_new(f, "longitude", json_real(c->lng));
    }
    bool ok = row_insert(d, "institutions", institution_columns, f, &demo_actor, id, err) &&
              institution_set_owner(d, *id, owner, err);
    json_decref(f);
    return ok;
}

static bool add_survey(db *d, int64_t inst, int full, int prob, dj_date on, dj_err *err)
{
    char day[11];
    date_format(on, day);
    json_t *f = json_pack("{s:I,s:i,s:i,s:s,s:s}", "institution_id", (json_int_t)inst, "full_members", full,
                          "probationary_members", prob, "surveyed_on", day, "surveyed_by", "demo");
    int64_t sid;
    bool ok = row_insert(d, "institution_surveys", survey_columns, f, &demo_actor, &sid, err);
    json_decref(f);
    return ok;
}

bool demo_coverage_load(db *d, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT id, path FROM orgs WHERE name = ? AND deleted_at IS NULL");
    db_bind_text(s, 1, "武汉市民营医疗机构行业党委");
    if (db_step(s, err) != 1)
        return dj_err_set(err, "internal", "", "演示数据缺少武汉市民营医疗机构行业党委");
    int64_t wuhan = db_col_int(s, 0);
    char path[128];
    snprintf(path, sizeof path, "%s", db_col_text(s, 1));
    db_reset(s);
    dj_date today = date_today();
    int64_t ids[NCLINICS] = {0};
    bool ok = true;
    for (int i = 0; ok && i < NCLINICS; i++) {
        if (clinics[i].after_round)
            continue;
        ok = add_clinic(d, &clinics[i], path, &ids[i], err) &&
             (clinics[i].full < 0 || add_survey(d, ids[i], clinics[i].full, clinics[i].prob, date_add_days(today, -75), err));
    }
    /* The first round over the committee's subtree. */
    json_t *round = json_pack("{s:I,s:s,s:s,s:s}", "org_id", (json_int_t)wuhan, "org_path", path, "name", "第一轮两个覆盖摸排（演示）",
                              "taken_by", "demo");
    int64_t rid;
    ok = ok && coverage_round_take(d, &demo_actor, round, &rid, err);
    json_decref(round);
    /* Since then: 百步亭 has a full member (now 应联), and 康泰 was registered. */
    if (ok) {
        char day[11];
        date_format(date_add_days(today, -10), day);
        s = db_prepare(d, "UPDATE institution_surveys SET full_members = 1, surveyed_on = ?, version = version + 1"
                          " WHERE institution_id = ?");
        db_bind_text(s, 1, day);
        db_bind_int(s, 2, ids[1]);
        ok = db_run(s, err);
    }
    for (int i = 0; ok && i < NCLINICS; i++)
        if (clinics[i].after_round)
            ok = add_clinic(d, &clinics[i], path, &ids[i], err);
    return ok;
}
