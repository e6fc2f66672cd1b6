/* settings.h: the installation's settings, key and value (the settings table). A module keeps
 * its settings under keys of its own ("compliance", ...) as JSON text it reads and checks itself. */
#ifndef DJ_STORE_SETTINGS_H
#define DJ_STORE_SETTINGS_H

#include "store/store.h"

/* The value under key (malloc'd) into *value, NULL when there is none; false + err when the
 * database cannot be read. */
bool setting_get(db *d, const char *key, char **value, dj_err *err);
/* Sets key to value (inserted or replaced), inside the caller's transaction if any. */
bool setting_put(db *d, const char *key, const char *value, dj_err *err);

#endif
