/* coverage.h: what the two-coverage survey reads and writes (schema_coverage.c): the facts of
 * the institutions of a scope (their covering organisations, their members counted once per
 * organisation, their survey counts), the survey counts themselves, and survey rounds. */
#ifndef DJ_STORE_COVERAGE_H
#define DJ_STORE_COVERAGE_H

#include "store/store.h"

typedef struct coverage_inst {
    int64_t id;
    char *name, *ownership, *district; /* district may be NULL */
    bool has_coords;
    double lat, lng;
    bool own_org, joint_org; /* covered by an organisation of its own / by a joint branch of several */
    bool counted;            /* some organisation covering it alone counts its members */
    int org_full, org_prob;  /* the members of those organisations' subtrees */
    bool surveyed;
    int survey_full, survey_prob;
    int64_t survey_version;
    char surveyed_on[11];
    int64_t owner_org_id; /* the organisation whose scope registered it (0: an administrator) */
} coverage_inst;

typedef struct coverage_set {
    coverage_inst *v; /* by name (pinyin), then id */
    size_t n;
} coverage_set;

/* The live institutions of the subtree at scope_path ("/": all; institution_scope_where's rule,
 * include_uncovered for those who oversee coverage), of one district when district is set, of
 * the ids of a JSON array when ids is set. Members are read once, grouped by organisation, over
 * the subtree (only members the caller may see are counted): not deleted, and not transferred
 * out, suspended or deceased (org_count's rule). An organisation that covers several
 * institutions (a joint branch) counts for none of them: its members cannot be told apart.
 * False + err when the database cannot be read. */
bool coverage_read(db *d, const char *scope_path, bool include_uncovered, const char *district, const json_t *ids,
                   coverage_set *out, dj_err *err);
void coverage_set_free(coverage_set *s);

/* The survey row of an institution (id, institution_id, full_members, probationary_members,
 * surveyed_on, surveyed_by, version, created_at, updated_at) or NULL (err "not_found" when there
 * is none). */
json_t *survey_read_e(db *d, int64_t institution_id, dj_err *err);
extern const char *const survey_columns[];

/* A round: its row (org_id NULL and org_path "/" for the whole tree), then its items (array of
 * {institution_id, name, ownership, district, full_members, probationary_members, status}),
 * without an audit record per item (the round's own record holds the totals). */
bool coverage_round_create(db *d, const dj_actor *who, const json_t *round, const json_t *items, int64_t *id,
                           dj_err *err);
/* A page of the rounds whose org_path lies in the subtree at scope_path, newest first. */
json_t *coverage_rounds_list_e(db *d, const char *scope_path, int64_t limit, int64_t offset, int64_t *total,
                               dj_err *err);
/* One round {id, org_id, org_name, org_path, name, taken_by, totals, created_at, institutions};
 * NULL + err "not_found" when there is none. */
json_t *coverage_round_read_e(db *d, int64_t id, dj_err *err);
/* Its items by institution id; NULL + err when it cannot be read. */
json_t *coverage_round_items_e(db *d, int64_t id, dj_err *err);
/* The round taken before id over the same subtree into *prev (0: none). */
bool coverage_round_previous(db *d, int64_t id, const char *org_path, int64_t *prev, dj_err *err);

#endif
