/* needs.h: the public's needs by QR code (需求"码"上提，医院马上办; DOMAIN.md §7, seed 002): a
 * person scans an institution's poster, files a need (category, description, an optional contact
 * phone and photo) after a proof of work, and gets a ticket; the hospital grades it (一般, 较急,
 * 紧急) and either solves it now (立行立办, within a set number of days) or plans it backwards from
 * a deadline (倒排工期, milestones); statistics count received, solved, solved on time and the
 * average days ("解决群众急难愁盼问题15个"). Pure rules: the caller hands in values and "today". */
#ifndef DJ_NEEDS_H
#define DJ_NEEDS_H

#include "core/date.h"
#include "core/err.h"
#include "domain/enums.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Categories the public picks from: medical 诊疗服务, appointment 挂号预约, fees 收费医保,
 * environment 就医环境, attitude 服务态度, other 其他. */
extern const dj_enum dj_need_categories[];
/* Grades: normal 一般, urgent 较急, critical 紧急. */
extern const dj_enum dj_need_grades[];
/* Modes: immediate 立行立办, scheduled 倒排工期. */
extern const dj_enum dj_need_modes[];
/* Statuses: received 待办理 (filed, not yet graded), in_progress 办理中, solved 已解决. */
extern const dj_enum dj_need_statuses[];

/* The configurable parts (settings key "needs"). */
typedef struct need_settings {
    int per_address_hour;     /* needs one address may file in an hour: 1..1000 (5) */
    int per_institution_hour; /* needs one institution's poster may receive in an hour: 1..100000 (60) */
    int difficulty;           /* leading zero bits of the proof of work: 0..32 (18; lower it in tests) */
    int immediate_days;       /* 立行立办: due this many days after grading: 1..30 (3) */
} need_settings;

need_settings need_defaults(void);
/* Each value within its range; err names the setting. */
bool need_settings_validate(const need_settings *s, dj_err *err);

/* A challenge lives ten minutes. */
#define NEED_CHALLENGE_TTL_S 600
/* Description: 1..1000 characters. */
#define NEED_DESCRIPTION_MAX 1000
/* A photo: at most 5 MB. */
#define NEED_PHOTO_MAX ((size_t)5 * 1024 * 1024)
/* Tickets and poster tokens: base32 (A-Z, 2-7). */
#define NEED_TICKET_LEN 16
#define NEED_TOKEN_LEN 24

/* The number of leading zero bits of a digest (n bytes). */
int need_zero_bits(const unsigned char *digest, size_t n);
/* Whether a digest starts with at least `difficulty` zero bits. */
bool need_pow_ok(const unsigned char *digest, size_t n, int difficulty);
/* A nonce as the page sends it: 1..32 hex digits (either case). */
bool need_nonce_valid(const char *nonce);

/* Whether s is a ticket (NEED_TICKET_LEN) or a token (NEED_TOKEN_LEN) of base32 characters. */
bool need_code_valid(const char *s, size_t len);
/* The base32 text of n random bytes' values (each byte's low five bits): out holds n + 1. */
void need_code_from_bytes(const unsigned char *bytes, size_t n, char *out);

/* The description: 1..1000 characters (field description). */
bool need_description_check(const char *s, dj_err *err);
/* The contact phone: empty, or 7..20 characters of digits, spaces, '-' and a leading '+', with at
 * least 7 digits (field contact). */
bool need_contact_check(const char *s, dj_err *err);

/* 立行立办: due `days` days after the day it was graded. */
dj_date need_due_immediate(dj_date graded_on, int days);
/* 倒排工期: the deadline after today (not today; field deadline). */
bool need_deadline_check(dj_date deadline, dj_date today, dj_err *err);
/* 倒排工期's milestones set backwards from the deadline: milestone i (0-based) of n is due
 * deadline - (n - 1 - i) * step days, step = (deadline - today) / n (at least 1); the last on the
 * deadline, none before today (clamped). n: 1..10; out holds n dates. */
bool need_backward_plan(dj_date today, dj_date deadline, int n, dj_date *out, dj_err *err);
/* A milestone given as days before the deadline: 0..365, not before today (field milestones). */
bool need_milestone_before(dj_date today, dj_date deadline, int days_before, dj_date *due, dj_err *err);

/* Solved on time: solved on or before the day it was due (no due day: on time). */
bool need_on_time(bool has_due, dj_date due_on, dj_date solved_on);
/* Overdue: not solved, due before today. */
bool need_overdue(bool solved, bool has_due, dj_date due_on, dj_date today);
/* Days to solve: from the day received to the day solved (never negative). */
int need_days_to_solve(dj_date received_on, dj_date solved_on);

/* The statistics of a set of needs. */
typedef struct need_stats {
    int64_t received, solved, solved_on_time, open, overdue;
    int64_t days_sum; /* days to solve, summed over the solved */
} need_stats;
/* Adds one need. */
void need_stats_add(need_stats *s, dj_date received_on, bool solved, dj_date solved_on, bool has_due, dj_date due_on,
                    dj_date today);
/* The average days to solve, to one decimal (0 when none solved). */
double need_stats_average_days(const need_stats *s);
/* The share solved on time of the solved, in percent to one decimal (0 when none solved). */
double need_stats_on_time_rate(const need_stats *s);

#endif
