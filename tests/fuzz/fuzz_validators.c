/* fuzz_validators: ID numbers, credit codes, phone numbers, dates, passwords, and a whole member
 * record parsed from JSON. Each validator must accept or reject without crashing, and what it
 * accepts must be consistent (an accepted ID number has a birth date and a gender). */
#include "api/members.h"
#include "core/date.h"
#include "core/text.h"
#include "domain/credit_code.h"
#include "domain/idcard.h"
#include "domain/password.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    dj_err err;
    if (idcard_validate(s, &err)) {
        dj_date d;
        if (!idcard_birth_date(s, &d) || idcard_gender(s) == 0)
            abort();
    }
    credit_code_validate(s, &err);
    phone_validate(s, &err);
    dj_date d;
    if (date_parse(s, &d)) {
        char back[11];
        date_format(d, back);
        if (strcmp(back, s) != 0)
            abort(); /* a parsed date prints back the same */
    }
    password_acceptable(s, "admin", &err);
    char masked[64];
    idcard_mask(s, masked, sizeof masked);
    phone_mask(s, masked, sizeof masked);
    utf8_valid(s, size);
    json_t *m = json_loadb(s, size, 0, NULL);
    if (json_is_object(m))
        member_check(m, &err);
    json_decref(m);
    free(s);
    return 0;
}
