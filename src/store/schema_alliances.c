/* schema_alliances.c: 红联共建 (DOMAIN.md §7, seeds 003, 004): an alliance led by one party
 * organisation (its org_path: the lead's) with its partner organisations (rows of their own,
 * each with its org_path, so that each partner's subtree sees the alliance and moving an
 * organisation moves them), its agreement (one file, its bytes in a table the alliance's row
 * does not hold, so the audit log never copies them), its joint activities, shared resources and
 * two-way referrals counted per month and direction (counts only: no patient is recorded).
 * After the organisations and the meetings an activity may link. */
#include "store/module.h"

static const store_step steps[] = {
    {.sql = "CREATE TABLE alliances ("
            "  id {{id}},"
            "  name TEXT NOT NULL, kind TEXT NOT NULL,"
            "  lead_org_id {{int}} NOT NULL REFERENCES orgs(id),"
            "  org_path {{path}} NOT NULL,"
            "  started_on TEXT NOT NULL, ends_on TEXT, note TEXT,"
            "  deleted_at TEXT, version {{int}} NOT NULL DEFAULT 1,"
            "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
            "CREATE INDEX alliances_path ON alliances(org_path, id) WHERE deleted_at IS NULL;"
            "CREATE TABLE alliance_orgs ("
            "  alliance_id {{int}} NOT NULL REFERENCES alliances(id),"
            "  org_id {{int}} NOT NULL REFERENCES orgs(id),"
            "  org_path {{path}} NOT NULL, seq {{int}} NOT NULL,"
            "  PRIMARY KEY (alliance_id, org_id));"
            /* The alliances a subtree takes part in, from the index alone. */
            "CREATE INDEX alliance_orgs_path ON alliance_orgs(org_path, alliance_id);"
            "CREATE TABLE alliance_agreements ("
            "  alliance_id {{int}} PRIMARY KEY REFERENCES alliances(id),"
            "  name TEXT NOT NULL, content_type TEXT NOT NULL, size {{int}} NOT NULL, sha256 TEXT NOT NULL,"
            "  data {{blob}} NOT NULL, created_at TEXT NOT NULL, created_by TEXT);"
            "CREATE TABLE alliance_activities ("
            "  id {{id}},"
            "  alliance_id {{int}} NOT NULL REFERENCES alliances(id),"
            "  kind TEXT NOT NULL, held_on TEXT NOT NULL, title TEXT NOT NULL,"
            "  org_ids TEXT NOT NULL DEFAULT '[]', attendance {{int}},"
            "  meeting_id {{int}} REFERENCES meetings(id), note TEXT,"
            "  deleted_at TEXT, version {{int}} NOT NULL DEFAULT 1,"
            "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
            "CREATE INDEX alliance_activities_live ON alliance_activities(alliance_id, held_on) WHERE deleted_at IS NULL;"
            "CREATE TABLE alliance_resources ("
            "  id {{id}},"
            "  alliance_id {{int}} NOT NULL REFERENCES alliances(id),"
            "  kind TEXT NOT NULL, title TEXT NOT NULL,"
            "  provider_org_id {{int}} NOT NULL REFERENCES orgs(id), note TEXT,"
            "  deleted_at TEXT, version {{int}} NOT NULL DEFAULT 1,"
            "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
            "CREATE INDEX alliance_resources_live ON alliance_resources(alliance_id, id) WHERE deleted_at IS NULL;"
            "CREATE TABLE alliance_referrals ("
            "  alliance_id {{int}} NOT NULL REFERENCES alliances(id),"
            "  month TEXT NOT NULL,"
            "  from_org_id {{int}} NOT NULL REFERENCES orgs(id),"
            "  to_org_id {{int}} NOT NULL REFERENCES orgs(id),"
            "  referrals {{int}} NOT NULL, updated_at TEXT NOT NULL,"
            "  PRIMARY KEY (alliance_id, month, from_org_id, to_org_id));"},
};

static const store_table tables[] = {
    {.name = "alliances", .key = "id", .identity = true, .object_type = "alliance", .org_path = true},
    {.name = "alliance_orgs", .key = "alliance_id, org_id", .org_path = true},
    {.name = "alliance_agreements", .key = "alliance_id", .object_type = "alliance_agreement"},
    {.name = "alliance_activities", .key = "id", .identity = true, .object_type = "alliance_activity"},
    {.name = "alliance_resources", .key = "id", .identity = true, .object_type = "alliance_resource"},
    {.name = "alliance_referrals", .key = "alliance_id, month, from_org_id, to_org_id", .object_type = "alliance_referral"},
};

const store_module alliances_store_module = {"alliances", steps, STORE_COUNT(steps), tables, STORE_COUNT(tables)};
