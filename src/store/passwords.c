/* passwords.c: the one way a password changes (users.h: user_password_set). */
#include "store/users.h"

#include "store/rows.h"

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
        json_t *row = row_get(d, "users", id);
        version = row ? json_integer_value(json_object_get(row, "version")) : 0;
        json_decref(row);
    }
    static const char *const cols[] = {"display_name", "role", "org_id", "member_id", "disabled", "password_hash", NULL};
    bool ok = row_update(d, "users", cols, id, version, f, false, action, who, err) &&
              login_failures_clear_account(d, username, err);
    json_decref(f);
    if (ok)
        session_delete_user(d, id); /* every session of the old password ends */
    return ok;
}
