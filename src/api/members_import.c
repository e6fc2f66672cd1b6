/* members_import.c: the member import: CSV in UTF-8 or GB18030, every row checked, all rows or
 * none, errors by row and column. The CLI and the HTTP handler both use it.
 *
 * On a machine of two cores or more (DJ_IMPORT_THREADS=1: one thread) a large file (the bulk path on SQLite) is read on two threads: one
 * parses, validates and seals each row's audit record (the hash chain needs no database: the ids
 * are counted ahead), the other — the one that owns the database connection — writes the rows and
 * the records in the order sealed (bench/README.md has when that pays). */
#include "api/member_file.h"
#include "api/members.h"

#include "core/buf.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/json.h"
#include "core/text.h"
#include "store/members.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { MAX_ERRORS = 500 };

static int column_of(const char *header)
{
    for (int i = 0; i < MEMBER_NCOLUMNS; i++)
        if (strcmp(member_file_columns[i].label, header) == 0 || strcmp(member_file_columns[i].field, header) == 0)
            return i;
    return -1;
}

static const char *label_of(const char *field)
{
    for (int i = 0; i < MEMBER_NCOLUMNS; i++)
        if (strcmp(member_file_columns[i].field, field) == 0)
            return member_file_columns[i].label;
    return field;
}

static void add_error(import_result *res, size_t row, const char *field, const char *message)
{
    if (json_array_size(res->errors) >= MAX_ERRORS)
        return;
    json_array_append_new(res->errors, json_pack("{s:I,s:s,s:s,s:s}", "row", (json_int_t)row, "column",
                                                 field && *field ? label_of(field) : "", "field",
                                                 field ? field : "", "message", message));
}

/* Where a column of the file goes: a field of member_input, the organisation, the tags, or
 * nowhere (所在组织, a name for people: the id decides). */
enum { SLOT_NONE = -1, SLOT_ORG = -2, SLOT_TAGS = -3 };

static int slot_of(const char *field)
{
    static const struct {
        const char *field;
        size_t offset;
    } slots[] = {
        {"name", offsetof(member_input, name)},           {"gender", offsetof(member_input, gender)},
        {"ethnicity", offsetof(member_input, ethnicity)}, {"birth_date", offsetof(member_input, birth_date)},
        {"id_number", offsetof(member_input, id_number)}, {"phone", offsetof(member_input, phone)},
        {"education", offsetof(member_input, education)}, {"title", offsetof(member_input, title)},
        {"department", offsetof(member_input, department)}, {"position", offsetof(member_input, position)},
        {"category", offsetof(member_input, category)},   {"status", offsetof(member_input, status)},
        {"joined_on", offsetof(member_input, joined_on)}, {"full_on", offsetof(member_input, full_on)},
    };
    if (strcmp(field, "org_id") == 0)
        return SLOT_ORG;
    if (strcmp(field, "tags") == 0)
        return SLOT_TAGS;
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++)
        if (strcmp(slots[i].field, field) == 0)
            return (int)slots[i].offset;
    return SLOT_NONE;
}

static bool is_date_slot(int slot)
{
    return slot == (int)offsetof(member_input, birth_date) || slot == (int)offsetof(member_input, joined_on) ||
           slot == (int)offsetof(member_input, full_on);
}

/* One data row, read into the fields of a member. Every value is trimmed and copied into one
 * block of the row's own (the reader's row is gone by the time a second thread writes it);
 * empty values stay NULL. */
typedef struct row_values {
    member_input in;
    const char *org;                      /* the 组织ID cell, or NULL */
    const char *tags[MEMBER_TAGS_MAX + 1]; /* the first ones, and */
    size_t ntags;                         /* how many there are */
    char *block;                          /* owns every string above */
} row_values;

static void row_read(const csv_row *row, const int *slot, row_values *v)
{
    size_t size = 0;
    for (size_t i = 0; i < row->n && i < 256; i++)
        if (slot[i] != SLOT_NONE)
            size += strlen(row->fields[i]) + 11; /* room for a date written out (1980/5/5 → 1980-05-05) */
    memset(v, 0, sizeof *v);
    char *p = v->block = xmalloc(size ? size : 1);
    for (size_t i = 0; i < row->n && i < 256; i++) {
        if (slot[i] == SLOT_NONE)
            continue;
        size_t len = strlen(row->fields[i]);
        memcpy(p, row->fields[i], len + 1);
        char *t = text_trim(p);
        len = strlen(t);
        char *next = p + len + 11;
        if (!*t)
            ;
        else if (slot[i] == SLOT_ORG)
            v->org = t;
        else if (slot[i] == SLOT_TAGS) {
            /* ; or the full-width ； (EF BC 9B) separate tags. */
            for (char *q = t; *q; q++)
                if ((unsigned char)q[0] == 0xEF && (unsigned char)q[1] == 0xBC && (unsigned char)q[2] == 0x9B)
                    memcpy(q, ";  ", 3);
            char *save = NULL;
            for (char *tag = strtok_r(t, ";", &save); tag; tag = strtok_r(NULL, ";", &save)) {
                tag = text_trim(tag);
                if (*tag && v->ntags++ < MEMBER_TAGS_MAX)
                    v->tags[v->ntags - 1] = tag;
            }
        } else {
            if (is_date_slot(slot[i])) {
                char day[11];
                if (date_normalize(t, day)) /* as Excel shows it */
                    memcpy(t, day, 11);
            }
            *(const char **)((char *)&v->in + slot[i]) = t;
        }
        p = next;
    }
}

/* The tags as the text of a JSON array, or NULL when there are none. */
static char *tags_json(const row_values *v)
{
    if (!v->ntags)
        return NULL;
    buf out = {0};
    buf_append(&out, "[", 1);
    for (size_t i = 0; i < v->ntags && i < MEMBER_TAGS_MAX; i++) {
        if (i)
            buf_append(&out, ",", 1);
        json_write_string(&out, v->tags[i]);
    }
    buf_append(&out, "]", 1);
    size_t len;
    return buf_steal(&out, &len);
}

/* Where an import's time goes, by phase (DJ_IMPORT_PROFILE=1 prints it to stderr): the figures
 * of bench/README.md's import breakdown. */
enum { PH_DECODE, PH_PARSE, PH_VALIDATE, PH_INSERT, PH_AUDIT, PH_INDEXES, PH_COMMIT, PH_COUNT };
static const char *const phase_names[PH_COUNT] = {"decode", "parse", "validate", "insert", "audit", "indexes", "commit"};
typedef struct phase_clock {
    bool on;
    double spent[PH_COUNT], cpu[PH_COUNT]; /* wall, and this thread's CPU (steady on a busy machine) */
    struct timespec last, last_cpu;
} phase_clock;

static void phase_start(phase_clock *pc)
{
    pc->on = getenv("DJ_IMPORT_PROFILE") != NULL;
    if (pc->on) {
        clock_gettime(CLOCK_MONOTONIC, &pc->last);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &pc->last_cpu);
    }
}

static double seconds_since(struct timespec *last, clockid_t clock)
{
    struct timespec now;
    clock_gettime(clock, &now);
    double s = (double)(now.tv_sec - last->tv_sec) + (double)(now.tv_nsec - last->tv_nsec) / 1e9;
    *last = now;
    return s;
}

/* Charges the time since the last mark to phase ph. */
static void phase_mark(phase_clock *pc, int ph)
{
    if (!pc->on)
        return;
    pc->spent[ph] += seconds_since(&pc->last, CLOCK_MONOTONIC);
    pc->cpu[ph] += seconds_since(&pc->last_cpu, CLOCK_THREAD_CPUTIME_ID);
}

static void phase_report(const phase_clock *pc)
{
    if (!pc->on)
        return;
    double total = 0, cpu = 0;
    for (int i = 0; i < PH_COUNT; i++) {
        total += pc->spent[i];
        cpu += pc->cpu[i];
    }
    for (int i = 0; i < PH_COUNT; i++)
        fprintf(stderr, "import phase %-9s %8.2f s wall %5.1f%%  %8.2f s CPU\n", phase_names[i], pc->spent[i],
                total > 0 ? 100 * pc->spent[i] / total : 0, pc->cpu[i]);
    fprintf(stderr, "import phase %-9s %8.2f s wall         %8.2f s CPU\n", "total", total, cpu);
}

/* One checked row on its way to the database. */
typedef struct import_item {
    row_values v;       /* the member, validated and normalised (v.in; owned) */
    char idn[32];       /* its normalised ID number (v.in.id_number) */
    int64_t org_id;
    char *tags;         /* the tags as JSON text, or NULL (owned) */
    const char *path;   /* its organisation's path (in the job's paths) */
    size_t line;
    int64_t id;         /* counted ahead (bulk), else 0: the database's */
    char *after;        /* the sealed audit record's JSON (owned), or NULL: audit_append later */
    char prev[65], hash[65];
} import_item;

enum { BATCH = 256, QUEUE = 8 };

typedef struct import_batch {
    import_item items[BATCH];
    int n;
} import_batch;

typedef struct scope_orgs {
    int64_t *ids; /* ascending */
    char **paths;
    size_t n;
} scope_orgs;

typedef struct import_job {
    /* Read by both threads, written before the reader starts. */
    db *d;
    const dj_actor *who;
    csv_reader *r;
    int map[256];
    int slot[256];      /* map's columns as places in a member (slot_of) */
    size_t header_cells;
    int64_t default_org;
    bool dry_run;
    scope_orgs orgs;   /* the organisations of the scope, by id */
    bool sealing;      /* ids counted ahead and records sealed by the reader */
    import_result *res; /* the reader's: rows and the faults of the rows themselves */
    /* The reader's own. */
    int64_t next_id;
    audit_chain chain;
    int csv_rc;
    phase_clock *pc;
    /* The queue between them. */
    pthread_mutex_t mu;
    pthread_cond_t can_put, can_take;
    import_batch *q[QUEUE];
    int head, count;
    bool done, stop;
    /* The writer's. */
    member_bulk *bulk;
    bool bulk_on;       /* a large file: written as a bulk (store/members.h) */
    audit_chain wchain; /* when records are not sealed ahead */
    json_t *werrors;    /* faults found by writing (a number on file) */
    int written;
    bool failed;        /* the database failed: nothing more is read */
    dj_err err;
} import_job;

/* Every live organisation of the actor's scope and its path, read once (the reader needs no
 * database), in the order of their ids. As the API's scope_org_path: any live organisation in
 * scope (a 党小组 too). */
static bool scope_paths(db *d, const dj_actor *who, scope_orgs *o, dj_err *err)
{
    db_stmt *s = db_prepare(d, "SELECT id, path FROM orgs WHERE deleted_at IS NULL ORDER BY id");
    int rc;
    size_t cap = 0;
    bool member = strcmp(who->role, "member") == 0;
    while ((rc = db_step(s, err)) == 1) {
        const char *path = db_col_text(s, 1);
        if (member || !store_path_in(path, who->scope_path))
            continue;
        if (o->n == cap) {
            cap = cap ? cap * 2 : 256;
            o->ids = xrealloc(o->ids, cap * sizeof *o->ids);
            o->paths = xrealloc(o->paths, cap * sizeof *o->paths);
        }
        o->ids[o->n] = db_col_int(s, 0);
        o->paths[o->n++] = xstrdup(path);
    }
    return rc >= 0;
}

static void scope_paths_free(scope_orgs *o)
{
    for (size_t i = 0; i < o->n; i++)
        free(o->paths[i]);
    free(o->paths);
    free(o->ids);
}

/* The path of organisation id in the scope, or NULL. */
static const char *org_path_of(import_job *j, int64_t id)
{
    size_t lo = 0, hi = j->orgs.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (j->orgs.ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < j->orgs.n && j->orgs.ids[lo] == id ? j->orgs.paths[lo] : NULL;
}

static void item_free(import_item *it)
{
    free(it->v.block);
    free(it->tags);
    free(it->after);
}

/* Checks one data row into *it; true: an item to write; false: a fault was added, or the row
 * is blank (*it then holds nothing). */
static bool check_row(import_job *j, const csv_row *row, size_t line, import_item *it)
{
    import_result *res = j->res;
    bool blank = true;
    for (size_t i = 0; i < row->n; i++)
        blank = blank && !*row->fields[i];
    if (blank)
        return false;
    res->rows++;
    if (row->n > j->header_cells) {
        /* An extra cell means the columns have shifted (often an unquoted comma in a value):
         * every value after it would land in the wrong column. */
        char msg[256];
        snprintf(msg, sizeof msg, "第%zu行有%zu个单元格，多于表头的%zu列：列可能已错位（值中的逗号须用引号括起）", line,
                 row->n, j->header_cells);
        add_error(res, line, "", msg);
        return false;
    }
    memset(it, 0, sizeof *it);
    row_read(row, j->slot, &it->v);
    dj_err errs[16];
    int nerr;
    int64_t org = j->default_org;
    if (it->v.org) {
        char *end;
        long long v = strtoll(it->v.org, &end, 10);
        org = *end == '\0' && v > 0 ? v : -1;
    }
    const char *path = org > 0 ? org_path_of(j, org) : NULL;
    bool ok = false;
    if (org == 0)
        add_error(res, line, "org_id", "未指定所在组织");
    else if (!path)
        add_error(res, line, "org_id", "组织不存在或不在您的管理范围内");
    else if ((nerr = member_check_input(&it->v.in, it->v.tags, it->v.ntags, it->idn, errs, 16)) > 0)
        for (int k = 0; k < nerr && k < 16; k++) /* every fault of the row, not only the first */
            add_error(res, line, errs[k].field, errs[k].message);
    else
        ok = json_array_size(res->errors) < MAX_ERRORS;
    if (!ok) {
        item_free(it);
        return false;
    }
    it->org_id = org;
    it->tags = tags_json(&it->v);
    it->path = path;
    it->line = line;
    /* Each member gets its own audit record (who imported it, when, what): its history starts
     * there. None once a fault means nothing will be kept, nor on a dry run. */
    if (j->sealing) {
        it->id = j->next_id++;
        if (!j->dry_run && json_array_size(res->errors) == 0) {
            it->after = member_input_json(&it->v.in, it->org_id, it->tags);
            audit_seal(&j->chain, j->who, "import", "member", it->id, NULL, it->after, it->prev, it->hash);
        }
    }
    return true;
}

/* Writes one item; false when the database failed. */
static bool write_item(import_job *j, import_item *it)
{
    dj_err e;
    bool ok = true;
    if (j->sealing)
        j->bulk->next_id = it->id; /* the id the reader counted (and sealed) */
    int64_t id = 0;
    bool inserted =
        member_insert_bulk(j->d, j->bulk_on ? j->bulk : NULL, &it->v.in, it->org_id, it->tags, it->path, &id, &e);
    if (!j->sealing)
        phase_mark(j->pc, PH_INSERT); /* one thread: the phases one by one */
    if (inserted) {
        /* On the reader's own thread (no sealing) its faults are seen here too. */
        bool quiet = j->dry_run || json_array_size(j->werrors) > 0 || (j->sealing && !it->after) ||
                     (!j->sealing && json_array_size(j->res->errors) > 0);
        if (!quiet && !it->after)
            it->after = member_input_json(&it->v.in, it->org_id, it->tags);
        if (quiet)
            j->written++;
        else if (j->sealing ? audit_insert_sealed(j->d, j->chain.at, j->who, "import", "member", id, NULL, it->after,
                                                  it->prev, it->hash, &e)
                            : audit_append_text(j->d, &j->wchain, j->who, "import", "member", id, NULL, it->after, &e))
            j->written++;
        else
            ok = false;
    } else if (strcmp(e.code, "conflict") == 0) {
        json_array_append_new(j->werrors, json_pack("{s:I,s:s,s:s,s:s}", "row", (json_int_t)it->line, "column",
                                                    label_of("id_number"), "field", "id_number", "message",
                                                    "身份证号重复（文件中或系统中已存在）"));
    } else {
        ok = false;
    }
    if (!j->sealing)
        phase_mark(j->pc, PH_AUDIT);
    if (!ok && !j->failed) {
        j->failed = true;
        j->err = e;
    }
    item_free(it);
    return ok;
}

/* The reader: rows → checked items, in batches onto the queue (or, without a second thread,
 * straight to write_item). */
static void *read_rows(void *arg)
{
    import_job *j = arg;
    bool threaded = j->sealing;
    import_batch *b = xcalloc(1, sizeof *b);
    csv_row row;
    int rc;
    phase_mark(j->pc, PH_INDEXES);
    while ((rc = csv_next_row(j->r, &row)) == 1) {
        if (!threaded)
            phase_mark(j->pc, PH_PARSE);
        size_t line = csv_line(j->r);
        bool checked = check_row(j, &row, line, &b->items[b->n]);
        if (!threaded)
            phase_mark(j->pc, PH_VALIDATE);
        if (!checked)
            continue;
        if (!threaded) {
            if (!write_item(j, &b->items[0]))
                break;
            continue;
        }
        if (++b->n < BATCH)
            continue;
        pthread_mutex_lock(&j->mu);
        while (j->count == QUEUE && !j->stop)
            pthread_cond_wait(&j->can_put, &j->mu);
        bool stop = j->stop;
        if (!stop) {
            j->q[(j->head + j->count++) % QUEUE] = b;
            pthread_cond_signal(&j->can_take);
        }
        pthread_mutex_unlock(&j->mu);
        if (stop)
            break;
        b = xcalloc(1, sizeof *b);
    }
    j->csv_rc = rc;
    if (threaded) {
        pthread_mutex_lock(&j->mu);
        while (j->count == QUEUE && !j->stop)
            pthread_cond_wait(&j->can_put, &j->mu);
        if (!j->stop && b->n) {
            j->q[(j->head + j->count++) % QUEUE] = b;
            b = NULL;
        }
        j->done = true;
        pthread_cond_signal(&j->can_take);
        pthread_mutex_unlock(&j->mu);
    }
    if (b) {
        for (int i = 0; i < b->n && threaded; i++)
            item_free(&b->items[i]);
        free(b);
    }
    return NULL;
}

/* The writer (this thread, the database's): batches from the queue until the reader is done. */
static void write_rows(import_job *j)
{
    for (;;) {
        pthread_mutex_lock(&j->mu);
        while (j->count == 0 && !j->done)
            pthread_cond_wait(&j->can_take, &j->mu);
        if (j->count == 0) {
            pthread_mutex_unlock(&j->mu);
            return;
        }
        import_batch *b = j->q[j->head];
        j->head = (j->head + 1) % QUEUE;
        j->count--;
        pthread_cond_signal(&j->can_put);
        pthread_mutex_unlock(&j->mu);
        for (int i = 0; i < b->n; i++) {
            if (j->failed) /* drain: free what is left */
                item_free(&b->items[i]);
            else if (!write_item(j, &b->items[i])) {
                pthread_mutex_lock(&j->mu);
                j->stop = true; /* the reader stops too */
                pthread_cond_signal(&j->can_put);
                pthread_mutex_unlock(&j->mu);
            }
        }
        free(b);
    }
}

/* The faults of reading and of writing, in the order of the rows. */
static int by_row(const void *a, const void *b)
{
    json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "row"));
    json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "row"));
    return x < y ? -1 : x > y;
}

static void merge_errors(import_result *res, json_t *werrors)
{
    size_t n = json_array_size(werrors);
    if (!n)
        return;
    size_t total = json_array_size(res->errors) + n;
    json_t **all = xmalloc(total * sizeof *all);
    size_t k = 0, i;
    json_t *e;
    json_array_foreach(res->errors, i, e) all[k++] = json_incref(e);
    json_array_foreach(werrors, i, e) all[k++] = json_incref(e);
    /* A stable order: qsort is not, so ties keep their reading order by the row's own number. */
    qsort(all, total, sizeof *all, by_row);
    json_array_clear(res->errors);
    for (k = 0; k < total && k < MAX_ERRORS; k++)
        json_array_append(res->errors, all[k]);
    for (k = 0; k < total; k++)
        json_decref(all[k]);
    free(all);
}

bool members_import_csv(db *d, const dj_actor *who, const char *data, size_t len, int64_t default_org,
                        bool dry_run, import_result *res, dj_err *err)
{
    phase_clock pc = {0};
    phase_start(&pc);
    memset(res, 0, sizeof *res);
    res->errors = json_array();
    size_t ulen;
    /* Plain UTF-8 (the common case, and a large file's) is read in place; a BOM or GB18030 needs
     * a converted copy. */
    char *owned = NULL;
    const char *text;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) != 0 && utf8_valid(data, len) && !memchr(data, '\0', len)) {
        text = data;
        ulen = len;
        res->encoding = "UTF-8";
    } else {
        text = owned = text_to_utf8(data, len, &ulen, &res->encoding);
    }
    if (!text)
        return dj_err_set(err, "validation", "file", "文件编码无法识别（须为 UTF-8 或 GB18030）");
    phase_mark(&pc, PH_DECODE);
    import_job j = {.d = d, .who = who, .default_org = default_org, .dry_run = dry_run, .res = res, .pc = &pc};
    j.r = csv_open(text, ulen);
    csv_row row;
    for (int i = 0; i < 256; i++) {
        j.map[i] = -1;
        j.slot[i] = SLOT_NONE;
    } /* a row longer than the header has no column for its extra fields */
    bool ok = true;
    if (csv_next_row(j.r, &row) != 1 || row.n == 0 || row.n > 256) {
        ok = dj_err_set(err, "validation", "file", "文件为空或缺少表头");
    } else {
        bool seen[MEMBER_NCOLUMNS] = {0};
        j.header_cells = row.n;
        for (size_t i = 0; i < row.n; i++) {
            char *h = xstrdup(row.fields[i]);
            j.map[i] = column_of(text_trim(h));
            j.slot[i] = j.map[i] < 0 ? SLOT_NONE : slot_of(member_file_columns[j.map[i]].field);
            if (j.map[i] < 0 && *text_trim(h)) {
                ok = dj_err_set(err, "validation", "file", "无法识别的列: %s", h);
            } else if (j.map[i] >= 0) {
                if (seen[j.map[i]])
                    ok = dj_err_set(err, "validation", "file", "重复的列: %s", h);
                seen[j.map[i]] = true;
            }
            free(h);
        }
        for (int c = 0; ok && c < MEMBER_NCOLUMNS; c++)
            if (member_file_columns[c].required && !seen[c])
                ok = dj_err_set(err, "validation", "file", "缺少必需的列: %s", member_file_columns[c].label);
    }
    /* One transaction: each row is checked and, while no row has failed, written. Faults
     * (fields, organisation, an ID number already in the file or on file) are all collected; if
     * there is any, or on a dry run, everything is rolled back. */
    bool in_tx = ok && db_begin(d, err);
    ok = in_tx && scope_paths(d, who, &j.orgs, err);
    /* A large file fills the search index once at the end (see members_bulk_begin); a small one,
     * as from the web UI, row by row, leaving the schema alone. */
    member_bulk bulk = {0};
    j.bulk = &bulk;
    j.werrors = json_array();
    if (ok && ulen > MEMBERS_BULK_BYTES) {
        int64_t lines = 0;
        for (const char *p = text; (p = memchr(p, '\n', ulen - (size_t)(p - text))) != NULL; p++)
            lines++;
        ok = j.bulk_on = members_bulk_begin(d, &bulk, lines, err);
        /* A second thread where the bulk counts the ids (SQLite) and the machine has two cores
         * or more, unless DJ_IMPORT_THREADS=1: rows no longer cross as JSON objects, and on this
         * 2-core machine, idle, 1M rows took 19.0 s against 20.6 s on one thread for 8 % more CPU
         * (bench/README.md, sixth session). */
        const char *threads = getenv("DJ_IMPORT_THREADS");
        bool two = threads ? strcmp(threads, "2") == 0 : sysconf(_SC_NPROCESSORS_ONLN) >= 2;
        j.sealing = ok && two && bulk.next_id > 0 && audit_chain_load(d, &j.chain, err);
        j.next_id = bulk.next_id;
        ok = ok && (bulk.next_id == 0 || !two || j.sealing);
    }
    if (ok) {
        pthread_t reader;
        if (j.sealing) {
            pthread_mutex_init(&j.mu, NULL);
            pthread_cond_init(&j.can_put, NULL);
            pthread_cond_init(&j.can_take, NULL);
        }
        if (j.sealing && pthread_create(&reader, NULL, read_rows, &j) == 0) {
            write_rows(&j);
            pthread_join(reader, NULL);
        } else {
            j.sealing = false;
            read_rows(&j);
        }
        if (j.sealing) {
            phase_mark(&pc, PH_INSERT); /* both threads: the reading is hidden in the writing */
            pthread_mutex_destroy(&j.mu);
            pthread_cond_destroy(&j.can_put);
            pthread_cond_destroy(&j.can_take);
        }
        if (j.failed)
            ok = dj_err_set(err, j.err.code, j.err.field, "%s", j.err.message);
        if (ok && j.csv_rc < 0)
            add_error(res, csv_line(j.r), "", csv_error(j.r) ? csv_error(j.r) : "CSV 格式错误");
        merge_errors(res, j.werrors);
    }
    csv_close(j.r);
    free(owned);
    scope_paths_free(&j.orgs);
    json_decref(j.werrors);
    bool keep = ok && json_array_size(res->errors) == 0 && !dry_run;
    if (keep) {
        json_t *summary = json_pack("{s:i,s:s}", "rows", j.written, "encoding", res->encoding);
        /* The import's own record closes the chain the members' records made. */
        audit_chain *chain = j.sealing ? &j.chain : &j.wchain;
        ok = members_bulk_end(d, &bulk, err) && audit_append(d, chain, who, "import", "member", 0, NULL, summary, err);
        phase_mark(&pc, PH_INDEXES);
        ok = ok && db_commit(d, err);
        phase_mark(&pc, PH_COMMIT);
        json_decref(summary);
        if (ok)
            res->imported = j.written;
    }
    phase_report(&pc);
    members_bulk_free(d, &bulk);
    if (in_tx && (!keep || !ok))
        db_rollback(d);
    return ok;
}
