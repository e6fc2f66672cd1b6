#include "api/fields.h"

#include "core/buf.h"
#include "core/date.h"
#include "core/text.h"
#include "domain/enums.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What people call a body's fields: a message names the field in words, never by its JSON name
 * (which the error's "field" carries for programs). */
static const struct { const char *name, *label; } labels[] = {
    {"name", "名称"}, {"gender", "性别"}, {"ethnicity", "民族"}, {"birth_date", "出生日期"},
    {"id_number", "身份证号"}, {"phone", "手机号"}, {"education", "学历"}, {"title", "职称"},
    {"department", "科室"}, {"position", "职务"}, {"org_id", "所在组织"}, {"category", "党员类别"},
    {"status", "状态"}, {"joined_on", "入党日期"}, {"full_on", "转正日期"}, {"tags", "标签"},
    {"type", "类型"}, {"parent_id", "上级组织"}, {"departments", "科室"}, {"established_on", "成立日期"},
    {"term_start", "任期开始日期"}, {"term_end", "任期结束日期"}, {"committee", "支部委员会"},
    {"institution_ids", "覆盖的医疗机构"}, {"member_id", "关联党员"}, {"credit_code", "统一社会信用代码"},
    {"ownership", "性质"}, {"kind", "机构类别"}, {"grade", "等级"}, {"district", "所在区县"},
    {"address", "地址"}, {"latitude", "纬度"}, {"longitude", "经度"}, {"staff_count", "职工人数"},
    {"org_ids", "覆盖组织"}, {"username", "用户名"}, {"display_name", "显示名称"}, {"role", "角色"},
    {"password", "密码"}, {"disabled", "停用"}, {"to_org_id", "转入组织"}, {"transfer_date", "转接日期"},
    {"reason", "原因"}, {"old_password", "原密码"}, {"new_password", "新密码"}, {"version", "版本号"},
};

const char *fields_label(const char *name)
{
    for (size_t i = 0; name && i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].name, name) == 0)
            return labels[i].label;
    return "该字段";
}

static bool fail_labelled(http_request *req, const char *field, const char *label, const char *msg)
{
    char m[200];
    snprintf(m, sizeof m, "%s%s", label ? label : fields_label(field), msg);
    http_reply_error(req, 422, "validation", field, m);
    return false;
}

static bool fail(http_request *req, const char *field, const char *msg)
{
    return fail_labelled(req, field, NULL, msg);
}

/* A field of a spec, named by its own label when the module gave one. */
#define FAIL(f, msg) fail_labelled(req, (f)->name, (f)->label, (msg))

/* Fields whose text may run over several lines (tab and line feed allowed). */
static bool multiline(const char *name)
{
    static const char *const names[] = {"minutes", "address", "reason", "cancel_reason", "description", "first_topic",
                                        "text", NULL};
    for (const char *const *n = names; *n; n++)
        if (strcmp(*n, name) == 0)
            return true;
    return false;
}

/* Text people can read, in every string field of every body, as the member fields have it
 * (core/text.h: no control characters, noncharacters or bidi overrides, something visible): one
 * such value breaks an export, a log or a screen. */
static bool text_ok(http_request *req, const api_field *f, const char *s, const char *as)
{
    dj_err e;
    if (!*s || strcmp(f->name, "password") == 0 || strcmp(f->name, "old_password") == 0 ||
        strcmp(f->name, "new_password") == 0)
        return true; /* a password is not text to show; its rules are domain/password.c's */
    if (text_check(s, multiline(f->name), true, f->label ? f->label : fields_label(f->name), f->name, &e))
        return true;
    http_reply_error(req, 422, "validation", as ? as : f->name, e.message);
    return false;
}

/* An item of a list of strings, named by its place ("第2个标签"). */
static bool text_ok_item(http_request *req, const api_field *f, const char *s, size_t i, const char *as)
{
    char label[96];
    snprintf(label, sizeof label, "第%zu个%s", i + 1, f->label ? f->label : fields_label(f->name));
    api_field one = *f;
    one.label = label;
    return text_ok(req, &one, s, as);
}

bool fields_check(http_request *req, json_t *body, const api_field *spec, bool creating)
{
    return fields_check_in(req, body, spec, creating, NULL);
}

bool fields_check_in(http_request *req, json_t *body, const api_field *spec, bool creating, const char *as)
{
    /* A field the object does not have is refused, not ignored: a misspelt name would otherwise
     * answer 200 and change nothing. ("version" is read by fields_version.) */
    const char *key;
    json_t *val;
    json_t *version = json_object_get(body, "version");
    if (version && !json_is_integer(version))
        return fail(req, "version", "须为整数");
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
                return FAIL(f, "为必填项");
            continue;
        }
        int max_items = f->max ? f->max : 200;
        switch (f->kind) {
        case F_STR:
            if (!json_is_string(v))
                return FAIL(f, "须为文字");
            if (json_string_length(v) == 0 && f->required)
                return FAIL(f, "为必填项");
            if (utf8_length(json_string_value(v)) > (size_t)(f->max ? f->max : 200))
            {
                char m[64];
                snprintf(m, sizeof m, "不能超过 %d 个字", f->max ? f->max : 200);
                return FAIL(f, m);
            }
            if (!text_ok(req, f, json_string_value(v), as))
                return false;
            break;
        case F_DATE: {
            dj_err e;
            if (!json_is_string(v))
                return FAIL(f, "须为 YYYY-MM-DD 格式的日期");
            if (!date_check(json_string_value(v), (f->label ? f->label : fields_label(f->name)), f->name, NULL, &e)) {
                http_reply_error(req, 422, "validation", f->name, e.message); /* says what is wrong */
                return false;
            }
            break;
        }
        case F_INT:
            if (!json_is_integer(v))
                return FAIL(f, "须为整数");
            break;
        case F_NUM:
            if (!json_is_number(v))
                return FAIL(f, "须为数字");
            break;
        case F_BOOL:
            if (!json_is_boolean(v))
                return FAIL(f, "须为布尔值");
            break;
        case F_STR_ARRAY:
        case F_INT_ARRAY:
        case F_OBJ_ARRAY: {
            if (!json_is_array(v))
                return FAIL(f, "须为数组");
            if (json_array_size(v) > (size_t)max_items)
                return FAIL(f, "项目过多");
            size_t i;
            json_t *e;
            json_array_foreach(v, i, e) {
                if (f->kind == F_STR_ARRAY && (!json_is_string(e) || utf8_length(json_string_value(e)) > 50 || !json_string_length(e)))
                    return FAIL(f, "须为非空字符串数组（每项不超过 50 字）");
                if (f->kind == F_STR_ARRAY && !text_ok_item(req, f, json_string_value(e), i, as))
                    return false;
                if (f->kind == F_INT_ARRAY && (!json_is_integer(e) || json_integer_value(e) <= 0))
                    return FAIL(f, "须为正整数数组");
                if (f->kind == F_OBJ_ARRAY && !json_is_object(e))
                    return FAIL(f, "须为对象数组");
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
