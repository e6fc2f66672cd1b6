/* write.c: the one path of every write (write.h). */
#include "api/write.h"

#include "store/rows.h"

#include <string.h>

json_t *api_object_get(http_request *req, api_ctx *c, const api_object *obj, int64_t *id)
{
    if (!api_param_id(req, 0, id))
        return NULL;
    dj_err err = {0};
    json_t *o = obj->load(c, *id, &err);
    if (!o) {
        if (err.code[0] && strcmp(err.code, "not_found") != 0)
            api_fail(req, &err);
        else
            http_reply_error(req, 404, "not_found", NULL, obj->not_found);
    }
    return o;
}

static bool default_apply(api_ctx *c, const api_write *w, int64_t *id, int64_t version, json_t *body, dj_err *err)
{
    if (w->creating)
        return row_insert(c->d, w->obj->table, w->cols, body, &c->actor, id, err);
    return row_update(c->d, w->obj->table, w->cols, *id, version, body, false, "update", &c->actor, err);
}

void api_write_run(http_request *req, api_ctx *c, const api_write *w)
{
    int64_t id = 0, version = 0;
    json_t *cur = NULL;
    if (!w->creating && !(cur = api_object_get(req, c, w->obj, &id)))
        return;
    json_t *body = w->body_optional && !req->body_len ? json_object() : api_body(req);
    if (body && (w->creating || fields_version(req, body, &version)) &&
        (!w->fields || fields_check(req, body, w->fields, w->creating || w->all_required)) &&
        (!w->check || w->check(req, c, body, cur, w->state))) {
        dj_err err;
        bool ok = db_begin(c->d, &err) &&
                  (w->apply ? w->apply(c, &id, version, body, cur, w->state, &err)
                            : default_apply(c, w, &id, version, body, &err)) &&
                  db_commit(c->d, &err);
        if (ok) {
            w->obj->reply(req, c, id, w->creating ? 201 : 200);
        } else {
            db_rollback(c->d);
            if (w->obj->explain)
                w->obj->explain(&err);
            api_fail(req, &err);
        }
    }
    json_decref(body);
    json_decref(cur);
}

typedef struct delete_state {
    bool deleted;
    bool (*check)(http_request *req, api_ctx *c, const json_t *cur, bool deleted);
    const api_object *obj;
} delete_state;

static bool delete_check(http_request *req, api_ctx *c, json_t *body, const json_t *cur, void *state)
{
    delete_state *s = state;
    (void)body;
    return !s->check || s->check(req, c, cur, s->deleted);
}

static bool delete_apply(api_ctx *c, int64_t *id, int64_t version, json_t *body, const json_t *cur, void *state,
                         dj_err *err)
{
    delete_state *s = state;
    (void)body;
    (void)cur;
    return row_set_deleted(c->d, s->obj->table, *id, version, s->deleted, &c->actor, err) &&
           (!s->obj->on_delete || s->obj->on_delete(c, *id, s->deleted, err));
}

void api_soft_delete(http_request *req, api_ctx *c, const api_object *obj, bool deleted,
                     bool (*check)(http_request *req, api_ctx *c, const json_t *cur, bool deleted))
{
    static const api_field version_only[] = {{NULL, 0, false, 0}};
    delete_state s = {deleted, check, obj};
    api_write w = {.obj = obj, .body_optional = true, .fields = version_only, .check = delete_check,
                   .apply = delete_apply, .state = &s};
    api_write_run(req, c, &w);
}
