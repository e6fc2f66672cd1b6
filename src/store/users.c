#include "store/users.h"

#include "store/rows.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static void sha256_hex(const char *s, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
    sodium_bin2hex(hex, 65, h, sizeof h);
}

static void random_token(char out[64])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, 64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

bool session_create(db *d, int64_t user_id, int hours, char token[64], char csrf[64], dj_err *err)
{
    random_token(token);
    random_token(csrf);
    char hash[65];
    sha256_hex(token, hash);
    int64_t now = (int64_t)time(NULL);
    /* Sweep the expired ones now and then, so the table stays small. */
    db_stmt *s = db_prepare(d, "DELETE FROM sessions WHERE expires_at < ?");
    db_bind_int(s, 1, now);
    db_run(s, NULL);
    s = db_prepare(d, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?,?,?,?,?)");
    db_bind_text(s, 1, hash);
    db_bind_int(s, 2, user_id);
    db_bind_text(s, 3, csrf);
    db_bind_int(s, 4, now);
    db_bind_int(s, 5, now + (int64_t)hours * 3600);
    return db_run(s, err);
}

bool session_lookup(db *d, const char *token, session_info *out)
{
    if (!token || strlen(token) < 20 || strlen(token) > 60)
        return false;
    char hash[65];
    sha256_hex(token, hash);
    db_stmt *s = db_prepare(d,
        "SELECT u.id, u.username, u.role, COALESCE(u.org_id, 0), COALESCE(o.path, ''),"
        " COALESCE(u.member_id, 0), s.csrf_token, COALESCE(m.org_id, 0), COALESCE(m.org_path, '')"
        " FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN orgs o ON o.id = u.org_id"
        " LEFT JOIN members m ON m.id = u.member_id"
        /* An account of a deleted member record or organisation does not work, whatever was
         * left behind before deletes disabled such accounts. */
        " WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0"
        " AND (u.member_id IS NULL OR m.deleted_at IS NULL) AND (u.org_id IS NULL OR o.deleted_at IS NULL)");
    db_bind_text(s, 1, hash);
    db_bind_int(s, 2, (int64_t)time(NULL));
    if (db_step(s, NULL) != 1)
        return false;
    memset(out, 0, sizeof *out);
    out->user_id = db_col_int(s, 0);
    snprintf(out->username, sizeof out->username, "%s", db_col_text(s, 1));
    snprintf(out->role, sizeof out->role, "%s", db_col_text(s, 2));
    out->org_id = db_col_int(s, 3);
    snprintf(out->org_path, sizeof out->org_path, "%s", db_col_text(s, 4));
    out->member_id = db_col_int(s, 5);
    snprintf(out->csrf, sizeof out->csrf, "%s", db_col_text(s, 6));
    out->member_org_id = db_col_int(s, 7);
    snprintf(out->member_org_path, sizeof out->member_org_path, "%s", db_col_text(s, 8));
    db_step(s, NULL);
    return true;
}

void session_delete(db *d, const char *token)
{
    if (!token)
        return;
    char hash[65];
    sha256_hex(token, hash);
    db_stmt *s = db_prepare(d, "DELETE FROM sessions WHERE token_hash = ?");
    db_bind_text(s, 1, hash);
    db_run(s, NULL);
}

void session_delete_user(db *d, int64_t user_id)
{
    db_stmt *s = db_prepare(d, "DELETE FROM sessions WHERE user_id = ?");
    db_bind_int(s, 1, user_id);
    db_run(s, NULL);
}

int login_failures(db *d, const char *key, int64_t since)
{
    db_stmt *s = db_prepare(d, "SELECT COUNT(*) FROM login_failures WHERE key = ? AND at >= ?");
    db_bind_text(s, 1, key);
    db_bind_int(s, 2, since);
    int n = 0;
    if (db_step(s, NULL) == 1)
        n = (int)db_col_int(s, 0);
    db_step(s, NULL);
    return n;
}

void login_failure_add(db *d, const char *key, int64_t now)
{
    /* Failures older than a day are forgotten; a lock ("L:" key) is kept until it is lifted. */
    db_stmt *s = db_prepare(d, "DELETE FROM login_failures WHERE at < ? AND substr(key, 1, 2) <> 'L:'");
    db_bind_int(s, 1, now - 86400);
    db_run(s, NULL);
    s = db_prepare(d, "INSERT INTO login_failures (key, at) VALUES (?, ?)");
    db_bind_text(s, 1, key);
    db_bind_int(s, 2, now);
    db_run(s, NULL);
}

void login_failures_clear(db *d, const char *key)
{
    db_stmt *s = db_prepare(d, "DELETE FROM login_failures WHERE key = ?");
    db_bind_text(s, 1, key);
    db_run(s, NULL);
}

static void lock_key(char *out, size_t n, const char *username, const char *addr)
{
    snprintf(out, n, "L:%s|%s", username, addr);
}

void login_lock(db *d, const char *username, const char *addr, int64_t now)
{
    char key[256];
    lock_key(key, sizeof key, username, addr);
    if (login_failures(d, key, 0) > 0)
        return;
    db_stmt *s = db_prepare(d, "INSERT INTO login_failures (key, at) VALUES (?, ?)");
    db_bind_text(s, 1, key);
    db_bind_int(s, 2, now);
    db_run(s, NULL);
}

bool login_locked(db *d, const char *username, const char *addr)
{
    char key[256];
    lock_key(key, sizeof key, username, addr);
    return login_failures(d, key, 0) > 0;
}

bool login_failures_clear_account(db *d, const char *username, dj_err *err)
{
    db_stmt *s = db_prepare(d, "DELETE FROM login_failures WHERE key = 'u:' || ?"
                               " OR substr(key, 1, length(?) + 3) IN ('a:' || ? || '|', 'L:' || ? || '|')");
    db_bind_text(s, 1, username);
    db_bind_text(s, 2, username);
    db_bind_text(s, 3, username);
    db_bind_text(s, 4, username);
    return db_run(s, err);
}

json_t *user_by_name(db *d, const char *username)
{
    db_stmt *s = db_prepare(d, "SELECT * FROM users WHERE username = ?");
    db_bind_text(s, 1, username);
    json_t *row = NULL;
    if (db_step(s, NULL) == 1) {
        row = db_row_json(s);
        db_step(s, NULL);
    }
    return row;
}

bool user_create(db *d, const char *username, const char *display_name, const char *role,
                 int64_t org_id, int64_t member_id, const char *password, const dj_actor *who,
                 int64_t *id, dj_err *err)
{
    static const char *const cols[] = {"username", "display_name", "role", "org_id", "member_id", "password_hash", NULL};
    char hash[PASSWORD_HASH_BYTES];
    if (!password_hash(password, hash))
        return dj_err_set(err, "internal", "", "无法计算密码摘要");
    json_t *f = json_pack("{s:s,s:s,s:s,s:s}", "username", username, "display_name", display_name,
                          "role", role, "password_hash", hash);
    json_object_set_new(f, "org_id", org_id ? json_integer(org_id) : json_null());
    json_object_set_new(f, "member_id", member_id ? json_integer(member_id) : json_null());
    bool ok = row_insert(d, "users", cols, f, who, id, err);
    json_decref(f);
    sodium_memzero(hash, sizeof hash);
    return ok;
}

/* failed_logins: the account's failures in the window; locks: the addresses it is locked for
 * (auth.c's "L:NAME|ADDRESS" keys, kept until an administrator lifts them); both for
 * administrators. */
#define USER_SELECT                                                                                \
    "SELECT u.id, u.username, u.display_name, u.role, u.org_id, o.name AS org_name, o.path AS org_path," \
    " u.member_id, u.disabled, u.version, (SELECT COUNT(*) FROM login_failures f WHERE f.key = 'u:' || u.username" \
    " AND f.at >= ?) AS failed_logins, (SELECT COUNT(*) FROM login_failures f" \
    " WHERE substr(f.key, 1, length(u.username) + 3) = 'L:' || u.username || '|') AS locks" \
    " FROM users u LEFT JOIN orgs o ON o.id = u.org_id"

json_t *user_get(db *d, int64_t id, int64_t failures_since)
{
    db_stmt *s = db_prepare(d, USER_SELECT " WHERE u.id = ?");
    db_bind_int(s, 1, failures_since);
    db_bind_int(s, 2, id);
    json_t *u = NULL;
    if (db_step(s, NULL) == 1) {
        u = db_row_json(s);
        db_reset(s);
    }
    return u;
}

json_t *users_list(db *d, const user_query *q, int64_t *total)
{
    char upper[300];
    store_path_upper(q->scope_path, upper, sizeof upper);
    const char *where = db_dialect_of(d) == DB_POSTGRES
        ? " WHERE (? = 1 OR (o.path >= ? AND o.path < ? AND u.role <> 'admin'))"
          " AND (? IS NULL OR strpos(u.username, ?) > 0 OR strpos(u.display_name, ?) > 0) AND (? IS NULL OR u.role = ?)"
        : " WHERE (? = 1 OR (o.path >= ? AND o.path < ? AND u.role <> 'admin'))"
          " AND (? IS NULL OR instr(u.username, ?) > 0 OR instr(u.display_name, ?) > 0) AND (? IS NULL OR u.role = ?)";
    const char *qq = q->q && *q->q ? q->q : NULL, *rr = q->role && *q->role ? q->role : NULL;
    json_t *items = json_array();
    for (int pass = 0; pass < 2; pass++) {
        char sql[1536];
        if (pass == 0)
            snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM users u LEFT JOIN orgs o ON o.id = u.org_id%s", where);
        else
            snprintf(sql, sizeof sql, "%s%s ORDER BY u.id LIMIT ? OFFSET ?", USER_SELECT, where);
        db_stmt *s = db_prepare(d, sql);
        int k = 1;
        if (pass == 1) {
            db_bind_int(s, k++, q->failures_since);
        }
        db_bind_int(s, k++, q->all);
        db_bind_text(s, k++, q->scope_path);
        db_bind_text(s, k++, upper);
        db_bind_text(s, k++, qq);
        db_bind_text(s, k++, qq);
        db_bind_text(s, k++, qq);
        db_bind_text(s, k++, rr);
        db_bind_text(s, k++, rr);
        if (pass == 0) {
            *total = db_step(s, NULL) == 1 ? db_col_int(s, 0) : 0;
            db_reset(s);
            continue;
        }
        db_bind_int(s, k++, q->limit);
        db_bind_int(s, k++, q->offset);
        while (db_step(s, NULL) == 1)
            json_array_append_new(items, db_row_json(s));
    }
    return items;
}

json_t *user_me(db *d, int64_t id)
{
    db_stmt *s = db_prepare(d, "SELECT u.id, u.username, u.display_name, u.role, u.org_id, o.name AS org_name,"
                               " u.member_id FROM users u LEFT JOIN orgs o ON o.id = u.org_id WHERE u.id = ?");
    db_bind_int(s, 1, id);
    json_t *me = NULL;
    if (db_step(s, NULL) == 1) {
        me = db_row_json(s);
        db_reset(s);
    }
    return me ? me : json_object();
}
