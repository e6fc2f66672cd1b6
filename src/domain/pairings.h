/* pairings.h: the 201 project (201工程, 红色指导员; DOMAIN.md §7, seed 000): a party-member
 * instructor paired one-to-one with a private medical institution guides its party building over
 * three years in three stages, 搭架子 (framework) → 正常化 (regular) → 见成效 (results), with
 * milestones and visits. Pure rules: the caller hands in values and "today". */
#ifndef DJ_PAIRINGS_H
#define DJ_PAIRINGS_H

#include "core/date.h"
#include "core/err.h"
#include "domain/enums.h"

#include <stdbool.h>

/* The stages, in their order (seed 000: "三年三步走"). */
typedef enum {
    PAIRING_FRAMEWORK, /* framework 搭架子 */
    PAIRING_REGULAR,   /* regular   正常化 */
    PAIRING_RESULTS,   /* results   见成效 */
} pairing_stage;
#define PAIRING_STAGE_COUNT 3
extern const dj_enum dj_pairing_stages[];

/* Wire name or label → stage; false (out untouched) otherwise. */
bool pairing_stage_parse(const char *s, pairing_stage *out);
const char *pairing_stage_name(pairing_stage s);
const char *pairing_stage_label(pairing_stage s);

/* A pairing lasts three years (seed 000: "三年三步走") unless the bureau sets another end. */
#define PAIRING_YEARS_DEFAULT 3

/* The configurable parts (DOMAIN.md §7 says "one-to-one"; a place may pair one instructor with
 * more institutions, DOMAIN.md §6 leaves the number of stars to each place). */
typedef struct pairing_settings {
    int max_per_instructor;  /* live pairings one instructor may hold: 1 (一对一), up to 20 */
    int max_per_institution; /* live pairings of one institution: 1, up to 5 */
    int max_stars;           /* the star scale of the target (seed 000: Wuhan aims at six stars) */
} pairing_settings;

/* {1, 1, 6}. */
pairing_settings pairing_defaults(void);
/* Each value within its range; err names the setting. */
bool pairing_settings_validate(const pairing_settings *s, dj_err *err);

/* The default end: three years after the start (date_add_years: 29 February → 1 March). */
dj_date pairing_default_end(dj_date started_on);

/* The dates of a pairing: the end after the start (field ends_on). */
bool pairing_dates_check(dj_date started_on, dj_date ends_on, dj_err *err);

/* A stage change: the same stage, or the next one; never skipping or going back (field stage). */
bool pairing_stage_change_check(pairing_stage from, pairing_stage to, dj_err *err);

/* Only a private institution (民营, ownership "private") is paired: the 201 project guides
 * 社会办医疗机构 (field institution_id). */
bool pairing_ownership_check(const char *ownership, dj_err *err);

/* Whether one more live pairing fits: `held` live pairings already (of the instructor: field
 * instructor_user_id; of the institution: field institution_id) against the setting's max. */
bool pairing_capacity_check(int held, int max, bool of_instructor, dj_err *err);

/* The target star level: 1..max_stars (field target_stars). */
bool pairing_target_check(int stars, int max_stars, dj_err *err);

/* A milestone's dates: due within the pairing (started_on..ends_on); done, when set, not before
 * the start and not after today (field milestones). */
bool pairing_milestone_check(dj_date started_on, dj_date ends_on, dj_date due_on, bool done, dj_date done_on,
                             dj_date today, dj_err *err);

/* Where a milestone stands on `today`. */
typedef enum {
    MILESTONE_PENDING,   /* pending   未到期: not done, due today or later */
    MILESTONE_LATE,      /* late      已逾期: not done, due before today */
    MILESTONE_DONE,      /* done      按期完成: done on or before its due day */
    MILESTONE_DONE_LATE, /* done_late 逾期完成: done after its due day */
} milestone_state;
extern const dj_enum dj_milestone_states[];
milestone_state pairing_milestone_state(dj_date due_on, bool done, dj_date done_on, dj_date today);
const char *milestone_state_name(milestone_state s);

/* A visit: on a day of the pairing (not before its start, not after its end) and not after
 * today (field visited_on). */
bool pairing_visit_check(dj_date started_on, dj_date ends_on, dj_date visited_on, dj_date today, dj_err *err);

/* The quarter of a day as "YYYY-Qn" (out: 8 bytes). */
void pairing_quarter_label(dj_date d, char out[8]);

#endif
