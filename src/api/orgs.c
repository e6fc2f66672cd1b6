/* orgs.c: the organisation tree: list, read (with warnings), create, update (and move), delete,
 * restore. Every org outside the caller's scope answers 404. */
#include "api/api.h"
#include "api/fields.h"

#include "core/date.h"
#include "core/json.h"
#include "domain/org_rules.h"
#include "store/orgs.h"
#include "store/rows.h"

#include <stdio.h>
#include <string.h>

static const api_field org_fields[] = {
    {"name", F_STR, true, 100},
    {"type", F_STR, true, 20},
    {"parent_id", F_INT, false, 0},
    {"departments", F_STR_ARRAY, false, 100},
    {"established_on", F_DATE, false, 0},
    {"term_start", F_DATE, false, 0},
    {"term_end", F_DATE, false, 0},
    {"committee", F_OBJ_ARRAY, false, 15},
    {"institution_ids", F_INT_ARRAY, false, 50},
    {NULL, 0, false, 0},
};

static const api_field committee_fields[] = {
    {"name", F_STR, true, 50},
    {"position", F_STR, true, 30},
    {"member_id", F_INT, false, 0},
    {"term_start", F_DATE, false, 0},
    {"term_end", F_DATE, false, 0},
    {NULL, 0, false, 0},
};

static json_t *warnings_json(db *d, const json_t *org)
{
    org_counts n = {0};
    int64_t id = json_integer_value(json_object_get(org, "id"));
    org_count(d, id, json_str(org, "path"), &n);
    org_facts f = {0};
    org_type_parse(json_str(org, "type"), &f.type);
    f.full_count = n.direct_full;
    f.member_count = n.direct_members;
    f.committee_count = n.committee;
    const char *te = json_str(org, "term_end");
    f.has_term_end = te && date_parse(te, &f.term_end);
    org_warning w[8];
    int count = org_warnings(&f, date_today(), w, 8);
    json_t *a = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(a, json_pack("{s:s,s:s,s:s}", "code", w[i].code, "severity", w[i].severity, "message", w[i].message));
    return a;
}

/* The org with id if it is in scope (deleted ones too); else replies 404 and returns NULL. */
static json_t *org_in_scope(http_request *req, api_ctx *c, int64_t id)
{
    json_t *o = org_read(c->d, id);
    bool member_own = strcmp(c->actor.role, "member") == 0 && id == c->actor.org_id;
    if (!o || (!member_own && !scope_has_path(c, json_str(o, "path")))) {
        json_decref(o);
        http_reply_error(req, 404, "not_found", NULL, "组织不存在");
        return NULL;
    }
    return o;
}

void api_orgs_list(http_request *req)
{
    api_ctx *c = api_auth(req);
    if (!c)
        return;
    org_query q = {.scope_path = c->actor.scope_path};
    if (!q.scope_path || strcmp(c->actor.role, "member") == 0) {
        http_reply_json(req, 200, api_list(json_array(), 0, 20, 0));
        return;
    }
    if (!api_paging(req, &q.limit, &q.offset) || !api_query_id(req, "parent", &q.parent_id))
        return;
    const char *roots = http_query(req, "roots");
    q.roots = roots && strcmp(roots, "1") == 0;
    q.q = http_query(req, "q");
    q.type = http_query(req, "type");
    const char *del = http_query(req, "deleted");
    q.deleted = del && strcmp(del, "1") == 0;
    int64_t total = 0;
    json_t *items = orgs_list(c->d, &q, &total);
    http_reply_json(req, 200, api_list(items, total, q.limit, q.offset));
}

void api_orgs_get(http_request *req)
{
    api_ctx *c = api_auth(req);
    int64_t id;
    if (!c || !api_param_id(req, 0, &id))
        return;
    json_t *o = org_in_scope(req, c, id);
    if (!o)
        return;
    org_counts n = {0};
    org_count(c->d, id, json_str(o, "path"), &n);
    json_object_set_new(o, "member_count", json_integer(n.subtree_members));
    json_object_set_new(o, "subtree_full_count", json_integer(n.subtree_full));
    json_object_set_new(o, "direct_member_count", json_integer(n.direct_members));
    json_object_set_new(o, "full_count", json_integer(n.direct_full));
    json_object_set_new(o, "warnings", warnings_json(c->d, o));
    http_reply_json(req, 200, o);
}

void api_orgs_warnings(http_request *req)
{
    api_ctx *c = api_auth(req);
    int64_t id;
    if (!c || !api_param_id(req, 0, &id))
        return;
    json_t *o = org_in_scope(req, c, id);
    if (!o)
        return;
    json_t *w = warnings_json(c->d, o);
    json_decref(o);
    http_reply_json(req, 200, json_pack("{s:o}", "items", w));
}

/* Checks the parts of an org body that need the database or several fields together. */
static bool org_body_valid(http_request *req, api_ctx *c, json_t *body, const json_t *current)
{
    const char *type = json_str(body, "type");
    org_type t;
    if (type && !org_type_parse(type, &t)) {
        http_reply_error(req, 422, "validation", "type", "组织类型无效");
        return false;
    }
    if (type)
        json_object_set_new(body, "type", json_string(org_type_name(t)));
    const char *ts = json_str(body, "term_start") ?: (current ? json_str(current, "term_start") : NULL);
    const char *te = json_str(body, "term_end") ?: (current ? json_str(current, "term_end") : NULL);
    if (ts && te && strcmp(te, ts) < 0) {
        http_reply_error(req, 422, "validation", "term_end", "任期结束日期不能早于开始日期");
        return false;
    }
    json_t *com = json_object_get(body, "committee");
    size_t i;
    json_t *m;
    json_array_foreach(com, i, m) {
        if (!fields_check(req, m, committee_fields, true))
            return false;
        /* A committee member on file must be a member the caller may see. */
        json_t *mid = json_object_get(m, "member_id");
        if (json_is_integer(mid)) {
            json_t *row = row_get(c->d, "members", json_integer_value(mid));
            json_t *da = row ? json_object_get(row, "deleted_at") : NULL;
            bool ok = row && (!da || json_is_null(da)) && scope_has_path(c, json_str(row, "org_path"));
            json_decref(row);
            if (!ok) {
                http_reply_error(req, 422, "validation", "committee", "班子成员关联的党员不存在或不在您的管理范围内");
                return false;
            }
        }
    }
    json_t *ids = json_object_get(body, "institution_ids");
    json_t *v;
    json_array_foreach(ids, i, v) {
        if (!institution_visible(c, json_integer_value(v))) {
            http_reply_error(req, 422, "validation", "institution_ids", "所选医疗机构不存在或不在您的管理范围内");
            return false;
        }
    }
    return true;
}

/* Checks that an org of type may sit under parent (NULL: a root, only for admins). Sets
 * *parent_path. */
static bool parent_valid(http_request *req, api_ctx *c, const json_t *parent_id, const char *type,
                         const char **parent_path)
{
    *parent_path = "";
    if (!parent_id || json_is_null(parent_id)) {
        if (strcmp(c->actor.role, "admin") != 0) {
            http_reply_error(req, 422, "validation", "parent_id", "请选择上级组织");
            return false;
        }
        return true;
    }
    int64_t pid = json_integer_value(parent_id);
    const char *pp = scope_org_path(req, c, pid, "parent_id");
    if (!pp)
        return false;
    json_t *p = row_get(c->d, "orgs", pid);
    org_type pt, ct;
    bool ok = p && org_type_parse(json_str(p, "type"), &pt) && org_type_parse(type, &ct) && org_child_allowed(pt, ct);
    json_decref(p);
    if (!ok) {
        http_reply_error(req, 422, "validation", "parent_id", "该类型的组织不能设在所选上级组织下");
        return false;
    }
    *parent_path = pp;
    return true;
}

static void finish_write(http_request *req, api_ctx *c, int64_t id, int status)
{
    json_t *o = org_read(c->d, id);
    http_reply_json(req, status, o);
}

void api_orgs_create(http_request *req)
{
    api_ctx *c = api_auth(req);
    if (!c || !api_require(req, role_writes_orgs(c->actor.role)))
        return;
    json_t *body = api_body(req);
    if (!body)
        return;
    const char *parent_path;
    dj_err err;
    int64_t id = 0;
    if (fields_check(req, body, org_fields, true) && org_body_valid(req, c, body, NULL) &&
        parent_valid(req, c, json_object_get(body, "parent_id"), json_str(body, "type"), &parent_path)) {
        bool ok = db_begin(c->d, &err) && org_create(c->d, body, parent_path, &c->actor, &id, &err);
        if (ok && json_object_get(body, "committee"))
            ok = org_set_committee(c->d, id, json_object_get(body, "committee"), &err);
        if (ok && json_object_get(body, "institution_ids"))
            ok = org_set_institutions(c->d, id, json_object_get(body, "institution_ids"), &err);
        if (ok && db_commit(c->d, &err))
            finish_write(req, c, id, 201);
        else {
            db_rollback(c->d);
            api_fail(req, &err);
        }
    }
    json_decref(body);
}

void api_orgs_update(http_request *req)
{
    api_ctx *c = api_auth(req);
    int64_t id, version;
    if (!c || !api_param_id(req, 0, &id))
        return;
    json_t *cur = org_in_scope(req, c, id);
    if (!cur)
        return;
    json_t *body = NULL;
    if (!api_require(req, role_writes_orgs(c->actor.role)) || !(body = api_body(req)) ||
        !fields_version(req, body, &version) || !fields_check(req, body, org_fields, false) ||
        !org_body_valid(req, c, body, cur)) {
        json_decref(body);
        json_decref(cur);
        return;
    }
    const char *path = json_str(cur, "path");
    const char *type = json_str(body, "type") ?: json_str(cur, "type");
    json_t *np = json_object_get(body, "parent_id");
    json_t *op = json_object_get(cur, "parent_id");
    bool moving = np && !json_equal(np, op);
    const char *parent_path = NULL;
    bool ok = true;
    if (moving || json_object_get(body, "type")) {
        json_t *target = np ? np : op;
        ok = parent_valid(req, c, target, type, &parent_path);
        if (ok && moving && parent_path && store_path_in(parent_path, path)) {
            http_reply_error(req, 422, "validation", "parent_id", "不能把组织移到它自己或其下级组织之下");
            ok = false;
        }
        if (ok && moving && strcmp(path, c->actor.scope_path) == 0) {
            http_reply_error(req, 403, "forbidden", NULL, "不能移动您自己的管理范围的根组织");
            ok = false;
        }
    }
    dj_err err;
    if (ok) {
        ok = db_begin(c->d, &err) && row_update(c->d, "orgs", org_columns, id, version, body, "update", &c->actor, &err);
        if (ok && moving)
            ok = org_move(c->d, id, path, parent_path, &err);
        if (ok && json_object_get(body, "committee"))
            ok = org_set_committee(c->d, id, json_object_get(body, "committee"), &err);
        if (ok && json_object_get(body, "institution_ids"))
            ok = org_set_institutions(c->d, id, json_object_get(body, "institution_ids"), &err);
        if (ok && db_commit(c->d, &err))
            finish_write(req, c, id, 200);
        else {
            db_rollback(c->d);
            api_fail(req, &err);
        }
    }
    json_decref(body);
    json_decref(cur);
}

static void set_deleted(http_request *req, bool deleted)
{
    api_ctx *c = api_auth(req);
    int64_t id, version;
    if (!c || !api_param_id(req, 0, &id))
        return;
    json_t *cur = org_in_scope(req, c, id);
    if (!cur)
        return;
    json_t *body = req->body_len ? api_body(req) : NULL;
    if ((req->body_len && !body) || !api_require(req, role_writes_orgs(c->actor.role))) {
        json_decref(cur);
        return;
    }
    if (!fields_version(req, body, &version)) {
        json_decref(body);
        json_decref(cur);
        return;
    }
    dj_err err;
    if (strcmp(json_str(cur, "path"), c->actor.scope_path) == 0) {
        http_reply_error(req, 403, "forbidden", NULL, "不能删除您自己的管理范围的根组织");
    } else if (deleted && org_has_content(c->d, id)) {
        http_reply_error(req, 409, "conflict", NULL, "组织下还有下级组织或党员，不能删除");
    } else if (db_begin(c->d, &err) && row_set_deleted(c->d, "orgs", id, version, deleted, &c->actor, &err) &&
               db_commit(c->d, &err)) {
        finish_write(req, c, id, 200);
    } else {
        db_rollback(c->d);
        api_fail(req, &err);
    }
    json_decref(body);
    json_decref(cur);
}

void api_orgs_delete(http_request *req) { set_deleted(req, true); }
void api_orgs_restore(http_request *req) { set_deleted(req, false); }
