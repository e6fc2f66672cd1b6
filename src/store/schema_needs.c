/* schema_needs.c: the public's needs by QR code (需求"码"上提; DOMAIN.md §7, seed 002). An
 * institution's poster token (a table of its own: a secret the institution's row must not hold),
 * the needs filed through it (scope: the organisations covering the institution), what is
 * personal or large in tables of their own (the contact phone and the photo: the audit log copies
 * the need's row), the replies, the milestones of 倒排工期, and the throttle's records and the
 * proof of work's single-use challenges. After the institutions and accounts they refer to. */
#include "store/module.h"

static const store_step steps[] = {
    {.sql = "CREATE TABLE need_posters ("
            "  institution_id {{int}} PRIMARY KEY REFERENCES institutions(id),"
            "  token TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
            "CREATE TABLE needs ("
            "  id {{id}},"
            "  institution_id {{int}} NOT NULL REFERENCES institutions(id),"
            "  ticket TEXT NOT NULL UNIQUE,"
            "  category TEXT NOT NULL, description TEXT NOT NULL,"
            "  status TEXT NOT NULL, grade TEXT, mode TEXT,"
            "  received_on TEXT NOT NULL, graded_on TEXT, due_on TEXT, solved_on TEXT, solution TEXT,"
            "  assignee_user_id {{int}} REFERENCES users(id),"
            "  deleted_at TEXT, version {{int}} NOT NULL DEFAULT 1,"
            "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
            "CREATE INDEX needs_institution ON needs(institution_id, id);"
            "CREATE INDEX needs_status ON needs(status, due_on);"
            "CREATE TABLE need_contacts ("
            "  need_id {{int}} PRIMARY KEY REFERENCES needs(id), contact TEXT NOT NULL);"
            "CREATE TABLE need_photos ("
            "  need_id {{int}} PRIMARY KEY REFERENCES needs(id),"
            "  content_type TEXT NOT NULL, size {{int}} NOT NULL, sha256 TEXT NOT NULL,"
            "  data {{blob}} NOT NULL, created_at TEXT NOT NULL);"
            "CREATE TABLE need_replies ("
            "  id {{id}},"
            "  need_id {{int}} NOT NULL REFERENCES needs(id),"
            "  body TEXT NOT NULL, public {{int}} NOT NULL,"
            "  author_user_id {{int}} REFERENCES users(id), author_name TEXT,"
            "  created_at TEXT NOT NULL);"
            "CREATE INDEX need_replies_need ON need_replies(need_id, id);"
            "CREATE TABLE need_milestones ("
            "  need_id {{int}} NOT NULL REFERENCES needs(id),"
            "  seq {{int}} NOT NULL,"
            "  title TEXT NOT NULL, due_on TEXT NOT NULL, done_on TEXT,"
            "  PRIMARY KEY (need_id, seq));"
            "CREATE TABLE need_challenges ("
            "  challenge TEXT PRIMARY KEY,"
            "  institution_id {{int}} NOT NULL REFERENCES institutions(id),"
            "  expires_at {{int}} NOT NULL);"
            "CREATE INDEX need_challenges_expiry ON need_challenges(expires_at);"
            "CREATE TABLE need_hits (key TEXT NOT NULL, at {{int}} NOT NULL);"
            "CREATE INDEX need_hits_key ON need_hits(key, at);"},
};

static const store_table tables[] = {
    {.name = "need_posters", .key = "institution_id"},
    {.name = "needs", .key = "id", .identity = true, .object_type = "need"},
    {.name = "need_contacts", .key = "need_id"},
    {.name = "need_photos", .key = "need_id"},
    {.name = "need_replies", .key = "id", .identity = true, .object_type = "need_reply"},
    {.name = "need_milestones", .key = "need_id, seq"},
    {.name = "need_challenges", .key = "challenge", .key_pg = "challenge COLLATE \"C\""},
    {.name = "need_hits", .key = "key, at", .key_pg = "key COLLATE \"C\", at"},
};

const store_module needs_store_module = {"needs", steps, STORE_COUNT(steps), tables, STORE_COUNT(tables)};
