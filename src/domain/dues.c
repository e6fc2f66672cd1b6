/* dues.c: party dues bands (中组发〔2008〕3号). */
#include "domain/dues.h"

#define YUAN(y) ((int64_t)(y) * 100)

int dues_rate_permille(int64_t base_fen, dues_kind kind)
{
    if (base_fen < 0 || base_fen > DUES_MAX_BASE_FEN)
        return -1;
    switch (kind) {
    case DUES_EMPLOYED:
        if (base_fen <= YUAN(3000))
            return 5;
        if (base_fen <= YUAN(5000))
            return 10;
        if (base_fen <= YUAN(10000))
            return 15;
        return 20;
    case DUES_RETIRED:
        return base_fen <= YUAN(5000) ? 5 : 10;
    case DUES_LOW_INCOME:
    case DUES_RURAL:
        return 0;
    }
    return -1;
}

int64_t dues_monthly_fen(int64_t base_fen, dues_kind kind, dues_rounding r)
{
    int rate = dues_rate_permille(base_fen, kind);
    if (rate < 0)
        return -1;
    if (r != DUES_ROUND_FEN_HALF_UP && r != DUES_ROUND_UP_JIAO)
        return -1;
    if (kind == DUES_LOW_INCOME || kind == DUES_RURAL)
        return DUES_FLAT_FEN;
    /* dues = base * rate / 1000 fen, exactly, as a fraction; round it. base <= 1e14 keeps the
     * product below 2.1e15, far from overflow. */
    int64_t num = base_fen * rate;
    if (r == DUES_ROUND_FEN_HALF_UP)
        return (num + 500) / 1000;
    return (num + 9999) / 10000 * 10; /* ceiling in jiao (10 fen) */
}
