/* dues_payments.c: recording dues payments, one or a batch (JSON) or a file (CSV in UTF-8 or
 * GB18030), all or none: every row is checked (domain/dues.h: no future month, none before
 * joining, none paid twice, the month's due exactly unless 自愿多交, a reason for back payment
 * older than the setting) and every refusal named by its row and field; and reversals, the only
 * way a payment is corrected (a row with the opposite amount, never an edit or a delete). */
#include "api/dues.h"

#include "api/fields.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/json.h"
#include "core/text.h"
#include "store/dues.h"
#include "store/members.h"
#include "store/rows.h"

#include <stdarg.h>

#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

enum { MAX_ITEMS = 5000, MAX_ERRORS = 200 };

static const struct { const char *field, *label; } item_labels[] = {
    {"member_id", "党员"},     {"month", "月份"},        {"amount_fen", "金额"}, {"method", "缴纳方式"},
    {"paid_on", "缴纳日期"},   {"voluntary", "自愿多交"}, {"reason", "原因"},   {"id_number", "身份证号"},
};

static const char *label_of(const char *field)
{
    for (size_t i = 0; i < sizeof item_labels / sizeof item_labels[0]; i++)
        if (strcmp(item_labels[i].field, field) == 0)
            return item_labels[i].label;
    return "";
}

typedef struct batch {
    json_t *errors;  /* [{row, column, field, message}] */
    json_t *created; /* the rows written */
    bool file;       /* rows are lines of a file (else items of a body) */
} batch;

static void add_error(batch *b, size_t row, const char *field, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void add_error(batch *b, size_t row, const char *field, const char *fmt, ...)
{
    if (json_array_size(b->errors) >= MAX_ERRORS)
        return;
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_array_append_new(b->errors, json_pack("{s:I,s:s,s:s,s:s}", "row", (json_int_t)row, "column", label_of(field),
                                               "field", field, "message", msg));
}

/* The shape of one item: types, the month, the method, the date; normalises what it accepts. */
static bool item_shape(batch *b, json_t *it, size_t row, const char *today)
{
    static const char *const known[] = {"member_id", "month", "amount_fen", "method", "paid_on", "voluntary", "reason", NULL};
    const char *k;
    json_t *v;
    json_object_foreach(it, k, v) {
        bool ok = false;
        for (const char *const *x = known; *x; x++)
            ok |= strcmp(*x, k) == 0;
        if (!ok) {
            add_error(b, row, "", "未知的字段");
            return false;
        }
    }
    int64_t mid;
    if (!json_int(it, "member_id", &mid) || mid <= 0) {
        add_error(b, row, "member_id", "党员须为党员编号（正整数）");
        return false;
    }
    dues_month m;
    if (!dues_month_parse(json_str(it, "month"), &m)) {
        add_error(b, row, "month", "月份须为 YYYY-MM 格式");
        return false;
    }
    int64_t amount;
    if (!json_int(it, "amount_fen", &amount)) {
        add_error(b, row, "amount_fen", "金额须为以分为单位的整数");
        return false;
    }
    const char *method = json_str(it, "method");
    const dj_enum *e = method ? dj_enum_find(dj_dues_methods, method) : NULL;
    if (!e) {
        add_error(b, row, "method", "缴纳方式须为现金、转账或线上缴纳");
        return false;
    }
    json_object_set_new(it, "method", json_string(e->name));
    const char *paid_on = json_str(it, "paid_on");
    dj_date dd;
    if (!paid_on || !date_parse(paid_on, &dd)) {
        add_error(b, row, "paid_on", "缴纳日期须为 YYYY-MM-DD 格式");
        return false;
    }
    if (strcmp(paid_on, today) > 0) {
        add_error(b, row, "paid_on", "缴纳日期不能晚于今天");
        return false;
    }
    v = json_object_get(it, "voluntary");
    if (v && !json_is_boolean(v) && !json_is_null(v)) {
        add_error(b, row, "voluntary", "自愿多交须为 true 或 false");
        return false;
    }
    v = json_object_get(it, "reason");
    if (v && !json_is_null(v)) {
        dj_err err;
        if (!json_is_string(v) || strlen(json_string_value(v)) > 600 ||
            (*json_string_value(v) && !text_check(json_string_value(v), false, true, "原因", "reason", &err))) {
            add_error(b, row, "reason", "原因须为不超过 200 个字的文字");
            return false;
        }
    }
    return true;
}

/* One item against the database and the rules, then written (inside the caller's transaction,
 * so that a later item of the same member and month sees it). */
static bool item_apply(api_ctx *c, batch *b, json_t *it, size_t row, const dues_settings *s, dues_month current, dj_err *err)
{
    int64_t mid = json_integer_value(json_object_get(it, "member_id"));
    const char *month = json_str(it, "month");
    dj_err e2 = {0};
    json_t *m = member_read_e(c->d, mid, &e2);
    bool visible = m && !db_json_truthy(json_object_get(m, "deleted")) && scope_has_path(c, json_str(m, "org_path"));
    if (!visible) {
        json_decref(m);
        if (e2.code[0] && strcmp(e2.code, "not_found") != 0) {
            *err = e2;
            return false;
        }
        add_error(b, row, "member_id", "党员不存在或不在您的管理范围内");
        return true;
    }
    dues_payment_facts f = {.current = current};
    dues_month_parse(month, &f.month);
    dues_month_of_date(json_str(m, "joined_on"), &f.joined);
    char kind[16];
    int64_t base = 0;
    if (!dues_base_at(c->d, mid, month, &f.has_base, kind, &base, err) || !dues_paid_net(c->d, mid, month, &f.paid_fen, err)) {
        json_decref(m);
        return false;
    }
    f.due_fen = f.has_base ? dues_due_of(kind, base, s) : 0;
    f.amount_fen = json_integer_value(json_object_get(it, "amount_fen"));
    f.voluntary = json_is_true(json_object_get(it, "voluntary"));
    const char *reason = json_str(it, "reason");
    f.has_reason = reason && *reason;
    dj_err rule;
    if (!dues_payment_check(&f, s, &rule)) {
        add_error(b, row, rule.field, "%s：%s", json_str(m, "name"), rule.message);
        json_decref(m);
        return true;
    }
    char start[11];
    snprintf(start, sizeof start, "%s-01", month);
    if (strcmp(json_str(it, "paid_on"), start) < 0 && !f.has_reason) {
        add_error(b, row, "paid_on", "%s：缴纳日期早于所缴月份，须注明原因", json_str(m, "name"));
        json_decref(m);
        return true;
    }
    if (json_array_size(b->errors)) { /* nothing will be written: only the checks go on */
        json_decref(m);
        return true;
    }
    json_t *r = json_pack("{s:I,s:s,s:s,s:I,s:I,s:s,s:s,s:i,s:s?,s:s}", "member_id", (json_int_t)mid, "org_path",
                          json_str(m, "org_path"), "month", month, "amount_fen", (json_int_t)f.amount_fen, "due_fen",
                          (json_int_t)f.due_fen, "method", json_str(it, "method"), "paid_on", json_str(it, "paid_on"),
                          "voluntary", f.voluntary ? 1 : 0, "reason", f.has_reason ? reason : NULL, "recorded_by",
                          c->actor.username ? c->actor.username : "");
    json_decref(m);
    int64_t id;
    bool ok = row_insert(c->d, "dues_payments", dues_payment_columns, r, &c->actor, &id, err);
    json_decref(r);
    if (ok)
        json_array_append_new(b->created, json_pack("{s:I,s:I,s:s}", "id", (json_int_t)id, "member_id", (json_int_t)mid,
                                                    "month", month));
    return ok;
}

/* Checks and writes items (rows[i] is item i's row number), all or none; dry_run writes none.
 * false + err when the database fails; refusals land in b->errors. */
static bool batch_run(api_ctx *c, batch *b, json_t *items, const size_t *rows, bool dry_run, dj_err *err)
{
    dues_settings s;
    if (!dues_settings_load(c->d, &s, err))
        return false;
    char today[11];
    dues_today(today);
    dues_month current = dues_current_month();
    size_t i;
    json_t *it;
    bool *shaped = calloc(json_array_size(items) + 1, sizeof *shaped);
    json_array_foreach(items, i, it)
        shaped[i] = item_shape(b, it, rows[i], today);
    bool ok = db_begin(c->d, err);
    json_array_foreach(items, i, it) {
        if (!ok)
            break;
        if (shaped[i])
            ok = item_apply(c, b, it, rows[i], &s, current, err);
    }
    free(shaped);
    if (ok && !dry_run && json_array_size(b->errors) == 0)
        return db_commit(c->d, err) || (db_rollback(c->d), false);
    db_rollback(c->d);
    return ok;
}

/* ---- POST /dues/payments ------------------------------------------------------------------- */

void dues_payments_post(http_request *req, api_ctx *c)
{
    json_t *body = api_body(req);
    if (!body)
        return;
    json_t *items = json_object_get(body, "items"), *dry_v = json_object_get(body, "dry_run");
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v) {
        if (strcmp(k, "items") != 0 && strcmp(k, "dry_run") != 0) {
            json_decref(body);
            http_reply_error(req, 422, "validation", k, "未知的字段");
            return;
        }
    }
    if (dry_v && !json_is_boolean(dry_v)) {
        json_decref(body);
        http_reply_error(req, 422, "validation", "dry_run", "只检查不登记（dry_run）须为 true 或 false");
        return;
    }
    bool dry = json_is_true(dry_v);
    if (!json_is_array(items) || json_array_size(items) == 0 || json_array_size(items) > MAX_ITEMS) {
        json_decref(body);
        http_reply_error(req, 422, "validation", "items", "缴费记录须为 1 至 5000 项的列表");
        return;
    }
    size_t n = json_array_size(items), i;
    size_t *rows = malloc(n * sizeof *rows);
    for (i = 0; i < n; i++) {
        rows[i] = i + 1;
        if (!json_is_object(json_array_get(items, i))) {
            free(rows);
            json_decref(body);
            http_reply_error(req, 422, "validation", "items", "缴费记录的每一项须为对象");
            return;
        }
    }
    batch b = {json_array(), json_array(), false};
    dj_err err;
    bool ok = batch_run(c, &b, items, rows, dry, &err);
    free(rows);
    json_decref(body);
    if (!ok) {
        api_fail(req, &err);
    } else if (json_array_size(b.errors)) {
        json_t *first = json_array_get(b.errors, 0);
        char msg[512];
        size_t ne = json_array_size(b.errors);
        snprintf(msg, sizeof msg, "第%lld项：%s%s", (long long)json_integer_value(json_object_get(first, "row")),
                 json_str(first, "message"), ne > 1 ? "；另有其他错误，全部未登记" : "；全部未登记");
        json_t *e = json_pack("{s:s,s:s,s:s,s:O}", "code", "validation", "field", json_str(first, "field"), "message", msg,
                              "details", b.errors);
        http_reply_json(req, 422, json_pack("{s:o}", "error", e));
    } else if (dry) {
        http_reply_json(req, 200, json_pack("{s:[],s:I,s:b}", "items", "total", (json_int_t)json_array_size(items), "dry_run", 1));
    } else {
        http_reply_json(req, 201, json_pack("{s:O,s:I}", "items", b.created, "total", (json_int_t)json_array_size(b.created)));
    }
    json_decref(b.errors);
    json_decref(b.created);
}

/* ---- POST /dues/payments/import ------------------------------------------------------------ */

static const struct { const char *header, *field; } import_columns[] = {
    {"党员编号", "member_id"}, {"身份证号", "id_number"}, {"月份", "month"},          {"金额（元）", "amount"},
    {"金额", "amount"},        {"金额(元)", "amount"},    {"缴纳方式", "method"},      {"缴纳日期", "paid_on"},
    {"自愿多交", "voluntary"}, {"原因", "reason"},        {"补缴原因", "reason"},
};

/* "15", "15.5", "15.00" yuan into fen, exactly; false otherwise. */
static bool yuan_to_fen(const char *s, int64_t *out)
{
    int64_t whole = 0, frac = 0;
    int nd = 0, nf = -1;
    for (const char *p = s; *p; p++) {
        if (*p == '.' && nf < 0) {
            nf = 0;
        } else if (*p >= '0' && *p <= '9') {
            if (nf >= 0) {
                if (++nf > 2)
                    return false;
                frac = frac * 10 + (*p - '0');
            } else {
                if (++nd > 9)
                    return false;
                whole = whole * 10 + (*p - '0');
            }
        } else {
            return false;
        }
    }
    if (nd == 0)
        return false;
    if (nf == 1)
        frac *= 10;
    *out = whole * 100 + frac;
    return true;
}

/* One line of the file as an item (into items, its line into rows); errors by row and column. */
static void line_item(api_ctx *c, batch *b, const csv_row *row, const int *map, size_t line, json_t *items, size_t *rows)
{
    json_t *it = json_object();
    bool ok = true;
    for (size_t i = 0; i < row->n && i < 32 && ok; i++) {
        if (map[i] < 0)
            continue;
        char *t0 = strdup(row->fields[i]);
        char *t = text_trim(t0);
        const char *f = import_columns[map[i]].field;
        if (!*t) {
            /* empty cells: absent */
        } else if (strcmp(f, "member_id") == 0) {
            char *end;
            long long v = strtoll(t, &end, 10);
            if (*end || v <= 0) {
                add_error(b, line, "member_id", "党员编号须为正整数");
                ok = false;
            } else {
                json_object_set_new(it, "member_id", json_integer(v));
            }
        } else if (strcmp(f, "id_number") == 0) {
            int64_t id = 0;
            dj_err err;
            if (!dues_member_by_id_number(c->d, t, &id, &err) || !id) {
                add_error(b, line, "id_number", "没有该身份证号的党员");
                ok = false;
            } else if (!json_object_get(it, "member_id")) {
                json_object_set_new(it, "member_id", json_integer(id));
            }
        } else if (strcmp(f, "amount") == 0) {
            int64_t fen;
            if (!yuan_to_fen(t, &fen)) {
                add_error(b, line, "amount_fen", "金额须为元，最多两位小数，如 15.00");
                ok = false;
            } else {
                json_object_set_new(it, "amount_fen", json_integer(fen));
            }
        } else if (strcmp(f, "voluntary") == 0) {
            json_object_set_new(it, "voluntary", json_boolean(strcmp(t, "是") == 0 || strcasecmp(t, "true") == 0 || strcmp(t, "1") == 0));
        } else {
            for (char *p = t; *p; p++) /* 2026/03, 2026/03/05 */
                if (*p == '/')
                    *p = '-';
            dues_month mo;
            if (strcmp(f, "month") == 0 && strlen(t) == 10 && dues_month_of_date(t, &mo))
                t[7] = '\0'; /* a month that Excel took for a date: 2026-03-01 */
            json_object_set_new(it, f, json_string(t));
        }
        free(t0);
    }
    if (ok && !json_object_get(it, "member_id")) {
        add_error(b, line, "member_id", "缺少党员编号或身份证号");
        ok = false;
    }
    if (ok) {
        rows[json_array_size(items)] = line;
        json_array_append(items, it);
    }
    json_decref(it);
}

void dues_payments_import(http_request *req, api_ctx *c)
{
    bool dry = false;
    if (!api_query_bool(req, "dry_run", &dry))
        return;
    const char *ct = http_header(req, "Content-Type");
    if (!ct || strncasecmp(ct, "text/csv", 8) != 0 || (ct[8] && ct[8] != ';' && ct[8] != ' ')) {
        http_reply_error(req, 415, "unsupported_media_type", NULL, "导入文件须以 text/csv 提交（.xlsx 请另存为 CSV）");
        return;
    }
    size_t ulen = 0;
    const char *encoding = "UTF-8";
    char *text = text_to_utf8(req->body, req->body_len, &ulen, &encoding);
    if (!text) {
        http_reply_error(req, 422, "validation", "file", "文件编码无法识别（须为 UTF-8 或 GB18030）");
        return;
    }
    csv_reader *r = csv_open(text, ulen);
    csv_row row;
    int map[32];
    for (int i = 0; i < 32; i++)
        map[i] = -1;
    batch b = {json_array(), json_array(), true};
    json_t *items = json_array();
    size_t *rows = calloc(MAX_ITEMS + 1, sizeof *rows);
    int rc = csv_next_row(r, &row);
    bool have_month = false, have_amount = false, have_member = false;
    if (rc == 1) {
        for (size_t i = 0; i < row.n && i < 32; i++) {
            char *h = strdup(row.fields[i]);
            const char *t = text_trim(h);
            for (size_t k = 0; k < sizeof import_columns / sizeof import_columns[0]; k++)
                if (strcmp(t, import_columns[k].header) == 0 || strcmp(t, import_columns[k].field) == 0)
                    map[i] = (int)k;
            if (map[i] >= 0) {
                const char *f = import_columns[map[i]].field;
                have_month |= strcmp(f, "month") == 0;
                have_amount |= strcmp(f, "amount") == 0;
                have_member |= strcmp(f, "member_id") == 0 || strcmp(f, "id_number") == 0;
            }
            free(h);
        }
    }
    if (rc != 1 || !have_month || !have_amount || !have_member) {
        add_error(&b, 1, "", "表头须包含：党员编号或身份证号、月份、金额（元）、缴纳方式、缴纳日期");
    } else {
        while ((rc = csv_next_row(r, &row)) == 1) {
            if (row.n == 1 && !*row.fields[0])
                continue;
            if (json_array_size(items) >= MAX_ITEMS) {
                add_error(&b, csv_line(r), "", "一次最多导入 %d 行", MAX_ITEMS);
                break;
            }
            line_item(c, &b, &row, map, csv_line(r), items, rows);
        }
        if (rc < 0)
            add_error(&b, csv_line(r), "", "%s", csv_error(r));
        if (json_array_size(items) == 0 && json_array_size(b.errors) == 0)
            add_error(&b, 2, "", "文件中没有缴费记录");
    }
    csv_close(r);
    dj_err err;
    bool ok = true;
    if (json_array_size(b.errors) == 0)
        ok = batch_run(c, &b, items, rows, dry, &err);
    free(rows);
    free(text);
    size_t n = json_array_size(items);
    json_decref(items);
    if (!ok) {
        api_fail(req, &err);
    } else if (json_array_size(b.errors)) {
        char msg[128];
        snprintf(msg, sizeof msg, "导入失败：%zu 处错误，未写入任何数据", json_array_size(b.errors));
        json_t *e = json_pack("{s:s,s:s,s:n,s:O}", "code", "import_invalid", "message", msg, "field", "details", b.errors);
        http_reply_json(req, 422, json_pack("{s:o}", "error", e));
    } else {
        http_reply_json(req, 200, json_pack("{s:I,s:I,s:b,s:s}", "imported", (json_int_t)(dry ? 0 : n), "rows",
                                            (json_int_t)n, "dry_run", dry, "encoding", encoding ? encoding : ""));
    }
    json_decref(b.errors);
    json_decref(b.created);
}

/* ---- POST /dues/payments/{id}/reversal ----------------------------------------------------- */

void dues_payment_reverse(http_request *req, api_ctx *c)
{
    int64_t id;
    if (!api_param_id(req, 0, &id))
        return;
    dj_err err = {0};
    json_t *p = dues_payment_read_e(c->d, id, &err);
    if (!p) {
        if (strcmp(err.code, "not_found") == 0)
            http_reply_error(req, 404, "not_found", NULL, "缴费记录不存在");
        else
            api_fail(req, &err);
        return;
    }
    int64_t mid = json_integer_value(json_object_get(p, "member_id"));
    dj_err e2 = {0};
    json_t *m = member_read_e(c->d, mid, &e2);
    if (!m || db_json_truthy(json_object_get(m, "deleted")) || !scope_has_path(c, json_str(m, "org_path"))) {
        json_decref(m);
        json_decref(p);
        http_reply_error(req, 404, "not_found", NULL, "缴费记录不存在");
        return;
    }
    json_t *body = api_body(req);
    if (!body) {
        json_decref(m);
        json_decref(p);
        return;
    }
    static const api_field fields[] = {{"reason", F_STR, true, 200, "冲销原因"}, {NULL, 0, false, 0, NULL}};
    bool ok = fields_check(req, body, fields, true);
    if (ok && !text_check(json_str(body, "reason"), false, true, "冲销原因", "reason", &err)) {
        api_fail(req, &err);
        ok = false;
    }
    if (ok && !json_is_null(json_object_get(p, "reverses_id"))) {
        http_reply_error(req, 422, "validation", "id", "冲销记录本身不能再冲销");
        ok = false;
    }
    char today[11];
    dues_today(today);
    json_t *r = ok ? json_pack("{s:I,s:s,s:s,s:I,s:I,s:s,s:s,s:i,s:s,s:I,s:s}", "member_id", (json_int_t)mid, "org_path",
                               json_str(m, "org_path"), "month", json_str(p, "month"), "amount_fen",
                               -json_integer_value(json_object_get(p, "amount_fen")), "due_fen",
                               json_integer_value(json_object_get(p, "due_fen")), "method", json_str(p, "method"),
                               "paid_on", today, "voluntary", 0, "reason", json_str(body, "reason"), "reverses_id",
                               (json_int_t)id, "recorded_by", c->actor.username ? c->actor.username : "")
                   : NULL;
    json_decref(body);
    json_decref(m);
    json_decref(p);
    if (!ok)
        return;
    int64_t rid = 0;
    ok = db_begin(c->d, &err);
    json_t *again = ok ? dues_payment_read_e(c->d, id, &err) : NULL;
    ok = again != NULL;
    if (ok && db_json_truthy(json_object_get(again, "reversed"))) {
        db_rollback(c->d);
        json_decref(again);
        json_decref(r);
        http_reply_error(req, 409, "conflict", "id", "该缴费记录已冲销，不能重复冲销");
        return;
    }
    json_decref(again);
    ok = ok && row_insert(c->d, "dues_payments", dues_payment_columns, r, &c->actor, &rid, &err) && db_commit(c->d, &err);
    json_decref(r);
    if (!ok) {
        db_rollback(c->d);
        api_fail(req, &err);
        return;
    }
    json_t *out = dues_payment_read_e(c->d, rid, &err);
    if (!out) {
        api_fail(req, &err);
        return;
    }
    json_object_del(out, "org_path");
    http_reply_json(req, 201, out);
}
