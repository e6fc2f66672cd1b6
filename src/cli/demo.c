/* demo.c: the demo data set of PRODUCT.md, built from the organisations and programmes of the
 * seed articles. Member names and ID numbers are generated (valid check characters), never real
 * people's. Deterministic: the same data every time. */
#include "cli/cli.h"

#include "core/date.h"
#include "core/json.h"
#include "domain/credit_code.h"
#include "domain/idcard.h"
#include "store/members.h"
#include "store/orgs.h"
#include "store/rows.h"
#include "store/institutions.h"
#include "store/users.h"

#include <stdio.h>
#include <string.h>

static const dj_actor demo_actor = {.username = "demo", .role = "admin", .scope_path = "/"};

typedef struct rng { uint64_t s; } rng;
static uint32_t rnd(rng *r)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return (uint32_t)(r->s >> 11);
}
static int rnd_in(rng *r, int lo, int hi) { return lo + (int)(rnd(r) % (uint32_t)(hi - lo + 1)); }

/* One organisation of the demo tree. parent is an index into the same table (-1: a root). */
typedef struct demo_org {
    const char *name, *type;
    int parent;
    const char *area;      /* ID-number area code of its members */
    int weight;            /* members generated (0: none) */
    int probationary_pct;
    const char *departments; /* ';'-separated 科室 */
    int committee;         /* committee members to record (0: none) */
    int term_days;         /* term end relative to today (0: no term recorded) */
} demo_org;

static const demo_org orgs[] = {
    /* 0 */ {"江门市江海区卫生健康局机关党委", "committee", -1, "440704", 0, 0, "", 5, 700},
    /* 1 */ {"江海区中西医结合医院党总支", "general_branch", 0, "440704", 0, 0, "", 5, 60},
    /* 2 */ {"江海区中西医结合医院第一党支部", "branch", 1, "440704", 42, 8, "内科;急诊科;中医科", 3, 400},
    /* 3 */ {"江海区中西医结合医院第二党支部", "branch", 1, "440704", 38, 8, "外科;骨科;麻醉科", 0, 0},
    /* 4 */ {"礼乐颐养院党支部", "branch", 1, "440704", 9, 5, "康复科;护理部", 0, -30},
    /* 5 */ {"江海区中西医结合医院退休党支部", "branch", 1, "440704", 26, 0, "", 3, 800},
    /* 6 */ {"江海区卫生健康局机关党支部", "branch", 0, "440704", 18, 5, "办公室;医政股;公共卫生股", 3, 500},
    /* 7 */ {"江海区疾病预防控制中心党支部", "branch", 0, "440704", 16, 5, "传染病防制科;检验科", 3, 300},
    /* 8 */ {"江海区妇幼保健院党支部", "branch", 0, "440704", 27, 6, "妇科;产科;儿保科", 3, 200},
    /* 9 */ {"外海街道社区卫生服务中心党支部", "branch", 0, "440704", 11, 5, "全科;公共卫生科", 0, 0},
    /* 10 */ {"礼乐街道社区卫生服务中心党支部", "branch", 0, "440704", 8, 5, "全科", 0, 0},
    /* 11 */ {"江南街道社区卫生服务中心党支部", "branch", 0, "440704", 2, 0, "全科", 0, 0},
    /* 12 */ {"江海区卫生监督所党支部", "branch", 0, "440704", 7, 5, "监督科", 0, 0},
    /* 13 */ {"武汉市民营医疗机构行业党委", "committee", -1, "420106", 0, 0, "", 5, 900},
    /* 14 */ {"武汉东大中医肛肠医院党支部", "branch", 13, "420106", 11, 15, "肛肠科;中医科;护理部", 0, 0},
    /* 15 */ {"武汉市卫生计生执法督察总队机关党支部", "branch", 13, "420106", 23, 5, "人事教育科;督察科", 3, 400},
    /* 16 */ {"锦州市卫生健康行业党委", "committee", -1, "210703", 0, 0, "", 5, 1000},
    /* 17 */ {"锦州市中心医院党委", "committee", 16, "210703", 0, 0, "", 7, 1200},
    /* 18 */ {"心血管内科党支部", "branch", 17, "210703", 44, 6, "心血管内科;心电图室", 5, 300},
    /* 19 */ {"神经内科党支部", "branch", 17, "210703", 37, 6, "神经内科", 5, 300},
    /* 20 */ {"普外科党支部", "branch", 17, "210703", 56, 6, "普外科;肝胆外科;胃肠外科", 5, 300},
    /* 21 */ {"儿科党支部", "branch", 17, "210703", 31, 6, "儿科;新生儿科", 0, 0},
    /* 22 */ {"护理党支部", "branch", 17, "210703", 47, 8, "护理部", 5, 30},
    /* 23 */ {"机关第一党支部", "branch", 17, "210703", 33, 5, "党委办公室;院长办公室;医务科", 3, 300},
    /* 24 */ {"锦州市民营医院第一联合党支部", "joint_branch", 16, "210703", 5, 10, "", 0, 0},
    /* 25 */ {"锦州市民营医院第二联合党支部", "joint_branch", 16, "210703", 4, 10, "", 0, 0},
    /* 26 */ {"锦州市民营医院第三联合党支部", "joint_branch", 16, "210703", 2, 0, "", 0, 0},
    /* 27 */ {"广州市白云区民营医疗行业党委", "committee", -1, "440111", 0, 0, "", 5, 600},
    /* 28 */ {"白云精康医院党支部", "branch", 27, "440111", 19, 12, "精神科;心理科", 3, 500},
    /* 29 */ {"广州白云大众医院党支部", "branch", 27, "440111", 12, 10, "内科;外科", 0, 0},
    /* 30 */ {"白云区民营诊所联合党支部", "joint_branch", 27, "440111", 4, 10, "", 0, 0},
    /* 31 */ {"东莞市卫生健康局机关党委", "committee", -1, "441900", 0, 0, "", 5, 700},
    /* 32 */ {"东莞市卫生健康局机关第九党支部", "branch", 31, "441900", 21, 5, "医政医管科;基层卫生科", 3, 400},
    /* 33 */ {"东莞市妇幼保健院党委", "committee", 31, "441900", 0, 0, "", 7, 1100},
    /* 34 */ {"妇产科党支部", "branch", 33, "441900", 43, 6, "妇科;产科", 5, 300},
    /* 35 */ {"儿童保健党支部", "branch", 33, "441900", 29, 6, "儿童保健科;儿科", 3, 300},
    /* 36 */ {"东莞广济医院党支部", "branch", 31, "441900", 14, 12, "内科;妇科;体检中心", 0, 0},
    /* 37 */ {"第一党小组", "group", 2, "440704", 0, 0, "", 0, 0},
    /* 支部建在科室: one branch per clinical department of the two large hospitals */
    {"病理科党支部", "branch", 17, "210703", 0, 6, "病理科", 0, 0},
    {"超声医学科党支部", "branch", 17, "210703", 0, 6, "超声医学科", 0, 0},
    {"心胸外科党支部", "branch", 17, "210703", 0, 6, "心胸外科", 0, 0},
    {"皮肤科党支部", "branch", 17, "210703", 0, 6, "皮肤科", 0, 0},
    {"呼吸内科党支部", "branch", 17, "210703", 0, 6, "呼吸内科", 0, 0},
    {"消化内科党支部", "branch", 17, "210703", 0, 6, "消化内科", 0, 0},
    {"内分泌科党支部", "branch", 17, "210703", 0, 6, "内分泌科", 0, 0},
    {"肾内科党支部", "branch", 17, "210703", 0, 6, "肾内科", 0, 0},
    {"血液科党支部", "branch", 17, "210703", 0, 6, "血液科", 0, 0},
    {"肿瘤科党支部", "branch", 17, "210703", 0, 6, "肿瘤科", 0, 0},
    {"骨科党支部", "branch", 17, "210703", 0, 6, "骨科", 0, 0},
    {"神经外科党支部", "branch", 17, "210703", 0, 6, "神经外科", 0, 0},
    {"泌尿外科党支部", "branch", 17, "210703", 0, 6, "泌尿外科", 0, 0},
    {"胸外科党支部", "branch", 17, "210703", 0, 6, "胸外科", 0, 0},
    {"妇产科党支部", "branch", 17, "210703", 0, 6, "妇产科", 0, 0},
    {"眼科党支部", "branch", 17, "210703", 0, 6, "眼科", 0, 0},
    {"耳鼻喉科党支部", "branch", 17, "210703", 0, 6, "耳鼻喉科", 0, 0},
    {"口腔科党支部", "branch", 17, "210703", 0, 6, "口腔科", 0, 0},
    {"急诊科党支部", "branch", 17, "210703", 0, 6, "急诊科", 0, 0},
    {"重症医学科党支部", "branch", 17, "210703", 0, 6, "重症医学科", 0, 0},
    {"麻醉科党支部", "branch", 17, "210703", 0, 6, "麻醉科", 0, 0},
    {"医学影像科党支部", "branch", 17, "210703", 0, 6, "医学影像科", 0, 0},
    {"检验科党支部", "branch", 17, "210703", 0, 6, "检验科", 0, 0},
    {"药学部党支部", "branch", 17, "210703", 0, 6, "药学部", 0, 0},
    {"康复医学科党支部", "branch", 17, "210703", 0, 6, "康复医学科", 0, 0},
    {"感染科党支部", "branch", 17, "210703", 0, 6, "感染科", 0, 0},
    {"新生儿科党支部", "branch", 33, "441900", 0, 6, "新生儿科", 0, 0},
    {"妇女保健科党支部", "branch", 33, "441900", 0, 6, "妇女保健科", 0, 0},
    {"医学检验科党支部", "branch", 33, "441900", 0, 6, "医学检验科", 0, 0},
    {"超声科党支部", "branch", 33, "441900", 0, 6, "超声科", 0, 0},
    {"护理党支部", "branch", 33, "441900", 0, 6, "", 0, 0},
    {"机关党支部", "branch", 33, "441900", 0, 6, "", 0, 0},
    {"离退休党支部", "branch", 33, "441900", 0, 6, "", 0, 0},
};
enum { NORGS = sizeof orgs / sizeof orgs[0] };

typedef struct demo_inst {
    const char *name, *ownership, *kind, *grade, *district, *area, *prefix;
    double lat, lng;
    int staff;
    int org; /* covering org index, -1: none (应建未建) */
    int org2;
} demo_inst;

static const demo_inst insts[] = {
    {"江门市江海区中西医结合医院", "public", "tcm_hospital", "二级甲等", "江海区", "440704", "12", 22.560, 113.120, 620, 1, -1},
    {"礼乐颐养院", "public", "other", "", "江海区", "440704", "12", 22.527, 113.142, 80, 4, -1},
    {"江海区妇幼保健院", "public", "maternal_child", "二级", "江海区", "440704", "12", 22.571, 113.116, 260, 8, -1},
    {"江海区疾病预防控制中心", "public", "disease_control", "", "江海区", "440704", "12", 22.566, 113.118, 75, 7, -1},
    {"外海街道社区卫生服务中心", "public", "community_health_center", "", "江海区", "440704", "12", 22.541, 113.160, 90, 9, -1},
    {"礼乐街道社区卫生服务中心", "public", "community_health_center", "", "江海区", "440704", "12", 22.520, 113.140, 70, 10, -1},
    {"江南街道社区卫生服务中心", "public", "community_health_center", "", "江海区", "440704", "12", 22.575, 113.100, 60, 11, -1},
    {"武汉东大中医肛肠医院", "private", "tcm_hospital", "二级", "江岸区", "420102", "52", 30.600, 114.300, 180, 14, -1},
    {"锦州市中心医院", "public", "hospital", "三级甲等", "古塔区", "210702", "12", 41.120, 121.130, 2100, 17, -1},
    {"锦州仁爱医院", "private", "hospital", "一级", "凌河区", "210703", "52", 41.110, 121.150, 60, 24, -1},
    {"锦州康宁医院", "private", "hospital", "一级", "凌河区", "210703", "52", 41.115, 121.160, 45, 24, -1},
    {"锦州博爱门诊部", "private", "clinic", "", "太和区", "210711", "92", 41.105, 121.100, 15, 25, -1},
    {"锦州安康诊所", "private", "clinic", "", "太和区", "210711", "92", 41.100, 121.105, 8, 25, -1},
    {"锦州惠民医院", "private", "hospital", "一级", "古塔区", "210702", "52", 41.125, 121.120, 55, 26, -1},
    {"锦州益生门诊部", "private", "clinic", "", "古塔区", "210702", "92", 41.130, 121.125, 12, 26, -1},
    {"白云精康医院", "private", "hospital", "二级", "白云区", "440111", "52", 23.200, 113.280, 230, 28, -1},
    {"广州白云大众医院", "private", "hospital", "一级", "白云区", "440111", "52", 23.210, 113.270, 120, 29, -1},
    {"钟落潭镇卫生院", "public", "township_health_center", "一级", "白云区", "440111", "12", 23.390, 113.400, 150, -1, -1},
    {"太和镇卫生院", "public", "township_health_center", "一级", "白云区", "440111", "12", 23.350, 113.350, 140, -1, -1},
    {"白云区人和门诊部", "private", "clinic", "", "白云区", "440111", "92", 23.330, 113.290, 20, 30, -1},
    {"白云区同和诊所", "private", "clinic", "", "白云区", "440111", "92", 23.190, 113.330, 6, -1, -1},
    {"东莞市妇幼保健院", "public", "maternal_child", "三级甲等", "东莞市", "441900", "12", 23.020, 113.750, 1500, 33, -1},
    {"东莞广济医院", "private", "hospital", "二级", "东莞市", "441900", "52", 23.050, 113.740, 300, 36, -1},
    {"金美济妇女儿童医院", "private", "hospital", "二级", "东莞市", "441900", "52", 23.030, 113.760, 200, -1, -1},
};
enum { NINSTS = sizeof insts / sizeof insts[0] };

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
                                       "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "邓", "冯", "韩", "曹", "彭", "曾",
                                       "萧", "田", "董", "潘", "袁", "蔡", "蒋", "余", "叶", "杜", "谭", "欧阳", "司马"};
static const char *const given[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
                                    "超", "秀英", "霞", "平", "刚", "桂英", "建华", "文", "华", "红", "志强", "晓东", "海燕", "雪梅",
                                    "国平", "春兰", "子涵", "欣怡", "浩然", "宇轩", "思远", "佳琪", "慧", "立新", "卫东", "振华"};
static const char *const titles[] = {"主任医师", "副主任医师", "主治医师", "住院医师", "主任护师", "副主任护师", "主管护师",
                                     "护师", "主管药师", "主管技师", "经济师", ""};
static const char *const educations[] = {"研究生", "研究生", "本科", "本科", "本科", "大专", "中专"};
static const char *const positions[] = {"科主任", "副主任", "护士长", "医师", "医师", "护士", "护士", "技师", "干事", ""};
static const char *const ethnicities[] = {"汉族", "汉族", "汉族", "汉族", "汉族", "汉族", "汉族", "壮族", "满族", "回族", "土家族"};

static bool add_org(db *d, int i, int64_t *ids, const char **paths, json_t *keep, dj_err *err)
{
    const demo_org *o = &orgs[i];
    json_t *f = json_pack("{s:s,s:s}", "name", o->name, "type", o->type);
    if (o->parent >= 0)
        json_object_set_new(f, "parent_id", json_integer(ids[o->parent]));
    json_t *deps = json_array();
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s", o->departments);
    char *save = NULL;
    for (char *t = strtok_r(tmp, ";", &save); t; t = strtok_r(NULL, ";", &save))
        json_array_append_new(deps, json_string(t));
    json_object_set_new(f, "departments", deps);
    dj_date today = date_today();
    if (o->term_days) {
        int years = strcmp(o->type, "committee") == 0 ? 5 : 3;
        dj_date end = date_add_days(today, o->term_days);
        char s[11], e[11];
        date_format(end, e);
        date_format(date_add_years(end, -years), s);
        json_object_set_new(f, "term_start", json_string(s));
        json_object_set_new(f, "term_end", json_string(e));
        json_object_set_new(f, "established_on", json_string("2018-07-01"));
    }
    bool ok = org_create(d, f, o->parent >= 0 ? paths[o->parent] : "", &demo_actor, &ids[i], err);
    json_decref(f);
    if (!ok)
        return false;
    json_t *row = row_get_e(d, "orgs", ids[i], err);
    if (!row)
        return false;
    json_array_append_new(keep, row);
    paths[i] = json_str(row, "path");
    return true;
}

/* The committee of an org, taken from its first members. */
static bool add_committee(db *d, int i, int64_t org_id, dj_err *err)
{
    static const char *const pos[] = {"书记", "副书记", "组织委员", "宣传委员", "纪检委员", "青年委员", "统战委员"};
    const demo_org *o = &orgs[i];
    if (!o->committee)
        return true;
    json_t *firsts = members_first_full(d, org_id, o->committee, err);
    if (!firsts)
        return false;
    json_t *com = json_array();
    dj_date today = date_today();
    char st[11], en[11];
    date_format(date_add_days(today, o->term_days), en);
    date_format(date_add_years(date_add_days(today, o->term_days), strcmp(o->type, "committee") == 0 ? -5 : -3), st);
    int k = 0;
    size_t idx;
    json_t *f;
    json_array_foreach(firsts, idx, f) {
        json_array_append_new(com, json_pack("{s:O,s:O,s:s,s:s,s:s}", "name", json_object_get(f, "name"), "member_id",
                                             json_object_get(f, "id"), "position", pos[k % 7], "term_start", st,
                                             "term_end", en));
        k++;
    }
    json_decref(firsts);
    /* A committee of a parent org whose members sit in the branches below: take names from the
     * subtree instead. */
    if (k == 0) {
        static const char *const leaders[] = {"胡培光", "张玲", "陈建国", "刘芳", "黄志明", "周丽", "吴海涛", "丘小筠", "何耀东"};
        for (int j = 0; j < o->committee; j++)
            json_array_append_new(com, json_pack("{s:s,s:s,s:s,s:s}", "name", leaders[(i + j) % 9],
                                                 "position", pos[j % 7], "term_start", st, "term_end", en));
    }
    bool ok = org_set_committee(d, org_id, com, err);
    json_decref(com);
    return ok;
}

bool demo_load(db *d, int nmembers, dj_err *err)
{
    int64_t ids[NORGS];
    const char *paths[NORGS];
    json_t *keep = json_array();
    rng r = {0x9E3779B97F4A7C15ull};
    bool ok = db_begin(d, err);
    for (int i = 0; ok && i < NORGS; i++)
        ok = add_org(d, i, ids, paths, keep, err);

    /* Institutions with valid unified social credit codes, and the orgs covering them. */
    for (int i = 0; ok && i < NINSTS; i++) {
        const demo_inst *in = &insts[i];
        char code[19];
        credit_code_generate(in->prefix, in->area, 1000u + (uint32_t)i * 7919u, code);
        json_t *f = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:f,s:f,s:i}", "name", in->name, "credit_code", code,
                              "ownership", in->ownership, "kind", in->kind, "grade", in->grade, "district", in->district,
                              "address", in->district, "latitude", in->lat, "longitude", in->lng, "staff_count", in->staff);
        int64_t iid;
        static const char *const cols[] = {"name", "credit_code", "ownership", "kind", "grade", "district", "address",
                                           "latitude", "longitude", "staff_count", NULL};
        ok = row_insert(d, "institutions", cols, f, &demo_actor, &iid, err);
        json_decref(f);
        if (ok && in->org >= 0) {
            json_t *l = json_pack("[I]", (json_int_t)ids[in->org]);
            ok = institution_set_orgs(d, iid, l, err);
            json_decref(l);
        }
    }

    /* Members, spread over the branches by weight. */
    int listed = 0, dept_branches = 0;
    for (int i = 0; i < NORGS; i++) {
        listed += orgs[i].weight;
        dept_branches += !orgs[i].weight && strcmp(orgs[i].type, "branch") == 0;
    }
    int base = listed + dept_branches * 42;
    int extra_per_branch = nmembers > base && dept_branches ? (nmembers - base) / dept_branches : 0;
    dj_date today = date_today();
    int made = 0, seq = 0;
    int64_t first_member_of_branch1 = 0;
    for (int i = 0; ok && i < NORGS; i++) {
        if (!orgs[i].weight && strcmp(orgs[i].type, "branch") != 0)
            continue;
        /* Department branches get 36-48 members; the rest as listed. The generated count can be
         * raised (--members) by spreading the remainder over the department branches. */
        int n = orgs[i].weight ? orgs[i].weight : rnd_in(&r, 36, 48) + extra_per_branch;
        char deps[256];
        snprintf(deps, sizeof deps, "%s", orgs[i].departments);
        const char *deplist[8];
        int ndeps = 0;
        char *save = NULL;
        for (char *t = strtok_r(deps, ";", &save); t && ndeps < 8; t = strtok_r(NULL, ";", &save))
            deplist[ndeps++] = t;
        bool retired = strstr(orgs[i].name, "退休") != NULL;
        for (int k = 0; ok && k < n; k++, made++) {
            seq++;
            int age = retired ? rnd_in(&r, 62, 85) : rnd_in(&r, 24, 59);
            dj_date birth = date_from_ymd(date_year(today) - age, rnd_in(&r, 1, 12), rnd_in(&r, 1, 28));
            bool male = rnd(&r) % 2;
            char idn[19];
            /* Sequence parity gives the gender; the running counter keeps numbers unique. */
            idcard_generate(orgs[i].area, birth, ((seq % 500) * 2) + (male ? 1 : 0), idn);
            for (int bump = 1; member_id_number_taken(d, idn, 0); bump++)
                idcard_generate(orgs[i].area, birth, (((seq + bump) % 500) * 2) + (male ? 1 : 0), idn);
            char name[32];
            snprintf(name, sizeof name, "%s%s", surnames[rnd(&r) % (sizeof surnames / sizeof *surnames)],
                     given[rnd(&r) % (sizeof given / sizeof *given)]);
            bool prob = (int)(rnd(&r) % 100) < orgs[i].probationary_pct;
            dj_date joined = prob ? date_add_days(today, -rnd_in(&r, 30, 330))
                                  : date_add_days(birth, 365 * rnd_in(&r, 21, age - 3));
            char bd[11], jo[11], fo[11], phone[16];
            date_format(birth, bd);
            date_format(joined, jo);
            date_format(date_add_years(joined, 1), fo);
            snprintf(phone, sizeof phone, "1%02u%08u", (unsigned)(30 + rnd_in(&r, 0, 59)) % 100u, rnd(&r) % 100000000u);
            int st = rnd_in(&r, 0, 99);
            const char *status = st < 93 ? "active" : st < 97 ? "mobile" : st < 99 ? "lost_contact" : "transferred_out";
            if (retired && st < 2)
                status = "deceased";
            json_t *tags = json_array();
            if (!retired && rnd(&r) % 7 == 0)
                json_array_append_new(tags, json_string("业务骨干"));
            if (!retired && rnd(&r) % 15 == 0)
                json_array_append_new(tags, json_string("后备干部"));
            if (!retired && rnd(&r) % 20 == 0)
                json_array_append_new(tags, json_string("三培养"));
            json_t *m = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:o}", "name", name, "gender",
                                  male ? "male" : "female", "ethnicity", ethnicities[rnd(&r) % 11], "birth_date", bd,
                                  "id_number", idn, "phone", phone, "education", educations[rnd(&r) % 7], "title",
                                  retired ? "" : titles[rnd(&r) % 12], "department",
                                  ndeps ? deplist[rnd(&r) % (unsigned)ndeps] : "", "position",
                                  retired ? "" : positions[rnd(&r) % 10], "org_id", (json_int_t)ids[i], "category",
                                  prob ? "probationary" : "full", "status", status, "joined_on", jo, "tags", tags);
            if (!prob)
                json_object_set_new(m, "full_on", json_string(fo));
            int64_t mid = 0;
            member_input in = {
                .name = json_str(m, "name"), .gender = json_str(m, "gender"), .ethnicity = json_str(m, "ethnicity"),
                .birth_date = json_str(m, "birth_date"), .id_number = json_str(m, "id_number"),
                .phone = json_str(m, "phone"), .education = json_str(m, "education"), .title = json_str(m, "title"),
                .department = json_str(m, "department"), .position = json_str(m, "position"),
                .category = json_str(m, "category"), .status = json_str(m, "status"),
                .joined_on = json_str(m, "joined_on"), .full_on = json_str(m, "full_on"),
            };
            char *tj = json_compact(tags);
            ok = member_insert_bulk(d, NULL, &in, ids[i], tj, paths[i], &mid, err);
            free(tj);
            json_decref(m);
            if (ok && i == 2 && !first_member_of_branch1)
                first_member_of_branch1 = mid;
        }
    }
    for (int i = 0; ok && i < NORGS; i++)
        ok = add_committee(d, i, ids[i], err);

    /* The demo logins: one per role, each bound to its organisation. */
    static const struct { const char *user, *display, *role; int org; } logins[] = {
        {"admin", "系统管理员", "admin", -1},
        {"jianghai", "江海区卫健局党办", "org_admin", 0},
        {"zxyjh", "中西医结合医院党总支", "committee", 1},
        {"yizhibu", "第一党支部书记", "secretary", 2},
        {"liyong", "李永", "secretary", 14},
        {"luolan", "罗岚（党建指导员）", "instructor", 13},
        {"jinzhou", "锦州市卫生健康行业党委", "org_admin", 16},
        {"baiyun", "白云区民营医疗行业党委", "org_admin", 27},
        {"reviewer", "市委组织部审核员", "reviewer", 16},
        {"member1", "党员（演示）", "member", 2},
    };
    const char *pw = "dangjian2026";
    for (size_t i = 0; ok && i < sizeof logins / sizeof logins[0]; i++) {
        int64_t uid;
        ok = user_create(d, logins[i].user, logins[i].display, logins[i].role, logins[i].org >= 0 ? ids[logins[i].org] : 0,
                         strcmp(logins[i].role, "member") == 0 ? first_member_of_branch1 : 0, pw, &demo_actor, &uid, err);
    }
    /* Organisational life: a year of meetings (demo_meetings.c). */
    ok = ok && demo_meetings_load(d, err);
    /* The two-coverage survey (demo_coverage.c). */
    ok = ok && demo_coverage_load(d, err);
    ok = ok && demo_dues_load(d, err); /* a year of dues (demo_dues.c) */
    ok = ok && demo_development_load(d, err); /* applicants at every stage (demo_development.c) */
    /* The 201 project: instructors paired with private institutions (demo_pairings.c). */
    ok = ok && demo_pairings_load(d, err);
    ok = ok && demo_alliances_load(d, err); /* 红联共建 (demo_alliances.c) */
    /* The public's needs by QR code (demo_needs.c). */
    ok = ok && demo_needs_load(d, err);
    ok = ok && demo_posts_load(d, err); /* Jinzhou's pioneer posts and badges (demo_posts.c) */
    ok = ok && demo_service_load(d, err); /* Jinzhou's free clinics (demo_service.c) */
    ok = ok && demo_decisions_load(d, err); /* 三重一大 and key tasks (demo_decisions.c) */
    if (ok) {
        json_t *summary = json_pack("{s:i,s:i,s:i}", "orgs", NORGS, "institutions", NINSTS, "members", made);
        ok = audit_write(d, &demo_actor, "demo", "system", 0, NULL, summary, err);
        json_decref(summary);
    }
    ok = ok && db_commit(d, err);
    if (!ok)
        db_rollback(d);
    json_decref(keep);
    if (!ok)
        return false;
    printf("demo data loaded: %d organisations, %d institutions, %d members\n\n", NORGS, NINSTS, made);
    printf("demo logins (password for all: %s):\n", pw);
    for (size_t i = 0; i < sizeof logins / sizeof logins[0]; i++)
        printf("  %-10s %-10s %s\n", logins[i].user, logins[i].role,
               logins[i].org >= 0 ? orgs[logins[i].org].name : "（全部）");
    printf("  %-10s %-10s %s\n", "wuhan", "org_admin", orgs[13].name);
    printf("  201工程：xiongjing, zhangling, zdy04 … zdy20 (instructor, %s)\n", orgs[13].name);
    return true;
}
