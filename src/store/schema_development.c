/* schema_development.c: developing members (发展党员, DOMAIN.md §4): the people in the pipeline
 * (applicants: not yet members, with the member file's personal fields), the steps each has
 * done, and the dated 三培养 tags of member files. After the members, which a step creates and
 * the people of a step are. */
#include "store/module.h"

static const store_step steps[] = {
    {.sql = "CREATE TABLE applicants ("
            "  id {{id}},"
            "  name TEXT NOT NULL, gender TEXT NOT NULL, ethnicity TEXT, birth_date TEXT NOT NULL,"
            "  id_number TEXT NOT NULL, phone TEXT, education TEXT, title TEXT, department TEXT, position TEXT,"
            "  org_id {{int}} NOT NULL REFERENCES orgs(id),"
            "  org_path {{path}} NOT NULL,"
            "  tags TEXT NOT NULL DEFAULT '[]',"
            /* Kept by each step (from applicant_steps), so that the board reads one row each. */
            "  stage TEXT NOT NULL DEFAULT 'applicant', last_step {{int}} NOT NULL DEFAULT 0,"
            "  applied_on TEXT, activist_on TEXT, admitted_on TEXT, approved_on TEXT,"
            "  extension_months {{int}} NOT NULL DEFAULT 0,"
            "  member_id {{int}} REFERENCES members(id),"
            "  deleted_at TEXT, version {{int}} NOT NULL DEFAULT 1,"
            "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
            "CREATE INDEX applicants_live_path ON applicants(org_path, id) WHERE deleted_at IS NULL;"
            "CREATE INDEX applicants_id_number ON applicants(id_number);"
            "CREATE TABLE applicant_steps ("
            "  applicant_id {{int}} NOT NULL REFERENCES applicants(id),"
            "  step {{int}} NOT NULL, done_on TEXT NOT NULL,"
            "  people TEXT NOT NULL DEFAULT '[]', note TEXT, override_reason TEXT, rule TEXT,"
            "  training_days {{int}}, training_hours {{int}},"
            "  created_by TEXT, created_at TEXT NOT NULL,"
            "  PRIMARY KEY (applicant_id, step));"
            /* 三培养 (DOMAIN.md §4): when a member file was given 业务骨干 or 后备干部, so that the flows
             * of a year can be counted; the tag itself is also in members.tags. */
            "CREATE TABLE member_tags ("
            "  member_id {{int}} NOT NULL REFERENCES members(id),"
            "  tag TEXT NOT NULL, tagged_on TEXT NOT NULL,"
            "  created_by TEXT, created_at TEXT NOT NULL,"
            "  PRIMARY KEY (member_id, tag));"
            "CREATE INDEX member_tags_tag ON member_tags(tag, tagged_on);"},
    /* Steps 15 and 23 (支部大会讨论): the vote and, when it was recorded as a meeting, the meeting. */
    {.sql = "ALTER TABLE applicant_steps ADD COLUMN meeting_id {{int}};"
            "ALTER TABLE applicant_steps ADD COLUMN voters_entitled {{int}};"
            "ALTER TABLE applicant_steps ADD COLUMN voters_present {{int}};"
            "ALTER TABLE applicant_steps ADD COLUMN votes_for {{int}};"
            "ALTER TABLE applicant_steps ADD COLUMN votes_against {{int}};"
            "ALTER TABLE applicant_steps ADD COLUMN votes_abstain {{int}};"},
    /* The papers of a step (store/files.h, with the step as the part). */
    {.sql = "CREATE TABLE applicant_step_files ("
            "  id {{id_once}},"
            "  applicant_id {{int}} NOT NULL REFERENCES applicants(id), step {{int}} NOT NULL,"
            "  name TEXT NOT NULL, content_type TEXT NOT NULL, size {{int}} NOT NULL, sha256 TEXT NOT NULL,"
            "  data {{blob}} NOT NULL, created_at TEXT NOT NULL, created_by TEXT);"
            "CREATE INDEX applicant_step_files_step ON applicant_step_files(applicant_id, step, id);"},
};

static const store_table tables[] = {
    {.name = "applicants", .key = "id", .identity = true, .object_type = "applicant", .org_path = true},
    {.name = "applicant_steps", .key = "applicant_id, step"},
    {.name = "member_tags", .key = "member_id, tag", .key_pg = "member_id, tag COLLATE \"C\""},
    {.name = "applicant_step_files", .key = "id", .identity = true, .object_type = "applicant_step_file"},
};

const store_module development_store_module = {"development", steps, STORE_COUNT(steps), tables, STORE_COUNT(tables)};
