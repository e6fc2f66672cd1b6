/* development_files.c: the papers of a step of member development (入党申请书, 入党志愿书, 政审材料,
 * the branch meeting's record…): JPEG, PNG or PDF by their bytes, kept with the step (api/attach.h),
 * within the applicant's scope. A step takes files once it is done. */
#include "api/development.h"

#include "api/attach.h"
#include "api/module.h"
#include "core/json.h"
#include "domain/development.h"
#include "store/development.h"

#include <string.h>

/* The largest file: the route's max_body, so the server answers 413 past it. */
#define STEP_FILE_MAX ((size_t)10 * 1024 * 1024)

static const file_table step_files = {"applicant_step_files", "applicant_id", "附件不存在", "step"};
static const api_attach step_attach = {
    &step_files, "applicant_step_file", ATTACH_JPEG | ATTACH_PNG | ATTACH_PDF,
    "只能上传 JPEG、PNG 图片或 PDF 文件（按文件内容识别，与文件名无关）",
};

bool development_step_files(api_ctx *c, int64_t applicant_id, json_t *steps, dj_err *err)
{
    size_t i;
    json_t *s;
    json_array_foreach(steps, i, s) {
        json_t *files = files_of_e(c->d, &step_files,
                                   (file_owner){applicant_id, json_integer_value(json_object_get(s, "step"))}, err);
        if (!files)
            return false;
        json_object_set_new(s, "attachments", files);
    }
    return true;
}

/* The applicant {id} in scope and not deleted, its step {step} done, and the file {aid} when the
 * route has one; false after answering 404 (400 for a malformed id). */
static bool step_owner(http_request *req, api_ctx *c, file_owner *o, int64_t *aid)
{
    int64_t step;
    if (!api_param_id(req, 0, &o->id) || !api_param_id(req, 1, &step) || (aid && !api_param_id(req, 2, aid)))
        return false;
    dj_err err = {0};
    json_t *a = applicant_read_e(c->d, o->id, &err);
    bool seen = a && scope_has_path(c, json_str(a, "org_path")) && !json_is_true(json_object_get(a, "deleted"));
    json_decref(a);
    if (!a && strcmp(err.code, "not_found") != 0) {
        api_fail(req, &err);
        return false;
    }
    if (!seen) {
        http_reply_error(req, 404, "not_found", NULL, "发展对象不存在");
        return false;
    }
    json_t *steps = applicant_steps_e(c->d, o->id, &err);
    if (!steps) {
        api_fail(req, &err);
        return false;
    }
    bool done = false;
    size_t i;
    json_t *s;
    json_array_foreach(steps, i, s)
        done = done || json_integer_value(json_object_get(s, "step")) == step;
    json_decref(steps);
    if (!done) {
        http_reply_error(req, 404, "not_found", NULL, "该步骤尚未办理");
        return false;
    }
    o->part = step;
    return true;
}

static void upload_file(http_request *req, api_ctx *c)
{
    file_owner o;
    if (step_owner(req, c, &o, NULL))
        api_attach_upload(req, c, &step_attach, o);
}

static void list_files(http_request *req, api_ctx *c)
{
    file_owner o;
    if (step_owner(req, c, &o, NULL))
        api_attach_list(req, c, &step_attach, o);
}

static void download_file(http_request *req, api_ctx *c)
{
    file_owner o;
    int64_t aid;
    if (step_owner(req, c, &o, &aid))
        api_attach_download(req, c, &step_attach, o, aid);
}

static void delete_file(http_request *req, api_ctx *c)
{
    file_owner o;
    int64_t aid;
    if (step_owner(req, c, &o, &aid))
        api_attach_delete(req, c, &step_attach, o, aid);
}

const api_module development_files_module = {
    "development_files",
    (const api_route[]){
        {"GET", "/api/v1/applicants/{id}/steps/{step}/attachments", list_files, CAP_DEVELOPMENT_READ, 0, API_NO_STORE},
        {"POST", "/api/v1/applicants/{id}/steps/{step}/attachments", upload_file, CAP_DEVELOPMENT_WRITE, STEP_FILE_MAX,
         API_NO_STORE},
        {"GET", "/api/v1/applicants/{id}/steps/{step}/attachments/{aid}", download_file, CAP_DEVELOPMENT_READ, 0,
         API_NO_STORE},
        {"DELETE", "/api/v1/applicants/{id}/steps/{step}/attachments/{aid}", delete_file, CAP_DEVELOPMENT_WRITE, 0,
         API_NO_STORE},
        {NULL},
    },
    NULL,
};
