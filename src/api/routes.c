/* routes.c: the modules of the API, one line each (docs/MODULES.md). Order matters only where
 * patterns overlap: a module with literal paths (members_io: /members/export) comes before the
 * one whose pattern would also match them (members: /members/{id}). */
#include "api/module.h"

#define API_MODULES(X)                                                                                                  \
    X(session)                                                                                                          \
    X(dashboard)                                                                                                        \
    X(orgs)                                                                                                             \
    X(meetings)                                                                                                         \
    X(meeting_attachments)                                                                                              \
    X(meeting_checkin)                                                                                                  \
    X(meeting_register)                                                                                                 \
    X(compliance)                                                                                                       \
    X(coverage)                                                                                                         \
    X(coverage_joint)                                                                                                   \
    X(dues)                                                                                                             \
    X(pairings)                                                                                                         \
    X(inspection)                                                                                                       \
    X(institutions)                                                                                                     \
    X(members_io)                                                                                                       \
    X(members)                                                                                                          \
    X(users)                                                                                                            \
    X(audit)                                                                                                            \
    X(development_board)                                                                                                \
    X(development_files)                                                                                                \
    X(development)                                                                                                      \
    X(todo)                                                                                                             \
    X(alliances)                                                                                                        \
    X(needs)                                                                                                            \
    X(posts)                                                                                                            \
    X(service)                                                                                                          \
    X(decisions)                                                                                                        \
    X(tasks)

#define DECLARE(name) extern const api_module name##_module;
API_MODULES(DECLARE)

#define ENTRY(name) &name##_module,
const api_module *const api_modules[] = {API_MODULES(ENTRY) NULL};
