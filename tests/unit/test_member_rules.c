/* test_member_rules.c: domain/member_rules — member enums and the "Validation" paragraph of
 * docs/API.md §Members, with the age rule of DOMAIN.md §4 and the ID rules of DOMAIN.md §5. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/member_rules.h"

static dj_date D(const char *s)
{
    dj_date d = 0;
    assert_true(date_parse(s, &d));
    return d;
}

#define TODAY D("2024-06-01")

/* A valid full member, born 1985-06-15, male (17th digit 3). */
static member_input valid_member(void)
{
    member_input m = {
        .name = "张三",
        .gender = "male",
        .ethnicity = "汉族",
        .birth_date = "1985-06-15",
        .id_number = "440101198506151237",
        .phone = "13812341234",
        .education = "本科",
        .title = "主任医师",
        .department = "内科",
        .position = "科主任",
        .category = "full",
        .status = "active",
        .joined_on = "2010-07-01",
        .full_on = "2011-07-01",
    };
    return m;
}

static void expect_fail(const member_input *m, const char *field, const char *fragment)
{
    dj_err e;
    memset(&e, 0, sizeof e);
    assert_false(member_validate(m, TODAY, &e));
    assert_string_equal(e.code, "validation");
    assert_string_equal(e.field, field);
    if (fragment && !strstr(e.message, fragment))
        fail_msg("message \"%s\" lacks \"%s\"", e.message, fragment);
}

static void expect_ok(const member_input *m)
{
    dj_err e;
    memset(&e, 0, sizeof e);
    if (!member_validate(m, TODAY, &e))
        fail_msg("unexpected error on %s: %s", e.field, e.message);
}

/* Repeats a string n times into buf. */
static const char *repeat(char *buf, size_t cap, const char *unit, int n)
{
    size_t u = strlen(unit), len = 0;
    for (int i = 0; i < n; i++) {
        assert_true(len + u < cap);
        memcpy(buf + len, unit, u);
        len += u;
    }
    buf[len] = '\0';
    return buf;
}

static void test_enum_names_labels(void **state)
{
    (void)state;
    assert_string_equal(member_gender_name(GENDER_MALE), "male");
    assert_string_equal(member_gender_label(GENDER_FEMALE), "女");
    assert_string_equal(member_category_name(CATEGORY_PROBATIONARY), "probationary");
    assert_string_equal(member_category_label(CATEGORY_FULL), "正式党员");
    static const char *names[] = {"active", "mobile", "lost_contact", "transferred_out", "suspended",
                                  "deceased"};
    static const char *labels[] = {"在册", "流动", "失联", "转出", "停止党籍", "去世"};
    for (int i = 0; i < 6; i++) {
        assert_string_equal(member_status_name((member_status)i), names[i]);
        assert_string_equal(member_status_label((member_status)i), labels[i]);
        member_status s = STATUS_ACTIVE;
        assert_true(member_status_parse(names[i], &s));
        assert_int_equal(s, i);
        s = STATUS_ACTIVE;
        assert_true(member_status_parse(labels[i], &s));
        assert_int_equal(s, i);
    }
    assert_null(member_status_name((member_status)6));
    assert_null(member_gender_label((member_gender)2));
    assert_null(member_category_name((member_category)7));
}

static void test_enum_parse(void **state)
{
    (void)state;
    member_gender g = GENDER_MALE;
    assert_true(member_gender_parse("女", &g));
    assert_int_equal(g, GENDER_FEMALE);
    assert_true(member_gender_parse("male", &g));
    assert_int_equal(g, GENDER_MALE);
    assert_false(member_gender_parse("M", &g));
    assert_false(member_gender_parse(NULL, &g));
    assert_int_equal(g, GENDER_MALE);

    member_category c = CATEGORY_FULL;
    assert_true(member_category_parse("预备党员", &c));
    assert_int_equal(c, CATEGORY_PROBATIONARY);
    assert_true(member_category_parse("full", &c));
    assert_int_equal(c, CATEGORY_FULL);
    assert_false(member_category_parse("正式", &c));

    member_status s = STATUS_MOBILE;
    assert_false(member_status_parse("Active", &s));
    assert_false(member_status_parse("", &s));
    assert_int_equal(s, STATUS_MOBILE);
}

static void test_valid_member_passes(void **state)
{
    (void)state;
    member_input m = valid_member();
    expect_ok(&m);
    assert_true(member_validate(&m, TODAY, NULL));

    /* Chinese labels are accepted (CSV import), optional fields may be absent or empty. */
    member_input c = {
        .name = "李四", .gender = "女", .birth_date = "1985-06-15", .id_number = "440101198506151245",
        .category = "预备党员", .status = "流动", .joined_on = "2024-05-01", .phone = "", .full_on = "",
    };
    expect_ok(&c);
}

/* docs/API.md §Members: name 1–50 chars. */
static void test_name(void **state)
{
    (void)state;
    char buf[512];
    member_input m = valid_member();
    m.name = NULL;
    expect_fail(&m, "name", "不能为空");
    m.name = "";
    expect_fail(&m, "name", "不能为空");
    /* White space only is no name (the API and the import trim; the rule holds without). */
    m.name = "   ";
    expect_fail(&m, "name", "不能为空");
    m.name = " \t\r\n";
    expect_fail(&m, "name", "不能为空");
    m.name = "\xE3\x80\x80\xE3\x80\x80"; /* U+3000 IDEOGRAPHIC SPACE twice */
    expect_fail(&m, "name", "不能为空");
    m.name = "\xE3\x80\x80王";
    expect_ok(&m);
    m.name = "王";
    expect_ok(&m);
    m.name = repeat(buf, sizeof buf, "欧", 50); /* 50 code points, 150 bytes */
    expect_ok(&m);
    m.name = repeat(buf, sizeof buf, "欧", 51);
    expect_fail(&m, "name", "51");
    m.name = repeat(buf, sizeof buf, "a", 50);
    expect_ok(&m);
    m.name = repeat(buf, sizeof buf, "a", 51);
    expect_fail(&m, "name", "50");
    m.name = "张\xFF三";
    expect_fail(&m, "name", "无效");
    m.name = "\xED\xA0\x80"; /* a surrogate */
    expect_fail(&m, "name", "无效");
}

/* docs/API.md §Members: gender required. */
static void test_gender(void **state)
{
    (void)state;
    member_input m = valid_member();
    m.gender = NULL;
    expect_fail(&m, "gender", "不能为空");
    m.gender = "";
    expect_fail(&m, "gender", "不能为空");
    m.gender = "M";
    expect_fail(&m, "gender", "男");
    m.gender = "男";
    expect_ok(&m);
}

/* docs/API.md §Members: birth_date required, not in the future. */
static void test_birth_date(void **state)
{
    (void)state;
    member_input m = valid_member();
    m.birth_date = NULL;
    expect_fail(&m, "birth_date", "不能为空");
    m.birth_date = "1985/06/15";
    expect_fail(&m, "birth_date", "YYYY-MM-DD");
    m.birth_date = "1985-02-30";
    expect_fail(&m, "birth_date", "1985年2月没有30日");
    m.birth_date = "2024-06-02";
    expect_fail(&m, "birth_date", "晚于今天");
}

/* Issue 11 F: a date before the earliest allowed says so, in words, without the field's JSON
 * name: "出生日期不能早于1900-01-01", not "birth_date: 须为 YYYY-MM-DD 格式的日期". */
static void test_birth_date_messages_say_what_is_wrong(void **state)
{
    (void)state;
    static const struct {
        const char *value, *fragment;
    } cases[] = {
        {"1899-01-01", "出生日期不能早于1900-01-01"},
        {"1899-12-31", "出生日期不能早于1900-01-01"},
        {"0001-01-01", "出生日期不能早于1900-01-01"},
        {"1985-13-01", "出生日期的月份应在01至12之间"},
        {"1985-00-10", "出生日期的月份应在01至12之间"},
        {"1985-04-31", "出生日期不是有效日期：1985年4月没有31日"},
        {"1985-02-29", "1985年2月没有29日"},
        {"1985-6-15", "出生日期应为YYYY-MM-DD格式"},
        {"19850615", "出生日期应为YYYY-MM-DD格式"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        member_input m = valid_member();
        m.birth_date = cases[i].value;
        dj_err e;
        memset(&e, 0, sizeof e);
        assert_false(member_validate(&m, TODAY, &e));
        assert_string_equal(e.field, "birth_date");
        if (!strstr(e.message, cases[i].fragment))
            fail_msg("%s: message \"%s\" lacks \"%s\"", cases[i].value, e.message, cases[i].fragment);
        if (strstr(e.message, "birth_date"))
            fail_msg("%s: message \"%s\" carries the field's JSON name", cases[i].value, e.message);
    }
    /* The first and last days allowed. */
    member_input m = valid_member();
    m.birth_date = "1900-01-01";
    m.id_number = "110101190001011236"; /* born 1900-01-01, male */
    m.joined_on = "1921-07-01";
    m.full_on = "1922-07-01";
    expect_ok(&m);
}

/* docs/API.md §Members and DOMAIN.md §5: valid check char; birth date and parity agree. */
static void test_id_number(void **state)
{
    (void)state;
    member_input m = valid_member();
    m.id_number = NULL;
    expect_fail(&m, "id_number", "不能为空");
    m.id_number = "440101198506151238"; /* check char off */
    expect_fail(&m, "id_number", "校验位");
    m.id_number = "44010119850615123";
    expect_fail(&m, "id_number", "18位");
    m.id_number = "440101198506161232"; /* valid, born a day later */
    expect_fail(&m, "id_number", "1985-06-16");
    m.id_number = "440101198506151245"; /* valid, but female */
    expect_fail(&m, "id_number", "女性");
    m.gender = "female";
    expect_ok(&m);
    m.id_number = "440101198506151237";
    expect_fail(&m, "id_number", "男性");
}

/* docs/API.md §Members: phone empty or 11 digits starting with 1. */
static void test_phone(void **state)
{
    (void)state;
    member_input m = valid_member();
    m.phone = NULL;
    expect_ok(&m);
    m.phone = "";
    expect_ok(&m);
    m.phone = "1381234123";
    expect_fail(&m, "phone", "11位");
    m.phone = "28612341234";
    expect_fail(&m, "phone", "以1开头");
}

/* docs/API.md §Members: category required; status one of the six. */
static void test_category_and_status(void **state)
{
    (void)state;
    member_input m = valid_member();
    m.category = NULL;
    expect_fail(&m, "category", "不能为空");
    m.category = "member";
    expect_fail(&m, "category", "正式党员");
    m = valid_member();
    m.status = NULL;
    expect_ok(&m);
    m.status = "";
    expect_ok(&m);
    m.status = "去世";
    expect_ok(&m);
    m.status = "retired";
    expect_fail(&m, "status", "在册");
}

/* docs/API.md §Members: joined_on required, not before age 18, not in future (DOMAIN.md §4:
 * the applicant is at least 18). */
static void test_joined_on(void **state)
{
    (void)state;
    member_input m = valid_member();
    m.joined_on = NULL;
    expect_fail(&m, "joined_on", "不能为空");
    m.joined_on = "2010-7-1";
    expect_fail(&m, "joined_on", "YYYY-MM-DD");
    /* A probationary member, so that full_on does not constrain joined_on here. */
    m.full_on = NULL;
    m.category = "probationary";
    m.joined_on = "2024-06-02";
    expect_fail(&m, "joined_on", "晚于今天");
    m.joined_on = "2024-06-01";
    expect_ok(&m);

    /* Born 1985-06-15: 18 on 2003-06-15, not the day before. */
    m.joined_on = "2003-06-15";
    expect_ok(&m);
    m.joined_on = "2003-06-14";
    expect_fail(&m, "joined_on", "17周岁");
    m.joined_on = "1980-01-01"; /* before birth */
    expect_fail(&m, "joined_on", "18");
}

static void test_joined_on_leap_day_birth(void **state)
{
    (void)state;
    /* DOMAIN.md §4: someone born on 29 February 2004 turns 18 on 1 March 2022. */
    member_input m = valid_member();
    m.birth_date = "2004-02-29";
    m.id_number = "440101200402291235";
    m.full_on = NULL;
    m.category = "probationary";
    m.joined_on = "2022-02-28";
    expect_fail(&m, "joined_on", "17周岁");
    m.joined_on = "2022-03-01";
    expect_ok(&m);
}

/* docs/API.md §Members and DOMAIN.md §4 ("Probation is one year from the branch meeting's
 * date"): a full member has full_on, on or after joined_on + 1 year and not after today; a
 * probationary member has none. */
static void test_full_on(void **state)
{
    (void)state;
    member_input m = valid_member(); /* joined 2010-07-01 */
    m.full_on = "2011-07-01";
    expect_ok(&m); /* exactly one year */
    m.full_on = "2012-01-15";
    expect_ok(&m); /* probation extended (by 6 to 12 months) */
    m.full_on = "2018-03-01";
    expect_ok(&m); /* converted late: not an error */
    m.full_on = NULL;
    expect_fail(&m, "full_on", "正式党员须填写转正日期");
    m.full_on = "";
    expect_fail(&m, "full_on", "正式党员须填写转正日期");
    m.full_on = "2011-06-30";
    expect_fail(&m, "full_on", "2011-07-01");
    m.full_on = "2010-07-01";
    expect_fail(&m, "full_on", "预备期为1年"); /* equal to joined_on */
    m.full_on = "2010-06-30";
    expect_fail(&m, "full_on", "早于入党日期");
    m.full_on = "2011-13-01";
    expect_fail(&m, "full_on", "转正日期的月份应在01至12之间");
    m.full_on = "2011-7-1";
    expect_fail(&m, "full_on", "YYYY-MM-DD");
    m.category = "probationary";
    m.full_on = "2011-07-01";
    expect_fail(&m, "full_on", "预备党员");
    m.full_on = "";
    expect_ok(&m);
    m.full_on = NULL;
    expect_ok(&m); /* probation long over is a warning elsewhere, not an error */
}

/* DOMAIN.md §4: full_on is a date that has happened, at the earliest a year after joining. */
static void test_full_on_today_and_future(void **state)
{
    (void)state;
    member_input m = valid_member();
    m.joined_on = "2023-06-01";
    m.full_on = "2024-06-01"; /* today, and exactly one year */
    expect_ok(&m);
    m.full_on = "2024-06-02";
    expect_fail(&m, "full_on", "晚于今天");
    m.joined_on = "2023-06-02";
    m.full_on = "2024-06-01";
    expect_fail(&m, "full_on", "2024-06-02");
}

/* Issue 11 E: one year of probation from 29 February (DOMAIN.md §4) has elapsed on 1 March of a
 * common year, the convention of date_add_years() that age also follows. */
static void test_full_on_leap_day_joined(void **state)
{
    (void)state;
    member_input m = valid_member();
    m.joined_on = "2016-02-29";
    m.full_on = "2017-02-27";
    expect_fail(&m, "full_on", "2017-03-01");
    m.full_on = "2017-02-28";
    expect_fail(&m, "full_on", "不能早于2017-03-01");
    m.full_on = "2017-03-01";
    expect_ok(&m);
    /* Into a leap year, 29 February stays 29 February (probation extended to 4 years here is
     * not the point: the due date is what the message gives). */
    m.joined_on = "2020-02-29";
    m.full_on = "2021-02-28";
    expect_fail(&m, "full_on", "2021-03-01");
    /* A member joined on 28 February: due on 28 February, leap year or not. */
    m.joined_on = "2023-02-28";
    m.full_on = "2024-02-28";
    expect_ok(&m);
    m.full_on = "2024-02-27";
    expect_fail(&m, "full_on", "2024-02-28");
}

/* The transfer of a member: a date, not in the future, not before joining. */
static void test_transfer_date(void **state)
{
    (void)state;
    dj_err e;
    assert_true(member_transfer_date_validate("2024-06-01", "2010-07-01", TODAY, NULL));
    assert_true(member_transfer_date_validate("2010-07-01", "2010-07-01", TODAY, NULL));
    assert_true(member_transfer_date_validate("2020-01-01", NULL, TODAY, NULL));
    static const struct {
        const char *date, *joined, *fragment;
    } bad[] = {
        {NULL, "2010-07-01", "不能为空"},
        {"", "2010-07-01", "不能为空"},
        {"2024-02-30", "2010-07-01", "2024年2月没有30日"},
        {"2024/01/01", "2010-07-01", "YYYY-MM-DD"},
        {"2024-06-02", "2010-07-01", "晚于今天"},
        {"2010-06-30", "2010-07-01", "2010-07-01"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&e, 0, sizeof e);
        assert_false(member_transfer_date_validate(bad[i].date, bad[i].joined, TODAY, &e));
        assert_string_equal(e.code, "validation");
        assert_string_equal(e.field, "transfer_date");
        if (!strstr(e.message, bad[i].fragment))
            fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, e.message, bad[i].fragment);
    }
}

/* Other text fields: at most 100 code points, valid UTF-8. */
static void test_other_text_fields(void **state)
{
    (void)state;
    char ok[512], long_[512];
    repeat(ok, sizeof ok, "科", 100);
    repeat(long_, sizeof long_, "科", 101);
    static const char *fields[] = {"ethnicity", "education", "title", "department", "position"};
    for (int i = 0; i < 5; i++) {
        member_input m = valid_member();
        const char **slot = i == 0 ? &m.ethnicity : i == 1 ? &m.education : i == 2 ? &m.title
                          : i == 3 ? &m.department : &m.position;
        *slot = ok;
        expect_ok(&m);
        *slot = long_;
        expect_fail(&m, fields[i], "100");
        *slot = "bad\xC0\xAF";
        expect_fail(&m, fields[i], "无效");
        *slot = NULL;
        expect_ok(&m);
        *slot = "";
        expect_ok(&m);
    }
}

/* Issue 11 A: text that breaks things. Every free-text field of a member (the API and the import
 * both validate with member_validate) refuses noncharacters, control characters and bidi
 * controls, and holds at least one visible character; the message names the field in Chinese
 * and the character, never the field's JSON name. */
static const struct {
    const char *text, *fragment;
} bad_texts[] = {
    {"张\xEF\xBF\xBE三", "U+FFFE"},           /* noncharacter */
    {"张\xEF\xBF\xBF三", "U+FFFF"},           /* noncharacter */
    {"张\xEF\xB7\x90三", "U+FDD0"},           /* noncharacter */
    {"张\xF0\x9F\xBF\xBE", "U+1FFFE"},       /* noncharacter of plane 1 */
    {"张\x01三", "U+0001"},                   /* C0 control */
    {"张\x1B[31m三", "U+001B"},               /* ESC: a terminal colour sequence */
    {"张\x7F三", "U+007F"},                   /* DEL */
    {"张\xC2\x85三", "U+0085"},               /* C1 control (NEL) */
    {"张\t三", "换行符或制表符"},
    {"张\n三", "换行符或制表符"},
    {"张\xE2\x80\xA8三", "U+2028"},           /* line separator */
    {"\xE2\x80\xAE" "三张", "U+202E"},         /* RIGHT-TO-LEFT OVERRIDE */
    {"张\xE2\x80\xAA三", "U+202A"},           /* LEFT-TO-RIGHT EMBEDDING */
    {"张\xE2\x81\xA6三", "U+2066"},           /* LEFT-TO-RIGHT ISOLATE */
    {"张\xE2\x80\x8F三", "U+200F"},           /* RIGHT-TO-LEFT MARK */
    {"张\xD8\x9C三", "U+061C"},               /* ARABIC LETTER MARK */
    {"\xE2\x80\x8B", "不可见字符"},             /* a lone ZERO WIDTH SPACE */
    {"\xE2\x80\x8B\xE2\x80\x8D\xEF\xBB\xBF", "不可见字符"}, /* ZWSP, ZWJ, BOM */
    {"\xC2\xA0\xE2\x81\xA0", "不可见字符"},     /* NO-BREAK SPACE, WORD JOINER */
    {"\xE3\x85\xA4", "不可见字符"},             /* HANGUL FILLER */
};

static void test_name_refuses_text_that_breaks_things(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_texts / sizeof bad_texts[0]; i++) {
        member_input m = valid_member();
        m.name = bad_texts[i].text;
        dj_err e;
        memset(&e, 0, sizeof e);
        if (member_validate(&m, TODAY, &e))
            fail_msg("case %zu: name accepted", i);
        assert_string_equal(e.field, "name");
        if (!strstr(e.message, "姓名") || !strstr(e.message, bad_texts[i].fragment))
            fail_msg("case %zu: message \"%s\" lacks 姓名 or \"%s\"", i, e.message, bad_texts[i].fragment);
        if (strstr(e.message, "name"))
            fail_msg("case %zu: message \"%s\" carries the JSON name", i, e.message);
    }
    /* What a name may hold: CJK, Latin with accents, a middle dot (少数民族 names), an emoji
     * with a zero-width joiner, a rare character outside the BMP, a space inside. */
    static const char *const good[] = {
        "阿依古丽·买买提", "Zoë Müller", "王\xE2\x80\x8D\xF0\x9F\x91\xA8", "\xF0\xA0\x80\x80", "李 四", "\xE2\x80\x8B王",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        member_input m = valid_member();
        m.name = good[i];
        expect_ok(&m);
    }
}

static void test_other_text_fields_refuse_text_that_breaks_things(void **state)
{
    (void)state;
    static const char *fields[] = {"ethnicity", "education", "title", "department", "position"};
    static const char *labels[] = {"民族", "学历", "职称", "科室", "职务"};
    for (int f = 0; f < 5; f++) {
        for (size_t i = 0; i < sizeof bad_texts / sizeof bad_texts[0]; i++) {
            member_input m = valid_member();
            const char **slot = f == 0 ? &m.ethnicity : f == 1 ? &m.education : f == 2 ? &m.title
                              : f == 3 ? &m.department : &m.position;
            *slot = bad_texts[i].text;
            dj_err e;
            memset(&e, 0, sizeof e);
            if (member_validate(&m, TODAY, &e))
                fail_msg("%s case %zu accepted", fields[f], i);
            assert_string_equal(e.field, fields[f]);
            if (!strstr(e.message, labels[f]) || !strstr(e.message, bad_texts[i].fragment))
                fail_msg("%s case %zu: \"%s\"", fields[f], i, e.message);
        }
    }
}

static void test_tags_refuse_text_that_breaks_things(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_texts / sizeof bad_texts[0]; i++) {
        const char *tags[] = {"三培养", bad_texts[i].text};
        dj_err e;
        memset(&e, 0, sizeof e);
        if (member_tags_validate(tags, 2, &e))
            fail_msg("tag case %zu accepted", i);
        assert_string_equal(e.field, "tags");
        if (!strstr(e.message, "第2个标签") || !strstr(e.message, bad_texts[i].fragment))
            fail_msg("tag case %zu: \"%s\"", i, e.message);
    }
}

static void test_first_fault_wins(void **state)
{
    (void)state;
    member_input m = valid_member();
    m.name = "";
    m.phone = "bad";
    m.joined_on = NULL;
    expect_fail(&m, "name", NULL);
    m.name = "王五";
    expect_fail(&m, "phone", NULL);
    m.phone = NULL;
    expect_fail(&m, "joined_on", NULL);
}

/* Tags: the same rule for the API and an import (at most 20, each 1-50 code points). */
static void test_tags(void **state)
{
    (void)state;
    dj_err err;
    const char *ok[] = {"三培养", "先锋岗", "a"};
    assert_true(member_tags_validate(ok, 3, &err));
    assert_true(member_tags_validate(NULL, 0, &err));
    const char *many[MEMBER_TAGS_MAX + 1];
    for (int i = 0; i <= MEMBER_TAGS_MAX; i++)
        many[i] = "标签";
    assert_true(member_tags_validate(many, MEMBER_TAGS_MAX, &err));
    assert_false(member_tags_validate(many, MEMBER_TAGS_MAX + 1, &err));
    assert_string_equal(err.field, "tags");
    assert_non_null(strstr(err.message, "20"));
    /* 50 code points of three bytes each pass; 51 do not. */
    char long_tag[51 * 3 + 1] = "";
    for (int i = 0; i < 50; i++)
        strcat(long_tag, "党");
    const char *one[] = {"三培养", long_tag};
    assert_true(member_tags_validate(one, 2, &err));
    strcat(long_tag, "建");
    assert_false(member_tags_validate(one, 2, &err));
    assert_non_null(strstr(err.message, "第2个"));
    const char *blank[] = {"三培养", " \xE3\x80\x80"}; /* a space and U+3000 */
    assert_false(member_tags_validate(blank, 2, &err));
    const char *bad[] = {"\xFF\xFE"};
    assert_false(member_tags_validate(bad, 1, &err));
    assert_string_equal(err.field, "tags");
}

/* An import's report lists every fault of a row, in the order of the form; a check that needs a
 * wrong field is left out rather than reported twice. */
static void test_every_fault_of_a_record(void **state)
{
    (void)state;
    member_input m = valid_member();
    dj_err errs[16];
    assert_int_equal(member_validate_all(&m, TODAY, errs, 16), 0);
    m.gender = "unknown";
    m.phone = "12345";
    m.status = "sleeping";
    m.department = "\x1b[31m";
    int n = member_validate_all(&m, TODAY, errs, 16);
    assert_int_equal(n, 4);
    assert_string_equal(errs[0].field, "gender");
    assert_string_equal(errs[1].field, "phone");
    assert_string_equal(errs[2].field, "status");
    assert_string_equal(errs[3].field, "department");
    /* A wrong birth date: the ID number is not also said to disagree with it. */
    m = valid_member();
    m.birth_date = "1985-02-30";
    m.joined_on = "2031-01-01";
    n = member_validate_all(&m, TODAY, errs, 16);
    assert_int_equal(n, 2);
    assert_string_equal(errs[0].field, "birth_date");
    assert_string_equal(errs[1].field, "joined_on");
    /* max bounds what is written, not what is counted; member_validate gives the first. */
    assert_int_equal(member_validate_all(&m, TODAY, errs, 1), 2);
    dj_err first;
    assert_false(member_validate(&m, TODAY, &first));
    assert_string_equal(first.field, "birth_date");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_fault_of_a_record),
        cmocka_unit_test(test_tags),
        cmocka_unit_test(test_enum_names_labels),
        cmocka_unit_test(test_enum_parse),
        cmocka_unit_test(test_valid_member_passes),
        cmocka_unit_test(test_name),
        cmocka_unit_test(test_gender),
        cmocka_unit_test(test_birth_date),
        cmocka_unit_test(test_birth_date_messages_say_what_is_wrong),
        cmocka_unit_test(test_name_refuses_text_that_breaks_things),
        cmocka_unit_test(test_other_text_fields_refuse_text_that_breaks_things),
        cmocka_unit_test(test_tags_refuse_text_that_breaks_things),
        cmocka_unit_test(test_id_number),
        cmocka_unit_test(test_phone),
        cmocka_unit_test(test_category_and_status),
        cmocka_unit_test(test_joined_on),
        cmocka_unit_test(test_joined_on_leap_day_birth),
        cmocka_unit_test(test_full_on),
        cmocka_unit_test(test_full_on_today_and_future),
        cmocka_unit_test(test_full_on_leap_day_joined),
        cmocka_unit_test(test_transfer_date),
        cmocka_unit_test(test_other_text_fields),
        cmocka_unit_test(test_first_fault_wins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
