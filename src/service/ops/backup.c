/* backup.c — backup, check and restore (see svc_backup.h). The order of the work is what
 * makes a backup trustworthy:
 *   1. one read snapshot of the database gives the manifest's facts (audit head, dossiers,
 *      the list of stored contents) and the dump itself, so both describe the same moment;
 *   2. the contents listed are copied through the blob store, which hashes what it writes, so
 *      a damaged file in the live store is caught now rather than at restore;
 *   3. the manifest is written last, synced and renamed into place: a backup cut short has
 *      no manifest and is refused as incomplete.
 * A restore hashes everything against the manifest before it writes anything, and writes
 * only into a new SQLite file or an empty PostgreSQL database. */
#include "svc_backup.h"
#include "jpack.h"

#include "backup_store.h"
#include "blob_store.h"
#include "svc_audit.h"
#include "svc_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST        "MANIFEST.json"
#define MANIFEST_FORMAT "motcua-backup/1"
#define FILES_SUBDIR    "files"

static const char *dump_name(enum db_engine engine)
{
    return engine == DB_POSTGRES ? "database.pgdump" : "database.sqlite";
}

static const char *engine_name(enum db_engine engine)
{
    return engine == DB_POSTGRES ? "postgresql" : "sqlite";
}

/* dir is made (with its parents); an existing empty directory will do, anything else would
 * mix two backups. */
static int make_empty_dir(const char *dir, struct err *e)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST)
            return err_set(e, E_IO, "out", "cannot create %s: %s", path, strerror(errno));
        *p = '/';
    }
    if (mkdir(dir, 0700) == 0)
        return 0;
    if (errno != EEXIST)
        return err_set(e, E_IO, "out", "cannot create %s: %s", dir, strerror(errno));
    DIR *d = opendir(dir);
    if (!d)
        return err_set(e, E_IO, "out", "%s: %s", dir, strerror(errno));
    int entries = 0;
    for (struct dirent *de; (de = readdir(d));)
        entries += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
    closedir(d);
    return entries ? err_set(e, E_CONFLICT, "out", "%s is not empty", dir) : 0;
}

static int sync_path(const char *path, struct err *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) {
        int rc = err_set(e, E_IO, NULL, "cannot sync %s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return rc;
    }
    close(fd);
    return 0;
}

static int hash_file(const char *path, struct blob_id *id, struct err *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_set(e, errno == ENOENT ? E_NOTFOUND : E_IO, NULL, "%s: %s", path,
                       strerror(errno));
    int rc = blob_hash_fd(fd, id, e);
    close(fd);
    return rc;
}

/* Copies one content from the store in from_dir into the store in to_dir; the copy is hashed
 * on the way and must be the content it claims to be. */
static int copy_content(struct arena *a, const char *from_dir, const char *to_dir,
                        const struct backup_content *c, struct err *e)
{
    const char *src = blob_path(a, from_dir, c->sha256);
    int fd = open(src, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_set(e, E_IO, NULL, "stored file %s cannot be read: %s", src, strerror(errno));
    struct blob_id id;
    int existed;
    int rc = blob_put_fd(a, to_dir, fd, &id, &existed, e);
    close(fd);
    if (rc == 0 && (strcmp(id.hex, c->sha256) != 0 || id.size != c->size))
        rc = err_set(e, E_INVALID, NULL,
                     "stored file %s does not match its SHA-256 or size: it is damaged", src);
    return rc;
}

struct snap_ctx {
    struct arena *a;
    const char *dump_path;
    struct backup_facts facts;
};

static int take_snapshot(struct db_conn *c, void *ctx, struct err *e)
{
    struct snap_ctx *x = ctx;
    int rc = backup_facts_read(c, x->a, &x->facts, e);
    return rc ? rc : db_conn_dump(c, x->dump_path, e);
}

static json_t *manifest_json(const struct svc_backup_report *r, const char *dump,
                             const struct blob_id *dump_id, const struct backup_facts *f)
{
    json_t *files = json_array();
    for (int i = 0; i < f->ncontents; i++)
        json_array_append_new(files, jpack("{s:s, s:I}", "sha256", f->contents[i].sha256, "size",
                                           (json_int_t)f->contents[i].size));
    return jpack("{s:s, s:s, s:I, s:s, s:{s:s, s:s, s:I}, s:{s:I, s:s}, s:I, s:o}", "format",
                 MANIFEST_FORMAT, "motcua_version", r->motcua_version, "created_at",
                 (json_int_t)r->created_at, "engine", r->engine, "database", "file", dump, "sha256",
                 dump_id->hex, "size", (json_int_t)dump_id->size, "audit_head", "seq",
                 (json_int_t)f->audit_seq, "hash", f->audit_hash, "dossiers",
                 (json_int_t)f->dossiers, "files", files);
}

static int write_manifest(struct arena *a, const char *dir, json_t *m, struct err *e)
{
    const char *tmp = arena_printf(a, "%s/%s.tmp", dir, MANIFEST);
    const char *final = arena_printf(a, "%s/%s", dir, MANIFEST);
    int rc = m && json_dump_file(m, tmp, JSON_INDENT(1) | JSON_SORT_KEYS) == 0
                 ? 0
                 : err_set(e, E_IO, NULL, "cannot write %s", tmp);
    json_decref(m);
    rc = rc ? rc : sync_path(tmp, e);
    if (rc == 0 && rename(tmp, final) != 0)
        rc = err_set(e, E_IO, NULL, "cannot rename %s: %s", tmp, strerror(errno));
    return rc ? rc : sync_path(dir, e);
}

int svc_backup(struct svc *s, struct arena *a, const char *dir, struct svc_backup_report *out,
               struct err *e)
{
    enum db_engine engine = db_engine_of(s->db);
    struct snap_ctx x = {a, arena_printf(a, "%s/%s", dir, dump_name(engine)), {0}};
    *out = (struct svc_backup_report){.engine = engine_name(engine),
                                      .motcua_version = MOTCUA_VERSION,
                                      .created_at = svc_now(),
                                      .audit_hash = ""};
    int rc = make_empty_dir(dir, e);
    rc = rc ? rc : db_snapshot_tx(s->db, take_snapshot, &x, e);
    const char *files_to = arena_printf(a, "%s/%s", dir, FILES_SUBDIR);
    for (int i = 0; rc == 0 && i < x.facts.ncontents; i++) {
        rc = copy_content(a, s->cfg.files_dir, files_to, &x.facts.contents[i], e);
        out->bytes += x.facts.contents[i].size;
    }
    struct blob_id dump_id;
    rc = rc ? rc : sync_path(x.dump_path, e);
    rc = rc ? rc : hash_file(x.dump_path, &dump_id, e);
    if (rc)
        return rc;
    out->audit_seq = x.facts.audit_seq;
    out->audit_hash = x.facts.audit_hash;
    out->dossiers = x.facts.dossiers;
    out->files = x.facts.ncontents;
    return write_manifest(a, dir, manifest_json(out, dump_name(engine), &dump_id, &x.facts), e);
}

/* Reading a backup back. */

struct problems {
    int n;
    struct err first;
};

/* what is a whole sentence: the first problem is the one the message shows. */
static void note_problem(struct problems *p, const char *what)
{
    if (p->n++ == 0)
        err_set(&p->first, E_INVALID, NULL, "%s", what);
}

static int load_manifest(const char *dir, struct arena *a, json_t **out, struct err *e)
{
    const char *path = arena_printf(a, "%s/%s", dir, MANIFEST);
    if (access(path, F_OK) != 0)
        return err_set(e, E_NOTFOUND, NULL,
                       "%s has no %s: the backup is incomplete (the manifest is written last) or "
                       "not a motcua backup",
                       dir, MANIFEST);
    json_error_t je;
    json_t *m = json_load_file(path, 0, &je);
    if (!m)
        return err_set(e, E_INVALID, NULL, "%s is damaged: %s (line %d)", path, je.text, je.line);
    if (!json_is_object(m) || !json_string_value(json_object_get(m, "format")) ||
        strcmp(json_string_value(json_object_get(m, "format")), MANIFEST_FORMAT) != 0) {
        json_decref(m);
        return err_set(e, E_INVALID, NULL, "%s is not a manifest of format %s", path,
                       MANIFEST_FORMAT);
    }
    *out = m;
    return 0;
}

static const char *jstr(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static int64_t jint(json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

static void check_one(struct arena *a, const char *path, const char *sha, int64_t size,
                      const char *label, struct problems *p)
{
    struct blob_id id;
    struct err he = {0};
    if (!blob_hex_valid(sha))
        note_problem(p, arena_printf(a, "%s has no valid SHA-256 in the manifest", label));
    else if (hash_file(path, &id, &he) != 0)
        note_problem(p, arena_printf(a, "%s is missing from the backup", label));
    else if (strcmp(id.hex, sha) != 0 || id.size != size)
        note_problem(
            p,
            arena_printf(a, "%s does not match its SHA-256 in the manifest: it is damaged", label));
}

static void report_from(json_t *m, struct svc_backup_report *out)
{
    json_t *head = json_object_get(m, "audit_head");
    *out = (struct svc_backup_report){
        .engine = jstr(m, "engine"),
        .motcua_version = jstr(m, "motcua_version"),
        .created_at = jint(m, "created_at"),
        .audit_seq = jint(head, "seq"),
        .audit_hash = jstr(head, "hash"),
        .dossiers = jint(m, "dossiers"),
        .files = (int64_t)json_array_size(json_object_get(m, "files")),
    };
}

static int check_against(struct arena *a, const char *dir, json_t *m, struct err *e)
{
    struct problems p = {0};
    json_t *db = json_object_get(m, "database");
    const char *dump = jstr(db, "file");
    if (strcmp(dump, dump_name(DB_SQLITE)) != 0 && strcmp(dump, dump_name(DB_POSTGRES)) != 0)
        note_problem(&p, arena_printf(a, "the manifest names no known database dump (%s)", dump));
    else
        check_one(a, arena_printf(a, "%s/%s", dir, dump), jstr(db, "sha256"), jint(db, "size"),
                  dump, &p);
    json_t *files = json_object_get(m, "files"), *f;
    size_t i;
    json_array_foreach(files, i, f)
    {
        const char *sha = jstr(f, "sha256");
        const char *path = blob_hex_valid(sha)
                               ? blob_path(a, arena_printf(a, "%s/%s", dir, FILES_SUBDIR), sha)
                               : "";
        check_one(a, path, sha, jint(f, "size"), arena_printf(a, "file %s", sha), &p);
    }
    if (p.n == 0)
        return 0;
    return err_set(e, E_INVALID, NULL, "the backup is damaged: %s%s", p.first.msg,
                   p.n > 1 ? arena_printf(a, " (and %d more problems)", p.n - 1) : "");
}

int svc_backup_check(struct arena *a, const char *dir, struct svc_backup_report *out, struct err *e)
{
    json_t *m;
    int rc = load_manifest(dir, a, &m, e);
    if (rc)
        return rc;
    rc = check_against(a, dir, m, e);
    report_from(m, out);
    out->engine = arena_strdup(a, out->engine);
    out->motcua_version = arena_strdup(a, out->motcua_version);
    out->audit_hash = arena_strdup(a, out->audit_hash);
    json_decref(m);
    return rc;
}

static int copy_files_back(struct arena *a, const char *dir, const char *files_dir, struct err *e)
{
    json_t *m;
    int rc = load_manifest(dir, a, &m, e);
    json_t *f;
    size_t i;
    const char *from = arena_printf(a, "%s/%s", dir, FILES_SUBDIR);
    json_array_foreach(json_object_get(m, "files"), i, f)
    {
        struct backup_content c = {.sha256 = jstr(f, "sha256"), .size = jint(f, "size")};
        if (rc == 0)
            rc = copy_content(a, from, files_dir, &c, e);
    }
    json_decref(m);
    return rc;
}

struct head_ctx {
    struct arena *a;
    struct backup_facts facts;
};

static int read_restored(struct db_conn *c, void *ctx, struct err *e)
{
    struct head_ctx *x = ctx;
    return backup_facts_read(c, x->a, &x->facts, e);
}

/* The restored database opens like a live one (so it is migrated to this version), and its
 * chain must verify and end where the manifest says. */
static int verify_restored(struct arena *a, const char *db_url, const char *files_dir,
                           const struct svc_backup_report *want, struct err *e)
{
    struct svc_config cfg = {.db_url = db_url, .files_dir = files_dir};
    struct svc *s;
    int rc = svc_open(&cfg, &s, e);
    if (rc)
        return rc;
    int64_t count = 0, broken = 0;
    struct head_ctx x = {a, {0}};
    rc = svc_audit_verify(s, &svc_system, &count, &broken, e);
    rc = rc ? rc : db_with_conn(s->db, read_restored, &x, e);
    svc_close(s);
    if (rc)
        return rc;
    if (broken)
        return err_set(e, E_INVALID, NULL, "the restored audit chain breaks at entry %lld",
                       (long long)broken);
    if (x.facts.audit_seq != want->audit_seq || strcmp(x.facts.audit_hash, want->audit_hash) != 0)
        return err_set(e, E_INVALID, NULL,
                       "the restored audit chain ends at entry %lld, the manifest says %lld",
                       (long long)x.facts.audit_seq, (long long)want->audit_seq);
    return 0;
}

int svc_restore(struct arena *a, const char *dir, const char *db_url, const char *files_dir,
                struct svc_backup_report *out, struct err *e)
{
    int rc = svc_backup_check(a, dir, out, e);
    if (rc)
        return rc;
    enum db_engine target = db_url_is_postgres(db_url) ? DB_POSTGRES : DB_SQLITE;
    if (strcmp(out->engine, engine_name(target)) != 0)
        return err_set(e, E_INVALID, "db", "this is a %s backup; restore it into a %s database",
                       out->engine, out->engine);
    rc = db_restore_dump(arena_printf(a, "%s/%s", dir, dump_name(target)), db_url, e);
    rc = rc ? rc : copy_files_back(a, dir, files_dir, e);
    return rc ? rc : verify_restored(a, db_url, files_dir, out, e);
}
