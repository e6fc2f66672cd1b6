/* schema.h: versioned migrations. */
#ifndef DJ_SCHEMA_H
#define DJ_SCHEMA_H

#include "store/db.h"

/* Applies every migration newer than the database's version, each in its own transaction.
 * Returns false + err if one fails (that one is rolled back; earlier ones stay). */
bool schema_migrate(db *d, dj_err *err);

/* The newest version this binary knows. */
int schema_latest(void);

#endif
