/* pairings.c: the 201 project's rules (pairings.h, DOMAIN.md §7, seed 000). */
#include "domain/pairings.h"

#include <stdio.h>
#include <string.h>

const dj_enum dj_pairing_stages[] = {
    {"framework", "搭架子"},
    {"regular", "正常化"},
    {"results", "见成效"},
    {NULL, NULL},
};

const dj_enum dj_milestone_states[] = {
    {"pending", "未到期"},
    {"late", "已逾期"},
    {"done", "按期完成"},
    {"done_late", "逾期完成"},
    {NULL, NULL},
};

bool pairing_stage_parse(const char *s, pairing_stage *out)
{
    int i = dj_enum_index(dj_pairing_stages, s);
    if (i < 0)
        return false;
    *out = (pairing_stage)i;
    return true;
}

const char *pairing_stage_name(pairing_stage s)
{
    return (unsigned)s < PAIRING_STAGE_COUNT ? dj_pairing_stages[s].name : NULL;
}

const char *pairing_stage_label(pairing_stage s)
{
    return (unsigned)s < PAIRING_STAGE_COUNT ? dj_pairing_stages[s].label : NULL;
}

const char *milestone_state_name(milestone_state s)
{
    return (unsigned)s <= MILESTONE_DONE_LATE ? dj_milestone_states[s].name : NULL;
}

pairing_settings pairing_defaults(void) { return (pairing_settings){1, 1, 6}; }

bool pairing_settings_validate(const pairing_settings *s, dj_err *err)
{
    if (s->max_per_instructor < 1 || s->max_per_instructor > 20)
        return dj_err_set(err, "validation", "max_per_instructor", "每名指导员可结对的机构数应为 1 到 20");
    if (s->max_per_institution < 1 || s->max_per_institution > 5)
        return dj_err_set(err, "validation", "max_per_institution", "每家机构可结对的指导员数应为 1 到 5");
    if (s->max_stars < 1 || s->max_stars > 10)
        return dj_err_set(err, "validation", "max_stars", "星级上限应为 1 到 10");
    return true;
}

dj_date pairing_default_end(dj_date started_on) { return date_add_years(started_on, PAIRING_YEARS_DEFAULT); }

bool pairing_dates_check(dj_date started_on, dj_date ends_on, dj_err *err)
{
    if (ends_on <= started_on)
        return dj_err_set(err, "validation", "ends_on", "结束日期须晚于开始日期");
    return true;
}

bool pairing_stage_change_check(pairing_stage from, pairing_stage to, dj_err *err)
{
    if ((unsigned)to >= PAIRING_STAGE_COUNT)
        return dj_err_set(err, "validation", "stage", "阶段无效，应为搭架子、正常化或见成效");
    if (to == from || (unsigned)to == (unsigned)from + 1)
        return true;
    if (to < from)
        return dj_err_set(err, "validation", "stage", "阶段不能回退（%s → %s）", pairing_stage_label(from),
                          pairing_stage_label(to));
    return dj_err_set(err, "validation", "stage", "阶段须逐步推进：搭架子 → 正常化 → 见成效，不能从%s直接到%s",
                      pairing_stage_label(from), pairing_stage_label(to));
}

bool pairing_ownership_check(const char *ownership, dj_err *err)
{
    if (!ownership || strcmp(ownership, "private") != 0)
        return dj_err_set(err, "validation", "institution_id", "结对帮带只面向民营（社会办）医疗机构，该机构为公立机构");
    return true;
}

bool pairing_capacity_check(int held, int max, bool of_instructor, dj_err *err)
{
    if (held < max)
        return true;
    if (of_instructor)
        return dj_err_set(err, "validation", "instructor_user_id", "该指导员已结对 %d 家机构，达到上限（%d 家）", held, max);
    return dj_err_set(err, "validation", "institution_id", "该机构已有 %d 名结对指导员，达到上限（%d 名）", held, max);
}

bool pairing_target_check(int stars, int max_stars, dj_err *err)
{
    if (stars < 1 || stars > max_stars)
        return dj_err_set(err, "validation", "target_stars", "目标星级应为 1 到 %d 星", max_stars);
    return true;
}

bool pairing_milestone_check(dj_date started_on, dj_date ends_on, dj_date due_on, bool done, dj_date done_on,
                             dj_date today, dj_err *err)
{
    if (due_on < started_on || due_on > ends_on)
        return dj_err_set(err, "validation", "milestones", "节点的计划完成日期须在结对期限内");
    if (done && done_on < started_on)
        return dj_err_set(err, "validation", "milestones", "节点的实际完成日期不能早于结对开始日期");
    if (done && done_on > today)
        return dj_err_set(err, "validation", "milestones", "节点的实际完成日期不能晚于今天");
    return true;
}

milestone_state pairing_milestone_state(dj_date due_on, bool done, dj_date done_on, dj_date today)
{
    if (done)
        return done_on <= due_on ? MILESTONE_DONE : MILESTONE_DONE_LATE;
    return due_on < today ? MILESTONE_LATE : MILESTONE_PENDING;
}

bool pairing_visit_check(dj_date started_on, dj_date ends_on, dj_date visited_on, dj_date today, dj_err *err)
{
    if (visited_on > today)
        return dj_err_set(err, "validation", "visited_on", "走访日期不能晚于今天");
    if (visited_on < started_on)
        return dj_err_set(err, "validation", "visited_on", "走访日期不能早于结对开始日期");
    if (visited_on > ends_on)
        return dj_err_set(err, "validation", "visited_on", "走访日期不能晚于结对结束日期");
    return true;
}

void pairing_quarter_label(dj_date d, char out[8])
{
    unsigned y = (unsigned)date_year(d) % 10000u, q = ((unsigned)date_month(d) - 1u) / 3u % 4u + 1u;
    snprintf(out, 8, "%04u-Q%u", y, q);
}
