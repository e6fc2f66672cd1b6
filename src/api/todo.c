/* todo.c: everyone's own to-do list (GET /api/v1/todo): what waits for the caller within its
 * scope, gathered from every module's hook (api_module.todo), each item a link to where it is
 * fixed. */
#include "api/module.h"

void api_todo_add(json_t *items, const char *kind, const char *severity, const char *title, const char *detail,
                  int64_t org_id, const char *org_name, const char *link)
{
    json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:s?,s:o,s:s?,s:s?}", "kind", kind, "severity", severity,
                                           "title", title, "detail", detail, "org_id",
                                           org_id ? json_integer(org_id) : json_null(), "org_name", org_name, "link",
                                           link));
}

/* Everything waiting for the caller, from every module, within the scope. */
static void todo_list(http_request *req, api_ctx *c)
{
    json_t *items = json_array();
    for (const api_module *const *m = api_modules; *m; m++)
        if ((*m)->todo)
            (*m)->todo(c, items);
    http_reply_json(req, 200, json_pack("{s:I,s:n,s:o}", "total", (json_int_t)json_array_size(items), "next", "items", items));
}

const api_module todo_module = {
    "todo",
    (const api_route[]){
        {"GET", "/api/v1/todo", todo_list, API_SIGNED_IN, 0, API_NO_STORE},
        {NULL},
    },
    NULL,
};
