/* credit_code.c: GB 32100-2015 unified social credit code. */
#include "domain/credit_code.h"

#include <stdio.h>
#include <string.h>

#define FIELD "credit_code"

static const char CODE_SET[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* The value (0..30) of c in the code set, or -1. */
static int code_value(char c)
{
    if (c == '\0')
        return -1;
    const char *p = strchr(CODE_SET, c);
    return p ? (int)(p - CODE_SET) : -1;
}

char credit_code_check_char(const char *first17)
{
    static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    if (!first17)
        return '\0';
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        int v = code_value(first17[i]);
        if (v < 0)
            return '\0';
        sum += v * weights[i];
    }
    int check = 31 - sum % 31;
    return CODE_SET[check == 31 ? 0 : check];
}

void credit_code_normalize(char *code)
{
    if (!code)
        return;
    for (; *code; code++)
        if (*code >= 'a' && *code <= 'z')
            *code = (char)(*code - 'a' + 'A');
}

bool credit_code_validate(const char *code, dj_err *err)
{
    if (!code || !*code)
        return dj_err_set(err, "validation", FIELD, "统一社会信用代码不能为空");
    size_t len = strlen(code);
    if (len != 18)
        return dj_err_set(err, "validation", FIELD, "统一社会信用代码应为18位，当前为%zu位", len);
    for (int i = 0; i < 18; i++) {
        if (code_value(code[i]) < 0) {
            char c = code[i];
            if ((c >= 'a' && c <= 'z'))
                return dj_err_set(err, "validation", FIELD, "统一社会信用代码中的字母应为大写（第%d位）",
                                  i + 1);
            return dj_err_set(err, "validation", FIELD,
                              "统一社会信用代码第%d位不是有效字符（只能是数字和除I、O、Z、S、V以外的大写字母）",
                              i + 1);
        }
    }
    if (credit_code_check_char(code) != code[17])
        return dj_err_set(err, "validation", FIELD, "统一社会信用代码校验位不正确，请核对");
    return true;
}

/* GB 11714 organisation code check character for 8 digits. */
static char org_code_check_char(const char *body8)
{
    static const int weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 8; i++)
        sum += (body8[i] - '0') * weights[i];
    int c = 11 - sum % 11;
    if (c == 10)
        return 'X';
    if (c == 11)
        return '0';
    return (char)('0' + c);
}

void credit_code_generate(const char *prefix2, const char *area6, uint32_t seed, char out[19])
{
    out[0] = '\0';
    if (!prefix2 || strlen(prefix2) != 2 || code_value(prefix2[0]) < 0 || code_value(prefix2[1]) < 0)
        return;
    if (!area6 || strlen(area6) != 6)
        return;
    for (int i = 0; i < 6; i++)
        if (area6[i] < '0' || area6[i] > '9')
            return;
    /* Spread consecutive seeds over the 8-digit space (Knuth's multiplicative hash). */
    uint32_t body = (uint32_t)(((uint64_t)seed * 2654435761u) % 100000000u);
    char buf[32];
    snprintf(buf, sizeof buf, "%s%s%08u", prefix2, area6, (unsigned)body);
    buf[16] = org_code_check_char(buf + 8);
    buf[17] = credit_code_check_char(buf);
    buf[18] = '\0';
    memcpy(out, buf, 19);
}
