/* users.h: accounts, passwords (Argon2id), sessions and login throttling, all in the database so
 * any server process can answer any request. */
#ifndef DJ_USERS_H
#define DJ_USERS_H

#include "store/store.h"

#include <sodium.h>

typedef struct session_info {
    int64_t user_id;
    char username[64];
    char role[16];
    int64_t org_id;
    char org_path[256];
    int64_t member_id;
    char csrf[64];
    int64_t member_org_id;     /* the organisation of the member record, where it is now */
    char member_org_path[256];
} session_info;

/* password_hash and password_verify (Argon2id) sit beside the password rules: domain/password.h. */
#include "domain/password.h"

/* A new password for the account id (at version; -1: whatever it is): the password rules
 * (password_acceptable, against username), its Argon2id hash written with the other columns of
 * fields (display_name, ...; may be NULL), the audit record (action "update" or "passwd"), the
 * account's sessions ended and any lockout lifted. The one way a password changes: the CLI's
 * `user passwd`, an administrator's PATCH and one's own 修改密码 all come here. The caller owns the
 * transaction. */
bool user_password_set(db *d, int64_t id, int64_t version, const char *username, const char *pw,
                       const json_t *fields, const char *action, const dj_actor *who, dj_err *err);

/* Creates a session for user_id: a 256-bit random token (only its SHA-256 is stored) and a CSRF
 * token. Expires after `hours`. */
bool session_create(db *d, int64_t user_id, int hours, char token[64], char csrf[64], dj_err *err);
/* Finds the live session of token for an enabled user; false when none. */
bool session_lookup(db *d, const char *token, session_info *out);
/* The same, telling "no such session" (*found false, returns true) from a failed read (false +
 * err). */
bool session_lookup_e(db *d, const char *token, session_info *out, bool *found, dj_err *err);
void session_delete(db *d, const char *token);
bool session_delete_e(db *d, const char *token, dj_err *err);
/* Removes every session of a user (password change, disable). */
void session_delete_user(db *d, int64_t user_id);
bool session_delete_user_e(db *d, int64_t user_id, dj_err *err);

/* Failed logins under key ("u:NAME", "a:NAME|ADDR" or "ip:ADDR") since unix time `since`. */
int login_failures(db *d, const char *key, int64_t since);
/* The _e variants of the throttling functions return false + err when the database cannot be
 * read or written; the others ignore the failure (0 failures, not locked, nothing written). */
bool login_failures_e(db *d, const char *key, int64_t since, int *n, dj_err *err);
/* Records a failure at `now`; forgets the failures older than a day (never a lock). */
void login_failure_add(db *d, const char *key, int64_t now);
bool login_failure_add_e(db *d, const char *key, int64_t now, dj_err *err);
void login_failures_clear(db *d, const char *key);
bool login_failures_clear_e(db *d, const char *key, dj_err *err);
/* Locks the account for one address; the lock stays, however old, until
 * login_failures_clear_account lifts it (an administrator's unlock or a new password). */
void login_lock(db *d, const char *username, const char *addr, int64_t now);
bool login_lock_e(db *d, const char *username, const char *addr, int64_t now, dj_err *err);
bool login_locked(db *d, const char *username, const char *addr);
bool login_locked_e(db *d, const char *username, const char *addr, bool *locked, dj_err *err);
/* Forgets every failure and every lock of the account (from every address): unlocks it. */
bool login_failures_clear_account(db *d, const char *username, dj_err *err);

/* An account with its org's name and path and its failed logins since failures_since
 * (without the password hash), or NULL. */
json_t *user_get(db *d, int64_t id, int64_t failures_since);
/* The single-account reads below have an _e variant: NULL + err "not_found" when there is none,
 * the database's error when it cannot be read. */
json_t *user_get_e(db *d, int64_t id, int64_t failures_since, dj_err *err);

typedef struct user_query {
    bool all;                /* every account; else those of orgs under scope_path, except admins */
    const char *scope_path;
    const char *q, *role;    /* name contains; exact role (NULL or "": any) */
    int64_t failures_since;
    int64_t limit, offset;
} user_query;
/* A page of accounts (as user_get) and the total matching. */
json_t *users_list(db *d, const user_query *q, int64_t *total);
/* The same; NULL + err when the database cannot be read (users_list: an empty page then). */
json_t *users_list_e(db *d, const user_query *q, int64_t *total, dj_err *err);

/* The account as GET /me shows it: id, username, display_name, role, org_id, org_name, member_id. */
json_t *user_me(db *d, int64_t id);
json_t *user_me_e(db *d, int64_t id, dj_err *err);

/* The account named username (with password_hash), or NULL. */
json_t *user_by_name(db *d, const char *username);
json_t *user_by_name_e(db *d, const char *username, dj_err *err);

/* Creates an account (hashing the password) with an audit record; the caller validates. */
bool user_create(db *d, const char *username, const char *display_name, const char *role,
                 int64_t org_id, int64_t member_id, const char *password, const dj_actor *who,
                 int64_t *id, dj_err *err);

/* The enabled accounts linked to a member record (object_type "member") or an organisation
 * ("org"): [{id, username, version}]; NULL + err on a failed read. */
json_t *users_linked(db *d, const char *object_type, int64_t id, dj_err *err);
/* Disables them (audited as "disable"), ending their sessions: a deleted member's account must
 * not go on working. Inside the caller's transaction. */
bool users_disable_linked(db *d, const char *object_type, int64_t id, const dj_actor *who, dj_err *err);

#endif
