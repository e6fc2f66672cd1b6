/* demo_alliances.c: 红联共建 for the demo data (demo.c; DOMAIN.md §7, seeds 003, 004).
 *
 * Seed 003 (白云区): 白云精康医院 (private) leads a "1+N" alliance with the public 人和镇卫生院 and
 * 龙归街社区卫生服务中心 since April 2021 (红旗联盟党组织共建单位: 分享资源、联合活动、交流经验、
 * 双向转诊). The public units' branches are added here under a new root, 广州市白云区卫生健康局
 * 机关党委 (the seed's 局机关党委), each with its institution; 太和镇卫生院 stays uncovered, as the
 * two-coverage survey of the demo has it. Seed 004 (东莞): 东莞市妇幼保健院党委 (public) leads the
 * "公立+民营" joint study with 东莞广济医院党支部 (private) and 东莞市卫生健康局机关第九党支部 since
 * 27 July 2023. Plus a "1+1" of 广州白云大众医院 (private) and 人和镇卫生院. Each with activities
 * (the seeds' own, and about one a month this year, a joint study linked to a meeting of the lead
 * when there is one), shared resources and referrals counted per month in each direction, last
 * year and this year up to this month. Deterministic; bulk SQL without an audit record per row. */
#include "cli/cli.h"

#include "core/date.h"
#include "domain/credit_code.h"
#include "store/institutions.h"

#include <stdio.h>
#include <string.h>

static bool one_id(db_stmt *s, int64_t *id, dj_err *err)
{
    if (db_step(s, err) != 1)
        return false;
    *id = db_col_int(s, 0);
    db_reset(s);
    return true;
}

static bool org_by_name(db *d, const char *name, int64_t *id, char *path, size_t n, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT id, path FROM orgs WHERE name = ? AND deleted_at IS NULL ORDER BY id LIMIT 1");
    db_bind_text(s, 1, name);
    int rc = db_step(s, err);
    if (rc != 1)
        return rc == 0 ? dj_err_set(err, "internal", "", "演示数据：未找到%s", name) : false;
    *id = db_col_int(s, 0);
    snprintf(path, n, "%s", db_col_text(s, 1));
    db_reset(s);
    return true;
}

/* An organisation under parent_path ("" for a root), its path set after its id is known. */
static bool add_org(db *d, const char *name, const char *type, int64_t parent, const char *parent_path, int64_t *id,
                    char *path, size_t n, const char *now, dj_err *err)
{
    db_stmt *s = db_prepare(d, "INSERT INTO orgs (parent_id, name, type, path, created_at, updated_at)"
                               " VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    if (parent)
        db_bind_int(s, 1, parent);
    else
        db_bind_null(s, 1);
    db_bind_text(s, 2, name);
    db_bind_text(s, 3, type);
    db_bind_text(s, 4, name); /* unique until the path is set */
    db_bind_text(s, 5, now);
    db_bind_text(s, 6, now);
    if (!one_id(s, id, err))
        return false;
    snprintf(path, n, "%s%lld/", *parent_path ? parent_path : "/", (long long)*id);
    s = db_prepare(d, "UPDATE orgs SET path = ? WHERE id = ?");
    db_bind_text(s, 1, path);
    db_bind_int(s, 2, *id);
    return db_run(s, err);
}

/* A public institution covered by org. */
static bool add_institution(db *d, const char *name, const char *kind, int64_t org, uint32_t seq, double lat,
                            double lng, int staff, const char *now, dj_err *err)
{
    char code[19];
    credit_code_generate("12", "440111", 70000u + seq * 7919u, code);
    db_stmt *s = db_prepare(d, "INSERT INTO institutions (name, credit_code, ownership, kind, grade, district, address,"
                               " latitude, longitude, staff_count, created_at, updated_at)"
                               " VALUES (?, ?, 'public', ?, '一级', '白云区', '白云区', ?, ?, ?, ?, ?) RETURNING id");
    db_bind_text(s, 1, name);
    db_bind_text(s, 2, code);
    db_bind_text(s, 3, kind);
    db_bind_double(s, 4, lat);
    db_bind_double(s, 5, lng);
    db_bind_int(s, 6, staff);
    db_bind_text(s, 7, now);
    db_bind_text(s, 8, now);
    int64_t iid;
    if (!one_id(s, &iid, err))
        return false;
    s = db_prepare(d, "INSERT INTO org_institutions (org_id, institution_id) VALUES (?, ?)");
    db_bind_int(s, 1, org);
    db_bind_int(s, 2, iid);
    return db_run(s, err);
}

static bool add_alliance(db *d, const char *name, const char *kind, int64_t lead, const char *lead_path,
                         const int64_t *members, const char *const *paths, int n, const char *started_on,
                         const char *note, int64_t *id, const char *now, dj_err *err)
{
    db_stmt *s = db_prepare(d, "INSERT INTO alliances (name, kind, lead_org_id, org_path, started_on, note, created_at,"
                               " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    db_bind_text(s, 1, name);
    db_bind_text(s, 2, kind);
    db_bind_int(s, 3, lead);
    db_bind_text(s, 4, lead_path);
    db_bind_text(s, 5, started_on);
    db_bind_text(s, 6, note);
    db_bind_text(s, 7, now);
    db_bind_text(s, 8, now);
    if (!one_id(s, id, err))
        return false;
    for (int i = 0; i < n; i++) {
        s = db_prepare(d, "INSERT INTO alliance_orgs (alliance_id, org_id, org_path, seq) VALUES (?, ?, ?, ?)");
        db_bind_int(s, 1, *id);
        db_bind_int(s, 2, members[i]);
        db_bind_text(s, 3, paths[i]);
        db_bind_int(s, 4, i + 1);
        if (!db_run(s, err))
            return false;
    }
    return true;
}

static bool add_activity(db *d, int64_t alliance, const char *kind, const char *held_on, const char *title,
                         const char *org_ids, int attendance, int64_t meeting_id, const char *note, const char *now,
                         dj_err *err)
{
    db_stmt *s = db_prepare(d, "INSERT INTO alliance_activities (alliance_id, kind, held_on, title, org_ids, attendance,"
                               " meeting_id, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    db_bind_int(s, 1, alliance);
    db_bind_text(s, 2, kind);
    db_bind_text(s, 3, held_on);
    db_bind_text(s, 4, title);
    db_bind_text(s, 5, org_ids);
    db_bind_int(s, 6, attendance);
    if (meeting_id)
        db_bind_int(s, 7, meeting_id);
    else
        db_bind_null(s, 7);
    db_bind_text(s, 8, note);
    db_bind_text(s, 9, now);
    db_bind_text(s, 10, now);
    return db_run(s, err);
}

static bool add_resource(db *d, int64_t alliance, const char *kind, const char *title, int64_t provider,
                         const char *note, const char *now, dj_err *err)
{
    db_stmt *s = db_prepare(d, "INSERT INTO alliance_resources (alliance_id, kind, title, provider_org_id, note,"
                               " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    db_bind_int(s, 1, alliance);
    db_bind_text(s, 2, kind);
    db_bind_text(s, 3, title);
    db_bind_int(s, 4, provider);
    db_bind_text(s, 5, note);
    db_bind_text(s, 6, now);
    db_bind_text(s, 7, now);
    return db_run(s, err);
}

/* Referrals from → to, every month of last year and of this one up to this month (not before
 * the alliance started): lo + a deterministic part of (hi - lo). */
static bool add_referrals(db *d, int64_t alliance, dj_date started, int64_t from, int64_t to, int lo, int hi,
                          dj_date today, const char *now, dj_err *err)
{
    int first = (date_year(today) - 1) * 12, last = date_year(today) * 12 + date_month(today) - 1;
    int start = date_year(started) * 12 + date_month(started) - 1;
    for (int k = first > start ? first : start; k <= last; k++) {
        char month[16];
        snprintf(month, sizeof month, "%04d-%02d", k / 12, k % 12 + 1);
        int count = lo + (int)(((unsigned)k * 2654435761u + (unsigned)(from * 31 + to)) % (unsigned)(hi - lo + 1));
        db_stmt *s = db_prepare(d, "INSERT INTO alliance_referrals (alliance_id, month, from_org_id, to_org_id,"
                                   " referrals, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
        db_bind_int(s, 1, alliance);
        db_bind_text(s, 2, month);
        db_bind_int(s, 3, from);
        db_bind_int(s, 4, to);
        db_bind_int(s, 5, count);
        db_bind_text(s, 6, now);
        if (!db_run(s, err))
            return false;
    }
    return true;
}

/* A live meeting of org this year (the latest), or 0. */
static bool meeting_of(db *d, int64_t org, dj_date today, int64_t *id, dj_err *err)
{
    char from[16];
    snprintf(from, sizeof from, "%04d-01-01", date_year(today));
    db_stmt *s = db_prepare(d, "SELECT id FROM meetings WHERE org_id = ? AND deleted_at IS NULL AND starts_at >= ?"
                               " ORDER BY starts_at DESC LIMIT 1");
    db_bind_int(s, 1, org);
    db_bind_text(s, 2, from);
    int rc = db_step(s, err);
    if (rc < 0)
        return false;
    *id = rc == 1 ? db_col_int(s, 0) : 0;
    if (rc == 1)
        db_reset(s);
    return true;
}

/* About one activity a month this year up to today, cycling through the kinds. */
static const struct { const char *kind, *title; int attendance; } year_plan[] = {
    {"study", "联学共建：第一议题学习，交流党建工作经验", 36},
    {"training", "专科技能培训：协助培养业务骨干", 28},
    {"clinic", "党员志愿者联合义诊进社区", 22},
    {"lecture", "共享讲座：健康科普与医疗质量安全", 60},
    {"joint", "联办主题党日：重温入党誓词、参观党建阵地", 40},
};

static bool add_year(db *d, int64_t alliance, const char *org_ids, int64_t meeting, int shift, dj_date today,
                     const char *now, dj_err *err)
{
    for (int m = 1; m <= date_month(today); m++) {
        dj_date on = date_from_ymd(date_year(today), m, 8 + (m * 5 + shift) % 18);
        if (on > today)
            break;
        char day[11];
        date_format(on, day);
        int k = (m + shift) % 5;
        /* The year's first joint study is the meeting of the lead that recorded it. */
        int64_t link = meeting && k == 0 ? meeting : 0;
        if (link)
            meeting = 0;
        if (!add_activity(d, alliance, year_plan[k].kind, day, year_plan[k].title, org_ids,
                          year_plan[k].attendance + (m * 7) % 13, link, NULL, now, err))
            return false;
    }
    return true;
}

bool demo_alliances_load(db *d, dj_err *err)
{
    char now[32];
    store_now(now);
    dj_date today = date_today();
    char p_jk[128], p_dz[128], p_fy[128], p_gj[128], p_j9[128], p_root[128], p_rh[160], p_lg[160];
    int64_t jk = 0, dz = 0, fy = 0, gj = 0, j9 = 0, root = 0, rh = 0, lg = 0;
    if (!org_by_name(d, "白云精康医院党支部", &jk, p_jk, sizeof p_jk, err) ||
        !org_by_name(d, "广州白云大众医院党支部", &dz, p_dz, sizeof p_dz, err) ||
        !org_by_name(d, "东莞市妇幼保健院党委", &fy, p_fy, sizeof p_fy, err) ||
        !org_by_name(d, "东莞广济医院党支部", &gj, p_gj, sizeof p_gj, err) ||
        !org_by_name(d, "东莞市卫生健康局机关第九党支部", &j9, p_j9, sizeof p_j9, err))
        return false;
    /* Seed 003's public partners. */
    if (!add_org(d, "广州市白云区卫生健康局机关党委", "committee", 0, "", &root, p_root, sizeof p_root, now, err) ||
        !add_org(d, "人和镇卫生院党支部", "branch", root, p_root, &rh, p_rh, sizeof p_rh, now, err) ||
        !add_org(d, "龙归街社区卫生服务中心党支部", "branch", root, p_root, &lg, p_lg, sizeof p_lg, now, err) ||
        !add_institution(d, "人和镇卫生院", "township_health_center", rh, 1, 23.330, 113.300, 160, now, err) ||
        !add_institution(d, "龙归街社区卫生服务中心", "community_health_center", lg, 2, 23.270, 113.290, 90, now, err))
        return false;

    char ids[96];
    int64_t a1, a2, a3;
    dj_date s1 = date_from_ymd(2021, 4, 15), s2 = date_from_ymd(2023, 7, 27), s3 = date_from_ymd(2022, 3, 1);
    if (!add_alliance(d, "白云精康医院“1+N”红联共建", "1+N", jk, p_jk, (int64_t[]){rh, lg},
                      (const char *const[]){p_rh, p_lg}, 2, "2021-04-15",
                      "红旗联盟党组织共建单位：党建手拉手，共建促发展；分享资源、联合活动、交流经验、双向转诊，"
                      "发挥精卫专科优势，扩大精卫收医服务范围",
                      &a1, now, err))
        return false;
    snprintf(ids, sizeof ids, "[%lld,%lld,%lld]", (long long)jk, (long long)rh, (long long)lg);
    int64_t meeting = 0;
    if (!add_activity(d, a1, "joint", "2021-04-15", "缔结“红旗联盟党组织共建单位”，形成红联共建“1+N”模式", ids, 45, 0,
                      NULL, now, err) ||
        !add_activity(d, a1, "training", "2023-07-10", "红联共建经验交流：党建引领“特困民企”走出困境", ids, 60, 0,
                      "白云区医疗行业党建工作座谈会", now, err) ||
        !meeting_of(d, jk, today, &meeting, err) || !add_year(d, a1, ids, meeting, 0, today, now, err) ||
        !add_resource(d, a1, "expert", "精神科专家每周下沉坐诊", jk, "精卫专科优势，扩大精卫收医服务范围", now, err) ||
        !add_resource(d, a1, "training_slot", "精神卫生专科进修名额（每年 4 个）", jk, "协助培养业务骨干", now, err) ||
        !add_resource(d, a1, "equipment", "DR 影像检查设备共享", rh, NULL, now, err) ||
        !add_resource(d, a1, "venue", "社区党群服务活动场地", lg, "联合义诊、健康讲座", now, err) ||
        !add_referrals(d, a1, s1, rh, jk, 6, 12, today, now, err) ||
        !add_referrals(d, a1, s1, jk, rh, 3, 8, today, now, err) ||
        !add_referrals(d, a1, s1, lg, jk, 4, 9, today, now, err) ||
        !add_referrals(d, a1, s1, jk, lg, 2, 5, today, now, err))
        return false;

    if (!add_alliance(d, "“公立+民营”党建联学共建（东莞市妇幼保健院）", "1+N", fy, p_fy, (int64_t[]){gj, j9},
                      (const char *const[]){p_gj, p_j9}, 2, "2023-07-27",
                      "落实东莞市卫生健康局“公立+民营”党建联学共建行动实施方案：资源互补，完善人才培养、技术创新、"
                      "双向转诊等机制",
                      &a2, now, err))
        return false;
    snprintf(ids, sizeof ids, "[%lld,%lld,%lld]", (long long)fy, (long long)gj, (long long)j9);
    if (!add_activity(d, a2, "study", "2023-07-27",
                      "党建联学共建见面会：主题党课《学习新党章，奋进新征程》，重温入党誓词，参观党建阵地", ids, 48, 0,
                      "三方就党建促院建、推动医联体联盟共建探讨交流", now, err) ||
        !meeting_of(d, fy, today, &meeting, err) || !add_year(d, a2, ids, meeting, 2, today, now, err) ||
        !add_resource(d, a2, "expert", "妇产科、儿科专家下沉带教", fy, NULL, now, err) ||
        !add_resource(d, a2, "training_slot", "妇幼保健院进修名额（每年 6 个）", fy, NULL, now, err) ||
        !add_resource(d, a2, "venue", "广济医院党建阵地", gj, "联学共建活动场地", now, err) ||
        !add_referrals(d, a2, s2, gj, fy, 8, 15, today, now, err) ||
        !add_referrals(d, a2, s2, fy, gj, 5, 10, today, now, err))
        return false;

    if (!add_alliance(d, "广州白云大众医院—人和镇卫生院“1+1”红联共建", "1+1", dz, p_dz, (int64_t[]){rh},
                      (const char *const[]){p_rh}, 1, "2022-03-01", "组织联建、活动联办、资源联用、专业联合", &a3, now,
                      err))
        return false;
    snprintf(ids, sizeof ids, "[%lld,%lld]", (long long)dz, (long long)rh);
    return add_year(d, a3, ids, 0, 4, today, now, err) &&
           add_resource(d, a3, "expert", "内科、外科专家巡诊", dz, NULL, now, err) &&
           add_referrals(d, a3, s3, dz, rh, 2, 4, today, now, err) && add_referrals(d, a3, s3, rh, dz, 3, 6, today, now, err);
}
