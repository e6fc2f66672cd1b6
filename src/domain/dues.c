/* dues.c: party dues bands (中组发〔2008〕3号). */
#include "domain/dues.h"

#define YUAN(y) ((int64_t)(y) * 100)

int dues_rate_permille(int64_t base_fen, dues_kind kind)
{
    if (base_fen < 0 || base_fen > DUES_MAX_BASE_FEN)
        return -1;
    switch (kind) {
    case DUES_EMPLOYED:
        if (base_fen <= YUAN(3000))
            return 5;
        if (base_fen <= YUAN(5000))
            return 10;
        if (base_fen <= YUAN(10000))
            return 15;
        return 20;
    case DUES_RETIRED:
        return base_fen <= YUAN(5000) ? 5 : 10;
    case DUES_LOW_INCOME:
    case DUES_RURAL:
        return 0;
    }
    return -1;
}

int64_t dues_monthly_fen(int64_t base_fen, dues_kind kind, dues_rounding r)
{
    int rate = dues_rate_permille(base_fen, kind);
    if (rate < 0)
        return -1;
    if (r != DUES_ROUND_FEN_HALF_UP && r != DUES_ROUND_UP_JIAO)
        return -1;
    if (kind == DUES_LOW_INCOME || kind == DUES_RURAL)
        return DUES_FLAT_FEN;
    /* dues = base * rate / 1000 fen, exactly, as a fraction; round it. base <= 1e14 keeps the
     * product below 2.1e15, far from overflow. */
    int64_t num = base_fen * rate;
    if (r == DUES_ROUND_FEN_HALF_UP)
        return (num + 500) / 1000;
    return (num + 9999) / 10000 * 10; /* ceiling in jiao (10 fen) */
}

/* ---- The register of dues ------------------------------------------------------------------ */

#include <stdio.h>
#include <string.h>

const dj_enum dj_dues_kinds[] = {
    {"employed", "在职"},
    {"retired", "离退休"},
    {"low_income", "学生、失业、低保或救济"},
    {"rural", "农民"},
    {NULL, NULL},
};

const dj_enum dj_dues_methods[] = {
    {"cash", "现金"},
    {"transfer", "转账"},
    {"online", "线上缴纳"},
    {NULL, NULL},
};

const dj_enum dj_dues_roundings[] = {
    {"fen_half_up", "四舍五入到分"},
    {"jiao_up", "向上取整到角"},
    {NULL, NULL},
};

bool dues_kind_parse(const char *name, dues_kind *out)
{
    int i = dj_enum_index(dj_dues_kinds, name);
    if (i < 0)
        return false;
    *out = (dues_kind)i;
    return true;
}

const char *dues_kind_name(dues_kind k)
{
    return (unsigned)k < 4 ? dj_dues_kinds[k].name : NULL;
}

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

bool dues_month_of_date(const char *s, dues_month *out)
{
    if (!s || strlen(s) < 7 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2))
        return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    if (y < 1900 || y > 2999 || m < 1 || m > 12)
        return false;
    *out = y * 12 + m - 1;
    return true;
}

bool dues_month_parse(const char *s, dues_month *out)
{
    return s && strlen(s) == 7 && dues_month_of_date(s, out);
}

void dues_month_format(dues_month m, char out[8])
{
    int y = m < 0 ? 0 : (m / 12) % 10000, mo = m < 0 ? 1 : m % 12 + 1;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + mo / 10);
    out[6] = (char)('0' + mo % 10);
    out[7] = '\0';
}

dues_settings dues_defaults(void) { return (dues_settings){DUES_ROUND_FEN_HALF_UP, 6}; }

bool dues_settings_validate(const dues_settings *s, dj_err *err)
{
    if (s->rounding != DUES_ROUND_FEN_HALF_UP && s->rounding != DUES_ROUND_UP_JIAO)
        return dj_err_set(err, "validation", "rounding", "取整方式无效，应为四舍五入到分或向上取整到角");
    if (s->back_limit_months < 1 || s->back_limit_months > 24)
        return dj_err_set(err, "validation", "back_limit_months", "补缴期限须为 1 至 24 个月");
    return true;
}

bool dues_base_check(dues_kind kind, int64_t base_fen, dj_err *err)
{
    if ((unsigned)kind > DUES_RURAL)
        return dj_err_set(err, "validation", "kind", "党费类别无效，应为在职、离退休、学生失业低保或农民");
    if (base_fen < 0)
        return dj_err_set(err, "validation", "base_fen", "缴费基数不能为负数");
    if (base_fen > DUES_BASE_ABSURD_FEN)
        return dj_err_set(err, "validation", "base_fen", "缴费基数超过每月 50 万元，请核对（单位为分）");
    return true;
}

bool dues_payment_check(const dues_payment_facts *f, const dues_settings *s, dj_err *err)
{
    char m[8];
    dues_month_format(f->month, m);
    if (f->month > f->current)
        return dj_err_set(err, "validation", "month", "%s 尚未到来，不能预先登记党费", m);
    if (f->joined && f->month < f->joined)
        return dj_err_set(err, "validation", "month", "%s 早于该党员入党的月份，不应缴纳党费", m);
    if (!f->has_base)
        return dj_err_set(err, "validation", "month", "%s 没有核定的缴费基数，请先登记基数", m);
    if (f->paid_fen > 0)
        return dj_err_set(err, "validation", "month", "%s 的党费已缴纳，不能重复登记（更正请先冲销原记录）", m);
    if (f->amount_fen <= 0 || f->amount_fen < f->due_fen || (f->amount_fen > f->due_fen && !f->voluntary))
        return dj_err_set(err, "validation", "amount_fen",
                          "%s 应缴 %lld.%02lld 元，缴纳金额须与应缴相同（多交须注明自愿多交）", m,
                          (long long)(f->due_fen / 100), (long long)(f->due_fen % 100));
    if (f->current - f->month > s->back_limit_months && !f->has_reason)
        return dj_err_set(err, "validation", "reason", "%s 距今超过 %d 个月，补缴须注明原因", m, s->back_limit_months);
    return true;
}

int dues_trailing_unpaid(const bool *paid, int n)
{
    int k = 0;
    while (k < n && !paid[n - 1 - k])
        k++;
    return k;
}

bool dues_lapsed(int consecutive_unpaid) { return consecutive_unpaid >= DUES_LAPSE_MONTHS; }
