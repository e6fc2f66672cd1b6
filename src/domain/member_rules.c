/* member_rules.c: member enums and record validation. */
#include "domain/member_rules.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "domain/enums.h"
#include "domain/idcard.h"

#define COUNT_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *entry_name(const dj_enum *table, int i)
{
    return (i >= 0 && (size_t)i < dj_enum_count(table)) ? table[i].name : NULL;
}

static const char *entry_label(const dj_enum *table, int i)
{
    return (i >= 0 && (size_t)i < dj_enum_count(table)) ? table[i].label : NULL;
}

const char *member_gender_name(member_gender g) { return entry_name(dj_genders, (int)g); }
const char *member_gender_label(member_gender g) { return entry_label(dj_genders, (int)g); }
const char *member_category_name(member_category c) { return entry_name(dj_member_categories, (int)c); }
const char *member_category_label(member_category c) { return entry_label(dj_member_categories, (int)c); }
const char *member_status_name(member_status s) { return entry_name(dj_member_statuses, (int)s); }
const char *member_status_label(member_status s) { return entry_label(dj_member_statuses, (int)s); }

bool member_gender_parse(const char *s, member_gender *out)
{
    int i = dj_enum_index(dj_genders, s);
    if (i < 0)
        return false;
    *out = (member_gender)i;
    return true;
}

bool member_category_parse(const char *s, member_category *out)
{
    int i = dj_enum_index(dj_member_categories, s);
    if (i < 0)
        return false;
    *out = (member_category)i;
    return true;
}

bool member_status_parse(const char *s, member_status *out)
{
    int i = dj_enum_index(dj_member_statuses, s);
    if (i < 0)
        return false;
    *out = (member_status)i;
    return true;
}

static bool present(const char *s)
{
    return s && *s;
}


/* Optional free text: if present, text a person can read (text_check: no controls,
 * noncharacters or bidi controls, at least one visible character) of at most max code points. */
static bool check_text(const char *s, const char *field, const char *label, size_t max, dj_err *err)
{
    if (!present(s))
        return true;
    if (!text_check(s, false, true, label, field, err))
        return false;
    size_t n = utf8_length(s);
    if (n > max)
        return dj_err_set(err, "validation", field, "%s不能超过%zu个字（当前%zu个）", label, max, n);
    return true;
}

/* Required date (date_check says what is wrong with it), not after today. */
static bool check_date(const char *s, const char *field, const char *label, dj_date today,
                       dj_date *out, dj_err *err)
{
    if (!date_check(s, label, field, out, err))
        return false;
    if (*out > today)
        return dj_err_set(err, "validation", field, "%s不能晚于今天", label);
    return true;
}

/* What the checks found so far, for the checks that depend on it (an ID number against the birth
 * date and gender, the age at joining, the probation). */
typedef struct vctx {
    dj_date today, birth, joined;
    member_gender gender;
    member_category category;
    bool birth_ok, gender_ok, category_ok, joined_ok;
} vctx;

static bool v_name(const member_input *m, vctx *x, dj_err *err)
{
    (void)x;
    if (text_blank(m->name))
        return dj_err_set(err, "validation", "name", "姓名不能为空");
    return check_text(m->name, "name", "姓名", MEMBER_NAME_MAX, err);
}

static bool v_gender(const member_input *m, vctx *x, dj_err *err)
{
    if (!present(m->gender))
        return dj_err_set(err, "validation", "gender", "性别不能为空");
    if (!member_gender_parse(m->gender, &x->gender))
        return dj_err_set(err, "validation", "gender", "性别应为“男”或“女”");
    return x->gender_ok = true;
}

static bool v_birth(const member_input *m, vctx *x, dj_err *err)
{
    return x->birth_ok = check_date(m->birth_date, "birth_date", "出生日期", x->today, &x->birth, err);
}

/* The ID number: valid, and consistent with the birth date and gender (DOMAIN.md §5). */
static bool v_id_number(const member_input *m, vctx *x, dj_err *err)
{
    if (!idcard_validate_on(m->id_number, x->today, err))
        return false;
    dj_date id_birth;
    idcard_birth_date(m->id_number, &id_birth); /* cannot fail after validation */
    if (x->birth_ok && id_birth != x->birth) {
        char a[11], b[11];
        date_format(id_birth, a);
        date_format(x->birth, b);
        return dj_err_set(err, "validation", "id_number", "身份证号中的出生日期（%s）与填写的出生日期（%s）不一致", a,
                          b);
    }
    int id_gender = idcard_gender(m->id_number);
    if (x->gender_ok && (id_gender == 1) != (x->gender == GENDER_MALE))
        return dj_err_set(err, "validation", "id_number", "身份证号第17位表示%s性，与填写的性别“%s”不一致",
                          id_gender == 1 ? "男" : "女", member_gender_label(x->gender));
    return true;
}

static bool v_phone(const member_input *m, vctx *x, dj_err *err)
{
    (void)x;
    return phone_validate(m->phone, err);
}

static bool v_category(const member_input *m, vctx *x, dj_err *err)
{
    if (!present(m->category))
        return dj_err_set(err, "validation", "category", "党员类别不能为空");
    if (!member_category_parse(m->category, &x->category))
        return dj_err_set(err, "validation", "category", "党员类别应为“正式党员”或“预备党员”");
    return x->category_ok = true;
}

static bool v_status(const member_input *m, vctx *x, dj_err *err)
{
    (void)x;
    member_status status;
    if (present(m->status) && !member_status_parse(m->status, &status))
        return dj_err_set(err, "validation", "status", "状态应为在册、流动、失联、转出、停止党籍或去世之一");
    return true;
}

/* joined_on: not before the age of 18 (DOMAIN.md §4) */
static bool v_joined(const member_input *m, vctx *x, dj_err *err)
{
    if (!check_date(m->joined_on, "joined_on", "入党日期", x->today, &x->joined, err))
        return false;
    x->joined_ok = true;
    int age = x->birth_ok ? date_age_on(x->birth, x->joined) : MEMBER_MIN_AGE;
    if (age < MEMBER_MIN_AGE)
        return dj_err_set(err, "validation", "joined_on", "入党时应年满%d周岁（入党日期时为%d周岁）", MEMBER_MIN_AGE,
                          age < 0 ? 0 : age);
    return true;
}

/* full_on: a full member became full after one year of probation (DOMAIN.md §4) */
static bool v_full(const member_input *m, vctx *x, dj_err *err)
{
    if (!x->category_ok)
        return true; /* what the category needs is unknown */
    if (x->category == CATEGORY_PROBATIONARY)
        return !present(m->full_on) || dj_err_set(err, "validation", "full_on", "预备党员不应填写转正日期");
    dj_date full;
    if (!present(m->full_on))
        return dj_err_set(err, "validation", "full_on", "正式党员须填写转正日期");
    if (!date_check(m->full_on, "转正日期", "full_on", &full, err))
        return false;
    if (full > x->today)
        return dj_err_set(err, "validation", "full_on", "转正日期不能晚于今天");
    if (!x->joined_ok)
        return true;
    if (full < x->joined)
        return dj_err_set(err, "validation", "full_on", "转正日期不能早于入党日期");
    dj_date due = date_add_years(x->joined, MEMBER_PROBATION_YEARS);
    if (full < due) {
        char d[11];
        date_format(due, d);
        return dj_err_set(err, "validation", "full_on", "预备期为%d年，转正日期不能早于%s（入党日期满%d年）",
                          MEMBER_PROBATION_YEARS, d, MEMBER_PROBATION_YEARS);
    }
    return true;
}

/* The other free text, each on its own. */
static const struct {
    size_t offset;
    const char *field;
    const char *label;
} texts[] = {
    {offsetof(member_input, ethnicity), "ethnicity", "民族"},
    {offsetof(member_input, education), "education", "学历"},
    {offsetof(member_input, title), "title", "职称"},
    {offsetof(member_input, department), "department", "科室"},
    {offsetof(member_input, position), "position", "职务"},
};

typedef bool (*vstep)(const member_input *m, vctx *x, dj_err *err);
static const vstep steps[] = {v_name, v_gender, v_birth, v_id_number, v_phone, v_category, v_status, v_joined, v_full};

int member_validate_all(const member_input *m, dj_date today, dj_err *errs, int max)
{
    vctx x = {.today = today};
    int n = 0;
    dj_err e;
    for (int i = 0; i < COUNT_OF(steps); i++)
        if (!steps[i](m, &x, &e) && n++ < max)
            errs[n - 1] = e;
    for (int i = 0; i < COUNT_OF(texts); i++) {
        const char *s = *(const char *const *)((const char *)m + texts[i].offset);
        if (!check_text(s, texts[i].field, texts[i].label, MEMBER_TEXT_MAX, &e) && n++ < max)
            errs[n - 1] = e;
    }
    return n;
}

bool member_validate(const member_input *m, dj_date today, dj_err *err)
{
    /* The first fault, in the order of the form. */
    dj_err first;
    if (member_validate_all(m, today, &first, 1) == 0)
        return true;
    if (err)
        *err = first;
    return false;
}

bool member_transfer_date_validate(const char *transfer_date, const char *joined_on, dj_date today,
                                   dj_err *err)
{
    dj_date t, joined;
    if (!check_date(transfer_date, "transfer_date", "转接日期", today, &t, err))
        return false;
    if (present(joined_on) && date_parse(joined_on, &joined) && t < joined) {
        char j[11];
        date_format(joined, j);
        return dj_err_set(err, "validation", "transfer_date", "转接日期不能早于该党员的入党日期（%s）", j);
    }
    return true;
}

bool member_tags_validate(const char *const *tags, size_t n, dj_err *err)
{
    if (n > MEMBER_TAGS_MAX)
        return dj_err_set(err, "validation", "tags", "标签不能超过%d个（当前%zu个）", MEMBER_TAGS_MAX, n);
    for (size_t i = 0; i < n; i++) {
        const char *t = tags[i];
        if (text_blank(t))
            return dj_err_set(err, "validation", "tags", "第%zu个标签为空", i + 1);
        if (!text_check(t, false, true, "标签", "tags", NULL)) { /* the label only for the message */
            char label[32];
            snprintf(label, sizeof label, "第%zu个标签", i + 1);
            return text_check(t, false, true, label, "tags", err);
        }
        size_t len = utf8_length(t);
        if (len > MEMBER_TAG_MAX)
            return dj_err_set(err, "validation", "tags", "第%zu个标签超过%d个字（当前%zu个）", i + 1, MEMBER_TAG_MAX, len);
    }
    return true;
}
