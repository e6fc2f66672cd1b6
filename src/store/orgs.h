/* orgs.h: the organisation tree. A subtree is every org whose path starts with its path. */
#ifndef DJ_STORE_ORGS_H
#define DJ_STORE_ORGS_H

#include "store/store.h"

typedef struct org_query {
    const char *scope_path;   /* required */
    int64_t parent_id;        /* children of this org (0: not used) */
    bool roots;               /* the top of the scope */
    const char *q;            /* name contains */
    const char *type;
    bool deleted;             /* deleted ones only */
    int64_t limit, offset;
} org_query;

/* A page of organisations (JSON objects) and the total matching; NULL + err when the database
 * cannot be read. */
json_t *orgs_list_e(db *d, const org_query *q, int64_t *total, dj_err *err);
/* One organisation with path, committee, institutions, counts; NULL when none (deleted ones
 * are returned with "deleted": true). org_read_e: NULL + err "not_found" when there is none,
 * the database's error when it cannot be read. */
json_t *org_read(db *d, int64_t id);
json_t *org_read_e(db *d, int64_t id, dj_err *err);

/* Counts for the warnings: members directly in the org, full ones, members in the subtree,
 * committee members. */
typedef struct org_counts {
    int direct_members, direct_full, subtree_members, subtree_full, committee;
} org_counts;
void org_count(db *d, int64_t id, const char *path, org_counts *out);
/* The same; false + err when the database cannot be read. */
bool org_count_e(db *d, int64_t id, const char *path, org_counts *out, dj_err *err);

/* Inserts an org under the org at parent_path ("" for a root) and sets its path. */
bool org_create(db *d, const json_t *fields, const char *parent_path, const dj_actor *who, int64_t *id, dj_err *err);
/* Re-roots the subtree at old_path under new_parent_path ("" for a root), members included. */
bool org_move(db *d, int64_t id, const char *old_path, const char *new_parent_path, dj_err *err);
/* Replaces the committee (array of {name, member_id, position, term_start, term_end}). */
bool org_set_committee(db *d, int64_t id, const json_t *committee, dj_err *err);
/* Replaces the linked institutions (array of ids). */
bool org_set_institutions(db *d, int64_t id, const json_t *ids, dj_err *err);
/* Whether an org has live children or members (then it cannot be deleted). The _e variant:
 * into *has, false + err when the database cannot be read; the other answers true then. */
bool org_has_content(db *d, int64_t id);
bool org_has_content_e(db *d, int64_t id, bool *has, dj_err *err);

/* The path of a live (not deleted) org into out; false when there is none. org_live_path_e:
 * false + err "not_found" when there is none, the database's error when it cannot be read. */
bool org_live_path(db *d, int64_t id, char *out, size_t n);
bool org_live_path_e(db *d, int64_t id, char *out, size_t n, dj_err *err);

/* Columns a request may write. */
extern const char *const org_columns[];

#endif
