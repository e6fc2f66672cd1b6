/* csv.h: an RFC 4180 reader over a UTF-8 buffer, and a writer that is safe to open in Excel.
 *
 * Reading: fields separated by commas, rows by CRLF, LF or a lone CR; a field may be quoted,
 * and inside quotes "" stands for one quote and commas and line breaks are data. A final line
 * break at the end of the buffer does not start another row. Whitespace is kept as is, and a
 * quote inside an unquoted field (a"b) is kept as data, as Excel does. */
#ifndef DJ_CSV_H
#define DJ_CSV_H

#include <stddef.h>
#include <stdio.h>

#define CSV_MAX_FIELDS 256
#define CSV_MAX_FIELD_BYTES (64 * 1024)

typedef struct csv_reader csv_reader;

/* One row: n fields, each a NUL-terminated string. The strings and the array belong to the
 * reader and stay valid until the next csv_next_row() or csv_close(). */
typedef struct csv_row {
    size_t n;
    const char **fields;
} csv_row;

/* Starts reading the len bytes at buf, which must stay alive and unchanged while the reader is
 * used (it is not copied). Returns NULL only if memory runs out or buf is NULL with len > 0. */
csv_reader *csv_open(const char *buf, size_t len);

/* Reads the next row into *row. Returns 1 for a row, 0 at the end of the buffer, -1 if the
 * input is malformed: a quote that is never closed, text after a closing quote, a NUL byte,
 * more than CSV_MAX_FIELDS fields, a field longer than CSV_MAX_FIELD_BYTES, or no memory.
 * After -1, csv_line() gives the line and csv_error() a message, and every later call returns
 * -1 again. An empty line in the middle of the buffer is a row of one empty field. */
int csv_next_row(csv_reader *r, csv_row *row);

/* The 1-based physical line on which the last row returned began; after an error, the line
 * where the fault was found (for an unterminated quote, the line where the quote opened).
 * 0 before the first row. */
size_t csv_line(const csv_reader *r);

/* A message (Chinese) describing the last error, or "" if there was none. */
const char *csv_error(const csv_reader *r);

/* Frees the reader; NULL is allowed. */
void csv_close(csv_reader *r);

/* Writes one field to f. A value that begins with = + - @, a tab or a CR gets a leading '
 * so that Excel shows it as text instead of evaluating a formula; the field is quoted (with
 * quotes doubled) when it contains a comma, a quote, a CR or a LF. NULL writes an empty field.
 * Characters that text_xml_safe() replaces (C0 controls other than tab, LF and CR, such as ESC,
 * which a terminal showing the file would obey; U+FFFE; U+FFFF; bytes that are not UTF-8) are
 * written as U+FFFD, so an export holds only text.
 * Write errors are left for the caller to detect with ferror(f). */
void csv_write_field(FILE *f, const char *s);

/* Writes n fields separated by commas (each with csv_write_field) and ends the row with CRLF. */
void csv_write_row(FILE *f, const char *const *fields, size_t n);

#endif
