/* coverage.h: what the two files of the two-coverage API share (api/coverage.c: the survey, its
 * rounds and settings; api/coverage_joint.c: joint branches by proximity). */
#ifndef DJ_API_COVERAGE_H
#define DJ_API_COVERAGE_H

#include "api/api.h"
#include "domain/coverage.h"
#include "store/coverage.h"

/* An institution's members as the survey sees them, and its status (DOMAIN.md §7): from the
 * organisations covering it alone (source "orgs"); for one no such organisation counts (none
 * covers it, or only a joint branch shared with others), the survey's counts ("survey"), or
 * none at all ("none"). */
typedef struct coverage_view {
    int full, probationary;
    const char *source;
    coverage_status status;
} coverage_view;

coverage_view coverage_view_of(const coverage_inst *x);

/* The subtree a coverage request reads: ?org= (404 outside the caller's scope) or the caller's
 * scope; NULL after replying, or (with *none set) when the caller has no organisation. */
const char *coverage_scope(http_request *req, api_ctx *c, bool *none);

/* The settings (key "coverage"), the defaults where none are stored. */
bool coverage_settings_load(db *d, coverage_settings *out, dj_err *err);

/* Freezes the figures of the subtree at round's org_path into a new round (round: {org_id,
 * org_path, name, taken_by}; its totals are added), inside the caller's transaction. */
bool coverage_round_take(db *d, const dj_actor *who, json_t *round, int64_t *id, dj_err *err);

#endif
