/* needs.h: the public's needs in the database: posters' tokens, needs, their contact, photo,
 * replies and milestones, the proof of work's challenges and the throttle's records. SQL only:
 * the rules are in domain/needs.h. */
#ifndef DJ_STORE_NEEDS_H
#define DJ_STORE_NEEDS_H

#include "store/store.h"

/* The columns a write may set (row_insert, row_update). */
extern const char *const need_columns[];

/* Whose needs: those of the institutions the organisations of a subtree cover ("/" all), and
 * with uncovered those no organisation covers (institution_scope_where). */
typedef struct need_scope {
    const char *path;
    bool uncovered;
} need_scope;

typedef struct need_query {
    need_scope scope;
    const char *status, *grade, *category; /* wire names or NULL */
    int64_t institution_id;                 /* 0: any */
    bool overdue;                           /* only those not solved and due before today */
    const char *today;
    int64_t limit, offset;                  /* limit 0: all (the export) */
} need_query;

/* A page of live needs (newest first) with institution_name, assignee_name and overdue (bool). */
json_t *needs_list_e(db *d, const need_query *q, int64_t *total, dj_err *err);
/* One need (deleted too) with institution_name, assignee_name, has_photo; NULL + err "not_found". */
json_t *need_read_e(db *d, int64_t id, const char *today, dj_err *err);
/* The need of a ticket (not deleted): {id, ticket, status, category, received_on, due_on,
 * solved_on, institution_name} only; NULL + err "not_found". */
json_t *need_by_ticket_e(db *d, const char *ticket, dj_err *err);

/* The contact phone (malloc'd) or NULL when none was given. */
bool need_contact_get(db *d, int64_t need_id, char **out, dj_err *err);
bool need_contact_set(db *d, int64_t need_id, const char *contact, dj_err *err);

/* The photo: one per need. need_photo_add fails with "conflict" when there is one already. */
bool need_photo_add(db *d, int64_t need_id, const char *type, const void *data, size_t len, const char *sha256,
                    dj_err *err);
/* The bytes (malloc'd) and type (into type, 16 bytes); NULL + err "not_found" when none. */
char *need_photo_get(db *d, int64_t need_id, char type[16], size_t *len, dj_err *err);

/* The replies, oldest first: [{id, body, public, author_name, created_at}] (public_only: the
 * public ones, without author). */
json_t *need_replies_e(db *d, int64_t need_id, bool public_only, dj_err *err);
bool need_reply_add(db *d, int64_t need_id, const char *body, bool is_public, int64_t user_id, const char *author,
                    int64_t *id, dj_err *err);

/* The milestones of 倒排工期 in order: [{title, due_on, done_on}]; set replaces them. */
json_t *need_milestones_e(db *d, int64_t need_id, dj_err *err);
bool need_milestones_set(db *d, int64_t need_id, const json_t *items, dj_err *err);

/* Posters: the token of an institution (out: 32 bytes; *found false when none), the institution
 * of a token (live institutions only; name malloc'd), and setting (replacing) one. */
bool need_poster_get(db *d, int64_t institution_id, char out[32], bool *found, dj_err *err);
bool need_poster_find(db *d, const char *token, int64_t *institution_id, char **name, bool *found, dj_err *err);
bool need_poster_set(db *d, int64_t institution_id, const char *token, dj_err *err);

/* Challenges: stored with their expiry; taken once (deleted as they are read: *found false when
 * it was not there, or was taken by a concurrent request). Expired ones are purged. */
bool need_challenge_add(db *d, const char *challenge, int64_t institution_id, int64_t expires_at, dj_err *err);
bool need_challenge_take(db *d, const char *challenge, int64_t *institution_id, int64_t *expires_at, bool *found,
                         dj_err *err);
bool need_challenges_purge(db *d, int64_t now, dj_err *err);

/* The throttle: records under key ("a:ADDR", "c:ADDR", "i:ID") at a time, counted since a time;
 * records older than an hour purged. */
bool need_hit_add(db *d, const char *key, int64_t at, dj_err *err);
bool need_hits_count(db *d, const char *key, int64_t since, int64_t *n, dj_err *err);
bool need_hits_purge(db *d, int64_t before, dj_err *err);

/* The statistics' rows of the scope's live needs: [{institution_id, institution_name,
 * received_on, status, due_on, solved_on}] ordered by institution (the caller counts with
 * domain/needs.h's need_stats_add). */
json_t *needs_stats_rows_e(db *d, const need_scope *scope, int64_t institution_id, dj_err *err);

/* The to-do list: the scope's live needs overdue on today, most overdue first, at most limit:
 * [{id, ticket, institution_id, institution_name, due_on}]. */
json_t *needs_overdue_e(db *d, const need_scope *scope, const char *today, int limit, dj_err *err);

#endif
