/* upload.c — where multipart parts go: file parts are written straight to temporary files
 * (an upload never sits in memory), each capped at cfg.max_upload, and text parts become form
 * fields, all together capped at cfg.max_body. The sink remembers every file it created, so
 * a request that fails half-way, and every request once answered, leaves nothing behind
 * unless the handler has renamed its files into the store.
 *
 * Temporary names carry the process id and a process-wide counter besides mkstemp's random
 * suffix, so a name is never reused while this process lives: deleting a file the handler
 * already renamed away can never hit another request's file that took over the name. */
#include "http_internal.h"

#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct http_upload_sink {
    struct arena *a;
    const struct http_config *cfg;
    struct http_kv *fields;
    int nfields, cap_fields;
    struct http_upload *files; /* cfg->max_files entries */
    int nfiles;
    struct http_upload *file; /* the file part being received, or NULL */
    int fd;
    const char *field; /* the text part being received, or NULL */
    int skipping;      /* a part without a name */
    struct buf value;
    size_t field_bytes;
    int cleaned;
    /* why the sink stopped the parser */
    int status;
    const char *code;
    struct err e;
};

static atomic_ulong upload_counter;

int http_upload_dir_prepare(const char *dir, struct err *e)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
        return err_set(e, E_INVALID, "upload_dir", "upload directory path too long");
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST)
            return err_set(e, E_IO, "upload_dir", "cannot create %s: %s", path, strerror(errno));
        *p = saved;
        if (!saved)
            break;
    }
    return 0;
}

struct http_upload_sink *http_upload_sink_new(struct arena *a, const struct http_config *cfg)
{
    struct http_upload_sink *s = arena_alloc(a, sizeof *s);
    s->a = a;
    s->cfg = cfg;
    s->files = arena_alloc(a, cfg->max_files * sizeof *s->files);
    s->fd = -1;
    buf_init(&s->value, cfg->max_body);
    return s;
}

static int stop(struct http_upload_sink *s, int status, const char *code, int rc, const char *field,
                const char *msg)
{
    s->status = status;
    s->code = code;
    return err_set(&s->e, rc, field, "%s", msg);
}

static void add_field(struct http_upload_sink *s, const char *key, const char *value)
{
    if (s->nfields == s->cap_fields) {
        int cap = s->cap_fields ? 2 * s->cap_fields : 8;
        struct http_kv *grown = arena_alloc(s->a, (size_t)cap * sizeof *grown);
        if (s->nfields)
            memcpy(grown, s->fields, (size_t)s->nfields * sizeof *grown);
        s->fields = grown;
        s->cap_fields = cap;
    }
    s->fields[s->nfields++] = (struct http_kv){key, value};
}

/* The client's file name without any directory part (browsers on Windows sent full paths). */
static const char *base_name(const char *name)
{
    const char *slash = strrchr(name, '/'), *back = strrchr(name, '\\');
    const char *last = slash > back ? slash : back;
    return last ? last + 1 : name;
}

/* A temporary file that cannot be written: a full disk passes (503, the HTTP layer adds
 * Retry-After), anything else is a fault (500). */
static int write_failed(struct http_upload_sink *s, const char *what)
{
    int saved = errno;
    log_error("http cannot %s an upload file: %s", what, strerror(saved));
    if (err_disk_full(saved))
        return stop(s, 503, "unavailable", E_UNAVAILABLE, "", ERR_DISK_FULL_MESSAGE);
    return stop(s, 500, "internal", E_IO, "", "Lỗi hệ thống khi lưu tệp");
}

static int open_temp(struct http_upload_sink *s, struct http_upload *u)
{
    char *path = arena_printf(s->a, "%s/upload-%ld-%lu-XXXXXX", s->cfg->upload_dir, (long)getpid(),
                              atomic_fetch_add(&upload_counter, 1));
    s->fd = mkostemp(path, O_CLOEXEC);
    if (s->fd < 0)
        return write_failed(s, "create");
    u->path = path;
    return 0;
}

static int begin_file(struct http_upload_sink *s, const char *field, const char *filename,
                      const char *content_type)
{
    if ((unsigned)s->nfiles >= s->cfg->max_files)
        return stop(s, 413, "too_many_files", E_TOOLARGE, field, "Quá nhiều tệp đính kèm");
    struct http_upload *u = &s->files[s->nfiles];
    char *name, *type;
    const char *base = base_name(filename);
    if (http_clean_text(s->a, base, strlen(base), field, &name, NULL) != 0)
        return stop(s, 400, "invalid_utf8", E_INVALID, field, "Tên tệp không phải UTF-8 hợp lệ");
    if (!content_type ||
        http_clean_text(s->a, content_type, strlen(content_type), field, &type, NULL) != 0)
        type = "application/octet-stream";
    int rc = open_temp(s, u);
    if (rc)
        return rc;
    u->field = field;
    u->filename = name;
    u->content_type = type;
    s->nfiles++;
    s->file = u;
    return 0;
}

static int part_begin(void *ud, const char *name, const char *filename, const char *ctype)
{
    struct http_upload_sink *s = ud;
    s->skipping = !name;
    if (!name)
        return 0;
    char *field;
    if (http_clean_text(s->a, name, strlen(name), "form", &field, NULL) != 0)
        return stop(s, 400, "invalid_utf8", E_INVALID, "form",
                    "Tên trường không phải UTF-8 hợp lệ");
    if (filename)
        return begin_file(s, field, filename, ctype);
    s->field = field;
    buf_reset(&s->value);
    return 0;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return E_IO;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

static int file_data(struct http_upload_sink *s, const char *data, size_t len)
{
    struct http_upload *u = s->file;
    if (len > s->cfg->max_upload - u->size)
        return stop(s, 413, "too_large", E_TOOLARGE, u->field, "Tệp vượt quá dung lượng cho phép");
    if (write_all(s->fd, data, len) != 0)
        return write_failed(s, "write");
    u->size += len;
    return 0;
}

static int part_data(void *ud, const char *data, size_t len)
{
    struct http_upload_sink *s = ud;
    if (s->skipping)
        return 0;
    if (s->file)
        return file_data(s, data, len);
    s->field_bytes += len;
    if (s->field_bytes > s->cfg->max_body || buf_append(&s->value, data, len) != 0)
        return stop(s, 413, "too_large", E_TOOLARGE, s->field, "Dữ liệu biểu mẫu quá lớn");
    return 0;
}

static int part_end(void *ud)
{
    struct http_upload_sink *s = ud;
    if (s->skipping)
        return 0;
    if (s->file) {
        close(s->fd);
        s->fd = -1;
        s->file = NULL;
        return 0;
    }
    char *value;
    if (http_clean_text(s->a, s->value.data ? s->value.data : "", s->value.len, s->field, &value,
                        NULL) != 0)
        return stop(s, 400, "invalid_utf8", E_INVALID, s->field, "Dữ liệu không phải UTF-8 hợp lệ");
    add_field(s, s->field, value);
    s->field = NULL;
    return 0;
}

const struct http_multipart_cb http_upload_sink_cb = {part_begin, part_data, part_end};

int http_upload_sink_failure(const struct http_upload_sink *s, const char **code,
                             const struct err **e)
{
    *code = s->code;
    *e = &s->e;
    return s->status;
}

void http_upload_sink_result(const struct http_upload_sink *s, struct http_req *r)
{
    r->form = s->fields;
    r->nform = s->nfields;
    r->uploads = s->files;
    r->nuploads = s->nfiles;
}

void http_upload_sink_cleanup(struct http_upload_sink *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
    buf_free(&s->value);
    if (s->cleaned)
        return;
    s->cleaned = 1;
    for (int i = 0; i < s->nfiles; i++)
        if (unlink(s->files[i].path) != 0 && errno != ENOENT)
            log_warn("http cannot remove an upload file: %s", strerror(errno));
}
