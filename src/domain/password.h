/* password.h: what a user's password must be (docs/API.md §Users). */
#ifndef DJ_PASSWORD_H
#define DJ_PASSWORD_H

#include <stdbool.h>

#include "core/err.h"

#define PASSWORD_MIN_BYTES 10
#define PASSWORD_MAX_BYTES 128

/* Accepts pw if it is 10 to 128 bytes long, contains at least one ASCII letter and at least one
 * ASCII digit, and does not contain username (compared ignoring ASCII case; skipped when
 * username is NULL or ""). Otherwise fills err with code "validation", field "password" and a
 * Chinese message (never echoing the password), and returns false. NULL pw is rejected. */
bool password_acceptable(const char *pw, const char *username, dj_err *err);

#define USERNAME_MIN_BYTES 2
#define USERNAME_MAX_BYTES 32

/* Accepts a user name of 2 to 32 characters, each an ASCII letter, digit, '_', '.', '-' or '@'
 * (a login name typed on any keyboard, safe in logs and keys). Otherwise fills err with code
 * "validation", field "username" and a Chinese message, and returns false. NULL is rejected. */
bool username_acceptable(const char *name, dj_err *err);

/* The Argon2id hash of pw (libsodium's string form, with its salt and parameters): false only
 * when out of memory. PASSWORD_HASH_BYTES is crypto_pwhash_STRBYTES. */
#define PASSWORD_HASH_BYTES 128
bool password_hash(const char *pw, char out[PASSWORD_HASH_BYTES]);
/* Constant-time verification; a NULL hash still spends the same time and returns false. */
bool password_verify(const char *hash, const char *pw);

#endif
