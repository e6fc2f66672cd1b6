/* passwords.c: the one way a password changes (users.h: user_password_set). */
#include "store/users.h"

#include "store/rows.h"

#include <stdio.h>
#include <string.h>

bool user_password_set(db *d, int64_t id, int64_t version, const char *username, const char *pw,
                       const json_t *fields, const char *action, const dj_actor *who, dj_err *err)
{
    if (!password_acceptable(pw, username, err))
        return false;
    char hash[PASSWORD_HASH_BYTES];
    if (!password_hash(pw, hash))
        return dj_err_set(err, "internal", "", "out of memory hashing a password");
    json_t *f = fields ? json_deep_copy(fields) : json_object();
    json_object_del(f, "password");
    json_object_set_new(f, "password_hash", json_string(hash));
    sodium_memzero(hash, sizeof hash);
    if (version < 0) {
        json_t *row = row_get_e(d, "users", id, err);
        if (!row) {
            json_decref(f);
            return false;
        }
        version = json_integer_value(json_object_get(row, "version"));
        json_decref(row);
    }
    static const char *const cols[] = {"display_name", "role", "org_id", "member_id", "disabled", "password_hash", NULL};
    /* Every session of the old password ends, and any lockout is lifted. */
    bool ok = row_update(d, "users", cols, id, version, f, false, action, who, err) &&
              login_failures_clear_account(d, username, err) && session_delete_user_e(d, id, err);
    json_decref(f);
    return ok;
}

/* The column that links an account to an object: a fixed name, never the caller's text. */
static const char *link_column(const char *object_type)
{
    return strcmp(object_type, "member") == 0 ? "member_id" : strcmp(object_type, "org") == 0 ? "org_id" : NULL;
}

json_t *users_linked(db *d, const char *object_type, int64_t id, dj_err *err)
{
    const char *col = link_column(object_type);
    if (!col) {
        dj_err_set(err, "internal", "", "no account link for %s", object_type);
        return NULL;
    }
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT id, username, version FROM users WHERE %s = ? AND disabled = 0 ORDER BY id", col);
    db_stmt *s = db_prepare(d, sql);
    db_bind_int(s, 1, id);
    return db_rows_json(s, NULL, err);
}

bool users_disable_linked(db *d, const char *object_type, int64_t id, const dj_actor *who, dj_err *err)
{
    json_t *list = users_linked(d, object_type, id, err);
    if (!list)
        return false;
    static const char *const cols[] = {"disabled", NULL};
    json_t *f = json_pack("{s:b}", "disabled", 1);
    bool ok = true;
    size_t i;
    json_t *u;
    json_array_foreach(list, i, u) {
        int64_t uid = json_integer_value(json_object_get(u, "id"));
        ok = row_update(d, "users", cols, uid, json_integer_value(json_object_get(u, "version")), f, false, "disable",
                        who, err);
        if (!ok || !(ok = session_delete_user_e(d, uid, err)))
            break;
    }
    json_decref(f);
    json_decref(list);
    return ok;
}
