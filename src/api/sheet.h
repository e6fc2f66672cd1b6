/* sheet.h: a list as a file users keep: .xlsx (the default) or .csv (UTF-8 with a BOM, for
 * Excel), with Chinese headers, sent from a temporary file as it is read (never held whole). */
#ifndef DJ_API_SHEET_H
#define DJ_API_SHEET_H

#include "api/api.h"

typedef struct api_sheet_column {
    const char *label; /* the header */
    const char *field; /* the item's field (strings, integers, booleans, arrays of strings) */
    int width;         /* in characters (0: 12) */
    /* Optional: the cell's text for an item (a label for a code); NULL: the field as it is. */
    const char *(*text)(const json_t *item, const char *field, char *scratch, size_t n);
} api_sheet_column;

/* Answers items (every one, in order) as ?format=xlsx|csv (400 otherwise), the file named
 * filename.xlsx|.csv and, for browsers, cn_name (UTF-8, percent-encoded here if it is not already).
 * cols ends with a NULL label. */
void api_reply_sheet(http_request *req, const char *filename, const char *cn_name, const char *sheet,
                     const api_sheet_column *cols, const json_t *items);

/* One page of a paged list: items (a new reference) from offset, at most limit, and the total;
 * NULL with err on a fault. */
typedef json_t *(*api_page_fn)(api_ctx *c, void *query, int64_t offset, int64_t limit, int64_t *total, dj_err *err);

/* Every item of a paged list, page after page (500 at a time), for an export; NULL with err. */
json_t *api_all_pages(api_page_fn page, api_ctx *c, void *query, dj_err *err);

/* The MIME type of an .xlsx workbook. */
extern const char api_xlsx_type[];

/* A file written by write(path) sent as the answer from a descriptor (its name removed at once);
 * a failure to write it is a 500 with its error, never an empty 200. */
void api_reply_written_file(http_request *req, bool (*write)(const char *path, void *arg, dj_err *err), void *arg,
                            const char *content_type, const char *disposition);

#endif
