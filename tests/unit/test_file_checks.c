/* test_file_checks.c — what the dossier-files service decides about an upload before storing
 * it (service/files/files_internal.h): the type sniffed from the bytes by libmagic (PDF, JPEG and
 * PNG taken; HTML, text, executables, archives and empty files refused whatever they are
 * called), the file opened by its type's decoder (file_parse.c), and the client's file name made
 * harmless (no directories, no control or bidi characters, NFC, bounded, the sniffed type's
 * extension, never empty). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <fcntl.h>
#include <unistd.h>

#include "files_internal.h"
#include "testutil.h"
#include "tfiles.h"

static int temp_with(const void *data, size_t len)
{
    char path[600];
    snprintf(path, sizeof path, "%s/upload", test_tmpdir("motcua-sniff"));
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    unlink(path);
    return fd;
}

static int sniff(const void *data, size_t len, const char **mime)
{
    int fd = temp_with(data, len);
    struct err e = {0};
    int rc = file_sniff(fd, mime, &e);
    if (rc)
        assert_string_equal(e.msg, "Chỉ nhận tệp PDF, JPEG hoặc PNG");
    close(fd);
    return rc;
}

static void test_accepted_types(void **state)
{
    (void)state;
    static const char pdf[] = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n";
    static const unsigned char jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J',  'F',
                                         'I',  'F',  0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
                                         0x00, 0x01, 0x00, 0x00, 0xff, 0xd9};
    static const unsigned char png[] = {0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00,
                                        0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
                                        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00,
                                        0x00, 0x00, 0x90, 0x77, 0x53, 0xde};
    const char *mime = NULL;
    assert_int_equal(sniff(pdf, strlen(pdf), &mime), 0);
    assert_string_equal(mime, "application/pdf");
    assert_int_equal(sniff(jpeg, sizeof jpeg, &mime), 0);
    assert_string_equal(mime, "image/jpeg");
    assert_int_equal(sniff(png, sizeof png, &mime), 0);
    assert_string_equal(mime, "image/png");
}

static void test_refused_types(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "<!DOCTYPE html><html><script>alert(1)</script></html>\n",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>\n",
        "Tờ khai đăng ký khai sinh (văn bản thuần)\n",
        "#!/bin/sh\nrm -rf /\n",
        "",
    };
    static const unsigned char zip[] = {'P', 'K', 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00};
    static const unsigned char gzip[] = {0x1f, 0x8b, 0x08, 0x00, 0x00,
                                         0x00, 0x00, 0x00, 0x00, 0x03};
    unsigned char exe[512] = {'M', 'Z', 0x90, 0x00, 0x03};
    exe[0x3c] = 0x80;
    memcpy(exe + 0x80, "PE\0\0\x4c\x01", 6);
    unsigned char elf[64] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
    const char *mime = "unchanged";
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        assert_int_equal(sniff(texts[i], strlen(texts[i]), &mime), E_INVALID);
    assert_int_equal(sniff(zip, sizeof zip, &mime), E_INVALID);
    assert_int_equal(sniff(gzip, sizeof gzip, &mime), E_INVALID);
    assert_int_equal(sniff(exe, sizeof exe, &mime), E_INVALID);
    assert_int_equal(sniff(elf, sizeof elf, &mime), E_INVALID);
    assert_null(mime);
}

static int parse(const void *data, size_t len, const char *mime, struct err *e)
{
    int fd = temp_with(data, len);
    int rc = file_parse(fd, mime, e);
    close(fd);
    return rc;
}

/* A file is opened with its type's decoder: what only starts like a PDF or a JPEG is refused
 * with a message for a person, on the file field. */
static void test_files_open_as_their_type(void **state)
{
    (void)state;
    static const char pdf[] = TF_PDF("test_file_checks");
    static const char no_pages[] = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                                   "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
                                   "trailer << /Size 3 /Root 1 0 R >>\n%%EOF\n";
    static const char fake_jpeg[] = "\xff\xd8\xff\xe0<script>alert(1)</script>";
    struct err e = {0};
    assert_int_equal(parse(pdf, strlen(pdf), "application/pdf", &e), 0);
    assert_int_equal(parse(tf_jpeg, sizeof tf_jpeg, "image/jpeg", &e), 0);
    assert_int_equal(parse(tf_png, sizeof tf_png, "image/png", &e), 0);
    assert_int_equal(parse("%PDF-", 5, "application/pdf", &e), E_INVALID);
    assert_string_equal(e.field, "file");
    assert_non_null(strstr(e.msg, "Tệp PDF bị hỏng"));
    assert_false(svc_file_type_refused(&e));
    assert_int_equal(parse(no_pages, strlen(no_pages), "application/pdf", &e), E_INVALID);
    assert_int_equal(parse(fake_jpeg, strlen(fake_jpeg), "image/jpeg", &e), E_INVALID);
    assert_non_null(strstr(e.msg, "JPEG"));
    assert_int_equal(parse(tf_jpeg, 200, "image/jpeg", &e), E_INVALID); /* cut short */
    assert_int_equal(parse(tf_png, 20, "image/png", &e), E_INVALID);    /* no whole IHDR */
    assert_int_equal(parse(tf_jpeg, sizeof tf_jpeg, "image/png", &e), E_INVALID);
}

static void expect_name(const char *sent, const char *mime, const char *kept)
{
    struct arena *a = arena_new();
    assert_string_equal(file_clean_name(a, sent, mime), kept);
    arena_free(a);
}

static void test_names_are_cleaned(void **state)
{
    (void)state;
    expect_name("Giấy khai sinh.pdf", "application/pdf", "Giấy khai sinh.pdf");
    expect_name("../../etc/passwd", "application/pdf", "passwd.pdf");
    expect_name("x.html", "application/pdf", "x.pdf"); /* the sniffed type's extension */
    expect_name("scan.JPEG", "image/jpeg", "scan.jpg");
    expect_name("anh.jpg", "image/png", "anh.png");
    expect_name("ban sao.tar.gz", "application/pdf", "ban sao.tar.pdf");
    expect_name(".htaccess", "image/png", "tep.htaccess.png");
    expect_name("C:\\Users\\An\\scan.jpg", "image/jpeg", "scan.jpg");
    expect_name("dir/", "image/png", "tep.png");
    expect_name("..", "image/jpeg", "tep.jpg");
    expect_name(".", "application/pdf", "tep.pdf");
    expect_name("", "application/pdf", "tep.pdf");
    expect_name(NULL, "image/png", "tep.png");
    expect_name("   ", "image/png", "tep.png");
    expect_name("a\tb\x01\x7f"
                "c.pdf",
                "application/pdf", "abc.pdf");
    expect_name("x\xc2\x85y.pdf", "application/pdf", "xy.pdf");       /* C1 NEL */
    expect_name("anh\xe2\x80\xaegnp.exe", "image/png", "anhgnp.png"); /* RLO */
    expect_name("a\xe2\x81\xa6"
                "b.pdf",
                "application/pdf", "ab.pdf");                  /* LRI */
    expect_name("\xff\xfe.pdf", "application/pdf", "tep.pdf"); /* not UTF-8 */
    /* NFD in, NFC out: "Ê" + combining acute = "Ế" */
    expect_name("E\xcc\x82\xcc\x81.png", "image/png", "\xe1\xba\xbe.png");
}

static void test_long_names_keep_their_extension(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    char name[1000] = "";
    for (int i = 0; i < 150; i++)
        strcat(name, "ạ"); /* 3 bytes each: the cut must not split one */
    strcat(name, ".pdf");
    const char *kept = file_clean_name(a, name, "application/pdf");
    assert_true(strlen(kept) <= FILE_NAME_MAX);
    assert_int_equal(strlen(kept), 196 / 3 * 3 + 4);
    assert_string_equal(kept + strlen(kept) - 4, ".pdf");
    memset(name, 'b', 300);
    strcpy(name + 300, ".thisisnotanextension");
    kept = file_clean_name(a, name, "application/pdf");
    assert_int_equal(strlen(kept), FILE_NAME_MAX);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted_types),
        cmocka_unit_test(test_refused_types),
        cmocka_unit_test(test_files_open_as_their_type),
        cmocka_unit_test(test_names_are_cleaned),
        cmocka_unit_test(test_long_names_keep_their_extension),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
