/* idcard.c: GB 11643-1999 check character, validation, masking; phone numbers. */
#include "domain/idcard.h"

#include <stdio.h>
#include <string.h>

#define FIELD_ID "id_number"
#define FIELD_PHONE "phone"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

char idcard_check_char(const char *first17)
{
    /* Weights are 2^(17-i) mod 11 for positions i = 0..16 (DOMAIN.md §5). */
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char map[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    if (!first17)
        return '\0';
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        if (!is_digit(first17[i]))
            return '\0';
        sum += (first17[i] - '0') * weights[i];
    }
    return map[sum % 11];
}

void idcard_normalize(char *s)
{
    if (!s)
        return;
    for (; *s; s++)
        if (*s == 'x')
            *s = 'X';
}

bool idcard_birth_date(const char *id, dj_date *out)
{
    if (!id)
        return false;
    for (int i = 0; i < 14; i++)
        if (id[i] == '\0')
            return false;
    /* YYYY-MM-DD of digits 7-14 (by hand: this runs twice on every imported row). */
    char iso[11] = {id[6], id[7], id[8], id[9], '-', id[10], id[11], '-', id[12], id[13], '\0'};
    return date_parse(iso, out);
}

bool idcard_province_valid(const char *id)
{
    if (!id || !is_digit(id[0]) || !is_digit(id[1]))
        return false;
    static const int ranges[][2] = {{11, 15}, {21, 23}, {31, 37}, {41, 46}, {50, 54},
                                    {61, 65}, {71, 71}, {81, 83}};
    int p = (id[0] - '0') * 10 + (id[1] - '0');
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (p >= ranges[i][0] && p <= ranges[i][1])
            return true;
    return false;
}

bool idcard_validate_on(const char *id, dj_date today, dj_err *err)
{
    if (!id || !*id)
        return dj_err_set(err, "validation", FIELD_ID, "身份证号不能为空");
    size_t len = strlen(id);
    if (len != 18)
        return dj_err_set(err, "validation", FIELD_ID, "身份证号应为18位，当前为%zu位", len);
    for (int i = 0; i < 17; i++)
        if (!is_digit(id[i]))
            return dj_err_set(err, "validation", FIELD_ID, "身份证号前17位应为数字（第%d位不是数字）",
                              i + 1);
    if (!idcard_province_valid(id))
        return dj_err_set(err, "validation", FIELD_ID, "身份证号前两位（%.2s）不是有效的省级行政区划代码", id);
    if (id[17] == 'x')
        return dj_err_set(err, "validation", FIELD_ID, "身份证号最后一位的X应为大写");
    if (!is_digit(id[17]) && id[17] != 'X')
        return dj_err_set(err, "validation", FIELD_ID, "身份证号最后一位应为数字或X");
    dj_date birth;
    if (!idcard_birth_date(id, &birth))
        return dj_err_set(err, "validation", FIELD_ID, "身份证号中的出生日期（第7-14位）无效");
    if (birth > today)
        return dj_err_set(err, "validation", FIELD_ID, "身份证号中的出生日期晚于今天");
    if (idcard_check_char(id) != id[17])
        return dj_err_set(err, "validation", FIELD_ID, "身份证号校验位不正确，请核对号码");
    return true;
}

bool idcard_validate(const char *id, dj_err *err)
{
    return idcard_validate_on(id, date_today(), err);
}

int idcard_gender(const char *id)
{
    if (!id)
        return 0;
    for (int i = 0; i < 17; i++)
        if (id[i] == '\0')
            return 0;
    if (!is_digit(id[16]))
        return 0;
    return ((id[16] - '0') % 2 == 1) ? 1 : 2;
}

/* Copies s into out keeping `head` leading and `tail` trailing bytes, starring the rest. */
static void mask(const char *s, size_t len, size_t head, size_t tail, char *out, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < n; i++)
        out[o++] = (i < head || i >= len - tail) ? s[i] : '*';
    out[o] = '\0';
}

void idcard_mask(const char *id, char *out, size_t n)
{
    if (!out || n == 0)
        return;
    if (!id) {
        out[0] = '\0';
        return;
    }
    size_t len = strlen(id);
    if (len <= 8)
        mask(id, len, 0, 0, out, n);
    else
        mask(id, len, 2, 1, out, n);
}

void phone_mask(const char *phone, char *out, size_t n)
{
    if (!out || n == 0)
        return;
    if (!phone || !*phone) {
        out[0] = '\0';
        return;
    }
    size_t len = strlen(phone);
    bool ascii = true;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)phone[i] >= 0x80)
            ascii = false;
    if (len < 8 || !ascii) {
        snprintf(out, n, "****");
        return;
    }
    mask(phone, len, 3, 4, out, n);
}

bool phone_validate(const char *phone, dj_err *err)
{
    if (!phone || !*phone)
        return true;
    size_t len = strlen(phone);
    for (size_t i = 0; i < len; i++)
        if (!is_digit(phone[i]))
            return dj_err_set(err, "validation", FIELD_PHONE, "手机号只能包含数字");
    if (len != 11)
        return dj_err_set(err, "validation", FIELD_PHONE, "手机号应为11位，当前为%zu位", len);
    if (phone[0] != '1')
        return dj_err_set(err, "validation", FIELD_PHONE, "手机号应以1开头");
    return true;
}

void idcard_generate(const char *area6, dj_date birth, int seq3, char out[19])
{
    out[0] = '\0';
    if (!area6 || strlen(area6) != 6)
        return;
    for (int i = 0; i < 6; i++)
        if (!is_digit(area6[i]))
            return;
    if (!idcard_province_valid(area6))
        return;
    int y = date_year(birth);
    if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
        return;
    int seq = seq3 % 1000;
    if (seq < 0)
        seq += 1000;
    char buf[32];
    snprintf(buf, sizeof buf, "%s%04d%02d%02d%03d", area6, y, date_month(birth), date_day(birth), seq);
    buf[17] = idcard_check_char(buf);
    buf[18] = '\0';
    memcpy(out, buf, 19);
}
