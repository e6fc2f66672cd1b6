/* test_meetings.c: domain/meetings — kinds of meeting, status transitions, times, attendance,
 * quorum and votes (DOMAIN.md §2). Every quorum and vote rule is tested on both sides of its
 * boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/text.h"
#include "domain/meetings.h"

static dj_date D(const char *s)
{
    dj_date d = 0;
    assert_true(date_parse(s, &d));
    return d;
}

/* A text the UI shows must be whole: not cut mid-character by a full buffer. */
static void assert_whole_text(const char *s, size_t cap)
{
    assert_true(strlen(s) > 0);
    assert_true(strlen(s) < cap - 1);
    assert_true(utf8_valid(s, strlen(s)));
}

/* DOMAIN.md §2: the kinds of organisational life, with their Chinese names. */
static void test_type_names_labels_parse(void **state)
{
    (void)state;
    static const struct {
        meeting_type t;
        const char *name, *label;
    } cases[] = {
        {MEETING_BRANCH_ASSEMBLY, "branch_assembly", "支部党员大会"},
        {MEETING_COMMITTEE, "committee", "支部委员会会议"},
        {MEETING_GROUP, "group", "党小组会"},
        {MEETING_LECTURE, "lecture", "党课"},
        {MEETING_THEME_DAY, "theme_day", "主题党日"},
        {MEETING_LIFE_MEETING, "life_meeting", "组织生活会"},
        {MEETING_APPRAISAL, "appraisal", "民主评议党员"},
        {MEETING_TALK, "talk", "谈心谈话"},
        {MEETING_JOINT_STUDY, "joint_study", "共建联学"},
    };
    assert_int_equal(sizeof cases / sizeof cases[0], MEETING_TYPE_COUNT);
    assert_int_equal(dj_enum_count(dj_meeting_types), MEETING_TYPE_COUNT);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_string_equal(meeting_type_name(cases[i].t), cases[i].name);
        assert_string_equal(meeting_type_label(cases[i].t), cases[i].label);
        meeting_type t = MEETING_JOINT_STUDY;
        assert_true(meeting_type_parse(cases[i].name, &t));
        assert_int_equal(t, cases[i].t);
        t = MEETING_JOINT_STUDY;
        assert_true(meeting_type_parse(cases[i].label, &t));
        assert_int_equal(t, cases[i].t);
    }
    meeting_type t = MEETING_TALK;
    assert_false(meeting_type_parse("党员大会", &t));
    assert_false(meeting_type_parse("", &t));
    assert_false(meeting_type_parse(NULL, &t));
    assert_int_equal(t, MEETING_TALK);
    assert_null(meeting_type_name((meeting_type)MEETING_TYPE_COUNT));
    assert_null(meeting_type_label((meeting_type)-1));
}

static void test_status_and_attendance_enums(void **state)
{
    (void)state;
    assert_string_equal(meeting_status_name(MEETING_PLANNED), "planned");
    assert_string_equal(meeting_status_name(MEETING_HELD), "held");
    assert_string_equal(meeting_status_name(MEETING_CANCELLED), "cancelled");
    assert_string_equal(meeting_status_label(MEETING_CANCELLED), "已取消");
    meeting_status s = MEETING_PLANNED;
    assert_true(meeting_status_parse("已召开", &s));
    assert_int_equal(s, MEETING_HELD);
    assert_false(meeting_status_parse("done", &s));
    assert_null(meeting_status_name((meeting_status)3));

    static const char *const names[] = {"present", "leave", "absent", "unmarked"};
    for (int i = 0; i < ATTENDANCE_STATUS_COUNT; i++) {
        attendance_status a = ATTEND_UNMARKED;
        assert_string_equal(attendance_status_name((attendance_status)i), names[i]);
        assert_true(attendance_status_parse(names[i], &a));
        assert_int_equal(a, i);
    }
    attendance_status a = ATTEND_PRESENT;
    assert_true(attendance_status_parse("请假", &a));
    assert_int_equal(a, ATTEND_LEAVE);
    assert_null(attendance_status_label((attendance_status)4));
}

/* Status transitions: planned -> held | cancelled; a held meeting stays in the register
 * (DOMAIN.md §2, 会议登记本), a cancellation stays on record. */
static void test_transition_matrix(void **state)
{
    (void)state;
    /* rows: from; columns: to; order planned, held, cancelled */
    static const bool allowed[3][3] = {
        {true, true, true},   /* planned */
        {false, true, false}, /* held: never back to planned, never cancelled */
        {false, false, true}, /* cancelled: plan a new meeting instead */
    };
    for (int f = 0; f < 3; f++)
        for (int t = 0; t < 3; t++)
            if (meeting_transition_allowed((meeting_status)f, (meeting_status)t) != allowed[f][t])
                fail_msg("%s -> %s: expected %d", meeting_status_name((meeting_status)f),
                         meeting_status_name((meeting_status)t), allowed[f][t]);
    assert_false(meeting_transition_allowed((meeting_status)3, MEETING_HELD));
    assert_false(meeting_transition_allowed(MEETING_PLANNED, (meeting_status)-1));
}

static void test_transition_check(void **state)
{
    (void)state;
    static const struct {
        meeting_status from, to;
        const char *reason;
        const char *field; /* NULL = accepted */
    } cases[] = {
        {MEETING_PLANNED, MEETING_HELD, NULL, NULL},
        {MEETING_PLANNED, MEETING_CANCELLED, "书记外出学习，改期召开", NULL},
        {MEETING_PLANNED, MEETING_CANCELLED, NULL, "cancel_reason"},
        {MEETING_PLANNED, MEETING_CANCELLED, "", "cancel_reason"},
        {MEETING_PLANNED, MEETING_CANCELLED, " \u3000 ", "cancel_reason"},
        {MEETING_PLANNED, MEETING_CANCELLED, "\xff\xfe", "cancel_reason"},
        {MEETING_HELD, MEETING_CANCELLED, "记错了", "status"},
        {MEETING_HELD, MEETING_PLANNED, NULL, "status"},
        {MEETING_CANCELLED, MEETING_HELD, NULL, "status"},
        {MEETING_CANCELLED, MEETING_PLANNED, NULL, "status"},
        {MEETING_CANCELLED, MEETING_CANCELLED, NULL, NULL}, /* no change: the reason is on file */
        {MEETING_HELD, MEETING_HELD, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dj_err err;
        dj_err_clear(&err);
        bool ok = meeting_transition_check(cases[i].from, cases[i].to, cases[i].reason, &err);
        if (!cases[i].field) {
            if (!ok)
                fail_msg("case %zu refused: %s", i, err.message);
            continue;
        }
        if (ok)
            fail_msg("case %zu accepted", i);
        assert_string_equal(err.code, "validation");
        assert_string_equal(err.field, cases[i].field);
        assert_whole_text(err.message, sizeof err.message);
    }

    char longer[3 * (MEETING_CANCEL_REASON_MAX + 1) + 1] = "";
    for (int i = 0; i < MEETING_CANCEL_REASON_MAX; i++)
        strcat(longer, "因");
    assert_true(meeting_transition_check(MEETING_PLANNED, MEETING_CANCELLED, longer, NULL));
    strcat(longer, "因");
    dj_err err;
    assert_false(meeting_transition_check(MEETING_PLANNED, MEETING_CANCELLED, longer, &err));
    assert_string_equal(err.field, "cancel_reason");
}

/* Times are YYYY-MM-DDTHH:MM in China time, an existing date and a time 00:00..23:59. */
static void test_time_parse_format(void **state)
{
    (void)state;
    static const char *const good[] = {
        "2026-03-05T14:30", "2024-02-29T00:00", "2026-12-31T23:59", "1970-01-01T00:00", "1969-12-31T23:59",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        meeting_time t = -1;
        char back[MEETING_TIME_LEN + 1];
        if (!meeting_time_parse(good[i], &t))
            fail_msg("refused %s", good[i]);
        meeting_time_format(t, back);
        assert_string_equal(back, good[i]);
    }
    meeting_time t = 0;
    assert_true(meeting_time_parse("2026-03-05T14:30", &t));
    assert_int_equal(meeting_time_date(t), D("2026-03-05"));
    assert_true(meeting_time_parse("1969-12-31T23:59", &t));
    assert_int_equal(meeting_time_date(t), D("1969-12-31"));

    static const char *const bad[] = {
        "2026-03-05T24:00", "2026-03-05T23:60", "2026-02-30T10:00", "2026-02-29T10:00", "2026-13-01T10:00",
        "2026-03-05 14:30", "2026-03-05T14:30:00", "2026-3-5T14:30", "2026-03-05T9:30", "2026-03-05",
        "2026-03-05T14:30+08:00", "", "1899-12-31T10:00", "2026-03-05T14:3x",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        meeting_time u = 42;
        if (meeting_time_parse(bad[i], &u))
            fail_msg("accepted %s", bad[i]);
        assert_int_equal(u, 42);
    }
    assert_false(meeting_time_parse(NULL, &t));
}

/* starts_at / ends_at: both valid, end after start, on the same day or the next. The field is in
 * dj_err.field, never in the message. */
/* China time is UTC+8 all year: the minute of a Unix time, at the day boundary and before 1970. */
static void test_time_from_unix(void **state)
{
    (void)state;
    static const struct {
        int64_t unix_seconds;
        const char *china;
    } cases[] = {
        {0, "1970-01-01T08:00"},
        {59, "1970-01-01T08:00"},
        {60, "1970-01-01T08:01"},
        {-1, "1970-01-01T07:59"},
        {-8 * 3600, "1970-01-01T00:00"},
        {-8 * 3600 - 1, "1969-12-31T23:59"},
        {1772294399, "2026-02-28T23:59"}, /* 2026-02-28T15:59:59Z */
        {1772294400, "2026-03-01T00:00"},
        {1772236800 - 8 * 3600, "2026-02-28T00:00"},
        {1772236800 - 8 * 3600 - 60, "2026-02-27T23:59"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[MEETING_TIME_LEN + 1];
        meeting_time_format(meeting_time_from_unix(cases[i].unix_seconds), out);
        assert_string_equal(out, cases[i].china);
    }
}

static void test_times_validate(void **state)
{
    (void)state;
    static const struct {
        const char *start, *end;
        const char *field;   /* NULL = accepted */
        const char *message; /* part of the message */
    } cases[] = {
        {"2026-03-05T14:30", "2026-03-05T16:00", NULL, NULL},
        {"2026-03-05T23:00", "2026-03-06T01:00", NULL, NULL},  /* past midnight */
        {"2026-03-05T08:00", "2026-03-06T23:59", NULL, NULL},  /* the next day, late */
        {"2026-02-28T20:00", "2026-03-01T08:00", NULL, NULL},  /* next day across a month */
        {"2026-12-31T20:00", "2027-01-01T00:30", NULL, NULL},  /* next day across a year */
        {"2026-03-05T14:30", "2026-03-05T14:29", "ends_at", "结束时间应晚于开始时间"},
        {"2026-03-05T14:30", "2026-03-05T14:30", "ends_at", "结束时间应晚于开始时间"},
        {"2026-03-05T14:30", "2026-03-04T15:00", "ends_at", "结束时间应晚于开始时间"},
        {"2026-03-05T14:30", "2026-03-07T09:00", "ends_at", "同一天或次日"},
        {"2026-03-05T23:59", "2026-03-07T00:00", "ends_at", "同一天或次日"},
        {"2026-03-05T14:30", "2026-03-05T24:00", "ends_at", "00:00至23:59"},
        {"2026-03-05T24:00", "2026-03-06T01:00", "starts_at", "00:00至23:59"},
        {"2026-02-30T14:30", "2026-02-30T16:00", "starts_at", "日期不存在"},
        {"2026-02-28T14:30", "2026-02-30T16:00", "ends_at", "日期不存在"},
        {"2026-02-29T14:30", "2026-02-29T16:00", "starts_at", "日期不存在"},
        {NULL, "2026-03-05T16:00", "starts_at", "开始时间不能为空"},
        {"2026-03-05T14:30", "", "ends_at", "结束时间不能为空"},
        {"2026-03-05 14:30", "2026-03-05T16:00", "starts_at", "格式"},
        {"2026-03-05T14:30", "16:00", "ends_at", "格式"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dj_err err;
        dj_err_clear(&err);
        meeting_time s = -1, e = -1;
        bool ok = meeting_times_validate(cases[i].start, cases[i].end, &s, &e, &err);
        if (!cases[i].field) {
            if (!ok)
                fail_msg("case %zu refused: %s", i, err.message);
            assert_true(e > s);
            continue;
        }
        if (ok)
            fail_msg("case %zu accepted", i);
        assert_string_equal(err.code, "validation");
        assert_string_equal(err.field, cases[i].field);
        if (!strstr(err.message, cases[i].message))
            fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, err.message, cases[i].message);
        assert_null(strstr(err.message, "starts_at"));
        assert_null(strstr(err.message, "ends_at"));
        assert_whole_text(err.message, sizeof err.message);
        assert_int_equal(s, -1); /* untouched on a fault */
    }
    assert_true(meeting_times_validate("2026-03-05T14:30", "2026-03-05T15:30", NULL, NULL, NULL));
}

/* Attendance summary: unmarked counts as absent (the register shows absentees, DOMAIN.md §2). */
static void test_attendance_summary(void **state)
{
    (void)state;
    const attendance_status s[] = {ATTEND_PRESENT, ATTEND_PRESENT, ATTEND_LEAVE, ATTEND_ABSENT,
                                   ATTEND_UNMARKED, ATTEND_UNMARKED, (attendance_status)9};
    attendance_summary r = attendance_summarize(s, sizeof s / sizeof s[0]);
    assert_int_equal(r.expected, 7);
    assert_int_equal(r.present, 2);
    assert_int_equal(r.leave, 1);
    assert_int_equal(r.absent, 4);
    assert_int_equal(r.unmarked, 3);
    assert_int_equal(r.present + r.leave + r.absent, r.expected);
    r = attendance_summarize(NULL, 0);
    assert_int_equal(r.expected, 0);
    assert_int_equal(r.absent, 0);
}

/* "Absent three times in a row": unmarked counts as absent; leave or presence ends a run. */
static void test_absent_runs(void **state)
{
    (void)state;
#define P ATTEND_PRESENT
#define L ATTEND_LEAVE
#define A ATTEND_ABSENT
#define U ATTEND_UNMARKED
    static const struct {
        attendance_status s[8];
        size_t n;
        ptrdiff_t first; /* with run = 3 */
        int trailing;
    } cases[] = {
        {{0}, 0, -1, 0},
        {{A, A}, 2, -1, 2},
        {{A, A, A}, 3, 0, 3},
        {{P, A, A, A}, 4, 1, 3},
        {{A, A, P, A, A}, 5, -1, 2},
        {{A, A, L, A}, 4, -1, 1},         /* leave is excused and breaks the run */
        {{A, U, A, P}, 4, 0, 0},          /* unmarked counts */
        {{P, P, A, A, A, A, P, A}, 8, 2, 1},
        {{A, A, P, A, A, A, A, A}, 8, 3, 5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ptrdiff_t f = attendance_absent_run_find(cases[i].s, cases[i].n, ATTENDANCE_ABSENT_RUN_DEFAULT);
        if (f != cases[i].first)
            fail_msg("case %zu: first run at %td, expected %td", i, f, cases[i].first);
        assert_int_equal(attendance_absent_trailing(cases[i].s, cases[i].n), cases[i].trailing);
    }
    const attendance_status two[] = {P, A, A, P};
    assert_int_equal(attendance_absent_run_find(two, 4, 2), 1);
    assert_int_equal(attendance_absent_run_find(two, 4, 0), -1);
    assert_int_equal(attendance_absent_run_find(two, 4, 1), 1);
#undef P
#undef L
#undef A
#undef U
}

/* Yearly rate: present / expected at held meetings of that year; leave is in expected. */
static void test_attendance_rate(void **state)
{
    (void)state;
    const attendance_record r[] = {
        {D("2026-01-10"), MEETING_HELD, ATTEND_PRESENT},
        {D("2026-02-10"), MEETING_HELD, ATTEND_LEAVE},
        {D("2026-03-10"), MEETING_HELD, ATTEND_ABSENT},
        {D("2026-04-10"), MEETING_HELD, ATTEND_UNMARKED},
        {D("2026-05-10"), MEETING_HELD, ATTEND_PRESENT},
        {D("2026-06-10"), MEETING_HELD, ATTEND_PRESENT},
        {D("2026-07-10"), MEETING_CANCELLED, ATTEND_ABSENT}, /* not owed */
        {D("2026-08-10"), MEETING_PLANNED, ATTEND_UNMARKED}, /* not yet held */
        {D("2025-12-31"), MEETING_HELD, ATTEND_ABSENT},      /* other year */
        {D("2027-01-01"), MEETING_HELD, ATTEND_ABSENT},      /* other year */
    };
    attendance_rate a = attendance_rate_for_year(r, sizeof r / sizeof r[0], 2026);
    assert_int_equal(a.year, 2026);
    assert_int_equal(a.expected, 6);
    assert_int_equal(a.present, 3);
    assert_int_equal(a.leave, 1);
    assert_int_equal(a.absent, 2);
    assert_int_equal(a.rate_permille, 500);

    /* 2 of 3 = 666.67 permille, rounded half up to 667; 1 of 3 = 333. */
    const attendance_record t[] = {
        {D("2026-01-10"), MEETING_HELD, ATTEND_PRESENT},
        {D("2026-02-10"), MEETING_HELD, ATTEND_PRESENT},
        {D("2026-03-10"), MEETING_HELD, ATTEND_LEAVE},
    };
    assert_int_equal(attendance_rate_for_year(t, 3, 2026).rate_permille, 667);
    assert_int_equal(attendance_rate_for_year(t + 1, 2, 2026).rate_permille, 500);
    assert_int_equal(attendance_rate_for_year(t + 2, 1, 2026).rate_permille, 0);
    a = attendance_rate_for_year(t, 3, 2025);
    assert_int_equal(a.expected, 0);
    assert_int_equal(a.rate_permille, -1);
    assert_int_equal(attendance_rate_for_year(NULL, 0, 2026).rate_permille, -1);
}

/* DOMAIN.md §2: a branch general meeting needs MORE than half of the members entitled to vote;
 * a committee meeting more than half of the committee. Exactly half is short; half + 1 holds. */
static void test_quorum_boundaries(void **state)
{
    (void)state;
    static const struct {
        meeting_type t;
        int entitled, present, required;
        bool met;
    } cases[] = {
        {MEETING_BRANCH_ASSEMBLY, 10, 5, 6, false}, /* exactly half */
        {MEETING_BRANCH_ASSEMBLY, 10, 6, 6, true},  /* half + 1 */
        {MEETING_BRANCH_ASSEMBLY, 10, 10, 6, true},
        {MEETING_BRANCH_ASSEMBLY, 11, 5, 6, false},
        {MEETING_BRANCH_ASSEMBLY, 11, 6, 6, true},
        {MEETING_BRANCH_ASSEMBLY, 3, 1, 2, false},
        {MEETING_BRANCH_ASSEMBLY, 3, 2, 2, true},
        {MEETING_BRANCH_ASSEMBLY, 1, 1, 1, true},
        {MEETING_BRANCH_ASSEMBLY, 0, 0, 1, false},  /* nobody entitled: nobody can make quorum */
        {MEETING_COMMITTEE, 5, 2, 3, false},
        {MEETING_COMMITTEE, 5, 3, 3, true},
        {MEETING_COMMITTEE, 4, 2, 3, false},        /* exactly half of the committee */
        {MEETING_COMMITTEE, 4, 3, 3, true},
        {MEETING_COMMITTEE, 7, 3, 4, false},
        {MEETING_COMMITTEE, 7, 4, 4, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        meeting_quorum q;
        dj_err err;
        assert_true(meeting_quorum_compute(cases[i].t, cases[i].entitled, cases[i].present, &q, &err));
        if (q.met != cases[i].met || q.required != cases[i].required)
            fail_msg("case %zu: met %d required %d", i, q.met, q.required);
        assert_int_equal(q.present, cases[i].present);
        assert_whole_text(q.rule, sizeof q.rule);
        assert_non_null(strstr(q.rule, "半数以上"));
        assert_non_null(strstr(q.rule, "DOMAIN.md §2"));
        assert_non_null(strstr(q.rule, q.met ? "符合" : "不足法定人数"));
    }
}

/* DOMAIN.md §2 sets quorum only for the branch general meeting and the committee. */
static void test_quorum_other_types(void **state)
{
    (void)state;
    for (int t = 0; t < MEETING_TYPE_COUNT; t++) {
        meeting_quorum q;
        assert_true(meeting_quorum_compute((meeting_type)t, 20, 1, &q, NULL));
        bool rule = t == MEETING_BRANCH_ASSEMBLY || t == MEETING_COMMITTEE;
        assert_int_equal(meeting_type_has_quorum((meeting_type)t), rule);
        if (rule)
            continue;
        assert_true(q.met);
        assert_int_equal(q.required, 0);
        assert_non_null(strstr(q.rule, "无法定到会人数要求"));
        assert_non_null(strstr(q.rule, meeting_type_label((meeting_type)t)));
        assert_whole_text(q.rule, sizeof q.rule);
    }
}

static void test_quorum_bad_input(void **state)
{
    (void)state;
    static const struct {
        meeting_type t;
        int entitled, present;
        const char *field;
    } cases[] = {
        {MEETING_BRANCH_ASSEMBLY, 10, 11, "attendees"},
        {MEETING_BRANCH_ASSEMBLY, -1, 0, "attendees"},
        {MEETING_COMMITTEE, 5, -1, "attendees"},
        {MEETING_GROUP, 3, 4, "attendees"},
        {(meeting_type)42, 3, 2, "type"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        meeting_quorum q;
        dj_err err;
        assert_false(meeting_quorum_compute(cases[i].t, cases[i].entitled, cases[i].present, &q, &err));
        assert_false(q.met);
        assert_string_equal(err.code, "validation");
        assert_string_equal(err.field, cases[i].field);
    }
}

/* DOMAIN.md §2: probationary members attend but do not vote, so they are neither entitled nor
 * counted present for quorum. */
static void test_probationary_excluded(void **state)
{
    (void)state;
    /* 10 full members (5 present) and 3 probationary members, all present. */
    meeting_attendee a[13];
    for (int i = 0; i < 10; i++)
        a[i] = (meeting_attendee){CATEGORY_FULL, false, i < 5 ? ATTEND_PRESENT : ATTEND_ABSENT};
    for (int i = 10; i < 13; i++)
        a[i] = (meeting_attendee){CATEGORY_PROBATIONARY, false, ATTEND_PRESENT};
    int entitled = -1, present = -1;
    meeting_count_voters(a, 13, &entitled, &present);
    assert_int_equal(entitled, 10);
    assert_int_equal(present, 5);
    meeting_quorum q;
    assert_true(meeting_quorum_compute(MEETING_BRANCH_ASSEMBLY, entitled, present, &q, NULL));
    assert_false(q.met); /* 8 in the room, but only 5 of 10 entitled: short */

    a[5].status = ATTEND_PRESENT;
    meeting_count_voters(a, 13, &entitled, &present);
    assert_int_equal(present, 6);
    assert_true(meeting_quorum_compute(MEETING_BRANCH_ASSEMBLY, entitled, present, &q, NULL));
    assert_true(q.met);

    /* A full member without voting rights, and leave and unmarked, do not count as present. */
    a[0].no_vote = true;
    a[1].status = ATTEND_LEAVE;
    a[2].status = ATTEND_UNMARKED;
    meeting_count_voters(a, 13, &entitled, &present);
    assert_int_equal(entitled, 9);
    assert_int_equal(present, 3);
    meeting_count_voters(NULL, 0, &entitled, NULL);
    assert_int_equal(entitled, 0);
}

/* DOMAIN.md §2: a decision passes with more than half of the members ENTITLED to vote in favour,
 * not of those present; yes + no + abstain cannot exceed those present. */
static void test_decision_boundaries(void **state)
{
    (void)state;
    static const struct {
        meeting_type t;
        int entitled, present, yes, no, abstain;
        int required_yes;
        bool passed;
    } cases[] = {
        {MEETING_BRANCH_ASSEMBLY, 10, 10, 5, 5, 0, 6, false}, /* half of entitled fails */
        {MEETING_BRANCH_ASSEMBLY, 10, 10, 6, 4, 0, 6, true},  /* half + 1 passes */
        {MEETING_BRANCH_ASSEMBLY, 10, 6, 5, 1, 0, 6, false},  /* 5 of 6 present, not of 10 entitled */
        {MEETING_BRANCH_ASSEMBLY, 10, 6, 6, 0, 0, 6, true},
        {MEETING_BRANCH_ASSEMBLY, 11, 11, 5, 3, 3, 6, false},
        {MEETING_BRANCH_ASSEMBLY, 11, 7, 6, 0, 1, 6, true},
        {MEETING_BRANCH_ASSEMBLY, 10, 8, 5, 0, 0, 6, false},  /* abstentions by silence: still short */
        {MEETING_COMMITTEE, 5, 3, 2, 1, 0, 3, false},         /* majority of present, not of committee */
        {MEETING_COMMITTEE, 5, 3, 3, 0, 0, 3, true},
        {MEETING_COMMITTEE, 4, 4, 2, 2, 0, 3, false},
        {MEETING_COMMITTEE, 4, 3, 3, 0, 0, 3, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        meeting_votes v = {cases[i].yes, cases[i].no, cases[i].abstain};
        meeting_decision d;
        dj_err err;
        dj_err_clear(&err);
        if (!meeting_decision_check(cases[i].t, cases[i].entitled, cases[i].present, &v, false, &d, &err))
            fail_msg("case %zu refused: %s", i, err.message);
        if (d.passed != cases[i].passed || d.required_yes != cases[i].required_yes)
            fail_msg("case %zu: passed %d required_yes %d", i, d.passed, d.required_yes);
        assert_true(d.quorum.met);
        assert_false(d.invalid);
        assert_whole_text(d.rule, sizeof d.rule);
        assert_non_null(strstr(d.rule, d.passed ? "通过" : "未通过"));
    }
}

/* DOMAIN.md §2: a meeting short of quorum cannot decide: the decision is refused, naming the
 * rule, unless it is recorded as invalid (and then it never passes). */
static void test_decision_short_of_quorum(void **state)
{
    (void)state;
    meeting_votes v = {5, 0, 0};
    meeting_decision d;
    dj_err err;
    assert_false(meeting_decision_check(MEETING_BRANCH_ASSEMBLY, 10, 5, &v, false, &d, &err));
    assert_string_equal(err.code, "validation");
    assert_string_equal(err.field, "invalid");
    assert_non_null(strstr(err.message, "超过半数的有表决权的党员到会"));
    assert_non_null(strstr(err.message, "无效"));
    assert_whole_text(err.message, sizeof err.message);
    assert_false(d.passed);

    assert_true(meeting_decision_check(MEETING_BRANCH_ASSEMBLY, 10, 5, &v, true, &d, &err));
    assert_true(d.invalid);
    assert_false(d.passed);
    assert_false(d.quorum.met);
    assert_whole_text(d.rule, sizeof d.rule);

    v = (meeting_votes){2, 0, 0};
    assert_false(meeting_decision_check(MEETING_COMMITTEE, 5, 2, &v, false, &d, &err));
    assert_string_equal(err.field, "invalid");
    assert_non_null(strstr(err.message, "委员"));

    /* Quorum met but marked invalid: recorded, never passed. */
    v = (meeting_votes){10, 0, 0};
    assert_true(meeting_decision_check(MEETING_BRANCH_ASSEMBLY, 10, 10, &v, true, &d, NULL));
    assert_true(d.quorum.met);
    assert_false(d.passed);
}

static void test_decision_bad_input(void **state)
{
    (void)state;
    static const struct {
        meeting_type t;
        int entitled, present, yes, no, abstain;
        const char *field;
    } cases[] = {
        {MEETING_BRANCH_ASSEMBLY, 10, 6, 4, 2, 1, "votes"}, /* 7 votes, 6 present */
        {MEETING_BRANCH_ASSEMBLY, 10, 6, 7, 0, 0, "votes"},
        {MEETING_BRANCH_ASSEMBLY, 10, 6, -1, 0, 0, "votes"},
        {MEETING_BRANCH_ASSEMBLY, 10, 6, 2147483647, 2147483647, 2, "votes"},
        {MEETING_BRANCH_ASSEMBLY, 10, 11, 6, 0, 0, "attendees"},
        {MEETING_COMMITTEE, -3, 0, 0, 0, 0, "attendees"},
        {MEETING_GROUP, 10, 10, 6, 0, 0, "type"}, /* only the two with quorum decide by vote */
        {MEETING_LIFE_MEETING, 10, 10, 6, 0, 0, "type"},
        {(meeting_type)-1, 10, 10, 6, 0, 0, "type"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        meeting_votes v = {cases[i].yes, cases[i].no, cases[i].abstain};
        meeting_decision d;
        dj_err err;
        if (meeting_decision_check(cases[i].t, cases[i].entitled, cases[i].present, &v, true, &d, &err))
            fail_msg("case %zu accepted", i);
        assert_string_equal(err.code, "validation");
        assert_string_equal(err.field, cases[i].field);
        assert_false(d.passed);
        assert_whole_text(err.message, sizeof err.message);
    }
    /* No votes given: none cast. */
    meeting_decision d;
    assert_true(meeting_decision_check(MEETING_BRANCH_ASSEMBLY, 3, 2, NULL, false, &d, NULL));
    assert_false(d.passed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_names_labels_parse),
        cmocka_unit_test(test_status_and_attendance_enums),
        cmocka_unit_test(test_transition_matrix),
        cmocka_unit_test(test_transition_check),
        cmocka_unit_test(test_time_from_unix),
        cmocka_unit_test(test_time_parse_format),
        cmocka_unit_test(test_times_validate),
        cmocka_unit_test(test_attendance_summary),
        cmocka_unit_test(test_absent_runs),
        cmocka_unit_test(test_attendance_rate),
        cmocka_unit_test(test_quorum_boundaries),
        cmocka_unit_test(test_quorum_other_types),
        cmocka_unit_test(test_quorum_bad_input),
        cmocka_unit_test(test_probationary_excluded),
        cmocka_unit_test(test_decision_boundaries),
        cmocka_unit_test(test_decision_short_of_quorum),
        cmocka_unit_test(test_decision_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
