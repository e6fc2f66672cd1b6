/* service.h: volunteer service events in the database (domain/service.h has the rules). SQL only. */
#ifndef DJ_STORE_SERVICE_H
#define DJ_STORE_SERVICE_H

#include "store/files.h"
#include "store/store.h"

/* The columns a request may write (row_insert, row_update). */
extern const char *const service_columns[];

typedef struct service_query {
    const char *subtree;   /* within the caller's scope */
    const char *from, *to; /* held_on >= from and < to (YYYY-MM-DD), or NULL */
    const char *kind;      /* wire name or NULL */
    int64_t member_id;     /* 0: any; else the events this member served at */
    const char *q;         /* part of the title or place, or NULL */
    int64_t limit, offset; /* limit < 0: every one */
} service_query;

/* A page of live events (newest first) with org_name, member_count, hours, photos. */
json_t *service_list_e(db *d, const service_query *q, int64_t *total, dj_err *err);
/* One event (deleted too) with the list's columns and org_path; NULL + err "not_found". */
json_t *service_read_e(db *d, int64_t id, dj_err *err);
/* The rows of an event: orgs [{id, name}], institutions [{id, name}], members [{member_id, name,
 * hours}] (in their order), set on ev. */
bool service_links_e(db *d, int64_t id, json_t *ev, dj_err *err);
/* Replaces them (each already checked; members [{member_id, hours}]), in the caller's transaction. */
bool service_links_set(db *d, int64_t id, const json_t *org_ids, const json_t *inst_ids, const json_t *members,
                       dj_err *err);

/* The totals of the live events of the subtree held from <= held_on < to (NULL: every day):
 * events, distinct members, half hours, people served, medicine in fen. */
typedef struct service_totals {
    int64_t events, members, half_hours, people_served, medicine_fen;
} service_totals;
bool service_totals_e(db *d, const char *subtree, const char *from, const char *to, service_totals *t, dj_err *err);

/* A member's live events held from <= held_on < to: [{id, held_on, title, kind, place, hours}],
 * newest first; *half_hours the sum. */
json_t *service_member_hours_e(db *d, int64_t member_id, const char *from, const char *to, int64_t *half_hours,
                               dj_err *err);

/* An event's photos, by the functions of store/files.h. */
extern const file_table service_photo_files;

#endif
