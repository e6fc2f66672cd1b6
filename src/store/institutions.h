/* institutions.h: the registry of medical institutions and the organisations covering them. */
#ifndef DJ_STORE_INSTITUTIONS_H
#define DJ_STORE_INSTITUTIONS_H

#include "store/store.h"

typedef struct institution_query {
    const char *scope_path; /* "/" = all; else institutions linked to an org in the subtree, or to none */
    const char *q, *ownership, *kind, *district;
    bool include_uncovered;  /* also institutions no organisation covers (for coverage oversight) */
    bool deleted;
    int64_t limit, offset;
} institution_query;

/* A page of institutions, each with its covering orgs ("orgs", "org_ids"), and the total
 * matching; NULL + err when the database cannot be read. */
json_t *institutions_list_e(db *d, const institution_query *q, int64_t *total, dj_err *err);
/* One institution with its linked orgs (id, name, path); NULL when none. institution_read_e:
 * NULL + err "not_found" when there is none, the database's error when it cannot be read. */
json_t *institution_read(db *d, int64_t id);
json_t *institution_read_e(db *d, int64_t id, dj_err *err);
/* Replaces the orgs linked to an institution. */
bool institution_set_orgs(db *d, int64_t id, const json_t *org_ids, dj_err *err);

extern const char *const institution_columns[];

/* ANDs to w the scope of a list of institutions aliased i: those covered by an organisation of
 * the subtree at scope_path (upper: store_path_upper of it), and with include_uncovered those
 * no organisation covers that the subtree (or an administrator) registered; nothing for "/". */
struct store_where;
void institution_scope_where(struct store_where *w, const char *scope_path, const char *upper, bool include_uncovered);

/* Records the org path of the scope that registered an institution (NULL: an administrator):
 * who sees and may change it while no organisation covers it. Reads return it as owner_path. */
bool institution_set_owner(db *d, int64_t id, const char *owner_path, dj_err *err);

#endif
