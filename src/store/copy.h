/* copy.h: every table of one database into another, empty one, and the check that both hold the
 * same rows (row counts and SHA-256 over the values in primary-key order). */
#ifndef DJ_STORE_COPY_H
#define DJ_STORE_COPY_H

#include "store/db.h"

/* Every table of src is one this binary knows (prints which is not, naming src by label). */
bool copy_tables_known(db *src, const char *label);
/* dst holds no rows in any table (prints the first that does). */
bool copy_target_empty(db *dst, const char *label);
/* One read snapshot of src for the copy and the check. */
bool copy_begin_snapshot(db *src, dj_err *err);
void copy_end_snapshot(db *src);
/* Copies every table in one transaction of dst (ids kept; PostgreSQL sequences moved past them),
 * printing a line per table. On failure dst is left unchanged by the caller's rollback. */
bool copy_all(db *src, db *dst, dj_err *err);
/* Compares every table of src and dst and prints the table of results; true when all match. */
bool copy_verify(db *src, db *dst);

#endif
