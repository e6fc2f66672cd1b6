/* members.h: party members' files: the list query (subtree, filters, full-text search, sort,
 * paging), transfers and their history, and the bulk insert of an import. */
#ifndef DJ_STORE_MEMBERS_H
#define DJ_STORE_MEMBERS_H

#include "domain/member_rules.h"
#include "store/store.h"

typedef struct member_query {
    const char *subtree;      /* org path whose subtree is listed (already within the scope) */
    int64_t only_id;          /* a member's own account: only this member (0: not used) */
    const char *ids;          /* only these members: a JSON array of ids ("[3,7]"), or NULL */
    const char *category, *status, *tag, *department, *q;
    bool search_phone;        /* whether q may match phone numbers */
    const char *sort;         /* org (default), name, joined_on, birth_date, id; '-' before one: descending */
    bool deleted;             /* deleted ones only */
    int64_t limit, offset;    /* limit 0: no limit (export) */
} member_query;

/* False when sort is not one of the allowed keys. */
bool member_sort_valid(const char *sort);

/* Appends a page of members as a JSON array to out, written straight from the rows (with
 * org_name and org_path; filter masks or drops columns), and returns the total matching. */
struct buf;
int64_t members_list_json(db *d, const member_query *q, struct buf *out, db_json_filter filter, void *arg);
/* The same, with the total in *total; false + err when the database cannot be read (out then
 * holds a partial array: discard it). members_list_json lists nothing then. */
bool members_list_json_e(db *d, const member_query *q, struct buf *out, db_json_filter filter, void *arg,
                         int64_t *total, dj_err *err);
/* Calls fn for every member matching q, in order (for exports); stops when fn returns false.
 * The rows are streamed (db_stream): fn must not use d. members_each_e returns 1 when every
 * member was handed to fn, 0 when fn stopped, -1 + err when the read failed; members_each
 * returns whether every member was handed over. */
bool members_each(db *d, const member_query *q, bool (*fn)(json_t *m, void *arg), void *arg);
int members_each_e(db *d, const member_query *q, bool (*fn)(json_t *m, void *arg), void *arg, dj_err *err);
/* One member (deleted ones too). member_read_e: NULL + err "not_found" when there is none, the
 * database's error when it cannot be read; member_read: NULL for both. */
json_t *member_read(db *d, int64_t id);
json_t *member_read_e(db *d, int64_t id, dj_err *err);

/* The columns a request may write, and those an import writes. */
extern const char *const member_columns[];

/* Moves a member to another organisation and keeps the transfer as history. */
bool member_transfer(db *d, int64_t id, int64_t version, int64_t to_org_id, const char *to_path,
                     const char *date, const char *reason, const dj_actor *who, dj_err *err);
/* Transfers (newest first) and audit records of a member. The _e variants: NULL + err when the
 * database cannot be read; the others give an empty array then. */
json_t *member_transfers(db *d, int64_t id);
json_t *member_audit(db *d, int64_t id);
json_t *member_transfers_e(db *d, int64_t id, dj_err *err);
json_t *member_audit_e(db *d, int64_t id, dj_err *err);

/* The first `limit` full members directly in an org, as [{id, name}] (demo committees); NULL +
 * err when the database cannot be read. */
json_t *members_first_full(db *d, int64_t org_id, int limit, dj_err *err);

/* Whether an ID number is already on file (excluding member except_id). The _e variant: into
 * *taken, false + err when the database cannot be read; the other answers false then. */
bool member_id_number_taken(db *d, const char *id_number, int64_t except_id);
bool member_id_number_taken_e(db *d, const char *id_number, int64_t except_id, bool *taken, dj_err *err);

/* Bulk inserts of imported members inside one transaction (begin, many member_insert_bulk,
 * end, before the commit; a rollback undoes everything). On SQLite the search index is filled
 * once at the end, and when the file is at least as large as what is on file the other indexes of
 * members and of the audit log are rebuilt at the end too (a sort beats a random insert per
 * row); ids are counted here and the page cache is enlarged for the duration. On PostgreSQL
 * only the one timestamp is kept. members_bulk_free (which bulk_end calls) after a failure, as
 * soon as the transaction is over or about to be rolled back. */
typedef struct member_bulk {
    int64_t first_id; /* rows above this id are the new ones */
    int64_t next_id;  /* SQLite: the id of the next row; 0 when the database assigns it */
    char now[32];     /* created_at of every row */
    json_t *deferred; /* [{type, name, sql}] of the triggers and indexes set aside */
} member_bulk;
bool members_bulk_begin(db *d, member_bulk *b, int64_t expected_rows, dj_err *err);
bool members_bulk_end(db *d, member_bulk *b, dj_err *err);
void members_bulk_free(db *d, member_bulk *b);

/* Inserts one imported member without an audit record (the caller writes it): its fields as
 * checked and normalised (id_number normalised, the enums as wire names; NULL = absent), its
 * organisation and tags as a JSON array's text (NULL: none). b may be NULL (outside a bulk).
 * *id (when id is not NULL) receives the new member's id. */
bool member_insert_bulk(db *d, member_bulk *b, const member_input *m, int64_t org_id, const char *tags_json,
                        const char *org_path, int64_t *id, dj_err *err);

#endif
