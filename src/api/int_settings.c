/* int_settings.c: settings made of whole numbers (int_settings.h). */
#include "api/int_settings.h"

#include "api/fields.h"
#include "core/json.h"
#include "store/settings.h"

#include <stdlib.h>
#include <string.h>

enum { ITEMS_MAX = 16 };

static int *slot(const api_int_settings *a, void *s, size_t i) { return (int *)((char *)s + a->items[i].offset); }

/* The numbers of j (an object) over *s. */
static void apply(const api_int_settings *a, const json_t *j, void *s)
{
    for (size_t i = 0; a->items[i].name; i++) {
        json_t *v = json_object_get(j, a->items[i].name);
        if (v && json_is_integer(v))
            *slot(a, s, i) = (int)json_integer_value(v);
    }
}

static json_t *to_json(const api_int_settings *a, void *s)
{
    json_t *o = json_object();
    for (size_t i = 0; a->items[i].name; i++)
        json_object_set_new(o, a->items[i].name, json_integer(*slot(a, s, i)));
    return o;
}

bool api_int_settings_load(db *d, const api_int_settings *a, void *out, dj_err *err)
{
    a->defaults(out);
    char *value = NULL;
    if (!setting_get(d, a->key, &value, err))
        return false;
    if (!value)
        return true;
    json_t *j = json_loads(value, 0, NULL);
    free(value);
    void *s = malloc(a->size);
    memcpy(s, out, a->size);
    apply(a, j, s);
    /* A stored value that no longer passes falls back to the defaults. */
    if (a->validate(s, NULL))
        memcpy(out, s, a->size);
    free(s);
    json_decref(j);
    return true;
}

/* The settings as JSON with "defaults". */
static json_t *with_defaults(const api_int_settings *a, json_t *o)
{
    void *def = malloc(a->size);
    a->defaults(def);
    json_object_set_new(o, "defaults", to_json(a, def));
    free(def);
    return o;
}

void api_int_settings_get(http_request *req, api_ctx *c, const api_int_settings *a)
{
    void *s = malloc(a->size);
    dj_err err;
    if (!api_int_settings_load(c->d, a, s, &err)) {
        free(s);
        api_fail(req, &err);
        return;
    }
    json_t *out = to_json(a, s);
    free(s);
    http_reply_json(req, 200, with_defaults(a, out));
}

void api_int_settings_put(http_request *req, api_ctx *c, const api_int_settings *a)
{
    api_field fields[ITEMS_MAX + 1] = {{0}};
    for (size_t i = 0; a->items[i].name && i < ITEMS_MAX; i++)
        fields[i] = (api_field){a->items[i].name, F_INT, false, 0, a->items[i].label};
    json_t *body = api_body(req);
    if (!body || !fields_check(req, body, fields, false)) {
        json_decref(body);
        return;
    }
    void *s = malloc(a->size);
    dj_err err;
    bool ok = api_int_settings_load(c->d, a, s, &err);
    json_t *before = ok ? to_json(a, s) : NULL;
    if (ok)
        apply(a, body, s);
    json_decref(body);
    if (ok && !a->validate(s, &err)) {
        free(s);
        json_decref(before);
        api_fail(req, &err);
        return;
    }
    json_t *after = ok ? to_json(a, s) : NULL;
    free(s);
    char *text = after ? json_compact(after) : NULL;
    ok = ok && db_begin(c->d, &err) && setting_put(c->d, a->key, text, &err) &&
         (json_equal(before, after) || audit_write(c->d, &c->actor, "update", "settings", 0, before, after, &err)) &&
         db_commit(c->d, &err);
    free(text);
    json_decref(before);
    if (!ok) {
        db_rollback(c->d);
        json_decref(after);
        api_fail(req, &err);
        return;
    }
    http_reply_json(req, 200, with_defaults(a, after));
}
