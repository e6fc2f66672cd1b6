/* dues.h: monthly party dues (党费) under 中组发〔2008〕3号 (DOMAIN.md §3).
 *
 * Money is integer fen. The monthly base is the post-tax salary (employed) or the pension
 * (retired); each band includes its upper bound ("3000元以下(含3000元)"):
 *   employed: <= 3000 yuan 0.5%, <= 5000 1%, <= 10000 1.5%, above 2%
 *   retired:  <= 5000 yuan 0.5%, above 1%
 *   students, the unemployed, those on 低保 or relief, and rural members: 0.20 yuan. */
#ifndef DJ_DUES_H
#define DJ_DUES_H

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

#endif
