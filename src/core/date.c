/* date.c: day counts <-> civil dates, using the era-based conversion (400-year cycles of
 * 146097 days) so that no loop and no table of years is needed. */
#include "core/date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

bool date_is_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && date_is_leap_year(y))
        return 29;
    return days[m - 1];
}

bool date_valid_ymd(int y, int m, int d)
{
    return m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m);
}

/* Floor division, for years and day counts before the epoch. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

dj_date date_from_ymd(int y, int m, int d)
{
    /* Normalise the month first so that out-of-range months carry into the year. */
    int64_t ym = (int64_t)y * 12 + (m - 1);
    int64_t yy = floor_div(ym, 12);
    int64_t mm = ym - yy * 12 + 1;
    /* Count years from March so that the leap day is the last day of the "year". */
    if (mm <= 2)
        yy--;
    int64_t era = floor_div(yy, 400);
    int64_t yoe = yy - era * 400;                                 /* 0..399 */
    int64_t mp = (mm + 9) % 12;                                   /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5;                             /* day of year for day 1 */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* 0..146096 */
    int64_t days = era * 146097 + doe - 719468 + (int64_t)(d - 1);
    return (dj_date)days;
}

static void civil(dj_date days, int *y, int *m, int *d)
{
    int64_t z = (int64_t)days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;                               /* 0..146096 */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);        /* 0..365 */
    int64_t mp = (5 * doy + 2) / 153;                             /* March = 0 */
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t mm = mp < 10 ? mp + 3 : mp - 9;
    int64_t yy = yoe + era * 400 + (mm <= 2 ? 1 : 0);
    *y = (int)yy;
    *m = (int)mm;
    *d = (int)dd;
}

int date_year(dj_date d)
{
    int y, m, dd;
    civil(d, &y, &m, &dd);
    return y;
}

int date_month(dj_date d)
{
    int y, m, dd;
    civil(d, &y, &m, &dd);
    return m;
}

int date_day(dj_date d)
{
    int y, m, dd;
    civil(d, &y, &m, &dd);
    return dd;
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool date_parse(const char *s, dj_date *out)
{
    if (!s)
        return false;
    /* Check the shape before reading digits so that a short string is never over-read. */
    for (int i = 0; i < 10; i++) {
        if (s[i] == '\0')
            return false;
        bool dash = (i == 4 || i == 7);
        if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return false;
    }
    if (s[10] != '\0')
        return false;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR || !date_valid_ymd(y, m, d))
        return false;
    *out = date_from_ymd(y, m, d);
    return true;
}

/* YYYY-MM-DD of numbers already in range, by hand: snprintf was a tenth of an import's
 * instructions (three dates a row). */
static void write_ymd(unsigned y, unsigned m, unsigned d, char out[11])
{
    out[0] = (char)('0' + y / 1000 % 10);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10 % 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10 % 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

void date_format(dj_date d, char out[11])
{
    int y, m, dd;
    civil(d, &y, &m, &dd);
    if (y < 0 || y > 9999) {
        snprintf(out, 11, "0000-00-00");
        return;
    }
    /* civil() gives 1..12 and 1..31; the unsigned narrowing lets the compiler see the width. */
    write_ymd((unsigned)y, (unsigned)m, (unsigned)dd, out);
}

dj_date date_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm))
        return (dj_date)floor_div((int64_t)now, 86400);
    return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

dj_date date_add_days(dj_date d, int32_t n)
{
    return (dj_date)((int64_t)d + n);
}

dj_date date_add_months(dj_date d, int32_t n)
{
    int y, m, dd;
    civil(d, &y, &m, &dd);
    int64_t ym = (int64_t)y * 12 + (m - 1) + n;
    int ny = (int)floor_div(ym, 12);
    int nm = (int)(ym - (int64_t)ny * 12) + 1;
    int last = date_days_in_month(ny, nm);
    return date_from_ymd(ny, nm, dd > last ? last : dd);
}

dj_date date_add_years(dj_date d, int32_t n)
{
    int y, m, dd;
    civil(d, &y, &m, &dd);
    int64_t ty = (int64_t)y + n;
    if (m == 2 && dd == 29 && !date_is_leap_year((int)ty))
        return n >= 0 ? date_from_ymd((int)ty, 3, 1) : date_from_ymd((int)ty, 2, 28);
    return date_from_ymd((int)ty, m, dd);
}

int date_age_on(dj_date birth, dj_date on)
{
    int age = date_year(on) - date_year(birth);
    /* Not yet this year's birthday (date_add_years holds the 29 February convention). */
    if (date_add_years(birth, age) > on)
        age--;
    return age;
}

bool date_check(const char *s, const char *label, const char *field, dj_date *out, dj_err *err)
{
    if (!label)
        label = "日期";
    if (!s || !*s)
        return dj_err_set(err, "validation", field, "%s不能为空", label);
    bool shape = strlen(s) == 10;
    for (int i = 0; shape && i < 10; i++)
        shape = (i == 4 || i == 7) ? s[i] == '-' : (s[i] >= '0' && s[i] <= '9');
    if (!shape)
        return dj_err_set(err, "validation", field, "%s应为YYYY-MM-DD格式的日期（如1980-05-01）", label);
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (m < 1 || m > 12)
        return dj_err_set(err, "validation", field, "%s的月份应在01至12之间", label);
    if (!date_valid_ymd(y, m, d))
        return dj_err_set(err, "validation", field, "%s不是有效日期：%d年%d月没有%d日", label, y, m, d);
    if (y < DATE_MIN_YEAR)
        return dj_err_set(err, "validation", field, "%s不能早于%d-01-01", label, DATE_MIN_YEAR);
    if (y > DATE_MAX_YEAR)
        return dj_err_set(err, "validation", field, "%s不能晚于%d-12-31", label, DATE_MAX_YEAR);
    dj_date d0;
    if (!date_parse(s, &d0)) /* cannot fail after the checks above; kept as the one parser */
        return dj_err_set(err, "validation", field, "%s不是有效日期", label);
    if (out)
        *out = d0;
    return true;
}

/* Reads 1 to max digits at *p into *v. */
static bool read_digits(const char **p, int min, int max, int *v)
{
    int n = 0, x = 0;
    while (n < max && **p >= '0' && **p <= '9') {
        x = x * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *v = x;
    return n >= min;
}

bool date_normalize(const char *s, char out[11])
{
    if (!s)
        return false;
    int y, m, d;
    const char *p = s;
    size_t len = strlen(s);
    if (len == 8 && strspn(s, "0123456789") == 8) {
        read_digits(&p, 4, 4, &y);
        read_digits(&p, 2, 2, &m);
        read_digits(&p, 2, 2, &d);
    } else {
        if (!read_digits(&p, 4, 4, &y))
            return false;
        const char *sep2;
        char sep[2] = {0};
        if (strncmp(p, "年", 3) == 0) {
            p += 3;
            sep2 = "月";
        } else if (*p == '-' || *p == '/' || *p == '.') {
            sep[0] = *p++;
            sep2 = sep;
        } else {
            return false;
        }
        if (!read_digits(&p, 1, 2, &m) || strncmp(p, sep2, strlen(sep2)) != 0)
            return false;
        p += strlen(sep2);
        if (!read_digits(&p, 1, 2, &d))
            return false;
        if (strcmp(sep2, "月") == 0 && strncmp(p, "日", 3) == 0)
            p += 3;
        if (*p)
            return false;
    }
    write_ymd((unsigned)y, (unsigned)m, (unsigned)d, out);
    return true;
}
