/* members.c: party members' files: list, read, create, update, delete, restore, transfer,
 * history. Personal numbers are masked for roles not entitled to them. */
#include "api/members.h"

#include "api/module.h"
#include "api/write.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/json.h"
#include "core/text.h"
#include "domain/enums.h"
#include "domain/idcard.h"
#include "domain/member_rules.h"
#include "store/members.h"
#include "store/rows.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const api_field member_fields[] = {
    {"name", F_STR, true, 50, "姓名"},
    {"gender", F_STR, true, 20},
    {"ethnicity", F_STR, false, 100},
    {"birth_date", F_DATE, true, 0},
    {"id_number", F_STR, true, 18},
    {"phone", F_STR, false, 11},
    {"education", F_STR, false, 100},
    {"title", F_STR, false, 100},
    {"department", F_STR, false, 100},
    {"position", F_STR, false, 100},
    {"org_id", F_INT, true, 0},
    {"category", F_STR, true, 20},
    {"status", F_STR, false, 20},
    {"joined_on", F_DATE, true, 0},
    {"full_on", F_DATE, false, 0},
    {"tags", F_STR_ARRAY, false, 20},
    {NULL, 0, false, 0},
};

/* Trims the text fields in place as the import trims its cells (white space and U+3000 around a
 * value); one left empty becomes null, so a name of spaces is a missing name. */
static void trim_text_fields(json_t *m)
{
    static const char *const text_fields[] = {"name", "gender", "ethnicity", "birth_date", "id_number", "phone",
                                               "education", "title", "department", "position", "category",
                                               "status", "joined_on", "full_on", NULL};
    for (const char *const *f = text_fields; *f; f++) {
        json_t *v = json_object_get(m, *f);
        if (!json_is_string(v))
            continue;
        /* The common case (the import's every cell) has nothing to trim: no copy. */
        if (!text_needs_trim(json_string_value(v)))
            continue;
        char *copy = xstrdup(json_string_value(v));
        char *t = text_trim(copy);
        if (!*t)
            json_object_set_new(m, *f, json_null());
        else if (strlen(t) != json_string_length(v))
            json_object_set_new(m, *f, json_string(t));
        free(copy);
    }
}

int member_check_input(member_input *in, const char *const *tags, size_t ntags, char idn[32], dj_err *errs, int max)
{
    idn[0] = '\0';
    if (in->id_number) {
        size_t len = strnlen(in->id_number, 31);
        memcpy(idn, in->id_number, len);
        idn[len] = '\0';
        idcard_normalize(idn);
        in->id_number = idn;
    }
    int n = member_validate_all(in, date_today(), errs, max);
    dj_err tag_err;
    /* Any count may come from a file: more than the most is refused by the count alone. */
    if (ntags && !member_tags_validate(ntags > MEMBER_TAGS_MAX ? NULL : tags, ntags, &tag_err) && n++ < max)
        errs[n - 1] = tag_err;
    if (n > 0)
        return n;
    in->gender = dj_enum_name(dj_genders, in->gender);
    in->category = dj_enum_name(dj_member_categories, in->category);
    in->status = in->status && *in->status ? dj_enum_name(dj_member_statuses, in->status) : "active";
    return 0;
}

int member_check_all(json_t *m, dj_err *errs, int max)
{
    trim_text_fields(m);
    member_input in = {
        .name = json_str(m, "name"), .gender = json_str(m, "gender"), .ethnicity = json_str(m, "ethnicity"),
        .birth_date = json_str(m, "birth_date"), .id_number = json_str(m, "id_number"), .phone = json_str(m, "phone"),
        .education = json_str(m, "education"), .title = json_str(m, "title"), .department = json_str(m, "department"),
        .position = json_str(m, "position"), .category = json_str(m, "category"), .status = json_str(m, "status"),
        .joined_on = json_str(m, "joined_on"), .full_on = json_str(m, "full_on"),
    };
    char idn[32];
    json_t *tags = json_object_get(m, "tags");
    size_t count = json_array_size(tags);
    const char *t[MEMBER_TAGS_MAX];
    for (size_t i = 0; i < count && i < MEMBER_TAGS_MAX; i++)
        t[i] = json_string_value(json_array_get(tags, i)) ?: "";
    int n = member_check_input(&in, t, count, idn, errs, max);
    if (n > 0)
        return n;
    json_object_set_new(m, "id_number", json_string(idn));
    json_object_set_new(m, "gender", json_string(in.gender));
    json_object_set_new(m, "category", json_string(in.category));
    json_object_set_new(m, "status", json_string(in.status));
    if (!json_is_array(tags))
        json_object_set_new(m, "tags", json_array());
    return 0;
}

char *member_input_json(const member_input *in, int64_t org_id, const char *tags_json)
{
    const struct {
        const char *key, *value;
    } f[] = {
        {"name", in->name}, {"gender", in->gender}, {"ethnicity", in->ethnicity}, {"birth_date", in->birth_date},
        {"id_number", in->id_number}, {"phone", in->phone}, {"education", in->education}, {"title", in->title},
        {"department", in->department}, {"position", in->position}, {"category", in->category},
        {"status", in->status}, {"joined_on", in->joined_on}, {"full_on", in->full_on},
    };
    buf out = {0};
    buf_append(&out, "{", 1);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (!f[i].value)
            continue;
        if (out.len > 1)
            buf_append(&out, ",", 1);
        json_write_string(&out, f[i].key);
        buf_append(&out, ":", 1);
        json_write_string(&out, f[i].value);
    }
    if (out.len > 1)
        buf_append(&out, ",", 1);
    buf_append(&out, "\"org_id\":", 9);
    char num[24], *p = num + sizeof num;
    uint64_t u = org_id < 0 ? 0 : (uint64_t)org_id; /* an organisation's id: positive */
    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    buf_append(&out, p, (size_t)(num + sizeof num - p));
    buf_append(&out, ",\"tags\":", 8);
    buf_append(&out, tags_json ? tags_json : "[]", strlen(tags_json ? tags_json : "[]"));
    buf_append(&out, "}", 1);
    size_t len;
    return buf_steal(&out, &len);
}

bool member_check(json_t *m, dj_err *err)
{
    dj_err first;
    if (member_check_all(m, &first, 1) == 0)
        return true;
    *err = first;
    return false;
}

void member_present(json_t *m, bool show_personal)
{
    json_object_del(m, "org_path");
    if (!show_personal)
        member_mask_personal(m);
}

void member_mask_personal(json_t *m)
{
    char buf[64];
    /* With the birth date and the area codes, a partly shown ID number narrows to a handful of
     * people: who sees numbers masked sees the birth year only. */
    const char *birth = json_str(m, "birth_date");
    if (birth && strlen(birth) >= 4) {
        snprintf(buf, sizeof buf, "%.4s", birth);
        json_object_set_new(m, "birth_date", json_string(buf));
    }
    const char *idn = json_str(m, "id_number"), *phone = json_str(m, "phone");
    if (idn) {
        idcard_mask(idn, buf, sizeof buf);
        json_object_set_new(m, "id_number", json_string(buf));
    }
    if (phone && *phone) {
        phone_mask(phone, buf, sizeof buf);
        json_object_set_new(m, "phone", json_string(buf));
    }
}

static bool is_self(api_ctx *c, int64_t member_id)
{
    return c->actor.member_id && c->actor.member_id == member_id;
}

/* The member with id if the caller may see it (its own file, or one in the scope). */
static json_t *member_load(api_ctx *c, int64_t id, dj_err *err)
{
    json_t *m = member_read_e(c->d, id, err);
    if (m && (is_self(c, id) || scope_has_path(c, json_str(m, "org_path"))))
        return m;
    json_decref(m);
    return NULL;
}

static void reply_member(http_request *req, api_ctx *c, int64_t id, int status);

/* A deleted member's accounts stop working with it (restoring the record does not enable them:
 * an administrator decides that). */
static bool member_on_delete(api_ctx *c, int64_t id, bool deleted, dj_err *err)
{
    return !deleted || users_disable_linked(c->d, "member", id, &c->actor, err);
}

static const api_object member_object = {"members", "党员不存在", member_load, reply_member, NULL, member_on_delete};

static bool shows_personal(api_ctx *c, int64_t member_id)
{
    return api_can(c, CAP_MEMBERS_PERSONAL) || is_self(c, member_id);
}

static void reply_member(http_request *req, api_ctx *c, int64_t id, int status)
{
    json_t *m = member_read(c->d, id);
    member_present(m, shows_personal(c, id));
    http_reply_json(req, status, m);
}

/* Fills q from the query string, within the caller's scope. False after replying. */
static bool member_query_from(http_request *req, api_ctx *c, member_query *q, bool paging);
bool api_member_query(http_request *req, api_ctx *c, member_query *q) { return member_query_from(req, c, q, false); }

/* ids=3,7,12: only those members (the rows a user checked), at most MEMBER_IDS_MAX, as the JSON
 * array the store binds (kept in a buffer that lives as long as the request). */
enum { MEMBER_IDS_MAX = 1000 };
static bool ids_from(http_request *req, member_query *q)
{
    const char *s = http_query(req, "ids");
    if (!s)
        return true;
    buf out = {0};
    buf_append(&out, "[", 1);
    int n = 0;
    for (const char *p = s;;) {
        const char *e = p;
        while (*e >= '0' && *e <= '9')
            e++;
        if (e == p || e - p > 15 || *p == '0' || (*e && *e != ',') || ++n > MEMBER_IDS_MAX) {
            http_reply_error(req, 400, "bad_request", "ids",
                             n > MEMBER_IDS_MAX ? "一次最多选择 1000 名党员" : "所选党员须为以逗号分隔的党员编号");
            buf_free(&out);
            return false;
        }
        if (n > 1)
            buf_append(&out, ",", 1);
        buf_append(&out, p, (size_t)(e - p));
        if (!*e)
            break;
        p = e + 1;
    }
    buf_append(&out, "]", 1);
    q->ids = arena_strndup(req->a, out.data, out.len);
    buf_free(&out);
    return true;
}
static bool member_query_from(http_request *req, api_ctx *c, member_query *q, bool paging)
{
    memset(q, 0, sizeof *q);
    if (paging && !api_paging(req, &q->limit, &q->offset))
        return false;
    int64_t org = 0;
    if (!api_query_id(req, "org", &org))
        return false;
    if (api_can(c, CAP_SCOPE_SELF)) {
        /* A member's account sees only its own file; naming another organisation is out of scope. */
        if (org && org != c->actor.org_id && !scope_org_path(req, c, org, NULL))
            return false;
        q->subtree = "/";
        q->only_id = c->actor.member_id ? c->actor.member_id : -1;
    } else if (org) {
        q->subtree = scope_org_path(req, c, org, NULL);
        if (!q->subtree)
            return false;
    } else {
        q->subtree = c->actor.scope_path;
        if (!q->subtree)
            q->only_id = -1;
        if (!q->subtree)
            q->subtree = "/";
    }
    /* An enum filter with a value outside its list is a mistake, not an empty result. */
    if (!fields_query_enum(req, "category", dj_member_categories, &q->category) ||
        !fields_query_enum(req, "status", dj_member_statuses, &q->status))
        return false;
    if (!ids_from(req, q))
        return false;
    q->tag = http_query(req, "tag");
    q->department = http_query(req, "department");
    q->q = http_query(req, "q");
    q->search_phone = api_can(c, CAP_MEMBERS_PERSONAL);
    q->sort = http_query(req, "sort");
    if (!api_query_bool(req, "deleted", &q->deleted))
        return false;
    if (!member_sort_valid(q->sort)) {
        http_reply_error(req, 400, "bad_request", "sort", "不支持的排序字段");
        return false;
    }
    if (q->q && strlen(q->q) > 100) {
        http_reply_error(req, 400, "bad_request", "q", "搜索内容过长");
        return false;
    }
    return true;
}

/* Masks the personal numbers (unless shown) and drops the internal path, column by column. */
typedef struct list_filter {
    bool show_personal;
    char scratch[64];
} list_filter;

static bool list_column(void *arg, const char *column, const char **text)
{
    list_filter *f = arg;
    /* Called for every column of every row: the first letter rules out most names at once. */
    if (column[0] != 'o' && column[0] != 'i' && column[0] != 'p' && column[0] != 'b')
        return true;
    if (strcmp(column, "org_path") == 0)
        return false;
    if (!f->show_personal && *text && **text) {
        if (strcmp(column, "id_number") == 0) {
            idcard_mask(*text, f->scratch, sizeof f->scratch);
            *text = f->scratch;
        } else if (strcmp(column, "phone") == 0) {
            phone_mask(*text, f->scratch, sizeof f->scratch);
            *text = f->scratch;
        } else if (strcmp(column, "birth_date") == 0) {
            snprintf(f->scratch, sizeof f->scratch, "%.4s", *text);
            *text = f->scratch;
        }
    }
    return true;
}

/* Everything a page of the list depends on: the query (its org subtree is already the one the
 * scope allows) and whether numbers are masked. Strings are length-prefixed, so no two queries
 * share a key. */
static void key_str(buf *k, const char *v)
{
    if (v)
        buf_printf(k, "%zu:%s|", strlen(v), v);
    else
        buf_puts(k, "-|");
}

static void list_cache_key(buf *k, const member_query *q, bool show_personal)
{
    buf_puts(k, "members|");
    key_str(k, q->subtree);
    key_str(k, q->category);
    key_str(k, q->status);
    key_str(k, q->tag);
    key_str(k, q->department);
    key_str(k, q->q);
    key_str(k, q->sort);
    buf_printf(k, "%lld|%d|%d|%d|%lld|%lld", (long long)q->only_id, q->search_phone, q->deleted, show_personal,
               (long long)q->limit, (long long)q->offset);
}

static void members_list(http_request *req, api_ctx *c)
{
    member_query q;
    if (!member_query_from(req, c, &q, true))
        return;
    /* The list is the hot path: its JSON is written straight from the rows. A member's own
     * account lists only itself, so it sees its own numbers. */
    list_filter f = {.show_personal = api_can(c, CAP_MEMBERS_PERSONAL) || api_can(c, CAP_SCOPE_SELF)};
    buf key = {0};
    list_cache_key(&key, &q, f.show_personal);
    buf out = {0};
    if (!db_cache_get(c->d, key.data, &out)) {
        buf_puts(&out, "{\"items\":");
        int64_t total = 0;
        dj_err err;
        if (!members_list_json_e(c->d, &q, &out, list_column, &f, &total, &err)) {
            buf_free(&out);
            buf_free(&key);
            api_fail(req, &err);
            return;
        }
        if (q.offset + q.limit < total)
            buf_printf(&out, ",\"total\":%lld,\"next\":%lld}", (long long)total, (long long)(q.offset + q.limit));
        else
            buf_printf(&out, ",\"total\":%lld,\"next\":null}", (long long)total);
        db_cache_put(c->d, key.data, out.data, out.len);
    }
    buf_free(&key);
    size_t len;
    char *body = buf_steal(&out, &len);
    http_reply_bytes(req, 200, "application/json; charset=utf-8", body, len);
}

static void members_get(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *m = api_object_get(req, c, &member_object, &id);
    if (!m)
        return;
    member_present(m, shows_personal(c, id));
    http_reply_json(req, 200, m);
}

static bool id_number_free(http_request *req, api_ctx *c, const char *id_number, int64_t id, const char *message)
{
    bool taken = false;
    dj_err err;
    if (!member_id_number_taken_e(c->d, id_number, id, &taken, &err)) {
        api_fail(req, &err);
        return false;
    }
    if (!taken)
        return true;
    http_reply_error(req, 409, "conflict", "id_number", message);
    return false;
}

/* A new member: its organisation in the scope, the record valid, the ID number not on file. */
static bool create_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    (void)cur;
    (void)state;
    dj_err err;
    const char *path = scope_org_path(req, c, json_integer_value(json_object_get(body, "org_id")), "org_id");
    if (!path)
        return false;
    if (!member_check(body, &err)) {
        api_fail(req, &err);
        return false;
    }
    if (!id_number_free(req, c, json_str(body, "id_number"), 0, "该身份证号已登记"))
        return false;
    json_object_set_new(body, "org_path", json_string(path));
    return true;
}

static void members_create(http_request *req, api_ctx *c)
{
    api_write w = {.obj = &member_object, .creating = true, .fields = member_fields, .check = create_check,
                   .cols = member_columns};
    api_write_run(req, c, &w);
}

/* A change: the record as it will be must be valid; the body becomes the normalised changes. */
static bool update_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    (void)state;
    json_t *org = json_object_get(body, "org_id");
    if (org && !json_equal(org, json_object_get(cur, "org_id"))) {
        http_reply_error(req, 422, "validation", "org_id", "请通过“组织关系转接”变更所在组织");
        return false;
    }
    dj_err err;
    json_t *merged = json_deep_copy(cur);
    json_object_update_existing(merged, body);
    bool ok = false;
    if (!member_check(merged, &err)) {
        api_fail(req, &err);
    } else if (id_number_free(req, c, json_str(merged, "id_number"), json_integer_value(json_object_get(cur, "id")),
                              "该身份证号已登记")) {
        json_t *changes = json_object();
        const char *k;
        json_t *v;
        json_object_foreach(body, k, v) {
            if (strcmp(k, "org_id") != 0 && json_object_get(merged, k))
                json_object_set(changes, k, json_object_get(merged, k));
        }
        json_object_clear(body);
        json_object_update(body, changes);
        json_decref(changes);
        ok = true;
    }
    json_decref(merged);
    return ok;
}

static void members_update(http_request *req, api_ctx *c)
{
    api_write w = {.obj = &member_object, .fields = member_fields, .check = update_check, .cols = member_columns};
    api_write_run(req, c, &w);
}

static bool restore_check(http_request *req, api_ctx *c, const json_t *cur, bool deleted)
{
    return deleted || id_number_free(req, c, json_str(cur, "id_number"), json_integer_value(json_object_get(cur, "id")),
                                     "该身份证号已被其他党员使用，不能恢复");
}

static void members_delete(http_request *req, api_ctx *c) { api_soft_delete(req, c, &member_object, true, restore_check); }
static void members_restore(http_request *req, api_ctx *c) { api_soft_delete(req, c, &member_object, false, restore_check); }

static const api_field transfer_fields[] = {
    {"to_org_id", F_INT, true, 0},
    {"transfer_date", F_DATE, true, 0},
    {"reason", F_STR, false, 200},
    {NULL, 0, false, 0},
};

/* The transfer: to an organisation in the scope, on a real date, not in the future, not before
 * the member joined. */
static bool transfer_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    const char **to_path = state;
    dj_err err;
    *to_path = scope_org_path(req, c, json_integer_value(json_object_get(body, "to_org_id")), "to_org_id");
    if (!*to_path)
        return false;
    if (member_transfer_date_validate(json_str(body, "transfer_date"), json_str(cur, "joined_on"), date_today(), &err))
        return true;
    api_fail(req, &err);
    return false;
}

static bool transfer_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                           dj_err *err)
{
    (void)cur;
    const char **to_path = state;
    return member_transfer(c->d, *id, version, json_integer_value(json_object_get(body, "to_org_id")), *to_path,
                           json_str(body, "transfer_date"), json_str(body, "reason"), &c->actor, err);
}

static void members_transfer(http_request *req, api_ctx *c)
{
    const char *to_path = NULL;
    api_write w = {.obj = &member_object, .fields = transfer_fields, .all_required = true, .check = transfer_check,
                   .apply = transfer_apply, .state = &to_path};
    api_write_run(req, c, &w);
}

/* The fields that changed between two audit snapshots: {"field": [old, new]}. */
static json_t *diff(const json_t *before, const json_t *after, bool show_personal)
{
    static const char *const skip[] = {"version", "updated_at", "created_at", "org_path", "id", NULL};
    json_t *out = json_object();
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)after, k, v) {
        bool skipped = false;
        for (const char *const *s = skip; *s; s++)
            skipped = skipped || strcmp(*s, k) == 0;
        json_t *old = before ? json_object_get(before, k) : NULL;
        if (skipped || (old && json_equal(old, v)) || (!old && json_is_null(v)))
            continue;
        if (strcmp(k, "tags") == 0) {
            /* stored as JSON text: show the lists themselves */
            json_t *o = json_is_string(old) ? json_loads(json_string_value(old), 0, NULL) : json_null();
            json_t *n = json_is_string(v) ? json_loads(json_string_value(v), 0, NULL) : json_null();
            json_object_set_new(out, k, json_pack("[o?,o?]", o, n));
        } else if (!show_personal && (strcmp(k, "id_number") == 0 || strcmp(k, "phone") == 0 || strcmp(k, "birth_date") == 0))
            json_object_set_new(out, k, json_pack("[s,s]", "***", "***"));
        else
            json_object_set_new(out, k, json_pack("[O,O]", old ? old : json_null(), v));
    }
    return out;
}

static void members_history(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *cur = api_object_get(req, c, &member_object, &id);
    if (!cur)
        return;
    json_decref(cur);
    bool personal = shows_personal(c, id);
    dj_err err;
    json_t *items = member_transfers_e(c->d, id, &err);
    json_t *audit = items ? member_audit_e(c->d, id, &err) : NULL;
    if (!audit) {
        json_decref(items);
        api_fail(req, &err);
        return;
    }
    size_t i;
    json_t *a;
    json_array_foreach(audit, i, a) {
        json_t *e = json_pack("{s:O,s:s,s:O,s:O}", "at", json_object_get(a, "at"), "kind", "change", "action",
                              json_object_get(a, "action"), "by", json_object_get(a, "by"));
        json_object_set_new(e, "changes", diff(json_object_get(a, "before"), json_object_get(a, "after"), personal));
        json_array_append_new(items, e);
    }
    json_decref(audit);
    /* Newest first across both kinds (timestamps are ISO text; a stable sort keeps the order
     * within a second). */
    size_t n = json_array_size(items);
    for (size_t x = 1; x < n; x++) {
        for (size_t y = x; y > 0; y--) {
            const char *p = json_str(json_array_get(items, y - 1), "at"), *q = json_str(json_array_get(items, y), "at");
            if (strcmp(p, q) >= 0)
                break;
            json_t *t = json_incref(json_array_get(items, y));
            json_array_set(items, y, json_array_get(items, y - 1));
            json_array_set_new(items, y - 1, t);
        }
    }
    http_reply_json(req, 200, json_pack("{s:I,s:n,s:o}", "total", (json_int_t)json_array_size(items), "next", "items", items));
}

const api_module members_module = {
    "members",
    (const api_route[]){
        {"GET", "/api/v1/members", members_list, API_SIGNED_IN, 0, API_NO_STORE},
        {"POST", "/api/v1/members", members_create, CAP_MEMBERS_WRITE, 0, API_NO_STORE},
        {"GET", "/api/v1/members/{id}", members_get, API_SIGNED_IN, 0, API_NO_STORE},
        {"PATCH", "/api/v1/members/{id}", members_update, CAP_MEMBERS_WRITE, 0, API_NO_STORE},
        {"DELETE", "/api/v1/members/{id}", members_delete, CAP_MEMBERS_WRITE, 0, API_NO_STORE},
        {"POST", "/api/v1/members/{id}/restore", members_restore, CAP_MEMBERS_WRITE, 0, API_NO_STORE},
        {"POST", "/api/v1/members/{id}/transfer", members_transfer, CAP_MEMBERS_WRITE, 0, API_NO_STORE},
        {"GET", "/api/v1/members/{id}/history", members_history, API_SIGNED_IN, 0, API_NO_STORE},
        {NULL},
    },
};
