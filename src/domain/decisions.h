/* decisions.h: 三重一大 (DOMAIN.md §7, seed 002): a hospital committee decides major decisions,
 * important appointments, major projects and large sums collectively and reports each upward
 * ("三重一大"报告制度). Pure rules: the caller hands in values and "today". */
#ifndef DJ_DECISIONS_H
#define DJ_DECISIONS_H

#include "core/date.h"
#include "core/err.h"
#include "domain/enums.h"

#include <stdbool.h>
#include <stdint.h>

/* The four kinds, in this order: decision 重大决策, appointment 重要人事任免, project 重大项目安排,
 * funds 大额资金使用. */
typedef enum { DECISION_MAJOR, DECISION_APPOINTMENT, DECISION_PROJECT, DECISION_FUNDS } decision_category;
extern const dj_enum dj_decision_categories[];

/* Wire name or label → category; false (out untouched) otherwise. */
bool decision_category_parse(const char *s, decision_category *out);

/* The largest amount accepted: 1e12 yuan in fen (no sum of a hospital comes near it). */
#define DECISION_AMOUNT_MAX_FEN INT64_C(100000000000000)

/* The amount (field amount_fen): required for 大额资金使用 (has_amount), 0..DECISION_AMOUNT_MAX_FEN
 * whenever given; the other kinds may carry one (a major project's budget). */
bool decision_amount_check(decision_category c, bool has_amount, int64_t amount_fen, dj_err *err);

/* The reporting deadline is a setting: DOMAIN.md gives no number of days, so 15 days after the
 * decision (the bureau may set 1..90). */
#define DECISION_REPORT_DAYS_DEFAULT 15
typedef struct decision_settings {
    int report_days;
} decision_settings;
decision_settings decision_defaults(void);
bool decision_settings_validate(const decision_settings *s, dj_err *err);

/* The votes (field votes): none negative, at least one cast, and passed: more than half of the
 * votes cast in favour (for * 2 > for + against + abstain; exactly half fails). When the
 * meeting that decided it is known with its attendance (entitled >= 0: committee members
 * expected, present: of them present), the rule of DOMAIN.md §2 for a committee applies as well
 * (meeting_decision_check of domain/meetings.h): quorum (present * 2 > entitled), no more votes
 * than members present, and more than half of the committee in favour. entitled < 0: unknown. */
bool decision_votes_check(int64_t v_for, int64_t against, int64_t abstain, int entitled, int present, dj_err *err);

/* The dates: decided_on not after today (field decided_on); reported_on, when set, not before
 * decided_on and not after today (field reported_on). */
bool decision_dates_check(dj_date decided_on, bool reported, dj_date reported_on, dj_date today, dj_err *err);

/* The last day to report a decision: decided_on + report_days (that day is still on time). */
dj_date decision_report_due(dj_date decided_on, int report_days);

/* Where a decision's report stands on today. */
typedef enum {
    DECISION_REPORT_PENDING,  /* pending       待报告: not reported, the deadline not passed */
    DECISION_REPORT_OVERDUE,  /* overdue       逾期未报告: not reported, the deadline passed */
    DECISION_REPORT_ON_TIME,  /* reported      已按期报告 */
    DECISION_REPORT_LATE,     /* reported_late 逾期报告 */
} decision_report_state;
extern const dj_enum dj_decision_report_states[];
decision_report_state decision_report_state_of(dj_date decided_on, bool reported, dj_date reported_on, dj_date today,
                                               int report_days);

#endif
