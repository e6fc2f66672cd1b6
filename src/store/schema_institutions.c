/* schema_institutions.c: the registry of medical institutions and the organisations covering
 * them (org_institutions). */
#include "store/module.h"

static const store_step steps[] = {
    {.legacy_version = 1,
     .sql = "CREATE TABLE institutions ("
            "  id {{id}},"
            "  name TEXT NOT NULL,"
            "  credit_code TEXT UNIQUE,"
            "  ownership TEXT NOT NULL, kind TEXT NOT NULL, grade TEXT, district TEXT, address TEXT,"
            "  latitude {{real}}, longitude {{real}}, staff_count {{int}},"
            "  deleted_at TEXT, version {{int}} NOT NULL DEFAULT 1,"
            "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
            "CREATE TABLE org_institutions ("
            "  org_id {{int}} NOT NULL REFERENCES orgs(id),"
            "  institution_id {{int}} NOT NULL REFERENCES institutions(id),"
            "  PRIMARY KEY (org_id, institution_id));"
            "CREATE INDEX org_institutions_inst ON org_institutions(institution_id);"},
    /* Who registered an institution that no organisation covers yet: the org path of the
     * registering account's scope. Until an organisation covers it, only accounts whose scope
     * holds that path (and administrators) change it. */
    {.legacy_version = 4, .sql = "ALTER TABLE institutions ADD COLUMN owner_path TEXT;"},
};

static const store_table tables[] = {
    {.name = "institutions", .key = "id", .identity = true, .object_type = "institution"},
    {.name = "org_institutions", .key = "org_id, institution_id"},
};

const store_module institutions_store_module = {"institutions", steps, STORE_COUNT(steps), tables, STORE_COUNT(tables)};
