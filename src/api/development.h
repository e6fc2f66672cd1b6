/* development.h: what the development module's files share (api/development.c,
 * api/development_files.c). */
#ifndef DJ_API_DEVELOPMENT_H
#define DJ_API_DEVELOPMENT_H

#include "api/api.h"

/* Adds to each step of steps (an applicant's, as applicant_steps_e gives them) its "attachments":
 * [{id, applicant_id, step, name, content_type, size, created_at}]. False + err on a failed read. */
bool development_step_files(api_ctx *c, int64_t applicant_id, json_t *steps, dj_err *err);

#endif
