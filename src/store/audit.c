/* audit.c: the audit log, a hash chain: hash = SHA-256(prev_hash, fields of the record). */
#include "store/store.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void store_now(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void store_path_upper(const char *path, char *out, size_t n)
{
    /* '0' is the byte after '/', and paths hold only digits and '/'. */
    size_t len = strlen(path);
    snprintf(out, n, "%.*s0", (int)(len ? len - 1 : 0), path);
}

bool store_path_in(const char *path, const char *scope)
{
    return path && scope && strncmp(path, scope, strlen(scope)) == 0;
}

/* The first format (kept so that records written by earlier versions still verify): it left
 * out the user name and wrote a missing before/after as "". */
static void audit_hash_v1(const char *prev, const char *at, int64_t user_id, const char *action,
                       const char *type, int64_t object_id, const char *before, const char *after,
                       char hex[65])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    char num[64];
    const char *parts[] = {prev, at, action, type, before ? before : "", after ? after : ""};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        crypto_hash_sha256_update(&st, (const unsigned char *)parts[i], strlen(parts[i]) + 1);
    }
    snprintf(num, sizeof num, "%lld:%lld", (long long)user_id, (long long)object_id);
    crypto_hash_sha256_update(&st, (const unsigned char *)num, strlen(num) + 1);
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, out);
    sodium_bin2hex(hex, 65, out, sizeof out);
}

/* The current format: every column of the record, each prefixed by its kind ("N" for NULL, "S"
 * for text), so neither the user name nor a NULL turned into "" can change unnoticed. */
/* SHA-256 of the one message the parts make. OpenSSL's SHA-256 uses the CPU's SHA instructions
 * where it has them: libsodium's portable one was a sixth of a 1M-row import (a record per
 * member); the hash is the same function over the same bytes, so every chain still verifies. */
static EVP_MD *sha256_md;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;
static void sha256_fetch(void) { sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL); }

static void message_part(buf *m, const char *s, bool counted)
{
    if (counted)
        buf_append(m, s ? "S" : "N", 1);
    if (s)
        buf_append(m, s, strlen(s) + 1);
}

static void audit_hash(const char *prev, const char *at, int64_t user_id, const char *username, const char *action,
                       const char *type, int64_t object_id, const char *before, const char *after, char hex[65])
{
    /* The current format: every column of the record, each prefixed by its kind ("N" for NULL,
     * "S" for text), so neither the user name nor a NULL turned into "" can change unnoticed. */
    static const char tag[] = "dangjian-audit-v2";
    buf m = {0};
    buf_append(&m, tag, sizeof tag);
    const char *parts[] = {prev, at, username, action, type, before, after};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        message_part(&m, parts[i], true);
    /* "user_id:object_id" in decimal, NUL included (written by hand: snprintf showed too). */
    char num[48], *p = num + sizeof num;
    *--p = '\0';
    int64_t ids[2] = {user_id, object_id};
    for (int k = 1; k >= 0; k--) {
        uint64_t u = ids[k] < 0 ? (uint64_t)0 - (uint64_t)ids[k] : (uint64_t)ids[k];
        do
            *--p = (char)('0' + u % 10);
        while ((u /= 10) != 0);
        if (ids[k] < 0)
            *--p = '-';
        if (k == 1)
            *--p = ':';
    }
    buf_append(&m, p, (size_t)(num + sizeof num - p));
    pthread_once(&sha256_once, sha256_fetch);
    unsigned char out[32];
    unsigned len = 0;
    if (!sha256_md || !EVP_Digest(m.data, m.len, out, &len, sha256_md, NULL) || len != sizeof out)
        crypto_hash_sha256(out, (const unsigned char *)m.data, m.len); /* the same digest, slower */
    buf_free(&m);
    sodium_bin2hex(hex, 65, out, sizeof out);
}

bool audit_chain_load(db *d, audit_chain *c, dj_err *err)
{
    if (c->loaded)
        return true;
    c->prev[0] = '\0';
    db_stmt *s = db_prepare(d, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
    int rc = db_step(s, err);
    if (rc < 0)
        return false;
    if (rc == 1) {
        snprintf(c->prev, sizeof c->prev, "%s", db_col_text(s, 0));
        db_reset(s);
    }
    store_now(c->at);
    c->loaded = true;
    return true;
}

static const char *who_name(const dj_actor *who) { return who && who->username ? who->username : "system"; }

void audit_seal(audit_chain *c, const dj_actor *who, const char *action, const char *object_type, int64_t object_id,
                const char *before, const char *after, char prev[65], char hash[65])
{
    memcpy(prev, c->prev, 65);
    audit_hash(c->prev, c->at, who ? who->user_id : 0, who_name(who), action, object_type, object_id, before, after,
               hash);
    memcpy(c->prev, hash, 65);
}

bool audit_insert_sealed(db *d, const char *at, const dj_actor *who, const char *action, const char *object_type,
                         int64_t object_id, const char *before, const char *after, const char *prev,
                         const char *hash, dj_err *err)
{
    db_stmt *s = db_prepare(d, "INSERT INTO audit_log (at, user_id, username, action, object_type, object_id,"
                               " before, after, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)");
    /* Every value outlives the run below: no copies. */
    db_bind_text_static(s, 1, at);
    if (who && who->user_id)
        db_bind_int(s, 2, who->user_id);
    db_bind_text_static(s, 3, who_name(who));
    db_bind_text_static(s, 4, action);
    db_bind_text_static(s, 5, object_type);
    db_bind_int(s, 6, object_id);
    db_bind_text_static(s, 7, before);
    db_bind_text_static(s, 8, after);
    db_bind_text_static(s, 9, prev);
    db_bind_text_static(s, 10, hash);
    return db_run(s, err);
}

bool audit_append_text(db *d, audit_chain *c, const dj_actor *who, const char *action, const char *object_type,
                       int64_t object_id, const char *before, const char *after, dj_err *err)
{
    if (!audit_chain_load(d, c, err))
        return false;
    audit_chain next = *c;
    char prev[65], hash[65];
    audit_seal(&next, who, action, object_type, object_id, before, after, prev, hash);
    if (!audit_insert_sealed(d, c->at, who, action, object_type, object_id, before, after, prev, hash, err))
        return false;
    *c = next; /* the chain moves on only with a record written */
    return true;
}

bool audit_append(db *d, audit_chain *c, const dj_actor *who, const char *action, const char *object_type,
                  int64_t object_id, const json_t *before, const json_t *after, dj_err *err)
{
    char *b = before ? json_compact(before) : NULL;
    char *a = after ? json_compact(after) : NULL;
    bool ok = audit_append_text(d, c, who, action, object_type, object_id, b, a, err);
    free(b);
    free(a);
    return ok;
}

bool audit_write(db *d, const dj_actor *who, const char *action, const char *object_type,
                 int64_t object_id, const json_t *before, const json_t *after, dj_err *err)
{
    audit_chain c = {.loaded = false};
    return audit_append(d, &c, who, action, object_type, object_id, before, after, err);
}

bool audit_verify(db *d, int64_t *checked, int64_t *bad_id, char head[65], const char *want, bool *found, dj_err *err)
{
    *checked = 0;
    *bad_id = 0;
    if (found)
        *found = false;
    char prev[65] = "";
    db_stmt *s = db_prepare(d, "SELECT id, at, COALESCE(user_id, 0), action, object_type, object_id,"
                               " before, after, prev_hash, hash, username FROM audit_log ORDER BY id");
    db_stream(s); /* the whole log, one record in memory at a time */
    int rc;
    while ((rc = db_step(s, err)) == 1) {
        char hex[65];
        const char *before = db_col_is_null(s, 6) ? NULL : db_col_text(s, 6);
        const char *after = db_col_is_null(s, 7) ? NULL : db_col_text(s, 7);
        const char *stored = db_col_text(s, 9);
        audit_hash(prev, db_col_text(s, 1), db_col_int(s, 2), db_col_is_null(s, 10) ? NULL : db_col_text(s, 10),
                   db_col_text(s, 3), db_col_text(s, 4), db_col_int(s, 5), before, after, hex);
        if (strcmp(hex, stored) != 0) /* a record of the first format? */
            audit_hash_v1(prev, db_col_text(s, 1), db_col_int(s, 2), db_col_text(s, 3), db_col_text(s, 4),
                          db_col_int(s, 5), before, after, hex);
        if (strcmp(prev, db_col_text(s, 8)) != 0 || strcmp(hex, stored) != 0) {
            *bad_id = db_col_int(s, 0);
            db_reset(s);
            break;
        }
        if (found && want && strcmp(hex, want) == 0)
            *found = true;
        snprintf(prev, sizeof prev, "%s", hex);
        (*checked)++;
    }
    snprintf(head, 65, "%s", prev);
    return rc >= 0 || *bad_id;
}
