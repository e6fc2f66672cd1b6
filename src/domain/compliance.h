/* compliance.h: what an organisation owes of organisational life over a period (三会一课 and the
 * rest of DOMAIN.md §2), what it held and what is missing.
 *
 * The frequencies are settings: compliance_defaults() gives DOMAIN.md §2's, and the store may
 * override them from a settings table. compliance_plan_init() turns settings into a plan once
 * (rule texts included); compliance_compute() then runs per organisation with no allocation, so
 * a report over tens of thousands of organisations costs only counting. */
#ifndef DJ_COMPLIANCE_H
#define DJ_COMPLIANCE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/err.h"
#include "domain/enums.h"
#include "domain/meetings.h"
#include "domain/org_rules.h"

/* ---- Periods ----------------------------------------------------------------------------- */

typedef enum {
    PERIOD_MONTH,   /* label "2026-03" */
    PERIOD_QUARTER, /* label "2026-Q1" */
    PERIOD_YEAR,    /* label "2026" */
} period_kind;

typedef struct {
    period_kind kind;
    int year;  /* DATE_MIN_YEAR..DATE_MAX_YEAR */
    int index; /* month 1..12, quarter 1..4; 0 for a year */
} compliance_period;

#define PERIOD_LABEL_LEN 8 /* "2026-Q1" plus NUL */

/* Whether p is a period: known kind, year in range, index in range for its kind. */
bool compliance_period_valid(compliance_period p);

/* Parses exactly "YYYY-MM", "YYYY-Qn" or "YYYY" into *out; false (out untouched) otherwise. */
bool compliance_period_parse(const char *s, compliance_period *out);

/* Writes p's label ("2026-03", "2026-Q1", "2026") plus a NUL; "" for an invalid period. */
void compliance_period_label(compliance_period p, char out[PERIOD_LABEL_LEN]);

/* First and last day of a valid period. */
dj_date compliance_period_first_day(compliance_period p);
dj_date compliance_period_last_day(compliance_period p);

typedef enum {
    PERIOD_NOT_STARTED, /* as_of is before its first day */
    PERIOD_IN_PROGRESS, /* as_of is within it, last day included: meetings may still be held */
    PERIOD_COMPLETE,    /* as_of is after its last day: what is missing was missed */
} period_progress;

/* Where a valid period stands as of the day as_of. */
period_progress compliance_period_progress(compliance_period p, dj_date as_of);

/* ---- Settings ---------------------------------------------------------------------------- */

typedef enum {
    FREQ_NONE,      /* none      不作要求 */
    FREQ_MONTHLY,   /* monthly   每月 */
    FREQ_QUARTERLY, /* quarterly 每季度 */
    FREQ_YEARLY,    /* yearly    每年 */
} compliance_freq;

#define COMPLIANCE_FREQ_COUNT 4
#define COMPLIANCE_TIMES_MAX 31 /* per period; a daily meeting is not organisational life */

extern const dj_enum dj_compliance_freqs[];

const char *compliance_freq_name(compliance_freq f);
const char *compliance_freq_label(compliance_freq f);
bool compliance_freq_parse(const char *s, compliance_freq *out);

/* How often a meeting is owed: `times` meetings in each period of `freq`. */
typedef struct {
    compliance_freq freq;
    int times; /* 1..COMPLIANCE_TIMES_MAX; ignored when freq is FREQ_NONE */
} compliance_item;

typedef struct {
    /* Per meeting type, owed by the organisations that hold that type (compliance_applies()). */
    compliance_item item[MEETING_TYPE_COUNT];
    /* The 党委 secretary's own party lecture (DOMAIN.md §2, 党课 row). */
    compliance_item secretary_lecture;
    /* An organisation set up during a period owes that period's meetings only if it existed for
     * at least this share of the period's days (0..100; 0 = at least one day). */
    int min_share_percent;
} compliance_settings;

/* DOMAIN.md §2's defaults:
 *   branch_assembly  quarterly, 1   条例 art. 11
 *   committee        monthly, 1     art. 12
 *   group            monthly, 1     art. 13
 *   lecture          quarterly, 1   art. 14 (configurable: "once a quarter" is a local rule)
 *   theme_day        monthly, 1     条例; seeds 000, 001
 *   life_meeting     yearly, 1      art. 17 (usually in Q4)
 *   appraisal        yearly, 1      art. 18
 *   talk             yearly, 1      条例
 *   joint_study      none           DOMAIN.md §7 names it but sets no frequency
 *   secretary_lecture yearly, 1     art. 14 (each 党委 secretary, at least one a year)
 *   min_share_percent 50 */
compliance_settings compliance_defaults(void);

/* Checks s: each frequency a known value, times 1..COMPLIANCE_TIMES_MAX where a frequency is
 * set, min_share_percent 0..100. On a fault fills err with code "validation", field = the
 * meeting type's wire name, "secretary_lecture" or "min_share_percent", and a Chinese message. */
bool compliance_settings_validate(const compliance_settings *s, dj_err *err);

/* ---- Plan -------------------------------------------------------------------------------- */

#define COMPLIANCE_RULE_MAX 200

/* Settings checked and rule texts written, ready for any number of compliance_compute() calls.
 * Read-only once initialised, so threads may share one. */
typedef struct {
    compliance_settings settings;
    char rule[MEETING_TYPE_COUNT][COMPLIANCE_RULE_MAX];
    char secretary_lecture_rule[COMPLIANCE_RULE_MAX];
} compliance_plan;

/* Validates s (compliance_settings_validate) and fills *plan. False with err on a fault. */
bool compliance_plan_init(compliance_plan *plan, const compliance_settings *s, dj_err *err);

/* ---- Computing --------------------------------------------------------------------------- */

typedef struct {
    org_type type;
    bool has_committee;   /* an elected committee (支部委员会); only then are its meetings owed */
    bool has_established; /* false: date unknown, treated as existing throughout */
    dj_date established_on;
} compliance_org;

/* Whether an organisation of type t (with or without a committee) holds meetings of type m at
 * all, whatever the frequency:
 *   党支部, 联合党支部  branch_assembly, committee (only with a committee), lecture, theme_day,
 *                      life_meeting, appraisal, talk, joint_study. Not group: each 党小组 is an
 *                      organisation of its own and owes its group meetings itself.
 *   党小组             group only.
 *   党委               lecture only, as its secretary's lecture (settings.secretary_lecture).
 *   党总支             nothing: DOMAIN.md §2 sets rules for branches and for a 党委 secretary;
 *                      a general branch's members live their organisational life in its
 *                      branches.
 * False for values outside the enums. */
bool compliance_applies(org_type t, bool has_committee, meeting_type m);

/* A held meeting of the organisation: its type and the day of its starts_at. */
typedef struct {
    meeting_type type;
    dj_date date;
} compliance_meeting;

typedef enum {
    COMPLIANCE_NOT_REQUIRED, /* not_required 不作要求 (set up too late in the period) */
    COMPLIANCE_MET,          /* met          已完成 */
    COMPLIANCE_TODO,         /* todo         待完成: missing, but the period is not over */
    COMPLIANCE_MISSED,       /* missed       未完成: missing, and the period is over */
} compliance_state;

#define COMPLIANCE_STATE_COUNT 4

extern const dj_enum dj_compliance_states[];

const char *compliance_state_name(compliance_state s);
const char *compliance_state_label(compliance_state s);

typedef struct {
    meeting_type type;
    compliance_period period; /* the meeting's own period (its frequency), not the query's */
    char period_label[PERIOD_LABEL_LEN];
    int required;
    int held;
    int missing;              /* required - held, never below 0 */
    compliance_state state;
    const char *rule;         /* Chinese; points into the plan */
    const char *source;       /* static, e.g. "DOMAIN.md §2 / 《中国共产党支部工作条例（试行）》第十一条" */
    const char *note;         /* static Chinese, or NULL: why nothing is required */
} compliance_row;

/* The most rows one call can produce: every type monthly over a year. */
#define COMPLIANCE_ROWS_MAX (MEETING_TYPE_COUNT * 12)

/* What org owed, held and misses over the query period q (a month, quarter or year), from its n
 * held meetings (any order; other years and types outside the enum are ignored; cancelled and
 * planned meetings must not be passed). For each meeting type org holds (compliance_applies())
 * with a frequency set, in type order, one row per period of that frequency overlapping q:
 *   a finer frequency gives several rows (a monthly meeting over a quarter: three months);
 *   a coarser one gives its enclosing period (a yearly meeting asked about in March: "2026"),
 *   with all of that period's meetings counted, so the row shows what is still to do.
 * Meetings are never carried across periods: two in March do not make up for April.
 * A period is owed (required = times) unless org was established after its last day or existed
 * for less than min_share_percent of its days (then required = 0, state not_required, with a
 * note); meetings held before establishment still count as held.
 * state: not_required; met (held >= required); todo (missing and q's period is not complete as of
 * as_of); missed (missing and complete).
 * Writes at most max rows to out and returns how many rows there are (which may exceed max, as
 * snprintf; COMPLIANCE_ROWS_MAX always suffices), or -1 with err (code "validation", field
 * "period" or "org") on an invalid period or organisation type. out may be NULL when max is 0;
 * held may be NULL when n is 0. */
int compliance_compute(const compliance_plan *plan, const compliance_org *org, compliance_period q,
                       const compliance_meeting *held, size_t n, dj_date as_of, compliance_row *out,
                       size_t max, dj_err *err);

#endif
