/* test_blob_store.c — the content-addressed store on disk (store/blob_store): the path
 * layout, streaming SHA-256 checked against the FIPS 180-2 vectors and against libsodium's
 * one-shot hash across chunk boundaries, a put that lands at <dir>/ab/cd/<hash> with the
 * exact bytes and leaves no temporary file, a second put of the same bytes found in place,
 * and a damaged blob (cut short) replaced by the next put. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blob_store.h"
#include "testutil.h"

/* A file in a fresh directory holding data; returns an fd at offset 0. */
static int temp_with(const void *data, size_t len)
{
    char path[600];
    snprintf(path, sizeof path, "%s/src", test_tmpdir("motcua-blob-src"));
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    unlink(path);
    return fd;
}

static void test_hex_names_and_layout(void **state)
{
    (void)state;
    const char *h = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    assert_true(blob_hex_valid(h));
    assert_false(
        blob_hex_valid("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
    assert_false(blob_hex_valid("ba7816bf"));
    assert_false(blob_hex_valid("../../../../etc/passwd"));
    assert_false(blob_hex_valid(""));
    assert_false(blob_hex_valid(NULL));
    struct arena *a = arena_new();
    assert_string_equal(blob_path(a, "var/files", h), "var/files/ba/78/" /* layout */
                                                      "ba7816bf8f01cfea414140de5dae2223b00361a396"
                                                      "177a9cb410ff61f20015ad");
    arena_free(a);
}

static void expect_hash(const char *text, const char *hex)
{
    int fd = temp_with(text, strlen(text));
    struct blob_id id;
    assert_int_equal(blob_hash_fd(fd, &id, NULL), 0);
    assert_string_equal(id.hex, hex);
    assert_int_equal(id.size, (int64_t)strlen(text));
    close(fd);
}

static void test_sha256_vectors(void **state)
{
    (void)state;
    expect_hash("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect_hash("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect_hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_streaming_matches_one_shot_across_chunks(void **state)
{
    (void)state;
    static const size_t sizes[] = {1, 65535, 65536, 65537, 3 * 65536 + 17};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        unsigned char *data = malloc(sizes[i]), digest[crypto_hash_sha256_BYTES];
        randombytes_buf_deterministic(data, sizes[i], (const unsigned char[32]){(unsigned char)i});
        crypto_hash_sha256(digest, data, sizes[i]);
        char expected[65];
        sodium_bin2hex(expected, sizeof expected, digest, sizeof digest);
        int fd = temp_with(data, sizes[i]);
        struct blob_id id;
        assert_int_equal(blob_hash_fd(fd, &id, NULL), 0);
        assert_string_equal(id.hex, expected);
        assert_int_equal(id.size, (int64_t)sizes[i]);
        close(fd);
        free(data);
    }
}

static size_t files_in(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

static void expect_stored(struct arena *a, const char *dir, const struct blob_id *id,
                          const void *data, size_t len)
{
    char *path = blob_path(a, dir, id->hex);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *back = malloc(len + 1);
    assert_int_equal(fread(back, 1, len + 1, f), len);
    fclose(f);
    assert_memory_equal(back, data, len);
    free(back);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
}

static void test_put_stores_once_at_its_hash(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    char dir[600];
    snprintf(dir, sizeof dir, "%s/files/nested", test_tmpdir("motcua-blob"));
    static const char data[] = "%PDF-1.4 not really, but bytes are bytes";
    struct blob_id id, again;
    int existed = -1;

    int fd = temp_with(data, sizeof data - 1);
    assert_int_equal(blob_put_fd(a, dir, fd, &id, &existed, NULL), 0);
    close(fd);
    assert_int_equal(existed, 0);
    expect_stored(a, dir, &id, data, sizeof data - 1);
    assert_int_equal(files_in(arena_printf(a, "%s/tmp", dir)), 0);

    fd = temp_with(data, sizeof data - 1);
    assert_int_equal(blob_put_fd(a, dir, fd, &again, &existed, NULL), 0);
    close(fd);
    assert_int_equal(existed, 1);
    assert_string_equal(again.hex, id.hex);
    assert_int_equal(files_in(arena_printf(a, "%s/%.2s/%.2s", dir, id.hex, id.hex + 2)), 1);
    assert_int_equal(files_in(arena_printf(a, "%s/tmp", dir)), 0);

    /* A blob cut short by a disk fault is not "identical": the next put repairs it. */
    assert_int_equal(truncate(blob_path(a, dir, id.hex), 3), 0);
    fd = temp_with(data, sizeof data - 1);
    assert_int_equal(blob_put_fd(a, dir, fd, &again, &existed, NULL), 0);
    close(fd);
    assert_int_equal(existed, 0);
    expect_stored(a, dir, &id, data, sizeof data - 1);
    arena_free(a);
}

static void test_put_into_an_unwritable_place_fails_cleanly(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    char dir[600];
    snprintf(dir, sizeof dir, "%s/plain-file", test_tmpdir("motcua-blob"));
    FILE *f = fopen(dir, "w"); /* a file where the directory should be */
    fclose(f);
    int fd = temp_with("x", 1), existed = 0;
    struct blob_id id;
    struct err e = {0};
    assert_int_equal(blob_put_fd(a, dir, fd, &id, &existed, &e), E_IO);
    assert_true(e.msg[0] != '\0');
    close(fd);
    arena_free(a);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hex_names_and_layout),
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_streaming_matches_one_shot_across_chunks),
        cmocka_unit_test(test_put_stores_once_at_its_hash),
        cmocka_unit_test(test_put_into_an_unwritable_place_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
