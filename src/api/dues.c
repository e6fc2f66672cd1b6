/* dues.c: party dues (党费, DOMAIN.md §3; issue 14): the settings, the rule as a calculator, a
 * member's bases (never rewritten: a new one starts from a month) and a member's own dues. The
 * ledger and arrears are in dues_ledger.c, payments in dues_payments.c. Rules: domain/dues.h. */
#include "api/dues.h"

#include "api/meetings.h"
#include "api/write.h"
#include "core/date.h"
#include "core/json.h"
#include "domain/meetings.h"
#include "store/dues.h"
#include "store/members.h"
#include "store/rows.h"
#include "store/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char SETTINGS_KEY[] = "dues";

/* ---- Shared ---------------------------------------------------------------------------------- */

dues_month dues_current_month(void)
{
    char today[11];
    dues_today(today);
    dues_month m = 0;
    dues_month_of_date(today, &m);
    return m;
}

void dues_today(char out[11]) { date_format(meeting_time_date(meeting_time_from_unix((int64_t)time(NULL))), out); }

int64_t dues_due_of(const char *kind, int64_t base_fen, const dues_settings *s)
{
    dues_kind k;
    if (!kind || !dues_kind_parse(kind, &k))
        return -1;
    return dues_monthly_fen(base_fen, k, s->rounding);
}

bool dues_query_month(http_request *req, char out[8])
{
    const char *v = http_query(req, "month");
    dues_month m;
    if (!v || !*v) {
        dues_month_format(dues_current_month(), out);
        return true;
    }
    if (!dues_month_parse(v, &m)) {
        http_reply_error(req, 400, "bad_request", "month", "月份须为 YYYY-MM 格式");
        return false;
    }
    dues_month_format(m, out);
    return true;
}

bool dues_query_subtree(http_request *req, api_ctx *c, const char **path, int64_t *org_id)
{
    *org_id = 0;
    if (!api_query_id(req, "org", org_id))
        return false;
    if (*org_id) {
        *path = scope_org_path(req, c, *org_id, NULL);
        return *path != NULL;
    }
    *org_id = c->actor.org_id;
    *path = c->actor.scope_path;
    if (!*path) {
        http_reply_error(req, 404, "not_found", NULL, "组织不存在");
        return false;
    }
    return true;
}

json_t *dues_member_get(http_request *req, api_ctx *c, int64_t id, bool self)
{
    dj_err err = {0};
    json_t *m = member_read_e(c->d, id, &err);
    bool live = m && !db_json_truthy(json_object_get(m, "deleted"));
    bool visible = live && ((self && c->actor.member_id && c->actor.member_id == id) ||
                            scope_has_path(c, json_str(m, "org_path")));
    if (visible)
        return m;
    json_decref(m);
    if (err.code[0] && strcmp(err.code, "not_found") != 0)
        api_fail(req, &err);
    else
        http_reply_error(req, 404, "not_found", NULL, "党员不存在");
    return NULL;
}

/* ---- Settings -------------------------------------------------------------------------------- */

static bool settings_from_json(const json_t *j, dues_settings *s, dj_err *err)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)j, k, v) {
        if (strcmp(k, "rounding") == 0) {
            int i = json_is_string(v) ? dj_enum_index(dj_dues_roundings, json_string_value(v)) : -1;
            if (i < 0)
                return dj_err_set(err, "validation", "rounding", "取整方式无效，应为四舍五入到分（fen_half_up）或向上取整到角（jiao_up）");
            s->rounding = i == 0 ? DUES_ROUND_FEN_HALF_UP : DUES_ROUND_UP_JIAO;
        } else if (strcmp(k, "back_limit_months") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 24)
                return dj_err_set(err, "validation", "back_limit_months", "补缴期限须为 1 至 24 个月");
            s->back_limit_months = (int)json_integer_value(v);
        } else {
            return dj_err_set(err, "validation", NULL, "未知的设置项");
        }
    }
    return dues_settings_validate(s, err);
}

static json_t *settings_json(const dues_settings *s)
{
    return json_pack("{s:s,s:i}", "rounding", dj_dues_roundings[s->rounding == DUES_ROUND_UP_JIAO].name,
                     "back_limit_months", s->back_limit_months);
}

bool dues_settings_load(db *d, dues_settings *out, dj_err *err)
{
    *out = dues_defaults();
    char *value = NULL;
    if (!setting_get(d, SETTINGS_KEY, &value, err))
        return false;
    if (!value)
        return true;
    json_t *j = json_loads(value, 0, NULL);
    free(value);
    dues_settings s = *out;
    if (json_is_object(j) && settings_from_json(j, &s, NULL))
        *out = s;
    json_decref(j);
    return true;
}

static void reply_settings(http_request *req, const dues_settings *s)
{
    dues_settings def = dues_defaults();
    json_t *out = settings_json(s);
    json_object_set_new(out, "defaults", settings_json(&def));
    json_object_set_new(out, "lapse_months", json_integer(DUES_LAPSE_MONTHS)); /* a rule, not a setting */
    http_reply_json(req, 200, out);
}

static void get_settings(http_request *req, api_ctx *c)
{
    dues_settings s;
    dj_err err;
    if (!dues_settings_load(c->d, &s, &err)) {
        api_fail(req, &err);
        return;
    }
    reply_settings(req, &s);
}

static void put_settings(http_request *req, api_ctx *c)
{
    json_t *body = api_body(req);
    if (!body)
        return;
    dues_settings s;
    dj_err err;
    bool ok = dues_settings_load(c->d, &s, &err);
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
    json_decref(after);
    if (!ok) {
        db_rollback(c->d);
        api_fail(req, &err);
        return;
    }
    reply_settings(req, &s);
}

/* ---- The rule ------------------------------------------------------------------------------- */

static void calc(http_request *req, api_ctx *c)
{
    dues_settings s;
    dj_err err;
    if (!dues_settings_load(c->d, &s, &err)) {
        api_fail(req, &err);
        return;
    }
    const char *kind = http_query(req, "kind"), *base = http_query(req, "base_fen");
    dues_kind k;
    if (!kind || !dues_kind_parse(kind, &k)) {
        http_reply_error(req, 400, "bad_request", "kind", "党费类别须为 employed、retired、low_income 或 rural");
        return;
    }
    char *end = NULL;
    long long b = base && *base && strspn(base, "-0123456789") == strlen(base) && strlen(base) <= 18 ? strtoll(base, &end, 10) : -1;
    if (!base || !end || *end || !dues_base_check(k, b, &err)) {
        http_reply_error(req, 400, "bad_request", "base_fen",
                         err.message[0] && end && !*end ? err.message : "缴费基数须为以分为单位的非负整数");
        return;
    }
    http_reply_json(req, 200, json_pack("{s:s,s:I,s:I,s:i,s:s}", "kind", dues_kind_name(k), "base_fen", (json_int_t)b,
                                        "due_fen", (json_int_t)dues_monthly_fen(b, k, s.rounding), "rate_permille",
                                        dues_rate_permille(b, k), "rounding",
                                        dj_dues_roundings[s.rounding == DUES_ROUND_UP_JIAO].name));
}

/* ---- Bases ---------------------------------------------------------------------------------- */

static void list_bases(http_request *req, api_ctx *c)
{
    int64_t id;
    if (!api_param_id(req, 0, &id))
        return;
    json_t *m = dues_member_get(req, c, id, true);
    if (!m)
        return;
    json_decref(m);
    dj_err err;
    json_t *items = dues_bases_e(c->d, id, &err);
    if (!items) {
        api_fail(req, &err);
        return;
    }
    dues_settings s;
    if (!dues_settings_load(c->d, &s, &err)) {
        json_decref(items);
        api_fail(req, &err);
        return;
    }
    size_t i;
    json_t *b;
    json_array_foreach(items, i, b) {
        int64_t base = json_integer_value(json_object_get(b, "base_fen"));
        json_object_set_new(b, "due_fen", json_integer(dues_due_of(json_str(b, "kind"), base, &s)));
    }
    http_reply_json(req, 200, json_pack("{s:o,s:I,s:n}", "items", items, "total", (json_int_t)json_array_size(items), "next"));
}

static const api_field base_fields[] = {
    {"kind", F_STR, true, 20, "党费类别"},
    {"base_fen", F_INT, true, 0, "缴费基数"},
    {"from_month", F_STR, true, 7, "起始月份"},
    {"note", F_STR, false, 200, "备注"},
    {NULL, 0, false, 0, NULL},
};

static void create_base(http_request *req, api_ctx *c)
{
    int64_t id;
    if (!api_param_id(req, 0, &id))
        return;
    json_t *m = dues_member_get(req, c, id, false);
    if (!m)
        return;
    json_t *body = api_body(req);
    if (!body) {
        json_decref(m);
        return;
    }
    dj_err err = {0};
    dues_kind k = DUES_EMPLOYED;
    dues_month from = 0, cur = dues_current_month();
    json_t *bv = json_object_get(body, "base_fen");
    bool ok = fields_check(req, body, base_fields, true);
    if (ok && !dues_kind_parse(json_str(body, "kind"), &k)) {
        http_reply_error(req, 422, "validation", "kind", "党费类别无效，应为在职、离退休、学生失业低保或农民");
        ok = false;
    }
    if (ok && !dues_base_check(k, json_integer_value(bv), &err)) {
        api_fail(req, &err);
        ok = false;
    }
    if (ok && !dues_month_parse(json_str(body, "from_month"), &from)) {
        http_reply_error(req, 422, "validation", "from_month", "起始月份须为 YYYY-MM 格式");
        ok = false;
    }
    if (ok && from > cur + 12) {
        http_reply_error(req, 422, "validation", "from_month", "起始月份不能晚于一年之后");
        ok = false;
    }
    if (!ok) {
        json_decref(m);
        json_decref(body);
        return;
    }
    char fm[8];
    dues_month_format(from, fm);
    json_t *row = json_pack("{s:I,s:s,s:s,s:I,s:s,s:s?,s:s}", "member_id", (json_int_t)id, "org_path", json_str(m, "org_path"),
                            "kind", dues_kind_name(k), "base_fen", json_integer_value(bv), "from_month", fm, "note",
                            json_str(body, "note"), "recorded_by", c->actor.username ? c->actor.username : "");
    json_decref(m);
    json_decref(body);
    int64_t bid = 0;
    char latest[8] = "";
    ok = db_begin(c->d, &err);
    if (ok) {
        json_t *bases = dues_bases_e(c->d, id, &err);
        ok = bases != NULL;
        if (ok && json_array_size(bases))
            snprintf(latest, sizeof latest, "%s", json_str(json_array_get(bases, json_array_size(bases) - 1), "from_month"));
        json_decref(bases);
    }
    if (ok && latest[0] && strcmp(fm, latest) <= 0) {
        db_rollback(c->d);
        json_decref(row);
        char msg[160];
        snprintf(msg, sizeof msg, "基数不能改写：新基数须从 %s 之后的月份起算", latest);
        http_reply_error(req, 422, "validation", "from_month", msg);
        return;
    }
    ok = ok && row_insert(c->d, "member_dues_bases", dues_base_columns, row, &c->actor, &bid, &err) && db_commit(c->d, &err);
    json_decref(row);
    if (!ok) {
        db_rollback(c->d);
        api_fail(req, &err);
        return;
    }
    json_t *out = row_get_e(c->d, "member_dues_bases", bid, &err);
    if (!out) {
        api_fail(req, &err);
        return;
    }
    dues_settings s;
    if (dues_settings_load(c->d, &s, &err))
        json_object_set_new(out, "due_fen", json_integer(dues_due_of(json_str(out, "kind"),
                                                                     json_integer_value(json_object_get(out, "base_fen")), &s)));
    json_object_del(out, "org_path");
    http_reply_json(req, 201, out);
}

/* ---- A member's own dues ------------------------------------------------------------------- */

/* GET /members/{id}/dues?year=: each month of the year up to this month (due, paid, how), the
 * bases, every payment and reversal, and the unpaid months before this one. */
static void member_dues(http_request *req, api_ctx *c)
{
    int64_t id;
    int year;
    if (!api_param_id(req, 0, &id) || !query_year(req, &year))
        return;
    json_t *m = dues_member_get(req, c, id, true);
    if (!m)
        return;
    dj_err err;
    dues_settings s;
    dues_month cur = dues_current_month(), joined = 0;
    dues_month_of_date(json_str(m, "joined_on"), &joined);
    json_t *bases = NULL, *payments = NULL, *months = json_array();
    bool ok = dues_settings_load(c->d, &s, &err) && (bases = dues_bases_e(c->d, id, &err)) &&
              (payments = dues_payments_of_e(c->d, id, &err));
    int64_t due_total = 0, paid_total = 0;
    for (dues_month mo = year * 12; ok && mo < year * 12 + 12 && mo <= cur; mo++) {
        if (joined && mo < joined)
            continue;
        char ms[8], kind[16], method[16], paid_on[11];
        dues_month_format(mo, ms);
        bool found;
        int64_t base = 0, paid = 0, pid = 0;
        ok = dues_base_at(c->d, id, ms, &found, kind, &base, &err) && dues_paid_net(c->d, id, ms, &paid, &err) &&
             dues_payment_standing(c->d, id, ms, &pid, method, paid_on, &err);
        if (!ok)
            break;
        int64_t due = found ? dues_due_of(kind, base, &s) : -1;
        due_total += due > 0 ? due : 0;
        paid_total += paid;
        json_array_append_new(months, json_pack("{s:s,s:s?,s:o,s:o,s:I,s:o,s:s?,s:s?,s:b}", "month", ms, "kind",
                                                found ? kind : NULL, "base_fen", found ? json_integer(base) : json_null(),
                                                "due_fen", due >= 0 ? json_integer(due) : json_null(), "paid_fen",
                                                (json_int_t)paid, "payment_id", pid ? json_integer(pid) : json_null(),
                                                "method", pid ? method : NULL, "paid_on", pid ? paid_on : NULL, "paid",
                                                paid > 0 || due == 0));
    }
    /* Unpaid months before this one, since the first base (or joining, if later). */
    int unpaid = 0, streak = 0;
    char first[8] = "";
    ok = ok && dues_first_base_month(c->d, id, first, &err);
    dues_month start;
    if (ok && first[0] && dues_month_parse(first, &start)) {
        if (joined > start)
            start = joined;
        if (start < cur) {
            char from[8], to[8];
            dues_month_format(start, from);
            dues_month_format(cur, to);
            json_t *paid = dues_paid_months_e(c->d, id, from, to, &err);
            ok = paid != NULL;
            int n = cur - start;
            bool *p = calloc((size_t)n, sizeof *p);
            size_t i;
            json_t *r;
            json_array_foreach(paid, i, r) {
                dues_month pm;
                if (dues_month_parse(json_str(r, "month"), &pm) && pm >= start && pm < cur)
                    p[pm - start] = true;
            }
            for (int k = 0; k < n; k++)
                unpaid += !p[k];
            streak = dues_trailing_unpaid(p, n);
            free(p);
            json_decref(paid);
        }
    }
    if (!ok) {
        json_decref(m);
        json_decref(bases);
        json_decref(payments);
        json_decref(months);
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 200, json_pack("{s:I,s:s,s:i,s:o,s:o,s:o,s:I,s:I,s:i,s:i,s:b}", "member_id", (json_int_t)id,
                                        "name", json_str(m, "name"), "year", year, "months", months, "bases", bases,
                                        "payments", payments, "due_fen", (json_int_t)due_total, "paid_fen",
                                        (json_int_t)paid_total, "unpaid_months", unpaid, "consecutive_unpaid", streak,
                                        "flagged", dues_lapsed(streak)));
    json_decref(m);
}

const api_module dues_module = {
    "dues",
    (const api_route[]){
        {"GET", "/api/v1/dues/calc", calc, API_SIGNED_IN, 0, 0},
        {"GET", "/api/v1/dues/ledger", dues_ledger, CAP_DUES_READ, 0, API_NO_STORE},
        {"GET", "/api/v1/dues/arrears", dues_arrears, CAP_DUES_READ, 0, API_NO_STORE},
        {"POST", "/api/v1/dues/payments", dues_payments_post, CAP_DUES_WRITE, 0, API_NO_STORE},
        {"POST", "/api/v1/dues/payments/import", dues_payments_import, CAP_DUES_WRITE, 0, API_NO_STORE},
        {"POST", "/api/v1/dues/payments/{id}/reversal", dues_payment_reverse, CAP_DUES_WRITE, 0, API_NO_STORE},
        {"GET", "/api/v1/members/{id}/dues-bases", list_bases, API_SIGNED_IN, 0, API_NO_STORE},
        {"POST", "/api/v1/members/{id}/dues-bases", create_base, CAP_DUES_WRITE, 0, API_NO_STORE},
        {"GET", "/api/v1/members/{id}/dues", member_dues, API_SIGNED_IN, 0, API_NO_STORE},
        {"GET", "/api/v1/settings/dues", get_settings, API_SIGNED_IN, 0, 0},
        {"PUT", "/api/v1/settings/dues", put_settings, CAP_SETTINGS_MANAGE, 0, 0},
        {NULL},
    },
    dues_arrears_todo,
};
