/* routes.c: `dangjian routes`: the API's routes as the modules declare them, as JSON, for the
 * tests that walk them (OpenAPI, authorization matrix, sqlmap coverage) and for people. */
#include "cli/cli.h"

#include "api/module.h"

#include <stdio.h>
#include <stdlib.h>

int cli_routes(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("Usage: dangjian routes\n"
               "Prints every route of the API as JSON: [{module, method, pattern, access, no_store}];\n"
               "access is public, signed_in or the capability the route needs.\n");
        return 0;
    }
    if (argc > 2) {
        fprintf(stderr, "dangjian: routes takes no arguments\n");
        return 2;
    }
    dj_err err;
    http_route *table = api_routes_build(api_modules, &err);
    if (!table) {
        fprintf(stderr, "dangjian: %s\n", err.message);
        return 1;
    }
    free(table);
    json_t *out = json_array();
    for (const api_module *const *m = api_modules; *m; m++)
        for (const api_route *r = (*m)->routes; r->method; r++)
            json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:s,s:b}", "module", (*m)->name, "method", r->method,
                                                 "pattern", r->pattern, "access", r->access, "no_store",
                                                 (r->flags & API_NO_STORE) != 0));
    char *text = json_dumps(out, JSON_INDENT(1));
    puts(text);
    free(text);
    json_decref(out);
    return 0;
}
