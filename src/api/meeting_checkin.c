/* meeting_checkin.c: check-in by QR code: the code of a meeting for the screen in the meeting
 * room (a random secret per meeting, valid from before the start to the end), and a member's
 * check-in with it from a phone. */
#include "api/meetings.h"

#include "api/module.h"
#include "api/sheet.h"
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

static bool meeting_window(const json_t *m, int before, meeting_time *from, meeting_time *to)
{
    return meeting_times_validate(json_str(m, "starts_at"), json_str(m, "ends_at"), from, to, NULL) &&
           ((*from -= before), true);
}

static void checkin_code(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *m = api_object_get(req, c, &meeting_object, &id);
    if (!m)
        return;
    const char *format = http_query(req, "format");
    if (format && *format && strcmp(format, "png") != 0 && strcmp(format, "json") != 0) {
        json_decref(m);
        http_reply_error(req, 400, "bad_request", "format", "格式须为 json 或 png");
        return;
    }
    if (strcmp(json_str(m, "status"), "cancelled") == 0) {
        json_decref(m);
        http_reply_error(req, 409, "conflict", NULL, "会议已取消，不能签到");
        return;
    }
    meetings_settings set;
    char secret[80];
    dj_err err;
    if (!meetings_settings_load(c->d, &set, &err) || !meeting_secret_get(c->d, id, secret, sizeof secret, &err)) {
        json_decref(m);
        api_fail(req, &err);
        return;
    }
    meeting_time from = 0, to = 0;
    meeting_window(m, set.checkin_before_minutes, &from, &to);
    json_decref(m);
    char code[128], url[160], vf[MEETING_TIME_LEN + 1], vt[MEETING_TIME_LEN + 1];
    snprintf(code, sizeof code, "%lld-%s", (long long)id, secret);
    snprintf(url, sizeof url, "/checkin?code=%s", code);
    meeting_time_format(from, vf);
    meeting_time_format(to, vt);
    if (format && strcmp(format, "png") == 0) {
        /* The screen in the meeting room: the address a phone opens, whole when the host is known. */
        const char *host = http_header(req, "Host");
        bool host_ok = host && *host && strlen(host) < 200 && strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") == strlen(host);
        char full[512];
        snprintf(full, sizeof full, "%s%s%s%s", host_ok ? (api_config_get()->cookie_secure ? "https://" : "http://") : "",
                 host_ok ? host : "", "", url);
        size_t len = 0;
        unsigned char *png = qr_png(full, 8, &len);
        if (!png) {
            http_reply_error(req, 500, "internal", NULL, "无法生成二维码");
            return;
        }
        http_reply_bytes(req, 200, "image/png", (char *)png, len);
        return;
    }
    http_reply_json(req, 200, json_pack("{s:I,s:s,s:s,s:s,s:s}", "meeting_id", (json_int_t)id, "code", code, "url", url,
                                        "valid_from", vf, "valid_to", vt));
}

static const api_field checkin_fields[] = {
    {"code", F_STR, true, 100, "签到码"},
    {NULL, 0, false, 0, NULL},
};

static void checkin(http_request *req, api_ctx *c)
{
    json_t *body = api_body(req);
    if (!body || !fields_check(req, body, checkin_fields, true)) {
        json_decref(body);
        return;
    }
    /* "<meeting id>-<32 hex digits>": the id finds the meeting, the secret proves the code is its. */
    char code[128];
    snprintf(code, sizeof code, "%s", json_str(body, "code"));
    json_decref(body);
    char *dash = strchr(code, '-');
    int64_t id = 0;
    if (dash && dash > code && dash - code <= 18 && strspn(code, "0123456789") == (size_t)(dash - code)) {
        *dash = '\0';
        id = strtoll(code, NULL, 10);
    }
    const char *given = dash ? dash + 1 : "";
    dj_err err = {0};
    json_t *m = id > 0 ? meeting_read_e(c->d, id, &err) : NULL;
    if (!m && err.code[0] && strcmp(err.code, "not_found") != 0) {
        api_fail(req, &err);
        return;
    }
    char secret[80] = "";
    if (m && !meeting_secret_get(c->d, id, secret, sizeof secret, &err)) {
        json_decref(m);
        api_fail(req, &err);
        return;
    }
    bool match = m && !db_json_truthy(json_object_get(m, "deleted")) && strlen(secret) == 32 && strlen(given) == 32 &&
                 sodium_memcmp(secret, given, 32) == 0;
    if (!match) {
        json_decref(m);
        http_reply_error(req, 422, "validation", "code", "签到码无效，请扫描会议现场的签到二维码");
        return;
    }
    meetings_settings set;
    if (!meetings_settings_load(c->d, &set, &err)) {
        json_decref(m);
        api_fail(req, &err);
        return;
    }
    meeting_time from = 0, to = 0, now = meetings_now();
    meeting_window(m, set.checkin_before_minutes, &from, &to);
    char vf[MEETING_TIME_LEN + 1], vt[MEETING_TIME_LEN + 1], msg[300];
    meeting_time_format(from, vf);
    meeting_time_format(to, vt);
    if (strcmp(json_str(m, "status"), "cancelled") == 0) {
        json_decref(m);
        http_reply_error(req, 422, "validation", "code", "会议已取消，无需签到");
        return;
    }
    if (now < from || now > to) {
        snprintf(msg, sizeof msg, "%s：签到时间为 %.10s %s 至 %.10s %s", now < from ? "签到尚未开始" : "签到已结束", vf,
                 vf + 11, vt, vt + 11);
        json_decref(m);
        http_reply_error(req, 422, "validation", "code", msg);
        return;
    }
    if (!c->actor.member_id) {
        json_decref(m);
        http_reply_error(req, 422, "validation", "code", "您的账号未关联党员档案，不能签到");
        return;
    }
    char at[32];
    store_now(at);
    int result = 0;
    bool ok = db_begin(c->d, &err) && meeting_checkin_mark(c->d, id, c->actor.member_id, at, &result, &err);
    if (ok && result == 1) {
        json_t *after = json_pack("{s:I,s:s,s:s}", "member_id", (json_int_t)c->actor.member_id, "status", "present",
                                  "checked_in_at", at);
        ok = audit_write(c->d, &c->actor, "checkin", "meeting", id, NULL, after, &err);
        json_decref(after);
    }
    ok = ok && (result == 1 ? db_commit(c->d, &err) : (db_rollback(c->d), true));
    if (!ok) {
        db_rollback(c->d);
        json_decref(m);
        api_fail(req, &err);
        return;
    }
    if (result == 0) {
        json_decref(m);
        http_reply_error(req, 422, "validation", "code", "您不在本次会议的应到人员名单中");
        return;
    }
    if (result == 2) {
        json_decref(m);
        http_reply_error(req, 409, "conflict", NULL, "您已签到，无需重复签到");
        return;
    }
    json_t *out = json_pack("{s:I,s:O,s:O,s:O,s:O,s:I,s:s,s:s}", "meeting_id", (json_int_t)id, "topic",
                            json_object_get(m, "topic"), "org_name", json_object_get(m, "org_name"), "starts_at",
                            json_object_get(m, "starts_at"), "ends_at", json_object_get(m, "ends_at"), "member_id",
                            (json_int_t)c->actor.member_id, "status", "present", "checked_in_at", at);
    json_decref(m);
    http_reply_json(req, 200, out);
}

const api_module meeting_checkin_module = {
    "meeting_checkin",
    (const api_route[]){
        {"GET", "/api/v1/meetings/{id}/checkin-code", checkin_code, CAP_MEETINGS_WRITE, 0, API_NO_STORE},
        {"POST", "/api/v1/checkin", checkin, API_SIGNED_IN, 0, 0},
        {NULL},
    },
    NULL,
};
