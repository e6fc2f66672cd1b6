/* schema_pairings.c: the 201 project (201工程, DOMAIN.md §7, seed 000): an instructor's account
 * paired with a private institution for three years, the pairing's milestones (rows of their own,
 * replaced as a list) and the instructor's visits. A pairing carries the org_path of the
 * instructor's organisation: that subtree's administrators oversee it. After the accounts and the
 * institutions it refers to. */
#include "store/module.h"

static const store_step steps[] = {
    {.sql = "CREATE TABLE pairings ("
            "  id {{id}},"
            "  instructor_user_id {{int}} NOT NULL REFERENCES users(id),"
            "  institution_id {{int}} NOT NULL REFERENCES institutions(id),"
            "  org_path {{path}} NOT NULL,"
            "  started_on TEXT NOT NULL, ends_on TEXT NOT NULL,"
            "  stage TEXT NOT NULL, target_stars {{int}} NOT NULL, note TEXT,"
            "  deleted_at TEXT, version {{int}} NOT NULL DEFAULT 1,"
            "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
            "CREATE INDEX pairings_path ON pairings(org_path, id) WHERE deleted_at IS NULL;"
            "CREATE INDEX pairings_instructor ON pairings(instructor_user_id, started_on);"
            "CREATE INDEX pairings_institution ON pairings(institution_id, started_on);"
            "CREATE TABLE pairing_milestones ("
            "  pairing_id {{int}} NOT NULL REFERENCES pairings(id),"
            "  seq {{int}} NOT NULL,"
            "  title TEXT NOT NULL, due_on TEXT NOT NULL, done_on TEXT, evidence TEXT,"
            "  PRIMARY KEY (pairing_id, seq));"
            "CREATE INDEX pairing_milestones_due ON pairing_milestones(due_on) WHERE done_on IS NULL;"
            "CREATE TABLE pairing_visits ("
            "  id {{id}},"
            "  pairing_id {{int}} NOT NULL REFERENCES pairings(id),"
            "  visited_on TEXT NOT NULL, topic TEXT NOT NULL, findings TEXT, advice TEXT,"
            "  deleted_at TEXT, version {{int}} NOT NULL DEFAULT 1,"
            "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
            /* A pairing's live visits, and the progress view's visits per month, from the index alone. */
            "CREATE INDEX pairing_visits_live ON pairing_visits(pairing_id, visited_on) WHERE deleted_at IS NULL;"},
    /* A visit's photos (走访照片): their bytes in the database (store/files.h). */
    {.sql = "CREATE TABLE pairing_visit_photos ("
            "  id {{id_once}},"
            "  visit_id {{int}} NOT NULL REFERENCES pairing_visits(id),"
            "  name TEXT NOT NULL, content_type TEXT NOT NULL, size {{int}} NOT NULL, sha256 TEXT NOT NULL,"
            "  data {{blob}} NOT NULL, created_at TEXT NOT NULL, created_by TEXT);"
            "CREATE INDEX pairing_visit_photos_visit ON pairing_visit_photos(visit_id, id);"},
};

static const store_table tables[] = {
    {.name = "pairings", .key = "id", .identity = true, .object_type = "pairing", .org_path = true},
    {.name = "pairing_milestones", .key = "pairing_id, seq"},
    {.name = "pairing_visits", .key = "id", .identity = true, .object_type = "pairing_visit"},
    {.name = "pairing_visit_photos", .key = "id", .identity = true, .object_type = "pairing_visit_photo"},
};

const store_module pairings_store_module = {"pairings", steps, STORE_COUNT(steps), tables, STORE_COUNT(tables)};
