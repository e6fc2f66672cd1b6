/* schema_coverage.c: the two-coverage survey (两个覆盖, DOMAIN.md §7): the counts a survey found in
 * an institution (for one that no organisation covers, the only source of its members), and
 * survey rounds: the figures of a moment, frozen, so that later rounds are compared with them
 * (定期比对基础数据). After the institutions and the organisations they refer to. */
#include "store/module.h"

static const store_step steps[] = {
    {.sql = "CREATE TABLE institution_surveys ("
            "  id {{id}},"
            "  institution_id {{int}} NOT NULL UNIQUE REFERENCES institutions(id),"
            "  full_members {{int}} NOT NULL, probationary_members {{int}} NOT NULL,"
            "  surveyed_on TEXT NOT NULL, surveyed_by TEXT,"
            "  version {{int}} NOT NULL DEFAULT 1,"
            "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
            /* A round belongs to the subtree it was taken over (org_path "/" for the whole tree,
             * org_id NULL then); totals is JSON (counts by status). */
            "CREATE TABLE coverage_rounds ("
            "  id {{id}},"
            "  org_id {{int}} REFERENCES orgs(id),"
            "  org_path {{path}} NOT NULL,"
            "  name TEXT NOT NULL, taken_by TEXT, totals TEXT NOT NULL DEFAULT '{}',"
            "  version {{int}} NOT NULL DEFAULT 1,"
            "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
            "CREATE INDEX coverage_rounds_path ON coverage_rounds(org_path, id);"
            "CREATE TABLE coverage_round_items ("
            "  round_id {{int}} NOT NULL REFERENCES coverage_rounds(id),"
            "  institution_id {{int}} NOT NULL REFERENCES institutions(id),"
            "  name TEXT NOT NULL, ownership TEXT NOT NULL, district TEXT,"
            "  full_members {{int}} NOT NULL, probationary_members {{int}} NOT NULL, status TEXT NOT NULL,"
            "  PRIMARY KEY (round_id, institution_id));"},
};

static const store_table tables[] = {
    {.name = "institution_surveys", .key = "id", .identity = true, .object_type = "institution_survey"},
    {.name = "coverage_rounds", .key = "id", .identity = true, .object_type = "coverage_round", .org_path = true},
    {.name = "coverage_round_items", .key = "round_id, institution_id"},
};

const store_module coverage_store_module = {"coverage", steps, STORE_COUNT(steps), tables, STORE_COUNT(tables)};
