/* schema.c: the migrations, oldest first. Never edit a migration that has shipped: add one. */
#include "schema.h"

#include "store/store.h"

#include <stdio.h>

static const char *const migrations[] = {
    /* 1: organisations, institutions, members, users, sessions, audit */
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
};

int schema_latest(void)
{
    return (int)(sizeof migrations / sizeof migrations[0]);
}

bool schema_migrate(db *d, dj_err *err)
{
    if (!db_exec(d, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)", err))
        return false;
    int current = 0;
    db_stmt *s = db_prepare(d, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (db_step(s, err) == 1)
        current = (int)db_col_int(s, 0);
    db_step(s, NULL);
    if (current > schema_latest())
        return dj_err_set(err, "internal", "", "数据库版本 %d 比本程序 (%d) 新，请升级 dangjian", current, schema_latest());
    for (int v = current + 1; v <= schema_latest(); v++) {
        if (!db_begin(d, err))
            return false;
        if (!db_exec(d, migrations[v - 1], err)) {
            db_rollback(d);
            return false;
        }
        db_stmt *ins = db_prepare(d, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
        char now[32];
        store_now(now);
        db_bind_int(ins, 1, v);
        db_bind_text(ins, 2, now);
        if (!db_run(ins, err) || !db_commit(d, err)) {
            db_rollback(d);
            return false;
        }
    }
    return true;
}
