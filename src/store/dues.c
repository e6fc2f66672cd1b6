/* dues.c: the SQL of party dues (store/dues.h). */
#include "store/dues.h"

#include "store/db.h"

#include <stdio.h>
#include <string.h>

const char *const dues_base_columns[] = {"member_id", "org_path", "kind", "base_fen", "from_month", "note",
                                         "recorded_by", NULL};
const char *const dues_payment_columns[] = {"member_id", "org_path", "month", "amount_fen", "due_fen", "method",
                                            "paid_on", "voluntary", "reason", "reverses_id", "recorded_by", NULL};

/* Members who owe dues: live, neither deceased nor transferred out. */
#define OWING "m.deleted_at IS NULL AND m.status NOT IN ('deceased', 'transferred_out')"
#define STANDING "p.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM dues_payments r WHERE r.reverses_id = p.id)"

json_t *dues_bases_e(db *d, int64_t member_id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT id, member_id, kind, base_fen, from_month, note, recorded_by, created_at"
                               " FROM member_dues_bases WHERE member_id = ? ORDER BY from_month");
    db_bind_int(s, 1, member_id);
    return db_rows_json(s, NULL, err);
}

#define PAYMENT_COLS                                                                                                   \
    "p.id, p.member_id, p.month, p.amount_fen, p.due_fen, p.method, p.paid_on, p.voluntary, p.reason,"                \
    " p.reverses_id, p.recorded_by, p.created_at,"                                                                     \
    " CASE WHEN EXISTS (SELECT 1 FROM dues_payments r WHERE r.reverses_id = p.id) THEN 1 ELSE 0 END AS reversed"

json_t *dues_payments_of_e(db *d, int64_t member_id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT " PAYMENT_COLS " FROM dues_payments p WHERE p.member_id = ? ORDER BY p.month, p.id");
    db_bind_int(s, 1, member_id);
    return db_rows_json(s, NULL, err);
}

json_t *dues_payment_read_e(db *d, int64_t id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT " PAYMENT_COLS ", p.org_path FROM dues_payments p WHERE p.id = ?");
    db_bind_int(s, 1, id);
    int rc = db_step(s, err);
    if (rc < 0)
        return NULL;
    if (rc == 0) {
        dj_err_set(err, "not_found", "", "缴费记录不存在");
        return NULL;
    }
    json_t *row = db_row_json(s);
    db_reset(s);
    return row;
}

bool dues_base_at(db *d, int64_t member_id, const char *month, bool *found, char kind[16], int64_t *base_fen,
                  dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT kind, base_fen FROM member_dues_bases WHERE member_id = ? AND from_month <= ?"
                               " ORDER BY from_month DESC LIMIT 1");
    db_bind_int(s, 1, member_id);
    db_bind_text(s, 2, month);
    int rc = db_step(s, err);
    if (rc < 0)
        return false;
    *found = rc == 1;
    if (*found) {
        snprintf(kind, 16, "%s", db_col_text(s, 0));
        *base_fen = db_col_int(s, 1);
        db_reset(s);
    }
    return true;
}

bool dues_paid_net(db *d, int64_t member_id, const char *month, int64_t *paid_fen, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT COALESCE(SUM(amount_fen), 0) FROM dues_payments WHERE member_id = ? AND month = ?");
    db_bind_int(s, 1, member_id);
    db_bind_text(s, 2, month);
    if (db_step(s, err) != 1)
        return false;
    *paid_fen = db_col_int(s, 0);
    db_reset(s);
    return true;
}

bool dues_payment_standing(db *d, int64_t member_id, const char *month, int64_t *id, char method[16],
                           char paid_on[11], dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT p.id, p.method, p.paid_on FROM dues_payments p WHERE p.member_id = ? AND p.month = ?"
                               " AND " STANDING " ORDER BY p.id DESC LIMIT 1");
    db_bind_int(s, 1, member_id);
    db_bind_text(s, 2, month);
    int rc = db_step(s, err);
    if (rc < 0)
        return false;
    *id = 0;
    method[0] = paid_on[0] = '\0';
    if (rc == 1) {
        *id = db_col_int(s, 0);
        snprintf(method, 16, "%s", db_col_text(s, 1));
        snprintf(paid_on, 11, "%s", db_col_text(s, 2));
        db_reset(s);
    }
    return true;
}

bool dues_first_base_month(db *d, int64_t member_id, char month[8], dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT MIN(from_month) FROM member_dues_bases WHERE member_id = ?");
    db_bind_int(s, 1, member_id);
    if (db_step(s, err) != 1)
        return false;
    snprintf(month, 8, "%s", db_col_text(s, 0));
    db_reset(s);
    return true;
}

json_t *dues_paid_months_e(db *d, int64_t member_id, const char *from, const char *to, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT month FROM dues_payments WHERE member_id = ? AND month >= ? AND month < ?"
                               " GROUP BY month HAVING SUM(amount_fen) > 0 ORDER BY month");
    db_bind_int(s, 1, member_id);
    db_bind_text(s, 2, from);
    db_bind_text(s, 3, to);
    return db_rows_json(s, NULL, err);
}

/* The last day a "YYYY-MM" month may hold, as text that compares with dates: "YYYY-MM-31". */
static void month_end(const char *month, char out[11]) { snprintf(out, 11, "%.7s-31", month); }

bool dues_ledger_scan(db *d, const char *subtree, const char *month, void (*fn)(const dues_ledger_row *r, void *arg),
                      void *arg, dj_err *err)
{
    char upper[300], end[11];
    store_path_upper(subtree, upper, sizeof upper);
    month_end(month, end);
    /* One pass over the subtree's members in tree order; the base in force and the month's
     * payments are index lookups ((member_id, from_month), (member_id, month, amount_fen)). */
    db_stmt *s = db_prepare(
        d, "SELECT m.id, m.org_id, m.name, m.joined_on, m.org_path,"
           " (SELECT b.kind FROM member_dues_bases b WHERE b.member_id = m.id AND b.from_month <= ?"
           "   ORDER BY b.from_month DESC LIMIT 1),"
           " (SELECT b.base_fen FROM member_dues_bases b WHERE b.member_id = m.id AND b.from_month <= ?"
           "   ORDER BY b.from_month DESC LIMIT 1),"
           " (SELECT SUM(p.amount_fen) FROM dues_payments p WHERE p.member_id = m.id AND p.month = ?)"
           " FROM members m WHERE m.org_path >= ? AND m.org_path < ? AND " OWING
           " AND (m.joined_on IS NULL OR m.joined_on <= ?) ORDER BY m.org_path, m.id");
    db_bind_text(s, 1, month);
    db_bind_text(s, 2, month);
    db_bind_text(s, 3, month);
    db_bind_text(s, 4, subtree);
    db_bind_text(s, 5, upper);
    db_bind_text(s, 6, end);
    db_stream(s);
    int rc;
    while ((rc = db_step(s, err)) == 1) {
        dues_ledger_row r = {db_col_int(s, 0), db_col_int(s, 1), db_col_text(s, 2), db_col_text(s, 3),
                             db_col_text(s, 5), db_col_text(s, 4), db_col_int(s, 6), db_col_int(s, 7)};
        fn(&r, arg);
    }
    return rc == 0;
}

bool dues_arrears_members(db *d, const char *subtree, const char *before_month,
                          void (*fn)(const dues_arrears_row *r, void *arg), void *arg, dj_err *err)
{
    char upper[300];
    store_path_upper(subtree, upper, sizeof upper);
    db_stmt *s = db_prepare(
        d, "SELECT m.id, m.org_id, m.name, m.joined_on, o.name,"
           " (SELECT MIN(b.from_month) FROM member_dues_bases b WHERE b.member_id = m.id) AS first_month"
           " FROM members m JOIN orgs o ON o.id = m.org_id"
           " WHERE m.org_path >= ? AND m.org_path < ? AND " OWING " AND (m.joined_on IS NULL OR m.joined_on < ?)"
           " ORDER BY m.id");
    char first_day[11];
    snprintf(first_day, sizeof first_day, "%.7s-01", before_month);
    db_bind_text(s, 1, subtree);
    db_bind_text(s, 2, upper);
    db_bind_text(s, 3, first_day);
    db_stream(s);
    int rc;
    while ((rc = db_step(s, err)) == 1) {
        dues_arrears_row r = {db_col_int(s, 0), db_col_int(s, 1), db_col_text(s, 2), db_col_text(s, 3),
                              db_col_text(s, 5), db_col_text(s, 4)};
        fn(&r, arg);
    }
    return rc == 0;
}

bool dues_arrears_paid(db *d, const char *subtree, const char *before_month,
                       void (*fn)(int64_t member_id, const char *month, void *arg), void *arg, dj_err *err)
{
    char upper[300];
    store_path_upper(subtree, upper, sizeof upper);
    db_stmt *s = db_prepare(d, "SELECT p.member_id, p.month FROM dues_payments p JOIN members m ON m.id = p.member_id"
                               " WHERE m.org_path >= ? AND m.org_path < ? AND " OWING " AND p.month < ?"
                               " GROUP BY p.member_id, p.month HAVING SUM(p.amount_fen) > 0"
                               " ORDER BY p.member_id, p.month");
    db_bind_text(s, 1, subtree);
    db_bind_text(s, 2, upper);
    db_bind_text(s, 3, before_month);
    db_stream(s);
    int rc;
    while ((rc = db_step(s, err)) == 1)
        fn(db_col_int(s, 0), db_col_text(s, 1), arg);
    return rc == 0;
}

bool dues_lapsed_by_org(db *d, const char *subtree, const char *from, const char *to,
                        void (*fn)(int64_t org_id, const char *org_name, int64_t n, void *arg), void *arg, dj_err *err)
{
    char upper[300], end[11];
    store_path_upper(subtree, upper, sizeof upper);
    month_end(from, end);
    db_stmt *s = db_prepare(
        d, "SELECT m.org_id, o.name, COUNT(*) FROM members m JOIN orgs o ON o.id = m.org_id"
           " WHERE m.org_path >= ? AND m.org_path < ? AND " OWING " AND (m.joined_on IS NULL OR m.joined_on <= ?)"
           " AND EXISTS (SELECT 1 FROM member_dues_bases b WHERE b.member_id = m.id AND b.from_month <= ?)"
           " AND NOT EXISTS (SELECT 1 FROM dues_payments p WHERE p.member_id = m.id AND p.month >= ? AND p.month < ?"
           "   AND " STANDING ")"
           " GROUP BY m.org_id, o.name ORDER BY m.org_id");
    db_bind_text(s, 1, subtree);
    db_bind_text(s, 2, upper);
    db_bind_text(s, 3, end);
    db_bind_text(s, 4, from);
    db_bind_text(s, 5, from);
    db_bind_text(s, 6, to);
    int rc;
    while ((rc = db_step(s, err)) == 1)
        fn(db_col_int(s, 0), db_col_text(s, 1), db_col_int(s, 2), arg);
    return rc == 0;
}

bool dues_member_by_id_number(db *d, const char *id_number, int64_t *id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT id FROM members WHERE id_number = ? AND deleted_at IS NULL");
    db_bind_text(s, 1, id_number);
    int rc = db_step(s, err);
    if (rc < 0)
        return false;
    *id = rc == 1 ? db_col_int(s, 0) : 0;
    if (rc == 1)
        db_reset(s);
    return true;
}
