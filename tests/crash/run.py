#!/usr/bin/env python3
"""Crash safety, online backup and the tamper-evident audit log, against the real binary.

0. `dangjian audit verify` names a changed record, and the record after a deleted one.
1. Kills the server with SIGKILL at random moments while it takes member writes and CSV imports,
   CYCLES times (default 100). After each kill: PRAGMA integrity_check is ok, every write that was
   answered 2xx is there, and every import is all or nothing.
1b. Kills a large `dangjian import members` from the command line (which writes through a
   rollback journal, the search index and the other indexes set aside until the end) at moments
   spread over its run: after each kill the database is intact, holds none of the file's rows,
   and has every index and trigger it had before; an uninterrupted run then keeps every row, and
   the search index, the audit chain and the WAL mode are back.
2. Takes `dangjian backup` while writes go on, restores it with `dangjian restore` into a new
   database, and checks the restored rows equal the backup's and that the backup holds a
   prefix of what was acknowledged.

Ends with the line 'N passed, N failed'."""
import http.cookiejar, json, os, random, signal, socket, sqlite3, subprocess, sys, tempfile, threading, time
import urllib.request, urllib.error

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("BIN", os.path.join(ROOT, "build", "dangjian"))
CYCLES = int(os.environ.get("CYCLES", "100"))
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
rng = random.Random(20261122)
passed = failed = 0


def idnum(seq):
    """A valid ID number, unique per seq: birth dates walk through the calendar."""
    day = seq % 28 + 1
    month = seq // 28 % 12 + 1
    year = 1960 + seq // 336 % 40
    body = "110101%04d%02d%02d%03d" % (year, month, day, seq // 13440 % 500 * 2 + 1)
    return body + CHECK[sum(int(c) * w for c, w in zip(body, W)) % 11], "%04d-%02d-%02d" % (year, month, day)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Client:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = ""

    def call(self, method, path, body=None, ctype="application/json", timeout=10):
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", ctype)
        if self.csrf:
            req.add_header("X-CSRF-Token", self.csrf)
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, None
        except (OSError, ValueError):
            return 0, None  # the server was killed mid-request


def start(db, port):
    p = subprocess.Popen([BIN, "serve", "--db", db, "--listen", "127.0.0.1:%d" % port, "--threads", "4"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            urllib.request.urlopen("http://127.0.0.1:%d/healthz" % port, timeout=1).read()
            return p
        except Exception:
            time.sleep(0.02)
    p.kill()
    raise RuntimeError("server did not start")


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL %s %s" % (name, detail))


def crash_cycles(tmp):
    db = os.path.join(tmp, "crash.db")
    subprocess.run([BIN, "init", "--db", db, "--demo"], check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    server = start(db, port)
    c = Client("http://127.0.0.1:%d/api/v1" % port)
    st, body = c.call("POST", "/session", {"username": "admin", "password": "dangjian2026"})
    c.csrf = body["csrf_token"]
    st, orgs = c.call("GET", "/orgs?q=%E7%AC%AC%E4%B8%80%E5%85%9A%E6%94%AF%E9%83%A8")  # 第一党支部
    org = orgs["items"][0]["id"]
    server.kill()
    server.wait()
    seq = [1000]
    acked, imports = [], []  # id numbers answered 201; (batch, answered 200)
    lock = threading.Lock()
    for cycle in range(CYCLES):
        server = start(db, port)  # the session lives in the database: no new login
        stop = threading.Event()

        def writer():
            while not stop.is_set():
                with lock:
                    seq[0] += 1
                    n = seq[0]
                idn, bd = idnum(n)
                st, _ = c.call("POST", "/members", {"name": "崩溃测试%d" % n, "gender": "male", "birth_date": bd,
                                                    "id_number": idn, "org_id": org, "category": "full",
                                                    "joined_on": "2020-07-01", "full_on": "2021-07-01"}, timeout=2)
                if st == 201:
                    with lock:
                        acked.append(idn)

        def importer():
            batch = "导入批次%d" % cycle
            rows = ["姓名,性别,出生日期,身份证号,科室,党员类别,入党日期,转正日期"]
            for _ in range(200):
                with lock:
                    seq[0] += 1
                    n = seq[0]
                idn, bd = idnum(n)
                rows.append("导入%d,男,%s,%s,%s,正式党员,2020-07-01,2021-07-01" % (n, bd, idn, batch))
            data = ("\n".join(rows) + "\n").encode()
            try:
                st, _ = c.call("POST", "/members/import?org=%d" % org, data, "text/csv", timeout=5)
            except Exception:
                st = 0
            with lock:
                imports.append((batch, st == 200))

        threads = [threading.Thread(target=f) for f in (writer, writer, importer)]
        for t in threads:
            t.start()
        time.sleep(rng.uniform(0.02, 0.4))
        server.send_signal(signal.SIGKILL)
        server.wait()
        stop.set()
        for t in threads:
            t.join()
        con = sqlite3.connect(db)
        ok = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        check("integrity after kill %d" % cycle, ok)
        have = {r[0] for r in con.execute("SELECT id_number FROM members WHERE name LIKE '崩溃测试%'")}
        missing = [i for i in acked if i not in have]
        check("acknowledged writes kept (cycle %d)" % cycle, not missing, "missing %d" % len(missing))
        for batch, answered in imports[-1:]:
            n = con.execute("SELECT COUNT(*) FROM members WHERE department = ?", (batch,)).fetchone()[0]
            check("import all or nothing (cycle %d)" % cycle, n in (0, 200) and (n == 200 or not answered),
                  "%s: %d rows, answered %s" % (batch, n, answered))
        con.close()
    print("crash cycles: %d, acknowledged writes %d, imports kept %d of %d" % (
        CYCLES, len(acked), sum(1 for _, a in imports if a), len(imports)))
    # The checks above mean something only if writes and imports went through between kills.
    check("writes were acknowledged between the kills", len(acked) >= CYCLES, "only %d" % len(acked))
    check("imports were acknowledged between the kills", sum(1 for _, a in imports if a) > 0)


def schema_of(db):
    con = sqlite3.connect(db)
    rows = con.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    con.close()
    return rows


def bulk_import_kills(tmp):
    base = os.path.join(tmp, "bulk-base.db")
    subprocess.run([BIN, "init", "--db", base, "--demo"], check=True, stdout=subprocess.DEVNULL)
    con = sqlite3.connect(base)
    org = con.execute("SELECT id FROM orgs WHERE type = 'branch' ORDER BY id LIMIT 1").fetchone()[0]
    before_members = con.execute("SELECT COUNT(*) FROM members").fetchone()[0]
    con.close()
    schema = schema_of(base)
    rows = int(os.environ.get("BULK_ROWS", "120000"))  # about 18 MB: large enough for the bulk path
    csv = os.path.join(tmp, "bulk.csv")
    with open(csv, "w", encoding="utf-8") as f:
        f.write("姓名,性别,出生日期,身份证号,手机号,科室,党员类别,入党日期,转正日期\n")
        for i in range(rows):
            idn, bd = idnum(3000000 + i)
            year = int(bd[:4])
            f.write("批量导入%d,男,%s,%s,139%08d,批量科室,正式党员,%d-07-01,%d-07-01\n" % (i, bd, idn, i, year + 25, year + 26))
    cmd = [BIN, "import", "members", csv, "--org", str(org), "--db"]

    def fresh(name):
        db = os.path.join(tmp, name)
        subprocess.run(["cp", base, db], check=True)
        return db

    whole = fresh("bulk-whole.db")
    t0 = time.monotonic()
    r = subprocess.run(cmd + [whole], capture_output=True, text=True)
    took = time.monotonic() - t0
    check("a large import from the command line exits 0", r.returncode == 0, r.stdout + r.stderr)
    con = sqlite3.connect(whole)
    n = con.execute("SELECT COUNT(*) FROM members WHERE department = '批量科室'").fetchone()[0]
    check("every row of the large import is there", n == rows, "%d of %d" % (n, rows))
    found = con.execute("SELECT COUNT(*) FROM members_fts WHERE members_fts MATCH ?", ('"批量导入12345"',)).fetchone()[0]
    check("the search index holds the imported rows", found >= 1)
    check("the WAL mode is back after the import", con.execute("PRAGMA journal_mode").fetchone()[0] == "wal")
    audited = con.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'import' AND object_id > 0").fetchone()[0]
    check("each imported member has its audit record", audited == rows, "%d" % audited)
    con.close()
    check("the large import leaves every index and trigger as the migrations made them", schema_of(whole) == schema)
    r = subprocess.run([BIN, "audit", "verify", "--db", whole], capture_output=True, text=True)
    check("the audit chain is intact after the large import", r.returncode == 0, r.stdout + r.stderr)
    kills = int(os.environ.get("BULK_KILLS", "6"))
    for k in range(kills):
        db = fresh("bulk-kill.db")
        for suffix in ("-wal", "-shm", "-journal"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        p = subprocess.Popen(cmd + [db], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(took * (k + 0.5) / kills * rng.uniform(0.8, 1.1))
        p.kill()
        p.wait()
        # The next opening rolls back whatever the killed import left (the server does the same).
        con = sqlite3.connect(db)
        ok = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        check("integrity after a killed import (%d)" % k, ok)
        n = con.execute("SELECT COUNT(*) FROM members").fetchone()[0]
        check("a killed import is all or nothing (%d)" % k, n in (before_members, before_members + rows), "%d" % n)
        con.close()
        check("a killed import leaves every index and trigger (%d)" % k, schema_of(db) == schema)
        r = subprocess.run([BIN, "audit", "verify", "--db", db], capture_output=True, text=True)
        check("the audit chain is intact after a killed import (%d)" % k, r.returncode == 0, r.stdout + r.stderr)
        con = sqlite3.connect(db)
        check("the next opening by dangjian brings the WAL back (%d)" % k,
              con.execute("PRAGMA journal_mode").fetchone()[0] == "wal")
        con.close()
    print("bulk import: %d rows in %.1f s, killed %d times" % (rows, took, kills))


def backup_during_writes(tmp):
    db = os.path.join(tmp, "live.db")
    subprocess.run([BIN, "init", "--db", db, "--demo"], check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    server = start(db, port)
    try:
        c = Client("http://127.0.0.1:%d/api/v1" % port)
        st, body = c.call("POST", "/session", {"username": "admin", "password": "dangjian2026"})
        c.csrf = body["csrf_token"]
        stop = threading.Event()
        acked = []

        def writer(base):
            n = base
            while not stop.is_set():
                n += 1
                idn, bd = idnum(n)
                st, m = c.call("POST", "/members", {"name": "备份测试%d" % n, "gender": "male", "birth_date": bd,
                                                    "id_number": idn, "org_id": 3, "category": "full",
                                                    "joined_on": "2020-07-01", "full_on": "2021-07-01"})
                if st == 201:
                    acked.append(m["id"])

        threads = [threading.Thread(target=writer, args=(b,)) for b in (500000, 600000)]
        for t in threads:
            t.start()
        time.sleep(1.0)
        before = len(acked)
        bk = os.path.join(tmp, "backup.db")
        r = subprocess.run([BIN, "backup", "--db", db, "--out", bk], capture_output=True, text=True)
        after = len(acked)
        time.sleep(0.5)
        stop.set()
        for t in threads:
            t.join()
        check("backup exits 0 while writes go on", r.returncode == 0, r.stderr)
        restored = os.path.join(tmp, "restored.db")
        r = subprocess.run([BIN, "restore", "--from", bk, "--db", restored], capture_output=True, text=True)
        check("restore exits 0", r.returncode == 0, r.stdout + r.stderr)
        b, n = sqlite3.connect(bk), sqlite3.connect(restored)
        check("backup intact", b.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
        for table in ("members", "orgs", "users", "audit_log", "institutions", "member_transfers"):
            rows_b = b.execute("SELECT * FROM %s ORDER BY rowid" % table).fetchall()
            rows_n = n.execute("SELECT * FROM %s ORDER BY rowid" % table).fetchall()
            check("restored %s equal the backup's" % table, rows_b == rows_n)
        in_backup = {r[0] for r in b.execute("SELECT id FROM members WHERE name LIKE '备份测试%'")}
        check("backup holds the writes acknowledged before it began", set(acked[:before]) <= in_backup,
              "%d acked before, %d in backup" % (before, len(in_backup)))
        check("backup holds nothing that was never acknowledged", in_backup <= set(acked),
              "%d in backup, %d acked" % (len(in_backup), len(acked)))
        print("backup during writes: %d writes acknowledged, %d in the backup (taken between %d and %d)" % (
            len(acked), len(in_backup), before, after))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)


def audit_tamper(tmp):
    """`dangjian audit verify` passes on an untouched log and names the record that was changed or
    whose predecessor was deleted."""
    db = os.path.join(tmp, "audit.db")
    subprocess.run([BIN, "init", "--db", db, "--demo"], check=True, stdout=subprocess.DEVNULL)
    r = subprocess.run([BIN, "audit", "verify", "--db", db], capture_output=True, text=True)
    check("audit verify passes on an untouched log", r.returncode == 0 and "intact" in r.stdout, r.stdout + r.stderr)
    head = r.stdout.strip().split()[-1]
    # A cut at the end: the recorded head is gone from the chain.
    cut = os.path.join(tmp, "audit-cut.db")
    subprocess.run(["cp", db, cut], check=True)
    c2 = sqlite3.connect(cut)
    c2.execute("DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)")
    c2.commit()
    c2.close()
    r = subprocess.run([BIN, "audit", "verify", "--db", cut], capture_output=True, text=True)
    check("without the recorded head, a cut at the end still looks intact", r.returncode == 0)
    r = subprocess.run([BIN, "audit", "verify", "--db", cut, "--head", head], capture_output=True, text=True)
    check("with the recorded head, a cut at the end is found", r.returncode != 0 and "cut" in r.stderr, r.stdout + r.stderr)
    r = subprocess.run([BIN, "audit", "verify", "--db", db, "--head", head], capture_output=True, text=True)
    check("the recorded head is found in the untouched log", r.returncode == 0, r.stdout + r.stderr)
    con = sqlite3.connect(db)
    ids = [row[0] for row in con.execute("SELECT id FROM audit_log ORDER BY id")]
    victim = ids[len(ids) // 2]
    con.execute("UPDATE audit_log SET after = replace(after, 'e', 'E') WHERE id = ?", (victim,))
    con.commit()
    r = subprocess.run([BIN, "audit", "verify", "--db", db], capture_output=True, text=True)
    check("a changed record is found", r.returncode != 0 and "record %d" % victim in r.stderr, r.stdout + r.stderr)
    con.close()
    # Who did it is part of the record: changing only the user name is found too, and so is a
    # NULL "before" turned into an empty one.
    for what, sql in (("the user name", "UPDATE audit_log SET username = 'someone_else' WHERE id = ?"),
                      ("a NULL before made empty", "UPDATE audit_log SET before = '' WHERE id = ? AND before IS NULL")):
        one = os.path.join(tmp, "audit-one.db")
        subprocess.run(["rm", "-f", one], check=True)
        subprocess.run([BIN, "init", "--db", one, "--demo"], check=True, stdout=subprocess.DEVNULL)
        c3 = sqlite3.connect(one)
        rid = c3.execute("SELECT MAX(id) FROM audit_log WHERE before IS NULL").fetchone()[0]
        c3.execute(sql, (rid,))
        c3.commit()
        c3.close()
        r = subprocess.run([BIN, "audit", "verify", "--db", one], capture_output=True, text=True)
        check("a change of %s alone is found" % what, r.returncode != 0 and "record %d" % rid in r.stderr,
              r.stdout + r.stderr)
    db2 = os.path.join(tmp, "audit2.db")
    subprocess.run([BIN, "init", "--db", db2, "--demo"], check=True, stdout=subprocess.DEVNULL)
    con = sqlite3.connect(db2)
    ids = [row[0] for row in con.execute("SELECT id FROM audit_log ORDER BY id")]
    gone = ids[len(ids) // 3]
    con.execute("DELETE FROM audit_log WHERE id = ?", (gone,))
    con.commit()
    con.close()
    nxt = ids[ids.index(gone) + 1]
    r = subprocess.run([BIN, "audit", "verify", "--db", db2], capture_output=True, text=True)
    check("a deleted record is found (at the one after it)", r.returncode != 0 and "record %d" % nxt in r.stderr,
          r.stdout + r.stderr)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        audit_tamper(tmp)
        crash_cycles(tmp)
        bulk_import_kills(tmp)
        backup_during_writes(tmp)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
