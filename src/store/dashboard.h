/* dashboard.h: the figures of an organisation's subtree for the dashboard (首页): members by
 * category, status, gender and age, organisations by type, institutions and their coverage, and
 * the per-organisation counts the rule warnings are computed from. */
#ifndef DJ_STORE_DASHBOARD_H
#define DJ_STORE_DASHBOARD_H

#include "store/store.h"

#include "core/date.h"

/* Member, organisation and institution figures of the subtree at path (scope "/" = all). */
json_t *dashboard_figures(db *d, const char *path, dj_date today);
/* The same; NULL + err when the database cannot be read (dashboard_figures: an empty object). */
json_t *dashboard_figures_e(db *d, const char *path, dj_date today, dj_err *err);

/* Calls fn for every live organisation of the subtree with its direct counts (for warnings). */
typedef struct dashboard_org {
    int64_t id;
    const char *name, *type, *term_end; /* term_end may be NULL */
    int members, full, committee; /* a branch's members include those of its 党小组 */
} dashboard_org;
bool dashboard_each_org(db *d, const char *path, void (*fn)(const dashboard_org *o, void *arg), void *arg);
/* The same, with the reason in err when the database cannot be read (fn is then not called). */
bool dashboard_each_org_e(db *d, const char *path, void (*fn)(const dashboard_org *o, void *arg), void *arg, dj_err *err);

#endif
