/* development.c: the 25 steps of developing a member and their time rules (development.h,
 * DOMAIN.md §4). "N years after a date" is date_add_years, the one rule for 29 February. */
#include "domain/development.h"

#include "domain/meetings.h"

#include <stdio.h>
#include <string.h>

static const char *const step_labels[DEV_STEPS + 1] = {
    NULL,
    "递交入党申请书",
    "党组织派人谈话",
    "推荐和确定入党积极分子",
    "上级党委备案（入党积极分子）",
    "指定培养联系人",
    "培养教育考察",
    "确定发展对象",
    "报上级党委备案（发展对象）",
    "确定入党介绍人",
    "进行政治审查",
    "开展集中培训",
    "支部委员会审查",
    "上级党委预审",
    "填写入党志愿书",
    "支部大会讨论（接收预备党员）",
    "上级党委派人谈话",
    "上级党委审批",
    "再上级党委组织部门备案",
    "编入党支部和党小组",
    "入党宣誓",
    "继续教育考察",
    "提出转正申请",
    "支部大会讨论（转正）",
    "上级党委审批（转正）",
    "材料归档",
};

const char *dev_step_label(int step) { return step >= 1 && step <= DEV_STEPS ? step_labels[step] : NULL; }

bool dev_step_needs_people(int step) { return step == DEV_STEP_CONTACTS || step == DEV_STEP_SPONSORS; }

const char *dev_step_needs(int step)
{
    switch (step) {
    case DEV_STEP_APPLY: return "申请人须年满18周岁";
    case DEV_STEP_TALK: return "收到入党申请书后1个月内谈话";
    case DEV_STEP_CONTACTS: return "指定两名正式党员为培养联系人";
    case DEV_STEP_CANDIDATE: return "入党积极分子须经1年以上培养教育和考察";
    case DEV_STEP_SPONSORS: return "确定两名正式党员为入党介绍人";
    case DEV_STEP_TRAINING: return "集中培训不少于3天或24学时";
    case DEV_STEP_ADMIT: return "支部大会讨论通过后建立预备党员档案，预备期自此开始";
    case DEV_STEP_APPROVE: return "须在支部大会通过后3个月内审批";
    case DEV_STEP_FULL_MEETING: return "预备期满1年（或延长期满）后讨论转正";
    case DEV_STEP_FULL: return "审批后转为正式党员";
    default: return "";
    }
}

static const char *const stage_names[] = {"applicant", "activist", "candidate", "probationary", "full"};
static const char *const stage_labels[] = {"入党申请人", "入党积极分子", "发展对象", "预备党员", "正式党员"};

const char *dev_stage_name(dev_stage s) { return s <= DEV_FULL ? stage_names[s] : NULL; }
const char *dev_stage_label(dev_stage s) { return s <= DEV_FULL ? stage_labels[s] : NULL; }

dev_stage dev_stage_of(int last)
{
    if (last >= DEV_STEP_FULL)
        return DEV_FULL;
    if (last >= DEV_STEP_ADMIT)
        return DEV_PROBATIONARY;
    if (last >= DEV_STEP_CANDIDATE)
        return DEV_CANDIDATE;
    if (last >= DEV_STEP_ACTIVIST)
        return DEV_ACTIVIST;
    return DEV_APPLICANT;
}

dj_date dev_probation_end(const dev_record *r)
{
    if (r->last < DEV_STEP_ADMIT)
        return 0;
    return date_add_months(date_add_years(r->done[DEV_STEP_ADMIT], DEV_PROBATION_YEARS), r->extension_months);
}

void dev_step_window(const dev_record *r, int step, dj_date *earliest, dj_date *latest)
{
    *earliest = 0;
    *latest = 0;
    switch (step) {
    case DEV_STEP_APPLY:
        if (r->birth)
            *earliest = date_add_years(r->birth, DEV_MIN_AGE);
        break;
    case DEV_STEP_TALK:
        *latest = date_add_months(r->done[DEV_STEP_APPLY], DEV_TALK_MONTHS);
        break;
    case DEV_STEP_CANDIDATE:
        *earliest = date_add_years(r->done[DEV_STEP_ACTIVIST], DEV_ACTIVIST_YEARS);
        break;
    case DEV_STEP_APPROVE:
        *latest = date_add_months(r->done[DEV_STEP_ADMIT], DEV_APPROVAL_MONTHS);
        break;
    case DEV_STEP_FULL_MEETING:
        *earliest = dev_probation_end(r);
        break;
    default:
        break;
    }
    /* Never before the previous step. */
    if (step > 1 && step <= r->last + 1 && r->done[step - 1] > *earliest)
        *earliest = r->done[step - 1];
}

static void breach(dev_verdict *v, const char *rule, const char *fmt, dj_date d)
{
    char ds[11];
    date_format(d, ds);
    v->ok = false;
    v->rule = rule;
    v->source = DEV_SOURCE;
    char detail[100];
    snprintf(detail, sizeof detail, fmt, ds);
    snprintf(v->message, sizeof v->message, "%s（%s）：%s", rule, DEV_SOURCE, detail);
}

bool dev_step_check(const dev_record *r, int step, dj_date done_on, dj_date today, int training_days,
                    int training_hours, dev_verdict *v, dj_err *err)
{
    memset(v, 0, sizeof *v);
    v->ok = true;
    if (step < 1 || step > DEV_STEPS)
        return dj_err_set(err, "validation", "step", "步骤须为1至25之间的整数");
    if (step <= r->last)
        return dj_err_set(err, "conflict", "step", "第%d步“%s”已经完成，不能重复登记", step, step_labels[step]);
    if (step != r->last + 1)
        return dj_err_set(err, "validation", "step", "须按顺序办理：下一步是第%d步“%s”", r->last + 1,
                          step_labels[r->last + 1]);
    if (done_on > today)
        return dj_err_set(err, "validation", "done_on", "办理日期不能晚于今天");
    if (step > 1 && done_on < r->done[step - 1]) {
        char ds[11];
        date_format(r->done[step - 1], ds);
        return dj_err_set(err, "validation", "done_on", "办理日期不能早于上一步（第%d步）的日期%s", step - 1, ds);
    }
    if (step == DEV_STEP_TRAINING && training_days <= 0 && training_hours <= 0)
        return dj_err_set(err, "validation", "training_days", "请填写集中培训的天数或学时");
    dj_date earliest, latest;
    dev_step_window(r, step, &earliest, &latest);
    switch (step) {
    case DEV_STEP_APPLY:
        if (r->birth && done_on < earliest)
            breach(v, "申请入党须年满18周岁", "申请人%s才年满18周岁", earliest);
        break;
    case DEV_STEP_TALK:
        if (done_on > latest)
            breach(v, "党组织应在收到入党申请书后1个月内派人谈话", "谈话最迟应在%s", latest);
        break;
    case DEV_STEP_CANDIDATE:
        if (done_on < earliest)
            breach(v, "入党积极分子须经过1年以上培养教育和考察才能确定为发展对象", "最早可在%s确定", earliest);
        break;
    case DEV_STEP_TRAINING:
        if (training_days < DEV_TRAINING_DAYS && training_hours < DEV_TRAINING_HOURS)
            breach(v, "发展对象集中培训不少于3天或24学时", "培训结束于%s，天数和学时都不足", done_on);
        break;
    case DEV_STEP_APPROVE:
        if (done_on > latest)
            breach(v, "上级党委应在支部大会通过后3个月内审批", "审批最迟应在%s", latest);
        break;
    case DEV_STEP_FULL_MEETING:
        if (done_on < earliest)
            breach(v, "预备期为1年（延长的须满延长期）后才能讨论转正", "预备期满于%s", earliest);
        break;
    default:
        break;
    }
    return true;
}

bool dev_override_check(const dev_verdict *v, const char *reason, bool entitled, dj_err *err)
{
    if (v->ok)
        return true;
    bool blank = true;
    for (const char *p = reason; p && *p && blank; p++)
        blank = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
    if (blank)
        return dj_err_set(err, "validation", "done_on", "%s", v->message);
    if (!entitled)
        return dj_err_set(err, "forbidden", "override_reason", "只有院党委及以上可以例外办理不符合时间要求的步骤");
    return true;
}

bool dev_extension_check(const dev_record *r, int months, dj_err *err)
{
    if (r->extension_months)
        return dj_err_set(err, "validation", "extension_months", "预备期只能延长一次，已延长%d个月", r->extension_months);
    if (r->last < DEV_STEP_ADMIT || r->last >= DEV_STEP_FULL_MEETING)
        return dj_err_set(err, "validation", "extension_months", "只有在预备期内（支部大会讨论接收后、讨论转正前）才能延长预备期");
    if (months < DEV_EXTENSION_MIN_MONTHS || months > DEV_EXTENSION_MAX_MONTHS)
        return dj_err_set(err, "validation", "extension_months", "预备期延长须为6至12个月");
    return true;
}

dev_due dev_due_of(const dev_record *r, dj_date today)
{
    dev_due d = {0};
    dj_date soon = date_add_days(today, DEV_DUE_DAYS);
    if (r->last == DEV_STEP_APPLY) {
        dj_date by = date_add_months(r->done[DEV_STEP_APPLY], DEV_TALK_MONTHS);
        d.talk_owed = true;
        d.talk_overdue = by < today;
        d.date = by;
    } else if (r->last >= DEV_STEP_ACTIVIST && r->last < DEV_STEP_CANDIDATE) {
        dj_date year = date_add_years(r->done[DEV_STEP_ACTIVIST], DEV_ACTIVIST_YEARS);
        if (year <= soon) {
            d.activist_year = true;
            d.date = year;
        }
    } else if (r->last >= DEV_STEP_ADMIT && r->last < DEV_STEP_FULL_MEETING) {
        if (r->last < DEV_STEP_APPROVE) {
            dj_date by = date_add_months(r->done[DEV_STEP_ADMIT], DEV_APPROVAL_MONTHS);
            if (by < today) {
                d.approval_late = true;
                d.date = by;
            }
        }
        dj_date end = dev_probation_end(r);
        if (end <= soon) {
            d.probation_ending = true;
            if (!d.date)
                d.date = end;
        }
    }
    return d;
}

bool dev_applicant_validate(const member_input *m, dj_date today, dj_err *err)
{
    /* The member file's checks of the personal fields; an applicant has no category or party
     * dates yet, so their faults are not the applicant's. */
    member_input in = *m;
    in.category = "probationary";
    in.status = NULL;
    in.joined_on = NULL;
    in.full_on = NULL;
    dj_err errs[16];
    int n = member_validate_all(&in, today, errs, 16);
    for (int i = 0; i < n && i < 16; i++) {
        const char *f = errs[i].field;
        if (strcmp(f, "category") == 0 || strcmp(f, "status") == 0 || strcmp(f, "joined_on") == 0 ||
            strcmp(f, "full_on") == 0)
            continue;
        if (err)
            *err = errs[i];
        return false;
    }
    return true;
}

bool dev_step_needs_vote(int step) { return step == DEV_STEP_ADMIT || step == DEV_STEP_FULL_MEETING; }

bool dev_vote_check(int entitled, int present, int yes, int no, int abstain, dj_err *err)
{
    if (entitled <= 0)
        return dj_err_set(err, "validation", "voters_entitled", "有表决权的正式党员人数须大于 0");
    if (present < 0 || present > entitled)
        return dj_err_set(err, "validation", "voters_present", "到会有表决权的正式党员人数须在 0 到有表决权人数之间");
    meeting_quorum q;
    if (!meeting_quorum_compute(MEETING_BRANCH_ASSEMBLY, entitled, present, &q, NULL) || !q.met)
        return dj_err_set(err, "validation", "voters_present", "%s", q.rule);
    meeting_votes v = {yes, no, abstain};
    meeting_decision d;
    dj_err e = {0};
    if (!meeting_decision_check(MEETING_BRANCH_ASSEMBLY, entitled, present, &v, false, &d, &e))
        return dj_err_set(err, "validation", "votes_for", "%s", e.message);
    if (!d.passed)
        return dj_err_set(err, "validation", "votes_for", "%s", d.rule);
    return true;
}
