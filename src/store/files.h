/* files.h: files kept in the database beside the object they belong to (a meeting's attachments,
 * a visit's photos): one table per kind of owner, each with the same columns
 *   id, <owner> (the owning row's id), name, content_type, size, sha256, data (blob),
 *   created_at, created_by,
 * so that every server process sees them and backup, restore and copy carry them. */
#ifndef DJ_STORE_FILES_H
#define DJ_STORE_FILES_H

#include "store/db.h"

#include <jansson.h>

typedef struct file_table {
    const char *table;   /* "meeting_attachments" */
    const char *owner;   /* its owner column: "meeting_id" */
    const char *missing; /* the message of a file that is not there: "附件不存在" */
    const char *part;    /* NULL, or a second key column within the owner ("step": an applicant's step) */
} file_table;

/* The owner of files: its id and, for a table with a part column, the part. */
typedef struct file_owner {
    int64_t id, part;
} file_owner;

/* Stores a file of the owner (inside the caller's transaction) and returns it without its bytes:
 * {id, <owner>, name, content_type, size, created_at}. */
json_t *file_add_e(db *d, const file_table *t, file_owner o, const char *name, const char *content_type,
                   const void *data, size_t len, const char *sha256, const char *created_by, dj_err *err);
/* The files of the owner, oldest first, without their bytes. */
json_t *files_of_e(db *d, const file_table *t, file_owner o, dj_err *err);
/* One file of the owner without its bytes (+ sha256); NULL + err "not_found" when there is none. */
json_t *file_read_e(db *d, const file_table *t, file_owner o, int64_t id, dj_err *err);
/* The bytes of file id of the owner, malloc'd (*len bytes); NULL + err "not_found" when none. */
void *file_data_e(db *d, const file_table *t, file_owner o, int64_t id, size_t *len, dj_err *err);
/* Removes file id of the owner (inside the caller's transaction); err "not_found" when none. */
bool file_delete(db *d, const file_table *t, file_owner o, int64_t id, dj_err *err);

#endif
