/* common.c: option parsing and database opening for the subcommands. */
#include "cli/cli.h"

#include "store/schema.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

bool cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

bool cli_parse(int argc, char **argv, int first, cli_opt *opts, const char **pos, int max_pos, int *npos)
{
    *npos = 0;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0) {
            if (*npos >= max_pos) {
                fprintf(stderr, "dangjian: unexpected argument '%s'\n", a);
                return false;
            }
            pos[(*npos)++] = a;
            continue;
        }
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t nl = eq ? (size_t)(eq - name) : strlen(name);
        cli_opt *o = NULL;
        for (cli_opt *p = opts; p->name; p++)
            if (strlen(p->name) == nl && strncmp(p->name, name, nl) == 0)
                o = p;
        if (!o) {
            fprintf(stderr, "dangjian: unknown option '%s' (see --help)\n", a);
            return false;
        }
        if (!o->has_value) {
            if (eq) {
                fprintf(stderr, "dangjian: option --%s takes no value\n", o->name);
                return false;
            }
            o->value = "1";
        } else if (eq) {
            o->value = eq + 1;
        } else if (i + 1 < argc) {
            o->value = argv[++i];
        } else {
            fprintf(stderr, "dangjian: option --%s needs a value\n", o->name);
            return false;
        }
    }
    return true;
}

bool cli_db_exists(const char *path)
{
    path = path ? path : "dangjian.db";
    if (db_url_is_postgres(path) || access(path, F_OK) == 0)
        return true;
    fprintf(stderr, "dangjian: no database at %s (create one with `dangjian init --db %s`)\n", path, path);
    return false;
}

db *cli_open_db(const char *path)
{
    return cli_db_exists(path) ? cli_create_db(path) : NULL;
}

db *cli_create_db(const char *path)
{
    dj_err err;
    db *d = db_open(path ? path : "dangjian.db", &err);
    if (!d) {
        fprintf(stderr, "dangjian: %s\n", err.message);
        return NULL;
    }
    if (!schema_migrate(d, &err)) {
        fprintf(stderr, "dangjian: migration failed: %s\n", err.message);
        db_close(d);
        return NULL;
    }
    return d;
}
