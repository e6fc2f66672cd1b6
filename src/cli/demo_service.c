/* demo_service.c: Jinzhou's volunteer service for the demo data (demo.c; DOMAIN.md §7, seed 002:
 * "常态化推进义诊暖人心活动, 200余名党员医护人员累计开展中西医义诊、远程影像诊疗等活动40余场, 发放医用药品15万元"):
 * 42 events this year (1 January to yesterday), organised by 锦州市中心医院党委 (with a joint branch of the private hospitals
 * now and then, and the sector committee twice), 210 members of Jinzhou taking part (ten at each
 * event, every one of them at two), their hours, the people served, and medicine given that adds
 * up to exactly 150,000 yuan. So GET /service-events/totals for Jinzhou's subtree and this year
 * shows the seed's figures. Bulk SQL without an audit record per row. */
#include "cli/cli.h"

#include "core/date.h"
#include "core/json.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

enum { NEVENTS = 42, NMEMBERS = 210, PER_EVENT = 10 };
#define MEDICINE_TOTAL_FEN 15000000LL

static const char *const places[] = {
    "古塔区北街社区", "凌河区榴花社区", "太和区凌西街道", "松山新区", "锦州站广场", "义县七里河镇",
    "北镇市广宁街道", "黑山县城", "凌海市金城街道", "太和区女儿河乡", "古塔区天安社区", "凌河区紫荆社区",
};
enum { NPLACES = sizeof places / sizeof places[0] };

/* Kind and title by the event's number: most are free clinics (义诊暖人心). */
static const struct { const char *kind, *title; } shapes[] = {
    {"free_clinic", "“义诊暖人心”中西医义诊"}, {"free_clinic", "“义诊暖人心”进社区义诊"},
    {"remote", "远程影像诊疗服务"},            {"free_clinic", "“党旗红·健康白”送医下乡义诊"},
    {"lecture", "健康大讲堂：慢病防治"},       {"free_clinic", "“义诊暖人心”中医药义诊"},
    {"volunteer", "党员志愿服务：就医引导"},
};
enum { NSHAPES = sizeof shapes / sizeof shapes[0] };

static bool scalar(db *d, const char *sql, const char *arg, int64_t *out, char *text, size_t n, dj_err *err)
{
    db_stmt *s = db_prepare(d, sql);
    if (arg)
        db_bind_text(s, 1, arg);
    int rc = db_step(s, err);
    if (rc < 0)
        return false;
    *out = rc == 1 ? db_col_int(s, 0) : 0;
    if (text)
        snprintf(text, n, "%s", rc == 1 ? db_col_text(s, 1) : "");
    if (rc == 1)
        db_reset(s);
    return true;
}

bool demo_service_load(db *d, dj_err *err)
{
    char now[32], jz_path[64], hosp_path[64], joint_path[64];
    int64_t jz = 0, hosp = 0, joint = 0, hosp_inst = 0, joint_inst = 0;
    store_now(now);
    bool ok = scalar(d, "SELECT id, path FROM orgs WHERE name = '锦州市卫生健康行业党委'", NULL, &jz, jz_path, sizeof jz_path, err) &&
              scalar(d, "SELECT id, path FROM orgs WHERE name = '锦州市中心医院党委'", NULL, &hosp, hosp_path, sizeof hosp_path, err) &&
              scalar(d, "SELECT id, path FROM orgs WHERE name = '锦州市民营医院第一联合党支部'", NULL, &joint, joint_path,
                     sizeof joint_path, err) &&
              scalar(d, "SELECT id, name FROM institutions WHERE name = '锦州市中心医院'", NULL, &hosp_inst, NULL, 0, err) &&
              scalar(d, "SELECT id, name FROM institutions WHERE name = '锦州仁爱医院'", NULL, &joint_inst, NULL, 0, err);
    if (!ok || !jz || !hosp)
        return ok;
    /* The members who serve: active members of Jinzhou's subtree, in order. */
    db_stmt *s = db_prepare(d, "SELECT id FROM members WHERE SUBSTR(org_path, 1, LENGTH(?)) = ? AND deleted_at IS NULL"
                               " AND status = 'active' ORDER BY id LIMIT ?");
    db_bind_text(s, 1, jz_path);
    db_bind_text(s, 2, jz_path);
    db_bind_int(s, 3, NMEMBERS);
    json_t *ms = db_rows_json(s, NULL, err);
    if (!ms)
        return false;
    size_t nm = json_array_size(ms);

    /* This year, from 1 January to yesterday (today on 1 January), evenly. */
    dj_date today = date_today(), first = date_from_ymd(date_year(today), 1, 1), last = date_add_days(today, -1);
    if (last < first)
        last = first;
    /* The medicine: each free clinic a share, the last one the rest, so the sum is the seed's. */
    int64_t medicine[NEVENTS] = {0}, sum = 0;
    int last_clinic = -1;
    for (int i = 0; i < NEVENTS; i++)
        if (strcmp(shapes[i % NSHAPES].kind, "free_clinic") == 0) {
            medicine[i] = 500000 + (int64_t)((i * 7919) % 200000);
            sum += medicine[i];
            last_clinic = i;
        }
    sum -= medicine[last_clinic];
    medicine[last_clinic] = MEDICINE_TOTAL_FEN - sum;

    for (int i = 0; ok && i < NEVENTS; i++) {
        char held[11], title[200];
        date_format(first + (dj_date)((int64_t)(last - first) * i / (NEVENTS - 1)), held);
        const char *place = places[i % NPLACES];
        snprintf(title, sizeof title, "%s（%s）", shapes[i % NSHAPES].title, place);
        /* Two events of the sector committee, some with the first joint branch, the rest the hospital's. */
        bool sector = i == 10 || i == 30, with_joint = joint && i % 5 == 2;
        s = db_prepare(d, "INSERT INTO service_events (held_on, title, kind, place, org_id, org_path, people_served,"
                          " medicine_fen, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
        db_bind_text(s, 1, held);
        db_bind_text(s, 2, title);
        db_bind_text(s, 3, shapes[i % NSHAPES].kind);
        db_bind_text(s, 4, place);
        db_bind_int(s, 5, sector ? jz : hosp);
        db_bind_text(s, 6, sector ? jz_path : hosp_path);
        db_bind_int(s, 7, 60 + (i * 37) % 170);
        db_bind_int(s, 8, medicine[i]);
        db_bind_text(s, 9, now);
        db_bind_text(s, 10, now);
        int64_t id = 0;
        ok = db_step(s, err) == 1;
        if (ok) {
            id = db_col_int(s, 0);
            db_reset(s);
        }
        int64_t orgs[2] = {sector ? jz : hosp, with_joint ? joint : 0};
        for (int k = 0; ok && k < 2 && orgs[k]; k++) {
            s = db_prepare(d, "INSERT INTO service_event_orgs (event_id, org_id) VALUES (?, ?)");
            db_bind_int(s, 1, id);
            db_bind_int(s, 2, orgs[k]);
            ok = db_run(s, err);
        }
        int64_t insts[2] = {hosp_inst, with_joint ? joint_inst : 0};
        for (int k = 0; ok && k < 2 && insts[k]; k++) {
            s = db_prepare(d, "INSERT INTO service_event_institutions (event_id, institution_id) VALUES (?, ?)");
            db_bind_int(s, 1, id);
            db_bind_int(s, 2, insts[k]);
            ok = db_run(s, err);
        }
        /* Ten members, a window moving by five: each of the 210 serves twice. */
        for (int k = 0; ok && nm && k < PER_EVENT; k++) {
            int64_t mid = json_integer_value(json_object_get(json_array_get(ms, (size_t)(i * 5 + k) % nm), "id"));
            s = db_prepare(d, "INSERT INTO service_event_members (event_id, member_id, half_hours) VALUES (?, ?, ?)"
                              " ON CONFLICT DO NOTHING");
            db_bind_int(s, 1, id);
            db_bind_int(s, 2, mid);
            db_bind_int(s, 3, 4 + (i + k) % 5); /* 2 to 4 hours */
            ok = db_run(s, err);
        }
    }
    json_decref(ms);
    return ok;
}
