/* idcard.h: the 18-character resident ID number (GB 11643-1999, DOMAIN.md §5) and mobile
 * phone numbers: checking, masking for display, and generating valid numbers for demo data.
 *
 * Layout: 6-digit area code, 8-digit birth date YYYYMMDD, 3-digit sequence (odd = male,
 * even = female), 1 check character (0-9 or X). */
#ifndef DJ_IDCARD_H
#define DJ_IDCARD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/err.h"

/* The check character for the first 17 characters of an ID number: one of "10X98765432".
 * first17 must start with 17 ASCII digits (anything after them is ignored); otherwise, or for
 * NULL, returns '\0'. */
char idcard_check_char(const char *first17);

/* Upper-cases a lowercase 'x' in s in place, so that a number typed as "...123x" is stored and
 * compared as "...123X". Other characters are left alone; NULL is allowed. Call it before
 * idcard_validate(), which accepts only the upper-case form. */
void idcard_normalize(char *s);

/* Whether the first two characters of id are the code of a province-level division that ID
 * numbers are issued under: GB/T 2260's provinces, autonomous regions and municipalities (11-15,
 * 21-23, 31-37, 41-46, 50-54, 61-65), Taiwan 71, Hong Kong 81, Macao 82; and 83, which GB/T 2260
 * does not list but the Ministry of Public Security gives the numbers of Taiwan residents'
 * residence permits (港澳台居民居住证申领发放办法, 2018: area codes 810000, 820000, 830000).
 * False for NULL or fewer than two digits. */
bool idcard_province_valid(const char *id);

/* Checks an ID number as of date `today`: exactly 18 characters, the first 17 digits, the
 * province (first two digits) one of idcard_province_valid(), the last a digit or upper-case X,
 * the birth date a real date (years 1900-2200) not after today, and the check character right. On failure fills err with code "validation", field "id_number" and a
 * Chinese message naming the fault, and returns false. err may be NULL. */
bool idcard_validate_on(const char *id, dj_date today, dj_err *err);

/* idcard_validate_on() with today = date_today(). */
bool idcard_validate(const char *id, dj_err *err);

/* The birth date encoded in characters 7-14 of id. Returns false, leaving *out untouched, if id
 * is shorter than 14 characters or those characters are not a valid date (1900-2200). Does not
 * check the rest of the number. */
bool idcard_birth_date(const char *id, dj_date *out);

/* 1 (male) if the 17th character is an odd digit, 2 (female) if even; 0 if id is NULL, shorter
 * than 17 characters or that character is not a digit. */
int idcard_gender(const char *id);

/* Writes into out (capacity n, always NUL-terminated when n > 0) the number with all but its
 * province and its check character hidden: the first 2 and the last 1 characters kept and every
 * character between them replaced by '*' ("44***************X" for 18 characters). What stays
 * visible must leave many numbers possible even to someone who knows the holder's birth date
 * (shown on the same page): about 10^4 area codes x 10^3 sequence numbers / 11 check values,
 * some 900,000 (counted in tests/unit/test_idcard.c). Keeping the first 4 and last 4, as before,
 * left only the county and the check digit to guess: fewer than 10 numbers. Values of 8
 * characters or fewer become all '*'. NULL becomes "". The output is truncated to fit n. */
void idcard_mask(const char *id, char *out, size_t n);

/* Writes into out (capacity n) the phone number with its middle hidden: the first 3 and last 4
 * characters kept and those between replaced by '*' ("138****1234"). Values shorter than 8
 * characters or containing non-ASCII bytes become "****"; NULL or "" becomes "". Truncated to
 * fit n. */
void phone_mask(const char *phone, char *out, size_t n);

/* Accepts NULL or "" (the phone is optional) or exactly 11 ASCII digits starting with 1.
 * Otherwise fills err with code "validation", field "phone" and returns false. */
bool phone_validate(const char *phone, dj_err *err);

/* Builds a valid ID number for demo data from a 6-digit area code, a birth date and a sequence
 * number (taken modulo 1000; its parity gives the gender). Writes 18 characters and a NUL to
 * out. If area6 is not 6 digits, its province is not one of idcard_province_valid(), or the birth year is outside 1900-2200, writes "" instead. */
void idcard_generate(const char *area6, dj_date birth, int seq3, char out[19]);

#endif
