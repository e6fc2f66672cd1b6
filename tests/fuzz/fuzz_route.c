/* fuzz_route: the routing table's matcher against arbitrary paths. */
#include "api/module.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *path = malloc(size + 1);
    memcpy(path, data, size);
    path[size] = '\0';
    arena a = {0};
    for (const http_route *r = api_http_routes(); r->method; r++) {
        const char *params[HTTP_MAX_PARAMS];
        int n = 0;
        if (http_route_match(r->pattern, path, &a, params, &n)) {
            for (int i = 0; i < n; i++)
                if (!params[i] || strchr(params[i], '/'))
                    abort(); /* a parameter never spans segments */
        }
    }
    arena_free(&a);
    free(path);
    return 0;
}
