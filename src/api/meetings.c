/* meetings.c: organisational life (组织生活, DOMAIN.md §2): meetings (三会一课 and the rest),
 * their attendance lists and check-in by QR code, decisions with quorum, the meeting register
 * (会议登记本) of an organisation and a member's attendance rate. Rules: domain/meetings.h.
 * A meeting outside the caller's scope answers 404. */
#include "api/meetings.h"

#include "api/sheet.h"
#include "api/module.h"
#include "api/write.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/json.h"
#include "core/text.h"
#include "domain/meetings.h"
#include "store/members.h"
#include "store/meetings.h"
#include "store/rows.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

static const api_field meeting_fields[] = {
    {"org_id", F_INT, true, 0, "召开组织"},
    {"type", F_STR, true, 20, "会议类型"},
    {"status", F_STR, false, 20, "会议状态"},
    {"topic", F_STR, true, 200, "会议主题"},
    {"starts_at", F_STR, true, MEETING_TIME_LEN, "开始时间"},
    {"ends_at", F_STR, true, MEETING_TIME_LEN, "结束时间"},
    {"place", F_STR, false, 100, "会议地点"},
    {"host", F_STR, false, 50, "主持人"},
    {"recorder", F_STR, false, 50, "记录人"},
    {"lecturer", F_STR, false, 50, "授课人"},
    {"first_topic", F_STR, false, 200, "第一议题"},
    {"minutes", F_STR, false, 20000, "会议记录"},
    {"joint_org_ids", F_INT_ARRAY, false, 20, "共建联学的组织"},
    {"decisions", F_OBJ_ARRAY, false, 50, "表决事项"},
    {"cancel_reason", F_STR, false, MEETING_CANCEL_REASON_MAX, "取消原因"},
    {NULL, 0, false, 0, NULL},
};

static const api_field decision_fields[] = {
    {"text", F_STR, true, 500, "决定事项"},
    {"yes", F_INT, true, 0, "赞成票"},
    {"no", F_INT, false, 0, "反对票"},
    {"abstain", F_INT, false, 0, "弃权票"},
    {"invalid", F_BOOL, false, 0, "无效标记"},
    {"passed", F_BOOL, false, 0, "是否通过"}, /* computed: what the client sends is ignored */
    {"rule", F_STR, false, 500, "表决规则"},  /* computed */
    {NULL, 0, false, 0, NULL},
};

static const api_field attendance_fields[] = {
    {"items", F_OBJ_ARRAY, true, 2000, "出席情况"},
    {NULL, 0, false, 0, NULL},
};

static const api_field attendance_item_fields[] = {
    {"member_id", F_INT, true, 0, "党员"},
    {"status", F_STR, true, 20, "出席状态"},
    {"reason", F_STR, false, 200, "原因"},
    {NULL, 0, false, 0, NULL},
};

meeting_time meetings_now(void) { return meeting_time_from_unix((int64_t)time(NULL)); }

/* ---- Presenting a meeting ---------------------------------------------------------------- */

static int count_of(const json_t *m, const char *key) { return (int)json_integer_value(json_object_get(m, key)); }

/* Who may vote at a meeting of type t and how many of them are present, from the counts of
 * store/meetings.h: the full members for a branch assembly (probationary members attend but do
 * not vote), the whole list (the committee) for a committee meeting, everyone for the rest. */
static void voters(meeting_type t, int expected, int present, int full, int full_present, int *entitled, int *voters_present)
{
    if (t == MEETING_BRANCH_ASSEMBLY) {
        *entitled = full;
        *voters_present = full_present;
    } else {
        *entitled = expected;
        *voters_present = present;
    }
}

static void meeting_voters(const json_t *m, meeting_type t, int *entitled, int *present)
{
    voters(t, count_of(m, "n_expected"), count_of(m, "n_present"), count_of(m, "n_full"), count_of(m, "n_full_present"),
           entitled, present);
}

/* A decision as stored ({text, yes, no, abstain, invalid}) checked against the meeting's
 * numbers: false with err when it may not be recorded. */
static bool decision_eval(meeting_type t, int entitled, int present, const json_t *dj, meeting_decision *out, dj_err *err)
{
    meeting_votes v = {(int)json_integer_value(json_object_get(dj, "yes")),
                       (int)json_integer_value(json_object_get(dj, "no")),
                       (int)json_integer_value(json_object_get(dj, "abstain"))};
    return meeting_decision_check(t, entitled, present, &v, json_is_true(json_object_get(dj, "invalid")), out, err);
}

/* The meeting as the API shows it: attendance and quorum computed from its list, each decision
 * with passed computed (never taken as stored), without the internal columns. */
void meeting_present(json_t *m)
{
    meeting_type t = MEETING_THEME_DAY;
    meeting_type_parse(json_str(m, "type"), &t);
    int expected = count_of(m, "n_expected"), present = count_of(m, "n_present"), leave = count_of(m, "n_leave");
    int entitled, vp;
    meeting_voters(m, t, &entitled, &vp);
    json_object_set_new(m, "attendance", json_pack("{s:i,s:i,s:i,s:i}", "expected", expected, "present", present, "leave",
                                                   leave, "absent", expected - present - leave));
    meeting_quorum q;
    if (!meeting_quorum_compute(t, entitled, vp, &q, NULL))
        q = (meeting_quorum){0};
    json_object_set_new(m, "quorum", json_pack("{s:i,s:i,s:b,s:s}", "required", q.required, "present", vp, "met", q.met,
                                               "rule", q.rule));
    json_t *decisions = json_object_get(m, "decisions");
    size_t i;
    json_t *dj;
    json_array_foreach(decisions, i, dj) {
        meeting_decision out;
        bool ok = decision_eval(t, entitled, vp, dj, &out, NULL);
        json_object_set_new(dj, "passed", json_boolean(ok && out.passed));
        json_object_set_new(dj, "rule", json_string(ok ? out.rule : "不足法定人数，该决定不成立"));
    }
    if (!json_is_array(decisions))
        json_object_set_new(m, "decisions", json_array());
    if (!json_is_array(json_object_get(m, "joint_org_ids")))
        json_object_set_new(m, "joint_org_ids", json_array());
    json_object_set_new(m, "type_label", json_string(meeting_type_label(t) ? meeting_type_label(t) : ""));
    for (const char *const *k = (const char *const[]){"org_path", "n_expected", "n_present", "n_leave", "n_full",
                                                        "n_full_present", NULL};
         *k; k++)
        json_object_del(m, *k);
}

/* ---- The object -------------------------------------------------------------------------- */

static json_t *meeting_load(api_ctx *c, int64_t id, dj_err *err)
{
    json_t *m = meeting_read_e(c->d, id, err);
    if (m && scope_has_path(c, json_str(m, "org_path")))
        return m;
    json_decref(m);
    return NULL;
}

static void meeting_reply(http_request *req, api_ctx *c, int64_t id, int status)
{
    dj_err err;
    json_t *m = meeting_read_e(c->d, id, &err);
    if (!m) {
        api_fail(req, &err);
        return;
    }
    meeting_present(m);
    http_reply_json(req, status, m);
}

const api_object meeting_object = {"meetings", "会议不存在", meeting_load, meeting_reply, NULL, NULL};

/* ---- Lists ------------------------------------------------------------------------------- */

/* An optional ?name=YYYY-MM-DD; false + 400 when malformed. */
static bool query_date(http_request *req, const char *name, const char **out)
{
    const char *v = http_query(req, name);
    *out = NULL;
    if (!v || !*v)
        return true;
    dj_date d;
    if (!date_parse(v, &d)) {
        http_reply_error(req, 400, "bad_request", name, "日期须为 YYYY-MM-DD 格式");
        return false;
    }
    *out = v;
    return true;
}

/* The list's filters (org, type, status, from, to, deleted) within the caller's scope; *none
 * when the caller's scope holds nothing. False after answering a bad filter. */
static bool meeting_query_from(http_request *req, api_ctx *c, meeting_query *q, bool paging, bool *none)
{
    int64_t org = 0;
    *none = false;
    if ((paging && !api_paging(req, &q->limit, &q->offset)) || !api_query_id(req, "org", &org) ||
        !fields_query_enum(req, "type", dj_meeting_types, &q->type) ||
        !fields_query_enum(req, "status", dj_meeting_statuses, &q->status) || !query_date(req, "from", &q->from) ||
        !query_date(req, "to", &q->to) || !api_query_bool(req, "deleted", &q->deleted))
        return false;
    if (org) {
        q->subtree = scope_org_path(req, c, org, NULL);
        if (!q->subtree)
            return false;
    } else {
        q->subtree = c->actor.scope_path;
    }
    *none = q->subtree == NULL;
    return true;
}

static void list_meetings(http_request *req, api_ctx *c)
{
    meeting_query q = {0};
    bool none;
    if (!meeting_query_from(req, c, &q, true, &none))
        return;
    if (none) {
        http_reply_json(req, 200, api_list(json_array(), 0, q.limit, q.offset));
        return;
    }
    int64_t total = 0;
    dj_err err;
    json_t *items = meetings_list_e(c->d, &q, &total, &err);
    if (!items) {
        api_fail(req, &err);
        return;
    }
    size_t i;
    json_t *m;
    json_array_foreach(items, i, m)
        meeting_present(m);
    http_reply_json(req, 200, api_list(items, total, q.limit, q.offset));
}

static const char *type_label(const json_t *it, const char *field, char *scratch, size_t n)
{
    (void)scratch;
    (void)n;
    return dj_enum_label(dj_meeting_types, json_str(it, field));
}

static const char *status_label(const json_t *it, const char *field, char *scratch, size_t n)
{
    (void)scratch;
    (void)n;
    return dj_enum_label(dj_meeting_statuses, json_str(it, field));
}

/* "实到/应到（请假 n）" of the attendance. */
static const char *attendance_text(const json_t *it, const char *field, char *scratch, size_t n)
{
    json_t *a = json_object_get(it, field);
    snprintf(scratch, n, "%lld/%lld（请假%lld）", (long long)json_integer_value(json_object_get(a, "present")),
             (long long)json_integer_value(json_object_get(a, "expected")),
             (long long)json_integer_value(json_object_get(a, "leave")));
    return scratch;
}

static json_t *meetings_page(api_ctx *c, void *query, int64_t offset, int64_t limit, int64_t *total, dj_err *err)
{
    meeting_query *q = query;
    q->offset = offset;
    q->limit = limit;
    json_t *items = meetings_list_e(c->d, q, total, err);
    size_t i;
    json_t *m;
    json_array_foreach(items, i, m)
        meeting_present(m);
    return items;
}

/* The meetings of the list's filters as a file (会议活动记录), every page, newest first. */
static void export_meetings(http_request *req, api_ctx *c)
{
    static const api_sheet_column cols[] = {
        {"编号", "id", 8, NULL}, {"组织", "org_name", 28, NULL}, {"类型", "type", 12, type_label},
        {"主题", "topic", 36, NULL}, {"开始时间", "starts_at", 17, NULL}, {"结束时间", "ends_at", 17, NULL},
        {"地点", "place", 20, NULL}, {"主持人", "host", 10, NULL}, {"记录人", "recorder", 10, NULL},
        {"状态", "status", 8, status_label}, {"出席", "attendance", 16, attendance_text}, {NULL},
    };
    meeting_query q = {0};
    bool none;
    if (!meeting_query_from(req, c, &q, false, &none))
        return;
    dj_err err;
    json_t *all = none ? json_array() : api_all_pages(meetings_page, c, &q, &err);
    if (!all) {
        api_fail(req, &err);
        return;
    }
    /* 会议活动记录, percent-encoded for the browser's file name. */
    api_reply_sheet(req, "meetings", "%E4%BC%9A%E8%AE%AE%E6%B4%BB%E5%8A%A8%E8%AE%B0%E5%BD%95", "会议活动", cols, all);
    json_decref(all);
}

static void get_meeting(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *m = api_object_get(req, c, &meeting_object, &id);
    if (!m)
        return;
    meeting_present(m);
    http_reply_json(req, 200, m);
}

/* ---- Checks of a body -------------------------------------------------------------------- */

typedef struct meeting_write {
    json_t *joint_paths; /* the paths of joint_org_ids, for the attendance list */
} meeting_write;

static bool reply_err(http_request *req, const dj_err *err)
{
    api_fail(req, err);
    return false;
}

/* Each text field: no characters that break things (text_check), labelled as in the field list. */
static bool texts_valid(http_request *req, json_t *body)
{
    for (const api_field *f = meeting_fields; f->name; f++) {
        if (f->kind != F_STR)
            continue;
        const char *v = json_str(body, f->name);
        dj_err err;
        bool multiline = strcmp(f->name, "minutes") == 0;
        bool visible = strcmp(f->name, "topic") == 0 || strcmp(f->name, "cancel_reason") == 0;
        if (v && !text_check(v, multiline, visible, f->label, f->name, &err))
            return reply_err(req, &err);
    }
    return true;
}

/* The status a body asks for (or the current one) against the current one and the times. */
static bool status_valid(http_request *req, json_t *body, const json_t *cur, meeting_time start)
{
    const char *from_s = cur ? json_str(cur, "status") : "planned";
    const char *to_s = json_str(body, "status") ? json_str(body, "status") : from_s;
    meeting_status from = MEETING_PLANNED, to;
    meeting_status_parse(from_s, &from);
    if (!meeting_status_parse(to_s, &to)) {
        http_reply_error(req, 422, "validation", "status", "会议状态无效，应为计划召开、已召开或已取消");
        return false;
    }
    json_object_set_new(body, "status", json_string(meeting_status_name(to)));
    const char *reason = json_object_get(body, "cancel_reason") ? json_str(body, "cancel_reason")
                                                                : (cur ? json_str(cur, "cancel_reason") : NULL);
    dj_err err;
    if (!meeting_transition_check(from, to, reason, &err))
        return reply_err(req, &err);
    if (to == MEETING_HELD && start > meetings_now()) {
        http_reply_error(req, 422, "validation", "status", "会议尚未开始，不能登记为已召开");
        return false;
    }
    if (to != MEETING_CANCELLED && reason && *reason) {
        http_reply_error(req, 422, "validation", "cancel_reason", "只有已取消的会议才填写取消原因");
        return false;
    }
    return true;
}

/* Decisions: only of a held branch assembly or committee meeting, each checked against the
 * meeting's quorum and votes now (domain/meetings.h); stored without what is computed. */
static bool decisions_valid(http_request *req, json_t *body, const json_t *cur, meeting_type t)
{
    json_t *ds = json_object_get(body, "decisions");
    if (!json_is_array(ds) || json_array_size(ds) == 0)
        return true;
    if (!cur) {
        http_reply_error(req, 422, "validation", "decisions", "请先安排会议并登记出席情况，再登记表决事项");
        return false;
    }
    if (strcmp(json_str(body, "status"), "held") != 0) {
        http_reply_error(req, 422, "validation", "decisions", "会议召开后才能登记表决事项");
        return false;
    }
    int entitled, present;
    meeting_voters(cur, t, &entitled, &present);
    size_t i;
    json_t *dj;
    json_array_foreach(ds, i, dj) {
        if (!fields_check(req, dj, decision_fields, true))
            return false;
        dj_err err;
        if (!text_check(json_str(dj, "text"), true, true, "决定事项", "decisions", &err))
            return reply_err(req, &err);
        meeting_decision out;
        if (!decision_eval(t, entitled, present, dj, &out, &err)) {
            char msg[700];
            snprintf(msg, sizeof msg, "第%zu项决定：%s", i + 1, err.message);
            http_reply_error(req, 422, "validation", "decisions", msg);
            return false;
        }
        json_array_set_new(ds, i, json_pack("{s:s,s:I,s:I,s:I,s:b}", "text", json_str(dj, "text"), "yes",
                                            json_integer_value(json_object_get(dj, "yes")), "no",
                                            json_integer_value(json_object_get(dj, "no")), "abstain",
                                            json_integer_value(json_object_get(dj, "abstain")), "invalid",
                                            json_is_true(json_object_get(dj, "invalid"))));
    }
    return true;
}

static bool create_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    meeting_write *w = state;
    int64_t org_id = json_integer_value(json_object_get(body, "org_id"));
    const char *path = scope_org_path(req, c, org_id, "org_id");
    if (!path)
        return false;
    meeting_type t;
    if (!meeting_type_parse(json_str(body, "type"), &t)) {
        http_reply_error(req, 422, "validation", "type", "会议类型无效");
        return false;
    }
    json_object_set_new(body, "type", json_string(meeting_type_name(t)));
    json_t *org = row_get(c->d, "orgs", org_id);
    bool group_org = org && strcmp(json_str(org, "type"), "group") == 0;
    json_decref(org);
    if ((t == MEETING_GROUP) != group_org) {
        http_reply_error(req, 422, "validation", "type",
                         t == MEETING_GROUP ? "党小组会须由党小组召开" : "党小组只召开党小组会");
        return false;
    }
    json_t *joint = json_object_get(body, "joint_org_ids");
    if (json_array_size(joint) && t != MEETING_JOINT_STUDY) {
        http_reply_error(req, 422, "validation", "joint_org_ids", "只有共建联学会议才填写共建组织");
        return false;
    }
    w->joint_paths = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(joint, i, v) {
        const char *p = scope_org_path(req, c, json_integer_value(v), "joint_org_ids");
        if (!p)
            return false;
        json_array_append_new(w->joint_paths, json_string(p));
    }
    meeting_time start;
    dj_err err;
    if (!meeting_times_validate(json_str(body, "starts_at"), json_str(body, "ends_at"), &start, NULL, &err))
        return reply_err(req, &err);
    if (!texts_valid(req, body) || !status_valid(req, body, cur, start) || !decisions_valid(req, body, cur, t))
        return false;
    json_object_set_new(body, "org_path", json_string(path));
    if (!joint)
        json_object_set_new(body, "joint_org_ids", json_array());
    return true;
}

static bool create_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                         dj_err *err)
{
    (void)version;
    (void)cur;
    meeting_write *w = state;
    if (!row_insert(c->d, "meetings", meeting_columns, body, &c->actor, id, err) ||
        !meeting_attendees_fill(c->d, *id, json_str(body, "type"), json_integer_value(json_object_get(body, "org_id")),
                                json_str(body, "org_path"), w->joint_paths, err))
        return false;
    if (strcmp(json_str(body, "type"), "committee") == 0) {
        json_t *list = meeting_attendance_e(c->d, *id, err);
        if (!list)
            return false;
        size_t n = json_array_size(list);
        json_decref(list);
        if (n == 0)
            return dj_err_set(err, "validation", "type", "该组织的委员会没有关联党员档案的委员，无法安排支部委员会会议");
    }
    /* The check-in secret: 128 random bits, never derived from anything guessable. */
    unsigned char raw[16];
    char hex[33];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    return meeting_secret_set(c->d, *id, hex, err);
}

static void create_meeting(http_request *req, api_ctx *c)
{
    meeting_write st = {0};
    api_write w = {.obj = &meeting_object, .creating = true, .fields = meeting_fields, .check = create_check,
                   .apply = create_apply, .state = &st};
    api_write_run(req, c, &w);
    json_decref(st.joint_paths);
}

/* A change: who attends follows from the organisation, the type and the joint organisations,
 * fixed when the meeting was planned; everything else is checked as the merged record. */
static bool update_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    (void)c;
    (void)state;
    static const struct { const char *field, *message; } fixed[] = {
        {"org_id", "会议的召开组织不能修改，请取消后重新安排"},
        {"type", "会议类型不能修改（应到人员按类型确定），请取消后重新安排"},
        {"joint_org_ids", "共建组织不能修改（应到人员按其确定），请取消后重新安排"},
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        json_t *v = json_object_get(body, fixed[i].field);
        json_t *now = json_object_get(cur, fixed[i].field);
        bool same = !v || json_equal(v, now);
        if (!same && strcmp(fixed[i].field, "type") == 0) {
            meeting_type t;
            same = meeting_type_parse(json_str(body, "type"), &t) && strcmp(meeting_type_name(t), json_str(cur, "type")) == 0;
        }
        if (!same) {
            http_reply_error(req, 422, "validation", fixed[i].field, fixed[i].message);
            return false;
        }
        json_object_del(body, fixed[i].field);
    }
    const char *st = json_object_get(body, "starts_at") ? json_str(body, "starts_at") : json_str(cur, "starts_at");
    const char *en = json_object_get(body, "ends_at") ? json_str(body, "ends_at") : json_str(cur, "ends_at");
    meeting_time start;
    dj_err err;
    if (!meeting_times_validate(st, en, &start, NULL, &err))
        return reply_err(req, &err);
    meeting_type t = MEETING_THEME_DAY;
    meeting_type_parse(json_str(cur, "type"), &t);
    if (json_object_get(body, "topic") && !json_str(body, "topic")) {
        http_reply_error(req, 422, "validation", "topic", "会议主题为必填项");
        return false;
    }
    return texts_valid(req, body) && status_valid(req, body, cur, start) && decisions_valid(req, body, cur, t);
}

static void update_meeting(http_request *req, api_ctx *c)
{
    api_write w = {.obj = &meeting_object, .fields = meeting_fields, .check = update_check, .cols = meeting_columns};
    api_write_run(req, c, &w);
}

static void delete_meeting(http_request *req, api_ctx *c) { api_soft_delete(req, c, &meeting_object, true, NULL); }
static void restore_meeting(http_request *req, api_ctx *c) { api_soft_delete(req, c, &meeting_object, false, NULL); }

/* ---- Attendance -------------------------------------------------------------------------- */

static void get_attendance(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *m = api_object_get(req, c, &meeting_object, &id);
    if (!m)
        return;
    dj_err err;
    json_t *items = meeting_attendance_e(c->d, id, &err);
    if (!items) {
        json_decref(m);
        api_fail(req, &err);
        return;
    }
    meeting_present(m);
    json_t *out = json_pack("{s:o,s:I,s:n,s:O,s:O}", "items", items, "total", (json_int_t)json_array_size(items), "next",
                            "attendance", json_object_get(m, "attendance"), "quorum", json_object_get(m, "quorum"));
    json_decref(m);
    http_reply_json(req, 200, out);
}

typedef struct attendance_write {
    json_t *before; /* the list as it was, for the audit record */
} attendance_write;

/* Every item names someone on the list once, with a known status; the meeting is not cancelled;
 * and the decisions recorded still stand with the attendance as it will be. */
static bool attendance_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    attendance_write *w = state;
    int64_t id = json_integer_value(json_object_get(cur, "id"));
    if (strcmp(json_str(cur, "status"), "cancelled") == 0) {
        http_reply_error(req, 422, "validation", "items", "会议已取消，不能登记出席情况");
        return false;
    }
    dj_err err;
    w->before = meeting_attendance_e(c->d, id, &err);
    if (!w->before)
        return reply_err(req, &err);
    json_t *after = json_deep_copy(w->before);
    json_t *items = json_object_get(body, "items");
    size_t i, k;
    json_t *it, *a;
    bool ok = true;
    char msg[200];
    json_array_foreach(items, i, it) {
        if (!fields_check(req, it, attendance_item_fields, true)) {
            ok = false;
            break;
        }
        attendance_status s;
        if (!attendance_status_parse(json_str(it, "status"), &s)) {
            snprintf(msg, sizeof msg, "第%zu项的出席状态无效，应为出席、请假、缺席或未登记", i + 1);
            http_reply_error(req, 422, "validation", "items", msg);
            ok = false;
            break;
        }
        json_object_set_new(it, "status", json_string(attendance_status_name(s)));
        if (json_str(it, "reason") && !text_check(json_str(it, "reason"), false, false, "原因", "items", &err)) {
            ok = reply_err(req, &err);
            break;
        }
        int64_t mid = json_integer_value(json_object_get(it, "member_id"));
        json_t *found = NULL;
        json_array_foreach(after, k, a) {
            if (json_integer_value(json_object_get(a, "member_id")) == mid)
                found = a;
        }
        for (size_t j = 0; j < i; j++)
            if (json_integer_value(json_object_get(json_array_get(items, j), "member_id")) == mid)
                found = NULL;
        if (!found) {
            snprintf(msg, sizeof msg, "第%zu项的党员不在本次会议的应到人员名单中，或重复出现", i + 1);
            http_reply_error(req, 422, "validation", "items", msg);
            ok = false;
            break;
        }
        json_object_set(found, "status", json_object_get(it, "status"));
        json_object_set_new(found, "reason", json_str(it, "reason") ? json_string(json_str(it, "reason")) : json_null());
        if (s != ATTEND_PRESENT)
            json_object_set_new(found, "checked_in_at", json_null());
    }
    /* The decisions recorded must still stand. */
    meeting_type t = MEETING_THEME_DAY;
    meeting_type_parse(json_str(cur, "type"), &t);
    json_t *ds = json_object_get(cur, "decisions");
    if (ok && json_array_size(ds)) {
        int expected = 0, present = 0, full = 0, full_present = 0;
        json_array_foreach(after, k, a) {
            bool p = strcmp(json_str(a, "status"), "present") == 0, f = strcmp(json_str(a, "category"), "full") == 0;
            expected++;
            present += p;
            full += f;
            full_present += p && f;
        }
        int entitled, vp;
        voters(t, expected, present, full, full_present, &entitled, &vp);
        json_array_foreach(ds, k, a) {
            meeting_decision out;
            if (!decision_eval(t, entitled, vp, a, &out, &err)) {
                char m2[800];
                snprintf(m2, sizeof m2, "按此出席情况，已登记的第%zu项决定不能成立：%s", k + 1, err.message);
                http_reply_error(req, 422, "validation", "items", m2);
                ok = false;
                break;
            }
        }
    }
    json_decref(after);
    return ok;
}

static bool attendance_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                             dj_err *err)
{
    (void)cur;
    attendance_write *w = state;
    static const char *const no_columns[] = {NULL};
    json_t *empty = json_object();
    /* The meeting's version first: a stale one changes nothing. */
    bool ok = row_update(c->d, "meetings", no_columns, *id, version, empty, true, "update", &c->actor, err) &&
              meeting_attendance_set(c->d, *id, json_object_get(body, "items"), err);
    json_decref(empty);
    json_t *after = ok ? meeting_attendance_e(c->d, *id, err) : NULL;
    return after && api_audit_links(c, "meeting", *id, w->before, after, err);
}

static void put_attendance(http_request *req, api_ctx *c)
{
    attendance_write st = {0};
    api_write w = {.obj = &meeting_object, .fields = attendance_fields, .all_required = true,
                   .check = attendance_check, .apply = attendance_apply, .state = &st};
    api_write_run(req, c, &w);
    json_decref(st.before);
}

/* ?year= (default: this year in China time); false + 400 when malformed. */
bool query_year(http_request *req, int *year)
{
    const char *v = http_query(req, "year");
    *year = date_year(meeting_time_date(meetings_now()));
    if (!v || !*v)
        return true;
    if (strlen(v) != 4 || strspn(v, "0123456789") != 4 || atoi(v) < DATE_MIN_YEAR || atoi(v) > DATE_MAX_YEAR) {
        http_reply_error(req, 400, "bad_request", "year", "年份须为四位数字");
        return false;
    }
    *year = atoi(v);
    return true;
}

/* ---- A member's attendance rate ---------------------------------------------------------- */

static void member_attendance(http_request *req, api_ctx *c)
{
    int64_t id;
    int year;
    if (!api_param_id(req, 0, &id) || !query_year(req, &year))
        return;
    dj_err err = {0};
    json_t *mem = member_read_e(c->d, id, &err);
    bool visible = mem && ((c->actor.member_id && c->actor.member_id == id) || scope_has_path(c, json_str(mem, "org_path")));
    json_decref(mem);
    if (!visible) {
        if (err.code[0] && strcmp(err.code, "not_found") != 0)
            api_fail(req, &err);
        else
            http_reply_error(req, 404, "not_found", NULL, "党员不存在");
        return;
    }
    char from[16], to[16];
    snprintf(from, sizeof from, "%04d-01-01", year);
    snprintf(to, sizeof to, "%04d-12-31", year);
    json_t *rows = member_attendance_records_e(c->d, id, from, to, &err);
    if (!rows) {
        api_fail(req, &err);
        return;
    }
    size_t n = json_array_size(rows), i;
    attendance_record *rec = arena_alloc(req->a, (n ? n : 1) * sizeof *rec);
    json_t *items = json_array(), *r;
    json_array_foreach(rows, i, r) {
        meeting_time t = 0;
        meeting_time_parse(json_str(r, "starts_at"), &t);
        rec[i].date = meeting_time_date(t);
        rec[i].meeting = MEETING_PLANNED;
        meeting_status_parse(json_str(r, "status"), &rec[i].meeting);
        rec[i].status = ATTEND_UNMARKED;
        attendance_status_parse(json_str(r, "attendance"), &rec[i].status);
        if (rec[i].meeting == MEETING_HELD)
            json_array_append(items, r);
    }
    attendance_rate a = attendance_rate_for_year(rec, n, year);
    json_decref(rows);
    http_reply_json(req, 200, json_pack("{s:I,s:i,s:i,s:i,s:i,s:i,s:o,s:o}", "member_id", (json_int_t)id, "year", year,
                                        "expected", a.expected, "present", a.present, "leave", a.leave, "absent",
                                        a.absent, "rate", a.rate_permille < 0 ? json_null() : json_real(a.rate_permille / 1000.0),
                                        "items", items));
}

const api_module meetings_module = {
    "meetings",
    (const api_route[]){
        {"GET", "/api/v1/meetings", list_meetings, CAP_MEETINGS_READ, 0, 0},
        {"POST", "/api/v1/meetings", create_meeting, CAP_MEETINGS_WRITE, 0, 0},
        {"GET", "/api/v1/meetings/export", export_meetings, CAP_MEETINGS_READ, 0, 0},
        {"GET", "/api/v1/meetings/{id}", get_meeting, CAP_MEETINGS_READ, 0, 0},
        {"PATCH", "/api/v1/meetings/{id}", update_meeting, CAP_MEETINGS_WRITE, 0, 0},
        {"DELETE", "/api/v1/meetings/{id}", delete_meeting, CAP_MEETINGS_WRITE, 0, 0},
        {"POST", "/api/v1/meetings/{id}/restore", restore_meeting, CAP_MEETINGS_WRITE, 0, 0},
        {"GET", "/api/v1/meetings/{id}/attendance", get_attendance, CAP_MEETINGS_READ, 0, 0},
        {"PUT", "/api/v1/meetings/{id}/attendance", put_attendance, CAP_MEETINGS_WRITE, 0, 0},
        {"GET", "/api/v1/members/{id}/attendance", member_attendance, API_SIGNED_IN, 0, 0},
        {NULL},
    },
    NULL,
};
