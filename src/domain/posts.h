/* posts.h: pioneer posts and party identity at work (党员先锋岗, 亮牌上岗; DOMAIN.md §7, seed 002:
 * "大力推行党员医生亮牌上岗, 设立党员先锋岗便民服务台、流动引导员示范岗50个"). Pure rules: the
 * members on duty at a post, the badge's token and the whitelist of what its public page shows. */
#ifndef DJ_POSTS_H
#define DJ_POSTS_H

#include "core/err.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* At most this many members on duty at one post. */
#define POST_MEMBERS_MAX 50

/* The members on duty: at most POST_MEMBERS_MAX, each a positive id, none twice. err's field is
 * "member_ids". */
bool post_members_check(const int64_t *ids, size_t n, dj_err *err);

/* A badge token: 32 lowercase hexadecimal digits (128 random bits), nothing else. Anything else
 * (longer, shorter, other characters, a path) is no token: the public page answers 404 without
 * reading the database. */
#define BADGE_TOKEN_LEN 32
bool badge_token_valid(const char *s);

/* The badge's public page shows exactly these keys and nothing else: name, institution,
 * department, title, identity ("共产党员"), posts (names of the pioneer posts), photo (its URL or
 * null). NULL-terminated. */
extern const char *const badge_public_keys[];

/* The public view of a member's badge built from src (which may hold anything: the member's
 * whole file): only the keys of badge_public_keys, strings (or null) except posts (an array of
 * strings); "identity" is always "共产党员". A new object. */
json_t *badge_public_view(const json_t *src);

#endif
