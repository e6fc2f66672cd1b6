/* openapi.c: serves the OpenAPI 3.1 document (src/api/openapi.json, embedded at build time). */
#include "api/api.h"

extern const unsigned char dj_openapi_json[];
extern const unsigned long dj_openapi_json_len;

void api_openapi(http_request *req)
{
    http_reply_static(req, 200, "application/json; charset=utf-8", dj_openapi_json, dj_openapi_json_len);
}
