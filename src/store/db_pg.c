/* db_pg.c: the PostgreSQL backend of db.h, on libpq. One connection per handle, text-format
 * parameters and results, statements prepared once per connection and cached by their text.
 *
 * What it does so that store/ behaves as on SQLite:
 * - `?` becomes `$1..$n` (outside quotes) when a statement is prepared; a parameter whose type
 *   the server cannot infer (`? IS NULL`) is prepared again as text.
 * - db_begin takes a transaction-scoped advisory lock that every writing transaction of the
 *   database takes (SQLite's BEGIN IMMEDIATE: one writer at a time), so a read-then-write in a
 *   transaction (the audit log's hash chain, explain_miss) sees no other writer. Reads run at
 *   READ COMMITTED; optimistic locking (`WHERE id = ? AND version = ?`) prevents lost updates.
 * - Inside a transaction each write runs under a savepoint, so a failed statement (a duplicate
 *   ID number in an import) changes nothing and the transaction goes on, as in SQLite.
 * - A lost connection is re-established at the next statement outside a transaction; inside
 *   one, the statements fail ("unavailable") until the caller rolls back. */
#include "store/db_impl.h"

#include "core/arena.h"
#include "core/buf.h"

#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { STMT_BUCKETS = 128 };

/* Type OIDs of the built-in types (fixed in pg_type.dat). */
enum {
    OID_BOOL = 16, OID_BYTEA = 17, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_TEXT = 25, OID_OID = 26,
    OID_FLOAT4 = 700, OID_FLOAT8 = 701, OID_NUMERIC = 1700,
};

/* The advisory lock of writing transactions ("dangjian" in ASCII); advisory locks are per
 * database, so two databases on one server do not share it. */
#define WRITE_LOCK_KEY "7232626002298954094"

typedef struct pg_stmt pg_stmt;

struct pg_stmt {
    db_stmt base;
    pg_stmt *next;   /* bucket chain */
    char *sql;       /* as written, with `?`: the cache key */
    char *text;      /* with $1..$n */
    char name[16];   /* of the prepared statement on the server */
    int nparams;
    Oid *types;      /* 0: inferred by the server; OID_TEXT where it cannot infer one */
    char **values;   /* bound values as text; NULL is SQL NULL */
    bool writes;     /* not a SELECT: guarded by a savepoint inside a transaction */
    unsigned gen;    /* connection generation it is prepared on; 0: not yet */
    PGresult *res;   /* rows of the current execution (one row while streaming), or NULL */
    bool stream;     /* the next execution is streamed (db_stream) */
    bool streaming;  /* rows of this statement are arriving one by one (single-row mode) */
    unsigned char *blob; /* the last db_col_blob's bytes (decoded from bytea's hex text) */
    PGresult *desc;  /* the statement's description, for column names before a step */
    int row;         /* current row of res */
};

typedef struct pg_db {
    db base;
    PGconn *conn;
    unsigned gen;        /* starts at 1, bumped when the connection is re-established */
    unsigned names;      /* prepared statements named so far */
    bool in_tx;          /* between db_begin and db_commit / db_rollback */
    bool savepoint;      /* the statement savepoint exists in the open transaction */
    int changes;
    int64_t last_id;
    pg_stmt *cache[STMT_BUCKETS];
} pg_db;

static const db_ops pg_ops;

#define PDB(d) ((pg_db *)(d))
#define PST(s) ((pg_stmt *)(s))

/* libpq's last error, first line only. */
static const char *conn_message(PGconn *conn, char *out, size_t n)
{
    snprintf(out, n, "%s", conn ? PQerrorMessage(conn) : "out of memory");
    out[strcspn(out, "\n")] = '\0';
    return out;
}

/* Maps a failed result to db.h's error codes by SQLSTATE. */
static void set_error(pg_db *pd, const PGresult *r, dj_err *err)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    char tmp[256];
    if (!msg)
        msg = conn_message(pd->conn, tmp, sizeof tmp);
    if (!state)
        state = "";
    if (PQstatus(pd->conn) != CONNECTION_OK || strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
        strncmp(state, "53", 2) == 0)
        dj_err_set(err, "unavailable", "", "数据库不可用: %s", msg);
    else if (strncmp(state, "23", 2) == 0)
        dj_err_set(err, "conflict", "", "数据冲突: %s", msg);
    else if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0 ||
             strcmp(state, "57014") == 0)
        dj_err_set(err, "unavailable", "", "数据库忙，请稍后重试");
    else
        dj_err_set(err, "internal", "", "数据库错误: %s (SQLSTATE %s)", msg, state);
}

/* Runs SQL without parameters; true when it succeeded. */
static bool run_simple(pg_db *pd, const char *sql, dj_err *err)
{
    PGresult *r = PQexec(pd->conn, sql);
    ExecStatusType st = PQresultStatus(r);
    bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok)
        set_error(pd, r, err);
    PQclear(r);
    return ok;
}

/* The session's settings, after every (re)connect. */
static bool session_setup(pg_db *pd, dj_err *err)
{
    /* As SQLite's busy timeout: a writer waits up to 10 s for the write lock, then "unavailable".
     * Parallel workers only for what is truly large: one prepared statement serves the root
     * (every member) and a branch (a few dozen) through `org_path >= ? AND org_path < ?`; after
     * five executions PostgreSQL may keep a generic plan, costed for 0.5 % of the table, and at
     * ten million members that plan started two workers (about 100 ms here) for a branch's page
     * of 50 rows. With setup costed at 100,000 (default 1,000) a branch's page is 2 ms again and
     * the root's queries still go parallel (bench/README.md, 10M on PostgreSQL). */
    return run_simple(pd, "SET lock_timeout = '10s'; SET default_transaction_isolation = 'read committed';"
                          " SET standard_conforming_strings = on; SET client_min_messages = warning; SET bytea_output = hex;"
                          " SET parallel_setup_cost = 100000", err);
}

db *db_pg_open(const char *url, dj_err *err)
{
    /* Later keywords win: the url may set its own connect_timeout; client_encoding is ours. */
    const char *const keys[] = {"connect_timeout", "dbname", "fallback_application_name", "client_encoding", NULL};
    const char *const vals[] = {"10", url, "dangjian", "UTF8", NULL};
    PGconn *conn = PQconnectdbParams(keys, vals, 1);
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        char safe[512], msg[256];
        db_url_for_humans(url, safe, sizeof safe);
        dj_err_set(err, "unavailable", "", "无法连接数据库 %s: %s", safe, conn_message(conn, msg, sizeof msg));
        PQfinish(conn);
        return NULL;
    }
    pg_db *pd = xcalloc(1, sizeof *pd);
    pd->base.ops = &pg_ops;
    pd->conn = conn;
    pd->gen = 1;
    if (!session_setup(pd, err)) {
        db_close(&pd->base);
        return NULL;
    }
    return &pd->base;
}

static void stmt_clear_values(pg_stmt *s)
{
    for (int i = 0; i < s->nparams; i++) {
        free(s->values[i]);
        s->values[i] = NULL;
    }
}

static void pg_close(db *d)
{
    pg_db *pd = PDB(d);
    for (int i = 0; i < STMT_BUCKETS; i++) {
        pg_stmt *s = pd->cache[i];
        while (s) {
            pg_stmt *next = s->next;
            db_stmt_base_free(&s->base);
            PQclear(s->res);
            PQclear(s->desc);
            free(s->blob);
            stmt_clear_values(s);
            free(s->values);
            free(s->types);
            free(s->sql);
            free(s->text);
            free(s);
            s = next;
        }
    }
    PQfinish(pd->conn);
    free(pd);
}

/* Reconnects a lost connection, unless a transaction was open on it: that one is gone, and the
 * caller must see its statements fail and roll back. */
static bool ensure_conn(pg_db *pd, dj_err *err)
{
    if (PQstatus(pd->conn) == CONNECTION_OK)
        return true;
    if (pd->in_tx)
        return dj_err_set(err, "unavailable", "", "数据库连接中断，事务已丢失");
    PQreset(pd->conn);
    if (PQstatus(pd->conn) != CONNECTION_OK) {
        char msg[256];
        return dj_err_set(err, "unavailable", "", "数据库不可用: %s", conn_message(pd->conn, msg, sizeof msg));
    }
    pd->gen++; /* the new session has none of our prepared statements */
    pd->savepoint = false;
    return session_setup(pd, err);
}

static bool pg_exec(db *d, const char *sql, dj_err *err)
{
    pg_db *pd = PDB(d);
    return ensure_conn(pd, err) && run_simple(pd, sql, err);
}

/* `?` -> `$n`, outside quoted strings and identifiers. */
static char *translate(const char *sql, int *nparams)
{
    buf b = {0};
    char quote = 0;
    int n = 0;
    for (const char *p = sql; *p; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0; /* a doubled quote closes and reopens: the same text */
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
        } else if (*p == '?') {
            buf_printf(&b, "$%d", ++n);
            continue;
        }
        buf_append(&b, p, 1);
    }
    *nparams = n;
    return buf_steal(&b, NULL);
}

static void stream_drain(pg_db *pd, pg_stmt *s);

static bool starts_with_word(const char *sql, const char *word)
{
    while (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '(')
        sql++;
    size_t n = strlen(word);
    return strncasecmp(sql, word, n) == 0 && !((sql[n] >= 'A' && sql[n] <= 'Z') || (sql[n] >= 'a' && sql[n] <= 'z'));
}

static db_stmt *pg_prepare(db *d, const char *sql)
{
    pg_db *pd = PDB(d);
    unsigned b = db_hash_sql(sql) % STMT_BUCKETS;
    for (pg_stmt *s = pd->cache[b]; s; s = s->next) {
        if (strcmp(s->sql, sql) == 0) {
            if (s->streaming)
                stream_drain(pd, s);
            s->stream = false;
            PQclear(s->res);
            s->res = NULL;
            stmt_clear_values(s);
            return &s->base;
        }
    }
    pg_stmt *s = xcalloc(1, sizeof *s);
    s->base.owner = d;
    s->sql = xstrdup(sql);
    s->text = translate(sql, &s->nparams);
    snprintf(s->name, sizeof s->name, "dj%u", ++pd->names);
    s->types = xcalloc((size_t)s->nparams + 1, sizeof *s->types);
    s->values = xcalloc((size_t)s->nparams + 1, sizeof *s->values);
    s->writes = !starts_with_word(sql, "SELECT");
    s->next = pd->cache[b];
    pd->cache[b] = s;
    return &s->base;
}

/* Inside a transaction: a savepoint just before the statement, replacing the previous one. */
static bool guard_begin(pg_db *pd, dj_err *err)
{
    bool ok = run_simple(pd, pd->savepoint ? "RELEASE SAVEPOINT dj_stmt; SAVEPOINT dj_stmt" : "SAVEPOINT dj_stmt", err);
    pd->savepoint = ok;
    return ok;
}

/* Undoes the failed statement; the transaction goes on (the savepoint stays). */
static void guard_undo(pg_db *pd)
{
    if (!run_simple(pd, "ROLLBACK TO SAVEPOINT dj_stmt", NULL))
        pd->savepoint = false;
}

/* The parameter named in "could not determine data type of parameter $N" (any language). */
static int untyped_param(const PGresult *r)
{
    const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    const char *p = msg ? strchr(msg, '$') : NULL;
    return p ? atoi(p + 1) : 0;
}

/* Prepares s on the current connection. A malformed statement aborts (a programming error, as
 * in db_sqlite.c). guarded: a savepoint was just taken, so a failed attempt can be undone. */
static bool stmt_prepare(pg_db *pd, pg_stmt *s, bool guarded, dj_err *err)
{
    for (int attempt = 0; attempt <= s->nparams; attempt++) {
        PGresult *r = PQprepare(pd->conn, s->name, s->text, s->nparams, s->types);
        if (PQresultStatus(r) == PGRES_COMMAND_OK) {
            PQclear(r);
            PQclear(s->desc);
            s->desc = NULL;
            s->gen = pd->gen;
            return true;
        }
        const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        int p = state && strcmp(state, "42P18") == 0 ? untyped_param(r) : 0;
        if (p >= 1 && p <= s->nparams && s->types[p - 1] == 0 && (guarded || !pd->in_tx)) {
            /* As an untyped literal would be: text. */
            s->types[p - 1] = OID_TEXT;
            PQclear(r);
            if (guarded)
                guard_undo(pd);
            continue;
        }
        if (state && strncmp(state, "42", 2) == 0) {
            fprintf(stderr, "dangjian: bad SQL (%s): %s\n", PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY), s->text);
            abort();
        }
        set_error(pd, r, err);
        PQclear(r);
        return false;
    }
    return dj_err_set(err, "internal", "", "无法准备语句");
}

static void bind_owned(db_stmt *st, int idx, char *v)
{
    pg_stmt *s = PST(st);
    if (idx < 1 || idx > s->nparams) {
        free(v);
        return;
    }
    free(s->values[idx - 1]);
    s->values[idx - 1] = v;
}

static void pg_bind_int(db_stmt *s, int idx, int64_t v)
{
    char t[24];
    snprintf(t, sizeof t, "%" PRId64, v);
    bind_owned(s, idx, xstrdup(t));
}

static void pg_bind_double(db_stmt *s, int idx, double v)
{
    char t[32];
    snprintf(t, sizeof t, "%.17g", v); /* round-trips exactly */
    bind_owned(s, idx, xstrdup(t));
}

static void pg_bind_text(db_stmt *s, int idx, const char *v) { bind_owned(s, idx, xstrdup(v)); }
static void pg_bind_null(db_stmt *s, int idx) { bind_owned(s, idx, NULL); }

/* bytea in its hex text form (\x0a1b...), which the server reads for a parameter of type bytea. */
static void pg_bind_blob(db_stmt *s, int idx, const void *data, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = data;
    char *t = xmalloc(2 * len + 3), *o = t;
    *o++ = '\\';
    *o++ = 'x';
    for (size_t i = 0; i < len; i++) {
        *o++ = hex[p[i] >> 4];
        *o++ = hex[p[i] & 15];
    }
    *o = '\0';
    bind_owned(s, idx, t);
}

/* Before sending s: a connection, the savepoint a write (or a first prepare) takes inside a
 * transaction (*guard says whether it was taken), and s prepared on this connection. */
static bool stmt_ready(pg_db *pd, pg_stmt *s, bool *guard, dj_err *err)
{
    *guard = false;
    if (!ensure_conn(pd, err))
        return false;
    *guard = pd->in_tx && (s->writes || s->gen != pd->gen);
    if (*guard && !guard_begin(pd, err))
        return false;
    if (s->gen != pd->gen && !stmt_prepare(pd, s, *guard, err)) {
        if (*guard)
            guard_undo(pd);
        return false;
    }
    return true;
}

/* Sends the statement with its bindings once; keeps all its rows in s->res. */
static bool stmt_execute_once(pg_db *pd, pg_stmt *s, dj_err *err)
{
    bool guard;
    if (!stmt_ready(pd, s, &guard, err))
        return false;
    PGresult *r = PQexecPrepared(pd->conn, s->name, s->nparams, (const char *const *)s->values, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        set_error(pd, r, err);
        PQclear(r);
        if (guard)
            guard_undo(pd);
        return false;
    }
    if (s->writes) {
        const char *n = PQcmdTuples(r);
        if (*n)
            pd->changes = atoi(n);
        /* `INSERT ... RETURNING id`: what db_last_id answers on this backend. */
        if (st == PGRES_TUPLES_OK && PQntuples(r) == 1 && PQnfields(r) >= 1 && strcmp(PQfname(r, 0), "id") == 0)
            pd->last_id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    }
    s->res = r;
    s->row = -1;
    return true;
}

/* A read outside a transaction that failed because the connection was lost (the server
 * restarted, a proxy closed it) is sent once more on a new connection: reading twice is
 * harmless, and the caller would otherwise take "no row" for an answer (an expired session).
 * Writes are not repeated: the first one may have been applied. */
static bool stmt_execute(pg_db *pd, pg_stmt *s, dj_err *err)
{
    if (stmt_execute_once(pd, s, err))
        return true;
    if (s->writes || pd->in_tx || PQstatus(pd->conn) == CONNECTION_OK)
        return false;
    return stmt_execute_once(pd, s, err);
}

/* Streaming (db_stream): the statement is sent, libpq's single-row mode hands over one result
 * per row, and each step frees the previous one, so a scan of ten million rows holds one. */
static bool stream_start(pg_db *pd, pg_stmt *s, dj_err *err)
{
    s->stream = false;
    bool guard;
    if (!stmt_ready(pd, s, &guard, err))
        return false;
    if (!PQsendQueryPrepared(pd->conn, s->name, s->nparams, (const char *const *)s->values, NULL, NULL, 0)) {
        set_error(pd, NULL, err);
        return false;
    }
    PQsetSingleRowMode(pd->conn);
    s->streaming = true;
    return true;
}

/* Reads what is left of a streamed result (another statement can run only after it). */
static void stream_drain(pg_db *pd, pg_stmt *s)
{
    PQclear(s->res);
    s->res = NULL;
    PGresult *r;
    while ((r = PQgetResult(pd->conn)) != NULL)
        PQclear(r);
    s->streaming = false;
}

static int stream_next(pg_db *pd, pg_stmt *s, dj_err *err)
{
    PQclear(s->res);
    s->res = NULL;
    PGresult *r = PQgetResult(pd->conn);
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_SINGLE_TUPLE) {
        s->res = r;
        s->row = 0;
        return 1;
    }
    if (st != PGRES_TUPLES_OK)
        set_error(pd, r, err);
    PQclear(r);
    stream_drain(pd, s);
    return st == PGRES_TUPLES_OK ? 0 : -1;
}

static void pg_stream(db_stmt *st) { PST(st)->stream = true; }

static int pg_step(db_stmt *st, dj_err *err)
{
    pg_stmt *s = PST(st);
    pg_db *pd = PDB(st->owner);
    if (s->streaming)
        return stream_next(pd, s, err);
    if (!s->res && s->stream)
        return stream_start(pd, s, err) ? stream_next(pd, s, err) : -1;
    if (!s->res && !stmt_execute(pd, s, err))
        return -1;
    if (++s->row < PQntuples(s->res))
        return 1;
    PQclear(s->res);
    s->res = NULL;
    return 0;
}

static void pg_reset(db_stmt *st)
{
    pg_stmt *s = PST(st);
    s->stream = false;
    if (s->streaming)
        stream_drain(PDB(st->owner), s);
    PQclear(s->res);
    s->res = NULL;
}

/* The result that describes the columns: the current rows, else the prepared statement's
 * description (preparing it if needed, outside a transaction). */
static const PGresult *columns_of(pg_stmt *s)
{
    if (s->res)
        return s->res;
    pg_db *pd = PDB(s->base.owner);
    if (!s->desc) {
        if (s->gen != pd->gen && (pd->in_tx || !ensure_conn(pd, NULL) || !stmt_prepare(pd, s, false, NULL)))
            return NULL;
        PGresult *r = PQdescribePrepared(pd->conn, s->name);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            PQclear(r);
            return NULL;
        }
        s->desc = r;
    }
    return s->desc;
}

/* The current row's value of col, or NULL (no row, no such column, or SQL NULL). */
static const char *value_of(db_stmt *st, int col)
{
    pg_stmt *s = PST(st);
    if (!s->res || s->row < 0 || s->row >= PQntuples(s->res) || col < 0 || col >= PQnfields(s->res) ||
        PQgetisnull(s->res, s->row, col))
        return NULL;
    return PQgetvalue(s->res, s->row, col);
}

static bool is_bool(db_stmt *st, int col) { return PQftype(PST(st)->res, col) == OID_BOOL; }

static int pg_col_count(db_stmt *st)
{
    const PGresult *r = columns_of(PST(st));
    return r ? PQnfields(r) : 0;
}

static const char *pg_col_name(db_stmt *st, int col)
{
    const PGresult *r = columns_of(PST(st));
    const char *n = r ? PQfname(r, col) : NULL;
    return n ? n : "";
}

static bool pg_col_is_null(db_stmt *st, int col) { return value_of(st, col) == NULL; }

static int64_t pg_col_int(db_stmt *st, int col)
{
    const char *v = value_of(st, col);
    if (!v)
        return 0;
    if (is_bool(st, col))
        return v[0] == 't';
    Oid t = PQftype(PST(st)->res, col);
    if (t == OID_FLOAT4 || t == OID_FLOAT8 || t == OID_NUMERIC)
        return (int64_t)strtod(v, NULL);
    return strtoll(v, NULL, 10);
}

static double pg_col_double(db_stmt *st, int col)
{
    const char *v = value_of(st, col);
    if (!v)
        return 0;
    return is_bool(st, col) ? (v[0] == 't') : strtod(v, NULL);
}

static const char *pg_col_text(db_stmt *st, int col)
{
    const char *v = value_of(st, col);
    if (!v)
        return "";
    if (is_bool(st, col))
        return v[0] == 't' ? "1" : "0"; /* as SQLite renders a condition */
    return v;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* A bytea value arrives as text in the hex form (bytea_output = hex, set per session). */
static const void *pg_col_blob(db_stmt *st, int col, size_t *len)
{
    pg_stmt *s = PST(st);
    free(s->blob);
    s->blob = NULL;
    *len = 0;
    const char *v = value_of(st, col);
    if (!v)
        return NULL;
    size_t n = strlen(v);
    if (n < 2 || v[0] != '\\' || v[1] != 'x' || n % 2) {
        /* not bytea: the text's own bytes */
        s->blob = (unsigned char *)xstrdup(v);
        *len = n;
        return s->blob;
    }
    s->blob = xmalloc(n / 2 + 1);
    size_t k = 0;
    for (size_t i = 2; i + 1 < n; i += 2) {
        int hi = hex_digit(v[i]), lo = hex_digit(v[i + 1]);
        if (hi < 0 || lo < 0)
            break;
        s->blob[k++] = (unsigned char)(hi << 4 | lo);
    }
    *len = k;
    return s->blob;
}

static json_t *pg_col_json(db_stmt *st, int col)
{
    const char *v = value_of(st, col);
    if (!v)
        return json_null();
    pg_stmt *s = PST(st);
    switch (PQftype(s->res, col)) {
    case OID_BOOL: return json_boolean(v[0] == 't');
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_OID: return json_integer(strtoll(v, NULL, 10));
    case OID_FLOAT4:
    case OID_FLOAT8: return json_real(strtod(v, NULL));
    case OID_NUMERIC:
        /* SUM() of integers is numeric here and an integer in SQLite. */
        return strpbrk(v, ".eEN") ? json_real(strtod(v, NULL)) : json_integer(strtoll(v, NULL, 10));
    default: return json_stringn(v, (size_t)PQgetlength(s->res, s->row, col)); /* NULL if not UTF-8 */
    }
}

static db_kind pg_col_kind(db_stmt *st, int col)
{
    const char *v = value_of(st, col);
    if (!v)
        return DB_KIND_NULL;
    switch (PQftype(PST(st)->res, col)) {
    case OID_BOOL: return DB_KIND_BOOL;
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_OID: return DB_KIND_INT;
    case OID_FLOAT4:
    case OID_FLOAT8: return DB_KIND_REAL;
    case OID_NUMERIC: return strpbrk(v, ".eEN") ? DB_KIND_REAL : DB_KIND_INT;
    case OID_BYTEA: return DB_KIND_BLOB;
    default: return DB_KIND_TEXT;
    }
}

static bool pg_begin(db *d, dj_err *err)
{
    pg_db *pd = PDB(d);
    if (!ensure_conn(pd, err))
        return false;
    PGresult *r = PQexec(pd->conn, "BEGIN; SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        set_error(pd, r, err);
        PQclear(r);
        run_simple(pd, "ROLLBACK", NULL);
        return false;
    }
    PQclear(r);
    pd->in_tx = true;
    pd->savepoint = false;
    return true;
}

static bool pg_commit(db *d, dj_err *err)
{
    pg_db *pd = PDB(d);
    PGresult *r = PQexec(pd->conn, "COMMIT");
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        set_error(pd, r, err);
    else if (strcmp(PQcmdStatus(r), "COMMIT") != 0) /* an aborted transaction "commits" as ROLLBACK */
        ok = dj_err_set(err, "internal", "", "事务已中止，未能提交");
    PQclear(r);
    pd->in_tx = false;
    pd->savepoint = false;
    return ok;
}

static void pg_rollback(db *d)
{
    pg_db *pd = PDB(d);
    if (PQstatus(pd->conn) == CONNECTION_OK && PQtransactionStatus(pd->conn) != PQTRANS_IDLE)
        run_simple(pd, "ROLLBACK", NULL);
    pd->in_tx = false;
    pd->savepoint = false;
}

static int64_t pg_last_id(db *d) { return PDB(d)->last_id; }
static int pg_changes(db *d) { return PDB(d)->changes; }

static bool pg_backup_to(db *d, const char *path, dj_err *err)
{
    (void)d;
    return dj_err_set(err, "bad_request", "out",
                      "PostgreSQL 数据库请用 pg_dump 备份（例如 pg_dump --format=custom --file=%s DBNAME）；"
                      "dangjian backup 只用于 SQLite",
                      path);
}

static const db_ops pg_ops = {
    .name = "postgresql",
    .dialect = DB_POSTGRES,
    .close = pg_close,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .bind_int = pg_bind_int,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .bind_blob = pg_bind_blob,
    .step = pg_step,
    .stream = pg_stream,
    .reset = pg_reset,
    .col_count = pg_col_count,
    .col_name = pg_col_name,
    .col_is_null = pg_col_is_null,
    .col_int = pg_col_int,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .col_json = pg_col_json,
    .col_kind = pg_col_kind,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .last_id = pg_last_id,
    .changes = pg_changes,
    .backup_to = pg_backup_to,
};
