/* schema_committee.c: an organisation's committee (支委会): its seats, each held by a person who
 * may be one of the members on file, hence after the members module. */
#include "store/module.h"

static const store_step steps[] = {
    {.legacy_version = 1,
     .sql = "CREATE TABLE org_committee ("
            "  id {{id}},"
            "  org_id {{int}} NOT NULL REFERENCES orgs(id),"
            "  name TEXT NOT NULL, member_id {{int}} REFERENCES members(id),"
            "  position TEXT NOT NULL, term_start TEXT, term_end TEXT, sort {{int}} NOT NULL DEFAULT 0);"
            "CREATE INDEX org_committee_org ON org_committee(org_id);"},
};

static const store_table tables[] = {
    {.name = "org_committee", .key = "id", .identity = true},
};

const store_module committee_store_module = {"committee", steps, STORE_COUNT(steps), tables, STORE_COUNT(tables)};
