/* dues.h: the SQL of party dues (schema_dues.c): bases, payments and the monthly ledger's scan.
 * Months are "YYYY-MM" text; the rule (domain/dues.h) is applied by the caller, never in SQL. */
#ifndef DJ_STORE_DUES_H
#define DJ_STORE_DUES_H

#include "store/store.h"

/* The columns a base and a payment row are written with (row_insert). */
extern const char *const dues_base_columns[];
extern const char *const dues_payment_columns[];

/* A member's bases, oldest first. NULL + err when the read fails. */
json_t *dues_bases_e(db *d, int64_t member_id, dj_err *err);
/* A member's payments and reversals, by month then id, each with "reversed" (0/1). */
json_t *dues_payments_of_e(db *d, int64_t member_id, dj_err *err);
/* One payment row (with "reversed"); NULL + err ("not_found"). */
json_t *dues_payment_read_e(db *d, int64_t id, dj_err *err);

/* The base in force for member in month: *found false when none. */
bool dues_base_at(db *d, int64_t member_id, const char *month, bool *found, char kind[16], int64_t *base_fen,
                  dj_err *err);
/* What is paid for member's month, net of reversals. */
bool dues_paid_net(db *d, int64_t member_id, const char *month, int64_t *paid_fen, dj_err *err);
/* The payment of member's month that stands (not a reversal, not reversed), newest: *id 0 when
 * none; method and paid_on copied out. */
bool dues_payment_standing(db *d, int64_t member_id, const char *month, int64_t *id, char method[16],
                           char paid_on[11], dj_err *err);
/* The first month a base is in force for member ("" when none). */
bool dues_first_base_month(db *d, int64_t member_id, char month[8], dj_err *err);
/* The months in [from, to) that member paid (net > 0), each "YYYY-MM", oldest first. */
json_t *dues_paid_months_e(db *d, int64_t member_id, const char *from, const char *to, dj_err *err);

/* One member of a month's ledger as the scan hands it over. kind is "" when no base is in force. */
typedef struct dues_ledger_row {
    int64_t member_id;
    const char *kind;
    int64_t base_fen, paid_fen;
} dues_ledger_row;

/* A member's name, organisation and joining date (for a ledger's row); false + err. */
bool dues_member_brief(db *d, int64_t id, char name[128], int64_t *org_id, char joined_on[11], dj_err *err);

/* Every member who owes dues in month (live, not deceased or transferred out, joined by the
 * month's end) of the subtree, in tree order (from the index members_dues alone), with the base
 * in force and what is paid; the rows are streamed: fn must not use d. */
bool dues_ledger_scan(db *d, const char *subtree, const char *month, void (*fn)(const dues_ledger_row *r, void *arg),
                      void *arg, dj_err *err);

/* The arrears scan: every member of the subtree who owes dues (as above, joined by the end of
 * last month) with the first month of a base ("" none), then fn once per paid month of a member
 * (paid = true) in member order. Streams: fn must not use d. */
typedef struct dues_arrears_row {
    int64_t member_id, org_id;
    const char *name, *joined_on, *first_month, *org_name;
} dues_arrears_row;
bool dues_arrears_members(db *d, const char *subtree, const char *before_month,
                          void (*fn)(const dues_arrears_row *r, void *arg), void *arg, dj_err *err);
bool dues_arrears_paid(db *d, const char *subtree, const char *before_month,
                       void (*fn)(int64_t member_id, const char *month, void *arg), void *arg, dj_err *err);

/* A subtree with more members than this reads a month's bases and payments in scans of their own
 * (the ledger), and gets no dues to-do items (the arrears page answers for it). */
#define DUES_BULK_MEMBERS 20000
/* The live members of the subtree. */
bool dues_members_in(db *d, const char *subtree, int64_t *n, dj_err *err);

/* Per organisation of the subtree: the members with nothing paid in [from, to) though a base
 * was in force from `from` on and they had joined by then (to-do: six months unpaid). Calls fn
 * with the org and its count. */
bool dues_lapsed_by_org(db *d, const char *subtree, const char *from, const char *to,
                        void (*fn)(int64_t org_id, const char *org_name, int64_t n, void *arg), void *arg, dj_err *err);

/* The live member with that ID number: *id 0 when none. */
bool dues_member_by_id_number(db *d, const char *id_number, int64_t *id, dj_err *err);

#endif
