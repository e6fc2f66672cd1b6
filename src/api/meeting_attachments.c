/* meeting_attachments.c: a meeting's attachments (photos and PDFs of the record: the sign-in
 * sheet, the minutes): JPEG, PNG or PDF by their bytes, kept in the database so that every
 * server process sees them, listed, downloaded and deleted within the meeting's scope. */
#include "api/meetings.h"

#include "api/module.h"
#include "api/write.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/text.h"
#include "store/meetings.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest attachment: the route's max_body, so the server answers 413 past it. */
#define ATTACHMENT_MAX ((size_t)10 * 1024 * 1024)
#define ATTACHMENT_NAME_MAX 100

/* The meeting {id} of the route in scope and not deleted (its attachments are hidden while it
 * is), or NULL after answering 404. */
static json_t *attachment_meeting(http_request *req, api_ctx *c, int64_t *id)
{
    json_t *m = api_object_get(req, c, &meeting_object, id);
    if (m && json_is_true(json_object_get(m, "deleted"))) {
        json_decref(m);
        http_reply_error(req, 404, "not_found", NULL, "会议不存在");
        return NULL;
    }
    return m;
}

/* What the bytes are, by their first bytes (never the name or the Content-Type): the MIME type
 * and the extension of the download's plain name, or NULL. */
const char *attachment_type(const unsigned char *p, size_t n, const char **ext)
{
    if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
        return *ext = "jpg", "image/jpeg";
    if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
        return *ext = "png", "image/png";
    if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
        return *ext = "pdf", "application/pdf";
    return NULL;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void upload_attachment(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *m = attachment_meeting(req, c, &id);
    if (!m)
        return;
    json_decref(m);
    const char *name = http_query(req, "name");
    dj_err err;
    if (!name || !*name) {
        http_reply_error(req, 422, "validation", "name", "文件名不能为空");
        return;
    }
    if (utf8_chars(name) > ATTACHMENT_NAME_MAX) {
        http_reply_error(req, 422, "validation", "name", "文件名不能超过 100 个字符");
        return;
    }
    if (!text_check(name, false, true, "文件名", "name", &err)) {
        api_fail(req, &err);
        return;
    }
    const char *ext = NULL;
    const char *type = attachment_type((const unsigned char *)req->body, req->body_len, &ext);
    if (!type) {
        http_reply_error(req, 415, "unsupported_media_type", NULL,
                         req->body_len ? "只能上传 JPEG、PNG 图片或 PDF 文件（按文件内容识别，与文件名无关）" : "文件内容为空");
        return;
    }
    unsigned char digest[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256(digest, (const unsigned char *)req->body, req->body_len);
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    json_t *a = NULL;
    bool ok = db_begin(c->d, &err) &&
              (a = meeting_attachment_add_e(c->d, id, name, type, req->body, req->body_len, hex, c->actor.username, &err));
    if (ok) {
        json_t *after = json_pack("{s:I,s:s,s:s,s:I,s:s}", "meeting_id", (json_int_t)id, "name", name, "content_type",
                                  type, "size", (json_int_t)req->body_len, "sha256", hex);
        ok = audit_write(c->d, &c->actor, "create", "meeting_attachment", json_integer_value(json_object_get(a, "id")), NULL, after, &err) &&
             db_commit(c->d, &err);
        json_decref(after);
    }
    if (!ok) {
        db_rollback(c->d);
        json_decref(a);
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 201, a);
}

static void list_attachments(http_request *req, api_ctx *c)
{
    int64_t id;
    json_t *m = attachment_meeting(req, c, &id);
    if (!m)
        return;
    json_decref(m);
    dj_err err;
    json_t *items = meeting_attachments_e(c->d, id, &err);
    if (!items) {
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 200, json_pack("{s:o,s:I,s:n}", "items", items, "total", (json_int_t)json_array_size(items), "next"));
}

/* name percent-encoded for filename*= (RFC 5987: attr-char as it is, every other byte %XX). */
const char *attachment_percent_encoded(arena *ar, const char *name)
{
    buf b = {0};
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p))
            buf_append(&b, (const char *)p, 1);
        else
            buf_printf(&b, "%%%02X", *p);
    }
    buf_append(&b, "", 0);
    const char *out = arena_strdup(ar, b.data);
    buf_free(&b);
    return out;
}

static void download_attachment(http_request *req, api_ctx *c)
{
    int64_t id, aid;
    json_t *m = attachment_meeting(req, c, &id);
    if (!m)
        return;
    json_decref(m);
    if (!api_param_id(req, 1, &aid))
        return;
    dj_err err;
    json_t *a = meeting_attachment_read_e(c->d, id, aid, &err);
    size_t len = 0;
    char *data = a ? meeting_attachment_data_e(c->d, id, aid, &len, &err) : NULL;
    if (!data) {
        json_decref(a);
        api_fail(req, &err);
        return;
    }
    const char *type = arena_strdup(req->a, json_str(a, "content_type"));
    const char *ext = strcmp(type, "image/png") == 0 ? "png" : strcmp(type, "image/jpeg") == 0 ? "jpg" : "pdf";
    char *disp = arena_printf(req->a, "attachment; filename=\"attachment.%s\"; filename*=UTF-8''%s", ext,
                              attachment_percent_encoded(req->a, json_str(a, "name")));
    json_decref(a);
    http_reply_bytes(req, 200, type, data, len);
    http_add_header(req, "Content-Disposition", disp);
}

static void delete_attachment(http_request *req, api_ctx *c)
{
    int64_t id, aid;
    json_t *m = attachment_meeting(req, c, &id);
    if (!m)
        return;
    json_decref(m);
    if (!api_param_id(req, 1, &aid))
        return;
    dj_err err;
    json_t *a = NULL;
    bool ok = db_begin(c->d, &err) && (a = meeting_attachment_read_e(c->d, id, aid, &err)) &&
              meeting_attachment_delete(c->d, id, aid, &err) &&
              audit_write(c->d, &c->actor, "delete", "meeting_attachment", aid, a, NULL, &err) && db_commit(c->d, &err);
    json_decref(a);
    if (!ok) {
        db_rollback(c->d);
        api_fail(req, &err);
        return;
    }
    http_reply_bytes(req, 204, NULL, NULL, 0);
}

const api_module meeting_attachments_module = {
    "meeting_attachments",
    (const api_route[]){
        {"POST", "/api/v1/meetings/{id}/attachments", upload_attachment, CAP_MEETINGS_WRITE, ATTACHMENT_MAX, 0},
        {"GET", "/api/v1/meetings/{id}/attachments", list_attachments, CAP_MEETINGS_READ, 0, 0},
        {"GET", "/api/v1/meetings/{id}/attachments/{aid}", download_attachment, CAP_MEETINGS_READ, 0, API_NO_STORE},
        {"DELETE", "/api/v1/meetings/{id}/attachments/{aid}", delete_attachment, CAP_MEETINGS_WRITE, 0, 0},
        {NULL},
    },
    NULL,
};
