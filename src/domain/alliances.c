/* alliances.c: the rules of 红联共建 (alliances.h, DOMAIN.md §7, seeds 003, 004). */
#include "domain/alliances.h"

#include <stdio.h>
#include <string.h>

const dj_enum dj_alliance_kinds[] = {
    {"1+1", "“1+1”结对共建"},
    {"1+N", "“1+N”联盟共建"},
    {NULL, NULL},
};

const dj_enum dj_alliance_activity_kinds[] = {
    {"study", "联学"},
    {"joint", "联办"},
    {"training", "培训"},
    {"clinic", "义诊"},
    {"lecture", "讲座"},
    {NULL, NULL},
};

const dj_enum dj_alliance_resource_kinds[] = {
    {"expert", "专家"},
    {"equipment", "设备"},
    {"training_slot", "培训名额"},
    {"venue", "场地"},
    {"other", "其他"},
    {NULL, NULL},
};

bool alliance_kind_parse(const char *s, alliance_kind *out)
{
    int i = s ? dj_enum_index(dj_alliance_kinds, s) : -1;
    if (i < 0)
        return false;
    *out = (alliance_kind)i;
    return true;
}

bool alliance_members_check(alliance_kind kind, int64_t lead, const int64_t *members, size_t n, dj_err *err)
{
    for (size_t i = 0; i < n; i++) {
        if (members[i] == lead)
            return dj_err_set(err, "validation", "member_org_ids", "牵头单位不能同时列为共建成员单位");
        for (size_t j = 0; j < i; j++)
            if (members[j] == members[i])
                return dj_err_set(err, "validation", "member_org_ids", "共建成员单位不能重复");
    }
    if (kind == ALLIANCE_ONE_ONE && n != 1)
        return dj_err_set(err, "validation", "member_org_ids", "“1+1”共建由牵头单位和 1 个共建单位组成（现有 %zu 个共建单位）", n);
    if (kind == ALLIANCE_ONE_MANY && n < 2)
        return dj_err_set(err, "validation", "member_org_ids", "“1+N”共建至少有 2 个共建单位（连同牵头单位至少 3 个组织）");
    if (n > ALLIANCE_MEMBERS_MAX)
        return dj_err_set(err, "validation", "member_org_ids", "共建单位不能超过 %d 个", ALLIANCE_MEMBERS_MAX);
    return true;
}

bool alliance_mix_check(const alliance_org_owner *orgs, size_t n, dj_err *err)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (i != j && orgs[i].is_public && orgs[j].is_private)
                return true;
    return dj_err_set(err, "validation", "member_org_ids",
                      "红联共建须有公立和民营医疗机构的党组织共同参加（至少一个公立、一个民营）");
}

bool alliance_dates_check(dj_date started_on, bool has_end, dj_date ends_on, dj_err *err)
{
    if (has_end && ends_on < started_on)
        return dj_err_set(err, "validation", "ends_on", "结束日期不能早于开始日期");
    return true;
}

bool alliance_day_check(dj_date started_on, bool has_end, dj_date ends_on, dj_date day, const char *field,
                        const char *label, dj_err *err)
{
    if (day < started_on)
        return dj_err_set(err, "validation", field, "%s不能早于共建开始日期", label);
    if (has_end && day > ends_on)
        return dj_err_set(err, "validation", field, "%s不能晚于共建结束日期", label);
    return true;
}

bool alliance_month_parse(const char *s, int *year, int *month)
{
    if (!s || strlen(s) != 7 || s[4] != '-')
        return false;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    if (y < 1900 || m < 1 || m > 12)
        return false;
    *year = y;
    *month = m;
    return true;
}

bool alliance_referral_month_check(const char *month, dj_date started_on, bool has_end, dj_date ends_on, dj_date today,
                                   dj_err *err)
{
    int y, m;
    if (!alliance_month_parse(month, &y, &m))
        return dj_err_set(err, "validation", "month", "月份格式应为 YYYY-MM（如 2026-03）");
    int k = y * 12 + m - 1;
    if (k > date_year(today) * 12 + date_month(today) - 1)
        return dj_err_set(err, "validation", "month", "不能登记未来月份的转诊数");
    if (k < date_year(started_on) * 12 + date_month(started_on) - 1)
        return dj_err_set(err, "validation", "month", "月份不能早于共建开始的月份");
    if (has_end && k > date_year(ends_on) * 12 + date_month(ends_on) - 1)
        return dj_err_set(err, "validation", "month", "月份不能晚于共建结束的月份");
    return true;
}

bool alliance_referral_check(int64_t from_org_id, int64_t to_org_id, int64_t count, dj_err *err)
{
    if (from_org_id == to_org_id)
        return dj_err_set(err, "validation", "to_org_id", "转出单位和转入单位不能相同");
    if (count < 0 || count > ALLIANCE_REFERRALS_MAX)
        return dj_err_set(err, "validation", "count", "转诊人次应为 0 到 %d", ALLIANCE_REFERRALS_MAX);
    return true;
}

static int direction_cmp(int64_t af, int64_t at, int64_t bf, int64_t bt)
{
    if (af != bf)
        return af < bf ? -1 : 1;
    return at < bt ? -1 : at > bt;
}

size_t alliance_referral_series(const alliance_referral *rows, size_t n, int year, alliance_direction *out, size_t max,
                                int64_t *total, bool *dropped)
{
    size_t dirs = 0;
    *total = 0;
    *dropped = false;
    for (size_t i = 0; i < n; i++) {
        const alliance_referral *r = &rows[i];
        if (r->year != year || r->month < 1 || r->month > 12)
            continue;
        *total += r->count;
        /* The direction's place in the order; inserted there when new. */
        size_t k = 0;
        while (k < dirs && direction_cmp(out[k].from_org_id, out[k].to_org_id, r->from_org_id, r->to_org_id) < 0)
            k++;
        if (k == dirs || out[k].from_org_id != r->from_org_id || out[k].to_org_id != r->to_org_id) {
            if (dirs == max) {
                *dropped = true;
                continue;
            }
            memmove(&out[k + 1], &out[k], (dirs - k) * sizeof *out);
            out[k] = (alliance_direction){.from_org_id = r->from_org_id, .to_org_id = r->to_org_id};
            dirs++;
        }
        out[k].months[r->month - 1] += r->count;
        out[k].total += r->count;
    }
    return dirs;
}

size_t alliance_activities_by_kind(const char *const *kinds, size_t n, int64_t counts[ALLIANCE_ACTIVITY_KINDS])
{
    size_t counted = 0;
    for (int i = 0; i < ALLIANCE_ACTIVITY_KINDS; i++)
        counts[i] = 0;
    for (size_t i = 0; i < n; i++) {
        int k = kinds[i] ? dj_enum_index(dj_alliance_activity_kinds, kinds[i]) : -1;
        if (k >= 0) {
            counts[k]++;
            counted++;
        }
    }
    return counted;
}
