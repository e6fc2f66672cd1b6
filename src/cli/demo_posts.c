/* demo_posts.c: Jinzhou's pioneer posts and badges for the demo data (demo.c; DOMAIN.md §7, seed
 * 002: "大力推行党员医生亮牌上岗, 设立党员先锋岗便民服务台、流动引导员示范岗50个"): 50 posts across the
 * hospitals of 锦州市卫生健康行业党委 (most at 锦州市中心医院, a few at the private hospitals of the
 * joint branches), two members on duty at each (the post's department is the first one's), and
 * the badges of those members switched on (亮牌上岗). Bulk SQL without an audit record per row. */
#include "cli/cli.h"

#include "core/json.h"
#include "domain/posts.h"
#include "store/store.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NPOSTS = 50, ON_DUTY = 2 };

/* Where a post stands; what it is called after its kind. */
static const char *const places[] = {
    "门诊大厅", "急诊大厅", "住院部一楼", "收费处", "药房窗口", "检验科窗口", "放射科候诊区", "挂号处",
    "自助服务区", "住院处",   "体检中心",   "医保窗口", "出入院服务中心", "病区护士站", "儿科候诊区",
};
enum { NPLACES = sizeof places / sizeof places[0] };
static const char *const kinds[] = {"党员先锋岗·便民服务台", "党员先锋岗·流动引导员示范岗", "党员先锋岗"};

bool demo_posts_load(db *d, dj_err *err)
{
    char now[32], today[11];
    store_now(now);
    snprintf(today, sizeof today, "%.10s", now);
    /* The institutions Jinzhou's organisations cover, with the deepest covering organisation. */
    db_stmt *s = db_prepare(d, "SELECT i.id AS inst_id, i.name AS inst_name, o.id AS org_id, o.path AS org_path FROM org_institutions oi"
                               " JOIN institutions i ON i.id = oi.institution_id JOIN orgs o ON o.id = oi.org_id"
                               " JOIN orgs j ON j.name = '锦州市卫生健康行业党委' AND SUBSTR(o.path, 1, LENGTH(j.path)) = j.path"
                               " ORDER BY i.id, LENGTH(o.path) DESC");
    json_t *insts = db_rows_json(s, NULL, err);
    if (!insts)
        return false;
    if (!json_array_size(insts)) {
        json_decref(insts);
        return true;
    }
    bool ok = true;
    int post = 0;
    size_t ninst = json_array_size(insts);
    for (size_t ii = 0; ok && ii < ninst && post < NPOSTS; ii++) {
        json_t *in = json_array_get(insts, ii);
        int64_t iid = json_integer_value(json_object_get(in, "inst_id"));
        if (ii > 0 && iid == json_integer_value(json_object_get(json_array_get(insts, ii - 1), "inst_id")))
            continue; /* covered by more than one: the deepest came first */
        const char *iname = json_str(in, "inst_name");
        int64_t org_id = json_integer_value(json_object_get(in, "org_id"));
        const char *org_path = json_str(in, "org_path");
        /* The central hospital holds most of them; every private hospital one. */
        int here = ii == 0 ? NPOSTS - (int)(ninst - 1) : 1;
        if (post + here > NPOSTS)
            here = NPOSTS - post;
        /* The members of the covering organisation's subtree, a window of them per post. */
        s = db_prepare(d, "SELECT id, department FROM members WHERE SUBSTR(org_path, 1, LENGTH(?)) = ?"
                          " AND deleted_at IS NULL AND status = 'active' ORDER BY id");
        db_bind_text(s, 1, org_path);
        db_bind_text(s, 2, org_path);
        json_t *ms = db_rows_json(s, NULL, err);
        ok = ms != NULL;
        size_t nm = ms ? json_array_size(ms) : 0;
        /* Spread over the whole subtree (every branch), not its first branch only. */
        size_t stride = nm / (size_t)(here * ON_DUTY) ? nm / (size_t)(here * ON_DUTY) : 1;
        for (int k = 0; ok && k < here; k++, post++) {
            char name[160], started[16];
            snprintf(name, sizeof name, "%s（%s）", kinds[post % 3], places[post % NPLACES]);
            if (ii > 0)
                snprintf(name, sizeof name, "%s（%s·%s）", kinds[post % 3], iname, places[post % NPLACES]);
            /* Set up over the last two years. */
            snprintf(started, sizeof started, "%04d-%02d-%02d", (atoi(today) - 1 - (post % 2)) % 10000, 1 + post % 12, 1 + post % 28);
            const char *dept = nm ? json_str(json_array_get(ms, (size_t)(k * ON_DUTY) * stride % nm), "department") : NULL;
            s = db_prepare(d, "INSERT INTO pioneer_posts (name, institution_id, org_id, org_path, department, place,"
                              " started_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
            db_bind_text(s, 1, name);
            db_bind_int(s, 2, iid);
            db_bind_int(s, 3, org_id);
            db_bind_text(s, 4, org_path);
            db_bind_text(s, 5, dept && *dept ? dept : NULL);
            db_bind_text(s, 6, places[post % NPLACES]);
            db_bind_text(s, 7, started);
            db_bind_text(s, 8, now);
            db_bind_text(s, 9, now);
            int64_t pid = 0;
            ok = db_step(s, err) == 1;
            if (ok) {
                pid = db_col_int(s, 0);
                db_reset(s);
            }
            for (int j = 0; ok && j < ON_DUTY && (size_t)j < nm; j++) {
                int64_t mid = json_integer_value(json_object_get(json_array_get(ms, (size_t)(k * ON_DUTY + j) * stride % nm), "id"));
                s = db_prepare(d, "INSERT INTO pioneer_post_members (post_id, member_id, seq) VALUES (?, ?, ?)"
                                  " ON CONFLICT DO NOTHING");
                db_bind_int(s, 1, pid);
                db_bind_int(s, 2, mid);
                db_bind_int(s, 3, j + 1);
                ok = db_run(s, err);
                /* 亮牌上岗: the badge of each member on duty is on. */
                unsigned char raw[BADGE_TOKEN_LEN / 2];
                char token[BADGE_TOKEN_LEN + 1];
                randombytes_buf(raw, sizeof raw);
                sodium_bin2hex(token, sizeof token, raw, sizeof raw);
                s = db_prepare(d, "INSERT INTO member_badges (member_id, token, enabled, updated_at) VALUES (?, ?, 1, ?)"
                                  " ON CONFLICT DO NOTHING");
                db_bind_int(s, 1, mid);
                db_bind_text(s, 2, token);
                db_bind_text(s, 3, now);
                ok = ok && db_run(s, err);
            }
        }
        json_decref(ms);
    }
    json_decref(insts);
    return ok;
}
