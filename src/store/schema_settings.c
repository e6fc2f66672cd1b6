/* schema_settings.c: settings of the installation, key and value. */
#include "store/module.h"

static const store_step steps[] = {
    {.legacy_version = 1, .sql = "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);"},
};

static const store_table tables[] = {
    {.name = "settings", .key = "key", .key_pg = "key COLLATE \"C\""},
};

const store_module settings_store_module = {"settings", steps, STORE_COUNT(steps), tables, STORE_COUNT(tables)};
