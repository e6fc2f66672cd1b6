/* dues.h: what the files of the dues module share (api/dues.c, dues_ledger.c, dues_payments.c). */
#ifndef DJ_API_DUES_H
#define DJ_API_DUES_H

#include "api/module.h"
#include "domain/dues.h"

/* The settings (the settings table's "dues" key over the defaults). */
bool dues_settings_load(db *d, dues_settings *out, dj_err *err);
/* This month in China time. */
dues_month dues_current_month(void);
/* Today in China time, "YYYY-MM-DD". */
void dues_today(char out[11]);
/* The due of a base under the settings; -1 when kind is unknown. */
int64_t dues_due_of(const char *kind, int64_t base_fen, const dues_settings *s);
/* ?month=YYYY-MM into out (default: this month); false + 400 naming it. */
bool dues_query_month(http_request *req, char out[8]);
/* The subtree of ?org= (default: the caller's scope) into *path; false after answering. */
bool dues_query_subtree(http_request *req, api_ctx *c, const char **path, int64_t *org_id);
/* A member that exists, is not deleted and lies in the caller's scope (or is the caller's own
 * when self is allowed): its row; NULL after answering 404. */
json_t *dues_member_get(http_request *req, api_ctx *c, int64_t id, bool self);

/* The routes of the other files. */
void dues_ledger(http_request *req, api_ctx *c);
void dues_arrears(http_request *req, api_ctx *c);
void dues_arrears_todo(api_ctx *c, json_t *items);

/* The dues of the subtree path over the months of [from, to] (YYYY-MM-DD; completed months only, up to last month), for an
 * inspection: {available: true, months: [{month, members, with_base, due_fen, paid_fen,
 * collected_fen, collection_rate}], due_fen, paid_fen, collected_fen, collection_rate,
 * months_short (collected < due), members_without_base (in the last month), members_owing,
 * members_lapsed (DUES_LAPSE_MONTHS in a row, now)}; NULL + err. */
json_t *dues_period_summary(db *d, const char *path, const char *from, const char *to, dj_err *err);
void dues_payments_post(http_request *req, api_ctx *c);
void dues_payments_import(http_request *req, api_ctx *c);
void dues_payment_reverse(http_request *req, api_ctx *c);

#endif
