/* schema_service.c: volunteer service events and free clinics (志愿服务, 义诊; DOMAIN.md §7, seed 002):
 * the event (its date, place, kind, people served and medicine given in fen) carries the org_path
 * of its first organising organisation (its scope, and the subtree whose totals count it); the
 * other organising organisations, the institutions, the members with their hours (in half hours,
 * exact when summed) and the photos (bytes, JPEG or PNG) are rows of their own. After the
 * members and the institutions. */
#include "store/module.h"

static const store_step steps[] = {
    {.sql = "CREATE TABLE service_events ("
            "  id {{id}},"
            "  held_on TEXT NOT NULL, title TEXT NOT NULL, kind TEXT NOT NULL, place TEXT NOT NULL,"
            "  org_id {{int}} NOT NULL REFERENCES orgs(id),"
            "  org_path {{path}} NOT NULL,"
            "  people_served {{int}} NOT NULL DEFAULT 0, medicine_fen {{int}} NOT NULL DEFAULT 0,"
            "  note TEXT,"
            "  deleted_at TEXT, version {{int}} NOT NULL DEFAULT 1,"
            "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
            /* The totals of a subtree and a year read this index alone. */
            "CREATE INDEX service_events_path ON service_events(org_path, held_on, people_served, medicine_fen, id)"
            "  WHERE deleted_at IS NULL;"
            /* The list's first page, newest first, without sorting the subtree's events. */
            "CREATE INDEX service_events_day ON service_events(held_on, id) WHERE deleted_at IS NULL;"
            "CREATE TABLE service_event_orgs ("
            "  event_id {{int}} NOT NULL REFERENCES service_events(id),"
            "  org_id {{int}} NOT NULL REFERENCES orgs(id),"
            "  PRIMARY KEY (event_id, org_id));"
            "CREATE TABLE service_event_institutions ("
            "  event_id {{int}} NOT NULL REFERENCES service_events(id),"
            "  institution_id {{int}} NOT NULL REFERENCES institutions(id),"
            "  PRIMARY KEY (event_id, institution_id));"
            "CREATE TABLE service_event_members ("
            "  event_id {{int}} NOT NULL REFERENCES service_events(id),"
            "  member_id {{int}} NOT NULL REFERENCES members(id),"
            "  half_hours {{int}} NOT NULL,"
            "  PRIMARY KEY (event_id, member_id));"
            "CREATE INDEX service_event_members_member ON service_event_members(member_id, event_id);"
            /* The totals read an event's members and hours from the index alone (bench/service.sh). */
            "CREATE INDEX service_event_members_cover ON service_event_members(event_id, member_id, half_hours);"
            "CREATE TABLE service_event_photos ("
            "  id {{id_once}},"
            "  event_id {{int}} NOT NULL REFERENCES service_events(id),"
            "  name TEXT NOT NULL, content_type TEXT NOT NULL, size {{int}} NOT NULL, sha256 TEXT NOT NULL,"
            "  data {{blob}} NOT NULL, created_at TEXT NOT NULL, created_by TEXT);"
            "CREATE INDEX service_event_photos_event ON service_event_photos(event_id, id);"},
};

static const store_table tables[] = {
    {.name = "service_events", .key = "id", .identity = true, .object_type = "service_event", .org_path = true},
    {.name = "service_event_orgs", .key = "event_id, org_id"},
    {.name = "service_event_institutions", .key = "event_id, institution_id"},
    {.name = "service_event_members", .key = "event_id, member_id"},
    {.name = "service_event_photos", .key = "id", .identity = true, .object_type = "service_event_photo"},
};

const store_module service_store_module = {"service", steps, STORE_COUNT(steps), tables, STORE_COUNT(tables)};
