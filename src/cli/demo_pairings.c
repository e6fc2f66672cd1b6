/* demo_pairings.c: the 201 project for the demo data (demo.c; DOMAIN.md §7, seed 000): Wuhan's
 * sector committee (武汉市民营医疗机构行业党委) with 20 red instructors (红色指导员: 罗岚 and 熊晶 of
 * the seed, 张玲 who spoke for them, and seventeen more), each paired one-to-one with a private
 * institution: 武汉东大中医肛肠医院 (the seed's, aiming at a six-star branch) and nineteen others that
 * no organisation covers yet (registered by the committee). The pairings started between two and
 * thirty-six months ago, so they stand at every stage (搭架子 → 正常化 → 见成效), with the three-year
 * plan's five milestones (a few late, a few done late) and a visit about every two months.
 * Plus the committee's own administrator account (wuhan). Deterministic; bulk SQL without an
 * audit record per row; the accounts get the demo password by copying luolan's hash (one hash
 * instead of twenty-one, so that `init --demo` stays fast). */
#include "cli/cli.h"

#include "core/date.h"
#include "domain/credit_code.h"
#include "domain/pairings.h"
#include "store/institutions.h"

#include <stdio.h>
#include <string.h>

static const struct { const char *user, *name; } instructors[] = {
    {"luolan", "罗岚"},    {"xiongjing", "熊晶"}, {"zhangling", "张玲"}, {"zdy04", "王慧敏"}, {"zdy05", "刘建华"},
    {"zdy06", "陈晓燕"},   {"zdy07", "杨志刚"},   {"zdy08", "赵丽萍"},   {"zdy09", "黄文斌"}, {"zdy10", "周海燕"},
    {"zdy11", "吴国强"},   {"zdy12", "徐春梅"},   {"zdy13", "孙立新"},   {"zdy14", "胡晓东"}, {"zdy15", "朱红霞"},
    {"zdy16", "高建军"},   {"zdy17", "林小红"},   {"zdy18", "何志勇"},   {"zdy19", "郭亚琴"}, {"zdy20", "马俊杰"},
};
enum { NPAIRS = sizeof instructors / sizeof instructors[0] };

/* The first is the seed's (already in the demo registry); the others are added here. */
static const struct {
    const char *name, *kind, *grade, *district, *area;
    double lat, lng;
    int staff;
} insts[NPAIRS] = {
    {"武汉东大中医肛肠医院", "", "", "", "", 0, 0, 0},
    {"武汉仁爱医院", "hospital", "二级", "江汉区", "420103", 30.601, 114.262, 260},
    {"武汉华仁康复医院", "hospital", "一级", "硚口区", "420104", 30.578, 114.231, 120},
    {"武汉博大妇产医院", "hospital", "二级", "武昌区", "420106", 30.552, 114.318, 210},
    {"武汉江城眼科医院", "hospital", "一级", "江岸区", "420102", 30.622, 114.289, 90},
    {"武汉长江口腔门诊部", "clinic", "", "江汉区", "420103", 30.590, 114.270, 35},
    {"武汉汉阳中医医院", "tcm_hospital", "一级", "汉阳区", "420105", 30.555, 114.215, 110},
    {"武汉洪山骨科医院", "hospital", "二级", "洪山区", "420111", 30.505, 114.342, 230},
    {"武汉青山友好医院", "hospital", "一级", "青山区", "420107", 30.633, 114.391, 140},
    {"武汉光谷康复医院", "hospital", "一级", "洪山区", "420111", 30.481, 114.402, 160},
    {"武汉百佳妇产医院", "hospital", "二级", "江岸区", "420102", 30.611, 114.301, 180},
    {"武汉东湖中西医结合门诊部", "clinic", "", "武昌区", "420106", 30.561, 114.359, 28},
    {"武汉同心护理院", "other", "", "硚口区", "420104", 30.583, 114.246, 75},
    {"武汉安康老年病医院", "hospital", "一级", "汉阳区", "420105", 30.548, 114.228, 130},
    {"武汉名仕口腔医院", "hospital", "一级", "武昌区", "420106", 30.543, 114.330, 95},
    {"武汉汉口精神康复医院", "hospital", "二级", "江岸区", "420102", 30.640, 114.305, 240},
    {"武汉惠民社区诊所", "clinic", "", "江汉区", "420103", 30.596, 114.255, 12},
    {"武汉南湖医院", "hospital", "一级", "洪山区", "420111", 30.497, 114.325, 150},
    {"武汉楚康皮肤病医院", "hospital", "一级", "硚口区", "420104", 30.575, 114.252, 60},
    {"武汉钢城骨伤医院", "hospital", "一级", "青山区", "420107", 30.628, 114.380, 100},
};

/* The three-year plan (三年三步走): what is due, months after the start. */
static const struct { const char *title; int months; } plan[] = {
    {"搭架子：建立党组织，明确党建工作负责人", 6},
    {"搭架子：配齐支部班子，建立“三会一课”等制度", 12},
    {"正常化：组织生活按期召开，党员管理规范", 18},
    {"见成效：创建星级党支部，打造“红色阵地”", 30},
    {"见成效：达到目标星级，三年帮带总结验收", 36},
};

static const struct { const char *topic, *findings, *advice; } visits[] = {
    {"送“红色书包”，为党员佩戴党徽", "党员学习资料不全，党员身份未亮明", "配发学习资料，党员亮牌上岗"},
    {"带领党员重温入党誓词", "部分党员组织关系尚未转入", "督促转入组织关系，建立党员名册"},
    {"讲党课：红色引擎工程", "党员学习以自学为主，缺少集体学习", "每月安排一次集中学习"},
    {"指导规范党员管理", "党员档案缺少入党日期等信息", "补齐党员档案，按月核对"},
    {"指导签订依法执业承诺书", "承诺书签订覆盖不全", "党员带头签订，全院推开"},
    {"检查“三会一课”记录", "会议记录不完整，缺少签到", "使用会议登记本，会后当日录入"},
    {"指导开展党员志愿服务", "志愿服务活动零散", "结合义诊制定季度志愿服务计划"},
};
enum { NVISITS = sizeof visits / sizeof visits[0] };

static bool one_row(db *d, db_stmt *s, int64_t *id, dj_err *err)
{
    (void)d;
    if (db_step(s, err) != 1)
        return false;
    *id = db_col_int(s, 0);
    db_reset(s);
    return true;
}

/* An account with the demo password (luolan's hash): returns its id. */
static bool add_account(db *d, const char *user, const char *display, const char *role, int64_t org_id, int64_t *id,
                        const char *now, dj_err *err)
{
    db_stmt *s = db_prepare(d, "INSERT INTO users (username, display_name, role, org_id, password_hash, created_at,"
                               " updated_at) SELECT ?, ?, ?, CAST(? AS BIGINT), password_hash, ?, ? FROM users WHERE username = 'luolan'"
                               " RETURNING id");
    db_bind_text(s, 1, user);
    db_bind_text(s, 2, display);
    db_bind_text(s, 3, role);
    db_bind_int(s, 4, org_id);
    db_bind_text(s, 5, now);
    db_bind_text(s, 6, now);
    return one_row(d, s, id, err);
}

static bool add_institution(db *d, int i, const char *owner, int64_t *id, const char *now, dj_err *err)
{
    char code[19];
    credit_code_generate("52", insts[i].area, 50000u + (uint32_t)i * 7919u, code);
    db_stmt *s = db_prepare(d, "INSERT INTO institutions (name, credit_code, ownership, kind, grade, district, address,"
                               " latitude, longitude, staff_count, created_at, updated_at)"
                               " VALUES (?, ?, 'private', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    db_bind_text(s, 1, insts[i].name);
    db_bind_text(s, 2, code);
    db_bind_text(s, 3, insts[i].kind);
    db_bind_text(s, 4, *insts[i].grade ? insts[i].grade : NULL);
    db_bind_text(s, 5, insts[i].district);
    db_bind_text(s, 6, insts[i].district);
    db_bind_double(s, 7, insts[i].lat);
    db_bind_double(s, 8, insts[i].lng);
    db_bind_int(s, 9, insts[i].staff);
    db_bind_text(s, 10, now);
    db_bind_text(s, 11, now);
    return one_row(d, s, id, err) && institution_set_owner(d, *id, owner, err);
}

static bool add_pairing(db *d, int i, int64_t user_id, int64_t inst_id, const char *path, dj_date today,
                        const char *now, dj_err *err)
{
    int months = 2 + i * 34 / (NPAIRS - 1); /* 2 .. 36 months ago */
    dj_date start = date_add_months(today, -months);
    start = date_from_ymd(date_year(start), date_month(start), 1 + (i * 3) % 27);
    dj_date end = pairing_default_end(start);
    const char *stage = months < 12 ? "framework" : months < 24 ? "regular" : "results";
    char st[11], en[11];
    date_format(start, st);
    date_format(end, en);
    int stars = i == 0 ? 6 : 4 + i % 3;
    db_stmt *s = db_prepare(d, "INSERT INTO pairings (instructor_user_id, institution_id, org_path, started_on, ends_on,"
                               " stage, target_stars, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                               " RETURNING id");
    db_bind_int(s, 1, user_id);
    db_bind_int(s, 2, inst_id);
    db_bind_text(s, 3, path);
    db_bind_text(s, 4, st);
    db_bind_text(s, 5, en);
    db_bind_text(s, 6, stage);
    db_bind_int(s, 7, stars);
    db_bind_text(s, 8, now);
    db_bind_text(s, 9, now);
    int64_t pid;
    if (!one_row(d, s, &pid, err))
        return false;
    bool left_late = false;
    for (size_t k = 0; k < sizeof plan / sizeof plan[0]; k++) {
        dj_date due = date_add_months(start, plan[k].months);
        char du[11], dn[11];
        date_format(due, du);
        bool done = due < today;
        dj_date done_on = date_add_days(due, -10);
        /* Some fall behind: the latest milestone due is still open, or was done late. */
        if (done && !left_late && i % 5 == 3 && (k + 1 == sizeof plan / sizeof plan[0] ||
                                                  date_add_months(start, plan[k + 1].months) >= today)) {
            done = false;
            left_late = true;
        }
        if (done && i % 4 == 1 && k == 0)
            done_on = date_add_days(due, 20);
        if (done_on > today)
            done_on = today;
        date_format(done_on, dn);
        s = db_prepare(d, "INSERT INTO pairing_milestones (pairing_id, seq, title, due_on, done_on, evidence)"
                          " VALUES (?, ?, ?, ?, ?, ?)");
        db_bind_int(s, 1, pid);
        db_bind_int(s, 2, (int64_t)k + 1);
        db_bind_text(s, 3, plan[k].title);
        db_bind_text(s, 4, du);
        db_bind_text(s, 5, done ? dn : NULL);
        db_bind_text(s, 6, done ? "支部会议记录、照片已存档" : NULL);
        if (!db_run(s, err))
            return false;
    }
    /* A visit about every two months; a few instructors visit less often lately. */
    for (int k = 0;; k++) {
        dj_date on = date_add_days(date_add_months(start, 1 + 2 * k), i % 10);
        if (on > today || on > end)
            break;
        if (i % 6 == 5 && k % 2 == 1)
            continue;
        char vo[11];
        date_format(on, vo);
        int v = (k + i) % NVISITS;
        s = db_prepare(d, "INSERT INTO pairing_visits (pairing_id, visited_on, topic, findings, advice, created_at,"
                          " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
        db_bind_int(s, 1, pid);
        db_bind_text(s, 2, vo);
        db_bind_text(s, 3, k == 0 ? "首次走访：建立联系，了解党员情况" : visits[v].topic);
        db_bind_text(s, 4, visits[v].findings);
        db_bind_text(s, 5, visits[v].advice);
        db_bind_text(s, 6, now);
        db_bind_text(s, 7, now);
        if (!db_run(s, err))
            return false;
    }
    return true;
}

bool demo_pairings_load(db *d, dj_err *err)
{
    char now[32];
    store_now(now);
    dj_date today = date_today();
    db_stmt *s = db_prepare(d, "SELECT id, path FROM orgs WHERE name = '武汉市民营医疗机构行业党委'");
    if (db_step(s, err) != 1)
        return dj_err_set(err, "internal", "", "演示数据：未找到武汉市民营医疗机构行业党委");
    int64_t org_id = db_col_int(s, 0);
    char path[128];
    snprintf(path, sizeof path, "%s", db_col_text(s, 1));
    db_reset(s);
    int64_t admin_id;
    if (!add_account(d, "wuhan", "武汉市民营医疗机构行业党委", "org_admin", org_id, &admin_id, now, err))
        return false;
    for (int i = 0; i < NPAIRS; i++) {
        int64_t uid, iid;
        if (i == 0) {
            s = db_prepare(d, "SELECT id FROM users WHERE username = 'luolan'");
            if (!one_row(d, s, &uid, err))
                return false;
            s = db_prepare(d, "SELECT id FROM institutions WHERE name = ?");
            db_bind_text(s, 1, insts[0].name);
            if (!one_row(d, s, &iid, err))
                return false;
        } else {
            char display[64];
            snprintf(display, sizeof display, "%s（党建指导员）", instructors[i].name);
            if (!add_account(d, instructors[i].user, display, "instructor", org_id, &uid, now, err) ||
                !add_institution(d, i, path, &iid, now, err))
                return false;
        }
        if (!add_pairing(d, i, uid, iid, path, today, now, err))
            return false;
    }
    return true;
}
