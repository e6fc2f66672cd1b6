/* demo_needs.c: the public's needs by QR code for the demo data (demo.c; DOMAIN.md §7, seed 002:
 * 锦州 "需求'码'上提，医院马上办" — "目前，已有效解决群众反映问题15个"): a poster token for every
 * institution, and at Jinzhou's hospitals 15 needs solved (立行立办 within three days, a few by
 * 倒排工期 with milestones, one solved late), four being handled (one of them overdue) and three
 * just received. Bulk SQL without an audit record per row. */
#include "cli/cli.h"

#include "core/date.h"
#include "domain/needs.h"
#include "store/store.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *inst, *category, *text, *grade, *mode, *reply;
    int received_ago, solve_days; /* days ago it came in; days to solve (-1: open) */
    bool contact;
} needs[] = {
    {"锦州市中心医院", "appointment", "门诊自助挂号机太少，早上排队时间长，希望增加机器。", "urgent", "immediate", "已在门诊大厅新增自助挂号机4台，并安排志愿者引导。", 88, 2, true},
    {"锦州市中心医院", "environment", "住院部电梯等候时间长，老人上下楼不方便。", "urgent", "scheduled", "已完成电梯分时分层运行改造，高峰期增派电梯引导员。", 85, 40, false},
    {"锦州市中心医院", "fees", "医保报销流程不清楚，希望有人讲解。", "normal", "immediate", "已在收费处设立医保政策咨询台，党员先锋岗每日值守。", 80, 1, true},
    {"锦州市中心医院", "medical", "检查结果要等好几天，希望能在手机上查看。", "normal", "scheduled", "已开通微信公众号检查报告查询功能。", 76, 30, false},
    {"锦州市中心医院", "environment", "停车难，周边车位不够。", "urgent", "scheduled", "已协调周边单位开放共享车位120个。", 70, 45, true},
    {"锦州市中心医院", "attitude", "夜间急诊分诊台解释不耐心。", "normal", "immediate", "已约谈当事人并开展服务礼仪培训。", 64, 2, false},
    {"锦州仁爱医院", "medical", "希望增加周末的专家门诊。", "normal", "immediate", "周六上午已增设内科、儿科专家门诊。", 60, 3, true},
    {"锦州仁爱医院", "environment", "候诊区座椅不够，老人只能站着等。", "normal", "immediate", "已增加候诊座椅30个。", 55, 1, false},
    {"锦州康宁医院", "appointment", "电话预约总是占线。", "urgent", "immediate", "已增开预约专线一条，并开通网上预约。", 50, 2, true},
    {"锦州康宁医院", "fees", "收费票据看不懂，希望有费用清单。", "normal", "immediate", "已实行住院费用每日清单制。", 46, 3, false},
    {"锦州博爱门诊部", "medical", "慢病患者每月开药要排很久的队。", "urgent", "immediate", "已开设慢病续方便民窗口。", 40, 1, true},
    {"锦州安康诊所", "environment", "门口台阶没有无障碍通道，轮椅进不来。", "urgent", "scheduled", "无障碍坡道已建成投入使用。", 35, 20, false},
    {"锦州惠民医院", "medical", "希望提供上门护理服务。", "normal", "scheduled", "已组建家庭医生签约护理团队，提供上门服务。", 30, 21, true},
    {"锦州益生门诊部", "attitude", "取药窗口工作人员态度生硬。", "normal", "immediate", "已对窗口人员开展服务规范培训，党员亮牌上岗。", 20, 5, false},
    {"锦州市中心医院", "other", "希望医院开展健康讲座进社区。", "normal", "immediate", "“义诊暖人心”活动已安排每月进社区一次。", 15, 2, true},
    /* Being handled: one overdue. */
    {"锦州市中心医院", "environment", "门诊卫生间数量少，需要改造。", "urgent", "immediate", NULL, 10, -1, true},
    {"锦州仁爱医院", "appointment", "希望开通夜间门诊。", "normal", "scheduled", NULL, 8, -1, false},
    {"锦州康宁医院", "fees", "异地医保结算不方便。", "urgent", "scheduled", NULL, 6, -1, true},
    {"锦州市中心医院", "medical", "儿科候诊时间太长。", "critical", "immediate", NULL, 1, -1, false},
    /* Just received. */
    {"锦州市中心医院", "other", "医院指示牌不清楚，找科室很难。", NULL, NULL, NULL, 1, -1, false},
    {"锦州惠民医院", "environment", "病房空调不凉。", NULL, NULL, NULL, 0, -1, true},
    {"锦州博爱门诊部", "appointment", "能否提供线上问诊？", NULL, NULL, NULL, 0, -1, false},
};
enum { NNEEDS = sizeof needs / sizeof needs[0] };

static void code(char *out, size_t n)
{
    unsigned char b[32];
    randombytes_buf(b, n);
    need_code_from_bytes(b, n, out);
}

static bool posters(db *d, const char *now, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT id FROM institutions WHERE deleted_at IS NULL ORDER BY id");
    json_t *ids = db_rows_json(s, NULL, err);
    if (!ids)
        return false;
    size_t i;
    json_t *r;
    json_array_foreach(ids, i, r) {
        char token[NEED_TOKEN_LEN + 1];
        code(token, NEED_TOKEN_LEN);
        s = db_prepare(d, "INSERT INTO need_posters (institution_id, token, created_at, updated_at) VALUES (?, ?, ?, ?)");
        db_bind_int(s, 1, json_integer_value(json_object_get(r, "id")));
        db_bind_text(s, 2, token);
        db_bind_text(s, 3, now);
        db_bind_text(s, 4, now);
        if (!db_run(s, err)) {
            json_decref(ids);
            return false;
        }
    }
    json_decref(ids);
    return true;
}

bool demo_needs_load(db *d, dj_err *err)
{
    char now[32];
    store_now(now);
    dj_date today = date_today();
    if (!posters(d, now, err))
        return false;
    db_stmt *s = db_prepare(d, "SELECT id FROM users WHERE username = 'jinzhou'");
    int64_t staff = 0;
    if (db_step(s, err) == 1) {
        staff = db_col_int(s, 0);
        db_reset(s);
    }
    for (int i = 0; i < NNEEDS; i++) {
        s = db_prepare(d, "SELECT id FROM institutions WHERE name = ? AND deleted_at IS NULL");
        db_bind_text(s, 1, needs[i].inst);
        if (db_step(s, err) != 1)
            return dj_err_set(err, "internal", "", "演示数据：未找到%s", needs[i].inst);
        int64_t inst = db_col_int(s, 0);
        db_reset(s);
        dj_date rec = date_add_days(today, -needs[i].received_ago), due = 0, solved = 0;
        bool graded = needs[i].grade != NULL, is_solved = needs[i].solve_days >= 0;
        if (graded) {
            bool immediate = strcmp(needs[i].mode, "immediate") == 0;
            /* The overdue one: graded 立行立办 ten days ago, due seven days ago. */
            due = need_due_immediate(rec, immediate ? 3 : needs[i].solve_days >= 0 ? needs[i].solve_days + 5 : 60);
            if (is_solved)
                solved = date_add_days(rec, needs[i].solve_days);
        }
        char ticket[NEED_TICKET_LEN + 1], rs[11], ds[11], ss[11];
        code(ticket, NEED_TICKET_LEN);
        date_format(rec, rs);
        date_format(due, ds);
        date_format(solved, ss);
        s = db_prepare(d, "INSERT INTO needs (institution_id, ticket, category, description, status, grade, mode,"
                          " received_on, graded_on, due_on, solved_on, solution, assignee_user_id, created_at, updated_at)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
        db_bind_int(s, 1, inst);
        db_bind_text(s, 2, ticket);
        db_bind_text(s, 3, needs[i].category);
        db_bind_text(s, 4, needs[i].text);
        db_bind_text(s, 5, is_solved ? "solved" : graded ? "in_progress" : "received");
        db_bind_text(s, 6, needs[i].grade);
        db_bind_text(s, 7, needs[i].mode);
        db_bind_text(s, 8, rs);
        db_bind_text(s, 9, graded ? rs : NULL);
        db_bind_text(s, 10, graded ? ds : NULL);
        db_bind_text(s, 11, is_solved ? ss : NULL);
        db_bind_text(s, 12, needs[i].reply);
        if (graded && staff)
            db_bind_int(s, 13, staff);
        else
            db_bind_null(s, 13);
        db_bind_text(s, 14, now);
        db_bind_text(s, 15, now);
        if (db_step(s, err) != 1)
            return false;
        int64_t id = db_col_int(s, 0);
        db_reset(s);
        if (needs[i].contact) {
            char phone[16];
            snprintf(phone, sizeof phone, "1390416%04d", 1000 + i * 37);
            s = db_prepare(d, "INSERT INTO need_contacts (need_id, contact) VALUES (?, ?)");
            db_bind_int(s, 1, id);
            db_bind_text(s, 2, phone);
            if (!db_run(s, err))
                return false;
        }
        if (graded && strcmp(needs[i].mode, "scheduled") == 0) {
            static const char *const titles[] = {"制定整改方案", "组织实施", "验收并回访群众"};
            dj_date ms[3];
            if (due > rec && !need_backward_plan(rec, due, 3, ms, err))
                return false;
            for (int k = 0; k < 3 && due > rec; k++) {
                char m[11];
                date_format(ms[k], m);
                s = db_prepare(d, "INSERT INTO need_milestones (need_id, seq, title, due_on, done_on) VALUES (?, ?, ?, ?, ?)");
                db_bind_int(s, 1, id);
                db_bind_int(s, 2, k + 1);
                db_bind_text(s, 3, titles[k]);
                db_bind_text(s, 4, m);
                db_bind_text(s, 5, is_solved || ms[k] < today ? m : NULL);
                if (!db_run(s, err))
                    return false;
            }
        }
        const char *public_reply = graded ? (is_solved ? needs[i].reply : "您反映的问题已受理，正在办理中。") : NULL;
        if (public_reply) {
            s = db_prepare(d, "INSERT INTO need_replies (need_id, body, public, author_user_id, author_name, created_at)"
                              " VALUES (?, ?, 1, ?, '锦州市卫生健康行业党委', ?)");
            db_bind_int(s, 1, id);
            db_bind_text(s, 2, public_reply);
            if (staff)
                db_bind_int(s, 3, staff);
            else
                db_bind_null(s, 3);
            db_bind_text(s, 4, now);
            if (!db_run(s, err))
                return false;
        }
    }
    return true;
}
