/* dues.h: monthly party dues (党费) under 中组发〔2008〕3号 (DOMAIN.md §3).
 *
 * Money is integer fen. The monthly base is the post-tax salary (employed) or the pension
 * (retired); each band includes its upper bound ("3000元以下(含3000元)"):
 *   employed: <= 3000 yuan 0.5%, <= 5000 1%, <= 10000 1.5%, above 2%
 *   retired:  <= 5000 yuan 0.5%, above 1%
 *   students, the unemployed, those on 低保 or relief, and rural members: 0.20 yuan. */
#ifndef DJ_DUES_H
#define DJ_DUES_H

#include "core/err.h"
#include "domain/enums.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    DUES_EMPLOYED,
    DUES_RETIRED,
    DUES_LOW_INCOME, /* student, unemployed, 低保 or relief */
    DUES_RURAL,      /* 农民: 0.20-1.00 yuan; the minimum is charged, a branch may agree more */
} dues_kind;

typedef enum {
    DUES_ROUND_FEN_HALF_UP, /* to the fen, half up (the default) */
    DUES_ROUND_UP_JIAO,     /* up to the next 0.1 yuan, as some localities do */
} dues_rounding;

#define DUES_FLAT_FEN 20                       /* 0.20 yuan */
#define DUES_MAX_BASE_FEN INT64_C(100000000000000) /* 1e12 yuan; keeps the arithmetic exact */

/* Monthly dues in fen for a monthly base of base_fen, using integer arithmetic only. For
 * DUES_LOW_INCOME and DUES_RURAL the base is ignored and DUES_FLAT_FEN is returned. Returns -1
 * if base_fen is negative or above DUES_MAX_BASE_FEN, or kind or r is not a known value.
 * Examples: 300000 employed -> 1500; 300001 -> 3000; 1000000 -> 15000. */
int64_t dues_monthly_fen(int64_t base_fen, dues_kind kind, dues_rounding r);

/* The rate applied to base_fen for kind, in thousandths (5 = 0.5%, 10, 15, 20); 0 for the flat
 * kinds; -1 on the same bad input as dues_monthly_fen(). */
int dues_rate_permille(int64_t base_fen, dues_kind kind);

/* ---- The register of dues (issue 14): kinds, months, settings, payments, arrears ---------- */

/* The kinds as the API names them (wire name + label), in the order of dues_kind. */
extern const dj_enum dj_dues_kinds[];
/* The kind called name (wire name or label) into *out; false if none. */
bool dues_kind_parse(const char *name, dues_kind *out);
const char *dues_kind_name(dues_kind k);

/* The payment methods: cash, transfer, online. */
extern const dj_enum dj_dues_methods[];

/* A month as a number: year * 12 + (month - 1). "2026-03" -> 2026 * 12 + 2. */
typedef int dues_month;
/* "YYYY-MM" (year 1900..2999, month 01..12) into *out; false on anything else. */
bool dues_month_parse(const char *s, dues_month *out);
/* m as "YYYY-MM" into out (8 bytes). */
void dues_month_format(dues_month m, char out[8]);
/* The month of a "YYYY-MM-DD" date; false if s does not start with a valid month. */
bool dues_month_of_date(const char *s, dues_month *out);

/* A base above this (500,000 yuan a month) is a typing error, not a salary. */
#define DUES_BASE_ABSURD_FEN INT64_C(50000000)
/* Six consecutive months unpaid: flagged for the branch to decide (DOMAIN.md §3). */
#define DUES_LAPSE_MONTHS 6

/* The settings (DOMAIN.md §3, configurable): rounding and how far back a payment may go
 * without a reason. */
typedef struct dues_settings {
    dues_rounding rounding;
    int back_limit_months; /* 1..24; default 6 */
} dues_settings;

dues_settings dues_defaults(void);
/* Whether s holds known values; false + err naming the field otherwise. */
bool dues_settings_validate(const dues_settings *s, dj_err *err);
/* The rounding setting's wire names: "fen_half_up", "jiao_up". */
extern const dj_enum dj_dues_roundings[];

/* A base as entered: a known kind and 0 <= base_fen <= DUES_BASE_ABSURD_FEN. false + err
 * (field "base_fen" or "kind") otherwise. */
bool dues_base_check(dues_kind kind, int64_t base_fen, dj_err *err);

/* What is known when one month's payment of one member is recorded. */
typedef struct dues_payment_facts {
    dues_month month;      /* the month paid for */
    dues_month current;    /* this month (China time) */
    dues_month joined;     /* the month the member joined; 0 when unknown */
    bool has_base;         /* a base is in force for the month */
    int64_t due_fen;       /* the month's due under that base (when has_base) */
    int64_t paid_fen;      /* already paid for the month, net of reversals */
    int64_t amount_fen;    /* this payment */
    bool voluntary;        /* recorded as 自愿多交: more than the due is accepted */
    bool has_reason;       /* a reason is given (needed for an old back payment) */
} dues_payment_facts;

/* Whether the payment may be recorded; false + err (code "validation", field "month",
 * "amount_fen" or "reason", message in Chinese) when:
 *   the month is after this month; the month is before the member joined; no base is in force;
 *   the month is already paid; the amount is not the due (more is accepted only as voluntary,
 *   never less or nothing); the month lies more than back_limit_months before this month and
 *   no reason is given. */
bool dues_payment_check(const dues_payment_facts *f, const dues_settings *s, dj_err *err);

/* The consecutive unpaid months at the end of paid[0..n) (oldest first). */
int dues_trailing_unpaid(const bool *paid, int n);
/* Whether that many consecutive unpaid months are flagged (>= DUES_LAPSE_MONTHS). */
bool dues_lapsed(int consecutive_unpaid);

#endif
