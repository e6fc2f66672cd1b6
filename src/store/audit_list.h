/* audit_list.h: reading the audit log (the 审计日志 page): filtered, newest first, within a scope. */
#ifndef DJ_AUDIT_LIST_H
#define DJ_AUDIT_LIST_H

#include "store/store.h"

typedef struct audit_query {
    const char *scope_path; /* "/" for everything; else records of objects whose organisation now
                               lies in this subtree (members, organisations, accounts) */
    const char *username;   /* who acted (exact) */
    const char *object_type; /* member, org, institution, user, import, ... */
    int64_t object_id;      /* 0: any */
    const char *action;     /* create, update, delete, restore, transfer, ... */
    const char *from, *to;  /* YYYY-MM-DD (China time), inclusive */
    int64_t limit, offset;
} audit_query;

/* A page of records [{id, at, user_id, username, action, object_type, object_id, before, after}]
 * (before/after parsed), newest first; *total counts them all. NULL + err on a failed read. */
json_t *audit_list(db *d, const audit_query *q, int64_t *total, dj_err *err);

#endif
