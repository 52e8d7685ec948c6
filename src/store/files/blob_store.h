/* blob_store.h — file contents on disk, addressed by their SHA-256: the bytes of a content
 * with hash h live at <dir>/h[0..1]/h[2..3]/h, written once through a temporary file in
 * <dir>/tmp that is synced and then renamed into place, so a reader sees the whole file or
 * nothing, and the same content uploaded twice is stored once. Paths are made from the hash
 * only: no name a client sends ever reaches the file system. */
#ifndef MOTCUA_BLOB_STORE_H
#define MOTCUA_BLOB_STORE_H

#include "arena.h"
#include "err.h"

#include <stdint.h>

#define BLOB_HEX_LEN 64

struct blob_id {
    char hex[BLOB_HEX_LEN + 1]; /* lowercase */
    int64_t size;
};

/* 1 when s is exactly 64 lowercase hexadecimal digits. */
int blob_hex_valid(const char *s);
/* "<dir>/ab/cd/<hex>" in a; hex must be valid. */
char *blob_path(struct arena *a, const char *dir, const char *hex);
/* SHA-256 and length of what fd holds from its current offset to the end. */
int blob_hash_fd(int fd, struct blob_id *out, struct err *e);
/* Copies what fd holds from its current offset into the store under dir (created when
 * missing), hashing on the way so that the stored bytes are the hashed bytes. *existed is 1
 * when an identical blob (same hash and size) was already stored; it is then left as it is. */
int blob_put_fd(struct arena *a, const char *dir, int fd, struct blob_id *out, int *existed,
                struct err *e);

#endif
