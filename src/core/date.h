/* date.h: calendar dates as a day count.
 *
 * A dj_date is the number of days since 1970-01-01 in the proleptic Gregorian calendar
 * (negative before 1970). Dates carry no time and no zone, so they compare with < and
 * subtract to a number of days. Every function here is pure except date_today(). */
#ifndef DJ_DATE_H
#define DJ_DATE_H

#include <stdbool.h>
#include <stdint.h>

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

/* d plus n calendar years; 29 February becomes 28 February in a non-leap target year. */
dj_date date_add_years(dj_date d, int32_t n);

/* Age in whole years on date `on` of someone born on `birth` (周岁): the age goes up on the
 * birthday itself; someone born on 29 February gets older on 1 March in non-leap years.
 * Returns a negative number if `on` is before `birth`. */
int date_age_on(dj_date birth, dj_date on);

/* Rewrites the ways a date is commonly typed in Chinese spreadsheets into "YYYY-MM-DD" (out must
 * hold 11 bytes): 1980/5/5, 1980-5-5, 1980.5.5, 1980年5月5日, 19800505. Only the form changes:
 * the result still has to pass date_parse. False (out untouched) when s has none of these forms. */
bool date_normalize(const char *s, char out[11]);

#endif
