/* main.c: dangjian, a party-building management system for the health sector. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "dangjian — 卫生健康系统党建管理平台 / party-building management for the health sector\n"
    "\n"
    "Usage: dangjian COMMAND [OPTIONS]   (every command takes --db PATH, default ./dangjian.db, and --help;\n"
    "                                     --db postgresql://user@host:port/dbname uses PostgreSQL)\n"
    "\n"
    "Commands:\n"
    "  init [--demo]                       create or migrate the database; --demo loads the demo data\n"
    "  serve [--listen ADDR:PORT] [--threads N]   serve the API and the web UI (default 127.0.0.1:8080)\n"
    "  user add NAME --role ROLE [--org ORG_ID] [--member MEMBER_ID] --password-stdin\n"
    "  user passwd NAME --password-stdin\n"
    "  import members FILE [--org ORG_ID] [--dry-run]   CSV in UTF-8 or GB18030, all rows or none\n"
    "  export members --format xlsx|csv --out FILE [--org ORG_ID]\n"
    "  backup --out FILE                   a consistent copy, also while the server runs\n"
    "  restore --from BACKUP --db NEW      restore a backup into a new database and compare row counts\n"
    "  audit verify                        check the audit log's hash chain\n"
    "  copy --from SOURCE --to TARGET      copy a database (e.g. SQLite to PostgreSQL) and verify it\n"
    "  routes                              the API's routes and the access each needs, as JSON\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        puts("dangjian 0.1.0");
        return 0;
    }
    static const struct { const char *name; int (*fn)(int, char **); } cmds[] = {
        {"init", cli_init}, {"serve", cli_serve}, {"user", cli_user}, {"import", cli_import},
        {"export", cli_export}, {"backup", cli_backup}, {"restore", cli_restore}, {"audit", cli_audit},
        {"copy", cli_copy}, {"routes", cli_routes},
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (strcmp(cmds[i].name, cmd) == 0)
            return cmds[i].fn(argc, argv);
    fprintf(stderr, "dangjian: unknown command '%s'\n\n%s", cmd, usage);
    return 2;
}
