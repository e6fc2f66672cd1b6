/* schema_tasks.c: yearly key tasks (项目化管理 + 清单化推进 + 责任化落实; DOMAIN.md §7, seed 002):
 * an organisation's tasks of a year, each with an owner (a member), a deadline, a status, the
 * progress reported when it has no milestones, and its milestones (rows of their own, replaced
 * as a list). A task carries the org_path of its organisation. After orgs and members. */
#include "store/module.h"

static const store_step steps[] = {
    {.sql = "CREATE TABLE tasks ("
            "  id {{id}},"
            "  org_id {{int}} NOT NULL REFERENCES orgs(id),"
            "  org_path {{path}} NOT NULL,"
            "  year {{int}} NOT NULL, title TEXT NOT NULL,"
            "  owner_member_id {{int}} NOT NULL REFERENCES members(id),"
            "  deadline TEXT NOT NULL, status TEXT NOT NULL, progress {{int}} NOT NULL DEFAULT 0,"
            "  note TEXT,"
            "  deleted_at TEXT, version {{int}} NOT NULL DEFAULT 1,"
            "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
            "CREATE INDEX tasks_path ON tasks(org_path, year) WHERE deleted_at IS NULL;"
            "CREATE INDEX tasks_open ON tasks(deadline) WHERE deleted_at IS NULL AND status IN ('planned', 'ongoing');"
            "CREATE TABLE task_milestones ("
            "  task_id {{int}} NOT NULL REFERENCES tasks(id),"
            "  seq {{int}} NOT NULL,"
            "  title TEXT NOT NULL, due_on TEXT NOT NULL, done_on TEXT, evidence TEXT,"
            "  PRIMARY KEY (task_id, seq));"
            "CREATE INDEX task_milestones_due ON task_milestones(due_on) WHERE done_on IS NULL;"},
    /* A task's evidence (佐证材料: photos, scans, PDFs; store/files.h). */
    {.sql = "CREATE TABLE task_files ("
            "  id {{id_once}},"
            "  task_id {{int}} NOT NULL REFERENCES tasks(id),"
            "  name TEXT NOT NULL, content_type TEXT NOT NULL, size {{int}} NOT NULL, sha256 TEXT NOT NULL,"
            "  data {{blob}} NOT NULL, created_at TEXT NOT NULL, created_by TEXT);"
            "CREATE INDEX task_files_task ON task_files(task_id, id);"},
};

static const store_table tables[] = {
    {.name = "tasks", .key = "id", .identity = true, .object_type = "task", .org_path = true},
    {.name = "task_milestones", .key = "task_id, seq"},
    {.name = "task_files", .key = "id", .identity = true, .object_type = "task_file"},
};

const store_module tasks_store_module = {"tasks", steps, STORE_COUNT(steps), tables, STORE_COUNT(tables)};
