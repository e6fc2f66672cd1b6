/* member_file.h: the columns of the member file that import, export and the template share. */
#ifndef DJ_MEMBER_FILE_H
#define DJ_MEMBER_FILE_H

#include <stdbool.h>

typedef struct member_column {
    const char *label; /* the Chinese header users see */
    const char *field; /* the JSON field */
    bool required;     /* on import */
} member_column;

enum { MEMBER_NCOLUMNS = 17 };
extern const member_column member_file_columns[MEMBER_NCOLUMNS];

#endif
