/* credit_code.h: the 18-character unified social credit code (统一社会信用代码, GB 32100-2015)
 * that identifies a medical institution.
 *
 * Characters come from the 31-character set 0-9 A-H J-N P-R T U W-Y (no I O Z S V); each has
 * the value of its position in that set. The 18th character is the check character: with
 * weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28 (3^i mod 31), check = 31 - (sum mod 31),
 * where 31 becomes 0. */
#ifndef DJ_CREDIT_CODE_H
#define DJ_CREDIT_CODE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

/* The check character for the first 17 characters of a code. first17 must start with 17
 * characters of the code set (upper case; anything after them is ignored); otherwise, or for
 * NULL, returns '\0'. */
char credit_code_check_char(const char *first17);

/* Upper-cases ASCII letters in code, in place, so that a code typed in lower case can be
 * validated and stored in its canonical form. NULL is allowed. */
void credit_code_normalize(char *code);

/* Checks a code: exactly 18 characters, all from the code set (upper case only), and the check
 * character right. On failure fills err with code "validation", field "credit_code" and a
 * Chinese message, and returns false. err may be NULL. */
bool credit_code_validate(const char *code, dj_err *err);

/* Builds a valid code for demo data. prefix2 is the registration authority and kind (e.g. "12"
 * for a public institution 事业单位, "52" for a private non-enterprise unit 民办非企业单位,
 * "91" for a company); area6 is a 6-digit area code; seed chooses the 9-character organisation
 * code (whose own GB 11714 check character is made right too). Writes 18 characters and a NUL.
 * If prefix2 is not 2 characters of the code set or area6 is not 6 digits, writes "". */
void credit_code_generate(const char *prefix2, const char *area6, uint32_t seed, char out[19]);

#endif
