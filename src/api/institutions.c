/* institutions.c: the registry of medical institutions (两个覆盖). */
#include "api/api.h"
#include "api/module.h"
#include "api/sheet.h"
#include "api/write.h"

#include "core/json.h"
#include "domain/credit_code.h"
#include "domain/enums.h"
#include "store/institutions.h"
#include "store/rows.h"

#include <stdlib.h>
#include <string.h>

static const api_field inst_fields[] = {
    {"name", F_STR, true, 100},
    {"credit_code", F_STR, false, 18},
    {"ownership", F_STR, true, 20},
    {"kind", F_STR, true, 40},
    {"grade", F_STR, false, 20},
    {"district", F_STR, false, 50},
    {"address", F_STR, false, 200},
    {"latitude", F_NUM, false, 0},
    {"longitude", F_NUM, false, 0},
    {"staff_count", F_INT, false, 0},
    {"org_ids", F_INT_ARRAY, false, 50},
    {NULL, 0, false, 0},
};

static bool in_scope(api_ctx *c, const json_t *inst);
static bool uncovered_locked(http_request *req, api_ctx *c, const json_t *cur, const json_t *asked_org_ids);

/* Who oversees coverage (两个覆盖) sees the institutions no organisation covers yet. */
static bool sees_uncovered(const api_ctx *c) { return api_can(c, CAP_COVERAGE_OVERSEE); }

bool institution_visible(api_ctx *c, int64_t id)
{
    json_t *o = institution_read(c->d, id);
    bool ok = o && !json_is_true(json_object_get(o, "deleted")) && in_scope(c, o);
    json_decref(o);
    return ok;
}

static bool in_scope(api_ctx *c, const json_t *inst)
{
    if (api_can(c, CAP_SCOPE_SELF) || !c->actor.scope_path)
        return false;
    json_t *orgs = json_object_get(inst, "orgs");
    if (json_array_size(orgs) == 0) {
        /* In nobody's subtree: seen by the scope that registered it, or by every overseer when an
         * administrator registered it (a pool to be taken up); never by another scope. */
        if (!sees_uncovered(c))
            return false;
        const char *owner = json_str(inst, "owner_path");
        return api_can(c, CAP_SCOPE_ALL) || !owner || scope_has_path(c, owner);
    }
    size_t i;
    json_t *o;
    json_array_foreach(orgs, i, o) {
        if (scope_has_path(c, json_str(o, "path")))
            return true;
    }
    return false;
}

static json_t *inst_load(api_ctx *c, int64_t id, dj_err *err)
{
    json_t *o = institution_read_e(c->d, id, err);
    if (o && in_scope(c, o))
        return o;
    json_decref(o);
    return NULL;
}

static void inst_reply(http_request *req, api_ctx *c, int64_t id, int status);

/* The only unique column besides the id. */
static void inst_explain(dj_err *err)
{
    if (strcmp(err->code, "conflict") == 0 && strcmp(err->field, "version") != 0)
        dj_err_set(err, "conflict", "credit_code", "统一社会信用代码已存在");
}

static const api_object inst_object = {"institutions", "医疗机构不存在", inst_load, inst_reply, inst_explain};

static bool uncovered_mine(api_ctx *c, const json_t *inst)
{
    if (api_can(c, CAP_SCOPE_ALL) || json_array_size(json_object_get(inst, "orgs")) > 0)
        return true;
    /* Who registered it (an organisation's party office) keeps it until someone covers it. */
    const char *owner = json_str(inst, "owner_path");
    return owner && scope_has_path(c, owner);
}

/* Adds "editable": whether the caller may change (and, unless it is shared with organisations
 * outside the scope, delete) the institution, so the UI offers only what the server allows. */
static json_t *with_editable(api_ctx *c, json_t *inst)
{
    if (!inst)
        return inst;
    json_object_set_new(inst, "editable", json_boolean(api_can(c, CAP_INSTITUTIONS_WRITE) && uncovered_mine(c, inst)));
    /* The scope that registered it, as its organisation's id (the path itself stays inside):
     * "/17/" → 17; null when an administrator registered it. */
    const char *owner = json_str(inst, "owner_path");
    const char *last = NULL;
    for (const char *p = owner; p && *p; p++)
        if (p[0] == '/' && p[1])
            last = p + 1;
    json_object_set_new(inst, "registered_by_org_id", last ? json_integer(strtoll(last, NULL, 10)) : json_null());
    json_object_del(inst, "owner_path");
    return inst;
}

/* The list's filters within the caller's scope; false after replying. *none: the caller sees
 * no institution at all (a member's account). */
static bool inst_query_from(http_request *req, api_ctx *c, institution_query *q, bool *none)
{
    *q = (institution_query){.scope_path = c->actor.scope_path, .include_uncovered = sees_uncovered(c)};
    *none = !q->scope_path || api_can(c, CAP_SCOPE_SELF);
    q->q = http_query(req, "q");
    q->district = http_query(req, "district");
    return fields_query_enum(req, "ownership", dj_ownerships, &q->ownership) &&
           fields_query_enum(req, "kind", dj_institution_kinds, &q->kind) && api_query_bool(req, "deleted", &q->deleted);
}

static void list_institutions(http_request *req, api_ctx *c)
{
    institution_query q;
    bool none;
    if (!api_paging(req, &q.limit, &q.offset))
        return;
    int64_t limit = q.limit, offset = q.offset;
    if (!inst_query_from(req, c, &q, &none))
        return;
    if (none) {
        http_reply_json(req, 200, api_list(json_array(), 0, 20, 0));
        return;
    }
    q.limit = limit;
    q.offset = offset;
    int64_t total = 0;
    dj_err err;
    json_t *items = institutions_list_e(c->d, &q, &total, &err);
    if (!items) {
        api_fail(req, &err);
        return;
    }
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
        with_editable(c, it);
    http_reply_json(req, 200, api_list(items, total, q.limit, q.offset));
}

static const char *ownership_label(const json_t *it, const char *field, char *scratch, size_t n)
{
    (void)scratch;
    (void)n;
    return dj_enum_label(dj_ownerships, json_str(it, field));
}

static const char *kind_label(const json_t *it, const char *field, char *scratch, size_t n)
{
    (void)scratch;
    (void)n;
    return dj_enum_label(dj_institution_kinds, json_str(it, field));
}

/* The registry as a file (医疗机构名册): the list's filters, every page. */
static json_t *institutions_page(api_ctx *c, void *query, int64_t offset, int64_t limit, int64_t *total, dj_err *err)
{
    institution_query *q = query;
    q->offset = offset;
    q->limit = limit;
    return institutions_list_e(c->d, q, total, err);
}

static void export_institutions(http_request *req, api_ctx *c)
{
    static const api_sheet_column cols[] = {
        {"编号", "id", 8, NULL}, {"机构名称", "name", 30, NULL}, {"统一社会信用代码", "credit_code", 22, NULL},
        {"性质", "ownership", 8, ownership_label}, {"类别", "kind", 16, kind_label}, {"等级", "grade", 10, NULL},
        {"所在区县", "district", 12, NULL}, {"地址", "address", 30, NULL}, {"职工人数", "staff_count", 10, NULL},
        {"覆盖组织", "orgs", 30, NULL}, {NULL},
    };
    institution_query q;
    bool none;
    if (!inst_query_from(req, c, &q, &none))
        return;
    dj_err err;
    json_t *all = none ? json_array() : api_all_pages(institutions_page, c, &q, &err);
    if (!all) {
        api_fail(req, &err);
        return;
    }
    api_reply_sheet(req, "institutions", "%E5%8C%BB%E7%96%97%E6%9C%BA%E6%9E%84%E5%90%8D%E5%86%8C", "医疗机构", cols, all);
    json_decref(all);
}

static void institutions_get(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *o = api_object_get(req, c, &inst_object, &id);
    if (o)
        http_reply_json(req, 200, with_editable(c, o));
}

static void inst_reply(http_request *req, api_ctx *c, int64_t id, int status)
{
    http_reply_json(req, status, with_editable(c, institution_read(c->d, id)));
}

/* Enums, the credit code's check character, coordinates, and the orgs in scope. */
static bool inst_body_valid(http_request *req, api_ctx *c, json_t *body)
{
    const char *own = json_str(body, "ownership"), *kind = json_str(body, "kind");
    if (own && !dj_enum_find(dj_ownerships, own)) {
        http_reply_error(req, 422, "validation", "ownership", "性质须为公立或民营");
        return false;
    }
    if (own)
        json_object_set_new(body, "ownership", json_string(dj_enum_name(dj_ownerships, own)));
    if (kind && !dj_enum_find(dj_institution_kinds, kind)) {
        http_reply_error(req, 422, "validation", "kind", "机构类别无效");
        return false;
    }
    if (kind)
        json_object_set_new(body, "kind", json_string(dj_enum_name(dj_institution_kinds, kind)));
    const char *code = json_str(body, "credit_code");
    if (code) {
        char norm[32];
        snprintf(norm, sizeof norm, "%s", code);
        credit_code_normalize(norm);
        dj_err err;
        if (!credit_code_validate(norm, &err)) {
            api_fail(req, &err);
            return false;
        }
        json_object_set_new(body, "credit_code", json_string(norm));
    }
    json_t *lat = json_object_get(body, "latitude"), *lng = json_object_get(body, "longitude");
    if (json_is_number(lat) && (json_number_value(lat) < -90 || json_number_value(lat) > 90)) {
        http_reply_error(req, 422, "validation", "latitude", "纬度须在 -90 到 90 之间");
        return false;
    }
    if (json_is_number(lng) && (json_number_value(lng) < -180 || json_number_value(lng) > 180)) {
        http_reply_error(req, 422, "validation", "longitude", "经度须在 -180 到 180 之间");
        return false;
    }
    json_t *sc = json_object_get(body, "staff_count");
    if (json_is_integer(sc) && (json_integer_value(sc) < 0 || json_integer_value(sc) > 1000000)) {
        http_reply_error(req, 422, "validation", "staff_count", "职工人数无效");
        return false;
    }
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(body, "org_ids"), i, v) {
        if (!scope_org_path(req, c, json_integer_value(v), "org_ids"))
            return false;
    }
    return true;
}

/* The organisations covering an institution (rows of their own, beside the institution's row
 * that row_update audits), and the audit record of a change of them (before NULL: new). */
static json_t *inst_links(db *d, int64_t id)
{
    json_t *o = institution_read(d, id);
    json_t *l = json_pack("{s:O?}", "org_ids", json_object_get(o, "org_ids"));
    json_decref(o);
    return l;
}

static bool audit_links(api_ctx *c, int64_t id, json_t *before, dj_err *err)
{
    return api_audit_links(c, "institution", id, before, inst_links(c->d, id), err);
}

static bool inst_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    (void)state;
    return inst_body_valid(req, c, body) && (!cur || !uncovered_locked(req, c, cur, json_object_get(body, "org_ids")));
}

static bool create_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                         dj_err *err)
{
    (void)version;
    (void)cur;
    (void)state;
    bool ok = row_insert(c->d, "institutions", institution_columns, body, &c->actor, id, err) &&
              institution_set_owner(c->d, *id, api_can(c, CAP_SCOPE_ALL) ? NULL : c->actor.scope_path, err);
    if (ok && json_object_get(body, "org_ids"))
        ok = institution_set_orgs(c->d, *id, json_object_get(body, "org_ids"), err) && audit_links(c, *id, NULL, err);
    return ok;
}

static void institutions_create(http_request *req, api_ctx *c)
{
    api_write w = {.obj = &inst_object, .creating = true, .fields = inst_fields, .check = inst_check, .apply = create_apply};
    api_write_run(req, c, &w);
}

/* The links a caller asks for, plus the institution's links to orgs outside the caller's scope,
 * which the caller can neither see nor remove (a joint branch shared with others). */
static json_t *merged_org_ids(api_ctx *c, const json_t *cur, const json_t *asked)
{
    json_t *ids = json_deep_copy(asked);
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(cur, "orgs"), i, o) {
        if (!scope_has_path(c, json_str(o, "path")))
            json_array_append(ids, json_object_get(o, "id"));
    }
    return ids;
}

/* Whether the institution is covered by an org outside the caller's scope. */
static bool shared_outside(api_ctx *c, const json_t *cur)
{
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(cur, "orgs"), i, o) {
        if (!scope_has_path(c, json_str(o, "path")))
            return true;
    }
    return false;
}

/* An institution no organisation covers is in nobody's subtree: it is changed or deleted only by
 * an administrator or by the scope that registered it (its owner_path); another organisation's
 * administrator may take it over by linking it to an organisation of its own (两个覆盖). */
static bool uncovered_locked(http_request *req, api_ctx *c, const json_t *cur, const json_t *asked_org_ids)
{
    if (json_array_size(asked_org_ids) > 0 || uncovered_mine(c, cur))
        return false;
    http_reply_error(req, 403, "forbidden", NULL,
                     "该机构尚未被任何组织覆盖，只有系统管理员可以修改或删除；如需覆盖，请同时关联本单位的组织");
    return true;
}

static bool update_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                         dj_err *err)
{
    (void)state;
    json_t *asked = json_object_get(body, "org_ids");
    bool ok = row_update(c->d, "institutions", institution_columns, *id, version, body, asked != NULL, "update",
                         &c->actor, err);
    if (ok && asked) {
        json_t *before = inst_links(c->d, *id);
        json_t *ids = merged_org_ids(c, cur, asked);
        ok = institution_set_orgs(c->d, *id, ids, err) && audit_links(c, *id, before, err);
        json_decref(ids);
        json_decref(before);
    }
    return ok;
}

static void institutions_update(http_request *req, api_ctx *c)
{
    api_write w = {.obj = &inst_object, .fields = inst_fields, .check = inst_check, .apply = update_apply};
    api_write_run(req, c, &w);
}

static bool delete_check(http_request *req, api_ctx *c, const json_t *cur, bool deleted)
{
    (void)deleted;
    if (uncovered_locked(req, c, cur, NULL))
        return false;
    if (shared_outside(c, cur)) {
        http_reply_error(req, 403, "forbidden", NULL, "该机构也由您管理范围以外的组织覆盖，只有系统管理员可以删除或恢复");
        return false;
    }
    return true;
}

static void institutions_delete(http_request *req, api_ctx *c) { api_soft_delete(req, c, &inst_object, true, delete_check); }
static void institutions_restore(http_request *req, api_ctx *c) { api_soft_delete(req, c, &inst_object, false, delete_check); }

const api_module institutions_module = {
    "institutions",
    (const api_route[]){
        {"GET", "/api/v1/institutions", list_institutions, API_SIGNED_IN, 0, 0},
        {"GET", "/api/v1/institutions/export", export_institutions, API_SIGNED_IN, 0, 0},
        {"POST", "/api/v1/institutions", institutions_create, CAP_INSTITUTIONS_WRITE, 0, 0},
        {"GET", "/api/v1/institutions/{id}", institutions_get, API_SIGNED_IN, 0, 0},
        {"PATCH", "/api/v1/institutions/{id}", institutions_update, CAP_INSTITUTIONS_WRITE, 0, 0},
        {"DELETE", "/api/v1/institutions/{id}", institutions_delete, CAP_INSTITUTIONS_WRITE, 0, 0},
        {"POST", "/api/v1/institutions/{id}/restore", institutions_restore, CAP_INSTITUTIONS_WRITE, 0, 0},
        {NULL},
    },
};
