/* date.h: calendar dates as a day count.
 *
 * A dj_date is the number of days since 1970-01-01 in the proleptic Gregorian calendar
 * (negative before 1970). Dates carry no time and no zone, so they compare with < and
 * subtract to a number of days. Every function here is pure except date_today(). */
#ifndef DJ_DATE_H
#define DJ_DATE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

typedef int32_t dj_date;

#define DATE_MIN_YEAR 1900
#define DATE_MAX_YEAR 2200

/* Parses exactly "YYYY-MM-DD" (10 characters, zero-padded, nothing before or after) into *out.
 * The date must exist in the calendar (leap years included) and its year must lie in
 * DATE_MIN_YEAR..DATE_MAX_YEAR. Returns false, leaving *out untouched, on NULL or any other input. */
bool date_parse(const char *s, dj_date *out);

/* Writes d as "YYYY-MM-DD" plus a NUL into out. A date whose year lies outside 0..9999 (never
 * produced from parsed input) is written as "0000-00-00". */
void date_format(dj_date d, char out[11]);

/* Today's date in the process's local time zone. The only impure function in this module; domain
 * code takes "today" as a parameter instead of calling it. */
dj_date date_today(void);

/* True if y-m-d exists in the calendar (any year; month 1..12; day 1..days in that month). */
bool date_valid_ymd(int y, int m, int d);

/* Days in month m (1..12) of year y; 0 if m is out of range. */
int date_days_in_month(int y, int m);

/* True if y is a Gregorian leap year. */
bool date_is_leap_year(int y);

/* The date y-m-d. The caller passes a valid date (see date_valid_ymd); an out-of-range month or
 * day is not rejected but carried over arithmetically (e.g. 2023-01-32 is 2023-02-01). */
dj_date date_from_ymd(int y, int m, int d);

/* The parts of d: year, month 1..12, day 1..31. */
int date_year(dj_date d);
int date_month(dj_date d);
int date_day(dj_date d);

/* d plus n days (n may be negative). */
dj_date date_add_days(dj_date d, int32_t n);

/* d plus n calendar months (n may be negative); the day is clamped to the end of the target
 * month, so 2024-01-31 + 1 month is 2024-02-29. */
dj_date date_add_months(dj_date d, int32_t n);

/* The date n years after d (n >= 0): its n-th anniversary, the same month and day n years
 * later. The one convention for 29 February, used by every rule that counts years (age,
 * one year of probation, terms of office): its anniversary in a common year is 1 March, the
 * day after 28 February, so a period of whole years from 29 February has fully elapsed only
 * from 1 March (as 周岁 is counted in China: someone born on 29 February turns 18 on 1 March
 * of a common year). DOMAIN.md says nothing of this case.
 * For n < 0 the result is the latest date whose |n|-th anniversary is not after d, so that
 * "born on or before date_add_years(today, -18)" means "at least 18 today": 29 February then
 * goes to 28 February of a common year (2024-02-29 - 1 year = 2023-02-28, whose anniversary
 * 2024-02-28 is not after 2024-02-29, while 2023-03-01's is). Other dates keep their month and
 * day in both directions. */
dj_date date_add_years(dj_date d, int32_t n);

/* Age in whole years on date `on` of someone born on `birth` (周岁): the largest n with
 * date_add_years(birth, n) <= on, so the age goes up on the birthday itself, and someone born
 * on 29 February gets older on 1 March in common years. Returns a negative number if `on` is
 * before `birth`. */
int date_age_on(dj_date birth, dj_date on);

/* date_parse() with a message that says what is wrong, for a date a person typed: not in the
 * form YYYY-MM-DD; a month or day that does not exist (2023-02-29); a year before
 * DATE_MIN_YEAR ("不能早于1900-01-01") or after DATE_MAX_YEAR. On a fault fills err with code
 * "validation", the given field (the JSON name, for machines; may be NULL) and a Chinese message
 * that starts with label (for people, e.g. "出生日期"; NULL gives "日期") and never with the
 * field's name, and returns false, leaving *out untouched. out and err may be NULL. */
bool date_check(const char *s, const char *label, const char *field, dj_date *out, dj_err *err);

/* Rewrites the ways a date is commonly typed in Chinese spreadsheets into "YYYY-MM-DD" (out must
 * hold 11 bytes): 1980/5/5, 1980-5-5, 1980.5.5, 1980年5月5日, 19800505. Only the form changes:
 * the result still has to pass date_parse. False (out untouched) when s has none of these forms. */
bool date_normalize(const char *s, char out[11]);

#endif
