/* meeting_attachments.c: a meeting's attachments (photos and PDFs of the record: the sign-in
 * sheet, the minutes): JPEG, PNG or PDF by their bytes, kept in the database so that every
 * server process sees them, listed, downloaded and deleted within the meeting's scope. */
#include "api/meetings.h"

#include "api/attach.h"
#include "api/module.h"
#include "api/write.h"
#include "core/json.h"
#include "store/meetings.h"

/* The largest attachment: the route's max_body, so the server answers 413 past it. */
#define ATTACHMENT_MAX ((size_t)10 * 1024 * 1024)

static const api_attach meeting_attach = {
    &meeting_attachment_files, "meeting_attachment", ATTACH_JPEG | ATTACH_PNG | ATTACH_PDF,
    "只能上传 JPEG、PNG 图片或 PDF 文件（按文件内容识别，与文件名无关）",
};

/* The meeting {id} of the route in scope and not deleted (its attachments are hidden while it
 * is), and the attachment {aid} when the route has one; false after answering 404/400. */
static bool attachment_owner(http_request *req, api_ctx *c, int64_t *id, int64_t *aid)
{
    json_t *m = api_object_get(req, c, &meeting_object, id);
    if (!m)
        return false;
    bool deleted = json_is_true(json_object_get(m, "deleted"));
    json_decref(m);
    if (deleted) {
        http_reply_error(req, 404, "not_found", NULL, "会议不存在");
        return false;
    }
    return !aid || api_param_id(req, 1, aid);
}

static void upload_attachment(http_request *req, api_ctx *c)
{
    int64_t id;
    if (attachment_owner(req, c, &id, NULL))
        api_attach_upload(req, c, &meeting_attach, (file_owner){id, 0});
}

static void list_attachments(http_request *req, api_ctx *c)
{
    int64_t id;
    if (attachment_owner(req, c, &id, NULL))
        api_attach_list(req, c, &meeting_attach, (file_owner){id, 0});
}

static void download_attachment(http_request *req, api_ctx *c)
{
    int64_t id, aid;
    if (attachment_owner(req, c, &id, &aid))
        api_attach_download(req, c, &meeting_attach, (file_owner){id, 0}, aid);
}

static void delete_attachment(http_request *req, api_ctx *c)
{
    int64_t id, aid;
    if (attachment_owner(req, c, &id, &aid))
        api_attach_delete(req, c, &meeting_attach, (file_owner){id, 0}, aid);
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
