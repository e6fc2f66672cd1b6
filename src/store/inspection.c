/* inspection.c: the member files of a subtree for the inspection report (inspection.h). */
#include "store/inspection.h"

json_t *inspection_member_files_e(db *d, const char *path, dj_err *err)
{
    char upper[300];
    store_path_upper(path, upper, sizeof upper);
    db_stmt *s = db_prepare(d, "SELECT m.id, m.name, m.category, o.name AS org_name, m.ethnicity, m.phone, m.education,"
                               " m.department, m.joined_on, m.full_on FROM members m JOIN orgs o ON o.id = m.org_id"
                               " WHERE m.org_path >= ? AND m.org_path < ? AND m.deleted_at IS NULL"
                               " AND m.status NOT IN ('transferred_out', 'deceased') ORDER BY m.id");
    db_bind_text(s, 1, path);
    db_bind_text(s, 2, upper);
    return db_rows_json(s, NULL, err);
}
