/* test_compliance.c: domain/compliance — what an organisation owes of organisational life over a
 * month, quarter or year, what it held and what it misses (DOMAIN.md §2, with the organisation
 * types of §1). Every frequency, type exclusion and the establishment rule are tested at their
 * boundaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "domain/compliance.h"

static dj_date D(const char *s)
{
    dj_date d = 0;
    assert_true(date_parse(s, &d));
    return d;
}

static compliance_period P(const char *s)
{
    compliance_period p = {0};
    assert_true(compliance_period_parse(s, &p));
    return p;
}

static compliance_plan default_plan(void)
{
    compliance_plan plan;
    compliance_settings s = compliance_defaults();
    assert_true(compliance_plan_init(&plan, &s, NULL));
    return plan;
}

static const compliance_org BRANCH = {ORG_BRANCH, true, false, 0};

/* Rows of one type, for looking them up by label. */
static const compliance_row *find(const compliance_row *rows, int n, meeting_type t, const char *label)
{
    for (int i = 0; i < n; i++)
        if (rows[i].type == t && strcmp(rows[i].period_label, label) == 0)
            return &rows[i];
    return NULL;
}

static int count_type(const compliance_row *rows, int n, meeting_type t)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += rows[i].type == t;
    return k;
}

static int compute(const compliance_plan *plan, const compliance_org *org, const char *period,
                   const compliance_meeting *m, size_t n, const char *as_of, compliance_row *out)
{
    dj_err err;
    int rows = compliance_compute(plan, org, P(period), m, n, D(as_of), out, COMPLIANCE_ROWS_MAX, &err);
    if (rows < 0)
        fail_msg("%s", err.message);
    assert_true(rows <= COMPLIANCE_ROWS_MAX);
    return rows;
}

/* DOMAIN.md §2: the default frequencies, each with its source. */
static void test_defaults(void **state)
{
    (void)state;
    static const struct {
        meeting_type t;
        compliance_freq f;
        int times;
        const char *article; /* in the source text */
    } cases[] = {
        {MEETING_BRANCH_ASSEMBLY, FREQ_QUARTERLY, 1, "第十一条"},
        {MEETING_COMMITTEE, FREQ_MONTHLY, 1, "第十二条"},
        {MEETING_GROUP, FREQ_MONTHLY, 1, "第十三条"},
        {MEETING_LECTURE, FREQ_QUARTERLY, 1, "第十四条"},
        {MEETING_THEME_DAY, FREQ_MONTHLY, 1, "种子文章000、001"},
        {MEETING_LIFE_MEETING, FREQ_YEARLY, 1, "第十七条"},
        {MEETING_APPRAISAL, FREQ_YEARLY, 1, "第十八条"},
        {MEETING_TALK, FREQ_YEARLY, 1, "支部工作条例"},
        {MEETING_JOINT_STUDY, FREQ_NONE, 0, "DOMAIN.md §7"},
    };
    compliance_settings s = compliance_defaults();
    assert_true(compliance_settings_validate(&s, NULL));
    assert_int_equal(s.secretary_lecture.freq, FREQ_YEARLY);
    assert_int_equal(s.secretary_lecture.times, 1);
    assert_int_equal(s.min_share_percent, 50);

    /* A year of a branch that holds every type (joint study set, so it shows). */
    s.item[MEETING_JOINT_STUDY] = (compliance_item){FREQ_YEARLY, 1};
    compliance_plan plan;
    assert_true(compliance_plan_init(&plan, &s, NULL));
    compliance_org group = {ORG_GROUP, false, false, 0};
    compliance_row rows[COMPLIANCE_ROWS_MAX], grows[COMPLIANCE_ROWS_MAX];
    int n = compute(&plan, &BRANCH, "2026", NULL, 0, "2026-06-01", rows);
    int gn = compute(&plan, &group, "2026", NULL, 0, "2026-06-01", grows);

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        meeting_type t = cases[i].t;
        compliance_settings def = compliance_defaults();
        assert_int_equal(def.item[t].freq, cases[i].f);
        if (cases[i].f != FREQ_NONE)
            assert_int_equal(def.item[t].times, cases[i].times);
        const compliance_row *r = NULL;
        for (int k = 0; k < n && !r; k++)
            if (rows[k].type == t)
                r = &rows[k];
        for (int k = 0; k < gn && !r; k++)
            if (grows[k].type == t)
                r = &grows[k];
        assert_non_null(r);
        if (!strstr(r->source, cases[i].article) || !strstr(r->source, "DOMAIN.md §"))
            fail_msg("%s: source \"%s\"", meeting_type_name(t), r->source);
        assert_true(utf8_valid(r->rule, strlen(r->rule)));
        assert_non_null(strstr(r->rule, meeting_type_label(t)));
    }
}

static void test_freq_and_state_names(void **state)
{
    (void)state;
    static const char *const f[] = {"none", "monthly", "quarterly", "yearly"};
    for (int i = 0; i < COMPLIANCE_FREQ_COUNT; i++) {
        compliance_freq x = FREQ_NONE;
        assert_string_equal(compliance_freq_name((compliance_freq)i), f[i]);
        assert_true(compliance_freq_parse(f[i], &x));
        assert_int_equal(x, i);
    }
    compliance_freq x = FREQ_MONTHLY;
    assert_true(compliance_freq_parse("每季度", &x));
    assert_int_equal(x, FREQ_QUARTERLY);
    assert_false(compliance_freq_parse("weekly", &x));
    assert_null(compliance_freq_label((compliance_freq)4));
    assert_string_equal(compliance_state_name(COMPLIANCE_MISSED), "missed");
    assert_string_equal(compliance_state_label(COMPLIANCE_TODO), "待完成");
    assert_null(compliance_state_name((compliance_state)4));
}

/* Periods: month, quarter and year of a year, their labels, days and progress. */
static void test_periods(void **state)
{
    (void)state;
    static const struct {
        const char *label, *first, *last;
    } cases[] = {
        {"2026-01", "2026-01-01", "2026-01-31"}, {"2026-02", "2026-02-01", "2026-02-28"},
        {"2024-02", "2024-02-01", "2024-02-29"}, {"2026-12", "2026-12-01", "2026-12-31"},
        {"2026-Q1", "2026-01-01", "2026-03-31"}, {"2026-Q2", "2026-04-01", "2026-06-30"},
        {"2026-Q4", "2026-10-01", "2026-12-31"}, {"2026", "2026-01-01", "2026-12-31"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        compliance_period p = P(cases[i].label);
        char back[PERIOD_LABEL_LEN];
        compliance_period_label(p, back);
        assert_string_equal(back, cases[i].label);
        assert_int_equal(compliance_period_first_day(p), D(cases[i].first));
        assert_int_equal(compliance_period_last_day(p), D(cases[i].last));
        assert_int_equal(compliance_period_progress(p, D(cases[i].first) - 1), PERIOD_NOT_STARTED);
        assert_int_equal(compliance_period_progress(p, D(cases[i].first)), PERIOD_IN_PROGRESS);
        assert_int_equal(compliance_period_progress(p, D(cases[i].last)), PERIOD_IN_PROGRESS);
        assert_int_equal(compliance_period_progress(p, D(cases[i].last) + 1), PERIOD_COMPLETE);
    }
    static const char *const bad[] = {"2026-13", "2026-00", "2026-Q0", "2026-Q5", "2026-1", "26",
                                      "2026-",   "2026-Q",  "1899",    "2026-03-01", "", "２０２６"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        compliance_period p = {PERIOD_YEAR, 2000, 0};
        if (compliance_period_parse(bad[i], &p))
            fail_msg("accepted %s", bad[i]);
        assert_int_equal(p.year, 2000);
    }
    compliance_period p;
    assert_false(compliance_period_parse(NULL, &p));
    assert_false(compliance_period_valid((compliance_period){PERIOD_YEAR, 2026, 1}));
    assert_false(compliance_period_valid((compliance_period){(period_kind)7, 2026, 1}));
    char out[PERIOD_LABEL_LEN] = "x";
    compliance_period_label((compliance_period){PERIOD_MONTH, 2026, 13}, out);
    assert_string_equal(out, "");
}

/* DOMAIN.md §2 over a year for a branch with a committee, nothing held: every owed period is a
 * row, with its own label. */
static void test_branch_year_rows(void **state)
{
    (void)state;
    compliance_plan plan = default_plan();
    compliance_row rows[COMPLIANCE_ROWS_MAX];
    int n = compute(&plan, &BRANCH, "2026", NULL, 0, "2027-01-05", rows);
    static const struct {
        meeting_type t;
        int rows;
        const char *first, *last;
    } cases[] = {
        {MEETING_BRANCH_ASSEMBLY, 4, "2026-Q1", "2026-Q4"}, /* art. 11: quarterly */
        {MEETING_COMMITTEE, 12, "2026-01", "2026-12"},      /* art. 12: monthly */
        {MEETING_GROUP, 0, NULL, NULL},                     /* owed by each 党小组, not the branch */
        {MEETING_LECTURE, 4, "2026-Q1", "2026-Q4"},         /* art. 14: quarterly by default */
        {MEETING_THEME_DAY, 12, "2026-01", "2026-12"},      /* monthly */
        {MEETING_LIFE_MEETING, 1, "2026", "2026"},          /* art. 17: yearly */
        {MEETING_APPRAISAL, 1, "2026", "2026"},             /* art. 18: yearly */
        {MEETING_TALK, 1, "2026", "2026"},                  /* yearly */
        {MEETING_JOINT_STUDY, 0, NULL, NULL},               /* §7: no frequency */
    };
    int total = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        meeting_type t = cases[i].t;
        assert_int_equal(count_type(rows, n, t), cases[i].rows);
        total += cases[i].rows;
        if (!cases[i].rows)
            continue;
        const compliance_row *a = find(rows, n, t, cases[i].first), *b = find(rows, n, t, cases[i].last);
        assert_non_null(a);
        assert_non_null(b);
        assert_int_equal(b->required, 1);
        assert_int_equal(b->held, 0);
        assert_int_equal(b->missing, 1);
        assert_int_equal(b->state, COMPLIANCE_MISSED);
        assert_null(b->note);
    }
    assert_int_equal(n, total);
    /* Rows come in type order, then chronologically. */
    for (int i = 1; i < n; i++)
        assert_true(rows[i - 1].type < rows[i].type ||
                    (rows[i - 1].type == rows[i].type &&
                     compliance_period_first_day(rows[i - 1].period) < compliance_period_first_day(rows[i].period)));
}

/* DOMAIN.md §1-§2: an organisation owes only its own meetings. */
static void test_type_exclusions(void **state)
{
    (void)state;
    compliance_plan plan = default_plan();
    compliance_row rows[COMPLIANCE_ROWS_MAX];

    /* A branch of fewer than 7 full members has no committee, so owes no committee meeting. */
    compliance_org small = {ORG_BRANCH, false, false, 0};
    int n = compute(&plan, &small, "2026", NULL, 0, "2026-06-01", rows);
    assert_int_equal(count_type(rows, n, MEETING_COMMITTEE), 0);
    assert_int_equal(count_type(rows, n, MEETING_BRANCH_ASSEMBLY), 4);

    /* A joint branch is "as a branch" (§1). */
    compliance_org joint = {ORG_JOINT_BRANCH, true, false, 0};
    int jn = compute(&plan, &joint, "2026", NULL, 0, "2026-06-01", rows);
    assert_int_equal(jn, compute(&plan, &BRANCH, "2026", NULL, 0, "2026-06-01", rows));
    compliance_org joint_small = {ORG_JOINT_BRANCH, false, false, 0};
    assert_int_equal(compute(&plan, &joint_small, "2026", NULL, 0, "2026-06-01", rows), n);

    /* A 党小组 owes only its group meetings, monthly (art. 13). */
    compliance_org group = {ORG_GROUP, false, false, 0};
    n = compute(&plan, &group, "2026", NULL, 0, "2026-06-01", rows);
    assert_int_equal(n, 12);
    assert_int_equal(count_type(rows, n, MEETING_GROUP), 12);

    /* A 党委 owes its secretary's lecture, once a year (§2, 党课 row), nothing else. */
    compliance_org committee = {ORG_COMMITTEE, true, false, 0};
    n = compute(&plan, &committee, "2026", NULL, 0, "2026-06-01", rows);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].type, MEETING_LECTURE);
    assert_string_equal(rows[0].period_label, "2026");
    assert_int_equal(rows[0].required, 1);
    assert_non_null(strstr(rows[0].rule, "党委书记"));
    assert_non_null(strstr(rows[0].source, "第十四条"));
    n = compute(&plan, &committee, "2026-03", NULL, 0, "2026-03-01", rows);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].period_label, "2026");

    /* A 党总支: DOMAIN.md §2 sets none of its own. */
    compliance_org general = {ORG_GENERAL_BRANCH, true, false, 0};
    assert_int_equal(compute(&plan, &general, "2026", NULL, 0, "2026-06-01", rows), 0);

    /* The applicability table itself. */
    for (int t = 0; t < MEETING_TYPE_COUNT; t++) {
        meeting_type m = (meeting_type)t;
        assert_int_equal(compliance_applies(ORG_GROUP, false, m), m == MEETING_GROUP);
        assert_int_equal(compliance_applies(ORG_COMMITTEE, true, m), m == MEETING_LECTURE);
        assert_false(compliance_applies(ORG_GENERAL_BRANCH, true, m));
        assert_int_equal(compliance_applies(ORG_BRANCH, true, m), m != MEETING_GROUP);
        assert_int_equal(compliance_applies(ORG_BRANCH, false, m), m != MEETING_GROUP && m != MEETING_COMMITTEE);
    }
    assert_false(compliance_applies((org_type)9, true, MEETING_LECTURE));
    assert_false(compliance_applies(ORG_BRANCH, true, (meeting_type)9));
}

/* A month asked about: monthly items for that month; quarterly and yearly items for the period
 * around it, so what is still to do this quarter or year shows. */
static void test_month_query(void **state)
{
    (void)state;
    compliance_plan plan = default_plan();
    compliance_row rows[COMPLIANCE_ROWS_MAX];
    const compliance_meeting m[] = {
        {MEETING_BRANCH_ASSEMBLY, D("2026-01-20")}, /* in Q1, before March: counts for Q1 */
        {MEETING_COMMITTEE, D("2026-03-02")},
        {MEETING_COMMITTEE, D("2026-02-27")},       /* February: not March */
        {MEETING_THEME_DAY, D("2026-03-31")},
        {MEETING_LIFE_MEETING, D("2025-12-28")},    /* last year's */
    };
    int n = compute(&plan, &BRANCH, "2026-03", m, sizeof m / sizeof m[0], "2026-03-15", rows);
    static const struct {
        meeting_type t;
        const char *label;
        int required, held, missing;
        compliance_state st;
    } cases[] = {
        {MEETING_BRANCH_ASSEMBLY, "2026-Q1", 1, 1, 0, COMPLIANCE_MET},
        {MEETING_COMMITTEE, "2026-03", 1, 1, 0, COMPLIANCE_MET},
        {MEETING_LECTURE, "2026-Q1", 1, 0, 1, COMPLIANCE_TODO},
        {MEETING_THEME_DAY, "2026-03", 1, 1, 0, COMPLIANCE_MET},
        {MEETING_LIFE_MEETING, "2026", 1, 0, 1, COMPLIANCE_TODO},
        {MEETING_APPRAISAL, "2026", 1, 0, 1, COMPLIANCE_TODO},
        {MEETING_TALK, "2026", 1, 0, 1, COMPLIANCE_TODO},
    };
    assert_int_equal(n, sizeof cases / sizeof cases[0]);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const compliance_row *r = &rows[i];
        assert_int_equal(r->type, cases[i].t);
        assert_string_equal(r->period_label, cases[i].label);
        assert_int_equal(r->required, cases[i].required);
        assert_int_equal(r->held, cases[i].held);
        assert_int_equal(r->missing, cases[i].missing);
        assert_int_equal(r->state, cases[i].st);
    }
}

/* A quarter asked about: a monthly item has three rows; meetings are not carried across months
 * (two in one month do not make up for the next). */
static void test_quarter_query_no_carry(void **state)
{
    (void)state;
    compliance_plan plan = default_plan();
    compliance_row rows[COMPLIANCE_ROWS_MAX];
    const compliance_meeting m[] = {
        {MEETING_COMMITTEE, D("2026-04-01")},
        {MEETING_COMMITTEE, D("2026-04-30")},
        {MEETING_COMMITTEE, D("2026-06-30")},
        {MEETING_COMMITTEE, D("2027-05-10")},        /* next year */
        {(meeting_type)77, D("2026-05-10")},         /* unknown type: ignored */
        {MEETING_LECTURE, D("2026-03-31")},          /* Q1, not Q2 */
        {MEETING_LECTURE, D("2026-07-01")},          /* Q3, not Q2 */
    };
    int n = compute(&plan, &BRANCH, "2026-Q2", m, sizeof m / sizeof m[0], "2026-07-01", rows);
    assert_int_equal(count_type(rows, n, MEETING_COMMITTEE), 3);
    const compliance_row *apr = find(rows, n, MEETING_COMMITTEE, "2026-04");
    const compliance_row *may = find(rows, n, MEETING_COMMITTEE, "2026-05");
    const compliance_row *jun = find(rows, n, MEETING_COMMITTEE, "2026-06");
    assert_int_equal(apr->held, 2);
    assert_int_equal(apr->missing, 0);
    assert_int_equal(apr->state, COMPLIANCE_MET);
    assert_int_equal(may->held, 0);
    assert_int_equal(may->missing, 1);
    assert_int_equal(may->state, COMPLIANCE_MISSED);
    assert_int_equal(jun->held, 1);
    assert_int_equal(jun->state, COMPLIANCE_MET);
    const compliance_row *lec = find(rows, n, MEETING_LECTURE, "2026-Q2");
    assert_int_equal(lec->held, 0);
    assert_int_equal(lec->state, COMPLIANCE_MISSED);
    assert_int_equal(count_type(rows, n, MEETING_BRANCH_ASSEMBLY), 1);
    assert_int_equal(count_type(rows, n, MEETING_LIFE_MEETING), 1);
    assert_int_equal(count_type(rows, n, MEETING_THEME_DAY), 3);
}

/* A period not yet over is "to do", not "missed": the current month, and the yearly 组织生活会
 * (usually in Q4, art. 17) until the year ends. */
static void test_todo_versus_missed(void **state)
{
    (void)state;
    compliance_plan plan = default_plan();
    compliance_row rows[COMPLIANCE_ROWS_MAX];
    static const struct {
        const char *period, *as_of;
        meeting_type t;
        const char *label;
        compliance_state st;
    } cases[] = {
        {"2026-Q4", "2026-11-15", MEETING_LIFE_MEETING, "2026", COMPLIANCE_TODO},
        {"2026-Q4", "2026-12-31", MEETING_LIFE_MEETING, "2026", COMPLIANCE_TODO},
        {"2026-Q4", "2027-01-01", MEETING_LIFE_MEETING, "2026", COMPLIANCE_MISSED},
        {"2026-Q4", "2026-11-15", MEETING_COMMITTEE, "2026-10", COMPLIANCE_MISSED},
        {"2026-Q4", "2026-11-15", MEETING_COMMITTEE, "2026-11", COMPLIANCE_TODO},
        {"2026-Q4", "2026-11-15", MEETING_COMMITTEE, "2026-12", COMPLIANCE_TODO}, /* not started */
        {"2026-11", "2026-11-30", MEETING_THEME_DAY, "2026-11", COMPLIANCE_TODO},
        {"2026-11", "2026-12-01", MEETING_THEME_DAY, "2026-11", COMPLIANCE_MISSED},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int n = compute(&plan, &BRANCH, cases[i].period, NULL, 0, cases[i].as_of, rows);
        const compliance_row *r = find(rows, n, cases[i].t, cases[i].label);
        assert_non_null(r);
        if (r->state != cases[i].st)
            fail_msg("case %zu: state %s", i, compliance_state_name(r->state));
    }
    const compliance_meeting held[] = {{MEETING_LIFE_MEETING, D("2026-06-30")}};
    int n = compute(&plan, &BRANCH, "2026-Q4", held, 1, "2026-11-15", rows);
    assert_int_equal(find(rows, n, MEETING_LIFE_MEETING, "2026")->state, COMPLIANCE_MET);
}

/* Established mid-period: a period is owed only if the organisation existed for at least half of
 * its days (min_share_percent 50, counting the day it was set up). */
static void test_established_mid_period(void **state)
{
    (void)state;
    compliance_plan plan = default_plan();
    compliance_row rows[COMPLIANCE_ROWS_MAX];
    static const struct {
        const char *established, *period;
        meeting_type t;
        const char *label;
        int required;
    } cases[] = {
        /* Q1 2026 has 90 days: 45 are half. */
        {"2026-02-14", "2026-Q1", MEETING_BRANCH_ASSEMBLY, "2026-Q1", 1}, /* 46 days */
        {"2026-02-15", "2026-Q1", MEETING_BRANCH_ASSEMBLY, "2026-Q1", 1}, /* 45 days: exactly half */
        {"2026-02-16", "2026-Q1", MEETING_BRANCH_ASSEMBLY, "2026-Q1", 0}, /* 44 days */
        {"2026-02-16", "2026-Q1", MEETING_COMMITTEE, "2026-02", 0},       /* 13 of 28 days */
        {"2026-02-15", "2026-Q1", MEETING_COMMITTEE, "2026-02", 1},       /* 14 of 28 days */
        {"2026-02-16", "2026-Q1", MEETING_COMMITTEE, "2026-03", 1},       /* whole month */
        {"2026-02-16", "2026-Q1", MEETING_COMMITTEE, "2026-01", 0},       /* not yet set up */
        /* March has 31 days: 16 are at least half, 15 are not. */
        {"2026-03-16", "2026-03", MEETING_THEME_DAY, "2026-03", 1},
        {"2026-03-17", "2026-03", MEETING_THEME_DAY, "2026-03", 0},
        /* 2026 has 365 days: 183 are at least half (2 Jul on), 182 are not. */
        {"2026-07-02", "2026", MEETING_LIFE_MEETING, "2026", 1},
        {"2026-07-03", "2026", MEETING_LIFE_MEETING, "2026", 0},
        {"2026-07-03", "2026", MEETING_LECTURE, "2026-Q3", 1},            /* 90 of 92 days */
        {"2026-07-03", "2026", MEETING_LECTURE, "2026-Q2", 0},
        /* Set up on the first day, or long before: owed in full. */
        {"2026-01-01", "2026-Q1", MEETING_BRANCH_ASSEMBLY, "2026-Q1", 1},
        {"2019-06-30", "2026", MEETING_APPRAISAL, "2026", 1},
        /* Set up after the period: nothing owed. */
        {"2027-01-01", "2026", MEETING_TALK, "2026", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        compliance_org org = {ORG_BRANCH, true, true, D(cases[i].established)};
        int n = compute(&plan, &org, cases[i].period, NULL, 0, "2028-01-01", rows);
        const compliance_row *r = find(rows, n, cases[i].t, cases[i].label);
        assert_non_null(r);
        if (r->required != cases[i].required)
            fail_msg("case %zu (set up %s, %s %s): required %d", i, cases[i].established,
                     meeting_type_name(cases[i].t), cases[i].label, r->required);
        if (r->required) {
            assert_null(r->note);
            assert_int_equal(r->state, COMPLIANCE_MISSED);
        } else {
            assert_non_null(r->note);
            assert_int_equal(r->state, COMPLIANCE_NOT_REQUIRED);
            assert_int_equal(r->missing, 0);
        }
    }

    /* A meeting held before the set-up date still counts as held. */
    compliance_org late = {ORG_BRANCH, true, true, D("2026-03-20")};
    const compliance_meeting m[] = {{MEETING_COMMITTEE, D("2026-03-10")}};
    int n = compute(&plan, &late, "2026-03", m, 1, "2026-04-01", rows);
    const compliance_row *r = find(rows, n, MEETING_COMMITTEE, "2026-03");
    assert_int_equal(r->required, 0);
    assert_int_equal(r->held, 1);
}

/* min_share_percent is a setting: 0 = owed after one day; 100 = only a whole period. */
static void test_min_share_setting(void **state)
{
    (void)state;
    compliance_settings s = compliance_defaults();
    compliance_plan plan;
    compliance_row rows[COMPLIANCE_ROWS_MAX];
    compliance_org last_day = {ORG_BRANCH, true, true, D("2026-03-31")};
    compliance_org second_day = {ORG_BRANCH, true, true, D("2026-01-02")};

    s.min_share_percent = 0;
    assert_true(compliance_plan_init(&plan, &s, NULL));
    int n = compute(&plan, &last_day, "2026-Q1", NULL, 0, "2026-04-01", rows);
    assert_int_equal(find(rows, n, MEETING_BRANCH_ASSEMBLY, "2026-Q1")->required, 1);
    compliance_org after = {ORG_BRANCH, true, true, D("2026-04-01")};
    n = compute(&plan, &after, "2026-Q1", NULL, 0, "2026-04-01", rows);
    assert_int_equal(find(rows, n, MEETING_BRANCH_ASSEMBLY, "2026-Q1")->required, 0);

    s.min_share_percent = 100;
    assert_true(compliance_plan_init(&plan, &s, NULL));
    n = compute(&plan, &second_day, "2026-Q1", NULL, 0, "2026-04-01", rows);
    assert_int_equal(find(rows, n, MEETING_BRANCH_ASSEMBLY, "2026-Q1")->required, 0);
    assert_int_equal(find(rows, n, MEETING_COMMITTEE, "2026-01")->required, 0);
    assert_int_equal(find(rows, n, MEETING_COMMITTEE, "2026-02")->required, 1);
}

/* Frequencies are settings (DOMAIN.md §2: 党课 "configurable, default quarterly"). */
static void test_settings_override(void **state)
{
    (void)state;
    compliance_settings s = compliance_defaults();
    s.item[MEETING_LECTURE] = (compliance_item){FREQ_MONTHLY, 1};
    s.item[MEETING_BRANCH_ASSEMBLY] = (compliance_item){FREQ_QUARTERLY, 2};
    s.item[MEETING_TALK] = (compliance_item){FREQ_NONE, 0};
    s.item[MEETING_JOINT_STUDY] = (compliance_item){FREQ_QUARTERLY, 1};
    s.secretary_lecture = (compliance_item){FREQ_NONE, 0};
    compliance_plan plan;
    assert_true(compliance_plan_init(&plan, &s, NULL));
    compliance_row rows[COMPLIANCE_ROWS_MAX];
    const compliance_meeting m[] = {{MEETING_BRANCH_ASSEMBLY, D("2026-02-01")}};
    int n = compute(&plan, &BRANCH, "2026-Q1", m, 1, "2026-04-01", rows);
    assert_int_equal(count_type(rows, n, MEETING_LECTURE), 3);
    assert_int_equal(count_type(rows, n, MEETING_TALK), 0);
    assert_int_equal(count_type(rows, n, MEETING_JOINT_STUDY), 1);
    const compliance_row *a = find(rows, n, MEETING_BRANCH_ASSEMBLY, "2026-Q1");
    assert_int_equal(a->required, 2);
    assert_int_equal(a->held, 1);
    assert_int_equal(a->missing, 1);
    assert_int_equal(a->state, COMPLIANCE_MISSED);
    assert_non_null(strstr(a->rule, "2次"));
    assert_non_null(strstr(a->rule, "按本单位设置"));
    assert_non_null(strstr(find(rows, n, MEETING_LECTURE, "2026-01")->rule, "每月"));
    assert_null(strstr(find(rows, n, MEETING_COMMITTEE, "2026-01")->rule, "按本单位设置"));

    compliance_org committee = {ORG_COMMITTEE, true, false, 0};
    assert_int_equal(compute(&plan, &committee, "2026", NULL, 0, "2026-04-01", rows), 0);
}

static void test_settings_validate(void **state)
{
    (void)state;
    static const struct {
        int which; /* meeting type, or -1 secretary lecture, -2 share */
        compliance_item it;
        int share;
        const char *field;
    } cases[] = {
        {MEETING_COMMITTEE, {FREQ_MONTHLY, 0}, 50, "committee"},
        {MEETING_LECTURE, {FREQ_QUARTERLY, COMPLIANCE_TIMES_MAX + 1}, 50, "lecture"},
        {MEETING_TALK, {(compliance_freq)9, 1}, 50, "talk"},
        {-1, {FREQ_YEARLY, -1}, 50, "secretary_lecture"},
        {-2, {FREQ_NONE, 0}, 101, "min_share_percent"},
        {-2, {FREQ_NONE, 0}, -1, "min_share_percent"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        compliance_settings s = compliance_defaults();
        if (cases[i].which >= 0)
            s.item[cases[i].which] = cases[i].it;
        else if (cases[i].which == -1)
            s.secretary_lecture = cases[i].it;
        s.min_share_percent = cases[i].share;
        dj_err err;
        compliance_plan plan;
        assert_false(compliance_settings_validate(&s, &err));
        assert_false(compliance_plan_init(&plan, &s, &err));
        assert_string_equal(err.code, "validation");
        assert_string_equal(err.field, cases[i].field);
        assert_true(utf8_valid(err.message, strlen(err.message)));
    }
    compliance_settings s = compliance_defaults();
    s.item[MEETING_GROUP] = (compliance_item){FREQ_NONE, -5}; /* times ignored when none */
    s.item[MEETING_LECTURE] = (compliance_item){FREQ_MONTHLY, COMPLIANCE_TIMES_MAX};
    s.min_share_percent = 100;
    assert_true(compliance_settings_validate(&s, NULL));
    assert_false(compliance_settings_validate(NULL, NULL));
}

static void test_compute_bad_input_and_max(void **state)
{
    (void)state;
    compliance_plan plan = default_plan();
    compliance_row rows[COMPLIANCE_ROWS_MAX];
    dj_err err;
    compliance_period bad = {PERIOD_MONTH, 2026, 13};
    assert_int_equal(compliance_compute(&plan, &BRANCH, bad, NULL, 0, D("2026-01-01"), rows, 10, &err), -1);
    assert_string_equal(err.field, "period");
    compliance_org odd = {(org_type)8, false, false, 0};
    assert_int_equal(compliance_compute(&plan, &odd, P("2026"), NULL, 0, D("2026-01-01"), rows, 10, &err), -1);
    assert_string_equal(err.field, "org");

    /* Like snprintf: the count of all rows, only max written. */
    int all = compliance_compute(&plan, &BRANCH, P("2026"), NULL, 0, D("2026-01-01"), rows, COMPLIANCE_ROWS_MAX, NULL);
    assert_int_equal(all, 35);
    memset(rows, 0x5a, sizeof rows);
    assert_int_equal(compliance_compute(&plan, &BRANCH, P("2026"), NULL, 0, D("2026-01-01"), rows, 2, NULL), all);
    assert_string_equal(rows[1].period_label, "2026-Q2");
    assert_int_equal((unsigned char)rows[2].period_label[0], 0x5a);
    assert_int_equal(compliance_compute(&plan, &BRANCH, P("2026"), NULL, 0, D("2026-01-01"), NULL, 0, NULL), all);

    /* Every type monthly fits COMPLIANCE_ROWS_MAX. */
    compliance_settings s = compliance_defaults();
    for (int t = 0; t < MEETING_TYPE_COUNT; t++)
        s.item[t] = (compliance_item){FREQ_MONTHLY, 1};
    assert_true(compliance_plan_init(&plan, &s, NULL));
    assert_true(compliance_compute(&plan, &BRANCH, P("2026"), NULL, 0, D("2026-01-01"), rows, COMPLIANCE_ROWS_MAX,
                                   NULL) <= COMPLIANCE_ROWS_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_freq_and_state_names),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_branch_year_rows),
        cmocka_unit_test(test_type_exclusions),
        cmocka_unit_test(test_month_query),
        cmocka_unit_test(test_quarter_query_no_carry),
        cmocka_unit_test(test_todo_versus_missed),
        cmocka_unit_test(test_established_mid_period),
        cmocka_unit_test(test_min_share_setting),
        cmocka_unit_test(test_settings_override),
        cmocka_unit_test(test_settings_validate),
        cmocka_unit_test(test_compute_bad_input_and_max),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
