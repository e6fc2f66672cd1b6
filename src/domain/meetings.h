/* meetings.h: organisational life (组织生活, DOMAIN.md §2): the kinds of meeting, their statuses,
 * their times, quorum and votes, and attendance.
 *
 * Pure functions: the caller hands in what the store holds and gets counts and verdicts back.
 * What an organisation owes over a period (三会一课 compliance) is in domain/compliance.h. */
#ifndef DJ_MEETINGS_H
#define DJ_MEETINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "domain/enums.h"
#include "domain/member_rules.h"

/* ---- Kinds of meeting ------------------------------------------------------------------- */

/* The order matches dj_meeting_types. The first four are "三会一课" (DOMAIN.md §2). */
typedef enum {
    MEETING_BRANCH_ASSEMBLY, /* branch_assembly 支部党员大会 */
    MEETING_COMMITTEE,       /* committee       支部委员会会议 */
    MEETING_GROUP,           /* group           党小组会 */
    MEETING_LECTURE,         /* lecture         党课 */
    MEETING_THEME_DAY,       /* theme_day       主题党日 */
    MEETING_LIFE_MEETING,    /* life_meeting    组织生活会 */
    MEETING_APPRAISAL,       /* appraisal       民主评议党员 */
    MEETING_TALK,            /* talk            谈心谈话 */
    MEETING_JOINT_STUDY,     /* joint_study     共建联学 (DOMAIN.md §7, 红联共建) */
} meeting_type;

#define MEETING_TYPE_COUNT 9

/* Wire names and Chinese labels of meeting_type, in its order, ending with {NULL, NULL}. */
extern const dj_enum dj_meeting_types[];

/* Wire name / Chinese label; NULL for a value outside the enum. */
const char *meeting_type_name(meeting_type t);
const char *meeting_type_label(meeting_type t);

/* Parses a wire name or a Chinese label into *out; false (out untouched) for NULL or anything
 * else. */
bool meeting_type_parse(const char *s, meeting_type *out);

/* ---- Status ------------------------------------------------------------------------------ */

typedef enum {
    MEETING_PLANNED,   /* planned   计划召开 */
    MEETING_HELD,      /* held      已召开 */
    MEETING_CANCELLED, /* cancelled 已取消 */
} meeting_status;

#define MEETING_STATUS_COUNT 3
#define MEETING_CANCEL_REASON_MAX 200 /* code points */

extern const dj_enum dj_meeting_statuses[];

const char *meeting_status_name(meeting_status s);
const char *meeting_status_label(meeting_status s);
bool meeting_status_parse(const char *s, meeting_status *out);

/* Whether a meeting may go from `from` to `to`. Only planned -> held and planned -> cancelled
 * are transitions; to == from is "no change" and allowed. Everything else is refused:
 *   held -> cancelled or planned: a held meeting is in the register (会议登记本) with its minutes
 *     and attendance; un-holding it would rewrite the record inspectors read (DOMAIN.md §2).
 *   cancelled -> planned or held: the cancellation stays on record; plan a new meeting instead.
 * False for values outside the enum. */
bool meeting_transition_allowed(meeting_status from, meeting_status to);

/* meeting_transition_allowed(), plus: going to cancelled needs a reason (cancel_reason: not
 * blank, valid UTF-8, at most MEETING_CANCEL_REASON_MAX code points). On a fault fills err with
 * code "validation", field "status" (transition refused) or "cancel_reason", and a Chinese
 * message; returns false. err may be NULL. */
bool meeting_transition_check(meeting_status from, meeting_status to, const char *cancel_reason,
                              dj_err *err);

/* ---- Times ------------------------------------------------------------------------------- */

/* A wall-clock time in China time (no zone is stored or accepted): minutes since
 * 1970-01-01T00:00, so times compare with < and subtract to minutes. */
typedef int64_t meeting_time;

#define MEETING_TIME_LEN 16 /* "YYYY-MM-DDTHH:MM" */

/* Parses exactly "YYYY-MM-DDTHH:MM": an existing date (date_parse rules, years
 * DATE_MIN_YEAR..DATE_MAX_YEAR), hour 00..23, minute 00..59 (so "24:00" is refused: write the
 * next day's 00:00). No seconds, no zone, nothing before or after. False (out untouched) on NULL
 * or any other input. */
bool meeting_time_parse(const char *s, meeting_time *out);

/* Writes t as "YYYY-MM-DDTHH:MM" plus a NUL. */
void meeting_time_format(meeting_time t, char out[MEETING_TIME_LEN + 1]);

/* The calendar day of t. */
dj_date meeting_time_date(meeting_time t);

/* The China time (UTC+8 all year: China keeps no daylight saving time) of a Unix time in
 * seconds, to the minute (seconds dropped, towards the past also before 1970). Pure: the caller
 * hands in time(NULL), so "now" never depends on the server's time zone. */
meeting_time meeting_time_from_unix(int64_t unix_seconds);

/* Checks a meeting's starts_at and ends_at (both required) and stores the parsed times in
 * *start and *end (either may be NULL). In this order, stopping at the first fault:
 *   starts_at  present; shaped YYYY-MM-DDTHH:MM; an existing date; a time 00:00..23:59
 *   ends_at    the same
 *   ends_at    after starts_at (equal is refused: a meeting lasts)
 *   ends_at    on the day of starts_at or the next (a meeting may run past midnight, not longer)
 * On a fault fills err with code "validation", field "starts_at" or "ends_at", and a Chinese
 * message that names the field in Chinese (开始时间 / 结束时间), never its JSON name. */
bool meeting_times_validate(const char *starts_at, const char *ends_at, meeting_time *start,
                            meeting_time *end, dj_err *err);

/* ---- Attendance -------------------------------------------------------------------------- */

typedef enum {
    ATTEND_PRESENT,  /* present  出席 */
    ATTEND_LEAVE,    /* leave    请假 */
    ATTEND_ABSENT,   /* absent   缺席 */
    ATTEND_UNMARKED, /* unmarked 未登记 */
} attendance_status;

#define ATTENDANCE_STATUS_COUNT 4

extern const dj_enum dj_attendance_statuses[];

const char *attendance_status_name(attendance_status s);
const char *attendance_status_label(attendance_status s);
bool attendance_status_parse(const char *s, attendance_status *out);

typedef struct {
    int expected; /* everyone on the attendance list (应到) */
    int present;  /* 实到 */
    int leave;    /* 请假 */
    int absent;   /* 缺席, including the unmarked */
    int unmarked; /* of absent, those never marked: the recorder still has to fill them in */
} attendance_summary;

/* Counts n statuses. An unmarked attendee counts as absent: the register must show who came and
 * why others did not (DOMAIN.md §2, "absentees with reasons"), so a name nobody marked is not
 * evidence of attendance, and the summary never overstates it. `unmarked` says how many of the
 * absent are only unmarked. So expected == present + leave + absent. Values outside the enum
 * count as unmarked. s may be NULL when n is 0. */
attendance_summary attendance_summarize(const attendance_status *s, size_t n);

/* "Absent N times in a row" is a local warning, not a national rule (DOMAIN.md intro: local
 * practice must not be hard-coded), so the run length is a parameter; this is its default. */
#define ATTENDANCE_ABSENT_RUN_DEFAULT 3

/* For one member's attendance at held meetings, in chronological order (s[0] the oldest):
 * the index of the first meeting of the first run of at least `run` consecutive absences, or -1
 * if there is none (or run < 1). Unmarked counts as absent (as in attendance_summarize); leave
 * is an excused, recorded absence and ends a run; so does presence. */
ptrdiff_t attendance_absent_run_find(const attendance_status *s, size_t n, int run);

/* The member's current run: how many of the last statuses in s are absences (as above). */
int attendance_absent_trailing(const attendance_status *s, size_t n);

/* One member's attendance at one meeting, for the yearly rate. */
typedef struct {
    dj_date date;             /* the meeting's day (of starts_at) */
    meeting_status meeting;   /* only held meetings count */
    attendance_status status; /* the member's status */
} attendance_record;

typedef struct {
    int year;
    int expected;     /* held meetings that year the member was expected at */
    int present;
    int leave;
    int absent;       /* including unmarked */
    int rate_permille; /* present * 1000 / expected, rounded half up; -1 when expected is 0 */
} attendance_rate;

/* The member's attendance rate for `year`, from n records in any order. Only held meetings whose
 * date falls in that year count; planned and cancelled ones are not owed. The rate is
 * present / expected, leave included in expected: the rate measures taking part in
 * organisational life (组织生活, the first item of the 红色指数 rating, DOMAIN.md §6), and a
 * member on leave did not take part; leave is reported on its own so an evaluation may excuse it,
 * and only `absent` marks an unexcused absence. r may be NULL when n is 0. */
attendance_rate attendance_rate_for_year(const attendance_record *r, size_t n, int year);

/* ---- Quorum and votes (DOMAIN.md §2) ----------------------------------------------------- */

typedef struct {
    int required;  /* the fewest present that make quorum; 0 when the type has no quorum rule */
    int present;   /* as given */
    bool met;
    char rule[384]; /* Chinese, with the numbers and the rule it applies */
} meeting_quorum;

/* Whether a type takes quorum and votes: branch_assembly (more than half of the members
 * entitled to vote) and committee (more than half of the committee members). */
bool meeting_type_has_quorum(meeting_type t);

/* Quorum for a meeting of type t:
 *   branch_assembly  entitled = full members entitled to vote (probationary members attend but
 *                    do not vote, so they are not counted); present = those of them present.
 *                    Met when present * 2 > entitled: exactly half is short.
 *   committee        entitled = committee members; present = committee members present. Met
 *                    when present * 2 > entitled.
 *   any other type   no quorum rule: required 0, met true, rule says so.
 * Fills *out (rule included) and returns true. On negative numbers or present > entitled fills
 * err with code "validation", field "attendees" (field "type" for a type outside the enum), and
 * returns false; out then holds met = false. err may be NULL. */
bool meeting_quorum_compute(meeting_type t, int entitled, int present, meeting_quorum *out,
                            dj_err *err);

/* One person on a meeting's attendance list, for counting voters. */
typedef struct {
    member_category category; /* probationary members attend but do not vote (DOMAIN.md §2) */
    bool no_vote;             /* a full member whose voting right is suspended (留党察看) */
    attendance_status status;
} meeting_attendee;

/* Counts the members entitled to vote (full members without no_vote) into *entitled and those of
 * them marked present into *present. Either pointer may be NULL; a may be NULL when n is 0. */
void meeting_count_voters(const meeting_attendee *a, size_t n, int *entitled, int *present);

typedef struct {
    int yes;
    int no;
    int abstain;
} meeting_votes;

typedef struct {
    meeting_quorum quorum;
    int required_yes; /* the fewest yes votes that pass: more than half of those entitled */
    bool invalid;     /* marked invalid by the caller (which a quorum-short meeting requires) */
    bool passed;
    char rule[384];   /* Chinese, with the numbers */
} meeting_decision;

/* Checks a decision voted on at a meeting of type t with `entitled` members entitled to vote
 * (committee members for a committee meeting) and `present` of them present, and fills *out.
 * In this order, stopping at the first fault (code "validation" in each case):
 *   type      only branch_assembly and committee decide by vote (field "type")
 *   attendees entitled >= 0, 0 <= present <= entitled (field "attendees")
 *   votes     none negative; yes + no + abstain <= present (field "votes")
 *   invalid   when the meeting is short of quorum the decision cannot stand: refused unless
 *             marked_invalid, the message naming the quorum rule (field "invalid": marking the
 *             decision invalid is what makes it recordable)
 * passed = quorum met, not marked invalid, and yes * 2 > entitled: counted against those
 * entitled, not those present (DOMAIN.md §2), so exactly half in favour fails. The committee uses
 * the same rule against its membership: DOMAIN.md §2 gives only its quorum, and counting against
 * the whole committee is the stricter reading of 少数服从多数 that never lets a minority of the
 * committee decide. Returns true when the decision may be recorded. err may be NULL. */
bool meeting_decision_check(meeting_type t, int entitled, int present, const meeting_votes *v,
                            bool marked_invalid, meeting_decision *out, dj_err *err);

#endif
