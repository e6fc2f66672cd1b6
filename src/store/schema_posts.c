/* schema_posts.c: pioneer posts (党员先锋岗) and members' badges (亮牌上岗; DOMAIN.md §7, seed 002).
 * A post belongs to an institution and carries the org_path of the organisation covering it that
 * runs it (its scope); the members on duty are rows of their own. A badge is one row per member:
 * its random token (the public page's address, a new one each time it is switched on again), and
 * the photo the member chose (bytes, JPEG or PNG), served only while the badge is on. After the
 * members and the institutions. */
#include "store/module.h"

static const store_step steps[] = {
    {.sql = "CREATE TABLE pioneer_posts ("
            "  id {{id}},"
            "  name TEXT NOT NULL,"
            "  institution_id {{int}} NOT NULL REFERENCES institutions(id),"
            "  org_id {{int}} NOT NULL REFERENCES orgs(id),"
            "  org_path {{path}} NOT NULL,"
            "  department TEXT, place TEXT, started_on TEXT, note TEXT,"
            "  deleted_at TEXT, version {{int}} NOT NULL DEFAULT 1,"
            "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
            "CREATE INDEX pioneer_posts_path ON pioneer_posts(org_path, id) WHERE deleted_at IS NULL;"
            "CREATE INDEX pioneer_posts_institution ON pioneer_posts(institution_id);"
            "CREATE TABLE pioneer_post_members ("
            "  post_id {{int}} NOT NULL REFERENCES pioneer_posts(id),"
            "  member_id {{int}} NOT NULL REFERENCES members(id),"
            "  seq {{int}} NOT NULL,"
            "  PRIMARY KEY (post_id, member_id));"
            "CREATE INDEX pioneer_post_members_member ON pioneer_post_members(member_id);"
            "CREATE TABLE member_badges ("
            "  member_id {{int}} PRIMARY KEY REFERENCES members(id),"
            "  token TEXT NOT NULL, enabled {{int}} NOT NULL DEFAULT 0,"
            "  photo {{blob}}, photo_type TEXT,"
            "  updated_at TEXT NOT NULL);"
            "CREATE UNIQUE INDEX member_badges_token ON member_badges(token);"},
};

static const store_table tables[] = {
    {.name = "pioneer_posts", .key = "id", .identity = true, .object_type = "pioneer_post", .org_path = true},
    {.name = "pioneer_post_members", .key = "post_id, member_id"},
    {.name = "member_badges", .key = "member_id"},
};

const store_module posts_store_module = {"posts", steps, STORE_COUNT(steps), tables, STORE_COUNT(tables)};
