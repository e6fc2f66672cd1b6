/* meetings.h: what the organisational life modules of the API share (api/meetings.c: meetings,
 * attendance, check-in, the register; api/compliance.c: compliance, its settings, the to-do
 * items). */
#ifndef DJ_API_MEETINGS_H
#define DJ_API_MEETINGS_H

#include "api/api.h"
#include "domain/compliance.h"

/* The settings of organisational life: compliance_defaults() and a check-in window opening this
 * many minutes before a meeting starts, overridden by what is stored under the key
 * "organisational_life" of the settings table. False + err when it cannot be read. */
typedef struct meetings_settings {
    compliance_settings compliance;
    int checkin_before_minutes; /* 0..240 */
} meetings_settings;

#define CHECKIN_BEFORE_DEFAULT 30
#define CHECKIN_BEFORE_MAX 240

bool meetings_settings_load(db *d, meetings_settings *out, dj_err *err);

/* The meeting as the API shows it: attendance and quorum computed from its list, each decision
 * with passed computed, without the internal columns. */
void meeting_present(json_t *m);

/* ?year=YYYY (default: this year in China); false after answering 400. */
bool query_year(http_request *req, int *year);

/* The meeting as the write path and the attachments know it (api/write.h): loaded in scope. */
struct api_object;
extern const struct api_object meeting_object;

/* Now in China time, to the minute. */
meeting_time meetings_now(void);

/* A PNG image (malloc'd, *len bytes) of the QR code of text, scale pixels per module with the
 * standard quiet zone; NULL when the text does not fit a QR code. */
unsigned char *qr_png(const char *text, int scale, size_t *len);

/* The compliance rows (GET /compliance's items) of every organisation of the subtree at path
 * for the year `year`, as of today: for reports that show what is missing (the inspection
 * report). NULL + err when the database cannot be read. */
json_t *compliance_subtree_rows(db *d, const char *path, int year, dj_err *err);

/* What an uploaded file is, by its first bytes (never its name or Content-Type): "image/jpeg",
 * "image/png" or "application/pdf" with the extension of its download in *ext, or NULL (the
 * meetings' attachments, the alliances' agreements). */
const char *attachment_type(const unsigned char *p, size_t n, const char **ext);
/* name percent-encoded for Content-Disposition's filename*= (RFC 5987), in the arena. */
struct arena;
const char *attachment_percent_encoded(struct arena *ar, const char *name);

#endif
