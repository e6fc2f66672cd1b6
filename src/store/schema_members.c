/* schema_members.c: party members' files, their search index and their transfers. org_path is a
 * copy of orgs.path, so a subtree's members are one index range. */
#include "store/module.h"

static const store_step steps[] = {
    {.legacy_version = 1,
     .sql = "CREATE TABLE members ("
            "  id {{id}},"
            "  name TEXT NOT NULL, gender TEXT NOT NULL, ethnicity TEXT, birth_date TEXT NOT NULL,"
            "  id_number TEXT NOT NULL, phone TEXT, education TEXT, title TEXT, department TEXT, position TEXT,"
            "  org_id {{int}} NOT NULL REFERENCES orgs(id),"
            "  org_path {{path}} NOT NULL,"
            "  category TEXT NOT NULL, status TEXT NOT NULL, joined_on TEXT, full_on TEXT,"
            "  tags TEXT NOT NULL DEFAULT '[]',"
            "  deleted_at TEXT, version {{int}} NOT NULL DEFAULT 1,"
            "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
            "CREATE UNIQUE INDEX members_id_number ON members(id_number);"
            "CREATE INDEX members_org_path ON members(org_path, id);"
            "CREATE INDEX members_org ON members(org_id);"
            "CREATE TABLE member_transfers ("
            "  id {{id}},"
            "  member_id {{int}} NOT NULL REFERENCES members(id),"
            "  from_org_id {{int}} NOT NULL REFERENCES orgs(id),"
            "  to_org_id {{int}} NOT NULL REFERENCES orgs(id),"
            "  transfer_date TEXT NOT NULL, reason TEXT,"
            "  by_user TEXT, at TEXT NOT NULL);"
            "CREATE INDEX member_transfers_member ON member_transfers(member_id);",
     /* The search: FTS5's trigram tokenizer (case-insensitive substrings, Chinese included),
      * kept in step with the table by triggers. */
     .sqlite = "CREATE VIRTUAL TABLE members_fts USING fts5(name, phone, department,"
               "  content='members', content_rowid='id', tokenize='trigram');"
               "CREATE TRIGGER members_fts_ai AFTER INSERT ON members BEGIN"
               "  INSERT INTO members_fts(rowid, name, phone, department) VALUES (new.id, new.name, new.phone, new.department);"
               " END;"
               "CREATE TRIGGER members_fts_ad AFTER DELETE ON members BEGIN"
               "  INSERT INTO members_fts(members_fts, rowid, name, phone, department) VALUES ('delete', old.id, old.name, old.phone, old.department);"
               " END;"
               "CREATE TRIGGER members_fts_au AFTER UPDATE OF name, phone, department ON members BEGIN"
               "  INSERT INTO members_fts(members_fts, rowid, name, phone, department) VALUES ('delete', old.id, old.name, old.phone, old.department);"
               "  INSERT INTO members_fts(rowid, name, phone, department) VALUES (new.id, new.name, new.phone, new.department);"
               " END;",
     /* The search is ILIKE '%q%' on name, department and phone; pg_trgm's GIN indexes serve it.
      * pg_trgm is a trusted extension (a database owner may create it); where it is missing or
      * not allowed, the search still works, by a scan bounded by the subtree. */
     .postgres = "DO $$ BEGIN"
                 "  CREATE EXTENSION IF NOT EXISTS pg_trgm;"
                 " EXCEPTION WHEN OTHERS THEN"
                 "  RAISE WARNING 'dangjian: pg_trgm unavailable (%), member search runs without an index', SQLERRM;"
                 " END $$;"
                 "DO $$ BEGIN"
                 "  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN"
                 "    CREATE INDEX members_name_trgm ON members USING gin (name gin_trgm_ops);"
                 "    CREATE INDEX members_department_trgm ON members USING gin (department gin_trgm_ops);"
                 "    CREATE INDEX members_phone_trgm ON members USING gin (phone gin_trgm_ops);"
                 "  END IF;"
                 " END $$;"},
    /* The member list reads live rows in tree order from one partial index (the subtree range,
     * the count and the default sort); a member's organisation is found by its path. */
    {.legacy_version = 2,
     .sql = "DROP INDEX members_org_path;"
            "DROP INDEX members_org;"
            "CREATE INDEX members_live_path ON members(org_path, id) WHERE deleted_at IS NULL;"
            "CREATE INDEX members_deleted_path ON members(org_path, id) WHERE deleted_at IS NOT NULL;"},
    /* The dashboard's figures of a subtree read one covering index instead of every row. */
    {.legacy_version = 3,
     .sql = "CREATE INDEX members_stats ON members(org_path, status, category, gender, birth_date, education)"
            " WHERE deleted_at IS NULL;"},
    /* The search: names and departments by any three characters; a phone or ID number whole
     * (searched only by those who see them). Phone numbers leave the trigram index, which they
     * filled three quarters of for substrings nobody types (it was a sixth of a 1M-row import),
     * for an ordinary index that finds a whole number. */
    {.sql = "CREATE INDEX members_phone ON members(phone);",
     .sqlite = "DROP TRIGGER members_fts_ai; DROP TRIGGER members_fts_ad; DROP TRIGGER members_fts_au;"
               "DROP TABLE members_fts;"
               "CREATE VIRTUAL TABLE members_fts USING fts5(name, department,"
               "  content='members', content_rowid='id', tokenize='trigram');"
               "CREATE TRIGGER members_fts_ai AFTER INSERT ON members BEGIN"
               "  INSERT INTO members_fts(rowid, name, department) VALUES (new.id, new.name, new.department);"
               " END;"
               "CREATE TRIGGER members_fts_ad AFTER DELETE ON members BEGIN"
               "  INSERT INTO members_fts(members_fts, rowid, name, department) VALUES ('delete', old.id, old.name, old.department);"
               " END;"
               "CREATE TRIGGER members_fts_au AFTER UPDATE OF name, department ON members BEGIN"
               "  INSERT INTO members_fts(members_fts, rowid, name, department) VALUES ('delete', old.id, old.name, old.department);"
               "  INSERT INTO members_fts(rowid, name, department) VALUES (new.id, new.name, new.department);"
               " END;"
               "INSERT INTO members_fts(members_fts) VALUES ('rebuild');",
     .postgres = "DROP INDEX IF EXISTS members_phone_trgm;"},
};

static const store_table tables[] = {
    {.name = "members", .key = "id", .identity = true, .object_type = "member", .org_path = true},
    {.name = "member_transfers", .key = "id", .identity = true},
};

const store_module members_store_module = {"members", steps, STORE_COUNT(steps), tables, STORE_COUNT(tables)};
