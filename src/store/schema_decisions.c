/* schema_decisions.c: 三重一大 (DOMAIN.md §7, seed 002): a committee's records of major
 * decisions, important appointments, major projects and large sums, with the meeting that
 * decided them, the votes, the amount and the day each was reported upward. A record carries the
 * org_path of the committee: that subtree's administrators (the bureau) oversee it. After the
 * organisations and meetings it refers to. */
#include "store/module.h"

static const store_step steps[] = {
    {.sql = "CREATE TABLE decisions ("
            "  id {{id}},"
            "  org_id {{int}} NOT NULL REFERENCES orgs(id),"
            "  org_path {{path}} NOT NULL,"
            "  category TEXT NOT NULL, title TEXT NOT NULL,"
            "  meeting_id {{int}} REFERENCES meetings(id),"
            "  decided_on TEXT NOT NULL,"
            "  votes_for {{int}} NOT NULL, votes_against {{int}} NOT NULL, votes_abstain {{int}} NOT NULL,"
            "  amount_fen {{int}}, reported_on TEXT, note TEXT,"
            "  deleted_at TEXT, version {{int}} NOT NULL DEFAULT 1,"
            "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
            "CREATE INDEX decisions_path ON decisions(org_path, decided_on) WHERE deleted_at IS NULL;"
            /* The unreported ones, for the overdue flags and the to-do list. */
            "CREATE INDEX decisions_unreported ON decisions(decided_on) WHERE deleted_at IS NULL AND reported_on IS NULL;"},
};

static const store_table tables[] = {
    {.name = "decisions", .key = "id", .identity = true, .object_type = "decision", .org_path = true},
};

const store_module decisions_store_module = {"decisions", steps, STORE_COUNT(steps), tables, STORE_COUNT(tables)};
