/* decisions.c: 三重一大 rules (decisions.h). */
#include "domain/decisions.h"

#include "domain/meetings.h"

#include <stdio.h>

const dj_enum dj_decision_categories[] = {
    {"decision", "重大决策"},
    {"appointment", "重要人事任免"},
    {"project", "重大项目安排"},
    {"funds", "大额资金使用"},
    {NULL, NULL},
};

const dj_enum dj_decision_report_states[] = {
    {"pending", "待报告"},
    {"overdue", "逾期未报告"},
    {"reported", "已按期报告"},
    {"reported_late", "逾期报告"},
    {NULL, NULL},
};

bool decision_category_parse(const char *s, decision_category *out)
{
    int i = dj_enum_index(dj_decision_categories, s);
    if (i < 0)
        return false;
    *out = (decision_category)i;
    return true;
}

bool decision_amount_check(decision_category c, bool has_amount, int64_t amount_fen, dj_err *err)
{
    if (!has_amount) {
        if (c == DECISION_FUNDS) {
            dj_err_set(err, "validation", "amount_fen", "大额资金使用事项须填写金额");
            return false;
        }
        return true;
    }
    if (amount_fen < 0 || amount_fen > DECISION_AMOUNT_MAX_FEN) {
        dj_err_set(err, "validation", "amount_fen", "金额须在 0 至 1 万亿元之间");
        return false;
    }
    return true;
}

decision_settings decision_defaults(void) { return (decision_settings){DECISION_REPORT_DAYS_DEFAULT}; }

bool decision_settings_validate(const decision_settings *s, dj_err *err)
{
    if (s->report_days < 1 || s->report_days > 90) {
        dj_err_set(err, "validation", "report_days", "报告期限须为 1 至 90 天");
        return false;
    }
    return true;
}

bool decision_votes_check(int64_t v_for, int64_t against, int64_t abstain, int entitled, int present, dj_err *err)
{
    if (v_for < 0 || against < 0 || abstain < 0 || v_for > 100000 || against > 100000 || abstain > 100000) {
        dj_err_set(err, "validation", "votes", "表决票数不能为负数或超过 100000");
        return false;
    }
    int64_t cast = v_for + against + abstain;
    if (cast == 0) {
        dj_err_set(err, "validation", "votes", "请填写表决结果（赞成、反对、弃权票数）");
        return false;
    }
    if (v_for * 2 <= cast) {
        char msg[200];
        snprintf(msg, sizeof msg, "赞成票 %lld 票未超过表决票数 %lld 票的半数，事项未获通过，不能登记为集体决策",
                 (long long)v_for, (long long)cast);
        dj_err_set(err, "validation", "votes", "%s", msg);
        return false;
    }
    if (entitled < 0)
        return true;
    meeting_votes v = {(int)v_for, (int)against, (int)abstain};
    meeting_decision out;
    dj_err e;
    if (!meeting_decision_check(MEETING_COMMITTEE, entitled, present, &v, false, &out, &e)) {
        dj_err_set(err, "validation", "votes", "%s", e.message);
        return false;
    }
    if (!out.passed) {
        dj_err_set(err, "validation", "votes", "%s", out.rule);
        return false;
    }
    return true;
}

bool decision_dates_check(dj_date decided_on, bool reported, dj_date reported_on, dj_date today, dj_err *err)
{
    if (decided_on > today) {
        dj_err_set(err, "validation", "decided_on", "决策日期不能晚于今天");
        return false;
    }
    if (reported && reported_on < decided_on) {
        dj_err_set(err, "validation", "reported_on", "报告日期不能早于决策日期");
        return false;
    }
    if (reported && reported_on > today) {
        dj_err_set(err, "validation", "reported_on", "报告日期不能晚于今天");
        return false;
    }
    return true;
}

dj_date decision_report_due(dj_date decided_on, int report_days) { return date_add_days(decided_on, report_days); }

decision_report_state decision_report_state_of(dj_date decided_on, bool reported, dj_date reported_on, dj_date today,
                                               int report_days)
{
    dj_date due = decision_report_due(decided_on, report_days);
    if (reported)
        return reported_on <= due ? DECISION_REPORT_ON_TIME : DECISION_REPORT_LATE;
    return today <= due ? DECISION_REPORT_PENDING : DECISION_REPORT_OVERDUE;
}
