/* orgs.c: the organisation tree: list, read (with warnings), create, update (and move), delete,
 * restore. Every org outside the caller's scope answers 404. */
#include "api/api.h"
#include "api/module.h"
#include "api/sheet.h"
#include "api/write.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/json.h"
#include "core/text.h"
#include "domain/enums.h"
#include "domain/org_rules.h"
#include "store/orgs.h"
#include "store/rows.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
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
    {"name", F_STR, false, 50}, /* filled from the member when member_id is given */
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
    /* A branch's members are its own and those of its 党小组, which sit inside it. */
    bool branch = f.type == ORG_BRANCH || f.type == ORG_JOINT_BRANCH;
    f.full_count = branch ? n.subtree_full : n.direct_full;
    f.member_count = branch ? n.subtree_members : n.direct_members;
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

/* The org with id if it is in scope (deleted ones too), or a member's own organisation. */
static json_t *org_load(api_ctx *c, int64_t id, dj_err *err)
{
    json_t *o = org_read_e(c->d, id, err);
    bool member_own = api_can(c, CAP_SCOPE_SELF) && id == c->actor.org_id;
    if (o && (member_own || scope_has_path(c, json_str(o, "path"))))
        return o;
    json_decref(o);
    return NULL;
}

static void finish_write(http_request *req, api_ctx *c, int64_t id, int status);

static const api_object org_object = {"orgs", "组织不存在", org_load, finish_write, NULL};

/* The list's filters (parent, roots, q, type, deleted) within the caller's scope; false: answered
 * 400. *none: a caller whose scope holds no organisation (a member). */
static bool org_query_from(http_request *req, api_ctx *c, org_query *q, bool *none)
{
    *q = (org_query){.scope_path = c->actor.scope_path};
    *none = !q->scope_path || api_can(c, CAP_SCOPE_SELF);
    q->q = http_query(req, "q");
    return api_query_id(req, "parent", &q->parent_id) && api_query_bool(req, "roots", &q->roots) &&
           api_query_bool(req, "deleted", &q->deleted) && fields_query_enum(req, "type", dj_org_types, &q->type);
}

static void list_orgs(http_request *req, api_ctx *c)
{
    org_query q;
    bool none, with_warnings = false;
    int64_t limit, offset;
    if (!api_paging(req, &limit, &offset) || !org_query_from(req, c, &q, &none) ||
        !api_query_bool(req, "warnings", &with_warnings))
        return;
    if (none) {
        http_reply_json(req, 200, api_list(json_array(), 0, limit, offset));
        return;
    }
    q.limit = limit;
    q.offset = offset;
    int64_t total = 0;
    dj_err err;
    json_t *items = orgs_list_e(c->d, &q, &total, &err);
    if (!items) {
        api_fail(req, &err);
        return;
    }
    /* warnings=1: each item with its warnings, for the tree (one page of children at a time). */
    if (with_warnings) {
        size_t i;
        json_t *o;
        json_array_foreach(items, i, o)
            json_object_set_new(o, "warnings", warnings_json(c->d, o));
    }
    http_reply_json(req, 200, api_list(items, total, limit, offset));
}

static json_t *orgs_page(api_ctx *c, void *query, int64_t offset, int64_t limit, int64_t *total, dj_err *err)
{
    org_query *q = query;
    q->offset = offset;
    q->limit = limit;
    return orgs_list_e(c->d, q, total, err);
}

static const char *org_type_text(const json_t *it, const char *field, char *scratch, size_t n)
{
    (void)scratch;
    (void)n;
    return dj_enum_label(dj_org_types, json_str(it, field));
}

/* The organisations of the list's filters as a file (党组织名册), in tree order: each name indented
 * by its depth below the export's top, with its parent's name. */
static void export_orgs(http_request *req, api_ctx *c)
{
    static const api_sheet_column cols[] = {
        {"编号", "id", 8, NULL}, {"层级", "level", 6, NULL}, {"组织名称", "tree_name", 44, NULL},
        {"组织类型", "type", 12, org_type_text}, {"上级组织", "parent_name", 36, NULL},
        {"覆盖科室", "departments", 24, NULL}, {"成立日期", "established_on", 12, NULL},
        {"任期开始", "term_start", 12, NULL}, {"任期结束", "term_end", 12, NULL}, {NULL},
    };
    org_query q;
    bool none;
    if (!org_query_from(req, c, &q, &none))
        return;
    dj_err err;
    json_t *all = none ? json_array() : api_all_pages(orgs_page, c, &q, &err);
    if (!all) {
        api_fail(req, &err);
        return;
    }
    json_t *names = json_object(); /* id → name, for the parents */
    size_t i, top = 0;
    json_t *o;
    char key[32];
    json_array_foreach(all, i, o) {
        snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(o, "id")));
        json_object_set(names, key, json_object_get(o, "name"));
        size_t depth = 0;
        for (const char *p = json_str(o, "path"); p && *p; p++)
            depth += *p == '/';
        if (i == 0 || depth < top)
            top = depth;
    }
    json_array_foreach(all, i, o) {
        size_t depth = 0;
        for (const char *p = json_str(o, "path"); p && *p; p++)
            depth += *p == '/';
        buf b = {0};
        for (size_t d = top; d < depth; d++)
            buf_puts(&b, "　　");
        buf_puts(&b, json_str(o, "name") ?: "");
        json_object_set_new(o, "tree_name", json_string(b.data));
        json_object_set_new(o, "level", json_integer((json_int_t)(depth - top + 1)));
        buf_free(&b);
        snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(o, "parent_id")));
        json_t *pn = json_object_get(names, key);
        if (pn)
            json_object_set(o, "parent_name", pn);
    }
    json_decref(names);
    api_reply_sheet(req, "orgs", "党组织名册", "党组织", cols, all);
    json_decref(all);
}

static void orgs_get(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *o = api_object_get(req, c, &org_object, &id);
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

static void orgs_warnings(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *o = api_object_get(req, c, &org_object, &id);
    if (!o)
        return;
    json_t *w = warnings_json(c->d, o);
    json_decref(o);
    http_reply_json(req, 200, json_pack("{s:I,s:n,s:o}", "total", (json_int_t)json_array_size(w), "next", "items", w));
}

/* A trimmed copy of the JSON string v (a new reference), or NULL when v is not a string. */
static json_t *trimmed_string(const json_t *v)
{
    if (!json_is_string(v))
        return NULL;
    char *copy = xstrdup(json_string_value(v));
    json_t *t = json_string(text_trim(copy));
    free(copy);
    return t;
}

/* Departments covered: trimmed, none blank, none twice (domain/org_rules). */
static bool departments_valid(http_request *req, json_t *body)
{
    json_t *deps = json_object_get(body, "departments");
    if (!json_is_array(deps))
        return true;
    size_t n = json_array_size(deps);
    const char **list = arena_alloc(req->a, (n ? n : 1) * sizeof *list);
    for (size_t i = 0; i < n; i++) {
        json_array_set_new(deps, i, trimmed_string(json_array_get(deps, i)));
        list[i] = json_string_value(json_array_get(deps, i));
    }
    dj_err err;
    if (org_departments_validate(list, n, &err))
        return true;
    api_fail(req, &err);
    return false;
}

/* The committee: each entry's shape, its member on file (in this org or below it, not deleted;
 * the name taken from the file or matching it), then the rules of domain/org_rules. current is
 * the org being updated, NULL for a new one (which has no members yet). */
static bool committee_valid(http_request *req, api_ctx *c, json_t *body, const json_t *current)
{
    json_t *com = json_object_get(body, "committee");
    if (!json_is_array(com))
        return true;
    size_t n = json_array_size(com), i;
    org_committee_entry *entries = arena_alloc(req->a, (n ? n : 1) * sizeof *entries);
    json_t *m;
    json_array_foreach(com, i, m) {
        if (!fields_check_in(req, m, committee_fields, true, "committee"))
            return false;
        json_t *name = json_object_get(m, "name");
        if (json_is_string(name))
            json_object_set_new(m, "name", trimmed_string(name));
        json_t *position = json_object_get(m, "position");
        if (json_is_string(position))
            json_object_set_new(m, "position", trimmed_string(position));
        json_t *mid = json_object_get(m, "member_id");
        int64_t member_id = json_is_integer(mid) ? json_integer_value(mid) : 0;
        if (member_id) {
            /* A committee member on file belongs to this organisation or one below it. */
            const char *org_path = current ? json_str(current, "path") : NULL;
            json_t *row = row_get(c->d, "members", member_id);
            json_t *da = row ? json_object_get(row, "deleted_at") : NULL;
            bool ok = row && (!da || json_is_null(da)) && org_path && store_path_in(json_str(row, "org_path"), org_path);
            const char *file_name = ok ? json_str(row, "name") : NULL;
            const char *given = json_str(m, "name");
            char msg[200];
            if (!ok && !current) {
                snprintf(msg, sizeof msg, "第%zu位班子成员关联了党员，但新建的组织还没有党员，请在党员转入后再关联", i + 1);
            } else if (!ok) {
                snprintf(msg, sizeof msg, "第%zu位班子成员关联的党员不存在、已删除或不属于本组织及其下级组织", i + 1);
            } else if (given && *given && file_name && strcmp(given, file_name) != 0) {
                snprintf(msg, sizeof msg, "第%zu位班子成员的姓名与所关联党员的姓名不一致", i + 1);
                ok = false;
            } else if (file_name) {
                json_object_set_new(m, "name", json_string(file_name));
            }
            json_decref(row);
            if (!ok) {
                http_reply_error(req, 422, "validation", "committee", msg);
                return false;
            }
        }
        entries[i] = (org_committee_entry){
            .name = json_str(m, "name"),
            .position = json_str(m, "position"),
            .member_id = member_id,
            .term_start = json_str(m, "term_start"),
            .term_end = json_str(m, "term_end"),
        };
    }
    dj_err err;
    if (org_committee_validate(entries, n, &err))
        return true;
    api_fail(req, &err);
    return false;
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
    if (!departments_valid(req, body) || !committee_valid(req, c, body, current))
        return false;
    size_t i;
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

/* A new type for an existing org must also suit its live children, by the same table as its
 * parent (org_child_allowed). */
static bool children_fit(http_request *req, api_ctx *c, int64_t id, const char *type)
{
    org_type t, present[ORG_TYPE_COUNT];
    size_t n = 0;
    if (!org_type_parse(type, &t))
        return true; /* already refused by org_body_valid */
    dj_err err;
    for (int k = 0; k < ORG_TYPE_COUNT; k++) {
        org_query q = {.scope_path = "/", .parent_id = id, .type = org_type_name((org_type)k), .limit = 1};
        int64_t total = 0;
        json_t *page = orgs_list_e(c->d, &q, &total, &err);
        if (!page) {
            api_fail(req, &err);
            return false;
        }
        json_decref(page);
        if (total > 0)
            present[n++] = (org_type)k;
    }
    if (org_type_fits_children(t, present, n, &err))
        return true;
    api_fail(req, &err);
    return false;
}

/* Checks that an org of type may sit under parent (NULL: a root, only for admins). Sets
 * *parent_path. */
static bool parent_valid(http_request *req, api_ctx *c, const json_t *parent_id, const char *type,
                         const char **parent_path)
{
    *parent_path = "";
    if (!parent_id || json_is_null(parent_id)) {
        if (!api_can(c, CAP_SCOPE_ALL)) {
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

/* What belongs to an organisation in rows of its own (its committee, the institutions it
 * covers), for the audit log: row_update's record has the orgs row only. */
static json_t *org_links(db *d, int64_t id)
{
    json_t *o = org_read(d, id);
    json_t *l = json_pack("{s:O?,s:O?}", "committee", json_object_get(o, "committee"), "institutions",
                          json_object_get(o, "institutions"));
    json_decref(o);
    return l;
}

static bool audit_links(api_ctx *c, int64_t id, json_t *before, dj_err *err)
{
    return api_audit_links(c, "org", id, before, org_links(c->d, id), err);
}

/* The rows of an organisation's own beside its row: committee and institutions, audited. */
static bool set_links(api_ctx *c, int64_t id, const json_t *body, json_t *before, dj_err *err)
{
    bool ok = true;
    if (json_object_get(body, "committee"))
        ok = org_set_committee(c->d, id, json_object_get(body, "committee"), err);
    if (ok && json_object_get(body, "institution_ids"))
        ok = org_set_institutions(c->d, id, json_object_get(body, "institution_ids"), err);
    if (ok && (json_object_get(body, "committee") || json_object_get(body, "institution_ids")))
        ok = audit_links(c, id, before, err);
    return ok;
}

typedef struct org_write {
    const char *parent_path; /* where it goes */
    bool moving;
} org_write;

static bool create_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    org_write *w = state;
    return org_body_valid(req, c, body, cur) &&
           parent_valid(req, c, json_object_get(body, "parent_id"), json_str(body, "type"), &w->parent_path);
}

static bool create_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                         dj_err *err)
{
    (void)version;
    (void)cur;
    org_write *w = state;
    return org_create(c->d, body, w->parent_path, &c->actor, id, err) && set_links(c, *id, body, NULL, err);
}

static void orgs_create(http_request *req, api_ctx *c)
{
    org_write st = {0};
    api_write w = {.obj = &org_object, .creating = true, .fields = org_fields, .check = create_check,
                   .apply = create_apply, .state = &st};
    api_write_run(req, c, &w);
}

/* A change of type must suit the parent and the children; a move stays inside the scope and
 * never goes under the org itself; the scope's own root does not move. */
static bool update_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    org_write *w = state;
    if (!org_body_valid(req, c, body, cur))
        return false;
    int64_t id = json_integer_value(json_object_get(cur, "id"));
    const char *path = json_str(cur, "path");
    const char *type = json_str(body, "type") ?: json_str(cur, "type");
    json_t *np = json_object_get(body, "parent_id");
    json_t *op = json_object_get(cur, "parent_id");
    w->moving = np && !json_equal(np, op);
    if (!w->moving && !json_object_get(body, "type"))
        return true;
    if (!parent_valid(req, c, np ? np : op, type, &w->parent_path))
        return false;
    if (strcmp(type, json_str(cur, "type")) != 0 && !children_fit(req, c, id, type))
        return false;
    if (w->moving && w->parent_path && store_path_in(w->parent_path, path)) {
        http_reply_error(req, 422, "validation", "parent_id", "不能把组织移到它自己或其下级组织之下");
        return false;
    }
    if (w->moving && strcmp(path, c->actor.scope_path) == 0) {
        http_reply_error(req, 403, "forbidden", NULL, "不能移动您自己的管理范围的根组织");
        return false;
    }
    return true;
}

static bool update_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                         dj_err *err)
{
    org_write *w = state;
    /* The committee and the institutions are rows of their own: a change of them is a new
     * version of the organisation too. */
    bool touch = json_object_get(body, "committee") || json_object_get(body, "institution_ids");
    bool ok = row_update(c->d, "orgs", org_columns, *id, version, body, touch, "update", &c->actor, err);
    json_t *links = ok && touch ? org_links(c->d, *id) : NULL;
    if (ok && w->moving)
        ok = org_move(c->d, *id, json_str(cur, "path"), w->parent_path, err);
    if (ok && touch)
        ok = set_links(c, *id, body, links, err);
    json_decref(links);
    return ok;
}

static void orgs_update(http_request *req, api_ctx *c)
{
    org_write st = {0};
    api_write w = {.obj = &org_object, .fields = org_fields, .check = update_check, .apply = update_apply, .state = &st};
    api_write_run(req, c, &w);
}

static bool delete_check(http_request *req, api_ctx *c, const json_t *cur, bool deleted)
{
    if (strcmp(json_str(cur, "path"), c->actor.scope_path) == 0) {
        http_reply_error(req, 403, "forbidden", NULL, "不能删除您自己的管理范围的根组织");
        return false;
    }
    int64_t id = json_integer_value(json_object_get(cur, "id"));
    if (deleted && org_has_content(c->d, id)) {
        http_reply_error(req, 409, "conflict", NULL, "组织下还有下级组织或党员，不能删除");
        return false;
    }
    if (!deleted)
        return true;
    /* Accounts of the organisation would be left pointing at nothing: name them. */
    dj_err err;
    json_t *users = users_linked(c->d, "org", id, &err);
    if (!users) {
        api_fail(req, &err);
        return false;
    }
    bool free_of_accounts = json_array_size(users) == 0;
    if (!free_of_accounts) {
        buf names = {0};
        size_t i;
        json_t *u;
        json_array_foreach(users, i, u) {
            if (i < 5)
                buf_printf(&names, "%s%s", i ? "、" : "", json_str(u, "username"));
        }
        char msg[512];
        snprintf(msg, sizeof msg, "该组织还有 %zu 个账号（%s%s），请先停用或改到其他组织", json_array_size(users),
                 names.data, json_array_size(users) > 5 ? " 等" : "");
        buf_free(&names);
        http_reply_error(req, 409, "conflict", NULL, msg);
    }
    json_decref(users);
    return free_of_accounts;
}

static void orgs_delete(http_request *req, api_ctx *c) { api_soft_delete(req, c, &org_object, true, delete_check); }
static void orgs_restore(http_request *req, api_ctx *c) { api_soft_delete(req, c, &org_object, false, delete_check); }

const api_module orgs_module = {
    "orgs",
    (const api_route[]){
        {"GET", "/api/v1/orgs/export", export_orgs, API_SIGNED_IN, 0, 0},
        {"GET", "/api/v1/orgs", list_orgs, API_SIGNED_IN, 0, 0},
        {"POST", "/api/v1/orgs", orgs_create, CAP_ORGS_WRITE, 0, 0},
        {"GET", "/api/v1/orgs/{id}", orgs_get, API_SIGNED_IN, 0, 0},
        {"PATCH", "/api/v1/orgs/{id}", orgs_update, CAP_ORGS_WRITE, 0, 0},
        {"DELETE", "/api/v1/orgs/{id}", orgs_delete, CAP_ORGS_WRITE, 0, 0},
        {"POST", "/api/v1/orgs/{id}/restore", orgs_restore, CAP_ORGS_WRITE, 0, 0},
        {"GET", "/api/v1/orgs/{id}/warnings", orgs_warnings, API_SIGNED_IN, 0, 0},
        {NULL},
    },
};
