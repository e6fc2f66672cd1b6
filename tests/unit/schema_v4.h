/* schema_v4.h: the migrations 1-4 exactly as they shipped (src/store/schema.c before the
 * modules kept their own steps), each written for SQLite and for PostgreSQL. A test fixture: the
 * schema the registry's steps must still produce, and the databases they must upgrade. */
#ifndef DJ_SCHEMA_V4_H
#define DJ_SCHEMA_V4_H

typedef struct schema_v4_migration {
    const char *sqlite;
    const char *postgres;
} schema_v4_migration;

static const schema_v4_migration schema_v4[] = {
    /* 1: organisations, institutions, members, users, sessions, audit */
    {.sqlite =
    "CREATE TABLE orgs ("
    "  id INTEGER PRIMARY KEY,"
    "  parent_id INTEGER REFERENCES orgs(id),"
    "  name TEXT NOT NULL,"
    "  type TEXT NOT NULL,"
    "  path TEXT NOT NULL," /* '/1/5/23/': the ids from the root; a subtree is a path prefix */
    "  departments TEXT NOT NULL DEFAULT '[]',"
    "  established_on TEXT, term_start TEXT, term_end TEXT,"
    "  deleted_at TEXT,"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
    "CREATE INDEX orgs_parent ON orgs(parent_id);"
    "CREATE UNIQUE INDEX orgs_path ON orgs(path);"
    "CREATE TABLE institutions ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  credit_code TEXT UNIQUE,"
    "  ownership TEXT NOT NULL, kind TEXT NOT NULL, grade TEXT, district TEXT, address TEXT,"
    "  latitude REAL, longitude REAL, staff_count INTEGER,"
    "  deleted_at TEXT, version INTEGER NOT NULL DEFAULT 1,"
    "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
    "CREATE TABLE org_institutions ("
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  institution_id INTEGER NOT NULL REFERENCES institutions(id),"
    "  PRIMARY KEY (org_id, institution_id));"
    "CREATE INDEX org_institutions_inst ON org_institutions(institution_id);"
    "CREATE TABLE members ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL, gender TEXT NOT NULL, ethnicity TEXT, birth_date TEXT NOT NULL,"
    "  id_number TEXT NOT NULL, phone TEXT, education TEXT, title TEXT, department TEXT, position TEXT,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  org_path TEXT NOT NULL," /* a copy of orgs.path, so a subtree's members are one index range */
    "  category TEXT NOT NULL, status TEXT NOT NULL, joined_on TEXT, full_on TEXT,"
    "  tags TEXT NOT NULL DEFAULT '[]',"
    "  deleted_at TEXT, version INTEGER NOT NULL DEFAULT 1,"
    "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
    "CREATE UNIQUE INDEX members_id_number ON members(id_number);"
    "CREATE INDEX members_org_path ON members(org_path, id);"
    "CREATE INDEX members_org ON members(org_id);"
    "CREATE VIRTUAL TABLE members_fts USING fts5(name, phone, department,"
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
    " END;"
    "CREATE TABLE member_transfers ("
    "  id INTEGER PRIMARY KEY,"
    "  member_id INTEGER NOT NULL REFERENCES members(id),"
    "  from_org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  to_org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  transfer_date TEXT NOT NULL, reason TEXT,"
    "  by_user TEXT, at TEXT NOT NULL);"
    "CREATE INDEX member_transfers_member ON member_transfers(member_id);"
    "CREATE TABLE org_committee ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  name TEXT NOT NULL, member_id INTEGER REFERENCES members(id),"
    "  position TEXT NOT NULL, term_start TEXT, term_end TEXT, sort INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX org_committee_org ON org_committee(org_id);"
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,"
    "  role TEXT NOT NULL,"
    "  org_id INTEGER REFERENCES orgs(id), member_id INTEGER REFERENCES members(id),"
    "  password_hash TEXT NOT NULL,"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
    "CREATE TABLE sessions ("
    "  token_hash TEXT PRIMARY KEY," /* only the hash of the cookie's token is stored */
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  csrf_token TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);"
    "CREATE INDEX sessions_user ON sessions(user_id);"
    "CREATE TABLE login_failures (key TEXT NOT NULL, at INTEGER NOT NULL);"
    "CREATE INDEX login_failures_key ON login_failures(key, at);"
    "CREATE TABLE audit_log ("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL, user_id INTEGER, username TEXT,"
    "  action TEXT NOT NULL, object_type TEXT NOT NULL, object_id INTEGER,"
    "  before TEXT, after TEXT,"
    "  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
    "CREATE INDEX audit_object ON audit_log(object_type, object_id);"
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    /* Ids are GENERATED BY DEFAULT so that `dangjian copy` can insert them (and then resets the
     * sequences). Paths compare byte-wise (COLLATE "C"), as SQLite does: a subtree is the range
     * [path, upper) of store_path_upper, which a linguistic collation would break. Foreign keys
     * are as in SQLite; integers are BIGINT, as SQLite's are 64-bit. */
    .postgres =
    "CREATE TABLE orgs ("
    "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
    "  parent_id BIGINT REFERENCES orgs(id),"
    "  name TEXT NOT NULL,"
    "  type TEXT NOT NULL,"
    "  path TEXT COLLATE \"C\" NOT NULL,"
    "  departments TEXT NOT NULL DEFAULT '[]',"
    "  established_on TEXT, term_start TEXT, term_end TEXT,"
    "  deleted_at TEXT,"
    "  version BIGINT NOT NULL DEFAULT 1,"
    "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
    "CREATE INDEX orgs_parent ON orgs(parent_id);"
    "CREATE UNIQUE INDEX orgs_path ON orgs(path);"
    "CREATE TABLE institutions ("
    "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  credit_code TEXT UNIQUE,"
    "  ownership TEXT NOT NULL, kind TEXT NOT NULL, grade TEXT, district TEXT, address TEXT,"
    "  latitude DOUBLE PRECISION, longitude DOUBLE PRECISION, staff_count BIGINT,"
    "  deleted_at TEXT, version BIGINT NOT NULL DEFAULT 1,"
    "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
    "CREATE TABLE org_institutions ("
    "  org_id BIGINT NOT NULL REFERENCES orgs(id),"
    "  institution_id BIGINT NOT NULL REFERENCES institutions(id),"
    "  PRIMARY KEY (org_id, institution_id));"
    "CREATE INDEX org_institutions_inst ON org_institutions(institution_id);"
    "CREATE TABLE members ("
    "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
    "  name TEXT NOT NULL, gender TEXT NOT NULL, ethnicity TEXT, birth_date TEXT NOT NULL,"
    "  id_number TEXT NOT NULL, phone TEXT, education TEXT, title TEXT, department TEXT, position TEXT,"
    "  org_id BIGINT NOT NULL REFERENCES orgs(id),"
    "  org_path TEXT COLLATE \"C\" NOT NULL,"
    "  category TEXT NOT NULL, status TEXT NOT NULL, joined_on TEXT, full_on TEXT,"
    "  tags TEXT NOT NULL DEFAULT '[]',"
    "  deleted_at TEXT, version BIGINT NOT NULL DEFAULT 1,"
    "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
    "CREATE UNIQUE INDEX members_id_number ON members(id_number);"
    "CREATE INDEX members_org_path ON members(org_path, id);"
    "CREATE INDEX members_org ON members(org_id);"
    /* The search is ILIKE '%q%' on name, department and phone; pg_trgm's GIN indexes serve it.
     * pg_trgm is a trusted extension (a database owner may create it); where it is missing or
     * not allowed, the search still works, by a scan bounded by the subtree. */
    "DO $$ BEGIN"
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
    " END $$;"
    "CREATE TABLE member_transfers ("
    "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
    "  member_id BIGINT NOT NULL REFERENCES members(id),"
    "  from_org_id BIGINT NOT NULL REFERENCES orgs(id),"
    "  to_org_id BIGINT NOT NULL REFERENCES orgs(id),"
    "  transfer_date TEXT NOT NULL, reason TEXT,"
    "  by_user TEXT, at TEXT NOT NULL);"
    "CREATE INDEX member_transfers_member ON member_transfers(member_id);"
    "CREATE TABLE org_committee ("
    "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
    "  org_id BIGINT NOT NULL REFERENCES orgs(id),"
    "  name TEXT NOT NULL, member_id BIGINT REFERENCES members(id),"
    "  position TEXT NOT NULL, term_start TEXT, term_end TEXT, sort BIGINT NOT NULL DEFAULT 0);"
    "CREATE INDEX org_committee_org ON org_committee(org_id);"
    "CREATE TABLE users ("
    "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
    "  username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,"
    "  role TEXT NOT NULL,"
    "  org_id BIGINT REFERENCES orgs(id), member_id BIGINT REFERENCES members(id),"
    "  password_hash TEXT NOT NULL,"
    "  disabled BIGINT NOT NULL DEFAULT 0,"
    "  version BIGINT NOT NULL DEFAULT 1,"
    "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
    "CREATE TABLE sessions ("
    "  token_hash TEXT PRIMARY KEY,"
    "  user_id BIGINT NOT NULL REFERENCES users(id),"
    "  csrf_token TEXT NOT NULL,"
    "  created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL);"
    "CREATE INDEX sessions_user ON sessions(user_id);"
    "CREATE TABLE login_failures (key TEXT NOT NULL, at BIGINT NOT NULL);"
    "CREATE INDEX login_failures_key ON login_failures(key, at);"
    "CREATE TABLE audit_log ("
    "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
    "  at TEXT NOT NULL, user_id BIGINT, username TEXT,"
    "  action TEXT NOT NULL, object_type TEXT NOT NULL, object_id BIGINT,"
    "  before TEXT, after TEXT,"
    "  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
    "CREATE INDEX audit_object ON audit_log(object_type, object_id);"
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);"},
    /* 2: the member list reads live rows in tree order from one partial index (the subtree range,
     * the count and the default sort); a member's organisation is found by its path. */
    {.sqlite =
    "DROP INDEX members_org_path;"
    "DROP INDEX members_org;"
    "CREATE INDEX members_live_path ON members(org_path, id) WHERE deleted_at IS NULL;"
    "CREATE INDEX members_deleted_path ON members(org_path, id) WHERE deleted_at IS NOT NULL;",
    .postgres =
    "DROP INDEX members_org_path;"
    "DROP INDEX members_org;"
    "CREATE INDEX members_live_path ON members(org_path, id) WHERE deleted_at IS NULL;"
    "CREATE INDEX members_deleted_path ON members(org_path, id) WHERE deleted_at IS NOT NULL;"},
    /* 3: the dashboard's figures of a subtree read one covering index instead of every row. */
    {.sqlite =
    "CREATE INDEX members_stats ON members(org_path, status, category, gender, birth_date, education)"
    " WHERE deleted_at IS NULL;",
    .postgres =
    "CREATE INDEX members_stats ON members(org_path, status, category, gender, birth_date, education)"
    " WHERE deleted_at IS NULL;"},
    /* 4: who registered an institution that no organisation covers yet: the org path of the
     * registering account's scope. Until an organisation covers it, only accounts whose scope holds
     * that path (and administrators) change it. */
    {.sqlite = "ALTER TABLE institutions ADD COLUMN owner_path TEXT;",
     .postgres = "ALTER TABLE institutions ADD COLUMN owner_path TEXT;"},
};

enum { SCHEMA_V4_COUNT = sizeof schema_v4 / sizeof schema_v4[0] };

#endif
