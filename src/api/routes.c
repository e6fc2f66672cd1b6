/* routes.c: the routing table of the API. */
#include "api/api.h"

enum { IMPORT_MAX_BODY = 64 * 1024 * 1024 };

const http_route api_routes[] = {
    {"GET", "/healthz", api_healthz, 0},
    {"GET", "/api/v1/openapi.json", api_openapi, 0},
    {"POST", "/api/v1/session", api_session_create, 0},
    {"DELETE", "/api/v1/session", api_session_delete, 0},
    {"GET", "/api/v1/me", api_me, 0},
    {"GET", "/api/v1/meta", api_meta, 0},
    {"GET", "/api/v1/dashboard", api_dashboard, 0},

    {"GET", "/api/v1/orgs", api_orgs_list, 0},
    {"POST", "/api/v1/orgs", api_orgs_create, 0},
    {"GET", "/api/v1/orgs/{id}", api_orgs_get, 0},
    {"PATCH", "/api/v1/orgs/{id}", api_orgs_update, 0},
    {"DELETE", "/api/v1/orgs/{id}", api_orgs_delete, 0},
    {"POST", "/api/v1/orgs/{id}/restore", api_orgs_restore, 0},
    {"GET", "/api/v1/orgs/{id}/warnings", api_orgs_warnings, 0},

    {"GET", "/api/v1/institutions", api_institutions_list, 0},
    {"POST", "/api/v1/institutions", api_institutions_create, 0},
    {"GET", "/api/v1/institutions/{id}", api_institutions_get, 0},
    {"PATCH", "/api/v1/institutions/{id}", api_institutions_update, 0},
    {"DELETE", "/api/v1/institutions/{id}", api_institutions_delete, 0},
    {"POST", "/api/v1/institutions/{id}/restore", api_institutions_restore, 0},

    {"GET", "/api/v1/members", api_members_list, 0},
    {"POST", "/api/v1/members", api_members_create, 0},
    {"POST", "/api/v1/members/import", api_members_import, IMPORT_MAX_BODY},
    {"GET", "/api/v1/members/export", api_members_export, 0},
    {"GET", "/api/v1/members/import-template", api_members_import_template, 0},
    {"GET", "/api/v1/members/{id}", api_members_get, 0},
    {"PATCH", "/api/v1/members/{id}", api_members_update, 0},
    {"DELETE", "/api/v1/members/{id}", api_members_delete, 0},
    {"POST", "/api/v1/members/{id}/restore", api_members_restore, 0},
    {"POST", "/api/v1/members/{id}/transfer", api_members_transfer, 0},
    {"GET", "/api/v1/members/{id}/history", api_members_history, 0},

    {"GET", "/api/v1/users", api_users_list, 0},
    {"POST", "/api/v1/users", api_users_create, 0},
    {"GET", "/api/v1/users/{id}", api_users_get, 0},
    {"PATCH", "/api/v1/users/{id}", api_users_update, 0},
    {"DELETE", "/api/v1/users/{id}", api_users_delete, 0},
    {"POST", "/api/v1/users/{id}/unlock", api_users_unlock, 0},
    {NULL, NULL, NULL, 0},
};
