/* cli.h: the subcommands of the dangjian binary. Each parses its own options, prints --help,
 * and returns the process exit status (0 ok, 1 failure, 2 bad arguments). */
#ifndef DJ_CLI_H
#define DJ_CLI_H

#include "store/db.h"

#include <stdbool.h>

int cli_init(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_restore(int argc, char **argv);
int cli_audit(int argc, char **argv);
int cli_copy(int argc, char **argv);
int cli_routes(int argc, char **argv);
/* The work of `copy`: from and to are SQLite paths or postgresql:// URLs; prints the per-table
 * check; returns the exit status (0 only when every table matches). */
int cli_copy_between(const char *from, const char *to);

/* Loads the demo data set (PRODUCT.md) into an empty database and prints the logins. */
bool demo_load(db *d, int members, dj_err *err);
/* A year of meetings with attendance for the demo organisations (demo_meetings.c). */
bool demo_meetings_load(db *d, dj_err *err);
/* The two-coverage survey of the demo: Wuhan's private clinics, their survey and a round (demo_coverage.c). */
bool demo_coverage_load(db *d, dj_err *err);
/* A year of dues bases and payments, with some arrears (demo_dues.c). */
bool demo_dues_load(db *d, dj_err *err);
/* Applicants at every stage of development, and dated 三培养 tags (demo_development.c). */
bool demo_development_load(db *d, dj_err *err);
/* The 201 project: Wuhan's instructors and their pairings (demo_pairings.c). */
bool demo_pairings_load(db *d, dj_err *err);
/* 红联共建: the seeds' alliances, their activities, resources and referrals (demo_alliances.c). */
bool demo_alliances_load(db *d, dj_err *err);
/* The public's needs by QR code at Jinzhou's hospitals, a poster per institution (demo_needs.c). */
bool demo_needs_load(db *d, dj_err *err);
/* Jinzhou's 50 pioneer posts and the badges of their members (demo_posts.c). */
bool demo_posts_load(db *d, dj_err *err);
/* Jinzhou's free clinics and volunteer service of this year (demo_service.c). */
bool demo_service_load(db *d, dj_err *err);
/* 三重一大 items and yearly key tasks of Jinzhou's hospital committees (demo_decisions.c). */
bool demo_decisions_load(db *d, dj_err *err);

/* Option parsing shared by the subcommands: --name VALUE or --name=VALUE. */
typedef struct cli_opt {
    const char *name;   /* "db" */
    bool has_value;
    const char *value;  /* filled: the value, or "1" for a flag that was given */
} cli_opt;

/* Parses argv[first..] into opts and positional args (up to max_pos). Prints a message and
 * returns false on an unknown option, a missing value or too many arguments. */
bool cli_parse(int argc, char **argv, int first, cli_opt *opts, const char **pos, int max_pos, int *npos);
/* Whether --help or -h is among the arguments. */
bool cli_wants_help(int argc, char **argv);
/* Opens an existing database (a SQLite path must name a file) and applies new migrations;
 * prints why and returns NULL otherwise. cli_create_db also creates a missing SQLite file
 * (init). cli_db_exists only checks, with the same message. */
db *cli_open_db(const char *path);
db *cli_create_db(const char *path);
bool cli_db_exists(const char *path);

#endif
