/* schema_audit.c: the audit log, a hash chain (audit.c). */
#include "store/module.h"

static const store_step steps[] = {
    {.legacy_version = 1,
     .sql = "CREATE TABLE audit_log ("
            "  id {{id}},"
            "  at TEXT NOT NULL, user_id {{int}}, username TEXT,"
            "  action TEXT NOT NULL, object_type TEXT NOT NULL, object_id {{int}},"
            "  before TEXT, after TEXT,"
            "  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
            "CREATE INDEX audit_object ON audit_log(object_type, object_id);"},
};

static const store_table tables[] = {
    {.name = "audit_log", .key = "id", .identity = true},
};

const store_module audit_store_module = {"audit", steps, STORE_COUNT(steps), tables, STORE_COUNT(tables)};
