/* copy.c: `dangjian copy --from SOURCE --to TARGET` (SQLite to PostgreSQL, or back); the work
 * is in store/copy.c. */
#include "cli/cli.h"

#include "store/copy.h"
#include "store/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_copy(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        puts("Usage: dangjian copy --from SOURCE --to TARGET\n"
             "Copies every table of SOURCE into TARGET and checks the result. Either may be a SQLite\n"
             "file or a PostgreSQL url (postgresql://user@host:port/dbname), e.g.\n"
             "  dangjian copy --from dangjian.db --to postgresql://dangjian@db.example:5432/dangjian\n"
             "TARGET is created or migrated to the migrations SOURCE has applied and must hold no data. The copy\n"
             "runs in one transaction and keeps the ids; PostgreSQL's id sequences are reset after it.\n"
             "Then each table is compared: row count and SHA-256 over the rows in primary-key order.\n"
             "SOURCE is read in one snapshot (on PostgreSQL a REPEATABLE READ transaction), so servers may\n"
             "go on writing to it: the copy holds what was committed when it began. Exit status 0 only\n"
             "when every table matches.");
        return 0;
    }
    cli_opt opts[] = {{"from", true, NULL}, {"to", true, NULL}, {NULL, false, NULL}};
    const char *pos[1];
    int npos;
    if (!cli_parse(argc, argv, 2, opts, pos, 0, &npos))
        return 2;
    const char *from = opts[0].value, *to = opts[1].value;
    if (!from || !to) {
        fprintf(stderr, "dangjian: copy needs --from SOURCE and --to TARGET\n");
        return 2;
    }
    return cli_copy_between(from, to);
}

int cli_copy_between(const char *from, const char *to)
{
    if (!db_url_is_postgres(from) && access(from, R_OK) != 0) {
        fprintf(stderr, "dangjian: cannot read %s\n", from);
        return 1;
    }
    char from_shown[512], to_shown[512];
    db_url_for_humans(from, from_shown, sizeof from_shown);
    db_url_for_humans(to, to_shown, sizeof to_shown);
    if (strcmp(from, to) == 0) {
        fprintf(stderr, "dangjian: SOURCE and TARGET are the same database\n");
        return 2;
    }
    dj_err err;
    /* The source is only read: it is not migrated, and must be at this binary's version. */
    if (!cli_db_exists(from))
        return 1;
    db *src = db_open(from, &err);
    if (!src) {
        fprintf(stderr, "dangjian: %s\n", err.message);
        return 1;
    }
    if (!copy_tables_known(src, from_shown)) {
        db_close(src);
        return 1;
    }
    /* Both sides must have applied the same migration steps: the source all that this binary
     * knows (it is not migrated here), the target after cli_create_db the same ones. */
    bool current;
    char *src_steps = NULL, *dst_steps = NULL;
    if (!schema_state(src, &current, &src_steps, &err)) {
        fprintf(stderr, "dangjian: reading the migrations of %s failed: %s\n", from_shown, err.message);
        db_close(src);
        return 1;
    }
    if (!current) {
        fprintf(stderr, "dangjian: %s has not applied every migration of this dangjian: run `dangjian init --db SOURCE` first\n",
                from_shown);
        free(src_steps);
        db_close(src);
        return 1;
    }
    db *dst = cli_create_db(to);
    if (!dst) {
        free(src_steps);
        db_close(src);
        return 1;
    }
    if (!schema_state(dst, &current, &dst_steps, &err) || strcmp(src_steps, dst_steps) != 0) {
        fprintf(stderr, "dangjian: %s and %s differ in their migrations (%s / %s)\n", from_shown, to_shown, src_steps,
                dst_steps ? dst_steps : err.message);
        free(src_steps);
        free(dst_steps);
        db_close(dst);
        db_close(src);
        return 1;
    }
    free(src_steps);
    free(dst_steps);
    int rc = 1;
    if (!copy_target_empty(dst, to_shown))
        goto out;
    /* One snapshot of the source for the copy and the check. */
    if (!copy_begin_snapshot(src, &err)) {
        fprintf(stderr, "dangjian: %s\n", err.message);
        goto out;
    }
    printf("copying %s -> %s\n", from_shown, to_shown);
    bool ok = copy_all(src, dst, &err);
    if (!ok) {
        db_rollback(dst);
        copy_end_snapshot(src);
        fprintf(stderr, "dangjian: nothing was copied\n");
        goto out;
    }
    bool same = copy_verify(src, dst);
    copy_end_snapshot(src);
    if (same) {
        printf("\ncopy complete: every table matches\n");
        rc = 0;
    } else {
        fprintf(stderr, "\ndangjian: copy verification FAILED: see the table above\n");
    }
out:
    db_close(dst);
    db_close(src);
    return rc;
}
