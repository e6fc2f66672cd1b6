#include "store/where.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void where_and(store_where *w, const char *condition, ...)
{
    int n = 0;
    for (const char *p = condition; *p; p++)
        n += *p == '?';
    if (w->nvalues + n > WHERE_MAX_VALUES) {
        fprintf(stderr, "where: more than %d values\n", WHERE_MAX_VALUES);
        abort();
    }
    buf_puts(&w->sql, w->sql.len ? " AND " : " WHERE ");
    buf_puts(&w->sql, condition);
    va_list ap;
    va_start(ap, condition);
    for (int i = 0; i < n; i++)
        w->values[w->nvalues++] = va_arg(ap, where_value);
    va_end(ap);
}

const char *where_keep(store_where *w, char *text)
{
    if (w->nkept == WHERE_MAX_KEPT) {
        fprintf(stderr, "where: more than %d kept texts\n", WHERE_MAX_KEPT);
        abort();
    }
    w->kept[w->nkept++] = text;
    return text;
}

const char *where_sql(const store_where *w)
{
    return w->sql.len ? w->sql.data : "";
}

int where_bind(const store_where *w, db_stmt *s, int first)
{
    for (int i = 0; i < w->nvalues; i++) {
        const where_value *v = &w->values[i];
        if (v->is_int)
            db_bind_int(s, first++, v->i);
        else
            db_bind_text(s, first++, v->text);
    }
    return first;
}

db_stmt *where_prepare(db *d, const store_where *w, const char *head, const char *tail, int first, int *next)
{
    buf sql = {0};
    buf_puts(&sql, head);
    buf_puts(&sql, where_sql(w));
    buf_puts(&sql, tail ? tail : "");
    db_stmt *s = db_prepare(d, sql.data);
    buf_free(&sql);
    int after = where_bind(w, s, first);
    if (next)
        *next = after;
    return s;
}

bool where_count(db *d, const store_where *w, const char *from, int64_t *total, dj_err *err)
{
    buf head = {0};
    buf_printf(&head, "SELECT COUNT(*) %s", from);
    db_stmt *s = where_prepare(d, w, head.data, NULL, 1, NULL);
    buf_free(&head);
    int rc = db_step(s, err);
    if (rc != 1)
        return rc == 0 ? dj_err_set(err, "internal", "", "COUNT(*) returned no row") : false;
    *total = db_col_int(s, 0);
    db_reset(s);
    return true;
}

void where_free(store_where *w)
{
    buf_free(&w->sql);
    for (int i = 0; i < w->nkept; i++)
        free(w->kept[i]);
    w->nkept = 0;
    w->nvalues = 0;
}
