/* schema_auth.c: accounts, sessions and failed logins. A session row holds only the hash of
 * its cookie's token. */
#include "store/module.h"

static const store_step steps[] = {
    {.legacy_version = 1,
     .sql = "CREATE TABLE users ("
            "  id {{id}},"
            "  username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,"
            "  role TEXT NOT NULL,"
            "  org_id {{int}} REFERENCES orgs(id), member_id {{int}} REFERENCES members(id),"
            "  password_hash TEXT NOT NULL,"
            "  disabled {{int}} NOT NULL DEFAULT 0,"
            "  version {{int}} NOT NULL DEFAULT 1,"
            "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
            "CREATE TABLE sessions ("
            "  token_hash TEXT PRIMARY KEY,"
            "  user_id {{int}} NOT NULL REFERENCES users(id),"
            "  csrf_token TEXT NOT NULL,"
            "  created_at {{int}} NOT NULL, expires_at {{int}} NOT NULL);"
            "CREATE INDEX sessions_user ON sessions(user_id);"
            "CREATE TABLE login_failures (key TEXT NOT NULL, at {{int}} NOT NULL);"
            "CREATE INDEX login_failures_key ON login_failures(key, at);"},
    /* A user name is one name whatever its case: ADMIN beside admin would be two accounts that
     * people (and an audit log read aloud) cannot tell apart. */
    {.sql = "CREATE UNIQUE INDEX users_username_ci ON users(lower(username));"},
};

static const store_table tables[] = {
    {.name = "users", .key = "id", .identity = true, .object_type = "user"},
    {.name = "sessions", .key = "token_hash", .key_pg = "token_hash COLLATE \"C\""},
    {.name = "login_failures", .key = "key, at", .key_pg = "key COLLATE \"C\", at"},
};

const store_module auth_store_module = {"auth", steps, STORE_COUNT(steps), tables, STORE_COUNT(tables)};
