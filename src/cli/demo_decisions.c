/* demo_decisions.c: 三重一大 and yearly key tasks for the demo data (demo.c; DOMAIN.md §7, seed
 * 002). Jinzhou (锦州) set up a "三重一大" reporting system for its public hospitals and runs the
 * year's key party-building tasks as projects with a ledger (项目化管理 + 清单化推进 + 责任化落实,
 * 工作推进台账). The demo: 锦州市中心医院党委's items of the last months (a few not reported on
 * time, one still unreported past the deadline), and the year's key tasks of the bureau committee
 * and the hospital committee from the seed (支部建在科室, 三培养, 星级堡壘, 亮牌上岗, 义诊, 需求码上提,
 * 党建入章, 专员), each with an owner (a member of the committee's subtree), a deadline and
 * milestones, some overdue. Relative to today; bulk SQL without an audit record per row. */
#include "cli/cli.h"

#include "core/date.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

/* days: decided that many days ago; reported: days after the decision (-1: not reported). */
static const struct {
    const char *category, *title;
    int days, vfor, against, abstain, reported;
    long long amount_fen;
    const char *note;
} items[] = {
    {"decision", "修订医院章程，将党的领导和党的建设写入章程", 200, 9, 0, 0, 6, -1, "党建入章：报市卫健委党组备案"},
    {"decision", "健全党委会和院长办公会议事决策制度", 170, 9, 0, 0, 10, -1, NULL},
    {"appointment", "任命心血管内科、神经内科党支部书记（业务骨干担任）", 150, 8, 0, 1, 12, -1, "支部建在科室"},
    {"project", "门诊“党员先锋岗”便民服务台建设", 120, 9, 0, 0, 20, 18000000, "逾期报告"},
    {"funds", "采购“义诊暖人心”活动医用药品", 95, 7, 1, 1, 9, 15000000, "义诊发放医用药品 15 万元"},
    {"appointment", "选派组织、宣传、统战、群团工作专员", 80, 9, 0, 0, 30, -1, "逾期报告"},
    {"funds", "远程影像诊疗平台升级改造", 60, 8, 1, 0, 14, 126000000, NULL},
    {"project", "“需求码上提，医院马上办”线上平台建设", 40, 9, 0, 0, -1, 4500000, "尚未报告，已逾期"},
    {"decision", "年度党建工作要点及重点任务清单", 25, 9, 0, 0, -1, -1, "尚未报告，已逾期"},
    {"funds", "星级堡垒党支部创建专项经费", 6, 7, 0, 2, -1, 3000000, NULL},
};

/* months: deadline this many months after 1 January; done: milestones done (of three);
 * status. */
static const struct {
    int org; /* 0: the bureau committee (锦州市卫生健康行业党委), 1: the hospital committee */
    const char *title;
    int months, done;
    const char *status;
    const char *steps[3];
} tasks[] = {
    {0, "制发公立医院党建工作要点", 2, 3, "done", {"起草工作要点", "征求各医院党委意见", "印发并部署"}},
    {0, "“星级堡垒”党支部评定（自评、考评、审核、审定）", 11, 1, "ongoing", {"支部自评", "院党委考评", "局党办审核、市委组织部审定"}},
    {0, "6家党员不足3人的医院成立联合党支部", 5, 2, "ongoing", {"摸清党员分布", "就近就便组建3个联合党支部", "选举支部班子"}},
    {0, "委派组织、宣传、统战、群团工作专员", 3, 3, "done", {"确定专员人选", "集中培训", "派驻到院"}},
    {1, "支部建在科室：优化设置党支部", 4, 1, "ongoing", {"科室党员摸底", "调整设置6个党支部", "业务骨干任支部书记"}},
    {1, "“三培养”：发展医疗专家、学科带头人入党", 12, 1, "ongoing", {"确定培养对象", "老带新、结对子培养", "15名医疗骨干入党"}},
    {1, "党员医生“亮牌上岗”、设立先锋岗50个", 6, 2, "ongoing", {"制作党员标识牌", "设立便民服务台", "流动引导员示范岗挂牌"}},
    {1, "“义诊暖人心”志愿服务40场", 12, 1, "ongoing", {"制定年度义诊计划", "开展中西医义诊、远程影像诊疗", "年终统计与宣传"}},
    {1, "“需求码上提，医院马上办”问题整改", 9, 0, "planned", {"上线需求码", "分级分类制定整改计划", "解决群众反映问题15个"}},
};

static bool org_of(db *d, const char *name, int64_t *id, char *path, size_t n, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT id, path FROM orgs WHERE name = ?");
    db_bind_text(s, 1, name);
    if (db_step(s, err) != 1)
        return dj_err_set(err, "internal", "", "演示数据：未找到%s", name);
    *id = db_col_int(s, 0);
    snprintf(path, n, "%s", db_col_text(s, 1));
    db_reset(s);
    return true;
}

/* The k-th live member of the subtree (wrapping), for owners. */
static bool member_of(db *d, const char *path, int k, int64_t *id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT m.id FROM members m JOIN orgs o ON o.id = m.org_id"
                               " WHERE o.path LIKE ? AND m.deleted_at IS NULL ORDER BY m.id LIMIT 1 OFFSET ?");
    char like[140];
    snprintf(like, sizeof like, "%s%%", path);
    db_bind_text(s, 1, like);
    db_bind_int(s, 2, (k * 7) % 40);
    if (db_step(s, err) != 1)
        return dj_err_set(err, "internal", "", "演示数据：未找到责任人");
    *id = db_col_int(s, 0);
    db_reset(s);
    return true;
}

bool demo_decisions_load(db *d, dj_err *err)
{
    char now[32];
    store_now(now);
    dj_date today = date_today();
    int64_t bureau = 0, hospital = 0;
    char bpath[128], hpath[128];
    if (!org_of(d, "锦州市卫生健康行业党委", &bureau, bpath, sizeof bpath, err) ||
        !org_of(d, "锦州市中心医院党委", &hospital, hpath, sizeof hpath, err))
        return false;
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        char on[11], rep[11];
        dj_date decided = date_add_days(today, -items[i].days);
        date_format(decided, on);
        date_format(date_add_days(decided, items[i].reported), rep);
        db_stmt *s = db_prepare(d, "INSERT INTO decisions (org_id, org_path, category, title, decided_on, votes_for,"
                                   " votes_against, votes_abstain, amount_fen, reported_on, note, created_at, updated_at)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        db_bind_int(s, 1, hospital);
        db_bind_text(s, 2, hpath);
        db_bind_text(s, 3, items[i].category);
        db_bind_text(s, 4, items[i].title);
        db_bind_text(s, 5, on);
        db_bind_int(s, 6, items[i].vfor);
        db_bind_int(s, 7, items[i].against);
        db_bind_int(s, 8, items[i].abstain);
        if (items[i].amount_fen >= 0)
            db_bind_int(s, 9, items[i].amount_fen);
        else
            db_bind_null(s, 9);
        db_bind_text(s, 10, items[i].reported >= 0 ? rep : NULL);
        db_bind_text(s, 11, items[i].note);
        db_bind_text(s, 12, now);
        db_bind_text(s, 13, now);
        if (!db_run(s, err))
            return false;
    }
    int year = date_year(today);
    for (size_t i = 0; i < sizeof tasks / sizeof tasks[0]; i++) {
        const char *path = tasks[i].org ? hpath : bpath;
        int64_t owner = 0;
        if (!member_of(d, hpath, (int)i, &owner, err))
            return false;
        dj_date jan1 = date_from_ymd(year, 1, 1);
        dj_date deadline = date_add_days(date_add_months(jan1, tasks[i].months), -1);
        char dl[11];
        date_format(deadline, dl);
        db_stmt *s = db_prepare(d, "INSERT INTO tasks (org_id, org_path, year, title, owner_member_id, deadline, status,"
                                   " progress, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id");
        db_bind_int(s, 1, tasks[i].org ? hospital : bureau);
        db_bind_text(s, 2, path);
        db_bind_int(s, 3, year);
        db_bind_text(s, 4, tasks[i].title);
        db_bind_int(s, 5, owner);
        db_bind_text(s, 6, dl);
        db_bind_text(s, 7, tasks[i].status);
        db_bind_text(s, 8, now);
        db_bind_text(s, 9, now);
        if (db_step(s, err) != 1)
            return false;
        int64_t tid = db_col_int(s, 0);
        db_reset(s);
        int span = (int)(deadline - jan1);
        for (int k = 0; k < 3; k++) {
            dj_date due = date_add_days(jan1, span * (k + 1) / 3);
            bool done = k < tasks[i].done;
            dj_date done_on = date_add_days(due, -5);
            if (done_on > today)
                done_on = today;
            char du[11], dn[11];
            date_format(due, du);
            date_format(done_on, dn);
            s = db_prepare(d, "INSERT INTO task_milestones (task_id, seq, title, due_on, done_on, evidence)"
                              " VALUES (?, ?, ?, ?, ?, ?)");
            db_bind_int(s, 1, tid);
            db_bind_int(s, 2, k + 1);
            db_bind_text(s, 3, tasks[i].steps[k]);
            db_bind_text(s, 4, du);
            db_bind_text(s, 5, done ? dn : NULL);
            db_bind_text(s, 6, done ? "会议纪要、文件及照片已归档" : NULL);
            if (!db_run(s, err))
                return false;
        }
    }
    return true;
}
