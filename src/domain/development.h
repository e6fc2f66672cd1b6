/* development.h: developing party members (发展党员, DOMAIN.md §4, 发展党员工作细则 2014): the 25
 * steps in order, their time rules, the stage they put a person in, what falls due. Pure: the
 * caller hands in the dates of the steps done and "today". */
#ifndef DJ_DEVELOPMENT_H
#define DJ_DEVELOPMENT_H

#include <stdbool.h>

#include "core/date.h"
#include "core/err.h"
#include "domain/member_rules.h"

enum {
    DEV_STEPS = 25,
    DEV_STEP_APPLY = 1,       /* 递交入党申请书: age >= 18 that day */
    DEV_STEP_TALK = 2,        /* 党组织派人谈话: within 1 month of step 1 */
    DEV_STEP_ACTIVIST = 3,    /* 推荐和确定入党积极分子 */
    DEV_STEP_CONTACTS = 5,    /* 指定培养联系人 (two full members) */
    DEV_STEP_CANDIDATE = 7,   /* 确定发展对象: >= 1 year after step 3 */
    DEV_STEP_SPONSORS = 9,    /* 确定入党介绍人 (two full members) */
    DEV_STEP_TRAINING = 11,   /* 开展集中培训: >= 3 days or >= 24 class hours */
    DEV_STEP_ADMIT = 15,      /* 支部大会讨论: the member record is created, probation starts */
    DEV_STEP_APPROVE = 17,    /* 上级党委审批: within 3 months of step 15 */
    DEV_STEP_FULL_MEETING = 23, /* 支部大会讨论转正: not before 1 year (+ extension) from step 15 */
    DEV_STEP_FULL = 24,       /* 上级党委审批转正: the member becomes full */
};

#define DEV_MIN_AGE 18
#define DEV_TALK_MONTHS 1
#define DEV_ACTIVIST_YEARS 1
#define DEV_TRAINING_DAYS 3
#define DEV_TRAINING_HOURS 24
#define DEV_APPROVAL_MONTHS 3
#define DEV_PROBATION_YEARS 1
#define DEV_EXTENSION_MIN_MONTHS 6
#define DEV_EXTENSION_MAX_MONTHS 12
#define DEV_PEOPLE_REQUIRED 2 /* 培养联系人 and 入党介绍人: two each */
#define DEV_SOURCE "发展党员工作细则（2014）；DOMAIN.md §4"

typedef enum { DEV_APPLICANT, DEV_ACTIVIST, DEV_CANDIDATE, DEV_PROBATIONARY, DEV_FULL } dev_stage;

/* The step's Chinese name (1..25), NULL outside. */
const char *dev_step_label(int step);
/* What the step needs, for the form (people, training), or "". */
const char *dev_step_needs(int step);
/* Wire name and label of a stage; NULL outside. */
const char *dev_stage_name(dev_stage s);
const char *dev_stage_label(dev_stage s);
/* The stage of someone whose last step done is last (0: none yet): applicant up to step 2,
 * activist from step 3, candidate from step 7, probationary from step 15, full from step 24. */
dev_stage dev_stage_of(int last);
/* Whether step needs DEV_PEOPLE_REQUIRED full members in people (5 and 9). */
bool dev_step_needs_people(int step);

/* Someone in the pipeline as the rules see it. */
typedef struct dev_record {
    dj_date birth;            /* birth date */
    int last;                 /* the last step done, 0..25 (steps are done in order) */
    dj_date done[DEV_STEPS + 1]; /* done[k]: the date of step k, for k <= last */
    int extension_months;     /* 0, or the one extension of probation (6..12) */
} dev_record;

/* A time rule's verdict on a step's date. */
typedef struct dev_verdict {
    bool ok;               /* the date keeps every time rule */
    const char *rule;      /* when !ok: the rule broken, in Chinese */
    const char *source;    /* when !ok: where the rule comes from */
    char message[400];     /* when !ok: the rule with its dates, for the 422 */
} dev_verdict;

/* The window of step (= r->last + 1) from its time rules: *earliest (0: none beyond the previous
 * step's date) and *latest (0: none). */
void dev_step_window(const dev_record *r, int step, dj_date *earliest, dj_date *latest);

/* Checks recording step on done_on as of today. Faults nobody may override give false with err
 * (code "validation"): a step outside 1..25, already done ("conflict"), out of order, a date after
 * today or before the previous step's date; training (step 11) without days or hours. Otherwise
 * returns true and fills v: ok, or the time rule the date breaks (which an entitled user may
 * override with a reason): age 18 on step 1, the talk within a month, one year as an activist,
 * training of 3 days or 24 hours, approval within 3 months, one year of probation (+ extension).
 * training_days / training_hours: step 11's figures (0 when not given). */
bool dev_step_check(const dev_record *r, int step, dj_date done_on, dj_date today, int training_days,
                    int training_hours, dev_verdict *v, dj_err *err);

/* Whether a step whose verdict is v may be recorded: always when v->ok; when it breaks a time rule,
 * only with a reason that is not blank from a caller entitled to override (committee and above).
 * False with err: code "validation", field "done_on" and v's message when no reason is given;
 * code "forbidden", field "override_reason" when the caller is not entitled. */
bool dev_override_check(const dev_verdict *v, const char *reason, bool entitled, dj_err *err);

/* Checks an extension of probation by months: only once, 6 to 12 months, after step 15 and before
 * step 23. False with err (code "validation", field "extension_months") otherwise. */
bool dev_extension_check(const dev_record *r, int months, dj_err *err);

/* The date probation ends: one year from step 15 (date_add_years) plus the extension; 0 before
 * step 15. */
dj_date dev_probation_end(const dev_record *r);

/* What falls due for r as of today (the board and the to-do list). */
typedef struct dev_due {
    bool talk_owed;          /* step 1 done, no talk yet: due by step 1 + 1 month */
    bool talk_overdue;       /* ... and that date has passed */
    bool activist_year;      /* an activist whose year is reached, or reached within 30 days */
    bool probation_ending;   /* probation ends within 30 days (or has ended) without step 23 */
    bool approval_late;      /* step 15 done, no approval, more than 3 months ago */
    dj_date date;            /* the date of the first of these (0: none) */
} dev_due;
dev_due dev_due_of(const dev_record *r, dj_date today);

#define DEV_DUE_DAYS 30

/* An applicant's personal fields (name, gender, birth date, ID number, phone, texts) checked as
 * the member file checks them (member_validate); category and the party dates are not asked.
 * m->id_number already normalised. False with err at the first fault. */
bool dev_applicant_validate(const member_input *m, dj_date today, dj_err *err);

/* Steps 15 and 23 are decided by the branch general meeting (支部大会讨论): the vote of DOMAIN.md
 * §2 — more than half of the full members entitled to vote present, and more than half of them
 * (counted against those entitled, not those present) in favour. */
bool dev_step_needs_vote(int step);

/* The vote of a branch general meeting on step 15 or 23: `entitled` full members entitled to vote,
 * `present` of them present, `yes`/`no`/`abstain` votes. True when the numbers hold together and
 * the vote passes (quorum met, yes * 2 > entitled); false with err (code "validation") naming the
 * field and, for a vote short of quorum or of a majority, the rule with the numbers: field
 * "voters_present" for the quorum, "votes_for" for the majority, "voters_entitled",
 * "voters_present" or "votes_for" for numbers that cannot be (negative, present > entitled, more
 * votes than members present). */
bool dev_vote_check(int entitled, int present, int yes, int no, int abstain, dj_err *err);

#endif
