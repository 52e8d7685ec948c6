/* blob_store.c — the content-addressed store on disk (see blob_store.h). A new blob is
 * copied from the caller's descriptor into <dir>/tmp while it is hashed, so the bytes that end
 * up under a name are exactly the bytes that gave the name, whichever file system the upload
 * came from. The copy is fsynced before the rename and the directory after it: once
 * blob_put_fd returns, the blob survives a crash, and only then may a database row point at
 * it. Directories and files are private to the server (0700, 0600): they hold personal data.
 */
#include "blob_store.h"

#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (64 * 1024)

int blob_hex_valid(const char *s)
{
    size_t n = 0;
    for (; s && s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
            return 0;
    return n == BLOB_HEX_LEN;
}

char *blob_path(struct arena *a, const char *dir, const char *hex)
{
    return arena_printf(a, "%s/%.2s/%.2s/%s", dir, hex, hex + 2, hex);
}

/* A full disk passes once space is freed (503 and Retry-After); anything else is a fault. */
static int io_error(struct err *e, const char *what)
{
    int saved = errno;
    log_error("blob store cannot %s: %s", what, strerror(saved));
    if (err_disk_full(saved))
        return err_set(e, E_UNAVAILABLE, NULL, ERR_DISK_FULL_MESSAGE);
    return err_set(e, E_IO, NULL, "Lỗi hệ thống khi lưu tệp");
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Reads in to its end, hashing, and writes every byte to out unless out is -1. */
static int copy_hashing(int in, int out, struct blob_id *id, struct err *e)
{
    crypto_hash_sha256_state st;
    unsigned char *chunk = malloc(CHUNK), digest[crypto_hash_sha256_BYTES];
    if (!chunk)
        return err_set(e, E_NOMEM, NULL, "out of memory");
    int rc = 0;
    crypto_hash_sha256_init(&st);
    id->size = 0;
    for (;;) {
        ssize_t n = read(in, chunk, CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || (n > 0 && out >= 0 && write_all(out, chunk, (size_t)n) != 0)) {
            rc = io_error(e, n < 0 ? "read an upload" : "write a blob");
            goto out;
        }
        if (n == 0)
            break;
        crypto_hash_sha256_update(&st, chunk, (unsigned long long)n);
        id->size += n;
    }
    crypto_hash_sha256_final(&st, digest);
    sodium_bin2hex(id->hex, sizeof id->hex, digest, sizeof digest);
out:
    free(chunk);
    return rc;
}

int blob_hash_fd(int fd, struct blob_id *out, struct err *e)
{
    return copy_hashing(fd, -1, out, e);
}

static int sync_dir(const char *path, struct err *e)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) {
        int rc = io_error(e, "sync a directory");
        if (fd >= 0)
            close(fd);
        return rc;
    }
    close(fd);
    return 0;
}

/* Creates path (and its missing parents); a directory created now is made durable by
 * syncing its parent. */
static int make_dir(char *path, struct err *e)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return S_ISDIR(st.st_mode) ? 0 : err_set(e, E_IO, NULL, "Lỗi hệ thống khi lưu tệp");
    char *slash = strrchr(path, '/');
    if (slash && slash != path) {
        *slash = '\0';
        int rc = make_dir(path, e);
        *slash = '/';
        if (rc)
            return rc;
    }
    if (mkdir(path, 0700) != 0 && errno != EEXIST)
        return io_error(e, "create a directory");
    if (!slash || slash == path)
        return 0;
    *slash = '\0';
    int rc = sync_dir(path, e);
    *slash = '/';
    return rc;
}

static int ensure_dir(struct arena *a, const char *path, struct err *e)
{
    return make_dir(arena_strdup(a, path), e);
}

/* An identical blob is one of the same size under the same hash; anything else there (a
 * file cut short by a disk fault) is replaced. */
static int already_stored(const char *path, int64_t size)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == size;
}

static int open_temp(struct arena *a, const char *dir, char **path, int *fd, struct err *e)
{
    char *tmpdir = arena_printf(a, "%s/tmp", dir);
    int rc = ensure_dir(a, tmpdir, e);
    if (rc)
        return rc;
    *path = arena_printf(a, "%s/put-XXXXXX", tmpdir);
    *fd = mkostemp(*path, O_CLOEXEC);
    return *fd < 0 ? io_error(e, "create a temporary blob") : 0;
}

/* Moves the synced temporary file tmp to its place, or drops it when the blob is there. */
static int settle(struct arena *a, const char *dir, const char *tmp, const struct blob_id *id,
                  int *existed, struct err *e)
{
    char *final = blob_path(a, dir, id->hex);
    char *parent = arena_strndup(a, final, strlen(final) - BLOB_HEX_LEN - 1);
    int rc = ensure_dir(a, parent, e);
    if (rc)
        return rc;
    *existed = already_stored(final, id->size);
    if (*existed)
        return unlink(tmp) == 0 ? 0 : io_error(e, "remove a temporary blob");
    if (rename(tmp, final) != 0)
        return io_error(e, "move a blob into place");
    return sync_dir(parent, e);
}

int blob_put_fd(struct arena *a, const char *dir, int fd, struct blob_id *out, int *existed,
                struct err *e)
{
    char *tmp = NULL;
    int tfd = -1;
    int rc = open_temp(a, dir, &tmp, &tfd, e);
    if (rc)
        return rc;
    rc = copy_hashing(fd, tfd, out, e);
    if (!rc && fsync(tfd) != 0)
        rc = io_error(e, "sync a blob");
    if (close(tfd) != 0 && !rc)
        rc = io_error(e, "close a blob");
    if (!rc)
        rc = settle(a, dir, tmp, out, existed, e);
    if (rc)
        unlink(tmp);
    return rc;
}
