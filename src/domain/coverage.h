/* coverage.h: the two-coverage survey (两个覆盖: 应建尽建、应联尽联、应纳尽纳, DOMAIN.md §7, seed 003)
 * and joint branches by proximity (联合党支部, 就近就便, DOMAIN.md §1, seed 002).
 *
 * Pure functions: the caller hands in counts and coordinates, gets statuses and groups back. */
#ifndef DJ_COVERAGE_H
#define DJ_COVERAGE_H

#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A branch is set up with 3 or more full members (DOMAIN.md §1). */
#define COVERAGE_BRANCH_MIN_FULL 3
/* A branch usually has at most 50 members (DOMAIN.md §1, 党支部工作条例 art. 4): no joint branch is
 * proposed above it. */
#define COVERAGE_BRANCH_MAX_FULL 50

/* ---- Status of an institution (DOMAIN.md §7) -------------------------------------------- */

typedef enum {
    COVERAGE_HAS_ORG,      /* has_org      已建/已联: an organisation of its own covers it */
    COVERAGE_SHOULD_BUILD, /* should_build 应建: 3+ full members, no organisation of its own */
    COVERAGE_SHOULD_JOIN,  /* should_join  应联: 1-2 full members, no organisation */
    COVERAGE_NO_MEMBERS,   /* no_members   无党员: no full member, no organisation */
} coverage_status;

#define COVERAGE_STATUS_COUNT 4

/* What the status depends on. */
typedef struct coverage_facts {
    bool own_org;   /* covered by an organisation that is not a joint branch (its own 党委/支部) */
    bool joint_org; /* covered by a joint branch (联合党支部) */
    int full;       /* its full (正式) members */
} coverage_facts;

/* The status: an institution covered by an organisation of its own has one; one covered only by
 * a joint branch has one too while it has fewer than 3 full members, and should build its own
 * once it has 3 (应建尽建); an uncovered one should build (3+), join (1-2) or has no members. */
coverage_status coverage_status_of(coverage_facts f);

const char *coverage_status_name(coverage_status s);
const char *coverage_status_label(coverage_status s);
/* Parses a wire name or a Chinese label; false for anything else. */
bool coverage_status_parse(const char *s, coverage_status *out);

/* Survey counts (PUT /institutions/{id}/survey): non-negative, at most 100000 each; err names
 * the field by its label. */
bool coverage_survey_valid(int64_t full, int64_t probationary, dj_err *err);

/* ---- Joint branches by proximity -------------------------------------------------------- */

/* Settings (the settings table, key "coverage"). */
typedef struct coverage_settings {
    double max_distance_km; /* no two institutions of a group farther apart (default 10) */
    bool cross_district;    /* a group may span districts (default false) */
} coverage_settings;

#define COVERAGE_MAX_DISTANCE_DEFAULT 10.0
#define COVERAGE_MAX_DISTANCE_LIMIT 200.0

coverage_settings coverage_defaults(void);
bool coverage_settings_validate(const coverage_settings *s, dj_err *err);

/* Great-circle distance in km between two points given in degrees (haversine, R = 6371.0088). */
double coverage_distance_km(double lat1, double lng1, double lat2, double lng2);

/* Whether a latitude / longitude is a coordinate on Earth. */
bool coverage_latitude_valid(double lat);
bool coverage_longitude_valid(double lng);

/* One institution that should join a joint branch. */
typedef struct coverage_site {
    int64_t id;       /* unique; the grouping's ties are broken by id */
    int full;         /* full members (1 or 2 for should_join; any >= 1 is accepted) */
    int district;     /* a number per district (the caller's), compared for equality */
    bool has_coords;
    double lat, lng;  /* degrees */
} coverage_site;

/* Why an institution is left out of every group. */
typedef enum {
    COVERAGE_LEFT_NO_COORDINATES, /* no coordinates: its distances are unknown */
    COVERAGE_LEFT_TOO_FAR,        /* no other such institution within the distance (and district) */
    COVERAGE_LEFT_TOO_FEW,        /* those within reach have fewer than 3 full members together */
    COVERAGE_LEFT_TAKEN,          /* those within reach were grouped, and no group could take it */
} coverage_left_reason;

const char *coverage_left_name(coverage_left_reason r);
const char *coverage_left_label(coverage_left_reason r);

typedef struct coverage_group {
    size_t first, n;       /* its sites: plan.members[first .. first + n), as indexes into sites */
    int full;              /* full members together */
    double centre_lat, centre_lng; /* the mean of its coordinates */
    double radius_km;      /* the largest distance from an institution to the centre */
    double diameter_km;    /* the largest distance between two of its institutions */
} coverage_group;

typedef struct coverage_left {
    size_t site; /* index into sites */
    coverage_left_reason reason;
} coverage_left;

typedef struct coverage_plan {
    coverage_group *groups;
    size_t ngroups;
    size_t *members;  /* the groups' sites, group after group, each group's in id order */
    coverage_left *left;
    size_t nleft;     /* in id order */
} coverage_plan;

/* Groups sites into proposed joint branches.
 *
 * Objective: take as many institutions into groups as possible, where each group holds at least
 * 3 full members (DOMAIN.md §1), at most 50, lies in one district (unless cross_district) and
 * has no two institutions farther apart than max_distance_km; among such groupings, keep each
 * member's way short: the smallest largest distance from an institution to its group's centre
 * (the group's radius). Exact optimisation is a set-partitioning problem; the function finds a
 * good answer deterministically in O(n log n) for spread-out sites:
 *   1. candidates: every smallest group that reaches 3 full members (a pair, or three sites of
 *      one member each) among each site's 8 nearest neighbours within reach;
 *   2. greedy: candidates by radius, then diameter, then ids; each taken when none of its sites
 *      is taken already;
 *   3. what is left joins the group within reach whose radius grows least (a site that would
 *      stretch any group past the distance, or past 50 full members, stays left).
 * Groups come out in the order of their smallest id; the result does not depend on the order
 * of sites. Returns false only when memory runs out. Free with coverage_plan_free. */
bool coverage_group_sites(const coverage_site *sites, size_t n, const coverage_settings *set, coverage_plan *out);
void coverage_plan_free(coverage_plan *p);

#endif
