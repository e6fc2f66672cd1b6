#include "err.h"

#include <stdio.h>
#include <string.h>

bool dj_err_set(dj_err *err, const char *code, const char *field, const char *fmt, ...)
{
    if (!err)
        return false;
    snprintf(err->code, sizeof err->code, "%s", code ? code : "");
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return false;
}

void dj_err_clear(dj_err *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}
