/* commands.c: init, user, import, export, backup, audit. */
#include "cli/cli.h"

#include "api/api.h"
#include "api/members.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "domain/capabilities.h"
#include "domain/password.h"
#include "store/members.h"
#include "store/module.h"
#include "store/orgs.h"
#include "store/store.h"
#include "store/rows.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The command line acts as the system itself in the audit log. */
static const dj_actor cli_actor = {.user_id = 0, .username = "cli", .role = "admin", .scope_path = "/"};

static bool parse_id(const char *s, int64_t *out)
{
    if (!s)
        return true;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v <= 0) {
        fprintf(stderr, "dangjian: '%s' is not a valid id\n", s);
        return false;
    }
    *out = v;
    return true;
}

int cli_init(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        puts("Usage: dangjian init [--db PATH] [--demo] [--members N]\n"
             "Creates the database or applies new migrations. --demo loads the demo data set\n"
             "(organisations and programmes from the seed articles, N generated members: at least 2000 by default; more spread over the department branches)\n"
             "into an empty database and prints the demo logins.");
        return 0;
    }
    cli_opt opts[] = {{"db", true, NULL}, {"demo", false, NULL}, {"members", true, NULL}, {NULL, false, NULL}};
    const char *pos[1];
    int npos;
    if (!cli_parse(argc, argv, 2, opts, pos, 0, &npos))
        return 2;
    int members = 2000;
    if (opts[2].value && (members = atoi(opts[2].value)) < 10) {
        fprintf(stderr, "dangjian: --members must be at least 10\n");
        return 2;
    }
    db *d = cli_create_db(opts[0].value);
    if (!d)
        return 1;
    int rc = 0;
    if (opts[1].value) {
        dj_err err;
        bool empty;
        if (!store_is_empty(d, &empty, &err)) {
            fprintf(stderr, "dangjian: %s\n", err.message);
            rc = 1;
        } else if (!empty) {
            char shown[512];
            db_url_for_humans(opts[0].value ? opts[0].value : "dangjian.db", shown, sizeof shown);
            fprintf(stderr, "dangjian: --demo needs an empty database; %s already has data\n", shown);
            rc = 1;
        } else if (!demo_load(d, members, &err)) {
            fprintf(stderr, "dangjian: demo data failed: %s\n", err.message);
            rc = 1;
        }
    } else {
        char shown[512];
        db_url_for_humans(opts[0].value ? opts[0].value : "dangjian.db", shown, sizeof shown);
        printf("database ready: %s\n", shown); /* never the password of a postgresql:// URL */
    }
    db_close(d);
    return rc;
}

/* Reads a password from standard input (one line, without the newline). */
static bool read_password(char *out, size_t n)
{
    if (!fgets(out, (int)n, stdin)) {
        fprintf(stderr, "dangjian: no password on standard input\n");
        return false;
    }
    out[strcspn(out, "\r\n")] = '\0';
    return true;
}

/* user unlock NAME: forgets the account's failed logins, recorded in the audit log. */
static int user_unlock(const char *path, const char *name)
{
    db *d = cli_open_db(path);
    if (!d)
        return 1;
    int rc = 0;
    dj_err err;
    json_t *u = user_by_name_e(d, name, &err);
    if (!u) {
        if (strcmp(err.code, "not_found") == 0)
            fprintf(stderr, "dangjian: no user '%s'\n", name);
        else
            fprintf(stderr, "dangjian: reading user '%s' failed: %s\n", name, err.message);
        rc = 1;
    } else {
        json_t *after = json_pack("{s:b}", "locked", 0);
        if (db_begin(d, &err) && login_failures_clear_account(d, name, &err) &&
            audit_write(d, &cli_actor, "unlock", "user", json_integer_value(json_object_get(u, "id")), NULL, after, &err) &&
            db_commit(d, &err)) {
            printf("user %s unlocked\n", name);
        } else {
            db_rollback(d);
            fprintf(stderr, "dangjian: %s\n", err.message);
            rc = 1;
        }
        json_decref(after);
    }
    json_decref(u);
    db_close(d);
    return rc;
}

int cli_user(int argc, char **argv)
{
    if (cli_wants_help(argc, argv) || argc < 3) {
        printf("Usage: dangjian user add NAME --role ROLE [--org ORG_ID] [--member MEMBER_ID] [--display NAME] --password-stdin [--db PATH]\n"
               "       dangjian user passwd NAME --password-stdin [--db PATH]\n"
               "       dangjian user unlock NAME [--db PATH]\n"
               "Roles: admin, org_admin, committee, secretary, instructor, reviewer, member.\n"
               "User names: 2-32 of A-Z a-z 0-9 _ . - @. passwd also unlocks the account; unlock lifts a\n"
               "lockout after failed logins (from every address) without changing the password.\n");
        return argc < 3 ? 2 : 0;
    }
    const char *sub = argv[2];
    cli_opt opts[] = {{"db", true, NULL}, {"role", true, NULL}, {"org", true, NULL}, {"member", true, NULL},
                      {"display", true, NULL}, {"password-stdin", false, NULL}, {NULL, false, NULL}};
    const char *pos[1];
    int npos;
    if (!cli_parse(argc, argv, 3, opts, pos, 1, &npos))
        return 2;
    bool add = strcmp(sub, "add") == 0;
    if (!add && strcmp(sub, "passwd") != 0 && strcmp(sub, "unlock") != 0) {
        fprintf(stderr, "dangjian: unknown user command '%s' (add, passwd or unlock)\n", sub);
        return 2;
    }
    if (npos != 1) {
        fprintf(stderr, "dangjian: user %s needs a user name\n", sub);
        return 2;
    }
    if (strcmp(sub, "unlock") == 0)
        return user_unlock(opts[0].value, pos[0]);
    dj_err err;
    if (add && !username_acceptable(pos[0], &err)) {
        fprintf(stderr, "dangjian: %s\n", err.message);
        return 2;
    }
    if (!opts[5].value) {
        fprintf(stderr, "dangjian: give the password on standard input with --password-stdin\n");
        return 2;
    }
    int64_t org = 0, member = 0;
    if (add && (!role_known(opts[1].value))) {
        fprintf(stderr, "dangjian: --role must be one of admin, org_admin, committee, secretary, instructor, reviewer, member\n");
        return 2;
    }
    if (!parse_id(opts[2].value, &org) || !parse_id(opts[3].value, &member))
        return 2;
    if (add && strcmp(opts[1].value, "admin") != 0 && !org) {
        fprintf(stderr, "dangjian: --org is required for role %s\n", opts[1].value);
        return 2;
    }
    char pw[256];
    if (!read_password(pw, sizeof pw))
        return 2;
    if (!password_acceptable(pw, pos[0], &err)) {
        fprintf(stderr, "dangjian: %s\n", err.message);
        return 2;
    }
    db *d = cli_open_db(opts[0].value);
    if (!d)
        return 1;
    int rc = 0;
    int64_t id;
    char org_path[512];
    json_t *u = user_by_name_e(d, pos[0], &err);
    if (!u && strcmp(err.code, "not_found") != 0) {
        fprintf(stderr, "dangjian: reading user '%s' failed: %s\n", pos[0], err.message);
        rc = 1;
    } else if (add) {
        if (u) {
            fprintf(stderr, "dangjian: user '%s' already exists\n", pos[0]);
            rc = 1;
        } else if (org && !org_live_path_e(d, org, org_path, sizeof org_path, &err)) {
            if (strcmp(err.code, "not_found") == 0)
                fprintf(stderr, "dangjian: organisation %lld does not exist (or is deleted)\n", (long long)org);
            else
                fprintf(stderr, "dangjian: reading organisation %lld failed: %s\n", (long long)org, err.message);
            rc = 1;
        } else if (!db_begin(d, &err) ||
                   !user_create(d, pos[0], opts[4].value ? opts[4].value : pos[0], opts[1].value, org, member, pw,
                                &cli_actor, &id, &err) ||
                   !db_commit(d, &err)) {
            db_rollback(d);
            fprintf(stderr, "dangjian: %s\n", err.message);
            rc = 1;
        } else {
            printf("user %s added (id %lld, role %s)\n", pos[0], (long long)id, opts[1].value);
        }
    } else {
        if (!u) {
            fprintf(stderr, "dangjian: no user '%s'\n", pos[0]);
            rc = 1;
        } else {
            id = json_integer_value(json_object_get(u, "id"));
            if (db_begin(d, &err) &&
                user_password_set(d, id, json_integer_value(json_object_get(u, "version")), pos[0], pw, NULL, "passwd",
                                  &cli_actor, &err) &&
                db_commit(d, &err)) {
                printf("password changed for %s (and any lockout lifted)\n", pos[0]);
            } else {
                db_rollback(d);
                fprintf(stderr, "dangjian: %s\n", err.message);
                rc = 1;
            }
        }
    }
    sodium_memzero(pw, sizeof pw);
    json_decref(u);
    db_close(d);
    return rc;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    buf b = {0};
    char chunk[1 << 16];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    return buf_steal(&b, len);
}

int cli_import(int argc, char **argv)
{
    if (cli_wants_help(argc, argv) || argc < 3) {
        puts("Usage: dangjian import members FILE [--org ORG_ID] [--dry-run] [--db PATH]\n"
             "Imports members from a CSV file in UTF-8 or GB18030 (detected). Columns by Chinese or\n"
             "English header: 姓名 性别 民族 出生日期 身份证号 手机号 学历 职称 科室 职务 组织ID 党员类别 状态\n"
             "入党日期 转正日期 标签. Every row is checked first; if any is wrong, nothing is written and\n"
             "each fault is listed by row and column. --org ORG_ID is the organisation of rows whose 组织ID\n"
             "is empty or missing, not a restriction: a row with its own 组织ID goes to that organisation\n"
             "(within the scope). A row with more cells than the header is refused (shifted columns).");
        return argc < 3 ? 2 : 0;
    }
    if (strcmp(argv[2], "members") != 0) {
        fprintf(stderr, "dangjian: can only import 'members'\n");
        return 2;
    }
    cli_opt opts[] = {{"db", true, NULL}, {"org", true, NULL}, {"dry-run", false, NULL}, {NULL, false, NULL}};
    const char *pos[1];
    int npos;
    int64_t org = 0;
    if (!cli_parse(argc, argv, 3, opts, pos, 1, &npos) || !parse_id(opts[1].value, &org))
        return 2;
    if (npos != 1) {
        fprintf(stderr, "dangjian: import members needs a FILE\n");
        return 2;
    }
    size_t len;
    char *data = read_file(pos[0], &len);
    if (!data) {
        fprintf(stderr, "dangjian: cannot read %s\n", pos[0]);
        return 1;
    }
    db *d = cli_open_db(opts[0].value);
    if (!d) {
        free(data);
        return 1;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    bool journal = len > MEMBERS_BULK_BYTES && opts[2].value == NULL && store_bulk_journal(d, true);
    import_result res;
    dj_err err;
    int rc = 0;
    if (!members_import_csv(d, &cli_actor, data, len, org, opts[2].value != NULL, &res, &err)) {
        fprintf(stderr, "dangjian: import failed: %s\n", err.message);
        rc = 1;
    } else if (json_array_size(res.errors) > 0) {
        fprintf(stderr, "dangjian: import refused, nothing written: %zu fault(s)%s\n", json_array_size(res.errors),
                json_array_size(res.errors) >= 500 ? " (first 500 shown)" : "");
        size_t i;
        json_t *e;
        json_array_foreach(res.errors, i, e) {
            fprintf(stderr, "  row %lld, column %s: %s\n", (long long)json_integer_value(json_object_get(e, "row")),
                    json_str(e, "column"), json_str(e, "message"));
        }
        rc = 1;
    } else {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        if (opts[2].value)
            printf("dry run: %d rows (%s) are valid; nothing written\n", res.rows, res.encoding);
        else
            printf("imported %d members (%s) in %.2f s\n", res.imported, res.encoding, s);
    }
    if (journal) /* should this fail, every later open (db_sqlite.c) sets the WAL again */
        store_bulk_journal(d, false);
    json_decref(res.errors);
    free(data);
    db_close(d);
    return rc;
}

int cli_export(int argc, char **argv)
{
    if (cli_wants_help(argc, argv) || argc < 3) {
        puts("Usage: dangjian export members --format xlsx|csv --out FILE [--org ORG_ID] [--db PATH]\n"
             "Writes the member register with Chinese headers (all members, or an organisation's subtree).");
        return argc < 3 ? 2 : 0;
    }
    if (strcmp(argv[2], "members") != 0) {
        fprintf(stderr, "dangjian: can only export 'members'\n");
        return 2;
    }
    cli_opt opts[] = {{"db", true, NULL}, {"format", true, NULL}, {"out", true, NULL}, {"org", true, NULL}, {NULL, false, NULL}};
    const char *pos[1];
    int npos;
    int64_t org = 0;
    if (!cli_parse(argc, argv, 3, opts, pos, 0, &npos) || !parse_id(opts[3].value, &org))
        return 2;
    if (!opts[1].value || (strcmp(opts[1].value, "xlsx") != 0 && strcmp(opts[1].value, "csv") != 0)) {
        fprintf(stderr, "dangjian: --format must be xlsx or csv\n");
        return 2;
    }
    if (!opts[2].value) {
        fprintf(stderr, "dangjian: --out FILE is required\n");
        return 2;
    }
    db *d = cli_open_db(opts[0].value);
    if (!d)
        return 1;
    member_query q = {.subtree = "/"};
    dj_err err;
    json_t *o = org ? row_get_e(d, "orgs", org, &err) : NULL;
    if (org && !o) {
        if (strcmp(err.code, "not_found") == 0)
            fprintf(stderr, "dangjian: organisation %lld does not exist\n", (long long)org);
        else
            fprintf(stderr, "dangjian: reading organisation %lld failed: %s\n", (long long)org, err.message);
        db_close(d);
        return 1;
    }
    if (o)
        q.subtree = json_str(o, "path");
    int64_t count = 0;
    int rc = 0;
    if (!members_export_file(d, &q, true, opts[1].value, opts[2].value, &count, &err)) {
        fprintf(stderr, "dangjian: %s\n", err.message);
        rc = 1;
    } else {
        printf("exported %lld members to %s\n", (long long)count, opts[2].value);
    }
    json_decref(o);
    db_close(d);
    return rc;
}

int cli_backup(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        puts("Usage: dangjian backup --out FILE [--db PATH]\n"
             "Writes a consistent copy of the database, also while the server runs and writes.\n"
             "FILE is always a new SQLite file. From PostgreSQL (--db postgresql://...) it is the copy of\n"
             "one REPEATABLE READ snapshot, checked table by table as `dangjian copy` checks; restore it\n"
             "with `dangjian restore`, or back into PostgreSQL with `dangjian copy --from FILE --to URL`.");
        return 0;
    }
    cli_opt opts[] = {{"db", true, NULL}, {"out", true, NULL}, {NULL, false, NULL}};
    const char *pos[1];
    int npos;
    if (!cli_parse(argc, argv, 2, opts, pos, 0, &npos))
        return 2;
    if (!opts[1].value) {
        fprintf(stderr, "dangjian: --out FILE is required\n");
        return 2;
    }
    if (access(opts[1].value, F_OK) == 0) {
        fprintf(stderr, "dangjian: %s already exists; a backup goes to a new file\n", opts[1].value);
        return 1;
    }
    const char *path = opts[0].value ? opts[0].value : "dangjian.db";
    if (db_url_is_postgres(path)) {
        int rc = cli_copy_between(path, opts[1].value);
        if (rc == 0)
            printf("backup written to %s\n", opts[1].value);
        else
            unlink(opts[1].value); /* nothing half-written stays behind */
        return rc;
    }
    db *d = cli_open_db(opts[0].value);
    if (!d)
        return 1;
    dj_err err;
    int rc = 0;
    if (!db_backup_to(d, opts[1].value, &err)) {
        fprintf(stderr, "dangjian: %s\n", err.message);
        rc = 1;
    } else {
        printf("backup written to %s\n", opts[1].value);
    }
    db_close(d);
    return rc;
}

int cli_audit(int argc, char **argv)
{
    if (cli_wants_help(argc, argv) || argc < 3 || strcmp(argv[2], "verify") != 0) {
        puts("Usage: dangjian audit verify [--db PATH] [--head HASH]\n"
             "Checks the hash chain of the audit log and names the first record that was changed or removed,\n"
             "and prints the chain's head. Keep that head elsewhere (a ticket, a signed mail): a later\n"
             "`audit verify --head HASH` fails if the records up to it were cut off or rewritten.");
        return cli_wants_help(argc, argv) ? 0 : 2;
    }
    cli_opt opts[] = {{"db", true, NULL}, {"head", true, NULL}, {NULL, false, NULL}};
    const char *pos[1];
    int npos;
    if (!cli_parse(argc, argv, 3, opts, pos, 0, &npos))
        return 2;
    if (opts[1].value && strlen(opts[1].value) != 64) {
        fprintf(stderr, "dangjian: --head takes the 64 hex digits that audit verify printed\n");
        return 2;
    }
    db *d = cli_open_db(opts[0].value);
    if (!d)
        return 1;
    int64_t checked, bad;
    dj_err err;
    int rc = 0;
    char head[65];
    bool found = false;
    if (!audit_verify(d, &checked, &bad, head, opts[1].value, &found, &err)) {
        fprintf(stderr, "dangjian: %s\n", err.message);
        rc = 1;
    } else if (bad) {
        fprintf(stderr, "audit log broken at record %lld (changed, or the one before it removed)\n", (long long)bad);
        rc = 1;
    } else if (opts[1].value && !found) {
        fprintf(stderr, "audit log cut: the recorded head %.16s... is no longer in the chain (%lld records now)\n",
                opts[1].value, (long long)checked);
        rc = 1;
    } else {
        printf("audit log intact: %lld records, head %s\n", (long long)checked, head);
    }
    db_close(d);
    return rc;
}

/* Row counts of the tables a restore must carry over (store_table_name), for the comparison
 * after it. */
static bool table_counts(db *d, int64_t counts[], size_t n, dj_err *err)
{
    for (size_t i = 0; i < n; i++)
        if (!store_table_count(d, store_table_name(i), &counts[i], err))
            return false;
    return true;
}

int cli_restore(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        puts("Usage: dangjian restore --from BACKUP --db NEW_PATH\n"
             "Restores a backup made by `dangjian backup` into a new database file (which must not exist):\n"
             "checks the backup's integrity first, copies it, then compares every table's row count.");
        return 0;
    }
    cli_opt opts[] = {{"db", true, NULL}, {"from", true, NULL}, {NULL, false, NULL}};
    const char *pos[1];
    int npos;
    if (!cli_parse(argc, argv, 2, opts, pos, 0, &npos))
        return 2;
    if (!opts[1].value || !opts[0].value) {
        fprintf(stderr, "dangjian: restore needs --from BACKUP and --db NEW_PATH\n");
        return 2;
    }
    if (db_url_is_postgres(opts[0].value) || db_url_is_postgres(opts[1].value)) {
        fprintf(stderr, "dangjian: restore is for SQLite backups; for PostgreSQL use pg_dump/pg_restore, "
                        "or `dangjian copy --from BACKUP.db --to postgresql://...`\n");
        return 2;
    }
    FILE *probe = fopen(opts[0].value, "rb");
    if (probe) {
        fclose(probe);
        fprintf(stderr, "dangjian: %s already exists; restore only into a new file\n", opts[0].value);
        return 1;
    }
    if (!cli_db_exists(opts[1].value))
        return 1;
    dj_err err;
    db *src = db_open(opts[1].value, &err);
    if (!src) {
        fprintf(stderr, "dangjian: %s\n", err.message);
        return 1;
    }
    bool intact = store_integrity_check(src, &err);
    size_t nt = 0;
    while (store_table_name(nt))
        nt++;
    int64_t *before = calloc(nt, sizeof *before), *after = calloc(nt, sizeof *after);
    if (!intact || !table_counts(src, before, nt, &err)) {
        fprintf(stderr, "dangjian: %s is not an intact dangjian backup: %s\n", opts[1].value, err.message);
        db_close(src);
        free(before);
        free(after);
        return 1;
    }
    bool ok = db_backup_to(src, opts[0].value, &err);
    db_close(src);
    if (!ok) {
        fprintf(stderr, "dangjian: %s\n", err.message);
        free(before);
        free(after);
        return 1;
    }
    db *dst = cli_open_db(opts[0].value); /* applies newer migrations, if any */
    if (!dst || !table_counts(dst, after, nt, &err)) {
        if (dst)
            fprintf(stderr, "dangjian: counting the rows of %s failed: %s\n", opts[0].value, err.message);
        db_close(dst);
        free(before);
        free(after);
        return 1;
    }
    int rc = 0;
    for (size_t i = 0; i < nt; i++) {
        const char *t = store_table_name(i);
        /* The migrations' books grow when the restored file is migrated further. */
        bool same = before[i] == after[i] || store_table_is_bookkeeping(t);
        printf("  %-18s %10lld %s\n", t, (long long)after[i], same ? "ok" : "MISMATCH");
        if (!same)
            rc = 1;
    }
    free(before);
    free(after);
    printf(rc ? "restore incomplete\n" : "restored %s into %s\n", opts[1].value, opts[0].value);
    db_close(dst);
    return rc;
}
