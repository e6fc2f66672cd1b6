/* json.h: small helpers over jansson for reading request bodies. */
#ifndef DJ_JSON_H
#define DJ_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* The string at key, or NULL when absent, null, or not a string. */
const char *json_str(const json_t *o, const char *key);
/* The integer at key into *out; false when absent or not an integer. */
bool json_int(const json_t *o, const char *key, int64_t *out);
/* Depth of nesting of v (1 for a scalar). */
int json_depth(const json_t *v);
/* Serialises compactly; caller frees. */
char *json_compact(const json_t *v);

struct buf;
/* Appends s (UTF-8, NUL-terminated) to out as a JSON string literal: quotes, backslashes and
 * control characters escaped, everything else (multi-byte UTF-8 too) copied as it is. */
void json_write_string(struct buf *out, const char *s);

#endif
