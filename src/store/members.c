#include "store/members.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/text.h"
#include "store/rows.h"
#include "store/where.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const member_columns[] = {"name", "gender", "ethnicity", "birth_date", "id_number", "phone", "education",
                                      "title", "department", "position", "org_id", "org_path", "category", "status",
                                      "joined_on", "full_on", "tags", NULL};

#define MEMBER_COLUMNS                                                                                   \
    "m.id, m.name, m.gender, m.ethnicity, m.birth_date, m.id_number, m.phone, m.education,"             \
    " m.title, m.department, m.position, m.org_id, o.name AS org_name, m.org_path, m.category, m.status," \
    " m.joined_on, m.full_on, m.tags AS tags_json,"                                                     \
    " CASE WHEN m.deleted_at IS NULL THEN 'false' ELSE 'true' END AS deleted_json, m.version"
#define MEMBER_FROM " FROM members m JOIN orgs o ON o.id = m.org_id"
#define MEMBER_SELECT "SELECT " MEMBER_COLUMNS MEMBER_FROM

/* Names sort by pinyin (李 before 王 before 张): SQLite's PINYIN collation (core/pinyin.h),
 * PostgreSQL's ICU collation for Chinese. pg: the PostgreSQL text where it differs. */
static const struct { const char *key, *order, *pg; } sorts[] = {
    /* "org" (the default) follows the index on (org_path, id): a page reads only its own rows. */
    {"org", "m.org_path, m.id", NULL}, {"-org", "m.org_path DESC, m.id DESC", NULL},
    {"id", "m.id", NULL}, {"-id", "m.id DESC", NULL},
    {"name", "m.name COLLATE PINYIN, m.id", "m.name COLLATE \"zh-x-icu\", m.id"},
    {"-name", "m.name COLLATE PINYIN DESC, m.id DESC", "m.name COLLATE \"zh-x-icu\" DESC, m.id DESC"},
    {"joined_on", "m.joined_on, m.id", NULL}, {"-joined_on", "m.joined_on DESC, m.id DESC", NULL},
    {"birth_date", "m.birth_date, m.id", NULL}, {"-birth_date", "m.birth_date DESC, m.id DESC", NULL},
};

static const char *sort_order(const char *sort, db_dialect dialect)
{
    if (!sort || !*sort)
        return "m.org_path, m.id";
    for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
        if (strcmp(sorts[i].key, sort) == 0)
            return dialect == DB_POSTGRES && sorts[i].pg ? sorts[i].pg : sorts[i].order;
    return NULL;
}

bool member_sort_valid(const char *sort) { return sort_order(sort, DB_SQLITE) != NULL; }

static void fix(json_t *o)
{
    json_object_set_new(o, "deleted", json_boolean(db_json_truthy(json_object_get(o, "deleted"))));
}

/* 11 digits starting with 1: a mainland mobile number, whole. */
static bool is_phone(const char *q)
{
    size_t n = strlen(q);
    if (n != 11 || q[0] != '1')
        return false;
    for (size_t i = 0; i < n; i++)
        if (q[i] < '0' || q[i] > '9')
            return false;
    return true;
}

/* 17 digits and a digit or X: an ID number, whole (its check is the validator's business). */
static bool is_id_number(const char *q)
{
    size_t n = strlen(q);
    if (n != 18)
        return false;
    for (size_t i = 0; i < 17; i++)
        if (q[i] < '0' || q[i] > '9')
            return false;
    return (q[17] >= '0' && q[17] <= '9') || q[17] == 'x' || q[17] == 'X';
}

static char *upper_x(const char *q)
{
    char *c = xstrdup(q);
    if (c[17] == 'x')
        c[17] = 'X';
    return c;
}

static char *fts_phrase(const char *q)
{
    /* A phrase query: the user's text between quotes, quotes doubled, so FTS5 syntax in q is
     * just text. */
    buf b = {0};
    buf_puts(&b, "{name department} : \"");
    for (const char *p = q; *p; p++) {
        if (*p == '"')
            buf_puts(&b, "\"\"");
        else
            buf_append(&b, p, 1);
    }
    buf_puts(&b, "\"");
    return buf_steal(&b, NULL);
}

static char *like_pattern(const char *q)
{
    buf b = {0};
    buf_puts(&b, "%");
    for (const char *p = q; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            buf_puts(&b, "\\");
        buf_append(&b, p, 1);
    }
    buf_puts(&b, "%");
    return buf_steal(&b, NULL);
}

/* The clause of q into w; upper (at least 300 bytes) holds the subtree's upper bound while w
 * is used. */
static void where_build(store_where *w, const member_query *q, db_dialect dialect, char *upper)
{
    bool pg = dialect == DB_POSTGRES;
    store_path_upper(q->subtree, upper, 300);
    where_and(w, "m.org_path >= ? AND m.org_path < ?", WHERE_TEXT(q->subtree), WHERE_TEXT(upper));
    where_and(w, q->deleted ? "m.deleted_at IS NOT NULL" : "m.deleted_at IS NULL");
    if (q->only_id)
        where_and(w, "m.id = ?", WHERE_INT(q->only_id));
    /* The rows a user checked: one bound value, a JSON array of ids. */
    if (q->ids)
        where_and(w, pg ? "m.id IN (SELECT CAST(v AS BIGINT) FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS t(v))"
                        : "m.id IN (SELECT value FROM json_each(?))",
                  WHERE_TEXT(q->ids));
    if (q->category && *q->category)
        where_and(w, "m.category = ?", WHERE_TEXT(q->category));
    if (q->status && *q->status)
        where_and(w, "m.status = ?", WHERE_TEXT(q->status));
    if (q->department && *q->department)
        where_and(w, "m.department = ?", WHERE_TEXT(q->department));
    if (q->tag && *q->tag)
        where_and(w, pg ? "m.tags::jsonb @> jsonb_build_array(?::text)"
                        : "EXISTS (SELECT 1 FROM json_each(m.tags) WHERE json_each.value = ?)",
                  WHERE_TEXT(q->tag));
    if (!q->q || !*q->q)
        return;
    /* A whole phone number or ID number finds its member, for those who see the numbers (both
     * are indexed); anything else is a piece of a name or a department. */
    if (q->search_phone && is_phone(q->q)) {
        where_and(w, "m.phone = ?", WHERE_TEXT(q->q));
        return;
    }
    if (q->search_phone && is_id_number(q->q)) {
        where_and(w, "m.id_number = ?", WHERE_TEXT(where_keep(w, upper_x(q->q))));
        return;
    }
    if (!pg && utf8_length(q->q) >= 3) {
        /* The trigram index needs three characters. */
        const char *match = where_keep(w, fts_phrase(q->q));
        where_and(w, "m.id IN (SELECT rowid FROM members_fts WHERE members_fts MATCH ?)", WHERE_TEXT(match));
        return;
    }
    /* PostgreSQL: a substring match, case-insensitive as FTS5's trigram tokenizer is; pg_trgm's
     * GIN indexes (schema_members.c) serve it from three characters on. SQLite, shorter than
     * three characters (a two-character name): a scan, bounded by the subtree. */
    const char *like = where_keep(w, like_pattern(q->q));
    where_and(w, pg ? "(m.name ILIKE ? ESCAPE '\\' OR m.department ILIKE ? ESCAPE '\\')"
                    : "(m.name LIKE ? ESCAPE '\\' OR m.department LIKE ? ESCAPE '\\')",
              WHERE_TEXT(like), WHERE_TEXT(like));
}

/* The page's rows carry the count of all matches in a last column, total__, which the JSON
 * leaves out. */
typedef struct page_filter {
    db_json_filter filter;
    void *arg;
} page_filter;

static bool without_total(void *arg, const char *column, const char **text)
{
    page_filter *p = arg;
    if (column[0] == 't' && strcmp(column, "total__") == 0)
        return false;
    return p->filter ? p->filter(p->arg, column, text) : true;
}

bool members_list_json_e(db *d, const member_query *q, buf *out, db_json_filter filter, void *arg, int64_t *total,
                         dj_err *err)
{
    store_where w = {0};
    char upper[300];
    where_build(&w, q, db_dialect_of(d), upper);
    /* One statement for the page and the count (an uncorrelated subquery, evaluated once): one
     * round trip to PostgreSQL instead of two, and both from the same snapshot. */
    buf sql = {0};
    buf_printf(&sql, "SELECT " MEMBER_COLUMNS ", (SELECT COUNT(*) FROM members m%s) AS total__" MEMBER_FROM
                     "%s ORDER BY %s LIMIT ? OFFSET ?", where_sql(&w), where_sql(&w), sort_order(q->sort, db_dialect_of(d)));
    db_stmt *s = db_prepare(d, sql.data);
    buf_free(&sql);
    int i = where_bind(&w, s, where_bind(&w, s, 1));
    db_bind_int(s, i++, q->limit);
    db_bind_int(s, i++, q->offset);
    page_filter pf = {filter, arg};
    *total = -1;
    buf_append(out, "[", 1);
    int rc, row = 0;
    for (; (rc = db_step(s, err)) == 1; row++) {
        if (row)
            buf_append(out, ",", 1);
        else
            *total = db_col_int(s, db_col_count(s) - 1);
        db_row_write_json(s, out, without_total, &pf);
    }
    buf_append(out, "]", 1);
    bool ok = rc == 0;
    if (ok && *total < 0 && q->offset == 0)
        *total = 0;
    else if (ok && *total < 0) /* a page past the end: count on its own */
        ok = where_count(d, &w, "FROM members m", total, err);
    where_free(&w);
    return ok;
}

int64_t members_list_json(db *d, const member_query *q, buf *out, db_json_filter filter, void *arg)
{
    size_t start = out->len;
    int64_t total;
    if (members_list_json_e(d, q, out, filter, arg, &total, NULL))
        return total;
    out->len = start; /* a failed read lists nothing */
    buf_append(out, "[]", 2);
    return 0;
}

int members_each_e(db *d, const member_query *q, bool (*fn)(json_t *m, void *arg), void *arg, dj_err *err)
{
    store_where w = {0};
    char upper[300];
    where_build(&w, q, db_dialect_of(d), upper);
    buf order = {0};
    buf_printf(&order, " ORDER BY %s", sort_order(q->sort, db_dialect_of(d)));
    db_stmt *s = where_prepare(d, &w, MEMBER_SELECT, order.data, 1, NULL);
    buf_free(&order);
    db_stream(s); /* a province's export: one row in memory at a time */
    bool go = true;
    int rc;
    while (go && (rc = db_step(s, err)) == 1) {
        json_t *o = db_row_json(s);
        fix(o);
        go = fn(o, arg);
        json_decref(o);
    }
    db_reset(s); /* ends the read snapshot when fn stopped early */
    where_free(&w);
    return !go ? 0 : rc < 0 ? -1 : 1;
}

bool members_each(db *d, const member_query *q, bool (*fn)(json_t *m, void *arg), void *arg)
{
    return members_each_e(d, q, fn, arg, NULL) == 1;
}

json_t *member_read_e(db *d, int64_t id, dj_err *err)
{
    db_stmt *s = db_prepare(d, MEMBER_SELECT " WHERE m.id = ?");
    db_bind_int(s, 1, id);
    int rc = db_step(s, err);
    if (rc != 1) {
        if (rc == 0)
            dj_err_set(err, "not_found", "", "党员不存在");
        return NULL;
    }
    json_t *o = db_row_json(s);
    db_reset(s);
    fix(o);
    return o;
}

json_t *member_read(db *d, int64_t id)
{
    return member_read_e(d, id, NULL);
}

bool member_transfer(db *d, int64_t id, int64_t version, int64_t to_org_id, const char *to_path,
                     const char *date, const char *reason, const dj_actor *who, dj_err *err)
{
    json_t *cur = row_get_e(d, "members", id, err);
    if (!cur)
        return err && strcmp(err->code, "not_found") == 0 ? dj_err_set(err, "not_found", "", "党员不存在") : false;
    int64_t from = json_integer_value(json_object_get(cur, "org_id"));
    json_decref(cur);
    if (from == to_org_id)
        return dj_err_set(err, "validation", "to_org_id", "转入组织与当前组织相同");
    json_t *f = json_pack("{s:I,s:s}", "org_id", (json_int_t)to_org_id, "org_path", to_path);
    bool ok = row_update(d, "members", member_columns, id, version, f, false, "transfer", who, err);
    json_decref(f);
    if (!ok)
        return false;
    char now[32];
    store_now(now);
    db_stmt *s = db_prepare(d, "INSERT INTO member_transfers (member_id, from_org_id, to_org_id, transfer_date, reason, by_user, at)"
                               " VALUES (?,?,?,?,?,?,?)");
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, from);
    db_bind_int(s, 3, to_org_id);
    db_bind_text(s, 4, date);
    db_bind_text(s, 5, reason);
    db_bind_text(s, 6, who ? who->username : NULL);
    db_bind_text(s, 7, now);
    return db_run(s, err);
}

/* All rows of s as JSON objects; NULL + err when the read fails. */

json_t *member_transfers_e(db *d, int64_t id, dj_err *err)
{
    db_stmt *s = db_prepare(d,
        "SELECT t.at, 'transfer' AS kind, t.from_org_id, f.name AS from_org_name, t.to_org_id, o.name AS to_org_name,"
        " t.transfer_date, t.reason, t.by_user AS by FROM member_transfers t"
        " JOIN orgs f ON f.id = t.from_org_id JOIN orgs o ON o.id = t.to_org_id"
        " WHERE t.member_id = ? ORDER BY t.id DESC");
    db_bind_int(s, 1, id);
    return db_rows_json(s, NULL, err);
}

json_t *member_transfers(db *d, int64_t id)
{
    json_t *a = member_transfers_e(d, id, NULL);
    return a ? a : json_array();
}

json_t *member_audit_e(db *d, int64_t id, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT id, at, action, username AS by, before AS before_json, after AS after_json"
                               " FROM audit_log WHERE object_type = 'member' AND object_id = ? ORDER BY id DESC");
    db_bind_int(s, 1, id);
    return db_rows_json(s, NULL, err);
}

json_t *member_audit(db *d, int64_t id)
{
    json_t *a = member_audit_e(d, id, NULL);
    return a ? a : json_array();
}

bool member_id_number_taken_e(db *d, const char *id_number, int64_t except_id, bool *taken, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT 1 FROM members WHERE id_number = ? AND id <> ?");
    db_bind_text(s, 1, id_number);
    db_bind_int(s, 2, except_id);
    int rc = db_step(s, err);
    if (rc < 0)
        return false;
    *taken = rc == 1;
    db_reset(s);
    return true;
}

bool member_id_number_taken(db *d, const char *id_number, int64_t except_id)
{
    bool taken = false; /* as before on a failed read; member_id_number_taken_e reports it */
    member_id_number_taken_e(d, id_number, except_id, &taken, NULL);
    return taken;
}

bool member_insert_bulk(db *d, member_bulk *b, const member_input *m, int64_t org_id, const char *tags_json,
                        const char *org_path, int64_t *id, dj_err *err)
{
    /* Inside a bulk on SQLite the ids are counted here (the transaction holds the write lock),
     * which spares the RETURNING clause its result buffer on every row. SQLite gives a row
     * without an id the largest on file plus one: the count's, and an append at the table's end
     * with no descent from the root (an explicit id costs one on every row). members_bulk_end
     * checks that the two agree. */
    bool own_id = b && b->next_id > 0;
    db_stmt *s = db_prepare(d, own_id
        ? "INSERT INTO members (name, gender, ethnicity, birth_date, id_number, phone, education, title, department,"
          " position, org_id, category, status, joined_on, full_on, org_path, tags, version, created_at, updated_at)"
          " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)"
        : "INSERT INTO members (name, gender, ethnicity, birth_date, id_number, phone, education, title, department,"
          " position, org_id, category, status, joined_on, full_on, org_path, tags, version, created_at, updated_at)"
          " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?) RETURNING id");
    /* m's strings outlive the statement's run: no copies. */
    const char *const before_org[] = {m->name, m->gender, m->ethnicity, m->birth_date, m->id_number,
                                      m->phone, m->education, m->title, m->department, m->position};
    const char *const after_org[] = {m->category, m->status, m->joined_on, m->full_on, org_path,
                                     tags_json ? tags_json : "[]"};
    int n = 1;
    for (size_t i = 0; i < sizeof before_org / sizeof before_org[0]; i++)
        db_bind_text_static(s, n++, before_org[i]);
    db_bind_int(s, n++, org_id);
    for (size_t i = 0; i < sizeof after_org / sizeof after_org[0]; i++)
        db_bind_text_static(s, n++, after_org[i]);
    char now[32];
    if (b && b->now[0])
        memcpy(now, b->now, sizeof now);
    else
        store_now(now);
    db_bind_text_static(s, n++, now); /* now, too, outlives the run */
    db_bind_text_static(s, n++, now);
    if (own_id) {
        if (!db_run(s, err))
            return false;
        if (id)
            *id = b->next_id;
        b->next_id++;
        return true;
    }
    int rc = db_step(s, err);
    if (rc != 1)
        return rc == 0 ? dj_err_set(err, "internal", "", "INSERT 未返回 id") : false;
    if (id)
        *id = db_col_int(s, 0);
    return db_run(s, err);
}

/* The largest id of a table ('members' or 'audit_log'), 0 when it is empty. */
static bool max_id(db *d, const char *sql, int64_t *out, dj_err *err)
{
    db_stmt *s = db_prepare(d, sql);
    if (db_step(s, err) != 1)
        return false;
    *out = db_col_int(s, 0);
    db_reset(s);
    return true;
}

bool members_bulk_begin(db *d, member_bulk *b, int64_t expected_rows, dj_err *err)
{
    memset(b, 0, sizeof *b);
    store_now(b->now);
    if (db_dialect_of(d) != DB_SQLITE)
        return true;
    int64_t audited;
    if (!max_id(d, "SELECT COALESCE(MAX(id), 0) FROM members", &b->first_id, err) ||
        !max_id(d, "SELECT COALESCE(MAX(id), 0) FROM audit_log", &audited, err))
        return false;
    b->next_id = b->first_id + 1;
    /* What is set aside until bulk_end: the search-index trigger always (the index is then
     * filled from the new rows alone); the ordinary indexes of members and of the audit log
     * only when the file is at least as large as what is on file, since rebuilding one sorts the
     * whole table, which beats a random insert per row only then. Unique indexes (ID numbers)
     * stay: they find duplicates row by row; so do the indexes of deleted rows only, which new
     * rows never enter (rebuilding one scanned the whole table for nothing). The statements
     * come from sqlite_master, so what comes back is exactly what the migrations made. */
    bool rebuild = expected_rows >= b->first_id && expected_rows >= audited;
    db_stmt *s = db_prepare(d, "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND"
                               " ((type = 'trigger' AND name = 'members_fts_ai') OR"
                               "  (? AND type = 'index' AND tbl_name IN ('members', 'audit_log') AND sql NOT LIKE 'CREATE UNIQUE %'"
                               "   AND sql NOT LIKE '%WHERE deleted_at IS NOT NULL'))"
                               " ORDER BY type, name");
    db_bind_int(s, 1, rebuild);
    b->deferred = json_array();
    int rc;
    while ((rc = db_step(s, err)) == 1)
        json_array_append_new(b->deferred, db_row_json(s));
    if (rc < 0)
        return false;
    size_t i;
    json_t *o;
    bool ok = db_exec(d, "PRAGMA cache_size = -262144", err);
    /* Inside the caller's transaction: a rollback brings every one of them back. */
    json_array_foreach(b->deferred, i, o) {
        if (!ok)
            break;
        char drop[160];
        snprintf(drop, sizeof drop, "DROP %s \"%s\"", strcmp(json_str(o, "type"), "index") == 0 ? "INDEX" : "TRIGGER",
                 json_str(o, "name"));
        ok = db_exec(d, drop, err);
    }
    return ok;
}

bool members_bulk_end(db *d, member_bulk *b, dj_err *err)
{
    if (!b->deferred)
        return true;
    /* The ids counted are the ids SQLite gave (member_insert_bulk): else the audit records would
     * name other members. */
    if (b->next_id > 0) {
        int64_t last;
        if (!max_id(d, "SELECT COALESCE(MAX(id), 0) FROM members", &last, err))
            return false;
        if (last != b->next_id - 1)
            return dj_err_set(err, "internal", "", "导入的党员编号与计数不符（%lld 而非 %lld）", (long long)last,
                              (long long)(b->next_id - 1));
    }
    db_stmt *s = db_prepare(d, "INSERT INTO members_fts (rowid, name, department)"
                               " SELECT id, name, department FROM members WHERE id > ? ORDER BY id");
    db_bind_int(s, 1, b->first_id);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    bool ok = db_run(s, err) && db_exec(d, "PRAGMA threads = 2", err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (getenv("DJ_IMPORT_PROFILE"))
        fprintf(stderr, "index %-28s %6.2f s\n", "members_fts",
                (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9); /* sorts for CREATE INDEX on both cores */
    size_t i;
    json_t *o;
    json_array_foreach(b->deferred, i, o) {
        if (!ok)
            break;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        ok = db_exec(d, json_str(o, "sql"), err);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (getenv("DJ_IMPORT_PROFILE"))
            fprintf(stderr, "index %-28s %6.2f s\n", json_str(o, "name"),
                    (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    }
    members_bulk_free(d, b);
    return ok;
}

void members_bulk_free(db *d, member_bulk *b)
{
    /* Pragmas are not undone by a rollback: back to db_sqlite.c's 2 MB page cache, whether the
     * bulk ended or failed, so that a server connection does not keep 256 MB after an import. */
    if (b->deferred)
        db_exec(d, "PRAGMA threads = 0; PRAGMA cache_size = -2000", NULL);
    json_decref(b->deferred);
    b->deferred = NULL;
}

json_t *members_first_full(db *d, int64_t org_id, int limit, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT id, name FROM members WHERE org_id = ? AND category = 'full'"
                               " AND deleted_at IS NULL ORDER BY id LIMIT ?");
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, limit);
    return db_rows_json(s, NULL, err);
}
