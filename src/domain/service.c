/* service.c: the rules of volunteer service events (service.h). */
#include "domain/service.h"

#include <math.h>
#include <stdio.h>

const dj_enum dj_service_kinds[] = {
    {"free_clinic", "义诊"}, {"remote", "远程诊疗"}, {"lecture", "健康讲座"}, {"volunteer", "志愿服务"}, {"other", "其他"},
    {NULL, NULL},
};

bool service_hours_check(double hours, dj_err *err)
{
    if (!isfinite(hours) || hours <= 0 || hours > SERVICE_HOURS_MAX)
        return dj_err_set(err, "validation", "members", "服务时长须大于 0 且不超过 %d 小时", SERVICE_HOURS_MAX);
    double half = hours * 2;
    if (fabs(half - round(half)) > 1e-9)
        return dj_err_set(err, "validation", "members", "服务时长以半小时计（如 0.5、1、1.5 小时）");
    return true;
}

bool service_counts_check(int64_t people_served, int64_t medicine_fen, dj_err *err)
{
    if (people_served < 0 || people_served > SERVICE_PEOPLE_MAX)
        return dj_err_set(err, "validation", "people_served", "服务人次须在 0 至 %d 之间", SERVICE_PEOPLE_MAX);
    if (medicine_fen < 0 || medicine_fen > SERVICE_MEDICINE_MAX_FEN)
        return dj_err_set(err, "validation", "medicine_fen", "发放药品金额须在 0 至 1000 万元之间");
    return true;
}

bool service_members_check(const int64_t *ids, size_t n, dj_err *err)
{
    if (n > SERVICE_MEMBERS_MAX)
        return dj_err_set(err, "validation", "members", "一次活动最多登记 %d 名党员", SERVICE_MEMBERS_MAX);
    for (size_t i = 0; i < n; i++) {
        if (ids[i] <= 0)
            return dj_err_set(err, "validation", "members", "参加党员须为党员编号");
        for (size_t k = 0; k < i; k++)
            if (ids[k] == ids[i])
                return dj_err_set(err, "validation", "members", "同一名党员不能重复登记");
    }
    return true;
}

bool service_year_range(int year, char from[11], char to[11], dj_err *err)
{
    if (year < 2000 || year > 2100)
        return dj_err_set(err, "bad_request", "year", "年份须在 2000 至 2100 之间");
    snprintf(from, 11, "%04d-01-01", year);
    snprintf(to, 11, "%04d-01-01", year + 1);
    return true;
}

int64_t service_half_hours(double hours) { return (int64_t)llround(hours * 2); }

double service_hours_of(int64_t half_hours) { return (double)half_hours / 2.0; }
