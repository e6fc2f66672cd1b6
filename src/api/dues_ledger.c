/* dues_ledger.c: the monthly ledger of a subtree (党费收缴台账), computed from the bases and the
 * payments (never stored ahead): one scan of the subtree's members in tree order, the base in
 * force and the month's payments found by index; the page's members then get their payment's
 * date and method and their unpaid months. As JSON, .xlsx or .csv. And the arrears: members
 * with unpaid months before this one, those with six in a row flagged for the branch to decide
 * (DOMAIN.md §3: never removed or changed automatically), also on the to-do list. */
#include "api/dues.h"

#include "api/sheet.h"
#include "core/json.h"
#include "store/dues.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- The ledger ------------------------------------------------------------------------------ */

typedef struct ledger_scan {
    const dues_settings *s;
    int64_t offset, limit; /* limit < 0: every member */
    int64_t n, due, paid, collected, with_base, paid_members;
    json_t *items;
} ledger_scan;

static void on_ledger_row(const dues_ledger_row *r, void *arg)
{
    ledger_scan *l = arg;
    int64_t due = r->kind[0] ? dues_due_of(r->kind, r->base_fen, l->s) : -1;
    if (due >= 0) {
        l->with_base++;
        l->due += due;
        l->collected += r->paid_fen < due ? (r->paid_fen > 0 ? r->paid_fen : 0) : due;
        l->paid_members += r->paid_fen > 0 || due == 0;
    }
    l->paid += r->paid_fen;
    if (l->n >= l->offset && (l->limit < 0 || l->n < l->offset + l->limit))
        json_array_append_new(l->items, json_pack("{s:I,s:s?,s:o,s:o,s:I}", "member_id", (json_int_t)r->member_id, "kind",
                                                  r->kind[0] ? r->kind : NULL, "base_fen",
                                                  r->kind[0] ? json_integer(r->base_fen) : json_null(), "due_fen",
                                                  due >= 0 ? json_integer(due) : json_null(), "paid_fen",
                                                  (json_int_t)r->paid_fen));
    l->n++;
}

/* The unpaid months of member before month (since its first base, or joining if later). */
static bool unpaid_before(db *d, int64_t member_id, const char *joined_on, dues_month month, int *unpaid, dj_err *err)
{
    char first[8] = "";
    *unpaid = 0;
    if (!dues_first_base_month(d, member_id, first, err))
        return false;
    dues_month start, joined = 0;
    if (!first[0] || !dues_month_parse(first, &start))
        return true;
    if (joined_on && dues_month_of_date(joined_on, &joined) && joined > start)
        start = joined;
    if (start >= month)
        return true;
    char from[8], to[8];
    dues_month_format(start, from);
    dues_month_format(month, to);
    json_t *paid = dues_paid_months_e(d, member_id, from, to, err);
    if (!paid)
        return false;
    *unpaid = (int)(month - start) - (int)json_array_size(paid);
    json_decref(paid);
    return true;
}

/* The page's members: the standing payment's id, date and method; the unpaid months before. */
static bool ledger_details(db *d, json_t *items, const char *month, dj_err *err)
{
    dues_month m;
    dues_month_parse(month, &m);
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        int64_t id = json_integer_value(json_object_get(it, "member_id")), pid = 0, org_id = 0;
        char method[16], paid_on[11], name[128], joined_on[11];
        int unpaid = 0;
        if (!dues_member_brief(d, id, name, &org_id, joined_on, err) ||
            !dues_payment_standing(d, id, month, &pid, method, paid_on, err) ||
            !unpaid_before(d, id, joined_on, m, &unpaid, err))
            return false;
        json_object_set_new(it, "name", json_string(name));
        json_object_set_new(it, "org_id", json_integer(org_id));
        json_object_set_new(it, "payment_id", pid ? json_integer(pid) : json_null());
        json_object_set_new(it, "paid_on", pid ? json_string(paid_on) : json_null());
        json_object_set_new(it, "method", pid ? json_string(method) : json_null());
        json_object_set_new(it, "unpaid_months", json_integer(unpaid));
    }
    return true;
}

static const char *yuan_text(const json_t *item, const char *field, char *scratch, size_t n)
{
    json_t *v = json_object_get(item, field);
    if (!json_is_integer(v))
        return "";
    long long f = json_integer_value(v);
    snprintf(scratch, n, "%s%lld.%02lld", f < 0 ? "-" : "", llabs(f) / 100, llabs(f) % 100);
    return scratch;
}

static const char *enum_text(const json_t *item, const char *field, char *scratch, size_t n)
{
    const char *v = json_str(item, field);
    const char *label = !v ? "" : strcmp(field, "kind") == 0 ? dj_enum_label(dj_dues_kinds, v) : dj_enum_label(dj_dues_methods, v);
    snprintf(scratch, n, "%s", label ? label : (v ? v : ""));
    return scratch;
}

static const api_sheet_column ledger_columns[] = {
    {"党员编号", "member_id", 10, NULL},
    {"姓名", "name", 12, NULL},
    {"党费类别", "kind", 14, enum_text},
    {"缴费基数（元）", "base_fen", 14, yuan_text},
    {"应缴（元）", "due_fen", 12, yuan_text},
    {"实缴（元）", "paid_fen", 12, yuan_text},
    {"缴纳日期", "paid_on", 12, NULL},
    {"缴纳方式", "method", 10, enum_text},
    {"此前欠缴月数", "unpaid_months", 12, NULL},
    {NULL, NULL, 0, NULL},
};

void dues_ledger(http_request *req, api_ctx *c)
{
    const char *path;
    int64_t org_id, limit, offset;
    char month[8];
    if (!dues_query_subtree(req, c, &path, &org_id) || !dues_query_month(req, month) || !api_paging(req, &limit, &offset))
        return;
    const char *format = http_query(req, "format");
    bool file = format && *format && strcmp(format, "json") != 0;
    dues_settings s;
    dj_err err;
    ledger_scan l = {.s = &s, .offset = file ? 0 : offset, .limit = file ? -1 : limit, .items = json_array()};
    if (!dues_settings_load(c->d, &s, &err) || !dues_ledger_scan(c->d, path, month, on_ledger_row, &l, &err) ||
        !ledger_details(c->d, l.items, month, &err)) {
        json_decref(l.items);
        api_fail(req, &err);
        return;
    }
    if (file) {
        json_array_append_new(l.items, json_pack("{s:s,s:I,s:I}", "name", "合计", "due_fen", (json_int_t)l.due, "paid_fen",
                                                 (json_int_t)l.paid));
        char name[64];
        snprintf(name, sizeof name, "dues-ledger-%s", month);
        /* 党费收缴台账 */
        api_reply_sheet(req, name, "%E5%85%9A%E8%B4%B9%E6%94%B6%E7%BC%B4%E5%8F%B0%E8%B4%A6", "党费收缴台账", ledger_columns,
                        l.items);
        json_decref(l.items);
        return;
    }
    json_t *totals = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:o}", "members", (json_int_t)l.n, "with_base",
                               (json_int_t)l.with_base, "paid_members", (json_int_t)l.paid_members, "due_fen",
                               (json_int_t)l.due, "paid_fen", (json_int_t)l.paid, "collected_fen", (json_int_t)l.collected,
                               "collection_rate",
                               l.due > 0 ? json_real((double)(l.collected * 10000 / l.due) / 10000.0) : json_null());
    json_t *out = api_list(l.items, l.n, limit, offset);
    json_object_set_new(out, "org_id", org_id ? json_integer(org_id) : json_null());
    json_object_set_new(out, "month", json_string(month));
    json_object_set_new(out, "totals", totals);
    http_reply_json(req, 200, out);
}

/* ---- Arrears --------------------------------------------------------------------------------- */

typedef struct arrears_member {
    int64_t id, org_id;
    char *name, *org_name;
    dues_month start; /* first month owed; 0: no base */
    int paid;         /* paid months in [start, current) */
    dues_month last_paid;
} arrears_member;

typedef struct arrears_scan {
    dues_month current;
    arrears_member *m;
    size_t n, cap;
} arrears_scan;

static void on_arrears_member(const dues_arrears_row *r, void *arg)
{
    arrears_scan *a = arg;
    dues_month start = 0, joined = 0;
    if (!r->first_month[0] || !dues_month_parse(r->first_month, &start))
        return;
    if (dues_month_of_date(r->joined_on, &joined) && joined > start)
        start = joined;
    if (start >= a->current)
        return;
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 256;
        a->m = realloc(a->m, a->cap * sizeof *a->m);
    }
    a->m[a->n++] = (arrears_member){r->member_id, r->org_id, strdup(r->name), strdup(r->org_name), start, 0, 0};
}

static void on_arrears_paid(int64_t member_id, const char *month, void *arg)
{
    arrears_scan *a = arg;
    size_t lo = 0, hi = a->n; /* members are in id order */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (a->m[mid].id < member_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    dues_month pm;
    if (lo == a->n || a->m[lo].id != member_id || !dues_month_parse(month, &pm) || pm < a->m[lo].start)
        return;
    a->m[lo].paid++;
    if (pm > a->m[lo].last_paid)
        a->m[lo].last_paid = pm;
}

static const char *flag_text(const json_t *item, const char *field, char *scratch, size_t n)
{
    (void)scratch;
    (void)n;
    return json_is_true(json_object_get(item, field)) ? "是" : "";
}

static const api_sheet_column arrears_columns[] = {
    {"党员编号", "member_id", 10, NULL},
    {"姓名", "name", 12, NULL},
    {"所在组织", "org_name", 32, NULL},
    {"欠缴月数", "unpaid_months", 10, NULL},
    {"连续未缴月数", "consecutive_unpaid", 12, NULL},
    {"最近缴纳月份", "last_paid_month", 12, NULL},
    {"连续6个月未缴（待支部研究）", "flagged", 16, flag_text},
    {NULL, NULL, 0, NULL},
};

/* Every member of path with unpaid months before this month, in member order: fn(member, unpaid
 * months, consecutive unpaid months up to now). false + err on a failed read. */
static bool arrears_each(db *d, const char *path, void (*fn)(const arrears_member *m, int unpaid, int streak, void *arg),
                         void *arg, dj_err *err)
{
    arrears_scan a = {.current = dues_current_month()};
    char cur[8];
    dues_month_format(a.current, cur);
    bool ok = dues_arrears_members(d, path, cur, on_arrears_member, &a, err) &&
              dues_arrears_paid(d, path, cur, on_arrears_paid, &a, err);
    for (size_t i = 0; ok && i < a.n; i++) {
        arrears_member *m = &a.m[i];
        int owed = (int)(a.current - m->start), unpaid = owed - m->paid;
        int streak = m->paid ? (int)(a.current - m->last_paid - 1) : owed;
        if (unpaid > 0)
            fn(m, unpaid, streak, arg);
    }
    for (size_t i = 0; i < a.n; i++) {
        free(a.m[i].name);
        free(a.m[i].org_name);
    }
    free(a.m);
    return ok;
}

typedef struct arrears_page {
    int64_t offset, limit, total, flagged;
    json_t *items;
} arrears_page;

static void on_arrears_row(const arrears_member *m, int unpaid, int streak, void *arg)
{
    arrears_page *p = arg;
    p->flagged += dues_lapsed(streak);
    if (p->total >= p->offset && p->total - p->offset < p->limit) {
        char lp[8];
        dues_month_format(m->last_paid, lp);
        json_array_append_new(p->items, json_pack("{s:I,s:s,s:I,s:s,s:i,s:i,s:s?,s:b}", "member_id", (json_int_t)m->id,
                                                  "name", m->name, "org_id", (json_int_t)m->org_id, "org_name",
                                                  m->org_name, "unpaid_months", unpaid, "consecutive_unpaid", streak,
                                                  "last_paid_month", m->paid ? lp : NULL, "flagged", dues_lapsed(streak)));
    }
    p->total++;
}

void dues_arrears(http_request *req, api_ctx *c)
{
    const char *path;
    int64_t org_id;
    arrears_page p = {0};
    if (!dues_query_subtree(req, c, &path, &org_id) || !api_paging(req, &p.limit, &p.offset))
        return;
    const char *format = http_query(req, "format");
    bool file = format && *format && strcmp(format, "json") != 0;
    if (file) {
        p.offset = 0;
        p.limit = INT64_MAX;
    }
    p.items = json_array();
    dj_err err;
    if (!arrears_each(c->d, path, on_arrears_row, &p, &err)) {
        json_decref(p.items);
        api_fail(req, &err);
        return;
    }
    if (file) {
        /* 党费欠缴名单 */
        api_reply_sheet(req, "dues-arrears", "党费欠缴名单", "党费欠缴名单", arrears_columns, p.items);
        json_decref(p.items);
        return;
    }
    json_t *out = api_list(p.items, p.total, p.limit, p.offset);
    json_object_set_new(out, "org_id", org_id ? json_integer(org_id) : json_null());
    json_object_set_new(out, "flagged", json_integer(p.flagged));
    json_object_set_new(out, "lapse_months", json_integer(DUES_LAPSE_MONTHS));
    http_reply_json(req, 200, out);
}

/* ---- A period's summary (inspection reports) -------------------------------------------------- */

static void on_arrears_count(const arrears_member *m, int unpaid, int streak, void *arg)
{
    (void)m;
    (void)unpaid;
    int64_t *n = arg;
    n[0]++;
    n[1] += dues_lapsed(streak);
}

json_t *dues_period_summary(db *d, const char *path, const char *from, const char *to, dj_err *err)
{
    dues_month m0, m1, cur = dues_current_month();
    if (!dues_month_of_date(from, &m0) || !dues_month_of_date(to, &m1)) {
        dj_err_set(err, "bad_request", "from", "日期须为 YYYY-MM-DD 格式");
        return NULL;
    }
    if (m1 >= cur) /* this month is still being collected: up to last month */
        m1 = cur - 1;
    dues_settings s;
    if (!dues_settings_load(d, &s, err))
        return NULL;
    json_t *months = json_array();
    int64_t due = 0, paid = 0, collected = 0, short_months = 0, no_base = 0;
    for (dues_month m = m0; m <= m1; m++) {
        char ms[8];
        dues_month_format(m, ms);
        ledger_scan l = {.s = &s, .limit = 0};
        if (!dues_ledger_scan(d, path, ms, on_ledger_row, &l, err)) {
            json_decref(months);
            return NULL;
        }
        due += l.due;
        paid += l.paid;
        collected += l.collected;
        short_months += l.collected < l.due;
        if (m == m1)
            no_base = l.n - l.with_base;
        json_array_append_new(months, json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:o}", "month", ms, "members", (json_int_t)l.n,
                                                "with_base", (json_int_t)l.with_base, "due_fen", (json_int_t)l.due,
                                                "paid_fen", (json_int_t)l.paid, "collected_fen",
                                                (json_int_t)l.collected, "collection_rate",
                                                l.due > 0 ? json_real((double)(l.collected * 10000 / l.due) / 10000.0)
                                                          : json_null()));
    }
    int64_t counts[2] = {0, 0};
    if (!arrears_each(d, path, on_arrears_count, counts, err)) {
        json_decref(months);
        return NULL;
    }
    return json_pack("{s:b,s:o,s:I,s:I,s:I,s:o,s:I,s:I,s:I,s:I}", "available", 1, "months", months, "due_fen",
                     (json_int_t)due, "paid_fen", (json_int_t)paid, "collected_fen", (json_int_t)collected,
                     "collection_rate", due > 0 ? json_real((double)(collected * 10000 / due) / 10000.0) : json_null(),
                     "months_short", (json_int_t)short_months, "members_without_base", (json_int_t)no_base,
                     "members_owing", (json_int_t)counts[0], "members_lapsed", (json_int_t)counts[1]);
}

/* ---- To-do ----------------------------------------------------------------------------------- */

static void on_lapsed(int64_t org_id, const char *org_name, int64_t n, void *arg)
{
    char title[128], link[64];
    snprintf(title, sizeof title, "%lld 名党员连续 %d 个月未缴党费", (long long)n, DUES_LAPSE_MONTHS);
    snprintf(link, sizeof link, "/dues/arrears?org=%lld", (long long)org_id);
    api_todo_add(arg, "dues_lapsed", "warning", title, "请支部了解情况、研究处理（系统不会自动作出任何处理）", org_id,
                 org_name, link);
}

void dues_arrears_todo(api_ctx *c, json_t *items)
{
    if (!api_can(c, CAP_DUES_READ) || !c->actor.scope_path)
        return;
    dues_month cur = dues_current_month();
    char from[8], to[8];
    dues_month_format(cur - DUES_LAPSE_MONTHS, from);
    dues_month_format(cur, to);
    dj_err err;
    int64_t n = 0;
    /* A province's whole tree is the arrears page's, not a to-do list's (and its count alone
     * would cost seconds on every home page). */
    if (dues_members_in(c->d, c->actor.scope_path, &n, &err) && n <= DUES_BULK_MEMBERS)
        dues_lapsed_by_org(c->d, c->actor.scope_path, from, to, on_lapsed, items, &err);
}
