/* needs.c: the public's needs by QR code (需求"码"上提，医院马上办; DOMAIN.md §7, seed 002).
 *
 * The public side (no account; every input hostile): a poster's token names the institution; the
 * page asks for a challenge, finds a nonce whose SHA-256 of "challenge:nonce" starts with
 * `difficulty` zero bits, and files the need with it. Refused: a filled hidden field (website), a
 * challenge unknown, used, expired or of another poster, a wrong nonce, an address or a poster over
 * its hourly count (429); each refusal stores nothing. The answer is a random ticket (16 base32
 * characters, 80 bits) whose page shows the status and the public replies, nothing personal. A
 * photo follows as a second request to the ticket (raw JPEG or PNG bytes, by content, 5 MB, once,
 * within an hour of filing).
 *
 * The staff side: the needs of the institutions the caller's subtree covers (outside: 404); grade,
 * category, 立行立办 (due in `immediate_days`) or 倒排工期 (a deadline and milestones set backwards
 * from it), assignment to an account of the scope, replies (public or internal), closing as
 * solved; overdue needs in the to-do list; statistics per institution and subtree; the list as
 * .xlsx; each institution's poster (its link, the QR code as PNG) and a new token on demand (the
 * old link then dead). Rules: domain/needs.h. */
#include "api/meetings.h"
#include "api/int_settings.h"
#include "api/module.h"
#include "api/sheet.h"
#include "api/write.h"
#include "core/json.h"
#include "core/text.h"
#include "domain/needs.h"
#include "store/needs.h"
#include "store/rows.h"

#include <sodium.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char SETTINGS_KEY[] = "needs";
enum { PUBLIC_BODY_MAX = 16 * 1024, CHALLENGES_PER_NEED = 10, TODO_MAX = 50, EXPORT_PAGE = 1000,
       PHOTO_WINDOW_S = 3600 };

/* The actor of the public's writes in the audit log. */
static const dj_actor public_actor = {0, "公众（扫码）", NULL, 0, NULL, 0};

static void today_str(char out[11]) { date_format(meeting_time_date(meetings_now()), out); }

static bool reply_err(http_request *req, const dj_err *err)
{
    api_fail(req, err);
    return false;
}

/* ---- Settings -------------------------------------------------------------------------- */

static void settings_defaults(void *out) { *(need_settings *)out = need_defaults(); }
static bool settings_valid(const void *s, dj_err *err) { return need_settings_validate(s, err); }

static const api_int_settings settings_spec = {
    SETTINGS_KEY,
    (const api_int_setting[]){
        {"per_address_hour", "每个地址每小时可提交的需求数", offsetof(need_settings, per_address_hour)},
        {"per_institution_hour", "每家机构每小时可接收的需求数", offsetof(need_settings, per_institution_hour)},
        {"difficulty", "工作量证明难度", offsetof(need_settings, difficulty)},
        {"immediate_days", "立行立办的办结天数", offsetof(need_settings, immediate_days)},
        {NULL, NULL, 0},
    },
    sizeof(need_settings),
    settings_defaults,
    settings_valid,
};

static bool settings_load(db *d, need_settings *out, dj_err *err) { return api_int_settings_load(d, &settings_spec, out, err); }
static void get_settings(http_request *req, api_ctx *c) { api_int_settings_get(req, c, &settings_spec); }
static void put_settings(http_request *req, api_ctx *c) { api_int_settings_put(req, c, &settings_spec); }

/* ---- The public side ------------------------------------------------------------------- */

static void random_code(char *out, size_t n)
{
    unsigned char b[32];
    randombytes_buf(b, n);
    need_code_from_bytes(b, n, out);
}

static json_t *categories_json(void)
{
    json_t *a = json_array();
    for (const dj_enum *e = dj_need_categories; e->name; e++)
        json_array_append_new(a, json_pack("{s:s,s:s}", "value", e->name, "label", e->label));
    return a;
}

/* The institution of a poster's token, or false after answering 404. */
static bool poster_of(http_request *req, db *d, const char *token, int64_t *inst, char **name)
{
    bool found = false;
    dj_err err;
    if (need_code_valid(token, NEED_TOKEN_LEN) && !need_poster_find(d, token, inst, name, &found, &err))
        return reply_err(req, &err);
    if (!found)
        http_reply_error(req, 404, "not_found", "token", "二维码无效或已失效，请扫描医院张贴的最新二维码");
    return found;
}

static const char *client_key(http_request *req, const char *prefix, char *out, size_t n)
{
    snprintf(out, n, "%s:%s", prefix, req->client_ip ? req->client_ip : "-");
    return out;
}

/* Whether key has fewer than max records in the last hour; false after answering 429. */
static bool under_limit(http_request *req, db *d, const char *key, int64_t max, int64_t now, const char *message)
{
    int64_t n = 0;
    dj_err err;
    if (!need_hits_count(d, key, now - 3600, &n, &err))
        return reply_err(req, &err);
    if (n < max)
        return true;
    http_add_header(req, "Retry-After", "3600");
    http_reply_error(req, 429, "too_many_requests", NULL, message);
    return false;
}

/* GET /api/v1/public/needs/challenge?token=: a single-use challenge for the poster's page, with
 * what the page shows (the institution, the categories). */
static void public_challenge(http_request *req, api_ctx *unused)
{
    (void)unused;
    db *d = api_db(req);
    if (!d)
        return;
    int64_t inst = 0;
    char *name = NULL;
    if (!poster_of(req, d, http_query(req, "token"), &inst, &name))
        return;
    need_settings s;
    dj_err err;
    int64_t now = (int64_t)time(NULL);
    char key[96], challenge[40];
    client_key(req, "c", key, sizeof key);
    bool ok = settings_load(d, &s, &err);
    if (ok && !under_limit(req, d, key, (int64_t)s.per_address_hour * CHALLENGES_PER_NEED, now,
                           "请求过于频繁，请稍后再试")) {
        free(name);
        return;
    }
    random_code(challenge, 32);
    ok = ok && db_begin(d, &err) && need_challenges_purge(d, now, &err) && need_hits_purge(d, now - 3600, &err) &&
         need_challenge_add(d, challenge, inst, now + NEED_CHALLENGE_TTL_S, &err) && need_hit_add(d, key, now, &err) &&
         db_commit(d, &err);
    if (!ok) {
        db_rollback(d);
        free(name);
        api_fail(req, &err);
        return;
    }
    json_t *out = json_pack("{s:s,s:i,s:i,s:s,s:o}", "challenge", challenge, "difficulty", s.difficulty, "expires_in",
                            NEED_CHALLENGE_TTL_S, "institution_name", name, "categories", categories_json());
    free(name);
    http_add_header(req, "Cache-Control", "no-store");
    http_reply_json(req, 200, out);
}

static const api_field public_fields[] = {
    {"token", F_STR, true, 40, "二维码"},
    {"category", F_STR, true, 20, "需求类别"},
    {"description", F_STR, true, 1000, "需求内容"},
    {"contact", F_STR, false, 20, "联系电话"},
    {"challenge", F_STR, true, 40, "验证信息"},
    {"nonce", F_STR, true, 40, "验证信息"},
    {"website", F_STR, false, 200, "网址"}, /* the hidden field: people leave it empty */
    {NULL, 0, false, 0, NULL},
};

/* The proof of work: SHA-256 of "challenge:nonce" with `difficulty` leading zero bits. */
static bool pow_valid(const char *challenge, const char *nonce, int difficulty)
{
    char text[96];
    int n = snprintf(text, sizeof text, "%s:%s", challenge, nonce);
    if (n <= 0 || (size_t)n >= sizeof text)
        return false;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)text, (unsigned long long)n);
    return need_pow_ok(digest, sizeof digest, difficulty);
}

/* POST /api/v1/public/needs. */
static void public_create(http_request *req, api_ctx *unused)
{
    (void)unused;
    db *d = api_db(req);
    if (!d)
        return;
    json_t *body = api_body(req);
    if (!body)
        return;
    dj_err err;
    const char *website = NULL;
    if (!fields_check(req, body, public_fields, true))
        goto done;
    website = json_str(body, "website");
    if (website && *website) {
        http_reply_error(req, 422, "validation", NULL, "提交被拒绝：请通过医院张贴的二维码页面填写");
        goto done;
    }
    const char *desc = json_str(body, "description"), *contact = json_str(body, "contact");
    const char *category = dj_enum_name(dj_need_categories, json_str(body, "category"));
    if (!category) {
        http_reply_error(req, 422, "validation", "category", "请选择需求类别");
        goto done;
    }
    if (!text_check(desc, true, true, "需求内容", "description", &err) || !need_description_check(desc, &err) ||
        (contact && !text_check(contact, false, false, "联系电话", "contact", &err)) ||
        !need_contact_check(contact, &err)) {
        api_fail(req, &err);
        goto done;
    }
    const char *nonce = json_str(body, "nonce"), *challenge = json_str(body, "challenge");
    if (!need_nonce_valid(nonce)) {
        http_reply_error(req, 422, "validation", "nonce", "验证信息无效，请刷新页面后重新提交");
        goto done;
    }
    int64_t inst = 0;
    if (!poster_of(req, d, json_str(body, "token"), &inst, NULL))
        goto done;
    need_settings s;
    if (!settings_load(d, &s, &err)) {
        api_fail(req, &err);
        goto done;
    }
    int64_t now = (int64_t)time(NULL);
    char akey[96], ikey[48];
    client_key(req, "a", akey, sizeof akey);
    snprintf(ikey, sizeof ikey, "i:%lld", (long long)inst);
    if (!under_limit(req, d, akey, s.per_address_hour, now, "提交过于频繁：同一网络每小时最多提交有限条需求，请稍后再试") ||
        !under_limit(req, d, ikey, s.per_institution_hour, now, "该医院本时段收到的需求较多，请稍后再试"))
        goto done;
    /* The challenge is used up whatever follows: a second try with it is a replay. */
    int64_t c_inst = 0, expires = 0;
    bool found = false;
    if (!need_challenge_take(d, challenge, &c_inst, &expires, &found, &err)) {
        api_fail(req, &err);
        goto done;
    }
    if (!found || c_inst != inst) {
        http_reply_error(req, 422, "validation", "challenge", "验证信息无效或已使用，请刷新页面后重新提交");
        goto done;
    }
    if (expires < now) {
        http_reply_error(req, 422, "validation", "challenge", "验证信息已过期（10 分钟内有效），请重新提交");
        goto done;
    }
    if (!pow_valid(challenge, nonce, s.difficulty)) {
        http_reply_error(req, 422, "validation", "nonce", "验证未通过，请刷新页面后重新提交");
        goto done;
    }
    char ticket[NEED_TICKET_LEN + 1], today[11];
    random_code(ticket, NEED_TICKET_LEN);
    today_str(today);
    json_t *row = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "institution_id", (json_int_t)inst, "ticket", ticket, "category",
                            category, "description", desc, "status", "received", "received_on", today);
    int64_t id = 0;
    bool ok = db_begin(d, &err) && row_insert(d, "needs", need_columns, row, &public_actor, &id, &err) &&
              (!contact || !*contact || need_contact_set(d, id, contact, &err)) &&
              need_hit_add(d, akey, now, &err) && need_hit_add(d, ikey, now, &err) && db_commit(d, &err);
    json_decref(row);
    if (!ok) {
        db_rollback(d);
        api_fail(req, &err);
        goto done;
    }
    http_add_header(req, "Cache-Control", "no-store");
    http_reply_json(req, 201, json_pack("{s:s,s:s,s:s,s:s}", "ticket", ticket, "status", "received", "status_label",
                                        dj_enum_label(dj_need_statuses, "received"), "received_on", today));
done:
    json_decref(body);
}

/* The database and the need of the route's ticket, or NULL after answering (404). */
static json_t *ticket_need(http_request *req, db **dp)
{
    db *d = *dp = api_db(req);
    if (!d)
        return NULL;
    const char *ticket = req->params[0];
    dj_err err = {0};
    json_t *n = need_code_valid(ticket, NEED_TICKET_LEN) ? need_by_ticket_e(d, ticket, &err) : NULL;
    if (!n) {
        if (err.code[0] && strcmp(err.code, "not_found") != 0)
            api_fail(req, &err);
        else
            http_reply_error(req, 404, "not_found", NULL, "未找到该受理编号，请核对后重试");
    }
    return n;
}

/* GET /api/v1/public/needs/{ticket}: the status and the public replies, nothing personal. */
static void public_status(http_request *req, api_ctx *unused)
{
    (void)unused;
    db *d;
    json_t *n = ticket_need(req, &d);
    if (!n)
        return;
    dj_err err;
    json_t *replies = need_replies_e(d, json_integer_value(json_object_get(n, "id")), true, &err);
    if (!replies) {
        json_decref(n);
        api_fail(req, &err);
        return;
    }
    json_object_del(n, "id");
    json_object_set_new(n, "status_label", json_string(dj_enum_label(dj_need_statuses, json_str(n, "status"))));
    json_object_set_new(n, "category_label", json_string(dj_enum_label(dj_need_categories, json_str(n, "category"))));
    json_object_set_new(n, "replies", replies);
    http_add_header(req, "Cache-Control", "no-store");
    http_reply_json(req, 200, n);
}

/* What the bytes are, by their first bytes (never a name or a Content-Type). */
static const char *photo_type(const unsigned char *p, size_t n)
{
    if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
        return "image/jpeg";
    if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    return NULL;
}

/* POST /api/v1/public/needs/{ticket}/photo: the photo of a need just filed (raw bytes). */
static void public_photo(http_request *req, api_ctx *unused)
{
    (void)unused;
    db *d;
    json_t *n = ticket_need(req, &d);
    if (!n)
        return;
    int64_t id = json_integer_value(json_object_get(n, "id"));
    json_decref(n);
    const char *type = photo_type((const unsigned char *)req->body, req->body_len);
    if (!type) {
        http_reply_error(req, 415, "unsupported_media_type", NULL,
                         req->body_len ? "只能上传 JPEG 或 PNG 照片（按文件内容识别）" : "照片内容为空");
        return;
    }
    dj_err err;
    json_t *row = row_get_e(d, "needs", id, &err);
    if (!row) {
        api_fail(req, &err);
        return;
    }
    /* Within an hour of filing: created_at is "YYYY-MM-DDTHH:MM:SSZ". */
    struct tm tm = {0};
    const char *created = json_str(row, "created_at");
    bool recent = created && sscanf(created, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                                    &tm.tm_min, &tm.tm_sec) == 6;
    json_decref(row);
    if (recent) {
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        recent = (int64_t)time(NULL) - (int64_t)timegm(&tm) <= PHOTO_WINDOW_S;
    }
    if (!recent) {
        http_reply_error(req, 409, "conflict", NULL, "只能在提交需求后一小时内上传照片");
        return;
    }
    unsigned char digest[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256(digest, (const unsigned char *)req->body, req->body_len);
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    json_t *after = json_pack("{s:I,s:s,s:I,s:s}", "need_id", (json_int_t)id, "content_type", type, "size",
                              (json_int_t)req->body_len, "sha256", hex);
    bool ok = db_begin(d, &err) && need_photo_add(d, id, type, req->body, req->body_len, hex, &err) &&
              audit_write(d, &public_actor, "create", "need_photo", id, NULL, after, &err) && db_commit(d, &err);
    json_decref(after);
    if (!ok) {
        db_rollback(d);
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 201, json_pack("{s:s,s:I}", "content_type", type, "size", (json_int_t)req->body_len));
}

/* ---- The staff side: scope, loading, presenting ---------------------------------------- */

static bool caller_scope(const api_ctx *c, need_scope *s)
{
    if (!c->actor.scope_path || api_can(c, CAP_SCOPE_SELF))
        return false;
    s->path = c->actor.scope_path;
    s->uncovered = api_can(c, CAP_COVERAGE_OVERSEE);
    return true;
}

static void need_present(json_t *n)
{
    const char *st = json_str(n, "status"), *g = json_str(n, "grade"), *m = json_str(n, "mode");
    json_object_set_new(n, "status_label", json_string(dj_enum_label(dj_need_statuses, st)));
    json_object_set_new(n, "category_label", json_string(dj_enum_label(dj_need_categories, json_str(n, "category"))));
    json_object_set_new(n, "grade_label", g ? json_string(dj_enum_label(dj_need_grades, g)) : json_null());
    json_object_set_new(n, "mode_label", m ? json_string(dj_enum_label(dj_need_modes, m)) : json_null());
    dj_date due = 0, solved = 0;
    if (st && strcmp(st, "solved") == 0 && json_str(n, "solved_on") && date_parse(json_str(n, "solved_on"), &solved)) {
        bool has_due = json_str(n, "due_on") && date_parse(json_str(n, "due_on"), &due);
        json_object_set_new(n, "on_time", json_boolean(need_on_time(has_due, due, solved)));
    } else {
        json_object_set_new(n, "on_time", json_null());
    }
}

static json_t *need_load(api_ctx *c, int64_t id, dj_err *err)
{
    char today[11];
    today_str(today);
    json_t *n = need_read_e(c->d, id, today, err);
    if (n && !json_is_true(json_object_get(n, "deleted")) &&
        institution_visible(c, json_integer_value(json_object_get(n, "institution_id"))))
        return n;
    json_decref(n);
    return NULL;
}

/* The need with its replies, milestones and contact (masked for those who only read). */
static void need_reply(http_request *req, api_ctx *c, int64_t id, int status)
{
    char today[11];
    today_str(today);
    dj_err err;
    json_t *n = need_read_e(c->d, id, today, &err), *replies = NULL, *ms = NULL;
    char *contact = NULL;
    bool ok = n && (replies = need_replies_e(c->d, id, false, &err)) && (ms = need_milestones_e(c->d, id, &err)) &&
              need_contact_get(c->d, id, &contact, &err);
    if (!ok) {
        json_decref(n);
        json_decref(replies);
        json_decref(ms);
        api_fail(req, &err);
        return;
    }
    need_present(n);
    json_object_set_new(n, "replies", replies);
    json_object_set_new(n, "milestones", ms);
    if (contact && !api_can(c, CAP_NEEDS_HANDLE)) {
        size_t len = strlen(contact);
        for (size_t i = 3; i + 4 < len; i++)
            contact[i] = '*';
    }
    json_object_set_new(n, "contact", contact ? json_string(contact) : json_null());
    free(contact);
    http_reply_json(req, status, n);
}

static const api_object need_object = {"needs", "需求不存在", need_load, need_reply, NULL, NULL};

/* ---- Lists, export, statistics ---------------------------------------------------------- */

/* The list's filters; *none when the caller sees no needs. */
static bool query_from(http_request *req, api_ctx *c, need_query *q, char today[11], bool *none)
{
    *q = (need_query){0};
    today_str(today);
    q->today = today;
    if (!api_paging(req, &q->limit, &q->offset) || !fields_query_enum(req, "status", dj_need_statuses, &q->status) ||
        !fields_query_enum(req, "grade", dj_need_grades, &q->grade) ||
        !fields_query_enum(req, "category", dj_need_categories, &q->category) ||
        !api_query_id(req, "institution", &q->institution_id) || !api_query_bool(req, "overdue", &q->overdue))
        return false;
    *none = !caller_scope(c, &q->scope);
    return true;
}

static void list_needs(http_request *req, api_ctx *c)
{
    need_query q;
    char today[11];
    bool none;
    if (!query_from(req, c, &q, today, &none))
        return;
    if (none) {
        http_reply_json(req, 200, api_list(json_array(), 0, q.limit, q.offset));
        return;
    }
    int64_t total = 0;
    dj_err err;
    json_t *items = needs_list_e(c->d, &q, &total, &err);
    if (!items) {
        api_fail(req, &err);
        return;
    }
    size_t i;
    json_t *n;
    json_array_foreach(items, i, n)
        need_present(n);
    http_reply_json(req, 200, api_list(items, total, q.limit, q.offset));
}

static const char *on_time_text(const json_t *item, const char *field, char *scratch, size_t n)
{
    (void)scratch;
    (void)n;
    json_t *v = json_object_get(item, field);
    return json_is_true(v) ? "是" : json_is_false(v) ? "否" : "";
}

static const char *overdue_text(const json_t *item, const char *field, char *scratch, size_t n)
{
    (void)scratch;
    (void)n;
    return json_is_true(json_object_get(item, field)) ? "逾期" : "";
}

static void export_needs(http_request *req, api_ctx *c)
{
    static const api_sheet_column cols[] = {
        {"编号", "id", 8, NULL},              {"受理编号", "ticket", 18, NULL},
        {"医疗机构", "institution_name", 24, NULL},
        {"类别", "category_label", 10, NULL}, {"需求内容", "description", 48, NULL},
        {"受理日期", "received_on", 12, NULL}, {"分级", "grade_label", 8, NULL},
        {"办理方式", "mode_label", 10, NULL},  {"办结期限", "due_on", 12, NULL},
        {"承办人", "assignee_name", 10, NULL}, {"状态", "status_label", 8, NULL},
        {"解决日期", "solved_on", 12, NULL},   {"按期解决", "on_time", 8, on_time_text},
        {"逾期", "overdue", 6, overdue_text},  {"办理结果", "solution", 36, NULL},
        {NULL},
    };
    need_query q;
    char today[11];
    bool none;
    if (!query_from(req, c, &q, today, &none))
        return;
    json_t *all = json_array();
    for (q.offset = 0, q.limit = EXPORT_PAGE; !none;) {
        int64_t total = 0;
        dj_err err;
        json_t *page = needs_list_e(c->d, &q, &total, &err);
        if (!page) {
            json_decref(all);
            api_fail(req, &err);
            return;
        }
        size_t i;
        json_t *n;
        json_array_foreach(page, i, n)
            need_present(n);
        json_array_extend(all, page);
        json_decref(page);
        q.offset += q.limit;
        if (q.offset >= total)
            break;
    }
    /* 群众需求台账, percent-encoded for the browser's file name. */
    api_reply_sheet(req, "needs", "%E7%BE%A4%E4%BC%97%E9%9C%80%E6%B1%82%E5%8F%B0%E8%B4%A6", "群众需求", cols, all);
    json_decref(all);
}

static json_t *stats_json(const need_stats *s)
{
    return json_pack("{s:I,s:I,s:I,s:I,s:I,s:f,s:f}", "received", (json_int_t)s->received, "solved",
                     (json_int_t)s->solved, "solved_on_time", (json_int_t)s->solved_on_time, "open", (json_int_t)s->open,
                     "overdue", (json_int_t)s->overdue, "average_days", need_stats_average_days(s), "on_time_rate",
                     need_stats_on_time_rate(s));
}

/* GET /api/v1/needs/stats?org=&institution=: the subtree's figures and each institution's. */
static void get_stats(http_request *req, api_ctx *c)
{
    int64_t org = 0, inst = 0;
    if (!api_query_id(req, "org", &org) || !api_query_id(req, "institution", &inst))
        return;
    need_scope s;
    char today_s[11];
    today_str(today_s);
    dj_date today = 0;
    date_parse(today_s, &today);
    json_t *rows = NULL;
    dj_err err;
    if (caller_scope(c, &s)) {
        if (org) {
            const char *path = scope_org_path(req, c, org, NULL);
            if (!path)
                return;
            s.path = path;
        }
        rows = needs_stats_rows_e(c->d, &s, inst, &err);
        if (!rows) {
            api_fail(req, &err);
            return;
        }
    } else {
        rows = json_array();
    }
    need_stats total = {0}, cur = {0};
    json_t *per = json_array(), *r;
    int64_t cur_id = 0;
    const char *cur_name = NULL;
    size_t i;
    json_array_foreach(rows, i, r) {
        int64_t id = json_integer_value(json_object_get(r, "institution_id"));
        if (id != cur_id) {
            if (cur_id) {
                json_t *o = stats_json(&cur);
                json_object_set_new(o, "institution_id", json_integer(cur_id));
                json_object_set_new(o, "institution_name", json_string(cur_name));
                json_array_append_new(per, o);
            }
            cur = (need_stats){0};
            cur_id = id;
            cur_name = json_str(r, "institution_name");
        }
        dj_date rec = 0, due = 0, solved = 0;
        date_parse(json_str(r, "received_on"), &rec);
        bool has_due = json_str(r, "due_on") && date_parse(json_str(r, "due_on"), &due);
        bool is_solved = strcmp(json_str(r, "status"), "solved") == 0 && json_str(r, "solved_on") &&
                         date_parse(json_str(r, "solved_on"), &solved);
        need_stats_add(&cur, rec, is_solved, solved, has_due, due, today);
        need_stats_add(&total, rec, is_solved, solved, has_due, due, today);
    }
    if (cur_id) {
        json_t *o = stats_json(&cur);
        json_object_set_new(o, "institution_id", json_integer(cur_id));
        json_object_set_new(o, "institution_name", json_string(cur_name));
        json_array_append_new(per, o);
    }
    json_t *out = stats_json(&total);
    json_object_set_new(out, "institutions", per);
    json_object_set_new(out, "as_of", json_string(today_s));
    json_decref(rows);
    http_reply_json(req, 200, out);
}

static void get_need(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *n = api_object_get(req, c, &need_object, &id);
    if (!n)
        return;
    json_decref(n);
    need_reply(req, c, id, 200);
}

static void get_photo(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *n = api_object_get(req, c, &need_object, &id);
    if (!n)
        return;
    json_decref(n);
    dj_err err;
    char type[16];
    size_t len = 0;
    char *data = need_photo_get(c->d, id, type, &len, &err);
    if (!data) {
        api_fail(req, &err);
        return;
    }
    http_reply_bytes(req, 200, strcmp(type, "image/png") == 0 ? "image/png" : "image/jpeg", data, len);
}

/* ---- Triage, assignment, replies, closing ----------------------------------------------- */

static const api_field triage_fields[] = {
    {"grade", F_STR, false, 20, "分级"},
    {"category", F_STR, false, 20, "需求类别"},
    {"mode", F_STR, false, 20, "办理方式"},
    {"deadline", F_DATE, false, 0, "完成期限"},
    {"milestones", F_OBJ_ARRAY, false, 10, "工作节点"},
    {"assignee_user_id", F_INT, false, 0, "承办人"},
    {NULL, 0, false, 0, NULL},
};

static const api_field milestone_fields[] = {
    {"title", F_STR, true, 100, "节点名称"},
    {"days_before", F_INT, false, 0, "距完成期限天数"},
    {"due_on", F_DATE, false, 0, "计划完成日期"}, /* computed: what the client sends is ignored */
    {"done_on", F_DATE, false, 0, "实际完成日期"},
    {NULL, 0, false, 0, NULL},
};

typedef struct triage_state {
    json_t *milestones_before;
    bool set_milestones;
} triage_state;

/* The milestones of 倒排工期 with their due days: days_before when given, else evenly set
 * backwards from the deadline. */
static bool milestones_plan(http_request *req, json_t *ms, dj_date today, dj_date deadline)
{
    size_t n = json_array_size(ms);
    dj_date even[10];
    dj_err err;
    if (n && !need_backward_plan(today, deadline, (int)n, even, &err))
        return reply_err(req, &err);
    size_t i;
    json_t *m;
    json_array_foreach(ms, i, m) {
        if (!fields_check_in(req, m, milestone_fields, true, "milestones"))
            return false;
        if (!text_check(json_str(m, "title"), false, true, "节点名称", "milestones", &err))
            return reply_err(req, &err);
        dj_date due = even[i];
        json_t *db_ = json_object_get(m, "days_before");
        if (db_ && json_is_integer(db_) &&
            !need_milestone_before(today, deadline, (int)json_integer_value(db_), &due, &err))
            return reply_err(req, &err);
        char s[11];
        date_format(due, s);
        json_t *clean = json_pack("{s:s,s:s}", "title", json_str(m, "title"), "due_on", s);
        json_object_set_new(clean, "done_on", json_str(m, "done_on") ? json_string(json_str(m, "done_on")) : json_null());
        json_array_set_new(ms, i, clean);
    }
    return true;
}

static bool triage_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    triage_state *st = state;
    if (strcmp(json_str(cur, "status"), "solved") == 0) {
        http_reply_error(req, 409, "conflict", NULL, "该需求已解决，不能再修改");
        return false;
    }
    const char *v;
    if ((v = json_str(body, "grade"))) {
        const char *g = dj_enum_name(dj_need_grades, v);
        if (!g) {
            http_reply_error(req, 422, "validation", "grade", "分级应为一般、较急或紧急");
            return false;
        }
        json_object_set_new(body, "grade", json_string(g));
    }
    if ((v = json_str(body, "category"))) {
        const char *g = dj_enum_name(dj_need_categories, v);
        if (!g) {
            http_reply_error(req, 422, "validation", "category", "需求类别无效");
            return false;
        }
        json_object_set_new(body, "category", json_string(g));
    }
    char today_s[11];
    today_str(today_s);
    dj_date today = 0;
    date_parse(today_s, &today);
    dj_err err;
    if ((v = json_str(body, "mode"))) {
        const char *mode = dj_enum_name(dj_need_modes, v);
        if (!mode) {
            http_reply_error(req, 422, "validation", "mode", "办理方式应为立行立办或倒排工期");
            return false;
        }
        json_object_set_new(body, "mode", json_string(mode));
        json_object_set_new(body, "graded_on", json_string(today_s));
        if (strcmp(mode, "immediate") == 0) {
            need_settings s;
            if (!settings_load(c->d, &s, &err))
                return reply_err(req, &err);
            char due[11];
            date_format(need_due_immediate(today, s.immediate_days), due);
            json_object_set_new(body, "due_on", json_string(due));
            json_object_set_new(body, "milestones", json_array());
        } else {
            dj_date deadline = 0;
            if (!json_str(body, "deadline") || !date_parse(json_str(body, "deadline"), &deadline)) {
                http_reply_error(req, 422, "validation", "deadline", "倒排工期须填写完成期限");
                return false;
            }
            if (!need_deadline_check(deadline, today, &err))
                return reply_err(req, &err);
            if (!json_object_get(body, "milestones"))
                json_object_set_new(body, "milestones", json_array());
            if (!milestones_plan(req, json_object_get(body, "milestones"), today, deadline))
                return false;
            json_object_set_new(body, "due_on", json_string(json_str(body, "deadline")));
        }
        st->set_milestones = true;
    } else if (json_object_get(body, "deadline") || json_object_get(body, "milestones")) {
        http_reply_error(req, 422, "validation", "mode", "设置完成期限或工作节点时须选择办理方式");
        return false;
    }
    json_t *a = json_object_get(body, "assignee_user_id");
    if (a && json_is_integer(a)) {
        json_t *u = row_get_e(c->d, "users", json_integer_value(a), &err);
        int64_t org = u ? json_integer_value(json_object_get(u, "org_id")) : 0;
        bool ok = u && !db_json_truthy(json_object_get(u, "disabled")) && org > 0;
        json_decref(u);
        if (!ok) {
            http_reply_error(req, 422, "validation", "assignee_user_id", "承办人须为管辖范围内启用的账号");
            return false;
        }
        if (!scope_org_path(req, c, org, "assignee_user_id"))
            return false;
    }
    if (st->set_milestones) {
        st->milestones_before = need_milestones_e(c->d, json_integer_value(json_object_get(cur, "id")), &err);
        if (!st->milestones_before)
            return reply_err(req, &err);
    }
    if (strcmp(json_str(cur, "status"), "received") == 0 && (json_str(body, "grade") || json_str(body, "mode")))
        json_object_set_new(body, "status", json_string("in_progress"));
    return true;
}

static bool triage_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                         dj_err *err)
{
    (void)cur;
    triage_state *st = state;
    json_t *ms = json_object_get(body, "milestones");
    bool links = st->set_milestones && !json_equal(ms, st->milestones_before);
    if (!row_update(c->d, "needs", need_columns, *id, version, body, links, "update", &c->actor, err))
        return false;
    if (!links)
        return true;
    return need_milestones_set(c->d, *id, ms, err) &&
           api_audit_links(c, "need", *id, json_incref(st->milestones_before), json_deep_copy(ms), err);
}

static void triage_need(http_request *req, api_ctx *c)
{
    triage_state st = {0};
    api_write w = {.obj = &need_object, .fields = triage_fields, .check = triage_check, .apply = triage_apply,
                   .state = &st};
    api_write_run(req, c, &w);
    json_decref(st.milestones_before);
}

static const api_field close_fields[] = {
    {"solution", F_STR, true, 1000, "办理结果"},
    {NULL, 0, false, 0, NULL},
};

static bool close_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    (void)c;
    (void)state;
    if (strcmp(json_str(cur, "status"), "solved") == 0) {
        http_reply_error(req, 409, "conflict", NULL, "该需求已解决");
        return false;
    }
    dj_err err;
    if (!text_check(json_str(body, "solution"), true, true, "办理结果", "solution", &err))
        return reply_err(req, &err);
    char today[11];
    today_str(today);
    json_object_set_new(body, "status", json_string("solved"));
    json_object_set_new(body, "solved_on", json_string(today));
    return true;
}

/* Closing also tells the public: the solution is a public reply. */
static bool close_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                        dj_err *err)
{
    (void)cur;
    (void)state;
    int64_t rid = 0;
    return row_update(c->d, "needs", need_columns, *id, version, body, false, "update", &c->actor, err) &&
           need_reply_add(c->d, *id, json_str(body, "solution"), true, c->actor.user_id, c->actor.username, &rid, err);
}

static void close_need(http_request *req, api_ctx *c)
{
    api_write w = {.obj = &need_object, .fields = close_fields, .all_required = true, .check = close_check,
                   .apply = close_apply};
    api_write_run(req, c, &w);
}

static const api_field reply_fields[] = {
    {"body", F_STR, true, 1000, "回复内容"},
    {"public", F_BOOL, false, 0, "公开回复"},
    {NULL, 0, false, 0, NULL},
};

static void create_reply(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *n = api_object_get(req, c, &need_object, &id);
    if (!n)
        return;
    json_decref(n);
    json_t *body = api_body(req);
    dj_err err;
    if (!body || !fields_check(req, body, reply_fields, true)) {
        json_decref(body);
        return;
    }
    if (!text_check(json_str(body, "body"), true, true, "回复内容", "body", &err)) {
        json_decref(body);
        api_fail(req, &err);
        return;
    }
    bool pub = json_is_true(json_object_get(body, "public"));
    int64_t rid = 0;
    json_t *after = json_pack("{s:I,s:s,s:b}", "need_id", (json_int_t)id, "body", json_str(body, "body"), "public", pub);
    bool ok = db_begin(c->d, &err) &&
              need_reply_add(c->d, id, json_str(body, "body"), pub, c->actor.user_id, c->actor.username, &rid, &err) &&
              audit_write(c->d, &c->actor, "create", "need_reply", rid, NULL, after, &err) && db_commit(c->d, &err);
    json_decref(body);
    if (!ok) {
        db_rollback(c->d);
        json_decref(after);
        api_fail(req, &err);
        return;
    }
    json_object_set_new(after, "id", json_integer(rid));
    json_object_set_new(after, "author_name", json_string(c->actor.username));
    http_reply_json(req, 201, after);
}

/* ---- Posters ---------------------------------------------------------------------------- */

/* The institution {id} of the route, live and in scope, or false after answering 404. */
static bool poster_institution(http_request *req, api_ctx *c, int64_t *id)
{
    if (!api_param_id(req, 0, id))
        return false;
    if (institution_visible(c, *id))
        return true;
    http_reply_error(req, 404, "not_found", NULL, "医疗机构不存在");
    return false;
}

static void poster_answer(http_request *req, const char *token, bool png)
{
    char url[64];
    snprintf(url, sizeof url, "/p/needs/%s", token);
    if (!png) {
        http_reply_json(req, 200, json_pack("{s:s,s:s}", "url", url, "token", token));
        return;
    }
    /* The address a phone opens, whole when the host is known. */
    const char *host = http_header(req, "Host");
    bool host_ok = host && *host && strlen(host) < 200 &&
                   strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") == strlen(host);
    const char *proto = req->via_trusted_proxy ? http_header(req, "X-Forwarded-Proto") : NULL;
    bool tls = api_config_get()->cookie_secure || (proto && strcmp(proto, "https") == 0);
    char full[320];
    snprintf(full, sizeof full, "%s%s%s", host_ok ? (tls ? "https://" : "http://") : "", host_ok ? host : "", url);
    size_t len = 0;
    unsigned char *data = qr_png(full, 10, &len);
    if (!data) {
        http_reply_error(req, 500, "internal", NULL, "无法生成二维码");
        return;
    }
    http_reply_bytes(req, 200, "image/png", (char *)data, len);
}

/* A new token for the institution, audited (before: the old one or none). */
static bool poster_new(api_ctx *c, int64_t id, const char *old, char token[NEED_TOKEN_LEN + 1], dj_err *err)
{
    random_code(token, NEED_TOKEN_LEN);
    json_t *before = old ? json_pack("{s:I,s:s}", "institution_id", (json_int_t)id, "token", old) : NULL;
    json_t *after = json_pack("{s:I,s:s}", "institution_id", (json_int_t)id, "token", token);
    bool ok = db_begin(c->d, err) && need_poster_set(c->d, id, token, err) &&
              audit_write(c->d, &c->actor, old ? "update" : "create", "need_poster", id, before, after, err) &&
              db_commit(c->d, err);
    json_decref(before);
    json_decref(after);
    if (!ok)
        db_rollback(c->d);
    return ok;
}

static void get_poster(http_request *req, api_ctx *c)
{
    int64_t id;
    if (!poster_institution(req, c, &id))
        return;
    const char *format = http_query(req, "format");
    if (format && strcmp(format, "png") != 0 && strcmp(format, "json") != 0) {
        http_reply_error(req, 400, "bad_request", "format", "格式须为 json 或 png");
        return;
    }
    char token[32];
    bool found = false;
    dj_err err;
    if (!need_poster_get(c->d, id, token, &found, &err) || (!found && !poster_new(c, id, NULL, token, &err))) {
        api_fail(req, &err);
        return;
    }
    poster_answer(req, token, format && strcmp(format, "png") == 0);
}

static void regenerate_poster(http_request *req, api_ctx *c)
{
    int64_t id;
    if (!poster_institution(req, c, &id))
        return;
    char old[32], token[32];
    bool found = false;
    dj_err err;
    if (!need_poster_get(c->d, id, old, &found, &err) || !poster_new(c, id, found ? old : NULL, token, &err)) {
        api_fail(req, &err);
        return;
    }
    poster_answer(req, token, false);
}

/* ---- The to-do list ---------------------------------------------------------------------- */

static void needs_todo(api_ctx *c, json_t *items)
{
    need_scope s;
    if (!api_can(c, CAP_NEEDS_READ) || !caller_scope(c, &s))
        return;
    char today[11];
    today_str(today);
    json_t *rows = needs_overdue_e(c->d, &s, today, TODO_MAX, NULL);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        char title[300], detail[120], link[48];
        snprintf(title, sizeof title, "群众需求逾期未办结：%s", json_str(r, "institution_name"));
        snprintf(detail, sizeof detail, "受理编号 %s，应于 %s 前办结", json_str(r, "ticket"), json_str(r, "due_on"));
        snprintf(link, sizeof link, "/needs/%lld", (long long)json_integer_value(json_object_get(r, "id")));
        api_todo_add(items, "need_overdue", "warning", title, detail, 0, NULL, link);
    }
    json_decref(rows);
}

const api_module needs_module = {
    "needs",
    (const api_route[]){
        {"GET", "/api/v1/public/needs/challenge", public_challenge, API_PUBLIC, 0, 0},
        {"POST", "/api/v1/public/needs", public_create, API_PUBLIC, PUBLIC_BODY_MAX, 0},
        {"GET", "/api/v1/public/needs/{ticket}", public_status, API_PUBLIC, 0, 0},
        {"POST", "/api/v1/public/needs/{ticket}/photo", public_photo, API_PUBLIC, NEED_PHOTO_MAX, 0},
        {"GET", "/api/v1/needs/stats", get_stats, CAP_NEEDS_READ, 0, 0},
        {"GET", "/api/v1/needs/export", export_needs, CAP_NEEDS_READ, 0, 0},
        {"GET", "/api/v1/needs", list_needs, CAP_NEEDS_READ, 0, 0},
        {"GET", "/api/v1/needs/{id}", get_need, CAP_NEEDS_READ, 0, API_NO_STORE},
        {"PATCH", "/api/v1/needs/{id}", triage_need, CAP_NEEDS_HANDLE, 0, API_NO_STORE},
        {"POST", "/api/v1/needs/{id}/replies", create_reply, CAP_NEEDS_HANDLE, 0, 0},
        {"POST", "/api/v1/needs/{id}/close", close_need, CAP_NEEDS_HANDLE, 0, API_NO_STORE},
        {"GET", "/api/v1/needs/{id}/photo", get_photo, CAP_NEEDS_READ, 0, API_NO_STORE},
        {"GET", "/api/v1/institutions/{id}/needs-poster", get_poster, CAP_NEEDS_READ, 0, 0},
        {"POST", "/api/v1/institutions/{id}/needs-poster", regenerate_poster, CAP_NEEDS_HANDLE, 0, 0},
        {"GET", "/api/v1/settings/needs", get_settings, CAP_NEEDS_READ, 0, 0},
        {"PUT", "/api/v1/settings/needs", put_settings, CAP_SETTINGS_MANAGE, 0, 0},
        {NULL},
    },
    needs_todo,
};
