/* demo_dues.c: a year of party dues for the demo data (demo.c): each member's base (employed
 * members in ten bands around the boundaries of 中组发〔2008〕3号, retired members their pension,
 * a few on the flat 0.20 yuan), a review of some bases in January, and the payments of the last
 * twelve months and part of this one, with realistic arrears: some members two months behind,
 * some five (just short of the flag) and some eight (flagged, six in a row). Bulk statements, a
 * few per band and month, no audit record per row (demo_load writes one summary record). The
 * amounts come from domain/dues.h, never from SQL arithmetic. */
#include "cli/cli.h"

#include "core/date.h"
#include "domain/dues.h"
#include "store/db.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static bool run_base(db *d, const char *where, int64_t mod_value, const char *kind, int64_t base, const char *from,
                     const char *now, dj_err *err)
{
    char sql[700];
    snprintf(sql, sizeof sql,
             "INSERT INTO member_dues_bases (member_id, org_path, kind, base_fen, from_month, recorded_by, version,"
             " created_at, updated_at) SELECT m.id, m.org_path, ?, ?, ?, 'demo', 1, ?, ? FROM members m"
             " JOIN orgs o ON o.id = m.org_id WHERE m.deleted_at IS NULL AND %s",
             where);
    db_stmt *s = db_prepare(d, sql);
    db_bind_text(s, 1, kind);
    db_bind_int(s, 2, base);
    db_bind_text(s, 3, from);
    db_bind_text(s, 4, now);
    db_bind_text(s, 5, now);
    db_bind_int(s, 6, mod_value);
    return db_run(s, err);
}

bool demo_dues_load(db *d, dj_err *err)
{
    char now[32], today[11];
    store_now(now);
    dj_date t = date_today();
    date_format(t, today);
    dues_month cur = 0;
    dues_month_of_date(today, &cur);
    dues_month start = cur - 12, jan = (cur / 12) * 12;
    char from[8], janm[8];
    dues_month_format(start, from);
    dues_month_format(jan, janm);

    static const int64_t employed[] = {250000, 300000, 300100, 420000, 500000, 500100, 680000, 1000000, 1000100, 1300000};
    bool ok = true;
    for (int i = 0; ok && i < 10; i++)
        ok = run_base(d, "o.name NOT LIKE '%退休%' AND m.id % 41 <> 0 AND m.id % 10 = ?", i, "employed", employed[i], from,
                      now, err);
    ok = ok && run_base(d, "o.name LIKE '%退休%' AND m.id % 2 = ?", 0, "retired", 380000, from, now, err) &&
         run_base(d, "o.name LIKE '%退休%' AND m.id % 2 = ?", 1, "retired", 520000, from, now, err) &&
         run_base(d, "o.name NOT LIKE '%退休%' AND m.id % 41 = ?", 0, "low_income", 0, from, now, err);
    /* The yearly review: a third of the employed get a new base from January (when January lies
     * inside the year shown). */
    if (ok && jan > start) {
        db_stmt *s = db_prepare(d, "INSERT INTO member_dues_bases (member_id, org_path, kind, base_fen, from_month,"
                                   " recorded_by, version, created_at, updated_at)"
                                   " SELECT member_id, org_path, kind, base_fen + 30000, ?, 'demo', 1, ?, ?"
                                   " FROM member_dues_bases WHERE kind = 'employed' AND member_id % 3 = 0");
        db_bind_text(s, 1, janm);
        db_bind_text(s, 2, now);
        db_bind_text(s, 3, now);
        ok = db_run(s, err);
    }
    /* Every (kind, base) in use, with its due under the default rounding. */
    struct { char kind[16]; int64_t base, due; } pairs[64];
    int np = 0;
    if (ok) {
        db_stmt *s = db_prepare(d, "SELECT DISTINCT kind, base_fen FROM member_dues_bases ORDER BY kind, base_fen");
        int rc;
        while ((rc = db_step(s, err)) == 1 && np < 64) {
            snprintf(pairs[np].kind, sizeof pairs[np].kind, "%s", db_col_text(s, 0));
            pairs[np].base = db_col_int(s, 1);
            dues_kind k = DUES_EMPLOYED;
            dues_kind_parse(pairs[np].kind, &k);
            pairs[np].due = dues_monthly_fen(pairs[np].base, k, DUES_ROUND_FEN_HALF_UP);
            np++;
        }
        if (rc == 1)
            db_reset(s);
        ok = rc >= 0;
    }
    for (dues_month mo = start; ok && mo <= cur; mo++) {
        char ms[8], end[11], paid_on[11];
        dues_month_format(mo, ms);
        snprintf(end, sizeof end, "%s-31", ms);
        snprintf(paid_on, sizeof paid_on, "%s-10", ms);
        if (strcmp(paid_on, today) > 0)
            snprintf(paid_on, sizeof paid_on, "%s", today);
        for (int p = 0; ok && p < np; p++) {
            db_stmt *s = db_prepare(
                d, "INSERT INTO dues_payments (member_id, org_path, month, amount_fen, due_fen, method, paid_on,"
                   " voluntary, recorded_by, version, created_at, updated_at)"
                   " SELECT m.id, m.org_path, ?, ?, ?,"
                   " CASE m.id % 3 WHEN 0 THEN 'cash' WHEN 1 THEN 'transfer' ELSE 'online' END, ?, 0, 'demo', 1, ?, ?"
                   " FROM member_dues_bases b JOIN members m ON m.id = b.member_id"
                   " WHERE b.kind = ? AND b.base_fen = ? AND b.from_month = (SELECT MAX(b2.from_month)"
                   "   FROM member_dues_bases b2 WHERE b2.member_id = b.member_id AND b2.from_month <= ?)"
                   " AND m.deleted_at IS NULL AND m.status NOT IN ('deceased', 'transferred_out')"
                   " AND (m.joined_on IS NULL OR m.joined_on <= ?)"
                   /* arrears: 8 months (flagged), 5 (not yet), 2; this month only some have paid */
                   " AND NOT (m.id % 37 = 5 AND ? >= ?) AND NOT (m.id % 53 = 7 AND ? >= ?)"
                   " AND NOT (m.id % 19 = 3 AND ? >= ?) AND NOT (? = ? AND m.id % 3 = 0)");
            char c8[8], c5[8], c2[8], cm[8];
            dues_month_format(cur - 8, c8);
            dues_month_format(cur - 5, c5);
            dues_month_format(cur - 2, c2);
            dues_month_format(cur, cm);
            int i = 1;
            db_bind_text(s, i++, ms);
            db_bind_int(s, i++, pairs[p].due);
            db_bind_int(s, i++, pairs[p].due);
            db_bind_text(s, i++, paid_on);
            db_bind_text(s, i++, now);
            db_bind_text(s, i++, now);
            db_bind_text(s, i++, pairs[p].kind);
            db_bind_int(s, i++, pairs[p].base);
            db_bind_text(s, i++, ms);
            db_bind_text(s, i++, end);
            db_bind_text(s, i++, ms);
            db_bind_text(s, i++, c8);
            db_bind_text(s, i++, ms);
            db_bind_text(s, i++, c5);
            db_bind_text(s, i++, ms);
            db_bind_text(s, i++, c2);
            db_bind_text(s, i++, ms);
            db_bind_text(s, i++, cm);
            ok = db_run(s, err);
        }
    }
    return ok;
}
