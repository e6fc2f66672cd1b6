/* meetings.h: organisational life in the database: meetings, their attendance lists and check-in
 * secrets, and the reads that compliance, the register, the to-do list and a member's
 * attendance rate need. SQL only: the rules are in domain/meetings.h and domain/compliance.h. */
#ifndef DJ_STORE_MEETINGS_H
#define DJ_STORE_MEETINGS_H

#include "store/files.h"
#include "store/store.h"

/* The columns a request may write (row_insert, row_update). */
extern const char *const meeting_columns[];

typedef struct meeting_query {
    const char *subtree;    /* org path whose subtree is listed (already within the scope) */
    const char *type;       /* wire names, or NULL */
    const char *status;
    const char *from, *to;  /* YYYY-MM-DD: the days of starts_at, both included; or NULL */
    bool deleted;           /* deleted ones only */
    int64_t limit, offset;
} meeting_query;

/* A page of meetings (starts_at descending, then id) as JSON objects with org_name and the
 * counts of meeting_read_e; NULL + err when the database cannot be read. */
json_t *meetings_list_e(db *d, const meeting_query *q, int64_t *total, dj_err *err);

/* One meeting (deleted ones too, "deleted": true) with org_name, org_path, joint_org_ids and
 * decisions parsed, and the counts of its attendance list: n_expected, n_present, n_leave, n_full
 * (full members), n_full_present. NULL + err "not_found" when there is none, the database's
 * error when it cannot be read. */
json_t *meeting_read_e(db *d, int64_t id, dj_err *err);

/* Fills the attendance list of a new meeting from the members on file (live, status active or
 * mobile), each with their name and category as they are now:
 *   committee  the members holding a seat of the organisation's committee;
 *   group      the members directly in the organisation (a 党小组 is an organisation of its own);
 *   others     the members of the organisation's subtree, and for a joint study those of the
 *              subtrees in joint_paths (a JSON array of paths) too, each member once. */
bool meeting_attendees_fill(db *d, int64_t meeting_id, const char *type, int64_t org_id, const char *org_path,
                            const json_t *joint_paths, dj_err *err);

/* The attendance list: [{member_id, name, category, status, reason, checked_in_at}] by name
 * order of the list (as filled); NULL + err when the database cannot be read. */
json_t *meeting_attendance_e(db *d, int64_t meeting_id, dj_err *err);

/* Sets the status and reason of attendees (items: [{member_id, status, reason}], each already
 * checked to be on the list); checked_in_at is kept for one still present, cleared otherwise. */
bool meeting_attendance_set(db *d, int64_t meeting_id, const json_t *items, dj_err *err);

/* A member checking in: marks member_id present at `at` (UTC text). *result: 1 marked, 0 not on
 * the list, 2 already present. */
bool meeting_checkin_mark(db *d, int64_t meeting_id, int64_t member_id, const char *at, int *result, dj_err *err);

/* The meeting's check-in secret (set once, when it is created). */
bool meeting_secret_set(db *d, int64_t meeting_id, const char *secret, dj_err *err);
/* Into out (at least 65 bytes); "" when there is none. */
bool meeting_secret_get(db *d, int64_t meeting_id, char *out, size_t n, dj_err *err);

/* Every live organisation of the subtree at path, in tree order, for compliance: fn gets its id,
 * name, type, established_on ("" when unknown) and whether it has an elected committee (at least
 * three seats: a 支部委员会 has three to five members, 支部工作条例 art. 9). */
typedef void (*meeting_org_fn)(void *arg, int64_t id, const char *name, const char *type, const char *established_on,
                               bool has_committee);
bool meetings_each_org(db *d, const char *path, meeting_org_fn fn, void *arg, dj_err *err);

/* Every held, live meeting of the subtree at path whose starts_at lies on the days from..to
 * (YYYY-MM-DD, both included): fn gets its org_id, type and starts_at. */
typedef void (*meeting_held_fn)(void *arg, int64_t org_id, const char *type, const char *starts_at);
bool meetings_each_held(db *d, const char *path, const char *from, const char *to, meeting_held_fn fn, void *arg,
                        dj_err *err);

/* The register of an organisation: its own live meetings held or cancelled on the days
 * from..to, in date order, as meeting_read_e gives them; NULL + err on a failed read. */
json_t *meetings_register_e(db *d, int64_t org_id, const char *from, const char *to, dj_err *err);

/* One member's place on the attendance lists of live meetings on the days from..to:
 * [{meeting_id, type, status (the meeting's), starts_at, attendance (the member's)}]. */
json_t *member_attendance_records_e(db *d, int64_t member_id, const char *from, const char *to, dj_err *err);

/* Planned meetings of the subtree at path that ended before `now` (YYYY-MM-DDTHH:MM) and were
 * never recorded: [{id, org_id, org_name, topic, type, starts_at}], oldest first, at most limit. */
json_t *meetings_unrecorded_e(db *d, const char *path, const char *now, int limit, dj_err *err);

/* The attendance of the members of the subtree at path at held live meetings since `from`
 * (YYYY-MM-DD), member by member and in date order: fn gets the member, their name, the
 * meeting's org_id and the member's status there. */
typedef void (*meeting_absence_fn)(void *arg, int64_t member_id, const char *name, int64_t org_id, const char *status);
bool meetings_each_attendance(db *d, const char *path, const char *from, meeting_absence_fn fn, void *arg, dj_err *err);

/* ---- Attachments (meeting_attachments) ---- */

/* A meeting's attachments, by the functions of store/files.h. */
extern const file_table meeting_attachment_files;

#endif
