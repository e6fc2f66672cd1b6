/* fields.h: checks the shape of a request body against a field list (types, lengths, dates,
 * required), so every handler answers wrong types and missing fields the same way. */
#ifndef DJ_FIELDS_H
#define DJ_FIELDS_H

#include "api/api.h"

typedef enum { F_STR, F_DATE, F_INT, F_NUM, F_BOOL, F_STR_ARRAY, F_INT_ARRAY, F_OBJ_ARRAY } field_kind;

typedef struct api_field {
    const char *name;
    field_kind kind;
    bool required;   /* on create */
    int max;         /* F_STR: max code points; arrays: max items (0: 200) */
    const char *label; /* what people call it, for messages ("会议主题"); NULL: fields_label(name) */
} api_field;

/* Checks body against spec (a list ending with a NULL name). Empty strings of optional fields
 * become null. creating: whether required fields must be present. On a fault replies 422 with
 * the field and returns false. */
bool fields_check(http_request *req, json_t *body, const api_field *spec, bool creating);
/* The same for an object inside a body (a committee seat): a fault of its shape is reported on
 * its own field (position), unreadable text on the body's field as (NULL: its own). */
bool fields_check_in(http_request *req, json_t *body, const api_field *spec, bool creating, const char *as);

/* An optional enum-valued filter of a list (?status=, ?category=, ?type=, ...): absent or empty
 * leaves *out NULL (no filter); a wire name or a Chinese label of table sets *out to the wire
 * name (a static string); anything else replies 400 bad_request with field = name and returns
 * false. table is one of domain/enums.h. */
struct dj_enum;
bool fields_query_enum(http_request *req, const char *name, const struct dj_enum *table, const char **out);

/* What people call a body field ("birth_date" → "出生日期"), for messages; "该字段" if unknown. */
const char *fields_label(const char *name);

/* The version a PATCH or DELETE carries (body "version" or query ?version=); 422 if absent. */
bool fields_version(http_request *req, json_t *body, int64_t *version);

#endif
