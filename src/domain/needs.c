/* needs.c: the rules of the public's needs (needs.h; DOMAIN.md §7, seed 002). */
#include "domain/needs.h"

#include <math.h>
#include <string.h>

const dj_enum dj_need_categories[] = {
    {"medical", "诊疗服务"},  {"appointment", "挂号预约"}, {"fees", "收费医保"},
    {"environment", "就医环境"}, {"attitude", "服务态度"},   {"other", "其他"},
    {NULL, NULL},
};

const dj_enum dj_need_grades[] = {
    {"normal", "一般"},
    {"urgent", "较急"},
    {"critical", "紧急"},
    {NULL, NULL},
};

const dj_enum dj_need_modes[] = {
    {"immediate", "立行立办"},
    {"scheduled", "倒排工期"},
    {NULL, NULL},
};

const dj_enum dj_need_statuses[] = {
    {"received", "待办理"},
    {"in_progress", "办理中"},
    {"solved", "已解决"},
    {NULL, NULL},
};

need_settings need_defaults(void) { return (need_settings){5, 60, 18, 3}; }

bool need_settings_validate(const need_settings *s, dj_err *err)
{
    if (s->per_address_hour < 1 || s->per_address_hour > 1000)
        return dj_err_set(err, "validation", "per_address_hour", "每个地址每小时可提交的需求数应为 1 到 1000");
    if (s->per_institution_hour < 1 || s->per_institution_hour > 100000)
        return dj_err_set(err, "validation", "per_institution_hour", "每家机构每小时可接收的需求数应为 1 到 100000");
    if (s->difficulty < 0 || s->difficulty > 32)
        return dj_err_set(err, "validation", "difficulty", "工作量证明难度应为 0 到 32");
    if (s->immediate_days < 1 || s->immediate_days > 30)
        return dj_err_set(err, "validation", "immediate_days", "立行立办的办结天数应为 1 到 30");
    return true;
}

int need_zero_bits(const unsigned char *digest, size_t n)
{
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        if (digest[i] == 0) {
            bits += 8;
            continue;
        }
        for (unsigned char b = digest[i]; !(b & 0x80); b = (unsigned char)(b << 1))
            bits++;
        break;
    }
    return bits;
}

bool need_pow_ok(const unsigned char *digest, size_t n, int difficulty)
{
    return difficulty <= 0 || need_zero_bits(digest, n) >= difficulty;
}

bool need_nonce_valid(const char *nonce)
{
    size_t n = nonce ? strlen(nonce) : 0;
    if (n < 1 || n > 32)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = nonce[i];
        if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F')))
            return false;
    }
    return true;
}

static const char B32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

bool need_code_valid(const char *s, size_t len)
{
    if (!s || strlen(s) != len)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!s[i] || !strchr(B32, s[i]))
            return false;
    return true;
}

void need_code_from_bytes(const unsigned char *bytes, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = B32[bytes[i] & 31];
    out[n] = '\0';
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

bool need_description_check(const char *s, dj_err *err)
{
    size_t n = s ? utf8_chars(s) : 0;
    if (n == 0)
        return dj_err_set(err, "validation", "description", "请填写需求内容");
    if (n > NEED_DESCRIPTION_MAX)
        return dj_err_set(err, "validation", "description", "需求内容不能超过 1000 个字");
    return true;
}

bool need_contact_check(const char *s, dj_err *err)
{
    if (!s || !*s)
        return true;
    size_t n = strlen(s);
    int digits = 0;
    bool ok = n >= 7 && n <= 20;
    for (size_t i = 0; ok && i < n; i++) {
        char ch = s[i];
        if (ch >= '0' && ch <= '9')
            digits++;
        else if (!(ch == '-' || ch == ' ' || (ch == '+' && i == 0)))
            ok = false;
    }
    if (!ok || digits < 7)
        return dj_err_set(err, "validation", "contact", "联系电话格式不正确，请填写手机号或固定电话");
    return true;
}

dj_date need_due_immediate(dj_date graded_on, int days) { return date_add_days(graded_on, days); }

bool need_deadline_check(dj_date deadline, dj_date today, dj_err *err)
{
    if (deadline <= today)
        return dj_err_set(err, "validation", "deadline", "倒排工期的完成期限应在今天之后");
    if (deadline > date_add_days(today, 3 * 366))
        return dj_err_set(err, "validation", "deadline", "倒排工期的完成期限不能超过三年");
    return true;
}

bool need_backward_plan(dj_date today, dj_date deadline, int n, dj_date *out, dj_err *err)
{
    if (!need_deadline_check(deadline, today, err))
        return false;
    if (n < 1 || n > 10)
        return dj_err_set(err, "validation", "milestones", "倒排工期的节点应为 1 到 10 个");
    int32_t step = (int32_t)((deadline - today) / n);
    if (step < 1)
        step = 1;
    for (int i = 0; i < n; i++) {
        dj_date d = date_add_days(deadline, -(int32_t)(n - 1 - i) * step);
        out[i] = d < today ? today : d;
    }
    return true;
}

bool need_milestone_before(dj_date today, dj_date deadline, int days_before, dj_date *due, dj_err *err)
{
    if (days_before < 0 || days_before > 365)
        return dj_err_set(err, "validation", "milestones", "节点距完成期限的天数应为 0 到 365");
    dj_date d = date_add_days(deadline, -days_before);
    if (d < today)
        return dj_err_set(err, "validation", "milestones", "节点的计划日期不能早于今天");
    *due = d;
    return true;
}

bool need_on_time(bool has_due, dj_date due_on, dj_date solved_on) { return !has_due || solved_on <= due_on; }

bool need_overdue(bool solved, bool has_due, dj_date due_on, dj_date today)
{
    return !solved && has_due && due_on < today;
}

int need_days_to_solve(dj_date received_on, dj_date solved_on)
{
    return solved_on > received_on ? (int)(solved_on - received_on) : 0;
}

void need_stats_add(need_stats *s, dj_date received_on, bool solved, dj_date solved_on, bool has_due, dj_date due_on,
                    dj_date today)
{
    s->received++;
    if (solved) {
        s->solved++;
        s->solved_on_time += need_on_time(has_due, due_on, solved_on);
        s->days_sum += need_days_to_solve(received_on, solved_on);
    } else {
        s->open++;
        s->overdue += need_overdue(false, has_due, due_on, today);
    }
}

double need_stats_average_days(const need_stats *s)
{
    return s->solved ? round((double)s->days_sum * 10.0 / (double)s->solved) / 10.0 : 0.0;
}

double need_stats_on_time_rate(const need_stats *s)
{
    return s->solved ? round((double)s->solved_on_time * 1000.0 / (double)s->solved) / 10.0 : 0.0;
}
