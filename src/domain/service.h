/* service.h: volunteer service and free clinics (志愿服务, 义诊; DOMAIN.md §7, seed 002: "200余名党员医护
 * 人员累计开展中西医义诊、远程影像诊疗等活动40余场, 发放医用药品15万元"). Pure rules: the kinds of
 * event, the hours a member gives, the counts of an event, the year of the totals. */
#ifndef DJ_SERVICE_H
#define DJ_SERVICE_H

#include "core/err.h"
#include "domain/enums.h"

#include <stdbool.h>
#include <stdint.h>

/* free_clinic 义诊, remote 远程诊疗, lecture 健康讲座, volunteer 志愿服务, other 其他. */
extern const dj_enum dj_service_kinds[];

/* A member's hours at one event: more than 0, at most 24, in half hours (0.5, 1, 1.5, ...). */
#define SERVICE_HOURS_MAX 24
bool service_hours_check(double hours, dj_err *err);

/* People served 0..1,000,000; medicine given 0..1,000,000,000 fen (ten million yuan). */
#define SERVICE_PEOPLE_MAX 1000000
#define SERVICE_MEDICINE_MAX_FEN 1000000000LL
bool service_counts_check(int64_t people_served, int64_t medicine_fen, dj_err *err);

/* The members of an event: at most SERVICE_MEMBERS_MAX, none twice (member_ids in order). */
#define SERVICE_MEMBERS_MAX 500
bool service_members_check(const int64_t *ids, size_t n, dj_err *err);

/* The totals' year: 2000..2100; the days it spans as "YYYY-01-01" and the next year's
 * "YYYY-01-01" (events dated from <= date < to). */
bool service_year_range(int year, char from[11], char to[11], dj_err *err);

/* Hours summed from half hours: the total as a count of half hours (exact), and back. */
int64_t service_half_hours(double hours);
double service_hours_of(int64_t half_hours);

#endif
