/* compliance.c: what the organisations of a subtree owe of organisational life and what they
 * held (三会一课 compliance, domain/compliance.h), its settings, and what organisational life adds
 * to everyone's to-do list. One query reads the subtree's organisations, one the held meetings of
 * the year; they are grouped here, in memory, so that a province's tree costs two index scans. */
#include "api/meetings.h"

#include "api/module.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/json.h"
#include "domain/compliance.h"
#include "domain/meetings.h"
#include "store/meetings.h"
#include "store/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SETTINGS_KEY[] = "organisational_life";

/* ---- Settings ---------------------------------------------------------------------------- */

/* One {freq, times} of the settings' JSON into *it; false + err naming field. */
static bool item_from_json(const json_t *v, const char *field, compliance_item *it, dj_err *err)
{
    if (!json_is_object(v))
        return dj_err_set(err, "validation", field, "频次设置须为 {freq, times} 对象");
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)v, k, x) {
        if (strcmp(k, "freq") != 0 && strcmp(k, "times") != 0)
            return dj_err_set(err, "validation", field, "频次设置只有 freq 和 times 两项");
    }
    json_t *f = json_object_get(v, "freq"), *t = json_object_get(v, "times");
    if (f && (!json_is_string(f) || !compliance_freq_parse(json_string_value(f), &it->freq)))
        return dj_err_set(err, "validation", field, "频次须为 none、monthly、quarterly 或 yearly");
    if (t && (!json_is_integer(t) || json_integer_value(t) < 0 || json_integer_value(t) > COMPLIANCE_TIMES_MAX))
        return dj_err_set(err, "validation", field, "次数须为 1 到 %d 的整数", COMPLIANCE_TIMES_MAX);
    if (t)
        it->times = (int)json_integer_value(t);
    return true;
}

/* The settings' JSON (any subset of the keys) over *s; false + err on a fault. */
static bool settings_from_json(const json_t *j, meetings_settings *s, dj_err *err)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)j, k, v) {
        if (strcmp(k, "frequencies") == 0) {
            if (!json_is_object(v))
                return dj_err_set(err, "validation", "frequencies", "frequencies 须为对象，键为会议类型");
            const char *tk;
            json_t *tv;
            json_object_foreach(v, tk, tv) {
                meeting_type t;
                if (!meeting_type_parse(tk, &t) || strcmp(meeting_type_name(t), tk) != 0)
                    return dj_err_set(err, "validation", "frequencies", "未知的会议类型");
                if (!item_from_json(tv, meeting_type_name(t), &s->compliance.item[t], err))
                    return false;
            }
        } else if (strcmp(k, "secretary_lecture") == 0) {
            if (!item_from_json(v, "secretary_lecture", &s->compliance.secretary_lecture, err))
                return false;
        } else if (strcmp(k, "min_share_percent") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100)
                return dj_err_set(err, "validation", "min_share_percent", "存续比例须为 0 到 100 的整数");
            s->compliance.min_share_percent = (int)json_integer_value(v);
        } else if (strcmp(k, "checkin_before_minutes") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > CHECKIN_BEFORE_MAX)
                return dj_err_set(err, "validation", "checkin_before_minutes", "提前签到的分钟数须为 0 到 %d 的整数",
                                  CHECKIN_BEFORE_MAX);
            s->checkin_before_minutes = (int)json_integer_value(v);
        } else if (strcmp(k, "version") != 0) {
            return dj_err_set(err, "validation", NULL, "未知的设置项");
        }
    }
    return compliance_settings_validate(&s->compliance, err);
}

static json_t *item_json(compliance_item it)
{
    return json_pack("{s:s,s:i}", "freq", compliance_freq_name(it.freq), "times", it.times);
}

static json_t *settings_json(const meetings_settings *s)
{
    json_t *f = json_object();
    for (int t = 0; t < MEETING_TYPE_COUNT; t++)
        json_object_set_new(f, meeting_type_name((meeting_type)t), item_json(s->compliance.item[t]));
    return json_pack("{s:o,s:o,s:i,s:i}", "frequencies", f, "secretary_lecture",
                     item_json(s->compliance.secretary_lecture), "min_share_percent", s->compliance.min_share_percent,
                     "checkin_before_minutes", s->checkin_before_minutes);
}

bool meetings_settings_load(db *d, meetings_settings *out, dj_err *err)
{
    out->compliance = compliance_defaults();
    out->checkin_before_minutes = CHECKIN_BEFORE_DEFAULT;
    char *value = NULL;
    if (!setting_get(d, SETTINGS_KEY, &value, err))
        return false;
    if (!value)
        return true;
    json_t *j = json_loads(value, 0, NULL);
    free(value);
    meetings_settings s = *out;
    /* What was stored was checked when it was stored; a value that no longer passes (a rule
     * tightened since) falls back to the defaults rather than stopping every report. */
    if (json_is_object(j) && settings_from_json(j, &s, NULL))
        *out = s;
    json_decref(j);
    return true;
}

static void get_settings(http_request *req, api_ctx *c)
{
    meetings_settings s;
    dj_err err;
    if (!meetings_settings_load(c->d, &s, &err)) {
        api_fail(req, &err);
        return;
    }
    meetings_settings def = {compliance_defaults(), CHECKIN_BEFORE_DEFAULT};
    json_t *out = settings_json(&s);
    json_object_set_new(out, "defaults", settings_json(&def));
    http_reply_json(req, 200, out);
}

static void put_settings(http_request *req, api_ctx *c)
{
    json_t *body = api_body(req);
    if (!body)
        return;
    meetings_settings s;
    dj_err err;
    bool ok = meetings_settings_load(c->d, &s, &err);
    json_t *before = ok ? settings_json(&s) : NULL;
    if (ok && !settings_from_json(body, &s, &err)) {
        json_decref(before);
        json_decref(body);
        api_fail(req, &err);
        return;
    }
    json_decref(body);
    json_t *after = ok ? settings_json(&s) : NULL;
    char *text = after ? json_compact(after) : NULL;
    ok = ok && db_begin(c->d, &err) && setting_put(c->d, SETTINGS_KEY, text, &err) &&
         (json_equal(before, after) || audit_write(c->d, &c->actor, "update", "settings", 0, before, after, &err)) &&
         db_commit(c->d, &err);
    free(text);
    json_decref(before);
    if (!ok) {
        db_rollback(c->d);
        json_decref(after);
        api_fail(req, &err);
        return;
    }
    meetings_settings def = {compliance_defaults(), CHECKIN_BEFORE_DEFAULT};
    json_object_set_new(after, "defaults", settings_json(&def));
    http_reply_json(req, 200, after);
}

/* ---- The scan ---------------------------------------------------------------------------- */

typedef struct scan_org {
    int64_t id;
    size_t name;        /* offset in the scan's names */
    compliance_org org;
    bool valid;         /* a known type */
    size_t first, n;    /* its held meetings in the scan's meetings */
} scan_org;

typedef struct scan_ref {
    int64_t id;
    uint32_t idx;
} scan_ref;

typedef struct scan_held {
    uint32_t org;
    compliance_meeting m;
} scan_held;

typedef struct scan {
    scan_org *orgs;
    size_t norgs, cap;
    buf names;
    scan_ref *refs; /* by id */
    scan_held *held;
    size_t nheld, heldcap;
} scan;

static int ref_cmp(const void *a, const void *b)
{
    int64_t x = ((const scan_ref *)a)->id, y = ((const scan_ref *)b)->id;
    return x < y ? -1 : x > y;
}

static void on_org(void *arg, int64_t id, const char *name, const char *type, const char *established_on, bool has_committee)
{
    scan *s = arg;
    if (s->norgs == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->orgs = xrealloc(s->orgs, s->cap * sizeof *s->orgs);
    }
    scan_org *o = &s->orgs[s->norgs++];
    memset(o, 0, sizeof *o);
    o->id = id;
    o->name = s->names.len;
    buf_append(&s->names, name, strlen(name) + 1);
    o->valid = org_type_parse(type, &o->org.type);
    o->org.has_committee = has_committee;
    o->org.has_established = date_parse(established_on, &o->org.established_on);
}

/* "YYYY-MM-DD..." as a date, without the checks of date_parse (the store wrote it). */
static dj_date quick_date(const char *s)
{
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return date_from_ymd(y, m, d);
}

static void on_held(void *arg, int64_t org_id, const char *type, const char *starts_at)
{
    scan *s = arg;
    scan_ref key = {org_id, 0};
    const scan_ref *r = bsearch(&key, s->refs, s->norgs, sizeof *s->refs, ref_cmp);
    meeting_type t;
    if (!r || strlen(starts_at) < 10 || !meeting_type_parse(type, &t))
        return;
    if (s->nheld == s->heldcap) {
        s->heldcap = s->heldcap ? s->heldcap * 2 : 1024;
        s->held = xrealloc(s->held, s->heldcap * sizeof *s->held);
    }
    s->held[s->nheld++] = (scan_held){r->idx, {t, quick_date(starts_at)}};
}

static void scan_free(scan *s)
{
    free(s->orgs);
    free(s->refs);
    free(s->held);
    buf_free(&s->names);
}

/* Reads the organisations of the subtree at path and their held meetings of `year`, and groups
 * the meetings by organisation (a counting sort: two passes, no comparison). *meetings gets
 * them, each organisation's from first to first + n. */
static bool scan_read(db *d, const char *path, int year, scan *s, compliance_meeting **meetings, dj_err *err)
{
    memset(s, 0, sizeof *s);
    *meetings = NULL;
    if (!meetings_each_org(d, path, on_org, s, err))
        return false;
    s->refs = xmalloc((s->norgs ? s->norgs : 1) * sizeof *s->refs);
    for (size_t i = 0; i < s->norgs; i++)
        s->refs[i] = (scan_ref){s->orgs[i].id, (uint32_t)i};
    qsort(s->refs, s->norgs, sizeof *s->refs, ref_cmp);
    char from[16], to[16];
    snprintf(from, sizeof from, "%04d-01-01", year);
    snprintf(to, sizeof to, "%04d-12-31", year);
    if (!meetings_each_held(d, path, from, to, on_held, s, err))
        return false;
    for (size_t i = 0; i < s->nheld; i++)
        s->orgs[s->held[i].org].n++;
    size_t at = 0;
    for (size_t i = 0; i < s->norgs; i++) {
        s->orgs[i].first = at;
        at += s->orgs[i].n;
        s->orgs[i].n = 0;
    }
    *meetings = xmalloc((s->nheld ? s->nheld : 1) * sizeof **meetings);
    for (size_t i = 0; i < s->nheld; i++) {
        scan_org *o = &s->orgs[s->held[i].org];
        (*meetings)[o->first + o->n++] = s->held[i].m;
    }
    free(s->held);
    s->held = NULL;
    return true;
}

static bool plan_load(db *d, compliance_plan *plan, dj_err *err)
{
    meetings_settings set;
    return meetings_settings_load(d, &set, err) && compliance_plan_init(plan, &set.compliance, err);
}

/* ---- GET /compliance --------------------------------------------------------------------- */

static json_t *row_json(const scan *s, const scan_org *o, const compliance_row *r)
{
    json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:s,s:i,s:i,s:i,s:s,s:s,s:s}", "org_id", (json_int_t)o->id, "org_name",
                          s->names.data + o->name, "type", meeting_type_name(r->type), "type_label",
                          meeting_type_label(r->type), "period", r->period_label, "required", r->required, "held",
                          r->held, "missing", r->missing, "state", compliance_state_name(r->state), "rule", r->rule,
                          "source", r->source);
    json_object_set_new(j, "note", r->note ? json_string(r->note) : json_null());
    return j;
}

static void get_compliance(http_request *req, api_ctx *c)
{
    int64_t limit, offset, org = 0;
    if (!api_paging(req, &limit, &offset) || !api_query_id(req, "org", &org))
        return;
    dj_date today = meeting_time_date(meetings_now());
    int year = date_year(today), month = 0;
    const char *y = http_query(req, "year"), *mo = http_query(req, "month");
    if (y && *y) {
        if (strlen(y) != 4 || strspn(y, "0123456789") != 4 || atoi(y) < DATE_MIN_YEAR || atoi(y) > DATE_MAX_YEAR) {
            http_reply_error(req, 400, "bad_request", "year", "年份须为四位数字");
            return;
        }
        year = atoi(y);
    }
    if (mo && *mo) {
        if (strlen(mo) > 2 || strspn(mo, "0123456789") != strlen(mo) || atoi(mo) < 1 || atoi(mo) > 12) {
            http_reply_error(req, 400, "bad_request", "month", "月份须为 1 到 12");
            return;
        }
        month = atoi(mo);
    }
    const char *path = org ? scope_org_path(req, c, org, NULL) : c->actor.scope_path;
    if (org && !path)
        return;
    json_t *items = json_array();
    int64_t total = 0, met = 0, todo = 0, missed = 0, not_required = 0;
    compliance_plan plan;
    dj_err err;
    if (!plan_load(c->d, &plan, &err)) {
        json_decref(items);
        api_fail(req, &err);
        return;
    }
    if (path) {
        scan s;
        compliance_meeting *meetings;
        if (!scan_read(c->d, path, year, &s, &meetings, &err)) {
            free(meetings);
            scan_free(&s);
            json_decref(items);
            api_fail(req, &err);
            return;
        }
        compliance_period q = {month ? PERIOD_MONTH : PERIOD_YEAR, year, month};
        compliance_row rows[COMPLIANCE_ROWS_MAX];
        for (size_t i = 0; i < s.norgs; i++) {
            scan_org *o = &s.orgs[i];
            if (!o->valid)
                continue;
            int n = compliance_compute(&plan, &o->org, q, meetings + o->first, o->n, today, rows, COMPLIANCE_ROWS_MAX, NULL);
            if (n <= 0)
                continue;
            bool shown = total >= offset && total < offset + limit;
            total++;
            for (int k = 0; k < n; k++) {
                compliance_row *r = &rows[k];
                met += r->state == COMPLIANCE_MET;
                todo += r->state == COMPLIANCE_TODO;
                missed += r->state == COMPLIANCE_MISSED;
                not_required += r->state == COMPLIANCE_NOT_REQUIRED;
                if (shown)
                    json_array_append_new(items, row_json(&s, o, r));
            }
        }
        free(meetings);
        scan_free(&s);
    }
    json_t *out = api_list(items, total, limit, offset);
    char period[PERIOD_LABEL_LEN];
    compliance_period_label((compliance_period){month ? PERIOD_MONTH : PERIOD_YEAR, year, month}, period);
    json_object_set_new(out, "period", json_string(period));
    json_object_set_new(out, "summary", json_pack("{s:I,s:I,s:I,s:I,s:I}", "orgs", (json_int_t)total, "met",
                                                  (json_int_t)met, "todo", (json_int_t)todo, "missed", (json_int_t)missed,
                                                  "not_required", (json_int_t)not_required));
    http_reply_json(req, 200, out);
}

/* ---- For other reports (the inspection report) ------------------------------------------ */

json_t *compliance_subtree_rows(db *d, const char *path, int year, dj_err *err)
{
    compliance_plan plan;
    if (!plan_load(d, &plan, err))
        return NULL;
    scan s;
    compliance_meeting *meetings;
    if (!scan_read(d, path, year, &s, &meetings, err)) {
        free(meetings);
        scan_free(&s);
        return NULL;
    }
    dj_date today = meeting_time_date(meetings_now());
    compliance_period q = {PERIOD_YEAR, year, 0};
    compliance_row rows[COMPLIANCE_ROWS_MAX];
    json_t *out = json_array();
    for (size_t i = 0; i < s.norgs; i++) {
        scan_org *o = &s.orgs[i];
        if (!o->valid)
            continue;
        int n = compliance_compute(&plan, &o->org, q, meetings + o->first, o->n, today, rows, COMPLIANCE_ROWS_MAX, NULL);
        for (int k = 0; k < n; k++)
            json_array_append_new(out, row_json(&s, o, &rows[k]));
    }
    free(meetings);
    scan_free(&s);
    return out;
}

/* ---- The to-do list ---------------------------------------------------------------------- */

enum { TODO_ORGS_MAX = 100, TODO_UNRECORDED_MAX = 50, TODO_ABSENT_MAX = 50 };

/* Meetings owed in the current month or quarter and not held yet; the 组织生活会 still owed in
 * the fourth quarter. One item per organisation. */
static void todo_missing(api_ctx *c, json_t *items, dj_date today)
{
    compliance_plan plan;
    scan s = {0};
    compliance_meeting *meetings = NULL;
    int year = date_year(today), month = date_month(today);
    if (!plan_load(c->d, &plan, NULL) || !scan_read(c->d, c->actor.scope_path, year, &s, &meetings, NULL)) {
        free(meetings);
        scan_free(&s);
        return;
    }
    compliance_period q = {PERIOD_YEAR, year, 0};
    compliance_row rows[COMPLIANCE_ROWS_MAX];
    int listed = 0;
    buf what = {0}, link = {0};
    for (size_t i = 0; i < s.norgs && listed < TODO_ORGS_MAX; i++) {
        scan_org *o = &s.orgs[i];
        if (!o->valid)
            continue;
        int n = compliance_compute(&plan, &o->org, q, meetings + o->first, o->n, today, rows, COMPLIANCE_ROWS_MAX, NULL);
        what.len = 0;
        buf_puts(&what, "");
        bool life = false;
        for (int k = 0; k < n; k++) {
            compliance_row *r = &rows[k];
            if (r->state != COMPLIANCE_TODO)
                continue;
            bool current = (r->period.kind == PERIOD_MONTH && r->period.index == month) ||
                           (r->period.kind == PERIOD_QUARTER && r->period.index == (month - 1) / 3 + 1);
            if (r->period.kind == PERIOD_YEAR && r->type == MEETING_LIFE_MEETING && month >= 10)
                life = true;
            else if (current)
                buf_printf(&what, "%s%s%s（还差%d次）", what.len ? "、" : "",
                           r->period.kind == PERIOD_MONTH ? "本月" : "本季度", meeting_type_label(r->type), r->missing);
        }
        link.len = 0;
        buf_printf(&link, "/meetings?org=%lld", (long long)o->id);
        const char *name = s.names.data + o->name;
        if (what.len) {
            api_todo_add(items, "meetings_missing", "warning", "组织生活尚未完成", what.data, o->id, name, link.data);
            listed++;
        }
        if (life) {
            api_todo_add(items, "life_meeting_due", "warning", "今年的组织生活会尚未召开",
                         "组织生活会每年至少召开一次，一般在第四季度召开（支部工作条例第十七条）", o->id, name, link.data);
            listed++;
        }
    }
    buf_free(&what);
    buf_free(&link);
    free(meetings);
    scan_free(&s);
}

/* Planned meetings that are over and were never recorded as held or cancelled. */
static void todo_unrecorded(api_ctx *c, json_t *items)
{
    char now[MEETING_TIME_LEN + 1];
    meeting_time_format(meetings_now(), now);
    json_t *list = meetings_unrecorded_e(c->d, c->actor.scope_path, now, TODO_UNRECORDED_MAX, NULL);
    size_t i;
    json_t *m;
    json_array_foreach(list, i, m) {
        char link[64], detail[400];
        meeting_type t = MEETING_THEME_DAY;
        meeting_type_parse(json_str(m, "type"), &t);
        snprintf(link, sizeof link, "/meetings/%lld", (long long)json_integer_value(json_object_get(m, "id")));
        snprintf(detail, sizeof detail, "%s「%s」（%.10s）已过会议时间，请登记召开情况或取消", meeting_type_label(t),
                 json_str(m, "topic"), json_str(m, "starts_at"));
        api_todo_add(items, "meeting_unrecorded", "warning", "会议未登记", detail,
                     json_integer_value(json_object_get(m, "org_id")), json_str(m, "org_name"), link);
    }
    json_decref(list);
}

/* Members whose last ATTENDANCE_ABSENT_RUN_DEFAULT held meetings (or more) were all absences. */
typedef struct absence_scan {
    json_t *items;
    int64_t member;
    char name[64];
    int64_t org;
    attendance_status *s;
    size_t n, cap;
    int listed;
} absence_scan;

static void absence_flush(absence_scan *a)
{
    int run = attendance_absent_trailing(a->s, a->n);
    if (a->member && run >= ATTENDANCE_ABSENT_RUN_DEFAULT && a->listed < TODO_ABSENT_MAX) {
        char title[160], link[64];
        snprintf(title, sizeof title, "%s连续%d次缺席组织生活", a->name, run);
        snprintf(link, sizeof link, "/members/%lld", (long long)a->member);
        api_todo_add(a->items, "member_absent", "warning", title, "请了解情况并做好教育提醒", a->org, NULL, link);
        a->listed++;
    }
    a->n = 0;
}

static void on_attendance(void *arg, int64_t member_id, const char *name, int64_t org_id, const char *status)
{
    absence_scan *a = arg;
    if (member_id != a->member) {
        absence_flush(a);
        a->member = member_id;
        snprintf(a->name, sizeof a->name, "%s", name);
    }
    a->org = org_id;
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 64;
        a->s = xrealloc(a->s, a->cap * sizeof *a->s);
    }
    attendance_status s = ATTEND_UNMARKED;
    attendance_status_parse(status, &s);
    a->s[a->n++] = s;
}

static void todo_absent(api_ctx *c, json_t *items, dj_date today)
{
    char from[11];
    date_format(date_add_years(today, -1), from);
    absence_scan a = {.items = items};
    if (meetings_each_attendance(c->d, c->actor.scope_path, from, on_attendance, &a, NULL))
        absence_flush(&a);
    free(a.s);
}

static void meetings_todo(api_ctx *c, json_t *items)
{
    if (!c->actor.scope_path || !api_can(c, CAP_MEETINGS_READ) || api_can(c, CAP_SCOPE_SELF))
        return;
    dj_date today = meeting_time_date(meetings_now());
    todo_missing(c, items, today);
    todo_unrecorded(c, items);
    todo_absent(c, items, today);
}

const api_module compliance_module = {
    "compliance",
    (const api_route[]){
        {"GET", "/api/v1/compliance", get_compliance, CAP_MEETINGS_READ, 0, 0},
        {"GET", "/api/v1/settings/compliance", get_settings, API_SIGNED_IN, 0, 0},
        {"PUT", "/api/v1/settings/compliance", put_settings, CAP_SETTINGS_MANAGE, 0, 0},
        {NULL},
    },
    meetings_todo,
};
