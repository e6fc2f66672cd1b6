/* schema.h: the migrations of the store's modules (module.h) and their bookkeeping (schema.c). */
#ifndef DJ_SCHEMA_H
#define DJ_SCHEMA_H

#include "store/db.h"
#include "store/module.h"

/* Applies every step of every registered module that the database has not applied, each in its
 * own transaction, after carrying over the books of a database migrated before the modules
 * kept their own (schema.c). Returns false + err if one fails (that one is rolled back; earlier
 * ones stay), or when the database has steps this binary does not know (a newer binary's). */
bool schema_migrate(db *d, dj_err *err);

/* The migration state of d without changing it: *current when every step this binary knows is
 * applied (and no other); *applied (malloc'd, never NULL on success) lists what d recorded, as
 * "module:step ..." in a fixed order, so two databases in the same state have the same text.
 * A database without the books is not current, with *applied "". */
bool schema_state(db *d, bool *current, char **applied, dj_err *err);

/* The SQL of a step for a dialect, substitutions made (malloc'd). */
char *schema_step_sql(const store_step *step, db_dialect dialect);
/* The number of steps of all registered modules. */
size_t schema_step_count(void);
/* Whether d has a table of that name (in the current schema, on PostgreSQL). */
bool schema_table_exists(db *d, const char *table, bool *exists, dj_err *err);

#endif
