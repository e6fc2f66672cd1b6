#include "api/fields.h"

#include "core/buf.h"
#include "core/date.h"
#include "core/text.h"
#include "domain/enums.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool fail(http_request *req, const char *field, const char *msg)
{
    char m[200];
    snprintf(m, sizeof m, "%s: %s", field, msg);
    http_reply_error(req, 422, "validation", field, m);
    return false;
}

bool fields_check(http_request *req, json_t *body, const api_field *spec, bool creating)
{
    /* A field the object does not have is refused, not ignored: a misspelt name would otherwise
     * answer 200 and change nothing. ("version" is read by fields_version.) */
    const char *key;
    json_t *val;
    json_object_foreach(body, key, val) {
        bool known = strcmp(key, "version") == 0;
        for (const api_field *f = spec; !known && f->name; f++)
            known = strcmp(f->name, key) == 0;
        if (!known) {
            bool shown = strlen(key) <= 64; /* a name from the parsed body: valid UTF-8 */
            char m[160];
            snprintf(m, sizeof m, "未知字段%s%s", shown ? ": " : "", shown ? key : "");
            http_reply_error(req, 422, "validation", shown ? key : NULL, m);
            return false;
        }
    }
    for (const api_field *f = spec; f->name; f++) {
        json_t *v = json_object_get(body, f->name);
        if (json_is_string(v) && json_string_length(v) == 0 && !f->required && (f->kind == F_STR || f->kind == F_DATE)) {
            json_object_set_new(body, f->name, json_null());
            v = json_object_get(body, f->name);
        }
        if (!v || json_is_null(v)) {
            if (f->required && (creating || v))
                return fail(req, f->name, "必填");
            continue;
        }
        int max_items = f->max ? f->max : 200;
        switch (f->kind) {
        case F_STR:
            if (!json_is_string(v))
                return fail(req, f->name, "须为字符串");
            if (json_string_length(v) == 0 && f->required)
                return fail(req, f->name, "必填");
            if (utf8_length(json_string_value(v)) > (size_t)(f->max ? f->max : 200))
                return fail(req, f->name, "过长");
            break;
        case F_DATE: {
            dj_date d;
            if (!json_is_string(v) || !date_parse(json_string_value(v), &d))
                return fail(req, f->name, "须为 YYYY-MM-DD 格式的日期");
            break;
        }
        case F_INT:
            if (!json_is_integer(v))
                return fail(req, f->name, "须为整数");
            break;
        case F_NUM:
            if (!json_is_number(v))
                return fail(req, f->name, "须为数字");
            break;
        case F_BOOL:
            if (!json_is_boolean(v))
                return fail(req, f->name, "须为布尔值");
            break;
        case F_STR_ARRAY:
        case F_INT_ARRAY:
        case F_OBJ_ARRAY: {
            if (!json_is_array(v))
                return fail(req, f->name, "须为数组");
            if (json_array_size(v) > (size_t)max_items)
                return fail(req, f->name, "项目过多");
            size_t i;
            json_t *e;
            json_array_foreach(v, i, e) {
                if (f->kind == F_STR_ARRAY && (!json_is_string(e) || utf8_length(json_string_value(e)) > 50 || !json_string_length(e)))
                    return fail(req, f->name, "须为非空字符串数组（每项不超过 50 字）");
                if (f->kind == F_INT_ARRAY && (!json_is_integer(e) || json_integer_value(e) <= 0))
                    return fail(req, f->name, "须为正整数数组");
                if (f->kind == F_OBJ_ARRAY && !json_is_object(e))
                    return fail(req, f->name, "须为对象数组");
            }
            break;
        }
        }
    }
    return true;
}

bool fields_query_enum(http_request *req, const char *name, const dj_enum *table, const char **out)
{
    const char *v = http_query(req, name);
    *out = NULL;
    if (!v || !*v)
        return true;
    const dj_enum *e = dj_enum_find(table, v);
    if (e) {
        *out = e->name;
        return true;
    }
    /* The value itself is not echoed: it may be anything, even invalid UTF-8. */
    buf m = {0};
    buf_printf(&m, "参数 %s 的取值无效，应为", name);
    for (size_t i = 0; table[i].name; i++)
        buf_printf(&m, "%s%s（%s）", i ? "、" : "", table[i].name, table[i].label);
    buf_puts(&m, "之一");
    http_reply_error(req, 400, "bad_request", name, m.data);
    buf_free(&m);
    return false;
}

bool fields_version(http_request *req, json_t *body, int64_t *version)
{
    json_t *v = body ? json_object_get(body, "version") : NULL;
    if (json_is_integer(v)) {
        *version = json_integer_value(v);
        return true;
    }
    if (v)
        return fail(req, "version", "须为整数");
    const char *q = http_query(req, "version");
    char *end = NULL;
    if (q && *q) {
        long long n = strtoll(q, &end, 10);
        if (*end == '\0') {
            *version = n;
            return true;
        }
    }
    return fail(req, "version", "请提供读取时的 version");
}
