/* compliance.c: what an organisation owes of organisational life over a period (DOMAIN.md §2).
 *
 * compliance_compute() counts the held meetings into a table of type x month once, then reads
 * each owed period off that table, so one organisation costs O(meetings + rows) and no heap. */
#include "domain/compliance.h"

#include <stdio.h>
#include <string.h>

#define REG "《中国共产党支部工作条例（试行）》"

const dj_enum dj_compliance_freqs[] = {
    {"none", "不作要求"},
    {"monthly", "每月"},
    {"quarterly", "每季度"},
    {"yearly", "每年"},
    {NULL, NULL},
};

const dj_enum dj_compliance_states[] = {
    {"not_required", "不作要求"},
    {"met", "已完成"},
    {"todo", "待完成"},
    {"missed", "未完成"},
    {NULL, NULL},
};

static bool valid_freq(compliance_freq f)
{
    return (int)f >= 0 && (int)f < COMPLIANCE_FREQ_COUNT;
}

const char *compliance_freq_name(compliance_freq f)
{
    return valid_freq(f) ? dj_compliance_freqs[f].name : NULL;
}

const char *compliance_freq_label(compliance_freq f)
{
    return valid_freq(f) ? dj_compliance_freqs[f].label : NULL;
}

bool compliance_freq_parse(const char *s, compliance_freq *out)
{
    int i = dj_enum_index(dj_compliance_freqs, s);
    if (i < 0)
        return false;
    *out = (compliance_freq)i;
    return true;
}

const char *compliance_state_name(compliance_state s)
{
    return (int)s >= 0 && (int)s < COMPLIANCE_STATE_COUNT ? dj_compliance_states[s].name : NULL;
}

const char *compliance_state_label(compliance_state s)
{
    return (int)s >= 0 && (int)s < COMPLIANCE_STATE_COUNT ? dj_compliance_states[s].label : NULL;
}

/* ---- Periods ---- */

bool compliance_period_valid(compliance_period p)
{
    if (p.year < DATE_MIN_YEAR || p.year > DATE_MAX_YEAR)
        return false;
    switch (p.kind) {
    case PERIOD_MONTH:
        return p.index >= 1 && p.index <= 12;
    case PERIOD_QUARTER:
        return p.index >= 1 && p.index <= 4;
    case PERIOD_YEAR:
        return p.index == 0;
    }
    return false;
}

/* Months a period of this kind spans. */
static int span_months(period_kind k)
{
    return k == PERIOD_MONTH ? 1 : k == PERIOD_QUARTER ? 3 : 12;
}

/* First month (1..12) of a valid period. */
static int first_month(compliance_period p)
{
    return p.kind == PERIOD_YEAR ? 1 : (p.index - 1) * span_months(p.kind) + 1;
}

static bool digits_at(const char *s, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return true;
}

bool compliance_period_parse(const char *s, compliance_period *out)
{
    if (!s)
        return false;
    size_t len = strnlen(s, PERIOD_LABEL_LEN);
    compliance_period p = {0};
    if (len < 4 || !digits_at(s, 4, &p.year))
        return false;
    if (len == 4) {
        p.kind = PERIOD_YEAR;
    } else if (len == 7 && s[4] == '-' && s[5] == 'Q') {
        p.kind = PERIOD_QUARTER;
        if (!digits_at(s + 6, 1, &p.index))
            return false;
    } else if (len == 7 && s[4] == '-') {
        p.kind = PERIOD_MONTH;
        if (!digits_at(s + 5, 2, &p.index))
            return false;
    } else {
        return false;
    }
    if (!compliance_period_valid(p))
        return false;
    *out = p;
    return true;
}

void compliance_period_label(compliance_period p, char out[PERIOD_LABEL_LEN])
{
    /* Written by hand, not with snprintf: a yearly report writes a label per row. */
    if (!compliance_period_valid(p)) {
        out[0] = '\0';
        return;
    }
    int y = p.year;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    if (p.kind == PERIOD_YEAR) {
        out[4] = '\0';
    } else if (p.kind == PERIOD_QUARTER) {
        out[4] = '-';
        out[5] = 'Q';
        out[6] = (char)('0' + p.index);
        out[7] = '\0';
    } else {
        out[4] = '-';
        out[5] = (char)('0' + p.index / 10);
        out[6] = (char)('0' + p.index % 10);
        out[7] = '\0';
    }
}

dj_date compliance_period_first_day(compliance_period p)
{
    return date_from_ymd(p.year, first_month(p), 1);
}

dj_date compliance_period_last_day(compliance_period p)
{
    /* The day before the next period's first day; date_from_ymd carries month 13 into the year. */
    return date_from_ymd(p.year, first_month(p) + span_months(p.kind), 1) - 1;
}

period_progress compliance_period_progress(compliance_period p, dj_date as_of)
{
    if (as_of < compliance_period_first_day(p))
        return PERIOD_NOT_STARTED;
    if (as_of > compliance_period_last_day(p))
        return PERIOD_COMPLETE;
    return PERIOD_IN_PROGRESS;
}

/* ---- Settings ---- */

/* Where each default comes from, as shown beside each row. */
/* Parenthesised: clang takes a concatenation in an array for a missing comma. */
static const char *const sources[MEETING_TYPE_COUNT] = {
    [MEETING_BRANCH_ASSEMBLY] = ("DOMAIN.md §2 / " REG "第十一条"),
    [MEETING_COMMITTEE] = ("DOMAIN.md §2 / " REG "第十二条"),
    [MEETING_GROUP] = ("DOMAIN.md §2 / " REG "第十三条"),
    [MEETING_LECTURE] = ("DOMAIN.md §2 / " REG "第十四条（每季度一次为本地常见做法，可配置）"),
    [MEETING_THEME_DAY] = ("DOMAIN.md §2 / " REG "；种子文章000、001"),
    [MEETING_LIFE_MEETING] = ("DOMAIN.md §2 / " REG "第十七条"),
    [MEETING_APPRAISAL] = ("DOMAIN.md §2 / " REG "第十八条"),
    [MEETING_TALK] = ("DOMAIN.md §2 / " REG),
    [MEETING_JOINT_STUDY] = ("DOMAIN.md §7（红联共建，无统一频次，按本单位设置）"),
};
static const char secretary_lecture_source[] = "DOMAIN.md §2 / " REG "第十四条（党委书记每年至少讲一次党课）";

compliance_settings compliance_defaults(void)
{
    compliance_settings s = {
        .item =
            {
                [MEETING_BRANCH_ASSEMBLY] = {FREQ_QUARTERLY, 1},
                [MEETING_COMMITTEE] = {FREQ_MONTHLY, 1},
                [MEETING_GROUP] = {FREQ_MONTHLY, 1},
                [MEETING_LECTURE] = {FREQ_QUARTERLY, 1},
                [MEETING_THEME_DAY] = {FREQ_MONTHLY, 1},
                [MEETING_LIFE_MEETING] = {FREQ_YEARLY, 1},
                [MEETING_APPRAISAL] = {FREQ_YEARLY, 1},
                [MEETING_TALK] = {FREQ_YEARLY, 1},
                [MEETING_JOINT_STUDY] = {FREQ_NONE, 0},
            },
        .secretary_lecture = {FREQ_YEARLY, 1},
        /* Half the period: with that much time a new branch could convene; with less it starts
         * owing from the next period in full. */
        .min_share_percent = 50,
    };
    return s;
}

static bool item_valid(compliance_item it, const char *field, const char *label, dj_err *err)
{
    if (!valid_freq(it.freq))
        return dj_err_set(err, "validation", field, "%s的频次应为每月、每季度、每年或不作要求", label);
    if (it.freq != FREQ_NONE && (it.times < 1 || it.times > COMPLIANCE_TIMES_MAX))
        return dj_err_set(err, "validation", field, "%s每期次数应在1至%d之间", label, COMPLIANCE_TIMES_MAX);
    return true;
}

bool compliance_settings_validate(const compliance_settings *s, dj_err *err)
{
    if (!s)
        return dj_err_set(err, "validation", "settings", "缺少组织生活频次设置");
    for (int t = 0; t < MEETING_TYPE_COUNT; t++)
        if (!item_valid(s->item[t], meeting_type_name((meeting_type)t),
                        meeting_type_label((meeting_type)t), err))
            return false;
    if (!item_valid(s->secretary_lecture, "secretary_lecture", "党委书记讲党课", err))
        return false;
    if (s->min_share_percent < 0 || s->min_share_percent > 100)
        return dj_err_set(err, "validation", "min_share_percent", "新成立组织的计算比例应在0至100之间");
    return true;
}

/* ---- Plan ---- */

static const char *unit(compliance_freq f)
{
    return f == FREQ_MONTHLY ? "月" : f == FREQ_QUARTERLY ? "季度" : "年";
}

static bool same_item(compliance_item a, compliance_item b)
{
    return a.freq == b.freq && (a.freq == FREQ_NONE || a.times == b.times);
}

static void write_rule(char out[COMPLIANCE_RULE_MAX], meeting_type t, compliance_item it, bool custom)
{
    static const char *const verb[MEETING_TYPE_COUNT] = {
        [MEETING_BRANCH_ASSEMBLY] = "召开", [MEETING_COMMITTEE] = "召开", [MEETING_GROUP] = "召开",
        [MEETING_LECTURE] = "组织",         [MEETING_THEME_DAY] = "开展", [MEETING_LIFE_MEETING] = "召开",
        [MEETING_APPRAISAL] = "开展",       [MEETING_TALK] = "开展",      [MEETING_JOINT_STUDY] = "开展",
    };
    if (it.freq == FREQ_NONE) {
        snprintf(out, COMPLIANCE_RULE_MAX, "%s不作频次要求", meeting_type_label(t));
        return;
    }
    const char *extra = "";
    if (t == MEETING_LIFE_MEETING && it.freq == FREQ_YEARLY)
        extra = "，一般在第四季度召开";
    else if (t == MEETING_THEME_DAY && it.freq == FREQ_MONTHLY)
        extra = "，每月相对固定一天";
    snprintf(out, COMPLIANCE_RULE_MAX, "%s每%s至少%s%d次%s%s", meeting_type_label(t), unit(it.freq),
             verb[t], it.times, extra, custom ? "（按本单位设置）" : "");
}

bool compliance_plan_init(compliance_plan *plan, const compliance_settings *s, dj_err *err)
{
    if (!compliance_settings_validate(s, err))
        return false;
    compliance_settings def = compliance_defaults();
    memset(plan, 0, sizeof *plan);
    plan->settings = *s;
    for (int t = 0; t < MEETING_TYPE_COUNT; t++)
        write_rule(plan->rule[t], (meeting_type)t, s->item[t], !same_item(s->item[t], def.item[t]));
    const compliance_item sl = s->secretary_lecture;
    if (sl.freq == FREQ_NONE)
        snprintf(plan->secretary_lecture_rule, COMPLIANCE_RULE_MAX, "党委书记讲党课不作频次要求");
    else
        snprintf(plan->secretary_lecture_rule, COMPLIANCE_RULE_MAX, "党委书记每%s至少讲%d次党课%s",
                 unit(sl.freq), sl.times, same_item(sl, def.secretary_lecture) ? "" : "（按本单位设置）");
    return true;
}

/* ---- Computing ---- */

bool compliance_applies(org_type t, bool has_committee, meeting_type m)
{
    if ((int)m < 0 || (int)m >= MEETING_TYPE_COUNT)
        return false;
    switch (t) {
    case ORG_BRANCH:
    case ORG_JOINT_BRANCH:
        if (m == MEETING_GROUP)
            return false;
        return m != MEETING_COMMITTEE || has_committee;
    case ORG_GROUP:
        return m == MEETING_GROUP;
    case ORG_COMMITTEE:
        return m == MEETING_LECTURE;
    case ORG_GENERAL_BRANCH:
        return false;
    }
    return false;
}

static period_kind freq_kind(compliance_freq f)
{
    return f == FREQ_MONTHLY ? PERIOD_MONTH : f == FREQ_QUARTERLY ? PERIOD_QUARTER : PERIOD_YEAR;
}

static const char late_note[] = "本期内成立，存续时间不足设定比例，本期不作要求，自下一期起计算";
static const char not_yet_note[] = "本期结束时尚未成立，本期不作要求";

/* Whether org owes period p, given when it was set up. Sets *note when it does not. */
static bool owed(const compliance_org *org, int min_share, compliance_period p, const char **note)
{
    *note = NULL;
    if (!org->has_established)
        return true;
    dj_date first = compliance_period_first_day(p), last = compliance_period_last_day(p);
    if (org->established_on > last) {
        *note = not_yet_note;
        return false;
    }
    dj_date from = org->established_on > first ? org->established_on : first;
    int64_t existed = (int64_t)last - from + 1, days = (int64_t)last - first + 1;
    if (existed * 100 >= (int64_t)min_share * days)
        return true;
    *note = late_note;
    return false;
}

int compliance_compute(const compliance_plan *plan, const compliance_org *org, compliance_period q,
                       const compliance_meeting *held, size_t n, dj_date as_of, compliance_row *out,
                       size_t max, dj_err *err)
{
    if (!compliance_period_valid(q)) {
        dj_err_set(err, "validation", "period", "统计期间无效，应为某年、某季度或某月");
        return -1;
    }
    if (!plan || !org || (int)org->type < 0 || (int)org->type >= ORG_TYPE_COUNT) {
        dj_err_set(err, "validation", "org", "组织类型无效");
        return -1;
    }

    /* Held meetings of q's year by type and month; other years cannot fall in any row. */
    int count[MEETING_TYPE_COUNT][12];
    memset(count, 0, sizeof count);
    dj_date year_first = date_from_ymd(q.year, 1, 1), year_last = date_from_ymd(q.year + 1, 1, 1) - 1;
    for (size_t i = 0; i < n; i++) {
        const compliance_meeting *m = &held[i];
        if ((int)m->type < 0 || (int)m->type >= MEETING_TYPE_COUNT || m->date < year_first ||
            m->date > year_last)
            continue;
        count[m->type][date_month(m->date) - 1]++;
    }

    int q_first = first_month(q), q_last = q_first + span_months(q.kind) - 1;
    size_t rows = 0;
    for (int t = 0; t < MEETING_TYPE_COUNT; t++) {
        if (!compliance_applies(org->type, org->has_committee, (meeting_type)t))
            continue;
        bool secretary = org->type == ORG_COMMITTEE;
        compliance_item it = secretary ? plan->settings.secretary_lecture : plan->settings.item[t];
        if (it.freq == FREQ_NONE)
            continue;
        period_kind k = freq_kind(it.freq);
        int span = span_months(k);
        /* The periods of this frequency that overlap q: finer ones inside it, or the one around it. */
        for (int sub = (q_first - 1) / span; sub <= (q_last - 1) / span; sub++) {
            compliance_period p = {k, q.year, k == PERIOD_YEAR ? 0 : sub + 1};
            int h = 0;
            for (int mo = sub * span; mo < sub * span + span; mo++)
                h += count[t][mo];
            const char *note;
            int required = owed(org, plan->settings.min_share_percent, p, &note) ? it.times : 0;
            if (rows < max) {
                compliance_row *r = &out[rows];
                r->type = (meeting_type)t;
                r->period = p;
                compliance_period_label(p, r->period_label);
                r->required = required;
                r->held = h;
                r->missing = required > h ? required - h : 0;
                if (required == 0)
                    r->state = COMPLIANCE_NOT_REQUIRED;
                else if (r->missing == 0)
                    r->state = COMPLIANCE_MET;
                else
                    r->state = compliance_period_progress(p, as_of) == PERIOD_COMPLETE ? COMPLIANCE_MISSED
                                                                                       : COMPLIANCE_TODO;
                r->rule = secretary ? plan->secretary_lecture_rule : plan->rule[t];
                r->source = secretary ? secretary_lecture_source : sources[t];
                r->note = note;
            }
            rows++;
        }
    }
    return (int)rows;
}
