/* tasks.c: yearly key tasks of party work (项目化管理 + 清单化推进 + 责任化落实; DOMAIN.md §7,
 * seed 002): an organisation's tasks of a year, each with an owner (a member of the scope, shown
 * by name), a deadline, milestones with their evidence, progress and status; overdue tasks and
 * late milestones on the to-do list; the ledger (工作推进台账) of an organisation and year as
 * .xlsx or .csv. Progress: computed from the milestones when there are any (done / total, in
 * per cent, rounded down), else the progress the owner reports. Rules: domain/tasks.h. A task
 * outside the caller's scope answers 404. */
#include "api/meetings.h"
#include "api/attach.h"
#include "api/module.h"
#include "api/sheet.h"
#include "api/write.h"
#include "core/json.h"
#include "core/text.h"
#include "domain/pairings.h"
#include "domain/tasks.h"
#include "store/members.h"
#include "store/rows.h"
#include "store/tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const api_field task_fields[] = {
    {"org_id", F_INT, true, 0, "责任组织"},
    {"year", F_INT, true, 0, "年度"},
    {"title", F_STR, true, 200, "任务名称"},
    {"owner_member_id", F_INT, true, 0, "责任人"},
    {"deadline", F_DATE, true, 0, "完成时限"},
    {"status", F_STR, false, 20, "任务状态"},
    {"progress", F_INT, false, 0, "进度"},
    {"note", F_STR, false, 1000, "备注"},
    {"milestones", F_OBJ_ARRAY, false, 30, "推进节点"},
    {NULL, 0, false, 0, NULL},
};

static const api_field milestone_fields[] = {
    {"title", F_STR, true, 100, "节点名称"},
    {"due_on", F_DATE, true, 0, "计划完成日期"},
    {"done_on", F_DATE, false, 0, "实际完成日期"},
    {"evidence", F_STR, false, 500, "完成佐证"},
    {"state", F_STR, false, 20, "节点状态"}, /* computed: what the client sends is ignored */
    {NULL, 0, false, 0, NULL},
};

enum { TODO_MAX = 50, LEDGER_MAX = 100000 };

static void today_text(char out[11]) { date_format(meeting_time_date(meetings_now()), out); }

static bool reply_err(http_request *req, const dj_err *err)
{
    api_fail(req, err);
    return false;
}

/* ---- Presenting ------------------------------------------------------------------------- */

static void milestones_present(json_t *ms, dj_date today)
{
    size_t i;
    json_t *m;
    json_array_foreach(ms, i, m) {
        dj_date due = 0, done = 0;
        date_parse(json_str(m, "due_on"), &due);
        bool is_done = json_str(m, "done_on") && date_parse(json_str(m, "done_on"), &done);
        json_object_set_new(m, "state", json_string(milestone_state_name(pairing_milestone_state(due, is_done, done, today))));
    }
}

/* Status label, progress (computed), overdue; the reported progress kept as progress_reported. */
static void task_present(json_t *t, dj_date today)
{
    task_status st = TASK_PLANNED;
    task_status_parse(json_str(t, "status"), &st);
    json_object_set_new(t, "status_label", json_string(dj_task_statuses[st].label));
    int total = (int)json_integer_value(json_object_get(t, "milestones_total"));
    int done = (int)json_integer_value(json_object_get(t, "milestones_done"));
    int manual = (int)json_integer_value(json_object_get(t, "progress"));
    json_object_set_new(t, "progress_reported", json_integer(manual));
    json_object_set_new(t, "progress", json_integer(task_progress(total, done, manual, st)));
    json_object_set_new(t, "progress_computed", json_boolean(total > 0));
    dj_date deadline = 0;
    date_parse(json_str(t, "deadline"), &deadline);
    json_object_set_new(t, "overdue", json_boolean(task_overdue(st, deadline, today)));
    json_object_del(t, "org_path");
}

static const file_table task_files = {"task_files", "task_id", "佐证材料不存在", NULL};

static json_t *task_load(api_ctx *c, int64_t id, dj_err *err)
{
    char today[11];
    today_text(today);
    json_t *t = task_read_e(c->d, id, today, err);
    if (t && scope_has_path(c, json_str(t, "org_path")) && !json_is_true(json_object_get(t, "deleted")))
        return t;
    json_decref(t);
    return NULL;
}

static void task_reply(http_request *req, api_ctx *c, int64_t id, int status)
{
    char today_s[11];
    today_text(today_s);
    dj_err err;
    json_t *t = task_read_e(c->d, id, today_s, &err);
    json_t *ms = t ? task_milestones_e(c->d, id, &err) : NULL;
    json_t *files = ms ? files_of_e(c->d, &task_files, (file_owner){id, 0}, &err) : NULL;
    if (!files) {
        json_decref(t);
        json_decref(ms);
        api_fail(req, &err);
        return;
    }
    json_object_set_new(t, "attachments", files);
    dj_date today = 0;
    date_parse(today_s, &today);
    milestones_present(ms, today);
    json_object_set_new(t, "milestones", ms);
    task_present(t, today);
    http_reply_json(req, status, t);
}

static const api_object task_object = {"tasks", "重点任务不存在", task_load, task_reply, NULL, NULL};

/* ---- Evidence (佐证材料) ------------------------------------------------------------------- */

/* The largest file: the route's max_body, so the server answers 413 past it. */
#define EVIDENCE_MAX ((size_t)10 * 1024 * 1024)

static const api_attach task_evidence = {
    &task_files, "task_file", ATTACH_JPEG | ATTACH_PNG | ATTACH_PDF,
    "佐证材料只能是 JPEG、PNG 图片或 PDF 文件（按文件内容识别，与文件名无关）",
};

/* The live task {id} in scope, and the file {aid} when the route has one; false after answering. */
static bool evidence_owner(http_request *req, api_ctx *c, int64_t *id, int64_t *aid)
{
    json_t *t = api_object_get(req, c, &task_object, id);
    bool deleted = t && json_is_true(json_object_get(t, "deleted"));
    json_decref(t);
    if (deleted)
        http_reply_error(req, 404, "not_found", NULL, "重点任务不存在");
    return t && !deleted && (!aid || api_param_id(req, 1, aid));
}

static void upload_evidence(http_request *req, api_ctx *c)
{
    int64_t id;
    if (evidence_owner(req, c, &id, NULL))
        api_attach_upload(req, c, &task_evidence, (file_owner){id, 0});
}

static void list_evidence(http_request *req, api_ctx *c)
{
    int64_t id;
    if (evidence_owner(req, c, &id, NULL))
        api_attach_list(req, c, &task_evidence, (file_owner){id, 0});
}

static void download_evidence(http_request *req, api_ctx *c)
{
    int64_t id, aid;
    if (evidence_owner(req, c, &id, &aid))
        api_attach_download(req, c, &task_evidence, (file_owner){id, 0}, aid);
}

static void delete_evidence(http_request *req, api_ctx *c)
{
    int64_t id, aid;
    if (evidence_owner(req, c, &id, &aid))
        api_attach_delete(req, c, &task_evidence, (file_owner){id, 0}, aid);
}

/* ---- Lists ------------------------------------------------------------------------------ */

/* The filters (org, year, status, overdue) within the caller's scope; *none when the scope holds
 * nothing. False after answering a bad filter. */
static bool query_from(http_request *req, api_ctx *c, task_query *q, bool *none)
{
    int64_t org = 0, year = 0;
    *none = false;
    if (!api_query_id(req, "org", &org) || !api_query_id(req, "year", &year) ||
        !fields_query_enum(req, "status", dj_task_statuses, &q->status) || !api_query_bool(req, "overdue", &q->overdue))
        return false;
    if (year && !task_year_check((int)year, NULL)) {
        http_reply_error(req, 400, "bad_request", "year", "年度须在 2000 至 2100 之间");
        return false;
    }
    q->year = (int)year;
    if (org) {
        q->subtree = scope_org_path(req, c, org, NULL);
        if (!q->subtree)
            return false;
    } else {
        q->subtree = c->actor.scope_path;
    }
    *none = q->subtree == NULL || api_can(c, CAP_SCOPE_SELF);
    return true;
}

static void list_tasks(http_request *req, api_ctx *c)
{
    task_query q = {0};
    char today_s[11];
    today_text(today_s);
    q.today = today_s;
    bool none;
    if (!api_paging(req, &q.limit, &q.offset) || !query_from(req, c, &q, &none))
        return;
    if (none) {
        http_reply_json(req, 200, api_list(json_array(), 0, q.limit, q.offset));
        return;
    }
    int64_t total = 0;
    dj_err err;
    json_t *items = tasks_list_e(c->d, &q, &total, &err);
    if (!items) {
        api_fail(req, &err);
        return;
    }
    dj_date today = 0;
    date_parse(today_s, &today);
    size_t i;
    json_t *t;
    json_array_foreach(items, i, t)
        task_present(t, today);
    http_reply_json(req, 200, api_list(items, total, q.limit, q.offset));
}

static const char *percent_text(const json_t *item, const char *field, char *scratch, size_t n)
{
    snprintf(scratch, n, "%lld%%", (long long)json_integer_value(json_object_get(item, field)));
    return scratch;
}

/* The ledger (工作推进台账): every task the filters select, with its milestones as one cell
 * ("1. 节点（计划 2026-03-31，完成 2026-03-28）"), evidence as another. */
static void ledger(http_request *req, api_ctx *c)
{
    task_query q = {0};
    char today_s[11];
    today_text(today_s);
    q.today = today_s;
    bool none;
    if (!query_from(req, c, &q, &none))
        return;
    q.limit = LEDGER_MAX;
    int64_t total = 0;
    dj_err err;
    json_t *items = none ? json_array() : tasks_list_e(c->d, &q, &total, &err);
    json_t *ms = items && !none ? task_milestones_of_e(c->d, &q, &err) : json_object();
    if (!items || !ms) {
        json_decref(items);
        api_fail(req, &err);
        return;
    }
    dj_date today = 0;
    date_parse(today_s, &today);
    size_t i;
    json_t *t;
    json_array_foreach(items, i, t) {
        task_present(t, today);
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(t, "id")));
        json_t *list = json_object_get(ms, key), *m;
        size_t k;
        char *steps = NULL, *evidence = NULL;
        size_t sl = 0, el = 0;
        FILE *sf = open_memstream(&steps, &sl), *ef = open_memstream(&evidence, &el);
        json_array_foreach(list, k, m) {
            const char *done = json_str(m, "done_on");
            fprintf(sf, "%s%zu. %s（计划 %s，%s%s）", k ? "\n" : "", k + 1, json_str(m, "title"), json_str(m, "due_on"),
                    done ? "完成 " : "未完成", done ? done : "");
            if (json_str(m, "evidence"))
                fprintf(ef, "%s%zu. %s", el || ftell(ef) ? "\n" : "", k + 1, json_str(m, "evidence"));
        }
        fclose(sf);
        fclose(ef);
        json_object_set_new(t, "milestones_text", json_string(steps ? steps : ""));
        json_object_set_new(t, "evidence_text", json_string(evidence ? evidence : ""));
        free(steps);
        free(evidence);
        json_object_set_new(t, "overdue_label", json_string(json_is_true(json_object_get(t, "overdue")) ? "逾期" : ""));
    }
    json_decref(ms);
    static const api_sheet_column cols[] = {
        {"编号", "id", 8, NULL},
        {"责任组织", "org_name", 24, NULL},
        {"年度", "year", 6, NULL},
        {"重点任务", "title", 36, NULL},
        {"责任人", "owner_name", 10, NULL},
        {"完成时限", "deadline", 12, NULL},
        {"推进节点", "milestones_text", 50, NULL},
        {"进度", "progress", 8, percent_text},
        {"状态", "status_label", 8, NULL},
        {"逾期", "overdue_label", 6, NULL},
        {"完成佐证", "evidence_text", 36, NULL},
        {"备注", "note", 24, NULL},
        {NULL, NULL, 0, NULL},
    };
    api_reply_sheet(req, "task-ledger", "工作推进台账", "工作推进台账", cols, items);
    json_decref(items);
}

static void get_task(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *t = api_object_get(req, c, &task_object, &id);
    if (!t)
        return;
    json_decref(t);
    task_reply(req, c, id, 200);
}

/* ---- Checks of a body ------------------------------------------------------------------- */

typedef struct task_write {
    json_t *before; /* the milestones as they were, for the audit record */
} task_write;

static json_t *merged(const json_t *body, const json_t *cur, const char *key)
{
    json_t *v = json_object_get(body, key);
    return v || !cur ? v : json_object_get(cur, key);
}

static bool texts_valid(http_request *req, json_t *obj, const api_field *fields)
{
    for (const api_field *f = fields; f->name; f++) {
        const char *v = f->kind == F_STR ? json_str(obj, f->name) : NULL;
        bool multiline = strcmp(f->name, "evidence") == 0 || strcmp(f->name, "note") == 0;
        dj_err err;
        if (v && !text_check(v, multiline, strcmp(f->name, "title") == 0, f->label,
                             fields == milestone_fields ? "milestones" : f->name, &err))
            return reply_err(req, &err);
    }
    return true;
}

/* The milestones of the body (or the current ones), each checked; *done counts those done. */
static bool milestones_valid(http_request *req, json_t *ms, dj_date deadline, dj_date today, int *n_done)
{
    size_t i;
    json_t *m;
    *n_done = 0;
    json_array_foreach(ms, i, m) {
        /* A milestone's own fields are reported on the list (a "title" would name the task's). */
        if (!json_is_object(m) || !json_is_string(json_object_get(m, "title")) || !json_is_string(json_object_get(m, "due_on"))) {
            char msg[120];
            snprintf(msg, sizeof msg, "第%zu个节点须填写节点名称和计划完成日期", i + 1);
            http_reply_error(req, 422, "validation", "milestones", msg);
            return false;
        }
        if (!fields_check_in(req, m, milestone_fields, true, "milestones") || !texts_valid(req, m, milestone_fields))
            return false;
        if (!json_str(m, "title")) {
            http_reply_error(req, 422, "validation", "milestones", "节点名称为必填项");
            return false;
        }
        dj_date due = 0, done = 0;
        date_parse(json_str(m, "due_on"), &due);
        bool is_done = json_str(m, "done_on") && date_parse(json_str(m, "done_on"), &done);
        *n_done += is_done;
        dj_err err;
        if (!task_milestone_check(deadline, due, is_done, done, today, &err)) {
            char msg[400];
            snprintf(msg, sizeof msg, "第%zu个节点：%s", i + 1, err.message);
            http_reply_error(req, 422, "validation", "milestones", msg);
            return false;
        }
        json_t *clean = json_pack("{s:s,s:s}", "title", json_str(m, "title"), "due_on", json_str(m, "due_on"));
        json_object_set_new(clean, "done_on", is_done ? json_string(json_str(m, "done_on")) : json_null());
        json_object_set_new(clean, "evidence", json_str(m, "evidence") ? json_string(json_str(m, "evidence")) : json_null());
        json_array_set_new(ms, i, clean);
    }
    return true;
}

/* The merged task against every rule: texts, year, deadline, status, progress, milestones,
 * the organisation (in scope: 422 on org_id otherwise), the owner (a live member of the
 * scope). Sets org_path, status and progress. */
static bool task_valid(http_request *req, api_ctx *c, json_t *body, const json_t *cur, task_write *w)
{
    dj_err err;
    if (!texts_valid(req, body, task_fields))
        return false;
    for (const char *const *k = (const char *const[]){"org_id", "year", "title", "owner_member_id", "deadline", NULL}; *k;
         k++) {
        json_t *v = json_object_get(body, *k);
        if (v && json_is_null(v)) {
            char msg[120];
            snprintf(msg, sizeof msg, "%s为必填项", fields_label(*k));
            http_reply_error(req, 422, "validation", *k, msg);
            return false;
        }
    }
    int year = (int)json_integer_value(merged(body, cur, "year"));
    if (!task_year_check(year, &err))
        return reply_err(req, &err);
    dj_date deadline = 0;
    date_parse(json_string_value(merged(body, cur, "deadline")), &deadline);
    if (!task_deadline_check(year, deadline, &err))
        return reply_err(req, &err);
    const char *st_s = json_string_value(merged(body, cur, "status"));
    task_status st = TASK_PLANNED;
    if (st_s && !task_status_parse(st_s, &st)) {
        http_reply_error(req, 422, "validation", "status", "任务状态无效，应为未启动、推进中、已完成或已暂停");
        return false;
    }
    json_object_set_new(body, "status", json_string(dj_task_statuses[st].name));
    json_t *pv = merged(body, cur, "progress");
    int progress = json_is_integer(pv) ? (int)json_integer_value(pv) : 0;
    if (!task_progress_check(progress, &err))
        return reply_err(req, &err);
    json_object_set_new(body, "progress", json_integer(progress));

    char today_s[11];
    today_text(today_s);
    dj_date today = 0;
    date_parse(today_s, &today);
    json_t *ms = json_object_get(body, "milestones");
    int n = 0, done = 0;
    if (ms) {
        if (!milestones_valid(req, ms, deadline, today, &done))
            return false;
        n = (int)json_array_size(ms);
    } else if (cur) {
        json_t *old = task_milestones_e(c->d, json_integer_value(json_object_get(cur, "id")), &err);
        if (!old)
            return reply_err(req, &err);
        bool good = milestones_valid(req, old, deadline, today, &done);
        n = (int)json_array_size(old);
        json_decref(old);
        if (!good)
            return false;
    }
    if (st == TASK_DONE && !task_done_check(n, done, &err))
        return reply_err(req, &err);
    if (st == TASK_DONE && n == 0 && progress < 100) {
        /* Without milestones, a task marked done has reached 100 per cent. */
        json_object_set_new(body, "progress", json_integer(100));
    }

    int64_t org_id = json_integer_value(merged(body, cur, "org_id"));
    const char *path;
    if (cur && org_id == json_integer_value(json_object_get(cur, "org_id"))) {
        path = json_str(cur, "org_path");
    } else {
        path = scope_org_path(req, c, org_id, "org_id");
        if (!path)
            return false;
    }
    json_object_set_new(body, "org_path", json_string(path));

    int64_t owner = json_integer_value(merged(body, cur, "owner_member_id"));
    bool same_owner = cur && owner == json_integer_value(json_object_get(cur, "owner_member_id"));
    if (!same_owner) {
        json_t *m = member_read_e(c->d, owner, &err);
        json_t *o = m ? row_get(c->d, "orgs", json_integer_value(json_object_get(m, "org_id"))) : NULL;
        bool ok = m && o && !json_is_true(json_object_get(m, "deleted")) && scope_has_path(c, json_str(o, "path"));
        json_decref(m);
        json_decref(o);
        if (!ok) {
            http_reply_error(req, 422, "validation", "owner_member_id", "责任人须为管辖范围内的党员");
            return false;
        }
    }
    if (ms && cur) {
        w->before = task_milestones_e(c->d, json_integer_value(json_object_get(cur, "id")), &err);
        if (!w->before)
            return reply_err(req, &err);
    }
    return true;
}

static bool write_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    return task_valid(req, c, body, cur, state);
}

static bool create_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                         dj_err *err)
{
    (void)version;
    (void)cur;
    (void)state;
    json_t *ms = json_object_get(body, "milestones");
    if (!row_insert(c->d, "tasks", task_columns, body, &c->actor, id, err))
        return false;
    if (!json_array_size(ms))
        return true;
    return task_milestones_set(c->d, *id, ms, err) && api_audit_links(c, "task", *id, NULL, json_deep_copy(ms), err);
}

static void create_task(http_request *req, api_ctx *c)
{
    task_write st = {0};
    api_write w = {.obj = &task_object, .creating = true, .fields = task_fields, .check = write_check,
                   .apply = create_apply, .state = &st};
    api_write_run(req, c, &w);
    json_decref(st.before);
}

static bool update_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                         dj_err *err)
{
    (void)cur;
    task_write *w = state;
    json_t *ms = json_object_get(body, "milestones");
    bool links = ms && w->before && !json_equal(ms, w->before);
    if (!row_update(c->d, "tasks", task_columns, *id, version, body, links, "update", &c->actor, err))
        return false;
    if (!links)
        return true;
    return task_milestones_set(c->d, *id, ms, err) && api_audit_links(c, "task", *id, w->before, json_deep_copy(ms), err);
}

static void update_task(http_request *req, api_ctx *c)
{
    task_write st = {0};
    api_write w = {.obj = &task_object, .fields = task_fields, .check = write_check, .apply = update_apply, .state = &st};
    api_write_run(req, c, &w);
    json_decref(st.before);
}

static void delete_task(http_request *req, api_ctx *c) { api_soft_delete(req, c, &task_object, true, NULL); }

/* ---- The to-do list ---------------------------------------------------------------------- */

/* The scope's open tasks past their deadline (task_overdue) or with milestones late
 * (task_milestone_late). */
static void tasks_todo(api_ctx *c, json_t *items)
{
    if (!api_can(c, CAP_TASKS_READ) || !c->actor.scope_path || api_can(c, CAP_SCOPE_SELF))
        return;
    char today[11];
    today_text(today);
    json_t *rows = tasks_todo_e(c->d, c->actor.scope_path, today, TODO_MAX, NULL);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        char title[400], detail[300], link[48];
        snprintf(link, sizeof link, "/tasks/%lld", (long long)json_integer_value(json_object_get(r, "id")));
        int64_t org = json_integer_value(json_object_get(r, "org_id"));
        if (strcmp(json_str(r, "deadline"), today) < 0) {
            snprintf(title, sizeof title, "重点任务逾期未完成：%s", json_str(r, "title"));
            snprintf(detail, sizeof detail, "完成时限 %s，责任人 %s", json_str(r, "deadline"), json_str(r, "owner_name"));
            api_todo_add(items, "task_overdue", "warning", title, detail, org, json_str(r, "org_name"), link);
        } else {
            snprintf(title, sizeof title, "重点任务节点逾期：%s", json_str(r, "title"));
            snprintf(detail, sizeof detail, "%lld 个节点已逾期（最早应于 %s 完成），责任人 %s",
                     (long long)json_integer_value(json_object_get(r, "late")), json_str(r, "first_late_due"),
                     json_str(r, "owner_name"));
            api_todo_add(items, "task_milestone_late", "info", title, detail, org, json_str(r, "org_name"), link);
        }
    }
    json_decref(rows);
}

const api_module tasks_module = {
    "tasks",
    (const api_route[]){
        {"GET", "/api/v1/tasks/ledger", ledger, CAP_TASKS_READ, 0, API_NO_STORE},
        {"GET", "/api/v1/tasks", list_tasks, CAP_TASKS_READ, 0, API_NO_STORE},
        {"POST", "/api/v1/tasks", create_task, CAP_TASKS_WRITE, 0, 0},
        {"GET", "/api/v1/tasks/{id}", get_task, CAP_TASKS_READ, 0, API_NO_STORE},
        {"GET", "/api/v1/tasks/{id}/attachments", list_evidence, CAP_TASKS_READ, 0, 0},
        {"POST", "/api/v1/tasks/{id}/attachments", upload_evidence, CAP_TASKS_WRITE, EVIDENCE_MAX, 0},
        {"GET", "/api/v1/tasks/{id}/attachments/{aid}", download_evidence, CAP_TASKS_READ, 0, 0},
        {"DELETE", "/api/v1/tasks/{id}/attachments/{aid}", delete_evidence, CAP_TASKS_WRITE, 0, 0},
        {"PATCH", "/api/v1/tasks/{id}", update_task, CAP_TASKS_WRITE, 0, 0},
        {"DELETE", "/api/v1/tasks/{id}", delete_task, CAP_TASKS_WRITE, 0, 0},
        {NULL},
    },
    tasks_todo,
};
