/* alliances.h: 红联共建 in the database: alliances, their partner organisations, agreement,
 * activities, resources and referral counts. SQL only: the rules are in domain/alliances.h. */
#ifndef DJ_STORE_ALLIANCES_H
#define DJ_STORE_ALLIANCES_H

#include "store/store.h"

/* The columns a request may write (row_insert, row_update). */
extern const char *const alliance_columns[];
extern const char *const alliance_activity_columns[];
extern const char *const alliance_resource_columns[];

typedef struct alliance_query {
    const char *subtree; /* the caller's scope: the lead or a partner in it */
    const char *kind;    /* wire name or NULL */
    int64_t org_id;      /* 0: any; else alliances it leads or joins */
    int64_t limit, offset; /* limit < 0: every one */
} alliance_query;

/* A page of live alliances (id descending) with lead_org_name, partners, activities, resources,
 * referrals (all years) and has_agreement. */
json_t *alliances_list_e(db *d, const alliance_query *q, int64_t *total, dj_err *err);

/* One alliance (deleted too) with the list's columns and org_path; NULL + err "not_found". */
json_t *alliance_read_e(db *d, int64_t id, dj_err *err);

/* Its partners in their order: [{org_id, name, org_path}] (the organisation's path now). */
json_t *alliance_orgs_e(db *d, int64_t alliance_id, dj_err *err);
/* Replaces them by orgs [{org_id, org_path}] (already checked), inside the caller's transaction. */
bool alliance_orgs_set(db *d, int64_t alliance_id, const json_t *orgs, dj_err *err);

/* An organisation as an alliance sees it: {id, name, path, deleted, public_n, private_n} (its
 * live institutions of each ownership); NULL + err "not_found". */
json_t *alliance_org_e(db *d, int64_t org_id, dj_err *err);
/* The live institutions an organisation covers: [{id, name, ownership}]. */
json_t *alliance_org_institutions_e(db *d, int64_t org_id, dj_err *err);

/* A page of the alliance's live activities (newest first; year "YYYY" or NULL: all), each with
 * meeting_topic and meeting_starts_at of its linked meeting (when live). limit < 0: all. */
json_t *alliance_activities_e(db *d, int64_t alliance_id, const char *year, int64_t limit, int64_t offset,
                              int64_t *total, dj_err *err);
json_t *alliance_activity_read_e(db *d, int64_t id, dj_err *err);

/* The alliance's live resources (in their order) with provider_org_name. */
json_t *alliance_resources_e(db *d, int64_t alliance_id, dj_err *err);
json_t *alliance_resource_read_e(db *d, int64_t id, dj_err *err);

/* The count of a month and direction: *found false when none was recorded. */
bool alliance_referral_get(db *d, int64_t alliance_id, const char *month, int64_t from, int64_t to, bool *found,
                           int64_t *count, dj_err *err);
/* Records it (replacing the month's count of that direction). */
bool alliance_referral_put(db *d, int64_t alliance_id, const char *month, int64_t from, int64_t to, int64_t count,
                           dj_err *err);
/* The counts of months from..to ("YYYY-MM", both included; NULL: every month), by month then
 * direction: [{month, from_org_id, to_org_id, count}]. */
json_t *alliance_referrals_e(db *d, int64_t alliance_id, const char *from, const char *to, dj_err *err);

/* The agreement: stored (replacing the one before), described, read, removed. */
json_t *alliance_agreement_put_e(db *d, int64_t alliance_id, const char *name, const char *content_type,
                                 const void *data, size_t len, const char *sha256, const char *created_by, dj_err *err);
/* {name, content_type, size, sha256, created_at, created_by}; NULL + "not_found" when none. */
json_t *alliance_agreement_meta_e(db *d, int64_t alliance_id, dj_err *err);
/* Its bytes (malloc'd; the caller frees); NULL + "not_found" when none. */
void *alliance_agreement_data_e(db *d, int64_t alliance_id, size_t *len, dj_err *err);
bool alliance_agreement_delete(db *d, int64_t alliance_id, dj_err *err);

#endif
