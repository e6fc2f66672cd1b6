/* posts.h: pioneer posts and badges in the database (domain/posts.h has the rules). SQL only. */
#ifndef DJ_STORE_POSTS_H
#define DJ_STORE_POSTS_H

#include "store/store.h"

/* The columns a request may write (row_insert, row_update). */
extern const char *const post_columns[];

typedef struct post_query {
    const char *subtree;    /* within the caller's scope */
    int64_t institution_id; /* 0: any */
    int64_t member_id;      /* 0: any; else the posts this member is on duty at */
    const char *q;          /* part of the name, department or place, or NULL */
    int64_t limit, offset;  /* limit < 0: every one */
} post_query;

/* A page of live posts (id ascending) with institution_name, org_name and members [{id, name}]. */
json_t *posts_list_e(db *d, const post_query *q, int64_t *total, dj_err *err);
/* One post (deleted too) with the list's columns and org_path; NULL + err "not_found". */
json_t *post_read_e(db *d, int64_t id, dj_err *err);
/* Its members on duty in their order: [{id, name, org_path}] (the member may be deleted since). */
json_t *post_members_e(db *d, int64_t post_id, dj_err *err);
/* Replaces them with ids (a JSON array of integers), inside the caller's transaction. */
bool post_members_set(db *d, int64_t post_id, const json_t *ids, dj_err *err);
/* The deepest live organisation of the subtree at scope_path that covers the institution: its id
 * and path; *org_id = 0 when none does. */
bool post_covering_org(db *d, int64_t institution_id, const char *scope_path, int64_t *org_id, char *path, size_t n,
                       dj_err *err);

/* A member's badge: *found false when the member never had one; token (BADGE_TOKEN_LEN + 1). */
bool badge_read(db *d, int64_t member_id, bool *found, char *token, size_t n, bool *enabled, bool *has_photo, dj_err *err);
/* Writes the member's badge (token and enabled), creating the row when it has none. */
bool badge_write(db *d, int64_t member_id, const char *token, bool enabled, dj_err *err);
/* The photo (NULL data: none). */
bool badge_photo_write(db *d, int64_t member_id, const void *data, size_t len, const char *type, dj_err *err);
/* The public badge of token: only when it is enabled and its member's file is live:
 * {member_id, name, title, department, has_photo, institution, posts: [names]}; NULL + err
 * "not_found" otherwise. */
json_t *badge_public_e(db *d, const char *token, dj_err *err);
/* The photo of an enabled badge (malloc'd bytes) and its type; NULL + err "not_found". */
char *badge_photo_e(db *d, const char *token, size_t *len, char *type, size_t tn, dj_err *err);

#endif
