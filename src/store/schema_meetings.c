/* schema_meetings.c: organisational life (组织生活, DOMAIN.md §2): meetings, the members expected
 * at each (taken from the organisation when the meeting is planned, with their name and category
 * as they were then) and their attendance, and each meeting's check-in secret (a table of its
 * own, so that the audit log's copies of a meeting's row never hold it). After the members and
 * the committee, which the attendance lists are taken from. */
#include "store/module.h"

static const store_step steps[] = {
    {.sql = "CREATE TABLE meetings ("
            "  id {{id}},"
            "  org_id {{int}} NOT NULL REFERENCES orgs(id),"
            "  org_path {{path}} NOT NULL,"
            "  type TEXT NOT NULL, status TEXT NOT NULL, topic TEXT NOT NULL,"
            "  starts_at TEXT NOT NULL, ends_at TEXT NOT NULL,"
            "  place TEXT, host TEXT, recorder TEXT, lecturer TEXT, first_topic TEXT, minutes TEXT,"
            "  joint_org_ids TEXT NOT NULL DEFAULT '[]', decisions TEXT NOT NULL DEFAULT '[]',"
            "  cancel_reason TEXT,"
            "  deleted_at TEXT, version {{int}} NOT NULL DEFAULT 1,"
            "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
            /* The list of a subtree in date order; an organisation's register. */
            "CREATE INDEX meetings_live_path ON meetings(org_path, starts_at) WHERE deleted_at IS NULL;"
            "CREATE INDEX meetings_org ON meetings(org_id, starts_at);"
            /* Compliance: the held meetings of a subtree, read from the index alone. */
            "CREATE INDEX meetings_held ON meetings(org_path, starts_at, org_id, type)"
            "  WHERE deleted_at IS NULL AND status = 'held';"
            "CREATE TABLE meeting_attendees ("
            "  meeting_id {{int}} NOT NULL REFERENCES meetings(id),"
            "  member_id {{int}} NOT NULL REFERENCES members(id),"
            "  name TEXT NOT NULL, category TEXT NOT NULL,"
            "  status TEXT NOT NULL DEFAULT 'unmarked', reason TEXT, checked_in_at TEXT,"
            "  PRIMARY KEY (meeting_id, member_id));"
            "CREATE INDEX meeting_attendees_member ON meeting_attendees(member_id, meeting_id);"
            "CREATE TABLE meeting_checkin ("
            "  meeting_id {{int}} PRIMARY KEY REFERENCES meetings(id),"
            "  secret TEXT NOT NULL);"},
    /* Attachments (photos, scans of the minutes): their bytes in the database, so that every
     * server process sees them; hidden with their meeting while it is deleted. */
    {.sql = "CREATE TABLE meeting_attachments ("
            "  id {{id}},"
            "  meeting_id {{int}} NOT NULL REFERENCES meetings(id),"
            "  name TEXT NOT NULL, content_type TEXT NOT NULL, size {{int}} NOT NULL, sha256 TEXT NOT NULL,"
            "  data {{blob}} NOT NULL, created_at TEXT NOT NULL, created_by TEXT);"
            "CREATE INDEX meeting_attachments_meeting ON meeting_attachments(meeting_id, id);"},
};

static const store_table tables[] = {
    {.name = "meetings", .key = "id", .identity = true, .object_type = "meeting", .org_path = true},
    {.name = "meeting_attendees", .key = "meeting_id, member_id"},
    {.name = "meeting_checkin", .key = "meeting_id"},
    {.name = "meeting_attachments", .key = "id", .identity = true, .object_type = "meeting_attachment"},
};

const store_module meetings_store_module = {"meetings", steps, STORE_COUNT(steps), tables, STORE_COUNT(tables)};
