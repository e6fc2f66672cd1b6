/* inspection.h: what the inspection report (查阅会议登记本、党员档案、活动记录, seed 001) reads that no
 * other module reads: the member files of a subtree, field by field. */
#ifndef DJ_STORE_INSPECTION_H
#define DJ_STORE_INSPECTION_H

#include "store/store.h"

/* The live members of the subtree at path still on its register (not transferred out, not
 * deceased), by id: [{id, name, category, org_name, ethnicity, phone, education, department,
 * joined_on, full_on}]; NULL + err when the database cannot be read. */
json_t *inspection_member_files_e(db *d, const char *path, dj_err *err);

#endif
