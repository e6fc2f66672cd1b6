/* members.h: what the member handlers share with the import, the export and the CLI. */
#ifndef DJ_API_MEMBERS_H
#define DJ_API_MEMBERS_H

#include "api/api.h"
#include "domain/member_rules.h"

/* Validates a whole member record (a JSON object of strings as the API takes it) with the
 * rules of domain/member_rules.h and normalises it in place: Chinese enum labels become wire
 * names, the ID number upper case, status defaults to active, tags to []. */
bool member_check(json_t *m, dj_err *err);
/* The same, reporting every fault (up to max into errs, in the order of the form); returns how
 * many there are, 0 when m is valid (and then normalised). */
int member_check_all(json_t *m, dj_err *errs, int max);
/* member_check_all of fields already trimmed (a file's row): every fault into errs (at most
 * max), the count; with none, in is normalised: id_number into idn, the enums as wire names,
 * status "active" when absent. tags: ntags of them (when more than allowed, tags is not read). */
int member_check_input(member_input *in, const char *const *tags, size_t ntags, char idn[32], dj_err *errs, int max);
/* The member as the JSON text of its audit record: the fields present, org_id and tags (the
 * text of a JSON array; NULL: []). Free it. */
char *member_input_json(const member_input *in, int64_t org_id, const char *tags_json);

/* Masks id_number and phone unless show_personal; drops internal fields. */
void member_present(json_t *m, bool show_personal);
/* Masks the personal numbers of a member record or snapshot (id_number, phone) in place. */
void member_mask_personal(json_t *m);

typedef struct import_result {
    int rows;          /* data rows read */
    int imported;      /* rows written (0 on a dry run or on any error) */
    const char *encoding;
    json_t *errors;    /* [{row, column, field, message}] */
} import_result;

/* Imports members from CSV bytes (UTF-8 or GB18030): every row is checked (fields, the org in
 * the actor's scope, ID numbers unique in the file and in the database); if any row is wrong,
 * nothing is written and res->errors lists each fault; otherwise all rows are written in one
 * transaction, with an audit record per member and one for the import. default_org is used for
 * rows without 组织ID. Returns false with err for faults of the whole file (encoding, header) or
 * the database. A file over MEMBERS_BULK_BYTES is written as a bulk (store/members.h). */
enum { MEMBERS_BULK_BYTES = 128 * 1024 };
/* Writes the .xlsx import template (the import's columns, formatted as text; a sheet of notes). */
bool members_template_file(const char *path, dj_err *err);
bool members_import_csv(db *d, const dj_actor *who, const char *data, size_t len, int64_t default_org,
                        bool dry_run, import_result *res, dj_err *err);

/* Fills q from the list query string (filters, org subtree within the scope), without paging.
 * False after replying with an error. */
struct member_query;
bool api_member_query(http_request *req, api_ctx *c, struct member_query *q);

/* Writes the members of q as .xlsx or .csv to path (Chinese headers). */
struct member_query;
bool members_export_file(db *d, const struct member_query *q, bool show_personal, const char *format,
                         const char *path, int64_t *count, dj_err *err);

#endif
