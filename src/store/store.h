/* store.h: what every store module shares: who acts (for the audit log), scope paths, time. */
#ifndef DJ_STORE_H
#define DJ_STORE_H

#include "store/db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The caller of a request, as the store needs it. */
typedef struct dj_actor {
    int64_t user_id;
    const char *username;
    const char *role;        /* wire name: admin, org_admin, ... */
    int64_t org_id;          /* the root of the caller's scope (0: none) */
    const char *scope_path;  /* "/" = everything; "/1/5/" = that subtree; NULL = no organisation */
    int64_t member_id;       /* the member this account belongs to (0: none) */
} dj_actor;

/* Now as "YYYY-MM-DDTHH:MM:SSZ" (UTC). */
void store_now(char out[32]);

/* The exclusive upper bound of the path range of a subtree: "/1/5/" -> "/1/50". */
void store_path_upper(const char *path, char *out, size_t n);

/* Whether path lies in the subtree at scope ("/" holds every path). */
bool store_path_in(const char *path, const char *scope);

/* Whether the database has no organisations and no accounts yet (for `init --demo`) into
 * *empty; false + err when it cannot be read. */
bool store_is_empty(db *d, bool *empty, dj_err *err);
/* The tables a backup or restore carries over, i = 0, 1, ... until NULL: every table of the
 * registry (module.h), then the migrations' books. */
const char *store_table_name(size_t i);
/* The row count of one of those tables; false + err when it cannot be read or is not one. */
bool store_table_count(db *d, const char *table, int64_t *count, dj_err *err);
/* SQLite's PRAGMA integrity_check says "ok" (always true on PostgreSQL); false + err when it
 * does not, or cannot run. store_integrity_ok: the same without the reason. */
bool store_integrity_check(db *d, dj_err *err);
bool store_integrity_ok(db *d);
/* For a large import from the command line on SQLite: a rollback journal instead of the WAL
 * while no other connection has the database open, so that new pages are written once (into
 * the file) rather than twice (into the WAL, then by the checkpoint). Either way a transaction
 * is all or nothing and survives a crash. on = true tries the switch and says whether it was
 * made (false on PostgreSQL, or while a server has the database open); on = false goes back to
 * the WAL. */
bool store_bulk_journal(db *d, bool on);

/* Appends an audit record (inside the caller's transaction). before/after may be NULL.
 * Each record carries the hash of the previous one, so a changed or deleted record shows. */
bool audit_write(db *d, const dj_actor *who, const char *action, const char *object_type,
                 int64_t object_id, const json_t *before, const json_t *after, dj_err *err);

/* Many records in one transaction (an import): the chain's last hash and the time are read
 * once, at the first record, and kept here. Start with {.loaded = false}; only valid while the
 * transaction that holds the write lock lasts. */
typedef struct audit_chain {
    bool loaded;
    char prev[65];
    char at[32];
} audit_chain;
bool audit_append(db *d, audit_chain *c, const dj_actor *who, const char *action, const char *object_type,
                  int64_t object_id, const json_t *before, const json_t *after, dj_err *err);
/* The same with before and after already as JSON text (NULL: none). */
bool audit_append_text(db *d, audit_chain *c, const dj_actor *who, const char *action, const char *object_type,
                       int64_t object_id, const char *before, const char *after, dj_err *err);

/* audit_append in three steps, for a writer that seals records on another thread (a large
 * import): load the chain's head and the time (in the transaction); seal a record (its JSON
 * texts, no database: fills the record's prev and hash and moves the chain on); insert the
 * sealed record, in the order sealed. */
bool audit_chain_load(db *d, audit_chain *c, dj_err *err);
void audit_seal(audit_chain *c, const dj_actor *who, const char *action, const char *object_type, int64_t object_id,
                const char *before, const char *after, char prev[65], char hash[65]);
bool audit_insert_sealed(db *d, const char *at, const dj_actor *who, const char *action, const char *object_type,
                         int64_t object_id, const char *before, const char *after, const char *prev,
                         const char *hash, dj_err *err);

/* Checks the hash chain; on a break fills *bad_id with the first record that fails. head gets the
 * hash of the last intact record: kept elsewhere, it reveals records later cut from the end
 * (pass it back as want: *found says whether it is still in the chain). */
bool audit_verify(db *d, int64_t *checked, int64_t *bad_id, char head[65], const char *want, bool *found, dj_err *err);

#endif
