#!/usr/bin/env python3
"""gen.py: deterministic benchmark data for dangjian.

Writes an organisation tree (committees -> general branches -> branches) as SQL for the
`orgs` table (orgs.sql, or straight into a SQLite file given with --db) and N members as a
CSV file in the import format (members.csv).

Tree shape for M orgs: one root committee; about M/221 committees under it; ~20 general
branches per committee; the rest are branches (~10 per general branch). With the defaults
(1,000,000 members over 50,000 orgs) that is ~44,000 branches of ~22 members each, and
general branches of ~100-400 members in their subtree.

Usage: python3 bench/gen.py [--members N] [--orgs M] [--seed S] [--out DIR] [--db FILE]
Python 3 standard library only.
"""
import argparse
import datetime
import os
import random
import sqlite3
import sys
import time

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文辉鹏飞婷雪梅琳晨宇浩然欣怡佳子涵梓轩一诺思远嘉欣雨萱博文俊杰晓东海燕春雷立新永红"
AREAS = ["110101", "110105", "120101", "130102", "140105", "210102", "220102", "310101", "310104",
         "320102", "330102", "340102", "350102", "360102", "370102", "410102", "420102", "430102",
         "440103", "440106", "440304", "450102", "500101", "510104", "520102", "530102", "610102",
         "620102", "630102", "640104", "650102"]
ETHNICITIES = ["汉族"] * 18 + ["回族", "满族", "壮族", "蒙古族", "土家族", "苗族"]
EDUCATIONS = ["研究生", "本科", "本科", "本科", "大专", "大专", "中专", "高中"]
TITLES = ["主任医师", "副主任医师", "主治医师", "住院医师", "主任护师", "副主任护师", "主管护师", "护师",
          "护士", "主管药师", "药师", "技师", ""]
DEPARTMENTS = ["内科", "外科", "儿科", "妇产科", "急诊科", "眼科", "口腔科", "皮肤科", "麻醉科", "放射科",
               "检验科", "药剂科", "护理部", "医务科", "院办", "中医科", "康复科", "感染科", "心内科",
               "神经内科", "骨科", "肿瘤科", "财务科", "信息科"]
POSITIONS = ["", "", "", "", "科主任", "副主任", "护士长", "支部书记", "支部委员"]
TAGS = ["", "", "", "", "", "", "骨干", "党务工作者", "骨干;青年", "优秀党员"]
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
HEADER = "姓名,性别,民族,出生日期,身份证号,手机号,学历,职称,科室,职务,组织ID,党员类别,状态,入党日期,转正日期,标签\n"


def org_tree(m):
    """Returns [(id, parent_id, name, type, path)] with ids 1..m, parents before children."""
    n_comm = max(1, round(m / 221))          # incl. the root
    n_gb = max(1, round(m * 20 / 221))
    n_br = m - n_comm - n_gb
    if n_br < 1:
        sys.exit("gen.py: --orgs too small (need at least 3)")
    orgs = [(1, None, "市卫生健康委员会党委", "committee", "/1/")]
    paths = {1: "/1/"}
    comm_ids = [1] if n_comm == 1 else list(range(2, n_comm + 1))
    for i in range(2, n_comm + 1):
        paths[i] = "/1/%d/" % i
        orgs.append((i, 1, "第%d医院党委" % (i - 1), "committee", paths[i]))
    gb_ids = list(range(n_comm + 1, n_comm + n_gb + 1))
    for k, i in enumerate(gb_ids):
        parent = comm_ids[k % len(comm_ids)]
        paths[i] = "%s%d/" % (paths[parent], i)
        orgs.append((i, parent, "%s党总支（%d）" % (DEPARTMENTS[k % len(DEPARTMENTS)], i), "general_branch", paths[i]))
    br_ids = list(range(n_comm + n_gb + 1, m + 1))
    for k, i in enumerate(br_ids):
        parent = gb_ids[k % len(gb_ids)]
        orgs.append((i, parent, "第%d党支部" % i, "branch", "%s%d/" % (paths[parent], i)))
    return orgs, br_ids


def sql_quote(s):
    return "NULL" if s is None else "'" + str(s).replace("'", "''") + "'"


def write_orgs_sql(orgs, path, now):
    with open(path, "w", encoding="utf-8") as f:
        f.write("BEGIN;\n")
        for (i, parent, name, typ, p) in orgs:
            f.write("INSERT INTO orgs (id, parent_id, name, type, path, departments, version, created_at, updated_at)"
                    " VALUES (%d, %s, %s, %s, %s, '[]', 1, '%s', '%s');\n"
                    % (i, "NULL" if parent is None else parent, sql_quote(name), sql_quote(typ), sql_quote(p), now, now))
        f.write("COMMIT;\n")


def insert_orgs_db(orgs, db, now):
    con = sqlite3.connect(db)
    with con:
        con.executemany("INSERT INTO orgs (id, parent_id, name, type, path, departments, version, created_at, updated_at)"
                        " VALUES (?, ?, ?, ?, ?, '[]', 1, ?, ?)",
                        [(i, parent, name, typ, p, now, now) for (i, parent, name, typ, p) in orgs])
    con.close()


def write_members(n, branches, path, rng, today):
    t_ord = today.toordinal()
    lo = datetime.date(1950, 1, 1).toordinal()
    hi = min(datetime.date(2000, 12, 31).toordinal(), t_ord - 20 * 366)
    # ISO strings of every day from lo to today, and the YYYYMMDD form for birth dates.
    iso = [datetime.date.fromordinal(d).isoformat() for d in range(lo, t_ord + 1)]
    compact = [s.replace("-", "") for s in iso[: hi - lo + 1]]
    area_w = [[int(c) * w for c, w in zip(a, WEIGHTS[:6])] for a in AREAS]
    area_sum = [sum(x) for x in area_w]
    seen = set()
    rnd = rng.random
    rint = rng.randrange
    nb = len(branches)
    out = [HEADER]
    with open(path, "w", encoding="utf-8", newline="") as f:
        for k in range(n):
            male = rnd() < 0.45
            while True:
                a = rint(len(AREAS))
                b = rint(hi - lo + 1)
                s = rint(500)
                key = (a * 40000 + b) * 500 + s
                if key not in seen:
                    seen.add(key)
                    break
            seq = 2 * s + (1 if male else 0)
            body = AREAS[a] + compact[b] + "%03d" % seq
            tot = area_sum[a]
            for idx in range(6, 17):
                tot += (ord(body[idx]) - 48) * WEIGHTS[idx]
            idn = body + CHECK[tot % 11]
            birth = iso[b]
            # joined at 18 years (18*366 days is always past the 18th birthday) plus up to 30 years
            earliest = b + 18 * 366
            if rnd() < 0.06:
                cat, j = "预备党员", len(iso) - 1 - rint(360)
                full = ""
            else:
                cat = "正式党员"
                latest = len(iso) - 1 - 400
                j = earliest + rint(max(1, min(30 * 365, latest - earliest)))
                fo = j + 366 + rint(30)  # a year's probation is 366 days across a 29 February
                full = iso[fo] if fo < len(iso) else iso[-1]
            joined = iso[j]
            name = SURNAMES[rint(len(SURNAMES))] + GIVEN[rint(len(GIVEN))] + (GIVEN[rint(len(GIVEN))] if rnd() < 0.7 else "")
            phone = "1%d%09d" % (3 + rint(7), rint(1000000000))
            out.append("%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%d,%s,在册,%s,%s,%s\n" % (
                name, "男" if male else "女", ETHNICITIES[rint(len(ETHNICITIES))], birth, idn, phone,
                EDUCATIONS[rint(len(EDUCATIONS))], TITLES[rint(len(TITLES))], DEPARTMENTS[rint(len(DEPARTMENTS))],
                POSITIONS[rint(len(POSITIONS))], branches[rint(nb)], cat, joined, full, TAGS[rint(len(TAGS))]))
            if len(out) >= 20000:
                f.write("".join(out))
                out.clear()
        f.write("".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--members", type=int, default=1_000_000)
    ap.add_argument("--orgs", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--out", default=".", help="directory for orgs.sql and members.csv")
    ap.add_argument("--db", help="insert the orgs into this (initialised) SQLite file instead of writing orgs.sql")
    ap.add_argument("--today", help="YYYY-MM-DD to date the data from (default: today)")
    a = ap.parse_args()
    if a.members < 0 or a.members > 10_000_000:
        sys.exit("gen.py: --members must be 0..10,000,000")
    today = datetime.date.fromisoformat(a.today) if a.today else datetime.date.today()
    now = today.isoformat() + "T00:00:00Z"  # fixed by the date, so the output is reproducible
    os.makedirs(a.out, exist_ok=True)
    rng = random.Random(a.seed)
    t0 = time.monotonic()
    orgs, branches = org_tree(a.orgs)
    if a.db:
        insert_orgs_db(orgs, a.db, now)
        where = a.db
    else:
        where = os.path.join(a.out, "orgs.sql")
        write_orgs_sql(orgs, where, now)
    t1 = time.monotonic()
    csv_path = os.path.join(a.out, "members.csv")
    write_members(a.members, branches, csv_path, rng, today)
    t2 = time.monotonic()
    kinds = {}
    for o in orgs:
        kinds[o[3]] = kinds.get(o[3], 0) + 1
    print("gen: %d orgs (%s) -> %s in %.2f s" % (len(orgs), ", ".join("%s %d" % kv for kv in kinds.items()), where, t1 - t0))
    print("gen: %d members -> %s (%.1f MB) in %.2f s" % (a.members, csv_path, os.path.getsize(csv_path) / 1e6, t2 - t1))


if __name__ == "__main__":
    main()
