/* buf.h: a growable byte buffer (always NUL-terminated). Owns its memory; buf_free releases it. */
#ifndef DJ_BUF_H
#define DJ_BUF_H

#include <stddef.h>

typedef struct buf {
    char *data;
    size_t len, cap;
} buf;

#include <string.h>

/* Makes room for extra more bytes (and the NUL). */
void buf_grow(buf *b, size_t extra);

/* Appends n bytes. Inline: the member list appends many small pieces per row. */
static inline void buf_append(buf *b, const void *p, size_t n)
{
    if (b->len + n + 1 > b->cap)
        buf_grow(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}
void buf_puts(buf *b, const char *s);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the data to the caller (who frees it) and resets b. Never NULL. */
char *buf_steal(buf *b, size_t *len);
void buf_free(buf *b);

#endif
