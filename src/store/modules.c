/* modules.c: the registry of the store's modules, in dependency order (module.h). A module's
 * schema is one file; registering it is one line here. */
#include "store/module.h"

#include <string.h>

extern const store_module orgs_store_module, institutions_store_module, members_store_module,
    committee_store_module, auth_store_module, audit_store_module, settings_store_module,
    meetings_store_module, coverage_store_module, dues_store_module, development_store_module, pairings_store_module;
extern const store_module alliances_store_module;
extern const store_module needs_store_module;
extern const store_module posts_store_module, service_store_module;
extern const store_module decisions_store_module, tasks_store_module;

const store_module *const store_modules[] = {
    &orgs_store_module,
    &institutions_store_module, /* org_institutions refers to orgs */
    &members_store_module,      /* members refer to orgs */
    &committee_store_module,    /* seats refer to orgs and members */
    &auth_store_module,         /* accounts refer to orgs and members */
    &audit_store_module,
    &settings_store_module,
    &meetings_store_module, /* meetings refer to orgs, their attendees to members */
    &coverage_store_module, /* surveys and rounds refer to institutions and orgs */
    &dues_store_module,     /* dues bases and payments refer to members */
    &development_store_module, /* applicants refer to orgs and members */
    &pairings_store_module, /* pairings refer to accounts and institutions */
    &alliances_store_module, /* alliances refer to orgs, their activities to meetings */
    &needs_store_module, /* needs refer to institutions and accounts */
    &posts_store_module,    /* pioneer posts and badges refer to institutions and members */
    &service_store_module,  /* service events refer to orgs, institutions and members */
    &decisions_store_module, /* 三重一大 items refer to orgs and meetings */
    &tasks_store_module,     /* key tasks refer to orgs and members */
};
const size_t store_nmodules = STORE_COUNT(store_modules);

const store_table *store_table_next(const store_table *prev)
{
    size_t m = 0, t = 0;
    if (prev) {
        /* Find prev's module, then step past it. */
        for (; m < store_nmodules; m++) {
            const store_module *mod = store_modules[m];
            if (prev >= mod->tables && prev < mod->tables + mod->ntables) {
                t = (size_t)(prev - mod->tables) + 1;
                break;
            }
        }
    }
    for (; m < store_nmodules; m++, t = 0)
        if (t < store_modules[m]->ntables)
            return &store_modules[m]->tables[t];
    return NULL;
}

const store_table *store_table_find(const char *name)
{
    for (const store_table *t = NULL; (t = store_table_next(t));)
        if (strcmp(t->name, name) == 0)
            return t;
    return NULL;
}

bool store_table_is_bookkeeping(const char *name)
{
    return strcmp(name, "schema_migrations") == 0 || strcmp(name, "module_migrations") == 0;
}
