/* fuzz_import: the CSV member importer (encoding detection, CSV parsing, header mapping,
 * validation, the all-or-nothing insert) as a dry run against the demo database. */
#include "harness.h"

#include "api/members.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    harness_init();
    if (size > 65536)
        return 0;
    import_result res;
    dj_err err;
    members_import_csv(harness_db(), harness_admin(), (const char *)data, size, 3, true, &res, &err);
    json_decref(res.errors);
    return 0;
}
