/* users.c: accounts. Administrators manage all; organisation administrators manage the
 * accounts within their subtree, except administrators and other org_admins of their own root. */
#include "api/module.h"
#include "api/sheet.h"
#include "api/write.h"
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

static void present(json_t *u)
{
    json_object_set_new(u, "disabled", json_boolean(json_integer_value(json_object_get(u, "disabled"))));
    json_int_t locks = json_integer_value(json_object_get(u, "locks"));
    json_object_del(u, "locks");
    json_object_set_new(u, "locked", json_boolean(locks > 0));
    const char *role = json_str(u, "role");
    json_object_set_new(u, "role_label", json_string(role && dj_enum_label(dj_roles, role) ? dj_enum_label(dj_roles, role) : ""));
    json_object_del(u, "org_path");
}

static json_t *user_read_e(db *d, int64_t id, dj_err *err)
{
    return user_get_e(d, id, (int64_t)time(NULL) - 86400, err);
}

static json_t *user_read(db *d, int64_t id) { return user_read_e(d, id, NULL); }

/* Whether the caller may manage an account with this org path and role. */
static bool manages(api_ctx *c, const char *org_path, const char *role)
{
    if (api_can(c, CAP_SCOPE_ALL))
        return true;
    if (!api_can(c, CAP_USERS_MANAGE) || !role || role_can(role, CAP_SCOPE_ALL))
        return false;
    /* Not a peer: another manager of the same root could otherwise reset this one's password. */
    if (role_can(role, CAP_USERS_MANAGE) && org_path && strcmp(org_path, c->actor.scope_path) == 0)
        return false;
    return org_path && *org_path && scope_has_path(c, org_path);
}

/* The account with id if the caller manages it (or it is the caller's own). */
static json_t *user_load(api_ctx *c, int64_t id, dj_err *err)
{
    json_t *u = user_read_e(c->d, id, err);
    if (u && (id == c->actor.user_id || manages(c, json_str(u, "org_path"), json_str(u, "role"))))
        return u;
    json_decref(u);
    return NULL;
}

static void user_reply(http_request *req, api_ctx *c, int64_t id, int status)
{
    json_t *u = user_read(c->d, id);
    present(u);
    http_reply_json(req, status, u);
}

static void user_explain(dj_err *err)
{
    if (strcmp(err->code, "conflict") == 0 && strcmp(err->field, "version") != 0)
        dj_err_set(err, "conflict", "username", "用户名已存在");
}

static const api_object user_object = {"users", "用户不存在", user_load, user_reply, user_explain};

/* The list's filters: admins every account; org admins the accounts of their subtree's
 * organisations, except admins. False after replying. */
static bool user_query_from(http_request *req, api_ctx *c, user_query *q)
{
    const char *role = NULL;
    if (!fields_query_enum(req, "role", dj_roles, &role))
        return false;
    *q = (user_query){.all = api_can(c, CAP_SCOPE_ALL),
                      .scope_path = c->actor.scope_path ? c->actor.scope_path : "/-",
                      .q = http_query(req, "q"), .role = role,
                      .failures_since = (int64_t)time(NULL) - 86400};
    return true;
}

static void list_users(http_request *req, api_ctx *c)
{
    int64_t limit, offset;
    user_query q;
    if (!api_paging(req, &limit, &offset) || !user_query_from(req, c, &q))
        return;
    q.limit = limit;
    q.offset = offset;
    int64_t total = 0;
    dj_err err;
    json_t *items = users_list_e(c->d, &q, &total, &err);
    if (!items) {
        api_fail(req, &err);
        return;
    }
    size_t i;
    json_t *u;
    json_array_foreach(items, i, u) {
        present(u);
    }
    http_reply_json(req, 200, api_list(items, total, limit, offset));
}

static const char *state_text(const json_t *u, const char *field, char *scratch, size_t n)
{
    (void)field;
    (void)scratch;
    (void)n;
    return json_is_true(json_object_get(u, "disabled")) ? "停用" : json_is_true(json_object_get(u, "locked")) ? "锁定" : "正常";
}

/* The accounts as a file (用户名册): the list's filters, every page. */
static void export_users(http_request *req, api_ctx *c)
{
    static const api_sheet_column cols[] = {
        {"编号", "id", 8, NULL}, {"用户名", "username", 16, NULL}, {"姓名", "display_name", 16, NULL},
        {"角色", "role_label", 12, NULL}, {"所属组织", "org_name", 30, NULL}, {"关联党员", "member_name", 12, NULL},
        {"状态", "disabled", 8, state_text}, {NULL},
    };
    user_query q;
    if (!user_query_from(req, c, &q))
        return;
    json_t *all = json_array();
    for (q.offset = 0, q.limit = 500;;) {
        int64_t total = 0;
        dj_err err;
        json_t *page = users_list_e(c->d, &q, &total, &err);
        if (!page) {
            json_decref(all);
            api_fail(req, &err);
            return;
        }
        size_t i;
        json_t *u;
        json_array_foreach(page, i, u) present(u);
        json_array_extend(all, page);
        json_decref(page);
        q.offset += q.limit;
        if (q.offset >= total)
            break;
    }
    api_reply_sheet(req, "users", "%E7%94%A8%E6%88%B7%E5%90%8D%E5%86%8C", "用户", cols, all);
    json_decref(all);
}

static void users_get(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *u = api_object_get(req, c, &user_object, &id);
    if (u) {
        present(u);
        http_reply_json(req, 200, u);
    }
}

/* Role, organisation and member of an account body (create, or the merged record of an update). */
static bool user_body_valid(http_request *req, api_ctx *c, json_t *u)
{
    const char *role = json_str(u, "role");
    if (!role_known(role)) {
        http_reply_error(req, 422, "validation", "role", "角色无效");
        return false;
    }
    int64_t org = 0, member = 0;
    json_int(u, "org_id", &org);
    json_int(u, "member_id", &member);
    if (!role_can(role, CAP_SCOPE_ALL) && !org) {
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
    if (role_can(role, CAP_SCOPE_SELF) && !member) {
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

static bool create_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    (void)cur;
    (void)state;
    dj_err err;
    const char *pw = json_str(body, "password"), *name = json_str(body, "username");
    if (!user_body_valid(req, c, body))
        return false;
    if (!username_acceptable(name, &err) || (pw && !password_acceptable(pw, name, &err))) {
        api_fail(req, &err);
        return false;
    }
    if (!pw) {
        http_reply_error(req, 422, "validation", "password", "请设置初始密码");
        return false;
    }
    return true;
}

static bool create_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                         dj_err *err)
{
    (void)version;
    (void)cur;
    (void)state;
    int64_t org = 0, member = 0;
    json_int(body, "org_id", &org);
    json_int(body, "member_id", &member);
    return user_create(c->d, json_str(body, "username"), json_str(body, "display_name"), json_str(body, "role"), org,
                       member, json_str(body, "password"), &c->actor, id, err);
}

static void users_create(http_request *req, api_ctx *c)
{
    api_write w = {.obj = &user_object, .creating = true, .fields = user_fields, .check = create_check,
                   .apply = create_apply};
    api_write_run(req, c, &w);
}

/* A change of an account: its own (name and password only), or another's within what the caller
 * manages; disable = DELETE (an account is never removed: the audit log names it). */
static bool update_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    const bool *disable = state;
    if (*disable)
        json_object_set_new(body, "disabled", json_true());
    json_object_del(body, "username");
    json_t *merged = json_deep_copy(cur);
    json_object_update_existing(merged, body);
    bool ok = true;
    if (json_integer_value(json_object_get(cur, "id")) == c->actor.user_id) {
        /* One's own account: name and password only, never role, organisation or state. */
        static const char *const fixed[] = {"role", "org_id", "member_id", NULL};
        const char *field = json_is_true(json_object_get(body, "disabled")) ? "disabled" : NULL;
        for (const char *const *f = fixed; !field && *f; f++)
            if (!json_equal(json_object_get(merged, *f), json_object_get(cur, *f)))
                field = *f;
        if (field) {
            http_reply_error(req, 422, "validation", field, "不能停用自己，也不能更改自己的角色、组织或关联党员");
            ok = false;
        }
    } else if (json_object_get(body, "role") || json_object_get(body, "org_id") || json_object_get(body, "member_id")) {
        /* Only a change of what the account hangs on is checked against it: disabling an account
         * or giving it a new password is always possible, even when its member record or
         * organisation has been deleted since. */
        ok = user_body_valid(req, c, merged);
    }
    dj_err err;
    const char *pw = json_str(body, "password");
    if (ok && pw && !password_acceptable(pw, json_str(cur, "username"), &err)) {
        api_fail(req, &err);
        ok = false;
    }
    json_decref(merged);
    return ok;
}

static bool update_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                         dj_err *err)
{
    (void)state;
    const char *pw = json_str(body, "password");
    if (pw)
        return user_password_set(c->d, *id, version, json_str(cur, "username"), pw, body, "update", &c->actor, err);
    static const char *const cols[] = {"display_name", "role", "org_id", "member_id", "disabled", NULL};
    if (!row_update(c->d, "users", cols, *id, version, body, false, "update", &c->actor, err))
        return false;
    /* A disabled account's sessions end. */
    if (json_is_true(json_object_get(body, "disabled")))
        session_delete_user(c->d, *id);
    return true;
}

static void update(http_request *req, api_ctx *c, bool disable)
{
    api_write w = {.obj = &user_object, .body_optional = disable, .fields = user_fields, .check = update_check,
                   .apply = update_apply, .state = &disable};
    api_write_run(req, c, &w);
}

static void users_update(http_request *req, api_ctx *c) { update(req, c, false); }
static void users_delete(http_request *req, api_ctx *c) { update(req, c, true); }

static void users_unlock(http_request *req, api_ctx *c)
{
    static const api_field none[] = {{NULL, 0, false, 0}};
    int64_t id;
    /* It takes no body; one that is sent is still checked (a field it does not have is refused). */
    json_t *body = req->body_len ? api_body(req) : NULL;
    bool body_ok = !req->body_len || (body && fields_check(req, body, none, false));
    json_decref(body);
    if (!body_ok)
        return;
    json_t *u = api_object_get(req, c, &user_object, &id);
    if (!u)
        return;
    dj_err err;
    json_t *after = json_pack("{s:b}", "locked", 0);
    if (db_begin(c->d, &err)) {
        if (login_failures_clear_account(c->d, json_str(u, "username"), &err) && audit_write(c->d, &c->actor, "unlock", "user", id, NULL, after, &err) && db_commit(c->d, &err)) {
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

const api_module users_module = {
    "users",
    (const api_route[]){
        {"GET", "/api/v1/users", list_users, CAP_USERS_MANAGE, 0, 0},
        {"GET", "/api/v1/users/export", export_users, CAP_USERS_MANAGE, 0, 0},
        {"POST", "/api/v1/users", users_create, CAP_USERS_MANAGE, 0, 0},
        {"GET", "/api/v1/users/{id}", users_get, CAP_USERS_MANAGE, 0, 0},
        {"PATCH", "/api/v1/users/{id}", users_update, CAP_USERS_MANAGE, 0, 0},
        {"DELETE", "/api/v1/users/{id}", users_delete, CAP_USERS_MANAGE, 0, 0},
        {"POST", "/api/v1/users/{id}/unlock", users_unlock, CAP_USERS_MANAGE, 0, 0},
        {NULL},
    },
};
