/* enums.c: the tables of wire names and Chinese labels, and lookups over them. */
#include "domain/enums.h"

#include <string.h>

const dj_enum dj_roles[] = {
    {"admin", "系统管理员"},
    {"org_admin", "组织管理员"},
    {"committee", "院党委"},
    {"secretary", "支部书记"},
    {"instructor", "党建指导员"},
    {"reviewer", "审核员"},
    {"member", "党员"},
    {NULL, NULL},
};

const dj_enum dj_org_types[] = {
    {"committee", "党委"},
    {"general_branch", "党总支"},
    {"branch", "党支部"},
    {"joint_branch", "联合党支部"},
    {"group", "党小组"},
    {NULL, NULL},
};

const dj_enum dj_institution_kinds[] = {
    {"hospital", "医院"},
    {"tcm_hospital", "中医医院"},
    {"maternal_child", "妇幼保健院"},
    {"community_health_center", "社区卫生服务中心"},
    {"township_health_center", "乡镇卫生院"},
    {"clinic", "诊所/门诊部"},
    {"disease_control", "疾控机构"},
    {"other", "其他"},
    {NULL, NULL},
};

const dj_enum dj_ownerships[] = {
    {"public", "公立"},
    {"private", "民营"},
    {NULL, NULL},
};

const dj_enum dj_genders[] = {
    {"male", "男"},
    {"female", "女"},
    {NULL, NULL},
};

const dj_enum dj_member_categories[] = {
    {"full", "正式党员"},
    {"probationary", "预备党员"},
    {NULL, NULL},
};

const dj_enum dj_member_statuses[] = {
    {"active", "在册"},
    {"mobile", "流动"},
    {"lost_contact", "失联"},
    {"transferred_out", "转出"},
    {"suspended", "停止党籍"},
    {"deceased", "去世"},
    {NULL, NULL},
};

const dj_enum dj_educations[] = {
    {"研究生", "研究生"},
    {"本科", "本科"},
    {"大专", "大专"},
    {"中专", "中专"},
    {"高中", "高中"},
    {"初中及以下", "初中及以下"},
    {NULL, NULL},
};

int dj_enum_index(const dj_enum *table, const char *name_or_label)
{
    if (!table || !name_or_label)
        return -1;
    for (int i = 0; table[i].name; i++)
        if (strcmp(table[i].name, name_or_label) == 0 || strcmp(table[i].label, name_or_label) == 0)
            return i;
    return -1;
}

const dj_enum *dj_enum_find(const dj_enum *table, const char *name_or_label)
{
    int i = dj_enum_index(table, name_or_label);
    return i < 0 ? NULL : &table[i];
}

size_t dj_enum_count(const dj_enum *table)
{
    size_t n = 0;
    if (table)
        while (table[n].name)
            n++;
    return n;
}

const char *dj_enum_label(const dj_enum *table, const char *name_or_label)
{
    const dj_enum *e = dj_enum_find(table, name_or_label);
    return e ? e->label : NULL;
}

const char *dj_enum_name(const dj_enum *table, const char *name_or_label)
{
    const dj_enum *e = dj_enum_find(table, name_or_label);
    return e ? e->name : NULL;
}
