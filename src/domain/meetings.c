/* meetings.c: kinds of meeting, status transitions, times, attendance, quorum and votes
 * (DOMAIN.md §2). */
#include "domain/meetings.h"

#include <stdio.h>
#include <string.h>

#include "core/text.h"

const dj_enum dj_meeting_types[] = {
    {"branch_assembly", "支部党员大会"},
    {"committee", "支部委员会会议"},
    {"group", "党小组会"},
    {"lecture", "党课"},
    {"theme_day", "主题党日"},
    {"life_meeting", "组织生活会"},
    {"appraisal", "民主评议党员"},
    {"talk", "谈心谈话"},
    {"joint_study", "共建联学"},
    {NULL, NULL},
};

const dj_enum dj_meeting_statuses[] = {
    {"planned", "计划召开"},
    {"held", "已召开"},
    {"cancelled", "已取消"},
    {NULL, NULL},
};

const dj_enum dj_attendance_statuses[] = {
    {"present", "出席"},
    {"leave", "请假"},
    {"absent", "缺席"},
    {"unmarked", "未登记"},
    {NULL, NULL},
};

/* One enum's name/label/parse over its table. */
static const dj_enum *entry(const dj_enum *table, int count, int i)
{
    return i >= 0 && i < count ? &table[i] : NULL;
}

static bool parse_index(const dj_enum *table, const char *s, int *out)
{
    int i = dj_enum_index(table, s);
    if (i < 0)
        return false;
    *out = i;
    return true;
}

#define ENUM_FUNCS(prefix, type, table, count)                                                   \
    const char *prefix##_name(type v)                                                          \
    {                                                                                          \
        const dj_enum *e = entry(table, count, (int)v);                                        \
        return e ? e->name : NULL;                                                             \
    }                                                                                          \
    const char *prefix##_label(type v)                                                         \
    {                                                                                          \
        const dj_enum *e = entry(table, count, (int)v);                                        \
        return e ? e->label : NULL;                                                            \
    }                                                                                          \
    bool prefix##_parse(const char *s, type *out)                                              \
    {                                                                                          \
        int i;                                                                                 \
        if (!parse_index(table, s, &i))                                                        \
            return false;                                                                      \
        *out = (type)i;                                                                        \
        return true;                                                                           \
    }

ENUM_FUNCS(meeting_type, meeting_type, dj_meeting_types, MEETING_TYPE_COUNT)
ENUM_FUNCS(meeting_status, meeting_status, dj_meeting_statuses, MEETING_STATUS_COUNT)
ENUM_FUNCS(attendance_status, attendance_status, dj_attendance_statuses, ATTENDANCE_STATUS_COUNT)

/* ---- Status ---- */

static bool valid_status(meeting_status s)
{
    return (int)s >= 0 && (int)s < MEETING_STATUS_COUNT;
}

bool meeting_transition_allowed(meeting_status from, meeting_status to)
{
    if (!valid_status(from) || !valid_status(to))
        return false;
    if (from == to)
        return true;
    return from == MEETING_PLANNED;
}

bool meeting_transition_check(meeting_status from, meeting_status to, const char *cancel_reason,
                              dj_err *err)
{
    if (!valid_status(from) || !valid_status(to))
        return dj_err_set(err, "validation", "status", "会议状态无效");
    if (!meeting_transition_allowed(from, to)) {
        if (from == MEETING_HELD)
            return dj_err_set(err, "validation", "status", "会议已召开并已登记，不能改为%s",
                              meeting_status_label(to));
        return dj_err_set(err, "validation", "status", "会议已取消，不能改为%s；如需召开，请另行安排会议",
                          meeting_status_label(to));
    }
    if (to == MEETING_CANCELLED && from != MEETING_CANCELLED) {
        if (text_blank(cancel_reason))
            return dj_err_set(err, "validation", "cancel_reason", "取消会议须填写取消原因");
        if (!utf8_valid(cancel_reason, strlen(cancel_reason)))
            return dj_err_set(err, "validation", "cancel_reason", "取消原因含有无效字符");
        if (utf8_length(cancel_reason) > MEETING_CANCEL_REASON_MAX)
            return dj_err_set(err, "validation", "cancel_reason", "取消原因不能超过%d个字",
                              MEETING_CANCEL_REASON_MAX);
    }
    return true;
}

/* ---- Times ---- */

#define MINUTES_PER_DAY 1440

static int two_digits(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* How a time string is wrong, so the message can say which part. */
typedef enum { TIME_OK, TIME_MISSING, TIME_SHAPE, TIME_DATE, TIME_CLOCK } time_fault;

static time_fault time_read(const char *s, meeting_time *out)
{
    if (!s || !*s)
        return TIME_MISSING;
    /* Check the shape before reading digits so that a short string is never over-read. */
    for (int i = 0; i < MEETING_TIME_LEN; i++) {
        char c = s[i];
        if (c == '\0')
            return TIME_SHAPE;
        bool ok = (i == 4 || i == 7) ? c == '-' : i == 10 ? c == 'T' : i == 13 ? c == ':'
                                                                         : (c >= '0' && c <= '9');
        if (!ok)
            return TIME_SHAPE;
    }
    if (s[MEETING_TIME_LEN] != '\0')
        return TIME_SHAPE;
    char day[11];
    memcpy(day, s, 10);
    day[10] = '\0';
    dj_date d;
    if (!date_parse(day, &d))
        return TIME_DATE;
    int hh = two_digits(s + 11), mm = two_digits(s + 14);
    if (hh > 23 || mm > 59)
        return TIME_CLOCK;
    *out = (meeting_time)d * MINUTES_PER_DAY + hh * 60 + mm;
    return TIME_OK;
}

bool meeting_time_parse(const char *s, meeting_time *out)
{
    return time_read(s, out) == TIME_OK;
}

dj_date meeting_time_date(meeting_time t)
{
    int64_t d = t / MINUTES_PER_DAY;
    if (t % MINUTES_PER_DAY < 0)
        d--;
    return (dj_date)d;
}

meeting_time meeting_time_from_unix(int64_t unix_seconds)
{
    int64_t local = unix_seconds + 8 * 3600;
    int64_t m = local / 60;
    if (local % 60 < 0)
        m--;
    return (meeting_time)m;
}

void meeting_time_format(meeting_time t, char out[MEETING_TIME_LEN + 1])
{
    dj_date d = meeting_time_date(t);
    int minute = (int)(t - (meeting_time)d * MINUTES_PER_DAY);
    char day[11];
    date_format(d, day);
    snprintf(out, MEETING_TIME_LEN + 1, "%.10sT%02u:%02u", day, (unsigned)(minute / 60) % 100u,
             (unsigned)(minute % 60) % 100u);
}

static bool time_field(const char *s, const char *field, const char *label, meeting_time *out,
                       dj_err *err)
{
    switch (time_read(s, out)) {
    case TIME_OK:
        return true;
    case TIME_MISSING:
        return dj_err_set(err, "validation", field, "%s不能为空", label);
    case TIME_SHAPE:
        return dj_err_set(err, "validation", field, "%s格式应为YYYY-MM-DDTHH:MM（如2026-03-05T14:30）",
                          label);
    case TIME_DATE:
        return dj_err_set(err, "validation", field, "%s的日期不存在（%.10s）", label, s);
    case TIME_CLOCK:
        return dj_err_set(err, "validation", field, "%s的时刻应在00:00至23:59之间（%s）", label, s + 11);
    }
    return false;
}

bool meeting_times_validate(const char *starts_at, const char *ends_at, meeting_time *start,
                            meeting_time *end, dj_err *err)
{
    meeting_time s = 0, e = 0;
    if (!time_field(starts_at, "starts_at", "开始时间", &s, err) ||
        !time_field(ends_at, "ends_at", "结束时间", &e, err))
        return false;
    if (e <= s)
        return dj_err_set(err, "validation", "ends_at", "结束时间应晚于开始时间");
    if (meeting_time_date(e) - meeting_time_date(s) > 1)
        return dj_err_set(err, "validation", "ends_at", "结束时间应与开始时间在同一天或次日");
    if (start)
        *start = s;
    if (end)
        *end = e;
    return true;
}

/* ---- Attendance ---- */

static bool counts_absent(attendance_status s)
{
    return s != ATTEND_PRESENT && s != ATTEND_LEAVE;
}

attendance_summary attendance_summarize(const attendance_status *s, size_t n)
{
    attendance_summary r = {0};
    for (size_t i = 0; i < n; i++) {
        r.expected++;
        switch (s[i]) {
        case ATTEND_PRESENT:
            r.present++;
            break;
        case ATTEND_LEAVE:
            r.leave++;
            break;
        case ATTEND_ABSENT:
            r.absent++;
            break;
        default:
            r.absent++;
            r.unmarked++;
            break;
        }
    }
    return r;
}

ptrdiff_t attendance_absent_run_find(const attendance_status *s, size_t n, int run)
{
    if (run < 1)
        return -1;
    int len = 0;
    for (size_t i = 0; i < n; i++) {
        len = counts_absent(s[i]) ? len + 1 : 0;
        if (len == run)
            return (ptrdiff_t)i - (run - 1);
    }
    return -1;
}

int attendance_absent_trailing(const attendance_status *s, size_t n)
{
    int len = 0;
    while ((size_t)len < n && counts_absent(s[n - 1 - (size_t)len]))
        len++;
    return len;
}

attendance_rate attendance_rate_for_year(const attendance_record *r, size_t n, int year)
{
    attendance_rate out = {.year = year};
    for (size_t i = 0; i < n; i++) {
        if (r[i].meeting != MEETING_HELD || date_year(r[i].date) != year)
            continue;
        out.expected++;
        if (r[i].status == ATTEND_PRESENT)
            out.present++;
        else if (r[i].status == ATTEND_LEAVE)
            out.leave++;
        else
            out.absent++;
    }
    out.rate_permille = out.expected ? (out.present * 1000 + out.expected / 2) / out.expected : -1;
    return out;
}

/* ---- Quorum and votes ---- */

bool meeting_type_has_quorum(meeting_type t)
{
    return t == MEETING_BRANCH_ASSEMBLY || t == MEETING_COMMITTEE;
}

/* More than half of n: the fewest that make a strict majority. */
static int more_than_half(int n)
{
    return n / 2 + 1;
}

bool meeting_quorum_compute(meeting_type t, int entitled, int present, meeting_quorum *out,
                            dj_err *err)
{
    meeting_quorum q = {.present = present};
    const char *label = meeting_type_label(t);
    bool ok = true;
    if (!label) {
        ok = dj_err_set(err, "validation", "type", "会议类型无效");
    } else if (entitled < 0 || present < 0) {
        ok = dj_err_set(err, "validation", "attendees", "应到和实到人数不能为负数");
    } else if (present > entitled) {
        ok = dj_err_set(err, "validation", "attendees", "实到有表决权的%d人多于应到的%d人", present,
                        entitled);
    } else if (!meeting_type_has_quorum(t)) {
        q.met = true;
        snprintf(q.rule, sizeof q.rule, "%s无法定到会人数要求（只有支部党员大会和支部委员会会议须过半数到会，DOMAIN.md §2）",
                 label);
    } else {
        q.required = more_than_half(entitled);
        /* present * 2 > entitled, written so that exactly half falls short. */
        q.met = present >= q.required;
        if (t == MEETING_BRANCH_ASSEMBLY)
            snprintf(q.rule, sizeof q.rule,
                     "支部党员大会须有半数以上（即超过半数）有表决权的党员到会：应到%d名（预备党员不计），须至少%d名，实到%d名，%s（DOMAIN.md §2，支部工作条例第十一条）",
                     entitled, q.required, present, q.met ? "符合" : "不足法定人数");
        else
            snprintf(q.rule, sizeof q.rule,
                     "支部委员会会议须有半数以上（即超过半数）委员到会：委员%d名，须至少%d名，实到%d名，%s（DOMAIN.md §2，支部工作条例第十二条）",
                     entitled, q.required, present, q.met ? "符合" : "不足法定人数");
    }
    if (out)
        *out = q;
    return ok;
}

void meeting_count_voters(const meeting_attendee *a, size_t n, int *entitled, int *present)
{
    int e = 0, p = 0;
    for (size_t i = 0; i < n; i++) {
        if (a[i].category != CATEGORY_FULL || a[i].no_vote)
            continue;
        e++;
        if (a[i].status == ATTEND_PRESENT)
            p++;
    }
    if (entitled)
        *entitled = e;
    if (present)
        *present = p;
}

bool meeting_decision_check(meeting_type t, int entitled, int present, const meeting_votes *v,
                            bool marked_invalid, meeting_decision *out, dj_err *err)
{
    meeting_decision d = {0};
    if (out)
        *out = d;
    if (!meeting_type_label(t) || !meeting_type_has_quorum(t))
        return dj_err_set(err, "validation", "type", "只有支部党员大会和支部委员会会议以表决作出决定");
    if (!meeting_quorum_compute(t, entitled, present, &d.quorum, err))
        return false;
    meeting_votes none = {0};
    if (!v)
        v = &none;
    if (v->yes < 0 || v->no < 0 || v->abstain < 0)
        return dj_err_set(err, "validation", "votes", "票数不能为负数");
    /* Summed in 64 bits: three ints near INT_MAX must not wrap into a small total. */
    int64_t votes_cast = (int64_t)v->yes + v->no + v->abstain;
    if (votes_cast > present)
        return dj_err_set(err, "validation", "votes",
                          "赞成、反对、弃权票合计%lld票，多于到会有表决权的%d人", (long long)votes_cast, present);
    if (!d.quorum.met && !marked_invalid)
        return dj_err_set(err, "validation", "invalid",
                          "%s须有超过半数的%s到会：应到%d名，须至少%d名，实到%d名，不足法定人数，所作决定无效，只能登记为无效决定",
                          meeting_type_label(t), t == MEETING_BRANCH_ASSEMBLY ? "有表决权的党员" : "委员",
                          entitled, d.quorum.required, present);
    const char *whom = t == MEETING_BRANCH_ASSEMBLY ? "有表决权的党员" : "委员";
    d.required_yes = more_than_half(entitled);
    d.invalid = marked_invalid;
    d.passed = d.quorum.met && !marked_invalid && v->yes >= d.required_yes;
    if (marked_invalid)
        snprintf(d.rule, sizeof d.rule, "该决定已登记为无效，不予通过（%s）",
                 d.quorum.met ? "到会人数符合要求" : "会议不足法定人数");
    else
        snprintf(d.rule, sizeof d.rule,
                 "须超过应到%s半数同意方为通过（按应到人数而非实到人数计算）：应到%d名，须至少%d票赞成，赞成%d票，%s（DOMAIN.md §2）",
                 whom, entitled, d.required_yes, v->yes, d.passed ? "通过" : "未通过");
    if (out)
        *out = d;
    return true;
}
