/* demo_meetings.c: twelve months of organisational life for the demo data (demo.c), so that
 * compliance, the to-do list and the register show something on first start: every branch's
 * 主题党日 and (with a committee) 支部委员会会议 each month, 支部党员大会 and 党课 each quarter,
 * the yearly 组织生活会, 民主评议党员 and 谈心谈话, each 党小组's meeting; with attendance, and with
 * a few realistic gaps (a month skipped here and there, a branch behind on its lectures, this
 * year's 组织生活会 still to come in some, a meeting past but never recorded, a member absent three
 * times in a row). Deterministic, written with a few statements per meeting and no audit record
 * per row (one summary record), so that `init --demo` stays fast. */
#include "cli/cli.h"

#include "core/date.h"
#include "domain/meetings.h"
#include "store/meetings.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct demo_branch {
    int64_t id;
    char path[128];
    char type[20];
    bool committee;
} demo_branch;

typedef struct demo_list {
    demo_branch *b;
    size_t n, cap;
} demo_list;

static void on_org(void *arg, int64_t id, const char *name, const char *type, const char *established_on, bool has_committee)
{
    (void)name;
    (void)established_on;
    demo_list *l = arg;
    if (strcmp(type, "branch") != 0 && strcmp(type, "joint_branch") != 0 && strcmp(type, "group") != 0)
        return;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->b = realloc(l->b, l->cap * sizeof *l->b);
    }
    demo_branch *b = &l->b[l->n++];
    b->id = id;
    snprintf(b->type, sizeof b->type, "%s", type);
    b->committee = has_committee;
    b->path[0] = '\0';
}

static const char *const topics[MEETING_TYPE_COUNT][3] = {
    {"学习贯彻党的二十大精神", "讨论发展党员和预备党员转正", "部署本季度支部工作"},
    {"研究本月支部工作安排", "讨论党员发展对象的培养考察", "研究党费收缴和困难党员帮扶"},
    {"学习《中国共产党章程》", "交流本科室党员先锋岗工作", "学习医德医风教育案例"},
    {"书记讲党课：以党建引领医院高质量发展", "专题党课：弘扬伟大抗疫精神", "党课：践行为民服务宗旨"},
    {"主题党日：义诊进社区", "主题党日：参观红色教育基地", "主题党日：重温入党誓词"},
    {"年度组织生活会暨批评与自我批评", "专题组织生活会", "组织生活会"},
    {"年度民主评议党员", "民主评议党员", "民主评议党员"},
    {"支部书记与党员谈心谈话", "谈心谈话", "谈心谈话"},
    {"共建联学", "共建联学", "共建联学"},
};
static const char *const places[] = {"支部活动室", "医院党员活动中心", "三楼会议室", "门诊楼会议室"};
static const char *const leave_reasons[] = {"值班", "外出学习", "病假", "出差"};

typedef struct demo_state {
    db *d;
    unsigned count;
    dj_err *err;
} demo_state;

/* One meeting of branch b: status held (with attendance) or planned or cancelled. */
static bool add_meeting(demo_state *st, const demo_branch *b, meeting_type t, dj_date day, int hour, const char *status,
                        unsigned salt)
{
    char starts[MEETING_TIME_LEN + 1], ends[MEETING_TIME_LEN + 1], now[32];
    meeting_time s = (meeting_time)day * 1440 + hour * 60;
    meeting_time_format(s, starts);
    meeting_time_format(s + (t == MEETING_TALK ? 60 : 120), ends);
    store_now(now);
    db_stmt *q = db_prepare(st->d, "INSERT INTO meetings (org_id, org_path, type, status, topic, starts_at, ends_at, place,"
                                   " host, recorder, lecturer, minutes, cancel_reason, version, created_at, updated_at)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id");
    bool held = strcmp(status, "held") == 0;
    db_bind_int(q, 1, b->id);
    db_bind_text(q, 2, b->path);
    db_bind_text(q, 3, meeting_type_name(t));
    db_bind_text(q, 4, status);
    db_bind_text(q, 5, topics[t][salt % 3]);
    db_bind_text(q, 6, starts);
    db_bind_text(q, 7, ends);
    db_bind_text(q, 8, places[salt % 4]);
    db_bind_text(q, 9, "支部书记");
    db_bind_text(q, 10, "组织委员");
    db_bind_text(q, 11, t == MEETING_LECTURE ? "支部书记" : NULL);
    db_bind_text(q, 12, held ? "会议按议程进行，与会党员围绕主题进行了学习和讨论，形成一致意见。" : NULL);
    db_bind_text(q, 13, strcmp(status, "cancelled") == 0 ? "与医院应急任务冲突，另行安排" : NULL);
    db_bind_text(q, 14, now);
    db_bind_text(q, 15, now);
    if (db_step(q, st->err) != 1)
        return false;
    int64_t id = db_col_int(q, 0);
    if (!db_run(q, st->err))
        return false;
    if (!meeting_attendees_fill(st->d, id, meeting_type_name(t), b->id, b->path, NULL, st->err))
        return false;
    unsigned char raw[16];
    char hex[33];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    if (!meeting_secret_set(st->d, id, hex, st->err))
        return false;
    st->count++;
    if (!held)
        return true;
    /* About 85% present, 8% on leave with a reason, the rest absent, spread by member and meeting. */
    db_stmt *a = db_prepare(st->d, "UPDATE meeting_attendees SET"
                                   " status = CASE WHEN (member_id * 37 + meeting_id * 11) % 100 < 85 THEN 'present'"
                                   "  WHEN (member_id * 37 + meeting_id * 11) % 100 < 93 THEN 'leave' ELSE 'absent' END,"
                                   " reason = CASE WHEN (member_id * 37 + meeting_id * 11) % 100 BETWEEN 85 AND 92"
                                   "  THEN ? END"
                                   " WHERE meeting_id = ?");
    db_bind_text(a, 1, leave_reasons[salt % 4]);
    db_bind_int(a, 2, id);
    return db_run(a, st->err);
}

/* The first member of branch b: absent from its last three held meetings (a to-do item). */
static bool absent_member(db *d, const demo_branch *b, dj_err *err)
{
    db_stmt *s = db_prepare(d, "UPDATE meeting_attendees SET status = 'absent', reason = NULL"
                               " WHERE member_id = (SELECT MIN(id) FROM members WHERE org_id = ? AND category = 'full'"
                               "   AND status = 'active' AND deleted_at IS NULL)"
                               " AND meeting_id IN (SELECT id FROM meetings WHERE org_id = ? AND status = 'held'"
                               "   ORDER BY starts_at DESC LIMIT 3)");
    db_bind_int(s, 1, b->id);
    db_bind_int(s, 2, b->id);
    return db_run(s, err);
}

bool demo_meetings_load(db *d, dj_err *err)
{
    demo_list l = {0};
    if (!meetings_each_org(d, "/", on_org, &l, err)) {
        free(l.b);
        return false;
    }
    for (size_t i = 0; i < l.n; i++) {
        db_stmt *s = db_prepare(d, "SELECT path FROM orgs WHERE id = ?");
        db_bind_int(s, 1, l.b[i].id);
        if (db_step(s, err) != 1) {
            free(l.b);
            return false;
        }
        snprintf(l.b[i].path, sizeof l.b[i].path, "%s", db_col_text(s, 0));
        db_reset(s);
    }
    meeting_time now = meeting_time_from_unix((int64_t)time(NULL));
    dj_date today = meeting_time_date(now);
    int ty = date_year(today), tm = date_month(today);
    demo_state st = {d, 0, err};
    bool ok = true;
    for (size_t i = 0; ok && i < l.n; i++) {
        const demo_branch *b = &l.b[i];
        unsigned salt = (unsigned)b->id * 2654435761u;
        bool group = strcmp(b->type, "group") == 0;
        bool behind = b->id % 9 == 4;       /* a branch behind on its lectures and assemblies */
        bool no_life_yet = b->id % 4 == 1;  /* this year's 组织生活会 still to come */
        for (int k = 11; ok && k >= 0; k--) {
            int y = ty, mo = tm - k;
            while (mo < 1) {
                mo += 12;
                y--;
            }
            unsigned ms = salt + (unsigned)(y * 12 + mo) * 40503u;
            bool this_month = k == 0;
            /* The day of each kind in the month; this month's not yet come are planned. */
            struct { meeting_type t; int day; bool due; } plan[] = {
                {group ? MEETING_GROUP : MEETING_THEME_DAY, 5 + (int)(ms % 3), true},
                {MEETING_COMMITTEE, 10 + (int)(ms % 4), !group && b->committee},
                {MEETING_BRANCH_ASSEMBLY, 15 + (int)(ms % 5), !group && mo % 3 == 2 && !(behind && k < 6)},
                {MEETING_LECTURE, 20 + (int)(ms % 5), !group && mo % 3 == 1 && !behind},
                {MEETING_LIFE_MEETING, 12, !group && mo == 12 && !(no_life_yet && y == ty)},
                {MEETING_APPRAISAL, 14, !group && mo == 12},
                {MEETING_TALK, 8, !group && mo == 7},
            };
            for (size_t p = 0; ok && p < sizeof plan / sizeof plan[0]; p++) {
                if (!plan[p].due)
                    continue;
                /* About one in fourteen monthly meetings skipped: the gaps inspectors find. */
                if (plan[p].t != MEETING_LIFE_MEETING && (ms >> (p * 3)) % 14 == 3)
                    continue;
                dj_date day = date_from_ymd(y, mo, plan[p].day);
                bool future = this_month && day >= today;
                const char *status = future ? "planned" : (ms >> (p * 2)) % 41 == 7 ? "cancelled" : "held";
                ok = add_meeting(&st, b, plan[p].t, day, 14 + (int)(p % 3), status, ms + (unsigned)p);
            }
        }
        /* One meeting past but never recorded, in every seventh branch. */
        if (ok && !group && b->id % 7 == 3)
            ok = add_meeting(&st, b, MEETING_THEME_DAY, date_add_days(today, -3), 9, "planned", salt);
        if (ok && i == 0)
            ok = absent_member(d, b, err);
    }
    free(l.b);
    if (ok)
        printf("demo meetings: %u\n", st.count);
    return ok;
}
