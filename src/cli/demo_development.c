/* demo_development.c: people in the development pipeline (发展党员, DOMAIN.md §4) for the demo
 * data (demo.c): in every branch, applicants at every stage with step dates that keep the time
 * rules (a talk within the month, a year as an activist, three months to approval, a year of
 * probation), some with something falling due (a talk owed, one overdue, an activist reaching
 * the year, an approval waiting); the branch's probationary members and a recent full member as
 * those who came through it (their steps up to joining dated back from their 入党日期); and the
 * dated 三培养 tags (业务骨干, 后备干部) of a few member files. Deterministic, plain SQL without an
 * audit record per row. */
#include "cli/cli.h"

#include "core/date.h"
#include "core/json.h"
#include "domain/development.h"
#include "domain/idcard.h"
#include "store/development.h"
#include "store/meetings.h"
#include "store/members.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const dj_actor demo_actor = {.username = "demo", .role = "admin", .scope_path = "/"};

/* Days of each step after step 1 for a straight run through the pipeline (offsets[k]: step k). */
static void plan_dates(dj_date s1, dj_date out[DEV_STEPS + 1])
{
    out[1] = s1;
    out[2] = date_add_days(s1, 14);
    out[3] = date_add_days(s1, 60);
    out[4] = date_add_days(out[3], 7);
    out[5] = date_add_days(out[3], 10);
    out[6] = date_add_days(out[3], 30);
    out[7] = date_add_days(date_add_years(out[3], 1), 10);
    out[8] = date_add_days(out[7], 7);
    out[9] = date_add_days(out[7], 10);
    out[10] = date_add_days(out[7], 20);
    out[11] = date_add_days(out[7], 30);
    out[12] = date_add_days(out[11], 15);
    out[13] = date_add_days(out[12], 7);
    out[14] = date_add_days(out[13], 7);
    out[15] = date_add_days(out[14], 10);
    out[16] = date_add_days(out[15], 20);
    out[17] = date_add_days(out[15], 60);
    out[18] = date_add_days(out[17], 10);
    out[19] = date_add_days(out[17], 5);
    out[20] = date_add_days(out[17], 10);
    out[21] = date_add_days(out[17], 30);
    out[22] = date_add_days(date_add_years(out[15], 1), -20);
    out[23] = date_add_days(date_add_years(out[15], 1), 3);
    out[24] = date_add_days(out[23], 20);
    out[25] = date_add_days(out[24], 10);
}

/* The same plan placed so that step 15 falls on admitted. */
static void plan_from_admission(dj_date admitted, dj_date out[DEV_STEPS + 1])
{
    dj_date probe[DEV_STEPS + 1];
    plan_dates(date_from_ymd(2000, 1, 1), probe);
    plan_dates(date_add_days(admitted, -(probe[15] - probe[1])), out);
}

typedef struct demo_person {
    const char *name, *gender, *birth, *id_number, *phone, *education, *title, *department, *position;
    const char *tags; /* JSON text */
    int64_t member_id; /* 0: not a member yet */
} demo_person;

typedef struct branch {
    int64_t id;
    char path[128];
} branch;

typedef struct branch_list {
    branch *b;
    size_t n, cap;
} branch_list;

static void on_org(void *arg, int64_t id, const char *name, const char *type, const char *est, bool committee)
{
    (void)name;
    (void)est;
    (void)committee;
    branch_list *l = arg;
    if (strcmp(type, "branch") != 0 && strcmp(type, "joint_branch") != 0)
        return;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->b = realloc(l->b, l->cap * sizeof *l->b);
    }
    l->b[l->n].id = id;
    l->b[l->n].path[0] = '\0';
    l->n++;
}

/* One person with steps 1..last done on dates[1..last]. */
static bool add_applicant(db *d, const branch *b, const demo_person *p, int last, const dj_date *dates,
                          const char *people, dj_err *err)
{
    char now[32], ds[5][11] = {"", "", "", "", ""};
    store_now(now);
    const int keys[4] = {DEV_STEP_APPLY, DEV_STEP_ACTIVIST, DEV_STEP_ADMIT, DEV_STEP_APPROVE};
    for (int k = 0; k < 4; k++)
        if (last >= keys[k])
            date_format(dates[keys[k]], ds[k]);
    db_stmt *s = db_prepare(d, "INSERT INTO applicants (name, gender, ethnicity, birth_date, id_number, phone, education,"
                               " title, department, position, org_id, org_path, tags, stage, last_step, applied_on,"
                               " activist_on, admitted_on, approved_on, extension_months, member_id, version, created_at,"
                               " updated_at) VALUES (?, ?, '汉族', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 1, ?, ?) RETURNING id");
    const char *texts[] = {p->name, p->gender, p->birth, p->id_number, p->phone, p->education, p->title, p->department,
                           p->position};
    for (int i = 0; i < 9; i++) {
        if (texts[i] && *texts[i])
            db_bind_text(s, i + 1, texts[i]);
        else
            db_bind_null(s, i + 1);
    }
    db_bind_int(s, 10, b->id);
    db_bind_text(s, 11, b->path);
    db_bind_text(s, 12, p->tags ? p->tags : "[]");
    db_bind_text(s, 13, dev_stage_name(dev_stage_of(last)));
    db_bind_int(s, 14, last);
    for (int k = 0; k < 4; k++) {
        if (*ds[k])
            db_bind_text(s, 15 + k, ds[k]);
        else
            db_bind_null(s, 15 + k);
    }
    if (p->member_id)
        db_bind_int(s, 19, p->member_id);
    else
        db_bind_null(s, 19);
    db_bind_text(s, 20, now);
    db_bind_text(s, 21, now);
    if (db_step(s, err) != 1)
        return false;
    int64_t id = db_col_int(s, 0);
    db_reset(s);
    bool ok = true;
    for (int k = 1; ok && k <= last; k++) {
        char on[11];
        date_format(dates[k], on);
        json_t *st = json_pack("{s:i,s:s}", "step", k, "done_on", on);
        if (dev_step_needs_people(k) && people)
            json_object_set_new(st, "people", json_loads(people, 0, NULL));
        if (k == DEV_STEP_TRAINING)
            json_object_set_new(st, "training_days", json_integer(3));
        if (dev_step_needs_vote(k)) { /* the branch general meeting: 12 entitled, 11 present, 11 in favour */
            json_t *vote = json_pack("{s:i,s:i,s:i,s:i,s:i}", "voters_entitled", 12, "voters_present", 11, "votes_for",
                                     11, "votes_against", 0, "votes_abstain", 0);
            json_object_update(st, vote);
            json_decref(vote);
        }
        ok = applicant_step_insert(d, id, st, &demo_actor, err);
        json_decref(st);
    }
    return ok;
}

static const char *const surnames[] = {"赵", "钱", "孙", "周", "吴", "郑", "冯", "陈", "褚", "卫", "蒋", "沈", "韩", "杨"};
static const char *const given[] = {"雨桐", "梓萱", "子墨", "一诺", "嘉怡", "俊杰", "思琪", "浩宇", "欣妍", "晨曦",
                                    "明轩", "诗涵", "家豪", "若曦", "天佑", "婉清"};
static const char *const departments[] = {"内科", "外科", "护理部", "急诊科", "儿科", "检验科", "药剂科", "医务科"};
static const char *const titles[] = {"住院医师", "主治医师", "护师", "主管护师", "技师", "药师"};

/* The fresh applicants of a branch: how far each has come, and how many days ago its step 1 was
 * (0: placed so that its last step was about 10 days ago). */
static const struct {
    int last;
    int days_ago;   /* step 1 that many days ago (0: from the plan) */
    bool backbone;  /* tagged 业务骨干 */
} fresh[] = {
    {1, 10, false},  /* a talk owed */
    {1, 45, false},  /* a talk overdue (only in some branches, see below) */
    {2, 0, true},    /* an applicant after the talk */
    {5, 0, false},   /* an activist with contacts */
    {6, 0, true},    /* an activist near the year (placed below) */
    {11, 0, true},   /* a candidate trained */
    {16, 0, false},  /* admitted, waiting for approval */
};

bool demo_development_load(db *d, dj_err *err)
{
    branch_list l = {0};
    if (!meetings_each_org(d, "/", on_org, &l, err)) {
        free(l.b);
        return false;
    }
    dj_date today = date_today();
    bool ok = true;
    int count = 0;
    unsigned seq = 0;
    for (size_t i = 0; ok && i < l.n; i++) {
        branch *b = &l.b[i];
        db_stmt *s = db_prepare(d, "SELECT path FROM orgs WHERE id = ?");
        db_bind_int(s, 1, b->id);
        if (db_step(s, err) != 1) {
            ok = false;
            break;
        }
        snprintf(b->path, sizeof b->path, "%s", db_col_text(s, 0));
        db_reset(s);
        /* Two full members on the register: the contacts and the sponsors; an area code. */
        s = db_prepare(d, "SELECT id, substr(id_number, 1, 6) FROM members WHERE org_id = ? AND category = 'full'"
                          " AND status = 'active' AND deleted_at IS NULL ORDER BY id LIMIT 2");
        db_bind_int(s, 1, b->id);
        int64_t pp[2] = {0, 0};
        char area[8] = "440106";
        int np = 0, rc;
        while ((rc = db_step(s, err)) == 1 && np < 2) {
            pp[np] = db_col_int(s, 0);
            if (np == 0)
                snprintf(area, sizeof area, "%s", db_col_text(s, 1));
            np++;
        }
        db_reset(s);
        if (rc < 0) {
            ok = false;
            break;
        }
        if (np < 2)
            continue;
        char people[64];
        snprintf(people, sizeof people, "[%lld,%lld]", (long long)pp[0], (long long)pp[1]);
        for (size_t k = 0; ok && k < sizeof fresh / sizeof fresh[0]; k++) {
            if (fresh[k].days_ago == 45 && i % 3 != 0)
                continue;
            seq++;
            int age = 23 + (int)((seq * 7) % 15);
            dj_date birth = date_from_ymd(date_year(today) - age, 1 + (int)(seq % 12), 1 + (int)((seq * 5) % 28));
            bool male = seq % 2;
            char idn[19], bd[11], phone[16], name[32];
            idcard_generate(area, birth, (int)(((seq % 450) + 500) * 2 % 1000) + (male ? 1 : 0), idn);
            for (int bump = 1; member_id_number_taken(d, idn, 0); bump++)
                idcard_generate(area, birth, (int)((((seq + bump) % 450) + 500) * 2 % 1000) + (male ? 1 : 0), idn);
            date_format(birth, bd);
            snprintf(phone, sizeof phone, "139%08u", 10000000u + seq * 7919u % 89999999u);
            snprintf(name, sizeof name, "%s%s", surnames[seq % 14], given[(seq * 3) % 16]);
            dj_date dates[DEV_STEPS + 1];
            int last = fresh[k].last;
            if (fresh[k].days_ago) {
                plan_dates(date_add_days(today, -fresh[k].days_ago), dates);
            } else if (last == 6) {
                /* An activist whose year is reached in about two weeks. */
                dj_date probe[DEV_STEPS + 1];
                plan_dates(date_from_ymd(2000, 1, 1), probe);
                plan_dates(date_add_days(date_add_years(today, -1), 14 - (probe[3] - probe[1])), dates);
            } else if (last == 16 && i % 2 == 0) {
                /* Admitted a hundred days ago, approval still waiting (past 3 months). */
                plan_from_admission(date_add_days(today, -100), dates);
            } else {
                dj_date probe[DEV_STEPS + 1];
                plan_dates(date_from_ymd(2000, 1, 1), probe);
                plan_dates(date_add_days(today, -(probe[last] - probe[1]) - 10 - (int)(seq % 20)), dates);
            }
            demo_person p = {name, male ? "male" : "female", bd, idn, phone, "本科", titles[seq % 6],
                             departments[seq % 8], "", fresh[k].backbone ? "[\"业务骨干\"]" : "[]", 0};
            ok = add_applicant(d, b, &p, last, dates, people, err);
            count += ok;
        }
        /* Those who came through: the probationary members and one recent full member. */
        s = db_prepare(d, "SELECT id, name, gender, birth_date, id_number, phone, education, title, department, position,"
                          " joined_on, category, full_on, tags FROM members WHERE org_id = ? AND deleted_at IS NULL"
                          " AND status = 'active' AND (category = 'probationary' OR (full_on IS NOT NULL AND full_on >= ?))"
                          " ORDER BY category DESC, id LIMIT 3");
        char since[11];
        date_format(date_add_years(today, -3), since);
        db_bind_int(s, 1, b->id);
        db_bind_text(s, 2, since);
        json_t *rows = db_rows_json(s, NULL, err);
        ok = ok && rows;
        size_t r;
        json_t *m;
        json_array_foreach(rows, r, m) {
            if (!ok)
                break;
            dj_date joined = 0, full = 0;
            date_parse(json_str(m, "joined_on"), &joined);
            date_parse(json_str(m, "full_on"), &full);
            dj_date dates[DEV_STEPS + 1];
            plan_from_admission(joined, dates);
            int last = 15;
            if (strcmp(json_str(m, "category"), "full") == 0) {
                dates[23] = date_add_days(full, 3);
                dates[24] = date_add_days(full, 20);
                dates[25] = date_add_days(full, 30);
                last = dates[25] <= today ? 25 : dates[24] <= today ? 24 : 0;
                if (!last)
                    continue;
            } else {
                while (last < 22 && dates[last + 1] <= today)
                    last++;
            }
            demo_person p = {json_str(m, "name"), json_str(m, "gender"), json_str(m, "birth_date"),
                             json_str(m, "id_number"), json_str(m, "phone"), json_str(m, "education"),
                             json_str(m, "title"), json_str(m, "department"), json_str(m, "position"),
                             json_str(m, "tags"), json_integer_value(json_object_get(m, "id"))};
            ok = add_applicant(d, b, &p, last, dates, people, err);
            count += ok;
        }
        json_decref(rows);
        /* 三培养: the first member tagged 业务骨干 was recognised this year, after joining; one
         * with both tags became a reserve cadre this year. */
        s = db_prepare(d, "SELECT id, joined_on, tags FROM members WHERE org_id = ? AND deleted_at IS NULL"
                          " AND tags LIKE '%业务骨干%' AND joined_on IS NOT NULL ORDER BY id LIMIT 2");
        db_bind_int(s, 1, b->id);
        rows = db_rows_json(s, NULL, err);
        ok = ok && rows;
        json_array_foreach(rows, r, m) {
            if (!ok)
                break;
            dj_date joined = 0, on = date_add_days(today, -(int)(20 + (i * 13 + r * 40) % 150));
            date_parse(json_str(m, "joined_on"), &joined);
            if (on <= joined)
                continue;
            char ds[11];
            date_format(on, ds);
            int64_t mid = json_integer_value(json_object_get(m, "id"));
            ok = member_tag_put(d, mid, "业务骨干", ds, &demo_actor, err);
            if (ok && strstr(json_str(m, "tags"), "后备干部")) {
                date_format(date_add_days(on, 10) <= today ? date_add_days(on, 10) : today, ds);
                ok = member_tag_put(d, mid, "后备干部", ds, &demo_actor, err);
            }
        }
        json_decref(rows);
    }
    free(l.b);
    if (ok)
        printf("demo applicants: %d\n", count);
    return ok;
}
