/* int_settings.h: a module's settings made of whole numbers (the 201 project's limits, the needs'
 * throttles, the 三重一大 reporting days): kept as JSON under the module's key of the settings
 * table, read over the rule's defaults (a stored value that no longer passes the rule falls back
 * to them), shown with the defaults (GET) and changed by the administrator (PUT: any subset of the
 * numbers, checked by the rule, audited when it changes something). */
#ifndef DJ_API_INT_SETTINGS_H
#define DJ_API_INT_SETTINGS_H

#include "api/api.h"

#include <stddef.h>

typedef struct api_int_setting {
    const char *name;  /* the JSON key */
    const char *label; /* what people call it, for the messages */
    size_t offset;     /* of its int in the module's struct */
} api_int_setting;

typedef struct api_int_settings {
    const char *key;             /* the settings table's key: "pairings" */
    const api_int_setting *items; /* ends with a NULL name */
    size_t size;                 /* sizeof the module's struct */
    void (*defaults)(void *out);
    bool (*validate)(const void *s, dj_err *err); /* err may be NULL */
} api_int_settings;

/* The settings as stored, over the defaults; false + err when the table cannot be read. */
bool api_int_settings_load(db *d, const api_int_settings *a, void *out, dj_err *err);
/* GET: the settings, with "defaults". */
void api_int_settings_get(http_request *req, api_ctx *c, const api_int_settings *a);
/* PUT: the body's numbers over the settings, checked, saved and audited; the new settings with
 * "defaults". */
void api_int_settings_put(http_request *req, api_ctx *c, const api_int_settings *a);

#endif
