/* schema_orgs.c: the organisation tree. path is '/1/5/23/', the ids from the root: a subtree is
 * a path prefix, read as the byte range [path, store_path_upper(path)). */
#include "store/module.h"

static const store_step steps[] = {
    {.legacy_version = 1,
     .sql = "CREATE TABLE orgs ("
            "  id {{id}},"
            "  parent_id {{int}} REFERENCES orgs(id),"
            "  name TEXT NOT NULL,"
            "  type TEXT NOT NULL,"
            "  path {{path}} NOT NULL,"
            "  departments TEXT NOT NULL DEFAULT '[]',"
            "  established_on TEXT, term_start TEXT, term_end TEXT,"
            "  deleted_at TEXT,"
            "  version {{int}} NOT NULL DEFAULT 1,"
            "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
            "CREATE INDEX orgs_parent ON orgs(parent_id);"
            "CREATE UNIQUE INDEX orgs_path ON orgs(path);"},
};

static const store_table tables[] = {
    {.name = "orgs", .key = "id", .copy_order = "length(path), id" /* parents before children */,
     .identity = true, .object_type = "org"},
};

const store_module orgs_store_module = {"orgs", steps, STORE_COUNT(steps), tables, STORE_COUNT(tables)};
