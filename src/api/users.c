/* users.c: accounts. Administrators manage all; organisation administrators manage the
 * accounts within their subtree, below their own role. */
#include "api/api.h"
#include "api/fields.h"

#include "core/json.h"
#include "domain/enums.h"
#include "domain/password.h"
#include "store/rows.h"
#include "store/users.h"

#include <string.h>
#include <time.h>

static const api_field user_fields[] = {
    {"username", F_STR, true, 32},
    {"display_name", F_STR, true, 50},
    {"role", F_STR, true, 20},
    {"org_id", F_INT, false, 0},
    {"member_id", F_INT, false, 0},
    {"password", F_STR, false, 128},
    {"disabled", F_BOOL, false, 0},
    {NULL, 0, false, 0},
};

/* locked: failed logins in the last day (the lockout threshold is applied when presenting). */
#define USER_SELECT                                                                                \
    "SELECT u.id, u.username, u.display_name, u.role, u.org_id, o.name AS org_name, o.path AS org_path," \
    " u.member_id, u.disabled, u.version, (SELECT COUNT(*) FROM login_failures f WHERE f.key = 'u:' || u.username" \
    " AND f.at >= ?) AS failed_logins FROM users u LEFT JOIN orgs o ON o.id = u.org_id"

static void present(json_t *u)
{
    json_object_set_new(u, "disabled", json_boolean(json_integer_value(json_object_get(u, "disabled"))));
    json_int_t failed = json_integer_value(json_object_get(u, "failed_logins"));
    json_object_set_new(u, "locked", json_boolean(failed >= api_config_get()->lockout_failures));
    const char *role = json_str(u, "role");
    json_object_set_new(u, "role_label", json_string(role && dj_enum_label(dj_roles, role) ? dj_enum_label(dj_roles, role) : ""));
    json_object_del(u, "org_path");
}

static json_t *user_read(db *d, int64_t id)
{
    db_stmt *s = db_prepare(d, USER_SELECT " WHERE u.id = ?");
    db_bind_int(s, 1, (int64_t)time(NULL) - 86400);
    db_bind_int(s, 2, id);
    json_t *u = NULL;
    if (db_step(s, NULL) == 1) {
        u = db_row_json(s);
        db_step(s, NULL);
    }
    return u;
}

/* Whether the caller may manage an account with this org path and role. */
static bool manages(api_ctx *c, const char *org_path, const char *role)
{
    if (strcmp(c->actor.role, "admin") == 0)
        return true;
    if (strcmp(c->actor.role, "org_admin") != 0 || !role || strcmp(role, "admin") == 0)
        return false;
    return org_path && *org_path && scope_has_path(c, org_path);
}

static json_t *user_in_scope(http_request *req, api_ctx *c, int64_t id)
{
    json_t *u = user_read(c->d, id);
    if (!u || !manages(c, json_str(u, "org_path"), json_str(u, "role"))) {
        json_decref(u);
        http_reply_error(req, 404, "not_found", NULL, "用户不存在");
        return NULL;
    }
    return u;
}

void api_users_list(http_request *req)
{
    api_ctx *c = api_auth(req);
    int64_t limit, offset;
    if (!c || !api_require(req, role_manages_users(c->actor.role)) || !api_paging(req, &limit, &offset))
        return;
    const char *q = http_query(req, "q"), *role = http_query(req, "role");
    char upper[300];
    const char *scope = c->actor.scope_path ? c->actor.scope_path : "/-";
    store_path_upper(scope, upper, sizeof upper);
    bool all = strcmp(c->actor.role, "admin") == 0;
    /* admins: every account; org admins: accounts of orgs in their subtree, except admins. */
    const char *where = db_dialect_of(c->d) == DB_POSTGRES
        ? " WHERE (? = 1 OR (o.path >= ? AND o.path < ? AND u.role <> 'admin'))"
          " AND (? IS NULL OR strpos(u.username, ?) > 0 OR strpos(u.display_name, ?) > 0) AND (? IS NULL OR u.role = ?)"
        : " WHERE (? = 1 OR (o.path >= ? AND o.path < ? AND u.role <> 'admin'))"
          " AND (? IS NULL OR instr(u.username, ?) > 0 OR instr(u.display_name, ?) > 0) AND (? IS NULL OR u.role = ?)";
    json_t *items = json_array();
    int64_t total = 0;
    for (int pass = 0; pass < 2; pass++) {
        char sql[1024];
        if (pass == 0)
            snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM users u LEFT JOIN orgs o ON o.id = u.org_id%s", where);
        else
            snprintf(sql, sizeof sql, "%s%s ORDER BY u.id LIMIT ? OFFSET ?", USER_SELECT, where);
        db_stmt *s = db_prepare(c->d, sql);
        int k = 1;
        if (pass == 1)
            db_bind_int(s, k++, (int64_t)time(NULL) - 86400);
        db_bind_int(s, k++, all);
        db_bind_text(s, k++, scope);
        db_bind_text(s, k++, upper);
        const char *qq = q && *q ? q : NULL, *rr = role && *role ? role : NULL;
        db_bind_text(s, k++, qq);
        db_bind_text(s, k++, qq);
        db_bind_text(s, k++, qq);
        db_bind_text(s, k++, rr);
        db_bind_text(s, k++, rr);
        if (pass == 0) {
            total = db_step(s, NULL) == 1 ? db_col_int(s, 0) : 0;
            db_step(s, NULL);
            continue;
        }
        db_bind_int(s, k++, limit);
        db_bind_int(s, k++, offset);
        while (db_step(s, NULL) == 1) {
            json_t *u = db_row_json(s);
            present(u);
            json_array_append_new(items, u);
        }
    }
    http_reply_json(req, 200, api_list(items, total, limit, offset));
}

void api_users_get(http_request *req)
{
    api_ctx *c = api_auth(req);
    int64_t id;
    if (!c || !api_param_id(req, 0, &id) || !api_require(req, role_manages_users(c->actor.role)))
        return;
    json_t *u = user_in_scope(req, c, id);
    if (u) {
        present(u);
        http_reply_json(req, 200, u);
    }
}

/* Role, organisation and member of an account body (create, or the merged record of an update). */
static bool user_body_valid(http_request *req, api_ctx *c, json_t *u)
{
    const char *role = json_str(u, "role");
    if (!role_valid(role)) {
        http_reply_error(req, 422, "validation", "role", "角色无效");
        return false;
    }
    int64_t org = 0, member = 0;
    json_int(u, "org_id", &org);
    json_int(u, "member_id", &member);
    if (strcmp(role, "admin") != 0 && !org) {
        http_reply_error(req, 422, "validation", "org_id", "请选择所属组织");
        return false;
    }
    const char *path = org ? scope_org_path(req, c, org, "org_id") : "";
    if (!path)
        return false;
    if (!manages(c, org ? path : NULL, role)) {
        http_reply_error(req, 403, "forbidden", "role", "无权设置该角色");
        return false;
    }
    if (strcmp(role, "member") == 0 && !member) {
        http_reply_error(req, 422, "validation", "member_id", "党员账号须关联党员档案");
        return false;
    }
    if (member) {
        json_t *m = row_get(c->d, "members", member);
        bool ok = m && json_is_null(json_object_get(m, "deleted_at")) && scope_has_path(c, json_str(m, "org_path"));
        json_decref(m);
        if (!ok) {
            http_reply_error(req, 422, "validation", "member_id", "党员不存在或不在管理范围内");
            return false;
        }
    }
    return true;
}

void api_users_create(http_request *req)
{
    api_ctx *c = api_auth(req);
    if (!c || !api_require(req, role_manages_users(c->actor.role)))
        return;
    json_t *body = api_body(req);
    if (!body)
        return;
    dj_err err;
    int64_t id, org = 0, member = 0;
    const char *pw = json_str(body, "password");
    const char *name = json_str(body, "username");
    if (fields_check(req, body, user_fields, true) && user_body_valid(req, c, body)) {
        json_int(body, "org_id", &org);
        json_int(body, "member_id", &member);
        if (!pw) {
            http_reply_error(req, 422, "validation", "password", "请设置初始密码");
        } else if (!password_acceptable(pw, name, &err)) {
            api_fail(req, &err);
        } else if (db_begin(c->d, &err) &&
                   user_create(c->d, name, json_str(body, "display_name"), json_str(body, "role"), org, member, pw,
                               &c->actor, &id, &err) &&
                   db_commit(c->d, &err)) {
            json_t *u = user_read(c->d, id);
            present(u);
            http_reply_json(req, 201, u);
        } else {
            db_rollback(c->d);
            if (strcmp(err.code, "conflict") == 0)
                dj_err_set(&err, "conflict", "username", "用户名已存在");
            api_fail(req, &err);
        }
    }
    json_decref(body);
}

static void update(http_request *req, bool disable)
{
    api_ctx *c = api_auth(req);
    int64_t id, version;
    if (!c || !api_param_id(req, 0, &id) || !api_require(req, role_manages_users(c->actor.role)))
        return;
    json_t *cur = user_in_scope(req, c, id);
    if (!cur)
        return;
    json_t *body = disable ? (req->body_len ? api_body(req) : json_object()) : api_body(req);
    dj_err err;
    if (body && fields_version(req, body, &version) && fields_check(req, body, user_fields, false)) {
        if (disable)
            json_object_set_new(body, "disabled", json_true());
        json_object_del(body, "username");
        json_t *merged = json_deep_copy(cur);
        json_object_update_existing(merged, body);
        const char *pw = json_str(body, "password");
        bool ok = user_body_valid(req, c, merged);
        if (ok && id == c->actor.user_id && (json_is_true(json_object_get(body, "disabled")) ||
                                             (json_str(body, "role") && strcmp(json_str(body, "role"), c->actor.role) != 0))) {
            http_reply_error(req, 422, "validation", "role", "不能停用自己或更改自己的角色");
            ok = false;
        }
        if (ok && pw && !password_acceptable(pw, json_str(cur, "username"), &err)) {
            api_fail(req, &err);
            ok = false;
        }
        if (ok) {
            static const char *const cols[] = {"display_name", "role", "org_id", "member_id", "disabled", "password_hash", NULL};
            char hash[crypto_pwhash_STRBYTES];
            if (pw && password_hash(pw, hash))
                json_object_set_new(body, "password_hash", json_string(hash));
            json_object_del(body, "password");
            bool done = db_begin(c->d, &err) && row_update(c->d, "users", cols, id, version, body, "update", &c->actor, &err);
            /* A new password or a disabled account ends the account's sessions. */
            if (done && (pw || json_is_true(json_object_get(body, "disabled"))))
                session_delete_user(c->d, id);
            if (done && db_commit(c->d, &err)) {
                json_t *u = user_read(c->d, id);
                present(u);
                http_reply_json(req, 200, u);
            } else {
                db_rollback(c->d);
                api_fail(req, &err);
            }
            sodium_memzero(hash, sizeof hash);
        }
        json_decref(merged);
    }
    json_decref(body);
    json_decref(cur);
}

void api_users_update(http_request *req) { update(req, false); }
void api_users_delete(http_request *req) { update(req, true); }

void api_users_unlock(http_request *req)
{
    api_ctx *c = api_auth(req);
    int64_t id;
    if (!c || !api_param_id(req, 0, &id) || !api_require(req, role_manages_users(c->actor.role)))
        return;
    json_t *u = user_in_scope(req, c, id);
    if (!u)
        return;
    char key[96];
    snprintf(key, sizeof key, "u:%s", json_str(u, "username"));
    dj_err err;
    json_t *after = json_pack("{s:b}", "locked", 0);
    if (db_begin(c->d, &err)) {
        login_failures_clear(c->d, key);
        if (audit_write(c->d, &c->actor, "unlock", "user", id, NULL, after, &err) && db_commit(c->d, &err)) {
            json_decref(u);
            u = user_read(c->d, id);
            present(u);
            http_reply_json(req, 200, u);
            json_decref(after);
            return;
        }
    }
    db_rollback(c->d);
    api_fail(req, &err);
    json_decref(after);
    json_decref(u);
}
