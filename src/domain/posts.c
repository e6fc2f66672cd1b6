/* posts.c: the rules of pioneer posts and badges (posts.h). */
#include "domain/posts.h"

#include <string.h>

bool post_members_check(const int64_t *ids, size_t n, dj_err *err)
{
    if (n > POST_MEMBERS_MAX)
        return dj_err_set(err, "validation", "member_ids", "一个先锋岗最多 %d 名在岗党员", POST_MEMBERS_MAX);
    for (size_t i = 0; i < n; i++) {
        if (ids[i] <= 0)
            return dj_err_set(err, "validation", "member_ids", "在岗党员须为党员编号");
        for (size_t k = 0; k < i; k++)
            if (ids[k] == ids[i])
                return dj_err_set(err, "validation", "member_ids", "同一名党员不能重复列入在岗名单");
    }
    return true;
}

bool badge_token_valid(const char *s)
{
    if (!s)
        return false;
    size_t n = 0;
    for (; s[n]; n++) {
        char ch = s[n];
        if (n >= BADGE_TOKEN_LEN || !((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')))
            return false;
    }
    return n == BADGE_TOKEN_LEN;
}

const char *const badge_public_keys[] = {"name", "institution", "department", "title", "identity", "posts", "photo", NULL};

json_t *badge_public_view(const json_t *src)
{
    json_t *out = json_object();
    for (const char *const *k = badge_public_keys; *k; k++) {
        json_t *v = json_object_get(src, *k);
        if (strcmp(*k, "identity") == 0) {
            json_object_set_new(out, *k, json_string("共产党员"));
        } else if (strcmp(*k, "posts") == 0) {
            json_t *a = json_array();
            size_t i;
            json_t *p;
            if (json_is_array(v))
                json_array_foreach(v, i, p)
                    if (json_is_string(p))
                        json_array_append_new(a, json_string(json_string_value(p)));
            json_object_set_new(out, *k, a);
        } else {
            json_object_set_new(out, *k, json_is_string(v) && json_string_length(v) ? json_string(json_string_value(v)) : json_null());
        }
    }
    return out;
}
