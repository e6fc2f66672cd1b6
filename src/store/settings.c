/* settings.c: the settings table (settings.h). */
#include "store/settings.h"

#include <stdlib.h>
#include <string.h>

bool setting_get(db *d, const char *key, char **value, dj_err *err)
{
    *value = NULL;
    db_stmt *s = db_prepare(d, "SELECT value FROM settings WHERE key = ?");
    db_bind_text(s, 1, key);
    int rc = db_step(s, err);
    if (rc == 1) {
        *value = strdup(db_col_text(s, 0));
        db_reset(s);
    }
    return rc >= 0;
}

bool setting_put(db *d, const char *key, const char *value, dj_err *err)
{
    db_stmt *s = db_prepare(d, "INSERT INTO settings (key, value) VALUES (?, ?)"
                               " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    db_bind_text(s, 1, key);
    db_bind_text(s, 2, value);
    return db_run(s, err);
}
