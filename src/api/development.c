/* development.c: developing members (发展党员, DOMAIN.md §4): the people in the pipeline
 * (applicants, not yet members) and the 25 steps they go through, each checked against its time
 * rules (domain/development.h). A step that breaks a time rule is refused with 422 naming the
 * rule and its source, unless a caller entitled to override (development.override) gives a
 * reason, which is kept on the step and in the audit log. Step 15 creates the member record
 * (probationary), step 24 makes it full. The board, 三培养 and the to-do items are in
 * development_board.c. An applicant outside the caller's scope answers 404. */
#include "api/development.h"
#include "api/members.h"
#include "api/module.h"
#include "api/sheet.h"
#include "api/write.h"
#include "core/arena.h"
#include "core/date.h"
#include "core/json.h"
#include "core/text.h"
#include "domain/development.h"
#include "domain/enums.h"
#include "domain/idcard.h"
#include "domain/member_rules.h"
#include "store/development.h"
#include "store/meetings.h"
#include "store/members.h"
#include "store/rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const api_field applicant_fields[] = {
    {"name", F_STR, true, 50, "姓名"},
    {"gender", F_STR, true, 20, "性别"},
    {"ethnicity", F_STR, false, 100, "民族"},
    {"birth_date", F_DATE, true, 0, "出生日期"},
    {"id_number", F_STR, true, 18, "身份证号"},
    {"phone", F_STR, false, 11, "手机号"},
    {"education", F_STR, false, 100, "学历"},
    {"title", F_STR, false, 100, "职称"},
    {"department", F_STR, false, 100, "科室"},
    {"position", F_STR, false, 100, "职务"},
    {"org_id", F_INT, true, 0, "所在组织"},
    {"tags", F_STR_ARRAY, false, 20, "标签"},
    {"extension_months", F_INT, false, 0, "延长预备期（月）"},
    {NULL, 0, false, 0, NULL},
};

static const api_field step_fields[] = {
    {"step", F_INT, true, 0, "步骤"},
    {"done_on", F_DATE, true, 0, "办理日期"},
    {"people", F_INT_ARRAY, false, 10, "相关人员"},
    {"note", F_STR, false, 500, "说明"},
    {"override_reason", F_STR, false, 500, "例外办理理由"},
    {"training_days", F_INT, false, 0, "培训天数"},
    {"training_hours", F_INT, false, 0, "培训学时"},
    {"meeting_id", F_INT, false, 0, "支部党员大会"},
    {"voters_entitled", F_INT, false, 0, "有表决权的正式党员人数"},
    {"voters_present", F_INT, false, 0, "到会有表决权人数"},
    {"votes_for", F_INT, false, 0, "赞成票"},
    {"votes_against", F_INT, false, 0, "反对票"},
    {"votes_abstain", F_INT, false, 0, "弃权票"},
    {NULL, 0, false, 0, NULL},
};

/* Today as the member file's checks see it (date_today), so that a step and the member record it
 * creates agree on what is in the future. */
static dj_date today_cn(void) { return date_today(); }

static bool reply_err(http_request *req, const dj_err *err)
{
    api_fail(req, err);
    return false;
}

/* ---- The rules' view of an applicant ----------------------------------------------------- */

static void record_of(const json_t *a, const json_t *steps, dev_record *r)
{
    memset(r, 0, sizeof *r);
    date_parse(json_str(a, "birth_date"), &r->birth);
    r->extension_months = (int)json_integer_value(json_object_get(a, "extension_months"));
    size_t i;
    json_t *s;
    json_array_foreach(steps, i, s) {
        int k = (int)json_integer_value(json_object_get(s, "step"));
        if (k < 1 || k > DEV_STEPS)
            continue;
        date_parse(json_str(s, "done_on"), &r->done[k]);
        if (k > r->last)
            r->last = k;
    }
}

static json_t *date_or_null(dj_date d)
{
    if (!d)
        return json_null();
    char s[11];
    date_format(d, s);
    return json_string(s);
}

/* The applicant as the API shows it: stage label, the steps done (each with its name), what the
 * next step needs and its window, the end of probation; personal numbers masked unless the
 * caller sees them. */
static void applicant_present(api_ctx *c, json_t *a, json_t *steps)
{
    dev_record r;
    record_of(a, steps, &r);
    size_t i;
    json_t *s;
    json_array_foreach(steps, i, s) {
        int k = (int)json_integer_value(json_object_get(s, "step"));
        json_object_set_new(s, "label", json_string(dev_step_label(k) ? dev_step_label(k) : ""));
    }
    json_object_set_new(a, "steps", steps);
    dev_stage st = dev_stage_of(r.last);
    json_object_set_new(a, "stage", json_string(dev_stage_name(st)));
    json_object_set_new(a, "stage_label", json_string(dev_stage_label(st)));
    if (r.last < DEV_STEPS) {
        int k = r.last + 1;
        dj_date lo, hi;
        dev_step_window(&r, k, &lo, &hi);
        json_object_set_new(a, "next_step",
                            json_pack("{s:i,s:s,s:s,s:b,s:o,s:o}", "step", k, "label", dev_step_label(k), "needs",
                                      dev_step_needs(k), "needs_people", dev_step_needs_people(k), "earliest",
                                      date_or_null(lo), "latest", date_or_null(hi)));
    } else {
        json_object_set_new(a, "next_step", json_null());
    }
    json_object_set_new(a, "probation_ends", date_or_null(dev_probation_end(&r)));
    json_object_del(a, "org_path");
    if (!api_can(c, CAP_MEMBERS_PERSONAL))
        member_mask_personal(a);
}

static json_t *applicant_load(api_ctx *c, int64_t id, dj_err *err)
{
    json_t *a = applicant_read_e(c->d, id, err);
    if (a && scope_has_path(c, json_str(a, "org_path")))
        return a;
    json_decref(a);
    return NULL;
}

static void applicant_reply(http_request *req, api_ctx *c, int64_t id, int status)
{
    dj_err err;
    json_t *a = applicant_read_e(c->d, id, &err);
    json_t *steps = a ? applicant_steps_e(c->d, id, &err) : NULL;
    if (!steps || !development_step_files(c, id, steps, &err)) {
        json_decref(a);
        json_decref(steps);
        api_fail(req, &err);
        return;
    }
    applicant_present(c, a, steps);
    http_reply_json(req, status, a);
}

static const api_object applicant_object = {"applicants", "发展对象不存在", applicant_load, applicant_reply, NULL,
                                            NULL};

/* ---- List and read ----------------------------------------------------------------------- */

static const dj_enum stages[] = {
    {"applicant", "入党申请人"}, {"activist", "入党积极分子"}, {"candidate", "发展对象"},
    {"probationary", "预备党员"}, {"full", "正式党员"},          {NULL, NULL},
};

/* The list's filters (org subtree in scope, stage, q, deleted); false: answered. *none: the
 * caller's scope holds nothing. */
static bool applicant_query_from(http_request *req, api_ctx *c, applicant_query *q, bool *none)
{
    *q = (applicant_query){0};
    int64_t org = 0;
    if (!api_query_id(req, "org", &org) || !fields_query_enum(req, "stage", stages, &q->stage) ||
        !api_query_bool(req, "deleted", &q->deleted))
        return false;
    const char *name = http_query(req, "q");
    if (name && *name) {
        if (strlen(name) > 150 || !utf8_valid(name, strlen(name))) {
            http_reply_error(req, 400, "bad_request", "q", "搜索内容过长或不是有效的文字");
            return false;
        }
        q->q = name;
    }
    q->subtree = org ? scope_org_path(req, c, org, NULL) : c->actor.scope_path;
    if (org && !q->subtree)
        return false;
    *none = !q->subtree;
    return true;
}

static json_t *applicants_page(api_ctx *c, void *query, int64_t offset, int64_t limit, int64_t *total, dj_err *err)
{
    applicant_query *q = query;
    q->offset = offset;
    q->limit = limit;
    json_t *items = applicants_list_e(c->d, q, total, err);
    size_t i;
    json_t *a;
    json_array_foreach(items, i, a) {
        json_object_set_new(a, "stage_label", json_string(dj_enum_label(stages, json_str(a, "stage")) ?: ""));
        json_object_del(a, "org_path");
        if (!api_can(c, CAP_MEMBERS_PERSONAL))
            member_mask_personal(a);
    }
    return items;
}

static void list_applicants(http_request *req, api_ctx *c)
{
    applicant_query q;
    int64_t limit, offset;
    bool none;
    if (!api_paging(req, &limit, &offset) || !applicant_query_from(req, c, &q, &none))
        return;
    if (none) {
        http_reply_json(req, 200, api_list(json_array(), 0, limit, offset));
        return;
    }
    int64_t total = 0;
    dj_err err;
    json_t *items = applicants_page(c, &q, offset, limit, &total, &err);
    if (!items) {
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 200, api_list(items, total, limit, offset));
}

static const char *gender_text(const json_t *it, const char *field, char *scratch, size_t n)
{
    (void)scratch;
    (void)n;
    return dj_enum_label(dj_genders, json_str(it, field));
}

/* The applicants of the list's filters as a file (发展党员工作台账), every page, masked as the list. */
static void export_applicants(http_request *req, api_ctx *c)
{
    static const api_sheet_column cols[] = {
        {"编号", "id", 8, NULL}, {"姓名", "name", 10, NULL}, {"性别", "gender", 6, gender_text},
        {"民族", "ethnicity", 8, NULL}, {"出生日期", "birth_date", 12, NULL}, {"身份证号", "id_number", 20, NULL},
        {"手机号", "phone", 14, NULL}, {"学历", "education", 8, NULL}, {"职称", "title", 12, NULL},
        {"科室", "department", 12, NULL}, {"所在组织", "org_name", 30, NULL}, {"阶段", "stage_label", 12, NULL},
        {"已完成步骤", "last_step", 10, NULL}, {"递交申请日期", "applied_on", 12, NULL},
        {"确定积极分子日期", "activist_on", 14, NULL}, {"接收预备党员日期", "admitted_on", 14, NULL},
        {"标签", "tags", 16, NULL}, {NULL},
    };
    applicant_query q;
    bool none;
    if (!applicant_query_from(req, c, &q, &none))
        return;
    dj_err err;
    json_t *all = none ? json_array() : api_all_pages(applicants_page, c, &q, &err);
    if (!all) {
        api_fail(req, &err);
        return;
    }
    api_reply_sheet(req, "applicants", "发展党员工作台账", "发展对象", cols, all);
    json_decref(all);
}

static void get_applicant(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *a = api_object_get(req, c, &applicant_object, &id); /* in scope, or answered 404 */
    if (!a)
        return;
    json_decref(a);
    applicant_reply(req, c, id, 200);
}

/* ---- Create and change ------------------------------------------------------------------- */

/* The personal fields of a (merged) record, checked as the member file checks them; normalised
 * in place (ID number upper case, gender's wire name, tags []). */
static bool personal_valid(http_request *req, json_t *a)
{
    static const char *const texts[] = {"name", "ethnicity", "phone", "education", "title", "department", "position", NULL};
    for (const char *const *f = texts; *f; f++) {
        const char *v = json_str(a, *f);
        if (!v)
            continue;
        char *copy = xstrdup(v), *t = text_trim(copy);
        json_object_set_new(a, *f, *t ? json_string(t) : json_null());
        free(copy);
    }
    char idn[32] = "";
    snprintf(idn, sizeof idn, "%s", json_str(a, "id_number") ? json_str(a, "id_number") : "");
    idcard_normalize(idn);
    member_input in = {
        .name = json_str(a, "name"), .gender = json_str(a, "gender"), .ethnicity = json_str(a, "ethnicity"),
        .birth_date = json_str(a, "birth_date"), .id_number = idn, .phone = json_str(a, "phone"),
        .education = json_str(a, "education"), .title = json_str(a, "title"), .department = json_str(a, "department"),
        .position = json_str(a, "position"),
    };
    dj_err err;
    if (!dev_applicant_validate(&in, today_cn(), &err))
        return reply_err(req, &err);
    json_t *tags = json_object_get(a, "tags");
    if (json_is_array(tags)) {
        const char *t[MEMBER_TAGS_MAX];
        size_t n = json_array_size(tags);
        for (size_t i = 0; i < n && i < MEMBER_TAGS_MAX; i++)
            t[i] = json_string_value(json_array_get(tags, i)) ?: "";
        if (!member_tags_validate(n > MEMBER_TAGS_MAX ? NULL : t, n, &err))
            return reply_err(req, &err);
    } else {
        json_object_set_new(a, "tags", json_array());
    }
    json_object_set_new(a, "id_number", json_string(idn));
    json_object_set_new(a, "gender", json_string(dj_enum_name(dj_genders, in.gender)));
    return true;
}

static bool create_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    (void)cur;
    (void)state;
    const char *path = scope_org_path(req, c, json_integer_value(json_object_get(body, "org_id")), "org_id");
    if (!path)
        return false;
    if (json_object_get(body, "extension_months") && !json_is_null(json_object_get(body, "extension_months"))) {
        http_reply_error(req, 422, "validation", "extension_months", "接收为预备党员后才能延长预备期");
        return false;
    }
    json_object_del(body, "extension_months");
    if (!personal_valid(req, body))
        return false;
    json_object_set_new(body, "org_path", json_string(path));
    json_object_set_new(body, "stage", json_string("applicant"));
    json_object_set_new(body, "last_step", json_integer(0));
    return true;
}

static void create_applicant(http_request *req, api_ctx *c)
{
    api_write w = {.obj = &applicant_object, .creating = true, .fields = applicant_fields, .check = create_check,
                   .cols = applicant_columns};
    api_write_run(req, c, &w);
}

/* A change of the personal fields or tags, or the one extension of probation (which moves the
 * earliest date of step 23). The organisation is not changed here. */
/* An edit of an applicant whose member file step 15 created: the same personal fields changed on
 * the member file, in the same write (when the file is still in the caller's scope; one
 * transferred elsewhere is its new branch's to keep). */
typedef struct applicant_edit {
    int64_t member_id, member_version;
    json_t *member; /* the member file's changes, or NULL */
} applicant_edit;

/* The personal fields the applicant's record and its member file share. */
static const char *const shared_fields[] = {"name",  "gender", "ethnicity", "birth_date", "id_number", "phone",
                                            "education", "title", "department", "position", NULL};

/* The member file's changes for this edit (those of shared_fields that differ from the file),
 * checked as a member edit is; false after answering. */
static bool member_changes(http_request *req, api_ctx *c, const json_t *body, const json_t *cur, applicant_edit *e)
{
    e->member_id = json_integer_value(json_object_get(cur, "member_id"));
    if (!e->member_id)
        return true;
    dj_err err = {0};
    json_t *m = row_get_e(c->d, "members", e->member_id, &err);
    if (!m)
        return strcmp(err.code, "not_found") == 0 || reply_err(req, &err); /* the file is gone: nothing to follow */
    if (!scope_has_path(c, json_str(m, "org_path"))) { /* transferred out of the caller's scope: not its file */
        json_decref(m);
        return true;
    }
    json_t *changes = json_object();
    for (const char *const *f = shared_fields; *f; f++) {
        json_t *v = json_object_get(body, *f);
        if (v && !json_equal(v, json_object_get(m, *f))) {
            json_object_set(changes, *f, v);
            json_object_set(m, *f, v);
        }
    }
    bool ok = true;
    if (json_object_size(changes)) {
        e->member_version = json_integer_value(json_object_get(m, "version"));
        ok = member_check(m, &err);
        bool taken = false;
        if (ok && json_object_get(changes, "id_number"))
            ok = member_id_number_taken_e(c->d, json_str(m, "id_number"), e->member_id, &taken, &err);
        if (!ok) {
            reply_err(req, &err);
        } else if (taken) {
            http_reply_error(req, 409, "conflict", "id_number", "该身份证号已登记在另一份党员档案上");
            ok = false;
        }
    }
    json_decref(m);
    if (ok && json_object_size(changes))
        e->member = changes;
    else
        json_decref(changes);
    return ok;
}

static bool update_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                         dj_err *err)
{
    (void)cur;
    applicant_edit *e = state;
    return row_update(c->d, "applicants", applicant_columns, *id, version, body, false, "update", &c->actor, err) &&
           (!e->member || row_update(c->d, "members", member_columns, e->member_id, e->member_version, e->member, false,
                                     "update", &c->actor, err));
}

static bool update_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    json_t *org = json_object_get(body, "org_id");
    if (org && !json_equal(org, json_object_get(cur, "org_id"))) {
        http_reply_error(req, 422, "validation", "org_id", "发展对象的所在组织不能在此修改");
        return false;
    }
    json_object_del(body, "org_id");
    json_t *ext = json_object_get(body, "extension_months");
    if (ext && !json_is_null(ext) && !json_equal(ext, json_object_get(cur, "extension_months"))) {
        dj_err err;
        json_t *steps = applicant_steps_e(c->d, json_integer_value(json_object_get(cur, "id")), &err);
        if (!steps)
            return reply_err(req, &err);
        dev_record r;
        record_of(cur, steps, &r);
        json_decref(steps);
        if (!dev_extension_check(&r, (int)json_integer_value(ext), &err))
            return reply_err(req, &err);
    } else {
        json_object_del(body, "extension_months");
    }
    json_t *merged = json_deep_copy(cur);
    json_object_update_existing(merged, body);
    bool ok = personal_valid(req, merged);
    if (ok) {
        const char *k;
        json_t *v;
        json_object_foreach(body, k, v) {
            if (json_object_get(merged, k))
                json_object_set(body, k, json_object_get(merged, k));
        }
    }
    json_decref(merged);
    return ok && member_changes(req, c, body, cur, state);
}

static void update_applicant(http_request *req, api_ctx *c)
{
    applicant_edit e = {0};
    api_write w = {.obj = &applicant_object, .fields = applicant_fields, .check = update_check,
                   .apply = update_apply, .cols = applicant_columns, .state = &e};
    api_write_run(req, c, &w);
    json_decref(e.member);
}

static void delete_applicant(http_request *req, api_ctx *c) { api_soft_delete(req, c, &applicant_object, true, NULL); }
static void restore_applicant(http_request *req, api_ctx *c) { api_soft_delete(req, c, &applicant_object, false, NULL); }

/* ---- A step ------------------------------------------------------------------------------ */

typedef struct step_write {
    json_t *steps;  /* the steps as they were */
    dev_record r;
    json_t *member; /* step 15: the member record to create; step 24: the changes of the member */
    int64_t member_version;
} step_write;

/* The people of a step: members in the caller's scope, each once; for steps 5 and 9 (培养联系人,
 * 入党介绍人) exactly two full members on the register. */
static bool people_valid(http_request *req, api_ctx *c, int step, const json_t *people)
{
    size_t n = json_array_size(people), i;
    if (dev_step_needs_people(step) && n != DEV_PEOPLE_REQUIRED) {
        http_reply_error(req, 422, "validation", "people",
                         step == DEV_STEP_CONTACTS ? "须指定两名正式党员为培养联系人" : "须确定两名正式党员为入党介绍人");
        return false;
    }
    json_t *p;
    json_array_foreach(people, i, p) {
        int64_t id = json_integer_value(p);
        for (size_t j = 0; j < i; j++)
            if (json_integer_value(json_array_get(people, j)) == id) {
                http_reply_error(req, 422, "validation", "people", "相关人员中有同一名党员出现两次");
                return false;
            }
        dj_err err = {0};
        json_t *m = member_read_e(c->d, id, &err);
        bool ok = m && !json_is_true(json_object_get(m, "deleted")) && scope_has_path(c, json_str(m, "org_path"));
        bool full = ok && strcmp(json_str(m, "category"), "full") == 0 && strcmp(json_str(m, "status"), "active") == 0;
        json_decref(m);
        if (!m && strcmp(err.code, "not_found") != 0)
            return reply_err(req, &err);
        char msg[160];
        if (!ok) {
            snprintf(msg, sizeof msg, "第%zu名相关人员不是您管理范围内的党员", i + 1);
            http_reply_error(req, 422, "validation", "people", msg);
            return false;
        }
        if (dev_step_needs_people(step) && !full) {
            snprintf(msg, sizeof msg, "第%zu名%s须为在册的正式党员", i + 1,
                     step == DEV_STEP_CONTACTS ? "培养联系人" : "入党介绍人");
            http_reply_error(req, 422, "validation", "people", msg);
            return false;
        }
    }
    return true;
}

static int int_of(const json_t *o, const char *k) { return (int)json_integer_value(json_object_get(o, k)); }

/* Steps 15 and 23: the branch general meeting's vote (DOMAIN.md §2, §4), which no override lifts.
 * With meeting_id, the meeting (a held 支部党员大会 of the applicant's branch on the step's date, in
 * scope) gives those entitled to vote and those present from its attendance list; otherwise the
 * body gives them. Other steps carry no vote: the fields are dropped. */
static bool vote_valid(http_request *req, api_ctx *c, int step, json_t *body, const json_t *cur)
{
    static const char *const keys[] = {"meeting_id", "voters_entitled", "voters_present", "votes_for", "votes_against",
                                       "votes_abstain"};
    if (!dev_step_needs_vote(step)) {
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
            json_object_del(body, keys[k]);
        return true;
    }
    int64_t mid = json_integer_value(json_object_get(body, "meeting_id"));
    if (json_object_get(body, "meeting_id") && !json_is_null(json_object_get(body, "meeting_id"))) {
        dj_err err = {0};
        json_t *m = mid > 0 ? meeting_read_e(c->d, mid, &err) : NULL;
        const char *why = NULL;
        if (!m || json_is_true(json_object_get(m, "deleted")) || !scope_has_path(c, json_str(m, "org_path")))
            why = "找不到该支部党员大会（须为您管理范围内的会议）";
        else if (strcmp(json_str(m, "type"), "branch_assembly") != 0)
            why = "须为支部党员大会";
        else if (json_integer_value(json_object_get(m, "org_id")) != json_integer_value(json_object_get(cur, "org_id")))
            why = "须为该发展对象所在党支部的支部党员大会";
        else if (strcmp(json_str(m, "status"), "held") != 0)
            why = "该支部党员大会尚未登记为已召开";
        else if (strncmp(json_str(m, "starts_at") ?: "", json_str(body, "done_on"), 10) != 0)
            why = "支部党员大会的召开日期须与办理日期相同";
        if (!why) {
            /* The attendance list's full members (probationary members attend but do not vote). */
            json_object_set_new(body, "voters_entitled", json_integer(int_of(m, "n_full")));
            json_object_set_new(body, "voters_present", json_integer(int_of(m, "n_full_present")));
        }
        json_decref(m);
        if (!m && err.code[0] && strcmp(err.code, "not_found") != 0)
            return reply_err(req, &err);
        if (why) {
            http_reply_error(req, 422, "validation", "meeting_id", why);
            return false;
        }
    } else {
        json_object_set_new(body, "meeting_id", json_null());
        for (size_t k = 1; k < 4; k++)
            if (!json_is_integer(json_object_get(body, keys[k]))) {
                http_reply_error(req, 422, "validation", keys[k],
                                 k == 1   ? "支部大会讨论须填写有表决权的正式党员人数（或选择已召开的支部党员大会）"
                                 : k == 2 ? "支部大会讨论须填写到会的有表决权党员人数"
                                          : "支部大会讨论须填写赞成票数");
                return false;
            }
    }
    if (!json_is_integer(json_object_get(body, "votes_for"))) {
        http_reply_error(req, 422, "validation", "votes_for", "支部大会讨论须填写赞成票数");
        return false;
    }
    dj_err err;
    if (!dev_vote_check(int_of(body, "voters_entitled"), int_of(body, "voters_present"), int_of(body, "votes_for"),
                        int_of(body, "votes_against"), int_of(body, "votes_abstain"), &err))
        return reply_err(req, &err);
    return true;
}

/* 422 for a time rule broken without an override: the rule and its source, as fields too. */
static void reply_breach(http_request *req, const dev_verdict *v, bool may_override)
{
    json_t *e = json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "code", "validation", "field", "done_on", "message", v->message,
                          "rule", v->rule, "source", v->source, "overridable", may_override);
    http_reply_json(req, 422, json_pack("{s:o}", "error", e));
}

static bool step_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    step_write *w = state;
    int64_t id = json_integer_value(json_object_get(cur, "id"));
    if (json_is_true(json_object_get(cur, "deleted"))) {
        http_reply_error(req, 404, "not_found", NULL, "发展对象不存在");
        return false;
    }
    dj_err err;
    w->steps = applicant_steps_e(c->d, id, &err);
    if (!w->steps)
        return reply_err(req, &err);
    record_of(cur, w->steps, &w->r);
    int step = (int)json_integer_value(json_object_get(body, "step"));
    dj_date on = 0;
    date_parse(json_str(body, "done_on"), &on);
    int days = (int)json_integer_value(json_object_get(body, "training_days"));
    int hours = (int)json_integer_value(json_object_get(body, "training_hours"));
    if (days < 0 || hours < 0 || days > 365 || hours > 2000) {
        http_reply_error(req, 422, "validation", days < 0 || days > 365 ? "training_days" : "training_hours",
                         "培训天数或学时超出合理范围");
        return false;
    }
    dev_verdict v;
    if (!dev_step_check(&w->r, step, on, today_cn(), days, hours, &v, &err))
        return reply_err(req, &err);
    for (const char *const *f = (const char *const[]){"note", "override_reason", NULL}; *f; f++) {
        const char *t = json_str(body, *f);
        if (t && !text_check(t, true, true, strcmp(*f, "note") == 0 ? "说明" : "例外办理理由", *f, &err))
            return reply_err(req, &err);
    }
    bool may = api_can(c, CAP_DEVELOPMENT_OVERRIDE);
    if (!dev_override_check(&v, json_str(body, "override_reason"), may, &err)) {
        if (strcmp(err.code, "validation") == 0)
            reply_breach(req, &v, may);
        else
            api_fail(req, &err);
        return false;
    }
    if (!v.ok) {
        json_object_set_new(body, "rule", json_string(v.rule));
    } else {
        json_object_set_new(body, "override_reason", json_null());
    }
    if (!json_is_array(json_object_get(body, "people")))
        json_object_set_new(body, "people", json_array());
    if (!people_valid(req, c, step, json_object_get(body, "people")))
        return false;
    if (step != DEV_STEP_TRAINING) {
        json_object_del(body, "training_days");
        json_object_del(body, "training_hours");
    }
    if (!vote_valid(req, c, step, body, cur))
        return false;
    if (step == DEV_STEP_ADMIT) {
        /* The member record: the applicant's file, probationary from this date. */
        json_t *m = json_object();
        for (const char *const *f = (const char *const[]){"name", "gender", "ethnicity", "birth_date", "id_number", "phone",
                                                           "education", "title", "department", "position", "org_id",
                                                           "tags", NULL};
             *f; f++)
            json_object_set(m, *f, json_object_get(cur, *f));
        json_object_set_new(m, "category", json_string("probationary"));
        json_object_set_new(m, "status", json_string("active"));
        json_object_set_new(m, "joined_on", json_string(json_str(body, "done_on")));
        w->member = m;
        if (!member_check(m, &err))
            return reply_err(req, &err);
        json_object_set_new(m, "org_path", json_string(json_str(cur, "org_path")));
        bool taken = false;
        if (!member_id_number_taken_e(c->d, json_str(m, "id_number"), 0, &taken, &err))
            return reply_err(req, &err);
        if (taken) {
            http_reply_error(req, 409, "conflict", "id_number", "该身份证号已登记为党员，不能重复建立党员档案");
            return false;
        }
    } else if (step == DEV_STEP_FULL) {
        int64_t mid = json_integer_value(json_object_get(cur, "member_id"));
        json_t *m = mid ? row_get_e(c->d, "members", mid, &err) : NULL;
        if (!m) {
            http_reply_error(req, 422, "validation", "step", "找不到该发展对象的党员档案，无法办理转正");
            return false;
        }
        w->member_version = json_integer_value(json_object_get(m, "version"));
        char end[11];
        date_format(dev_probation_end(&w->r), end);
        json_object_set_new(m, "category", json_string("full"));
        json_object_set_new(m, "full_on", json_string(end));
        json_t *check = json_deep_copy(m);
        bool ok = member_check(check, &err);
        json_decref(check);
        json_decref(m);
        if (!ok)
            return reply_err(req, &err);
        w->member = json_pack("{s:s,s:s}", "category", "full", "full_on", end);
    }
    return true;
}

static bool step_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                       dj_err *err)
{
    (void)cur;
    step_write *w = state;
    int step = (int)json_integer_value(json_object_get(body, "step"));
    const char *on = json_str(body, "done_on");
    json_t *changes = json_pack("{s:i,s:s}", "last_step", step, "stage", dev_stage_name(dev_stage_of(step)));
    static const struct { int step; const char *col; } dated[] = {
        {DEV_STEP_APPLY, "applied_on"}, {DEV_STEP_ACTIVIST, "activist_on"},
        {DEV_STEP_ADMIT, "admitted_on"}, {DEV_STEP_APPROVE, "approved_on"},
    };
    for (size_t i = 0; i < sizeof dated / sizeof dated[0]; i++)
        if (dated[i].step == step)
            json_object_set_new(changes, dated[i].col, json_string(on));
    bool ok = true;
    if (step == DEV_STEP_ADMIT) {
        int64_t mid = 0;
        ok = row_insert(c->d, "members", member_columns, w->member, &c->actor, &mid, err);
        json_object_set_new(changes, "member_id", json_integer(mid));
    } else if (step == DEV_STEP_FULL) {
        ok = row_update(c->d, "members", member_columns, json_integer_value(json_object_get(cur, "member_id")),
                        w->member_version, w->member, false, "update", &c->actor, err);
    }
    ok = ok && applicant_step_insert(c->d, *id, body, &c->actor, err) &&
         row_update(c->d, "applicants", applicant_columns, *id, version, changes, true, "step", &c->actor, err);
    json_decref(changes);
    json_t *after = ok ? applicant_steps_e(c->d, *id, err) : NULL;
    return after && api_audit_links(c, "applicant", *id, json_incref(w->steps), after, err);
}

static void record_step(http_request *req, api_ctx *c)
{
    step_write st = {0};
    api_write w = {.obj = &applicant_object, .fields = step_fields, .all_required = true, .check = step_check,
                   .apply = step_apply, .state = &st};
    api_write_run(req, c, &w);
    json_decref(st.steps);
    json_decref(st.member);
}

void development_todo(api_ctx *c, json_t *items);

const api_module development_module = {
    "development",
    (const api_route[]){
        {"GET", "/api/v1/applicants/export", export_applicants, CAP_DEVELOPMENT_READ, 0, API_NO_STORE},
        {"GET", "/api/v1/applicants", list_applicants, CAP_DEVELOPMENT_READ, 0, API_NO_STORE},
        {"POST", "/api/v1/applicants", create_applicant, CAP_DEVELOPMENT_WRITE, 0, API_NO_STORE},
        {"GET", "/api/v1/applicants/{id}", get_applicant, CAP_DEVELOPMENT_READ, 0, API_NO_STORE},
        {"PATCH", "/api/v1/applicants/{id}", update_applicant, CAP_DEVELOPMENT_WRITE, 0, API_NO_STORE},
        {"DELETE", "/api/v1/applicants/{id}", delete_applicant, CAP_DEVELOPMENT_WRITE, 0, API_NO_STORE},
        {"POST", "/api/v1/applicants/{id}/restore", restore_applicant, CAP_DEVELOPMENT_WRITE, 0, API_NO_STORE},
        {"POST", "/api/v1/applicants/{id}/steps", record_step, CAP_DEVELOPMENT_WRITE, 0, API_NO_STORE},
        {NULL},
    },
    development_todo,
};
