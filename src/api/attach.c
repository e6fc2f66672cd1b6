/* attach.c: files attached to an object (attach.h). */
#include "api/attach.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/text.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ATTACHMENT_NAME_MAX 100

/* What the bytes are, by their first bytes, among the allowed types: the MIME type, or NULL. */
static const char *sniff(const unsigned char *p, size_t n, unsigned allowed)
{
    if ((allowed & ATTACH_JPEG) && n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
        return "image/jpeg";
    if ((allowed & ATTACH_PNG) && n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    if ((allowed & ATTACH_PDF) && n >= 5 && memcmp(p, "%PDF-", 5) == 0)
        return "application/pdf";
    return NULL;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

bool api_attach_accept(http_request *req, const api_attach *a, const char **name, const char **type, char hex[65])
{
    *name = http_query(req, "name");
    dj_err err;
    if (!*name || !**name) {
        http_reply_error(req, 422, "validation", "name", "文件名不能为空");
        return false;
    }
    if (utf8_chars(*name) > ATTACHMENT_NAME_MAX) {
        http_reply_error(req, 422, "validation", "name", "文件名不能超过 100 个字符");
        return false;
    }
    if (!text_check(*name, false, true, "文件名", "name", &err)) {
        api_fail(req, &err);
        return false;
    }
    *type = sniff((const unsigned char *)req->body, req->body_len, a->types);
    if (!*type) {
        http_reply_error(req, 415, "unsupported_media_type", NULL, req->body_len ? a->refused : "文件内容为空");
        return false;
    }
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)req->body, req->body_len);
    sodium_bin2hex(hex, 65, digest, sizeof digest);
    return true;
}

void api_attach_upload(http_request *req, api_ctx *c, const api_attach *a, file_owner o)
{
    const char *name, *type;
    char hex[65];
    if (!api_attach_accept(req, a, &name, &type, hex))
        return;
    dj_err err;
    json_t *f = NULL;
    bool ok = db_begin(c->d, &err) &&
              (f = file_add_e(c->d, a->files, o, name, type, req->body, req->body_len, hex, c->actor.username, &err));
    if (ok) {
        json_t *after = json_pack("{s:I,s:s,s:s,s:I,s:s}", a->files->owner, (json_int_t)o.id, "name", name,
                                  "content_type", type, "size", (json_int_t)req->body_len, "sha256", hex);
        if (a->files->part)
            json_object_set_new(after, a->files->part, json_integer(o.part));
        ok = audit_write(c->d, &c->actor, "create", a->audit_type, json_integer_value(json_object_get(f, "id")), NULL,
                         after, &err) &&
             db_commit(c->d, &err);
        json_decref(after);
    }
    if (!ok) {
        db_rollback(c->d);
        json_decref(f);
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 201, f);
}

void api_attach_list(http_request *req, api_ctx *c, const api_attach *a, file_owner o)
{
    dj_err err;
    json_t *items = files_of_e(c->d, a->files, o, &err);
    if (!items) {
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 200, json_pack("{s:o,s:I,s:n}", "items", items, "total", (json_int_t)json_array_size(items), "next"));
}

/* name percent-encoded for filename*= (RFC 5987: attr-char as it is, every other byte %XX). */
static const char *percent_encoded(arena *ar, const char *name)
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

void api_attach_send(http_request *req, const char *plain, const char *name, const char *type, char *data, size_t len)
{
    const char *ext = strcmp(type, "image/png") == 0 ? "png" : strcmp(type, "image/jpeg") == 0 ? "jpg" : "pdf";
    char *disp = arena_printf(req->a, "attachment; filename=\"%s.%s\"; filename*=UTF-8''%s", plain, ext,
                              percent_encoded(req->a, name));
    const char *t = arena_strdup(req->a, type);
    http_reply_bytes(req, 200, t, data, len);
    http_add_header(req, "Content-Disposition", disp);
}

void api_attach_download(http_request *req, api_ctx *c, const api_attach *a, file_owner o, int64_t id)
{
    dj_err err;
    json_t *f = file_read_e(c->d, a->files, o, id, &err);
    size_t len = 0;
    char *data = f ? file_data_e(c->d, a->files, o, id, &len, &err) : NULL;
    if (!data) {
        json_decref(f);
        api_fail(req, &err);
        return;
    }
    api_attach_send(req, "attachment", json_str(f, "name"), json_str(f, "content_type"), data, len);
    json_decref(f);
}

void api_attach_delete(http_request *req, api_ctx *c, const api_attach *a, file_owner o, int64_t id)
{
    dj_err err;
    json_t *f = NULL;
    bool ok = db_begin(c->d, &err) && (f = file_read_e(c->d, a->files, o, id, &err)) &&
              file_delete(c->d, a->files, o, id, &err) &&
              audit_write(c->d, &c->actor, "delete", a->audit_type, id, f, NULL, &err) && db_commit(c->d, &err);
    json_decref(f);
    if (!ok) {
        db_rollback(c->d);
        api_fail(req, &err);
        return;
    }
    http_reply_bytes(req, 204, NULL, NULL, 0);
}
