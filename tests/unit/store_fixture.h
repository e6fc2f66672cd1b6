/* store_fixture.h: a fresh, migrated SQLite database for a unit test of store/ (one per test
 * program, in /tmp, named after the program and its pid), removed with its -wal and -shm files. */
#ifndef DJ_STORE_FIXTURE_H
#define DJ_STORE_FIXTURE_H

#include "store/schema.h"
#include "store/store.h"

#include <stdio.h>
#include <unistd.h>

static char fixture_path[80];

/* Opens the database (the name tells the test programs' files apart); NULL on failure. */
static inline db *fixture_open(const char *name)
{
    snprintf(fixture_path, sizeof fixture_path, "/tmp/dj-%s-%d.db", name, (int)getpid());
    unlink(fixture_path);
    dj_err err;
    db *d = db_open(fixture_path, &err);
    if (d && !schema_migrate(d, &err)) {
        db_close(d);
        d = NULL;
    }
    return d;
}

static inline void fixture_close(db *d)
{
    db_close(d);
    char side[96];
    unlink(fixture_path);
    snprintf(side, sizeof side, "%s-wal", fixture_path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", fixture_path);
    unlink(side);
}

#endif
