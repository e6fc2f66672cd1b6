/* dues.c: the SQL of party dues (store/dues.h). */
#include "store/dues.h"

#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
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

/* A subtree this large reads the month's bases and payments in two scans of their own instead of
 * two index lookups per member. */

typedef struct bulk_entry {
    int64_t member_id, fen;
    int kind; /* index in bulk.kinds; -1 none */
} bulk_entry;

typedef struct bulk {
    bulk_entry *e;
    size_t n, cap;
    char kinds[8][16];
    int nkinds;
    int32_t *dense; /* entry index by member_id - lo, or NULL */
    int64_t lo, span;
} bulk;

static void bulk_put(bulk *b, int64_t member_id, int64_t fen, int kind)
{
    if (b->n && b->e[b->n - 1].member_id == member_id) { /* the later row wins (a later base) */
        b->e[b->n - 1].fen = fen;
        b->e[b->n - 1].kind = kind;
        return;
    }
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 4096;
        b->e = realloc(b->e, b->cap * sizeof *b->e);
    }
    b->e[b->n++] = (bulk_entry){member_id, fen, kind};
}

/* Member ids are dense: an entry is found by its id's offset (one memory access instead of a
 * binary search's twenty) when the ids span less than four times the entries. */
static void bulk_index(bulk *b)
{
    if (!b->n)
        return;
    int64_t lo = b->e[0].member_id, span = b->e[b->n - 1].member_id - lo + 1;
    if (span > (int64_t)b->n * 4 + 1024)
        return;
    b->dense = malloc((size_t)span * sizeof *b->dense);
    for (int64_t i = 0; i < span; i++)
        b->dense[i] = -1;
    for (size_t i = 0; i < b->n; i++)
        b->dense[b->e[i].member_id - lo] = (int32_t)i;
    b->lo = lo;
    b->span = span;
}

static const bulk_entry *bulk_find(const bulk *b, int64_t member_id)
{
    if (b->dense) {
        int64_t k = member_id - b->lo;
        return k >= 0 && k < b->span && b->dense[k] >= 0 ? &b->e[b->dense[k]] : NULL;
    }
    size_t lo = 0, hi = b->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (b->e[mid].member_id < member_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < b->n && b->e[lo].member_id == member_id ? &b->e[lo] : NULL;
}

static int bulk_kind(bulk *b, const char *kind)
{
    for (int i = 0; i < b->nkinds; i++)
        if (strcmp(b->kinds[i], kind) == 0)
            return i;
    if (b->nkinds == 8)
        return -1;
    snprintf(b->kinds[b->nkinds], sizeof b->kinds[0], "%s", kind);
    return b->nkinds++;
}

typedef struct base_row {
    int64_t member_id, fen;
    char from[8];
    int kind;
} base_row;

static int by_member_month(const void *a, const void *b)
{
    const base_row *x = a, *y = b;
    if (x->member_id != y->member_id)
        return x->member_id < y->member_id ? -1 : 1;
    return strcmp(x->from, y->from);
}

/* The base in force in month of every member (by member id), and what each paid for it. The
 * bases are read in the table's order (no lookup per row) and sorted here. */
static bool bulk_read(db *d, const char *month, bulk *bases, bulk *paid, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT member_id, from_month, kind, base_fen FROM member_dues_bases WHERE from_month <= ?");
    db_bind_text(s, 1, month);
    db_stream(s);
    base_row *rows = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = db_step(s, err)) == 1) {
        if (n == cap) {
            cap = cap ? cap * 2 : 4096;
            rows = realloc(rows, cap * sizeof *rows);
        }
        rows[n].member_id = db_col_int(s, 0);
        snprintf(rows[n].from, sizeof rows[n].from, "%s", db_col_text(s, 1));
        rows[n].kind = bulk_kind(bases, db_col_text(s, 2));
        rows[n].fen = db_col_int(s, 3);
        n++;
    }
    if (rc < 0) {
        free(rows);
        return false;
    }
    qsort(rows, n, sizeof *rows, by_member_month);
    for (size_t i = 0; i < n; i++)
        bulk_put(bases, rows[i].member_id, rows[i].fen, rows[i].kind);
    free(rows);
    s = db_prepare(d, "SELECT member_id, SUM(amount_fen) FROM dues_payments WHERE month = ? GROUP BY member_id"
                      " ORDER BY member_id");
    db_bind_text(s, 1, month);
    db_stream(s);
    while ((rc = db_step(s, err)) == 1)
        bulk_put(paid, db_col_int(s, 0), db_col_int(s, 1), -1);
    bulk_index(bases);
    bulk_index(paid);
    return rc == 0;
}

bool dues_ledger_scan(db *d, const char *subtree, const char *month, void (*fn)(const dues_ledger_row *r, void *arg),
                      void *arg, dj_err *err)
{
    char upper[300], end[11];
    store_path_upper(subtree, upper, sizeof upper);
    month_end(month, end);
    int64_t count = 0;
    if (!dues_members_in(d, subtree, &count, err))
        return false;
    bool large = count > DUES_BULK_MEMBERS;
    db_stmt *s;
    bulk bases = {0}, paid = {0};
    if (large && !bulk_read(d, month, &bases, &paid, err)) {
        free(bases.e);
        free(paid.e);
        free(bases.dense);
        free(paid.dense);
        return false;
    }
    /* One pass over the subtree's members in tree order; for a small subtree the base in force
     * and the month's payments are index lookups ((member_id, from_month), (member_id, month,
     * amount_fen)); a large one finds them in what bulk_read read. */
    if (large)
        s = db_prepare(d, "SELECT m.id FROM members m"
                          " WHERE m.org_path >= ? AND m.org_path < ? AND " OWING " AND (m.joined_on IS NULL OR m.joined_on <= ?)"
                          " ORDER BY m.org_path, m.id");
    else
        s = db_prepare(
            d, "SELECT m.id,"
               " (SELECT b.kind FROM member_dues_bases b WHERE b.member_id = m.id AND b.from_month <= ?"
               "   ORDER BY b.from_month DESC LIMIT 1),"
               " (SELECT b.base_fen FROM member_dues_bases b WHERE b.member_id = m.id AND b.from_month <= ?"
               "   ORDER BY b.from_month DESC LIMIT 1),"
               " (SELECT SUM(p.amount_fen) FROM dues_payments p WHERE p.member_id = m.id AND p.month = ?)"
               " FROM members m WHERE m.org_path >= ? AND m.org_path < ? AND " OWING
               " AND (m.joined_on IS NULL OR m.joined_on <= ?) ORDER BY m.org_path, m.id");
    int i = 1;
    if (!large) {
        db_bind_text(s, i++, month);
        db_bind_text(s, i++, month);
        db_bind_text(s, i++, month);
    }
    db_bind_text(s, i++, subtree);
    db_bind_text(s, i++, upper);
    db_bind_text(s, i++, end);
    db_stream(s);
    int rc;
    while ((rc = db_step(s, err)) == 1) {
        dues_ledger_row r = {db_col_int(s, 0), "", 0, 0};
        if (large) {
            const bulk_entry *b = bulk_find(&bases, r.member_id), *p = bulk_find(&paid, r.member_id);
            if (b && b->kind >= 0) {
                r.kind = bases.kinds[b->kind];
                r.base_fen = b->fen;
            }
            r.paid_fen = p ? p->fen : 0;
        } else {
            r.kind = db_col_text(s, 1);
            r.base_fen = db_col_int(s, 2);
            r.paid_fen = db_col_int(s, 3);
        }
        fn(&r, arg);
    }
    free(bases.e);
    free(paid.e);
    free(bases.dense);
    free(paid.dense);
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
    /* Paid = a month whose payments net above zero (reversals cancel), read from the index
     * (member_id, month, amount_fen) alone. */
    db_stmt *s = db_prepare(
        d, "SELECT m.org_id, o.name, COUNT(*) FROM members m JOIN orgs o ON o.id = m.org_id"
           " WHERE m.org_path >= ? AND m.org_path < ? AND " OWING " AND (m.joined_on IS NULL OR m.joined_on <= ?)"
           " AND EXISTS (SELECT 1 FROM member_dues_bases b WHERE b.member_id = m.id AND b.from_month <= ?)"
           " AND NOT EXISTS (SELECT 1 FROM dues_payments p WHERE p.member_id = m.id AND p.month >= ? AND p.month < ?"
           "   GROUP BY p.month HAVING SUM(p.amount_fen) > 0)"
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

bool dues_members_in(db *d, const char *subtree, int64_t *n, dj_err *err)
{
    char upper[300];
    store_path_upper(subtree, upper, sizeof upper);
    db_stmt *s = db_prepare(d, "SELECT COUNT(*) FROM members WHERE deleted_at IS NULL AND org_path >= ? AND org_path < ?");
    db_bind_text(s, 1, subtree);
    db_bind_text(s, 2, upper);
    if (db_step(s, err) != 1)
        return false;
    *n = db_col_int(s, 0);
    db_reset(s);
    return true;
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

bool dues_member_brief(db *d, int64_t id, char name[128], int64_t *org_id, char joined_on[11], dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT name, org_id, joined_on FROM members WHERE id = ?");
    db_bind_int(s, 1, id);
    if (db_step(s, err) != 1)
        return dj_err_set(err, err->code[0] ? err->code : "internal", "", "党员记录读取失败");
    snprintf(name, 128, "%s", db_col_text(s, 0));
    *org_id = db_col_int(s, 1);
    snprintf(joined_on, 11, "%s", db_col_text(s, 2));
    db_reset(s);
    return true;
}
