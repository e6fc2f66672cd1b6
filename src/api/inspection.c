/* inspection.c: an institution's inspection report (seed 001: "通过查阅会议登记本、党员档案、活动记录等，
 * 了解医院党建任务落实完成情况"). For each organisation covering the institution: how complete its
 * member files are (fields missing, by field, with who lacks them), what its meeting register
 * misses (what compliance computes, DOMAIN.md §2), its dues over the period (DOMAIN.md §3: each
 * month's due and collected, members without a base, members owing and those six months in a row)
 * and its activity records (held meetings, and those without minutes); then every
 * gap as one line an inspector ticks off. An instructor (scope.paired) reads the reports of its
 * paired institutions only; the others those of the institutions in their scope. */
#include "api/dues.h"
#include "api/meetings.h"
#include "api/module.h"
#include "api/pairings.h"
#include "core/json.h"
#include "store/inspection.h"
#include "store/institutions.h"
#include "store/meetings.h"
#include "store/pairings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { GAP_NAMES_MAX = 30, SPAN_YEARS_MAX = 3, ACTIVITIES_MAX = 1000 };

/* The fields of a member file an inspector looks for. 入党日期 and 转正日期 (a full member's) are
 * required by the member rules (docs/API.md §Members); 民族, 学历, 手机号 and 科室 are what a 党员档案
 * holds besides (the import's columns, api/member_file.h). */
static const struct {
    const char *field, *label;
    bool full_only;
} file_fields[] = {
    {"joined_on", "入党日期", false}, {"full_on", "转正日期", true}, {"ethnicity", "民族", false},
    {"education", "学历", false},     {"phone", "手机号", false},    {"department", "科室", false},
};
enum { NFILE_FIELDS = sizeof file_fields / sizeof file_fields[0] };

static void check_add(json_t *list, int64_t org_id, const char *org_name, const char *area, const char *item)
{
    json_array_append_new(list, json_pack("{s:I,s:s,s:s,s:s}", "org_id", (json_int_t)org_id, "org_name", org_name, "area",
                                          area, "item", item));
}

static json_t *member_files(db *d, const char *path, int64_t org_id, const char *org_name, json_t *checklist,
                            dj_err *err)
{
    json_t *rows = inspection_member_files_e(d, path, err);
    if (!rows)
        return NULL;
    json_t *fields = json_array();
    int complete = 0;
    size_t i;
    json_t *m;
    json_t *missing[NFILE_FIELDS];
    int counts[NFILE_FIELDS] = {0};
    for (int f = 0; f < NFILE_FIELDS; f++)
        missing[f] = json_array();
    json_array_foreach(rows, i, m) {
        bool whole = true;
        for (int f = 0; f < NFILE_FIELDS; f++) {
            if (file_fields[f].full_only && strcmp(json_str(m, "category") ? json_str(m, "category") : "", "full") != 0)
                continue;
            const char *v = json_str(m, file_fields[f].field);
            if (v && *v)
                continue;
            whole = false;
            counts[f]++;
            if (json_array_size(missing[f]) < GAP_NAMES_MAX)
                json_array_append_new(missing[f], json_pack("{s:O,s:O,s:O}", "id", json_object_get(m, "id"), "name",
                                                            json_object_get(m, "name"), "org_name",
                                                            json_object_get(m, "org_name")));
        }
        complete += whole;
    }
    for (int f = 0; f < NFILE_FIELDS; f++) {
        if (counts[f]) {
            char item[200];
            snprintf(item, sizeof item, "党员档案缺%s：%d 人", file_fields[f].label, counts[f]);
            check_add(checklist, org_id, org_name, "members", item);
        }
        json_array_append_new(fields, json_pack("{s:s,s:s,s:i,s:o}", "field", file_fields[f].field, "label",
                                                file_fields[f].label, "missing", counts[f], "members", missing[f]));
    }
    json_t *out = json_pack("{s:I,s:i,s:o}", "total", (json_int_t)json_array_size(rows), "complete", complete, "fields",
                            fields);
    json_decref(rows);
    return out;
}

/* What the register misses: compliance's rows of the subtree for the years of from..to, those
 * whose period overlaps the range and that miss a meeting. */
static json_t *register_gaps(db *d, const char *path, dj_date from, dj_date to, int64_t org_id, const char *org_name,
                             json_t *checklist, dj_err *err)
{
    json_t *gaps = json_array();
    int required = 0, held = 0;
    for (int y = date_year(from); y <= date_year(to); y++) {
        json_t *rows = compliance_subtree_rows(d, path, y, err);
        if (!rows) {
            json_decref(gaps);
            return NULL;
        }
        size_t i;
        json_t *r;
        json_array_foreach(rows, i, r) {
            compliance_period p;
            if (!compliance_period_parse(json_str(r, "period"), &p) || compliance_period_last_day(p) < from ||
                compliance_period_first_day(p) > to)
                continue;
            required += (int)json_integer_value(json_object_get(r, "required"));
            held += (int)json_integer_value(json_object_get(r, "held"));
            if (json_integer_value(json_object_get(r, "missing")) <= 0)
                continue;
            json_array_append(gaps, r);
            char item[300];
            snprintf(item, sizeof item, "%s %s：应开 %d 次，已开 %d 次（%s%s）", json_str(r, "org_name"), json_str(r, "period"),
                     (int)json_integer_value(json_object_get(r, "required")),
                     (int)json_integer_value(json_object_get(r, "held")), json_str(r, "type_label"),
                     strcmp(json_str(r, "state"), "todo") == 0 ? "，期内尚可补开" : "");
            check_add(checklist, org_id, org_name, "meetings", item);
        }
        json_decref(rows);
    }
    return json_pack("{s:i,s:i,s:o}", "required", required, "held", held, "missing", gaps);
}

/* Activity records: the held meetings of the range by type, and those without minutes. */
static json_t *activities(db *d, const char *path, const char *from, const char *to, int64_t org_id,
                          const char *org_name, json_t *checklist, dj_err *err)
{
    meeting_query q = {.subtree = path, .status = "held", .from = from, .to = to, .limit = ACTIVITIES_MAX};
    int64_t total = 0;
    json_t *items = meetings_list_e(d, &q, &total, err);
    if (!items)
        return NULL;
    json_t *by_type = json_object(), *no_minutes = json_array();
    size_t i;
    json_t *m;
    json_array_foreach(items, i, m) {
        meeting_type t = MEETING_THEME_DAY;
        meeting_type_parse(json_str(m, "type"), &t);
        const char *label = meeting_type_label(t);
        json_object_set_new(by_type, label, json_integer(json_integer_value(json_object_get(by_type, label)) + 1));
        const char *min = json_str(m, "minutes");
        if (!min || !*min) {
            json_array_append_new(no_minutes, json_pack("{s:O,s:O,s:s,s:O,s:O}", "id", json_object_get(m, "id"),
                                                        "org_name", json_object_get(m, "org_name"), "type_label", label,
                                                        "topic", json_object_get(m, "topic"), "starts_at",
                                                        json_object_get(m, "starts_at")));
            char item[400];
            snprintf(item, sizeof item, "%.10s %s「%s」无会议记录", json_str(m, "starts_at"), label, json_str(m, "topic"));
            check_add(checklist, org_id, org_name, "activities", item);
        }
    }
    json_decref(items);
    return json_pack("{s:I,s:o,s:o,s:b}", "held", (json_int_t)total, "by_type", by_type, "without_minutes", no_minutes,
                     "truncated", total > ACTIVITIES_MAX);
}

static void yuan(char *out, size_t n, json_int_t fen)
{
    snprintf(out, n, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

/* The organisation's dues over the period (党费收缴情况) and its gaps on the checklist: each month
 * not fully collected, members without a base, members six months in a row unpaid. */
static json_t *dues_gaps(db *d, const char *path, const char *from, const char *to, int64_t org_id,
                         const char *org_name, json_t *checklist, dj_err *err)
{
    json_t *sum = dues_period_summary(d, path, from, to, err);
    if (!sum)
        return NULL;
    char item[256], due[32], got[32];
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(sum, "months"), i, m) {
        json_int_t due_fen = json_integer_value(json_object_get(m, "due_fen")),
                   col = json_integer_value(json_object_get(m, "collected_fen"));
        if (col >= due_fen)
            continue;
        yuan(due, sizeof due, due_fen);
        yuan(got, sizeof got, col);
        snprintf(item, sizeof item, "%s 党费未收齐：应缴 %s 元，已收 %s 元", json_str(m, "month"), due, got);
        check_add(checklist, org_id, org_name, "dues", item);
    }
    json_int_t nb = json_integer_value(json_object_get(sum, "members_without_base")),
               lapsed = json_integer_value(json_object_get(sum, "members_lapsed"));
    if (nb > 0) {
        snprintf(item, sizeof item, "%lld 名党员未核定党费缴纳基数", (long long)nb);
        check_add(checklist, org_id, org_name, "dues", item);
    }
    if (lapsed > 0) {
        snprintf(item, sizeof item, "%lld 名党员连续 %d 个月未缴党费，待支部研究处理", (long long)lapsed, DUES_LAPSE_MONTHS);
        check_add(checklist, org_id, org_name, "dues", item);
    }
    return sum;
}

/* The range: ?from= and ?to= (default: 1 January of this year to today), from <= to, at most
 * three calendar years; false after answering 400. */
static bool query_range(http_request *req, dj_date *from, dj_date *to)
{
    char today_s[11];
    pairings_today(today_s);
    date_parse(today_s, to);
    *from = date_from_ymd(date_year(*to), 1, 1);
    const char *names[2] = {"from", "to"};
    dj_date *outs[2] = {from, to};
    for (int k = 0; k < 2; k++) {
        const char *v = http_query(req, names[k]);
        if (v && *v && !date_parse(v, outs[k])) {
            http_reply_error(req, 400, "bad_request", names[k], "日期须为 YYYY-MM-DD 格式");
            return false;
        }
    }
    if (*from > *to) {
        http_reply_error(req, 400, "bad_request", "from", "开始日期不能晚于结束日期");
        return false;
    }
    if (date_year(*to) - date_year(*from) >= SPAN_YEARS_MAX) {
        http_reply_error(req, 400, "bad_request", "from", "检查期间最多跨三个年度");
        return false;
    }
    return true;
}

static void get_inspection(http_request *req, api_ctx *c)
{
    int64_t id;
    dj_date from, to;
    if (!api_param_id(req, 0, &id) || !query_range(req, &from, &to))
        return;
    dj_err err = {0};
    bool seen = false;
    if (pairings_paired_only(c)) {
        if (!pairing_exists_for(c->d, c->actor.user_id, id, &seen, &err)) {
            api_fail(req, &err);
            return;
        }
    } else {
        seen = !api_can(c, CAP_SCOPE_SELF) && institution_visible(c, id);
    }
    json_t *inst = seen ? institution_read_e(c->d, id, &err) : NULL;
    if (!inst || json_is_true(json_object_get(inst, "deleted"))) {
        json_decref(inst);
        http_reply_error(req, 404, "not_found", NULL, "医疗机构不存在");
        return;
    }
    char from_s[11], to_s[11];
    date_format(from, from_s);
    date_format(to, to_s);
    json_t *orgs = json_array(), *checklist = json_array();
    size_t i;
    json_t *o;
    bool ok = true;
    json_array_foreach(json_object_get(inst, "orgs"), i, o) {
        int64_t oid = json_integer_value(json_object_get(o, "id"));
        const char *name = json_str(o, "name"), *path = json_str(o, "path");
        json_t *files = member_files(c->d, path, oid, name, checklist, &err);
        json_t *reg = files ? register_gaps(c->d, path, from, to, oid, name, checklist, &err) : NULL;
        json_t *act = reg ? activities(c->d, path, from_s, to_s, oid, name, checklist, &err) : NULL;
        json_t *dues = act ? dues_gaps(c->d, path, from_s, to_s, oid, name, checklist, &err) : NULL;
        if (!dues) {
            json_decref(files);
            json_decref(reg);
            json_decref(act);
            ok = false;
            break;
        }
        json_array_append_new(orgs, json_pack("{s:I,s:s,s:o,s:o,s:o,s:o}", "org_id", (json_int_t)oid, "org_name", name,
                                              "member_files", files, "register", reg, "dues", dues, "activities", act));
    }
    if (!ok) {
        json_decref(orgs);
        json_decref(checklist);
        json_decref(inst);
        api_fail(req, &err);
        return;
    }
    if (json_array_size(orgs) == 0)
        check_add(checklist, 0, "", "coverage", "该机构尚无党组织覆盖（应建未建或应联未联），请核实党员情况");
    json_t *out = json_pack("{s:{s:I,s:O,s:O,s:O,s:O},s:s,s:s,s:o,s:o,s:I}", "institution", "id", (json_int_t)id, "name",
                            json_object_get(inst, "name"), "ownership", json_object_get(inst, "ownership"), "kind",
                            json_object_get(inst, "kind"), "district", json_object_get(inst, "district"), "from", from_s,
                            "to", to_s, "orgs", orgs, "checklist", checklist, "gaps",
                            (json_int_t)json_array_size(checklist));
    json_decref(inst);
    http_reply_json(req, 200, out);
}

const api_module inspection_module = {
    "inspection",
    (const api_route[]){
        {"GET", "/api/v1/institutions/{id}/inspection", get_inspection, CAP_INSPECTION_READ, 0, API_NO_STORE},
        {NULL},
    },
    NULL,
};
