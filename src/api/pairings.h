/* pairings.h: what the 201 project's API shares with the inspection report (api/pairings.c,
 * api/inspection.c). */
#ifndef DJ_API_PAIRINGS_H
#define DJ_API_PAIRINGS_H

#include "api/api.h"
#include "domain/pairings.h"

/* The settings of the 201 project: pairing_defaults(), overridden by what is stored under the
 * key "pairings" of the settings table. False + err when it cannot be read. */
bool pairings_settings_load(db *d, pairing_settings *out, dj_err *err);

/* Whether the caller sees only its own pairings and their institutions (scope.paired). */
bool pairings_paired_only(const api_ctx *c);

/* Today in China time as YYYY-MM-DD. */
void pairings_today(char out[11]);

#endif
