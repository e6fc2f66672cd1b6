/* err.h: the error every fallible function fills. A code for machines, the field at fault,
 * and a message for people (Chinese first, as the users read it). */
#ifndef DJ_ERR_H
#define DJ_ERR_H

#include <stdarg.h>
#include <stdbool.h>

typedef struct dj_err {
    char code[32];     /* "validation", "not_found", "conflict", ... (see docs/API.md) */
    char field[48];    /* the JSON field at fault, or "" */
    char message[256]; /* for people */
} dj_err;

/* Fills err (if not NULL) and returns false, so callers can `return dj_err_set(...)`. */
bool dj_err_set(dj_err *err, const char *code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Clears err to the empty state. */
void dj_err_clear(dj_err *err);

#endif
