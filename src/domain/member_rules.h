/* member_rules.h: a party member's closed-list fields and the validation of a member record
 * (docs/API.md §Members "Validation"; DOMAIN.md §4 and §5). */
#ifndef DJ_MEMBER_RULES_H
#define DJ_MEMBER_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/err.h"

/* Each typed enum is an index into its table in domain/enums.h. */
typedef enum { GENDER_MALE, GENDER_FEMALE } member_gender; /* male 男, female 女 */
typedef enum { CATEGORY_FULL, CATEGORY_PROBATIONARY } member_category; /* 正式党员, 预备党员 */
typedef enum {
    STATUS_ACTIVE,          /* 在册 */
    STATUS_MOBILE,          /* 流动 */
    STATUS_LOST_CONTACT,    /* 失联 */
    STATUS_TRANSFERRED_OUT, /* 转出 */
    STATUS_SUSPENDED,       /* 停止党籍 */
    STATUS_DECEASED,        /* 去世 */
} member_status;

/* Wire names and Chinese labels; NULL for a value outside the enum. */
const char *member_gender_name(member_gender g);
const char *member_gender_label(member_gender g);
const char *member_category_name(member_category c);
const char *member_category_label(member_category c);
const char *member_status_name(member_status s);
const char *member_status_label(member_status s);

/* Parse a wire name or a Chinese label into *out. Return false, leaving *out untouched, for NULL
 * or anything else. */
bool member_gender_parse(const char *s, member_gender *out);
bool member_category_parse(const char *s, member_category *out);
bool member_status_parse(const char *s, member_status *out);

#define MEMBER_NAME_MAX 50  /* code points */
#define MEMBER_TEXT_MAX 100 /* code points, for the other free-text fields */
#define MEMBER_MIN_AGE 18   /* DOMAIN.md §4: the applicant is at least 18 */
/* DOMAIN.md §4: "Probation is one year from the branch meeting's date" (joined_on); not marked
 * configurable there. It can be extended once by 6 to 12 months, so a later full_on is allowed. */
#define MEMBER_PROBATION_YEARS 1

/* A member record as received, every field a string as in the JSON body or a CSV row (already
 * trimmed, and id_number already passed through idcard_normalize()). NULL or "" = absent.
 * Enum fields accept the wire name or the Chinese label. */
typedef struct member_input {
    const char *name;
    const char *gender;
    const char *ethnicity;
    const char *birth_date;
    const char *id_number;
    const char *phone;
    const char *education;
    const char *title;
    const char *department;
    const char *position;
    const char *category;
    const char *status;
    const char *joined_on;
    const char *full_on;
} member_input;

/* Checks m as of date today, field by field in the order below, and stops at the first fault:
 *   name        required, not only white space (ASCII or U+3000), 1-50 code points, and text as
 *               text_check() requires it with a visible character (no control characters,
 *               noncharacters or bidi controls; not only invisible characters such as U+200B)
 *   gender      required, male/female (男/女)
 *   birth_date  required, YYYY-MM-DD (1900-01-01 to 2200-12-31: date_check() says which part is
 *               wrong), not after today
 *   id_number   required, valid GB 11643 number (idcard_validate_on), its birth date equal to
 *               birth_date and its 17th digit's parity matching gender (odd = male)
 *   phone       empty, or 11 digits starting with 1
 *   category    required, full/probationary (正式党员/预备党员)
 *   status      optional (the caller defaults it to active), else one of the statuses
 *   joined_on   required, YYYY-MM-DD, not after today, the member at least 18 on that day
 *   full_on     must be empty for a probationary member; required for a full member: YYYY-MM-DD,
 *               not after today, and not before joined_on plus MEMBER_PROBATION_YEARS (one year of
 *               probation, DOMAIN.md §4, counted by date_add_years: from 29 February, one year
 *               has elapsed on 1 March of a common year)
 *   ethnicity, education, title, department, position: optional; when present, text as for
 *               name (text_check, with a visible character), at most 100 code points
 * On a fault fills err with code "validation", field = the JSON field name and a Chinese
 * message that names the field in Chinese (never its JSON name), and returns false. m must not
 * be NULL; err may be. */
bool member_validate(const member_input *m, dj_date today, dj_err *err);
/* Every fault of m, not only the first (an import's report lists them all): fills errs (up to
 * max) in the order of the form and returns how many there are (0: valid). A check that needs
 * another field (the ID number's birth date, the age at joining, the probation) is left out when
 * that field itself is wrong. */
int member_validate_all(const member_input *m, dj_date today, dj_err *errs, int max);

#define MEMBER_TAGS_MAX 20 /* tags per member */
#define MEMBER_TAG_MAX 50  /* code points per tag */

/* Checks a member's tags (标签, e.g. 三培养, 先锋岗): at most MEMBER_TAGS_MAX, each not blank, text
 * as text_check() requires it with a visible character, at most MEMBER_TAG_MAX code points. The same rule for the API and an import.
 * On a fault fills err (code "validation", field "tags", a Chinese message naming the tag) and
 * returns false. err may be NULL. */
bool member_tags_validate(const char *const *tags, size_t n, dj_err *err);

/* Checks the date of a transfer to another organisation (组织关系转接) as of today: required,
 * YYYY-MM-DD, not after today, and not before joined_on (the member's 入党日期; not compared
 * when joined_on is absent or not a date). On a fault fills err with code "validation", field
 * "transfer_date" and a Chinese message, and returns false. err may be NULL. */
bool member_transfer_date_validate(const char *transfer_date, const char *joined_on, dj_date today,
                                   dj_err *err);

#endif
