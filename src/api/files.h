/* files.h: answers that are files written by the server (exports): written to a temporary file,
 * then sent from it as it is read (never held in memory), the file's name removed at once. */
#ifndef DJ_API_FILES_H
#define DJ_API_FILES_H

#include "api/api.h"

/* The MIME type of an .xlsx workbook. */
extern const char api_xlsx_type[];

/* Runs write(path, arg) on a new temporary file and answers 200 with what it wrote, with
 * content_type and the Content-Disposition disposition; a failed write answers its error. */
void api_reply_written_file(http_request *req, bool (*write)(const char *path, void *arg, dj_err *err), void *arg,
                            const char *content_type, const char *disposition);

#endif
