/* attach.h: files attached to an object (a meeting's sign-in sheet and minutes, a visit's photos):
 * uploaded as the raw request body with ?name=, their type judged by their first bytes (never the
 * name or the Content-Type), kept in the database (store/files.h), listed, downloaded and deleted.
 * The module's handler checks the owner (scope → 404) first, then calls these. */
#ifndef DJ_API_ATTACH_H
#define DJ_API_ATTACH_H

#include "api/api.h"
#include "store/files.h"

enum { ATTACH_JPEG = 1, ATTACH_PNG = 2, ATTACH_PDF = 4, ATTACH_IMAGES = ATTACH_JPEG | ATTACH_PNG };

typedef struct api_attach {
    const file_table *files; /* NULL for an object that keeps its file itself */
    const char *audit_type; /* the audit record's object type: "meeting_attachment" */
    unsigned types;         /* ATTACH_* that may be uploaded */
    const char *refused;    /* the 415 message: "只能上传 JPEG、PNG 图片或 PDF 文件（…）" */
} api_attach;

/* The upload of the request checked: ?name= (1–100 characters of text, 422), the body's type by its
 * first bytes among a->types (415 with a->refused), its SHA-256 in hex; false after answering.
 * (For an object that keeps one file in its own table: an alliance's agreement.) */
bool api_attach_accept(http_request *req, const api_attach *a, const char **name, const char **type, char hex[65]);
/* Answers a file's bytes (data: malloc'd, taken) as an attachment named `name` (plain: the ASCII
 * file name for old clients, without extension). */
void api_attach_send(http_request *req, const char *plain, const char *name, const char *type, char *data, size_t len);

/* POST: the body is the file, ?name= its name (1–100 characters of text); 201 with the file. */
void api_attach_upload(http_request *req, api_ctx *c, const api_attach *a, file_owner o);
/* GET: {items: [files without bytes], total, next: null}. */
void api_attach_list(http_request *req, api_ctx *c, const api_attach *a, file_owner o);
/* GET one: the bytes, as an attachment named as uploaded. */
void api_attach_download(http_request *req, api_ctx *c, const api_attach *a, file_owner o, int64_t id);
/* DELETE one: 204, audited with what was removed. */
void api_attach_delete(http_request *req, api_ctx *c, const api_attach *a, file_owner o, int64_t id);

#endif
