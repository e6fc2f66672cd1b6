/* password.c: password acceptance rules. */
#include "domain/password.h"

#include <sodium.h>

#include <string.h>
#include <strings.h>

#define FIELD "password"

/* Whether haystack contains needle, ignoring ASCII case (strcasestr is a GNU extension). */
static bool contains_ci(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *h = haystack; *h; h++)
        if (strncasecmp(h, needle, n) == 0)
            return true;
    return false;
}

bool password_acceptable(const char *pw, const char *username, dj_err *err)
{
    if (!pw || !*pw)
        return dj_err_set(err, "validation", FIELD, "密码不能为空");
    size_t len = strlen(pw);
    if (len < PASSWORD_MIN_BYTES)
        return dj_err_set(err, "validation", FIELD, "密码至少%d个字符", PASSWORD_MIN_BYTES);
    if (len > PASSWORD_MAX_BYTES)
        return dj_err_set(err, "validation", FIELD, "密码不能超过%d个字符", PASSWORD_MAX_BYTES);
    bool letter = false, digit = false;
    for (const char *p = pw; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
            letter = true;
        else if (*p >= '0' && *p <= '9')
            digit = true;
    }
    if (!letter || !digit)
        return dj_err_set(err, "validation", FIELD, "密码须同时包含字母和数字");
    if (username && *username && contains_ci(pw, username))
        return dj_err_set(err, "validation", FIELD, "密码不能包含用户名");
    return true;
}

bool username_acceptable(const char *name, dj_err *err)
{
    if (!name || !*name)
        return dj_err_set(err, "validation", "username", "用户名不能为空");
    size_t len = strlen(name);
    if (len < USERNAME_MIN_BYTES || len > USERNAME_MAX_BYTES)
        return dj_err_set(err, "validation", "username", "用户名须为%d到%d个字符", USERNAME_MIN_BYTES, USERNAME_MAX_BYTES);
    for (const char *p = name; *p; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
                  c == '-' || c == '@';
        if (!ok)
            return dj_err_set(err, "validation", "username", "用户名只能包含英文字母、数字和 _ . - @");
    }
    return true;
}

/* Argon2id with OWASP's minimum (t=2, m=19 MiB): a login costs tens of milliseconds and a bounded
 * amount of memory per pool thread. */
enum { PW_OPS = 2 };
#define PW_MEM ((size_t)19 * 1024 * 1024)

_Static_assert(PASSWORD_HASH_BYTES == crypto_pwhash_STRBYTES, "the size of libsodium's hash strings");

bool password_hash(const char *pw, char out[PASSWORD_HASH_BYTES])
{
    return crypto_pwhash_str(out, pw, strlen(pw), PW_OPS, PW_MEM) == 0;
}

bool password_verify(const char *hash, const char *pw)
{
    if (!hash) {
        /* Spend the same work for an unknown account, so timing does not tell names apart. */
        char tmp[crypto_pwhash_STRBYTES];
        if (crypto_pwhash_str(tmp, "x", 1, PW_OPS, PW_MEM) != 0)
            return false;
        return false;
    }
    return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}
