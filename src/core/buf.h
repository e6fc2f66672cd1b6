/* buf.h: a growable byte buffer (always NUL-terminated). Owns its memory; buf_free releases it. */
#ifndef DJ_BUF_H
#define DJ_BUF_H

#include <stddef.h>

typedef struct buf {
    char *data;
    size_t len, cap;
} buf;

void buf_append(buf *b, const void *p, size_t n);
void buf_puts(buf *b, const char *s);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the data to the caller (who frees it) and resets b. Never NULL. */
char *buf_steal(buf *b, size_t *len);
void buf_free(buf *b);

#endif
