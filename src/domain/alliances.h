/* alliances.h: 红联共建 (DOMAIN.md §7, seeds 003, 004): alliances between the party organisations
 * of public and private medical institutions, "1+1" (one lead, one partner) and "1+N" (one lead,
 * several partners): 组织联建、活动联办、资源联用、专业联合, joint activities (联学共建), shared
 * resources and two-way referrals (双向转诊) counted per month in each direction. Pure rules: the
 * caller hands in values and "today". */
#ifndef DJ_ALLIANCES_H
#define DJ_ALLIANCES_H

#include "core/date.h"
#include "core/err.h"
#include "domain/enums.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "1+1" and "1+N" (seed 003: "‘1+1’和‘1+N’双轨运行模式"). */
typedef enum { ALLIANCE_ONE_ONE, ALLIANCE_ONE_MANY } alliance_kind;
extern const dj_enum dj_alliance_kinds[];
/* Wire name or label → kind; false (out untouched) otherwise. */
bool alliance_kind_parse(const char *s, alliance_kind *out);

/* Joint activities: 联学 (joint study), 联办 (joint event), 培训 (training), 义诊 (free clinic),
 * 讲座 (shared lecture). */
#define ALLIANCE_ACTIVITY_KINDS 5
extern const dj_enum dj_alliance_activity_kinds[];
/* Shared resources: 专家, 设备, 培训名额, 场地, 其他. */
extern const dj_enum dj_alliance_resource_kinds[];

/* The most partners of one alliance (besides the lead). */
#define ALLIANCE_MEMBERS_MAX 30

/* The organisations of an alliance: the lead and its partners, none twice, the lead not among
 * the partners; "1+1" exactly one partner (two organisations), "1+N" at least two (three or
 * more), at most ALLIANCE_MEMBERS_MAX (field member_org_ids). */
bool alliance_members_check(alliance_kind kind, int64_t lead, const int64_t *members, size_t n, dj_err *err);

/* What one organisation of an alliance is, by the ownership of the institutions it covers: a
 * bureau's own branch covers none (neither). */
typedef struct alliance_org_owner {
    int64_t org_id;
    bool is_public, is_private;
} alliance_org_owner;

/* 红联共建 is "公立+民营" (seed 003: "公立民营携手"; seed 004: "‘公立+民营’党建联学共建"): among the
 * organisations (lead first) one covers a public institution and another one a private
 * institution (field member_org_ids). A bureau's branch may join besides (seed 004). */
bool alliance_mix_check(const alliance_org_owner *orgs, size_t n, dj_err *err);

/* The term: the end, when given, not before the start (field ends_on). */
bool alliance_dates_check(dj_date started_on, bool has_end, dj_date ends_on, dj_err *err);

/* A day of the alliance's life (an activity): not before its start, not after its end when it
 * has one (field, label: for the message). */
bool alliance_day_check(dj_date started_on, bool has_end, dj_date ends_on, dj_date day, const char *field,
                        const char *label, dj_err *err);

/* "YYYY-MM" (exactly) → year and month; false otherwise. */
bool alliance_month_parse(const char *s, int *year, int *month);

/* A month of referrals: well formed, not after today's month, not before the month the alliance
 * started, not after the month it ended (field month). */
bool alliance_referral_month_check(const char *month, dj_date started_on, bool has_end, dj_date ends_on, dj_date today,
                                   dj_err *err);

/* A referral count: 0 .. ALLIANCE_REFERRALS_MAX a month (field count); the two organisations
 * different (field to_org_id). */
#define ALLIANCE_REFERRALS_MAX 100000
bool alliance_referral_check(int64_t from_org_id, int64_t to_org_id, int64_t count, dj_err *err);

/* One stored count: month 1..12 of a year. */
typedef struct alliance_referral {
    int year, month;
    int64_t from_org_id, to_org_id, count;
} alliance_referral;

/* The referrals of a year in one direction, month by month. */
typedef struct alliance_direction {
    int64_t from_org_id, to_org_id;
    int64_t months[12];
    int64_t total;
} alliance_direction;

/* The year's referrals by direction (ordered by from, then to; other years ignored): fills out
 * (up to max directions) and returns how many it filled; *total: the year's referrals, all of
 * them; *dropped: whether a direction did not fit. */
size_t alliance_referral_series(const alliance_referral *rows, size_t n, int year, alliance_direction *out, size_t max,
                                int64_t *total, bool *dropped);

/* Activities by kind: counts[i] for dj_alliance_activity_kinds[i] (kinds are wire names or
 * labels; unknown ones are not counted); returns the number counted. */
size_t alliance_activities_by_kind(const char *const *kinds, size_t n, int64_t counts[ALLIANCE_ACTIVITY_KINDS]);

#endif
