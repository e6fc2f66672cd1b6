/* arena.h: a per-request bump allocator. Everything allocated from an arena is freed at once by
 * arena_free(). Allocation never returns NULL: out of memory aborts, so callers stay short. */
#ifndef DJ_ARENA_H
#define DJ_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena_chunk arena_chunk;
typedef struct arena {
    arena_chunk *head;
} arena;

/* Returns size bytes aligned for any type; zeroed. */
void *arena_alloc(arena *a, size_t size);
/* Copies n bytes of s and a NUL. s may be NULL (returns NULL). */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
/* printf into the arena. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees every chunk; the arena can be used again afterwards. */
void arena_free(arena *a);

/* malloc/realloc that abort instead of returning NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
