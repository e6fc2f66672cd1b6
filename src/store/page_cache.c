/* page_cache.c: rendered answers of read-only requests (a page of the member list, a
 * dashboard), kept per database connection and served again only while the database has not
 * changed at all since they were rendered: any write, by this connection or by any other
 * process, makes every entry stale. Bounded: a few slots per connection, each body at most
 * PAGE_MAX bytes, the least recently used slot replaced. */
#include "store/db_impl.h"

#include "core/arena.h"
#include "core/buf.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

enum { SLOTS_MAX = 256, PAGE_MAX = 256 * 1024 };

typedef struct slot {
    char *key, *body;
    size_t len;
    uint64_t gen[2];
    unsigned long used;
} slot;

struct page_cache {
    int nslots;
    unsigned long tick;
    bool have_gen; /* gen below was read by the last db_cache_get */
    uint64_t gen[2];
    slot s[];
};

static atomic_int configured_slots = 32;

void db_cache_configure(int slots)
{
    atomic_store(&configured_slots, slots < 0 ? 0 : slots > SLOTS_MAX ? SLOTS_MAX : slots);
}

static struct page_cache *cache_of(db *d)
{
    if (!d->cache) {
        int n = atomic_load(&configured_slots);
        if (n == 0 || !d->ops->data_version)
            return NULL;
        d->cache = xcalloc(1, sizeof *d->cache + (size_t)n * sizeof(slot));
        d->cache->nslots = n;
    }
    return d->cache;
}

void db_cache_free(db *d)
{
    struct page_cache *c = d->cache;
    if (!c)
        return;
    for (int i = 0; i < c->nslots; i++) {
        free(c->s[i].key);
        free(c->s[i].body);
    }
    free(c);
    d->cache = NULL;
}

bool db_cache_get(db *d, const char *key, buf *out)
{
    struct page_cache *c = cache_of(d);
    if (!c)
        return false;
    c->have_gen = d->ops->data_version(d, c->gen);
    if (!c->have_gen)
        return false;
    for (int i = 0; i < c->nslots; i++) {
        slot *s = &c->s[i];
        if (s->key && strcmp(s->key, key) == 0) {
            if (s->gen[0] != c->gen[0] || s->gen[1] != c->gen[1])
                return false; /* stale: db_cache_put replaces it */
            s->used = ++c->tick;
            buf_append(out, s->body, s->len);
            return true;
        }
    }
    return false;
}

void db_cache_put(db *d, const char *key, const char *data, size_t len)
{
    struct page_cache *c = d->cache;
    if (!c || !c->have_gen || len > PAGE_MAX)
        return;
    c->have_gen = false; /* one put per get: the generation read before this answer was built */
    slot *s = NULL;
    for (int i = 0; i < c->nslots && !s; i++)
        if (c->s[i].key && strcmp(c->s[i].key, key) == 0)
            s = &c->s[i];
    for (int i = 0; i < c->nslots && !s; i++)
        if (!c->s[i].key)
            s = &c->s[i];
    if (!s) {
        s = &c->s[0];
        for (int i = 1; i < c->nslots; i++)
            if (c->s[i].used < s->used)
                s = &c->s[i];
    }
    if (!s->key || strcmp(s->key, key) != 0) {
        free(s->key);
        s->key = xstrdup(key);
    }
    free(s->body);
    s->body = xmalloc(len ? len : 1);
    memcpy(s->body, data, len);
    s->len = len;
    s->gen[0] = c->gen[0];
    s->gen[1] = c->gen[1];
    s->used = ++c->tick;
}
