/* test_render.c — the document renderer checked by independent tools: every form is written to
 * a temporary directory and read back with poppler (pdftotext, pdffonts, pdfinfo, pdftoppm),
 * the receipt's QR code is decoded with zbarimg, workbooks are opened with Python's zipfile
 * and XML parser, SVG is parsed by xmllint. A check is skipped, with a message, only when its
 * tool is not installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "cal_date.h"
#include "csv.h"
#include "forms.h"
#include "pdfdoc.h"
#include "svc_stats.h"
#include "format.h"
#include "svg.h"
#include "testutil.h"
#include "xlsx.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LOOKUP_URL   "https://motcua.example.vn/tra-cuu?ma=000.00.33.H33-270429-0001"
#define DOSSIER_CODE "000.00.33.H33-270429-0001"
#define APPLICANT    "Nguyễn Thị Ánh Tuyết"
#define HOSTILE_NAME "<script>alert('x')</script> & <b>Đậm</b>"

static char dir[512];

/* fontconfig keeps its configuration and pattern caches until exit by design; LeakSanitizer
 * reports them once per process (the amount does not grow with the number of documents). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

/* ---- tools ---- */

static int have_tool(const char *name)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", name);
    return system(cmd) == 0;
}

#define REQUIRE_TOOL(name)                                                                         \
    do {                                                                                           \
        if (!have_tool(name)) {                                                                    \
            print_message("skipped: %s is not installed\n", name);                                 \
            skip();                                                                                \
        }                                                                                          \
    } while (0)

/* Runs a shell command and returns its standard output (caller frees), or NULL on failure. */
static char *run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *run(const char *fmt, ...)
{
    char cmd[2048], chunk[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    struct buf out;
    buf_init(&out, 64 << 20);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        assert_int_equal(buf_append(&out, chunk, n), 0);
    int status = pclose(p);
    if (status != 0) {
        print_message("command failed (%d): %s\n%s\n", status, cmd, buf_str(&out));
        buf_free(&out);
        return NULL;
    }
    return buf_steal(&out);
}

/* Collapses every run of white space into one space, so a check does not depend on where
 * the PDF wrapped a line. */
static char *squash(char *s)
{
    char *w = s;
    int space = 0;
    for (char *r = s; *r; r++) {
        if (isspace((unsigned char)*r)) {
            space = 1;
            continue;
        }
        if (space && w != s)
            *w++ = ' ';
        space = 0;
        *w++ = *r;
    }
    *w = '\0';
    return s;
}

static char *pdf_text_of(const char *path, int page)
{
    char *text = page ? run("pdftotext -enc UTF-8 -f %d -l %d '%s' -", page, page, path)
                      : run("pdftotext -enc UTF-8 '%s' -", path);
    assert_non_null(text);
    return squash(text);
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("expected \"%s\" in:\n%s", needle, haystack);
}

static int pdf_pages(const char *path)
{
    char *info = run("pdfinfo '%s'", path);
    assert_non_null(info);
    char *p = strstr(info, "Pages:");
    assert_non_null(p);
    int pages = atoi(p + 6);
    free(info);
    return pages;
}

static void assert_page_size(const char *path, const char *size)
{
    char *info = run("pdfinfo '%s'", path);
    assert_non_null(info);
    assert_contains(info, size);
    free(info);
}

/* Every font line of pdffonts must be Liberation Serif (no silent fallback to another font
 * for Vietnamese letters), embedded, subset and with a ToUnicode map: the last five columns
 * are "emb sub uni object-number generation". */
static void assert_fonts_embedded(const char *path)
{
    char *fonts = run("pdffonts '%s'", path);
    assert_non_null(fonts);
    int count = 0, line_no = 0;
    for (char *line = strtok(fonts, "\n"); line; line = strtok(NULL, "\n")) {
        if (line_no++ < 2)
            continue;
        char *tok[16];
        int n = 0;
        char copy[512];
        snprintf(copy, sizeof copy, "%s", line);
        for (char *save = NULL, *t = strtok_r(copy, " ", &save); t && n < 16;
             t = strtok_r(NULL, " ", &save))
            tok[n++] = t;
        assert_true(n >= 6);
        if (!strstr(tok[0], "+LiberationSerif"))
            fail_msg("unexpected font: %s", line);
        if (strcmp(tok[n - 5], "yes") || strcmp(tok[n - 4], "yes") || strcmp(tok[n - 3], "yes"))
            fail_msg("font not embedded as a subset with ToUnicode: %s", line);
        count++;
    }
    assert_true(count >= 1);
    free(fonts);
}

static long file_size(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return (long)st.st_size;
}

static const char *path_in_dir(const char *name)
{
    static char path[8][640];
    static int next;
    char *p = path[next++ % 8];
    snprintf(p, sizeof path[0], "%s/%s", dir, name);
    return p;
}

/* ---- sample data ---- */

static int64_t vn_time(int y, int m, int d, int hh, int mm)
{
    return cal_instant(cal_day_from_ymd(y, m, d), hh * 3600 + mm * 60);
}

static const struct forms_set *set_on(const char *date)
{
    const struct forms_set *set = NULL;
    assert_int_equal(forms_set_for_date(date, &set, NULL), 0);
    return set;
}

static struct forms_head head_on(const char *date)
{
    return (struct forms_head){
        .set = set_on(date),
        .parent = "UBND huyện Giồng Riềng",
        .issuer = "Bộ phận tiếp nhận và trả kết quả",
        .number = "Số: 125/GTN",
        .place = "Giồng Riềng",
        .issued_at = vn_time(2027, 4, 29, 10, 0),
    };
}

static const struct forms_component components[] = {
    {"Tờ khai đăng ký khai sinh", FORMS_ORIGINAL, 1},
    {"Giấy chứng sinh", FORMS_ORIGINAL, 1},
    {"Căn cước công dân của người đi đăng ký", FORMS_CERTIFIED_COPY, 1},
    {"Giấy tờ tùy thân", FORMS_PRESENT, 1},
};

static struct forms_receipt sample_receipt(void)
{
    return (struct forms_receipt){
        .head = head_on("2027-04-29"),
        .dossier_code = DOSSIER_CODE,
        .applicant = {APPLICANT, "091234567890", "Ấp Vĩnh Phước, xã Vĩnh Thạnh", "0912345678",
                      "tuyet@example.vn"},
        .procedure = "Đăng ký khai sinh",
        .components = components,
        .ncomponents = 4,
        .sets = 1,
        .time_limit = "03 ngày làm việc",
        .received_at = vn_time(2027, 4, 29, 10, 0),
        .appointment_at = vn_time(2027, 5, 6, 10, 0),
        .return_place = "Bộ phận tiếp nhận và trả kết quả UBND huyện",
        .fee = 75000,
        .receiver = "Lê Văn Bình",
        .lookup_url = LOOKUP_URL,
    };
}

/* ---- form sets ---- */

static void test_form_sets_by_date(void **state)
{
    (void)state;
    const struct forms_set *set;
    struct err e = {0};
    set = set_on("2025-09-14");
    assert_string_equal(set->circular, "01/2018/TT-VPCP");
    assert_null(forms_entry(set, FORM_STOP));
    assert_string_equal(forms_entry(set, FORM_CONTROL)->number, "Mẫu số 05");
    assert_string_equal(forms_entry(set, FORM_BOOK)->number, "Mẫu số 06");
    assert_string_equal(forms_entry(set, FORM_APOLOGY)->title,
                        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ");
    set = set_on("2025-09-15");
    assert_string_equal(set->circular, "03/2025/TT-VPCP");
    assert_string_equal(forms_entry(set, FORM_STOP)->number, "Mẫu số 05");
    assert_string_equal(forms_entry(set, FORM_STOP)->title, "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ");
    assert_string_equal(forms_entry(set, FORM_CONTROL)->number, "Mẫu số 06");
    assert_string_equal(forms_entry(set, FORM_BOOK)->number, "Mẫu số 07");
    assert_string_equal(forms_entry(set, FORM_APOLOGY)->title,
                        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT");
    assert_string_equal(set_on("2019-01-06")->circular, "01/2018/TT-VPCP");
    assert_int_equal(forms_set_for_date("2019-01-05", &set, &e), E_NOTFOUND);
    assert_null(set);
    assert_int_equal(forms_set_for_date("2025-13-01", &set, &e), E_INVALID);
    assert_string_equal(e.field, "date");
    assert_int_equal(forms_set_for_date("15/09/2025", &set, &e), E_INVALID);
    assert_int_equal(forms_set_for_date(NULL, &set, &e), E_INVALID);
    assert_null(forms_entry(NULL, FORM_RECEIPT));
    assert_null(forms_entry(set_on("2026-01-01"), FORM_KIND_COUNT));
}

/* ---- Mẫu 01 ---- */

static void test_receipt_pdf(void **state)
{
    (void)state;
    REQUIRE_TOOL("pdftotext");
    struct forms_receipt f = sample_receipt();
    struct err e = {0};
    const char *path = path_in_dir("receipt.pdf");
    struct doc_sink out = {.path = path};
    assert_int_equal(forms_receipt(&f, &out, &e), 0);

    char *text = pdf_text_of(path, 0);
    assert_contains(text, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
    assert_contains(text, "Mẫu số 01");
    assert_contains(text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert_contains(text, "Độc lập - Tự do - Hạnh phúc");
    assert_contains(text, "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ");
    assert_contains(text, "Giồng Riềng, ngày 29 tháng 4 năm 2027");
    assert_contains(text, DOSSIER_CODE);
    assert_contains(text, APPLICANT);
    assert_contains(text, "Căn cước công dân của người đi đăng ký");
    assert_contains(text, "Bản sao có chứng thực");
    assert_contains(text, "10 giờ 00 phút, ngày 29 tháng 4 năm 2027");
    assert_contains(text, "10 giờ 00 phút, ngày 06 tháng 5 năm 2027");
    assert_contains(text, "75.000 đồng");
    assert_contains(text, "0912 345 678");
    assert_contains(text, "NGƯỜI NỘP HỒ SƠ");
    assert_contains(text, "NGƯỜI TIẾP NHẬN");
    assert_contains(text, "(Ký và ghi rõ họ tên)");
    assert_contains(text, "Lê Văn Bình");
    assert_contains(text, "Quét mã để tra cứu");
    /* The official form's details (DOMAIN.md §2.4): the copy marker under the code, the book
     * line with its two fields, the hint under both signatures and the two notes. */
    assert_contains(text, DOSSIER_CODE " (Liên: Lưu/Giao khách hàng)");
    assert_contains(text, "Vào Sổ theo dõi hồ sơ, Quyển số: …………… Số thứ tự: ……………");
    const char *hint = strstr(text, "(Ký và ghi rõ họ tên)");
    assert_non_null(hint);
    assert_non_null(strstr(hint + 1, "(Ký và ghi rõ họ tên)"));
    assert_contains(text, "Ghi chú: - Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 02 "
                          "liên");
    assert_contains(text, "- Nhận kết quả tại Bộ phận Tiếp nhận và Trả kết quả hoặc tại nhà qua "
                          "bưu chính công ích.");
    /* A component shown for comparison is not printed as an original kept. */
    /* (The cell may wrap before "đối chiếu"; pdftotext then reads the quantity in between.) */
    assert_contains(text, "Xuất trình bản chính để");
    assert_contains(text, "đối chiếu");
    const char *kept = strstr(text, "Bản chính");
    assert_non_null(kept = strstr(kept + 1, "Bản chính")); /* the two originals kept */
    assert_null(strstr(kept + 1, "Bản chính"));
    free(text);

    f.book_volume = "01";
    f.book_number = "125";
    assert_int_equal(forms_receipt(&f, &out, &e), 0);
    text = pdf_text_of(path, 0);
    assert_contains(text, "Quyển số: 01 Số thứ tự: 125");
    free(text);
    f.book_volume = f.book_number = NULL;
    assert_int_equal(forms_receipt(&f, &out, &e), 0);

    assert_int_equal(pdf_pages(path), 1);
    assert_page_size(path, "419.528 x 595.276 pts");
    char *info = run("pdfinfo '%s'", path);
    assert_non_null(info);
    assert_contains(info, "Creator:         motcua");
    assert_contains(info, "Title:           GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
    free(info);
    assert_fonts_embedded(path);
    assert_true(file_size(path) < 60 * 1024);
}

static void test_receipt_qr_decodes(void **state)
{
    (void)state;
    REQUIRE_TOOL("pdftoppm");
    REQUIRE_TOOL("zbarimg");
    struct forms_receipt f = sample_receipt();
    const char *path = path_in_dir("receipt-qr.pdf");
    struct doc_sink out = {.path = path};
    assert_int_equal(forms_receipt(&f, &out, NULL), 0);
    char *ok = run("pdftoppm -r 200 -png '%s' '%s/qr'", path, dir);
    assert_non_null(ok);
    free(ok);
    char *decoded = run("zbarimg --raw -q '%s'/qr-*.png", dir);
    assert_non_null(decoded);
    assert_string_equal(squash(decoded), LOOKUP_URL);
    free(decoded);
}

static void test_receipt_to_buffer(void **state)
{
    (void)state;
    struct forms_receipt f = sample_receipt();
    struct buf b;
    struct err e = {0};
    buf_init(&b, 1 << 20);
    struct doc_sink out = {.buf = &b};
    assert_int_equal(forms_receipt(&f, &out, &e), 0);
    assert_true(b.len > 1000 && b.len < 60 * 1024);
    assert_memory_equal(b.data, "%PDF-", 5);
    assert_non_null(strstr(b.data + b.len - 16, "%%EOF"));
    buf_free(&b);

    buf_init(&b, 2000);
    assert_int_equal(forms_receipt(&f, &out, &e), E_TOOLARGE);
    buf_free(&b);
}

static void test_markup_is_printed_literally(void **state)
{
    (void)state;
    REQUIRE_TOOL("pdftotext");
    struct forms_receipt f = sample_receipt();
    f.applicant.name = HOSTILE_NAME;
    f.applicant.address = "<span foreground=\"red\">Ấp 3</span> &amp; 5 < 6";
    const char *path = path_in_dir("hostile.pdf");
    struct doc_sink out = {.path = path};
    struct err e = {0};
    assert_int_equal(forms_receipt(&f, &out, &e), 0);
    char *text = pdf_text_of(path, 0);
    assert_contains(text, HOSTILE_NAME);
    assert_contains(text, "<span foreground=\"red\">Ấp 3</span> &amp; 5 < 6");
    free(text);
}

static void test_receipt_rejects_bad_input(void **state)
{
    (void)state;
    struct err e = {0};
    const char *path = path_in_dir("bad.pdf");
    struct doc_sink out = {.path = path};
    struct forms_receipt f = sample_receipt();
    f.dossier_code = NULL;
    assert_int_equal(forms_receipt(&f, &out, &e), E_INVALID);
    assert_string_equal(e.field, "dossier_code");

    f = sample_receipt();
    f.applicant.name = "Nguy\xC3\x28n";
    assert_int_equal(forms_receipt(&f, &out, &e), E_INVALID);

    f = sample_receipt();
    f.head.set = NULL;
    assert_int_equal(forms_receipt(&f, &out, &e), E_INVALID);
    assert_string_equal(e.field, "set");

    f = sample_receipt();
    struct forms_component bad = {"Giấy tờ", (enum forms_copy)7, 1};
    f.components = &bad;
    f.ncomponents = 1;
    assert_int_equal(forms_receipt(&f, &out, &e), E_INVALID);
    assert_string_equal(e.field, "components");

    f = sample_receipt();
    struct doc_sink nowhere = {.path = "/nonexistent-dir/receipt.pdf"};
    assert_int_equal(forms_receipt(&f, &nowhere, &e), E_IO);
    struct doc_sink both = {.path = path, .buf = NULL};
    both.path = NULL;
    assert_int_equal(forms_receipt(&f, &both, &e), E_INVALID);
    assert_int_equal(forms_receipt(NULL, &out, &e), E_INVALID);
}

/* ---- Mẫu 02–05 ---- */

static void check_form_text(const char *path, const char *number, const char *title)
{
    char *text = pdf_text_of(path, 0);
    assert_contains(text, number);
    assert_contains(text, title);
    assert_contains(text, APPLICANT);
    free(text);
    assert_page_size(path, "419.528 x 595.276 pts");
    assert_fonts_embedded(path);
}

static void test_supplement_pdf(void **state)
{
    (void)state;
    REQUIRE_TOOL("pdftotext");
    struct forms_supplement f = {
        .head = head_on("2027-04-29"),
        .dossier_code = DOSSIER_CODE,
        .applicant = {APPLICANT, NULL, "Xã Vĩnh Thạnh", "0912345678", NULL},
        .procedure = "Đăng ký khai sinh",
        .items = components + 1,
        .nitems = 2,
        .reason = "Giấy chứng sinh bị mờ, không đọc được số hiệu.",
        .guidance = "https://dichvucong.gov.vn",
        .contact_name = "Trần Thị Cúc",
        .contact_phone = "0297 3851 234",
        .officer = "Lê Văn Bình",
    };
    const char *path = path_in_dir("supplement.pdf");
    struct doc_sink out = {.path = path};
    struct err e = {0};
    assert_int_equal(forms_supplement(&f, &out, &e), 0);
    check_form_text(path, "Mẫu số 02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ");
    char *text = pdf_text_of(path, 0);
    assert_contains(text, "Giấy chứng sinh bị mờ, không đọc được số hiệu.");
    assert_contains(text, "Trần Thị Cúc");
    assert_contains(text, "NGƯỜI HƯỚNG DẪN");
    free(text);
    f.nitems = 0;
    assert_int_equal(forms_supplement(&f, &out, &e), E_INVALID);
    assert_string_equal(e.field, "items");
}

static struct forms_notice sample_notice(const char *date)
{
    return (struct forms_notice){
        .head = head_on(date),
        .dossier_code = DOSSIER_CODE,
        .applicant = {APPLICANT, NULL, "Xã Vĩnh Thạnh", "0912345678", NULL},
        .procedure = "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        .received_at = vn_time(2027, 4, 29, 10, 0),
        .reason = "Thửa đất nằm trong khu vực đã có quyết định thu hồi.",
        .signer = "Phạm Minh Đức",
    };
}

static void test_refusal_pdf(void **state)
{
    (void)state;
    REQUIRE_TOOL("pdftotext");
    struct forms_notice f = sample_notice("2027-04-29");
    const char *path = path_in_dir("refusal.pdf");
    struct doc_sink out = {.path = path};
    assert_int_equal(forms_refusal(&f, &out, NULL), 0);
    check_form_text(path, "Mẫu số 03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ");
    char *text = pdf_text_of(path, 0);
    assert_contains(text, "Thửa đất nằm trong khu vực đã có quyết định thu hồi.");
    /* The official wording of Mẫu 03 (DOMAIN.md §2.4). */
    assert_contains(text, "Tiếp nhận hồ sơ của: " APPLICANT);
    assert_null(strstr(text, "Kính gửi"));
    assert_contains(text, "Qua xem xét, Bộ phận tiếp nhận và trả kết quả thông báo không tiếp "
                          "nhận, giải quyết hồ sơ này với lý do cụ thể như sau:");
    assert_contains(text, "Xin thông báo cho Ông/Bà được biết và thực hiện./.");
    assert_contains(text, "NGƯỜI TIẾP NHẬN HỒ SƠ (Ký và ghi rõ họ tên)");
    free(text);
    f.reason = "";
    struct err e = {0};
    assert_int_equal(forms_refusal(&f, &out, &e), E_INVALID);
    assert_string_equal(e.field, "reason");
}

static void test_stop_notice_only_in_2025_set(void **state)
{
    (void)state;
    REQUIRE_TOOL("pdftotext");
    struct err e = {0};
    const char *path = path_in_dir("stop.pdf");
    struct doc_sink out = {.path = path};
    struct forms_notice old = sample_notice("2025-09-14");
    assert_int_equal(forms_stop(&old, &out, &e), E_INVALID);
    assert_string_equal(e.field, "set");
    struct forms_notice f = sample_notice("2025-09-15");
    assert_int_equal(forms_stop(&f, &out, &e), 0);
    check_form_text(path, "Mẫu số 05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ");
    char *text = pdf_text_of(path, 0);
    assert_contains(text, "Kính gửi: " APPLICANT);
    assert_contains(text, "THỦ TRƯỞNG CƠ QUAN (Ký, ghi rõ họ tên và đóng dấu)");
    free(text);
}

static struct forms_apology sample_apology(const char *date)
{
    return (struct forms_apology){
        .head = head_on(date),
        .dossier_code = DOSSIER_CODE,
        .applicant = {APPLICANT, NULL, "Xã Vĩnh Thạnh", "0912345678", NULL},
        .procedure = "Đăng ký khai sinh",
        .received_at = vn_time(2027, 4, 29, 10, 0),
        .appointment_at = vn_time(2027, 5, 6, 10, 0),
        .new_appointment_at = vn_time(2027, 5, 10, 14, 30),
        .reason = "Cần xác minh thông tin tại nơi cư trú trước đây.",
        .signer = "Phạm Minh Đức",
    };
}

static void test_apology_wording_follows_set(void **state)
{
    (void)state;
    REQUIRE_TOOL("pdftotext");
    const char *path = path_in_dir("apology.pdf");
    struct doc_sink out = {.path = path};
    struct forms_apology f = sample_apology("2025-01-01");
    assert_int_equal(forms_apology(&f, &out, NULL), 0);
    check_form_text(path, "Mẫu số 04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ");
    char *text = pdf_text_of(path, 0);
    assert_contains(text, "hẹn trả kết quả vào 14 giờ 30 phút, ngày 10 tháng 5 năm 2027");
    free(text);

    f = sample_apology("2026-01-01");
    assert_int_equal(forms_apology(&f, &out, NULL), 0);
    check_form_text(path, "Mẫu số 04", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT");
    text = pdf_text_of(path, 0);
    assert_contains(text, "đề nghị gia hạn thời gian giải quyết hồ sơ đến 14 giờ 30 phút");
    free(text);

    struct err e = {0};
    f.new_appointment_at = f.appointment_at;
    assert_int_equal(forms_apology(&f, &out, &e), E_INVALID);
    assert_string_equal(e.field, "new_appointment_at");
}

static void test_control_sheet(void **state)
{
    (void)state;
    REQUIRE_TOOL("pdftotext");
    const struct forms_handover hand[] = {
        {"Bộ phận tiếp nhận và trả kết quả", "Phòng Tư pháp", vn_time(2027, 4, 29, 14, 0),
         "Lê Văn Bình", "Võ Thị Hoa", FORMS_ON_TIME, NULL},
        {"Phòng Tư pháp", "Lãnh đạo UBND huyện", vn_time(2027, 5, 3, 9, 15), "Võ Thị Hoa",
         "Phạm Minh Đức", FORMS_EARLY, "Trình ký"},
        {"Lãnh đạo UBND huyện", "Bộ phận tiếp nhận và trả kết quả", vn_time(2027, 5, 7, 8, 0),
         "Phạm Minh Đức", "Lê Văn Bình", FORMS_LATE, NULL},
    };
    struct forms_control f = {
        .head = head_on("2024-06-01"),
        .dossier_code = DOSSIER_CODE,
        .applicant_name = APPLICANT,
        .procedure = "Đăng ký khai sinh",
        .received_at = vn_time(2027, 4, 29, 10, 0),
        .appointment_at = vn_time(2027, 5, 6, 10, 0),
        .resolving_agency = "Phòng Tư pháp",
        .handovers = hand,
        .nhandovers = 3,
    };
    const char *path = path_in_dir("control.pdf");
    struct doc_sink out = {.path = path};
    assert_int_equal(forms_control(&f, &out, NULL), 0);
    check_form_text(path, "Mẫu số 05", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ");
    char *text = pdf_text_of(path, 0);
    assert_contains(text, "Đúng hạn");
    assert_contains(text, "Trước hạn");
    assert_contains(text, "Quá hạn");
    /* The agency lines and a signature cell for each side of each hand-over (§2.4). */
    assert_contains(text, "Cơ quan (bộ phận) giải quyết hồ sơ: Phòng Tư pháp");
    assert_contains(text, "Cơ quan phối hợp giải quyết hồ sơ: ……");
    assert_contains(text, "GIAO (Ký)");
    assert_contains(text, "NHẬN (Ký)");
    assert_contains(text, "Võ Thị Hoa");
    assert_contains(text, "Phạm Minh Đức");
    free(text);

    f.head = head_on("2025-10-01");
    assert_int_equal(forms_control(&f, &out, NULL), 0);
    text = pdf_text_of(path, 0);
    assert_contains(text, "Mẫu số 06");
    free(text);
}

/* ---- tracking book ---- */

static struct forms_book_row *book_rows(size_t n, char (*codes)[48])
{
    struct forms_book_row *rows = calloc(n, sizeof *rows);
    assert_non_null(rows);
    for (size_t i = 0; i < n; i++) {
        snprintf(codes[i], sizeof codes[i], "000.00.33.H33-270429-%04zu", i + 1);
        rows[i] = (struct forms_book_row){
            .dossier_code = codes[i],
            .procedure = i % 2 ? "Đăng ký khai sinh" : "Chứng thực bản sao từ bản chính",
            .sets = 1,
            .applicant = APPLICANT,
            .address = "Ấp Vĩnh Phước, xã Vĩnh Thạnh",
            .phone = "0912345678",
            .lead_agency = "Phòng Tư pháp",
            .received_at = vn_time(2027, 4, 1, 8, 0) + (int64_t)i * 3600,
            .appointment_at = vn_time(2027, 4, 6, 8, 0),
            .result_at = i % 3 ? vn_time(2027, 4, 5, 16, 0) : 0,
            .note = i == 7 ? "=HYPERLINK(\"http://evil\")" : NULL,
        };
    }
    return rows;
}

static struct forms_book sample_book(const struct forms_book_row *rows, size_t n)
{
    return (struct forms_book){
        .head = head_on("2027-04-30"),
        .unit = "Bộ phận một cửa UBND huyện Giồng Riềng",
        .period = "Từ ngày 01/04/2027 đến ngày 30/04/2027",
        .rows = rows,
        .nrows = n,
    };
}

static void test_book_paginates_with_repeated_header(void **state)
{
    (void)state;
    REQUIRE_TOOL("pdftotext");
    static char codes[100][48];
    struct forms_book_row *rows = book_rows(100, codes);
    struct forms_book f = sample_book(rows, 100);
    const char *path = path_in_dir("book.pdf");
    struct doc_sink out = {.path = path};
    struct err e = {0};
    assert_int_equal(forms_book(&f, &out, &e), 0);
    assert_page_size(path, "841.89 x 595.276 pts");
    int pages = pdf_pages(path);
    assert_true(pages >= 3);
    char *all = pdf_text_of(path, 0);
    assert_contains(all, "SỔ THEO DÕI HỒ SƠ");
    assert_contains(all, "Mẫu số 07");
    assert_contains(all, "Giồng Riềng, ngày 29 tháng 4 năm 2027");
    for (size_t i = 0; i < 100; i++)
        assert_contains(all, codes[i]);
    free(all);
    for (int p = 1; p <= pages; p++) {
        char *text = pdf_text_of(path, p);
        char footer[32];
        snprintf(footer, sizeof footer, "Trang %d/%d", p, pages);
        /* (The header wraps "Tên thủ tục hành / chính"; pdftotext may read it in between.) */
        assert_contains(text, "Tên thủ tục");
        assert_contains(text, "Mã hồ sơ");
        assert_contains(text, "Ghi chú");
        assert_contains(text, footer);
        free(text);
    }
    assert_fonts_embedded(path);
    free(rows);
}

static void test_tall_row_splits_across_pages(void **state)
{
    (void)state;
    REQUIRE_TOOL("pdftotext");
    static char codes[3][48];
    struct forms_book_row *rows = book_rows(3, codes);
    struct buf note;
    buf_init(&note, 1 << 20);
    for (int i = 1; i <= 400; i++)
        assert_int_equal(buf_printf(&note, "n%03d ", i), 0);
    rows[1].note = buf_str(&note);
    struct forms_book f = sample_book(rows, 3);
    const char *path = path_in_dir("tall.pdf");
    struct doc_sink out = {.path = path};
    assert_int_equal(forms_book(&f, &out, NULL), 0);
    int pages = pdf_pages(path);
    assert_true(pages >= 2);
    char *all = pdf_text_of(path, 0);
    assert_contains(all, "n001");
    assert_contains(all, "n400");
    assert_contains(all, codes[2]);
    /* Every word once: no line drawn twice at the split. */
    char *first = strstr(all, "n200");
    assert_non_null(first);
    assert_null(strstr(first + 1, "n200"));
    free(all);
    char *second = pdf_text_of(path, 2);
    assert_contains(second, "Tên thủ tục hành chính");
    assert_contains(second, "n0");
    free(second);
    buf_free(&note);
    free(rows);
}

/* A long note in a narrow column wraps between words onto as many lines as it needs: the row
 * grows, and no word is cut or clipped. */
static void test_long_note_wraps_by_words(void **state)
{
    (void)state;
    REQUIRE_TOOL("pdftotext");
    static char codes[3][48];
    static const char note[] =
        "Người nộp hồ sơ đề nghị nhận kết quả qua dịch vụ bưu chính công ích tại địa chỉ thường "
        "trú; đã liên hệ xác minh với Công an xã Vĩnh Thạnh về nơi cư trú trước đây.";
    struct forms_book_row *rows = book_rows(3, codes);
    rows[1].note = note;
    struct forms_book f = sample_book(rows, 3);
    const char *path = path_in_dir("note.pdf");
    struct doc_sink out = {.path = path};
    assert_int_equal(forms_book(&f, &out, NULL), 0);
    char *all = pdf_text_of(path, 0);
    char words[sizeof note];
    memcpy(words, note, sizeof note);
    for (char *save = NULL, *w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save))
        assert_contains(all, w);
    free(all);
    /* In the layout the note takes several lines: words found only in it are spread over at
     * least four of them. */
    char *layout = run("pdftotext -enc UTF-8 -layout '%s' -", path);
    assert_non_null(layout);
    int lines = 0;
    for (char *line = strtok(layout, "\n"); line; line = strtok(NULL, "\n"))
        lines += strstr(line, "bưu") || strstr(line, "thường") || strstr(line, "liên") ||
                 strstr(line, "Công") || strstr(line, "minh") || strstr(line, "trước");
    assert_true(lines >= 4);
    free(layout);
    free(rows);
}

/* The word's box in the PDF (pdftotext -bbox): its left and right edges, 0 when absent. */
static int word_box(const char *path, const char *word, double *x0, double *x1)
{
    char *html = run("pdftotext -bbox '%s' -", path);
    assert_non_null(html);
    char needle[256];
    snprintf(needle, sizeof needle, ">%s</word>", word);
    char *at = strstr(html, needle);
    int found = 0;
    if (at) {
        char *open = at;
        while (open > html && strncmp(open, "<word", 5) != 0)
            open--;
        found = sscanf(open, "<word xMin=\"%lf\" yMin=\"%*f\" xMax=\"%lf\"", x0, x1) == 2;
    }
    free(html);
    return found;
}

static const char *const note_headers[] = {"STT", "Ghi chú", "Nội dung"};
static const double note_widths[] = {1, 1, 8};

static int draw_note_table(struct pdfdoc *d, const void *ctx)
{
    (void)ctx;
    static const struct table_cell cells[] = {
        {"1", 1, 1},
        {"Gửi qua bưu chính, số hiệu EA123456789VN hẹn trả 06/05/2027", 0, 0},
        {"Cấp bản sao trích lục khai sinh", 0, 0},
    };
    struct table t = {"Bảng", 3, 1, note_headers, note_widths, NULL, cells};
    return pdf_table(d, &t);
}

/* A column narrower than one of its words is widened to that word: the word is printed
 * whole, on one line, inside its cell — not broken between letters, not over the next
 * column. Before, the 11 mm "Ghi chú" column cut "EA123456789VN" in two. */
static void test_columns_fit_their_longest_word(void **state)
{
    (void)state;
    REQUIRE_TOOL("pdftotext");
    const char *path = path_in_dir("words.pdf");
    struct doc_sink out = {.path = path};
    struct pdf_setup setup = {.page = PDF_A4, .title = "Ghi chú"};
    assert_int_equal(pdf_render(&out, &setup, draw_note_table, NULL, NULL), 0);
    char *text = pdf_text_of(path, 0);
    assert_contains(text, "EA123456789VN");
    assert_contains(text, "06/05/2027");
    free(text);
    double code0, code1, next0, next1;
    assert_true(word_box(path, "EA123456789VN", &code0, &code1));
    assert_true(word_box(path, "Nội", &next0, &next1));
    assert_true(code1 < next0); /* the note stays in its column */
}

/* The statistics report PDF: numbers as Vietnamese write them, kept whole in narrow columns,
 * and the signature block of an official report — place and date, the signer's title and
 * "(Ký, ghi rõ họ tên, đóng dấu)" — after the table. */
static void test_stats_report_signature_block(void **state)
{
    (void)state;
    REQUIRE_TOOL("pdftotext");
    struct svc_stats_row rows[1] = {{0}};
    rows[0].key = "GR-MC";
    rows[0].label = "Bộ phận tiếp nhận và trả kết quả huyện Giồng Riềng";
    rows[0].n.received = 123456789;
    rows[0].n.on_time = 1234;
    rows[0].resolved = 1300;
    rows[0].on_time_rate = 94.923;
    rows[0].indicator1 = 1.8;
    struct svc_stats_report r = {.unit_key = "GR",
                                 .unit_name = "Ủy ban nhân dân huyện Giồng Riềng",
                                 .from = "2027-01-01",
                                 .to = "2027-03-31",
                                 .group = "unit",
                                 .place = "Giồng Riềng",
                                 .rows = rows,
                                 .nrows = 1,
                                 .total = rows[0]};
    r.total.label = "Tổng cộng";
    struct arena *ar = arena_new();
    struct buf pdf;
    buf_init(&pdf, 8u << 20);
    const char *type, *name;
    struct err e = {0};
    assert_int_equal(svc_stats_export(&r, "pdf", ar, &pdf, &type, &name, &e), 0);
    const char *path = path_in_dir("stats.pdf");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(pdf.data, 1, pdf.len, f), pdf.len);
    fclose(f);
    char *text = pdf_text_of(path, 0);
    assert_contains(text, "123.456.789");
    assert_contains(text, "94,92");
    assert_contains(text, "1,8");
    assert_contains(text, "từ ngày 01/01/2027 đến ngày 31/03/2027");
    const char *table = strstr(text, "Tổng cộng");
    assert_non_null(table);
    const char *signed_at = strstr(table, "Giồng Riềng, ngày ");
    if (!signed_at)
        fail_msg("no date line after the table in:\n%s", text);
    assert_contains(signed_at, " tháng ");
    assert_contains(signed_at, " năm ");
    assert_contains(text, "NGƯỜI LẬP BIỂU");
    assert_contains(text, "(Ký, ghi rõ họ tên)");
    assert_contains(signed_at, "THỦ TRƯỞNG ĐƠN VỊ");
    assert_contains(signed_at, "(Ký, ghi rõ họ tên, đóng dấu)");
    free(text);
    buf_free(&pdf);
    arena_free(ar);
}

static void test_forms_need_a_place_name(void **state)
{
    (void)state;
    struct err e = {0};
    static char codes[1][48];
    struct forms_book_row *rows = book_rows(1, codes);
    struct forms_book f = sample_book(rows, 1);
    f.head.place = NULL;
    struct buf b;
    buf_init(&b, 1 << 20);
    struct doc_sink out = {.buf = &b};
    assert_int_equal(forms_book(&f, &out, &e), E_INVALID);
    assert_string_equal(e.field, "place");
    struct forms_receipt r = sample_receipt();
    r.head.place = "";
    assert_int_equal(forms_receipt(&r, &out, &e), E_INVALID);
    assert_string_equal(e.field, "place");
    buf_free(&b);
    free(rows);
}

static void test_copy_labels(void **state)
{
    (void)state;
    assert_int_equal(forms_copy_parse("present"), FORMS_PRESENT);
    assert_int_equal(forms_copy_parse("certified_copy"), FORMS_CERTIFIED_COPY);
    assert_int_equal(forms_copy_parse("photo"), -1);
    assert_int_equal(forms_copy_parse(NULL), -1);
    assert_string_equal(forms_copy_label(FORMS_PRESENT), "Xuất trình bản chính để đối chiếu");
    assert_null(forms_copy_label((enum forms_copy)9));
    const struct forms_set *set = set_on("2026-01-01");
    assert_int_equal(forms_entry_number(forms_entry(set, FORM_CONTROL)), 6);
    assert_int_equal(forms_entry_number(forms_entry(set, FORM_STOP)), 5);
    assert_string_equal(forms_entry(set, FORM_CONTROL)->name,
                        "Phiếu kiểm soát quá trình giải quyết hồ sơ");
    assert_int_equal(forms_entry_number(forms_entry(set_on("2025-01-01"), FORM_CONTROL)), 5);
    assert_int_equal(forms_entry_number(NULL), 0);
}

/* ---- XLSX ---- */

static const char XLSX_READER[] =
    "import sys, zipfile, xml.etree.ElementTree as ET\n"
    "m = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'\n"
    "z = zipfile.ZipFile(sys.argv[1])\n"
    "ss = [''.join(t.text or '' for t in si.iter(m + 't'))\n"
    "      for si in ET.fromstring(z.read('xl/sharedStrings.xml')).iter(m + 'si')]\n"
    "sheet = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))\n"
    "rows = sheet.find(m + 'sheetData').findall(m + 'row')\n"
    "pane = sheet.find('.//' + m + 'pane')\n"
    "print('rows', len(rows))\n"
    "print('frozen', pane is not None and pane.get('state') == 'frozen' and "
    "pane.get('topLeftCell'))\n"
    "for r in rows:\n"
    "    cells = []\n"
    "    for c in r.findall(m + 'c'):\n"
    "        v = c.find(m + 'v')\n"
    "        cells.append(ss[int(v.text)] if c.get('t') == 's' else (v.text if v is not None "
    "else ''))\n"
    "    print('|'.join(x.replace('\\n', ' ') for x in cells))\n";

static char *read_xlsx(const char *path)
{
    const char *script = path_in_dir("read_xlsx.py");
    FILE *f = fopen(script, "w");
    assert_non_null(f);
    fputs(XLSX_READER, f);
    fclose(f);
    char *out = run("python3 '%s' '%s'", script, path);
    assert_non_null(out);
    return out;
}

static void test_book_xlsx_matches_rows(void **state)
{
    (void)state;
    REQUIRE_TOOL("python3");
    static char codes[100][48];
    struct forms_book_row *rows = book_rows(100, codes);
    struct forms_book f = sample_book(rows, 100);
    const char *path = path_in_dir("book.xlsx");
    struct doc_sink out = {.path = path};
    struct err e = {0};
    assert_int_equal(forms_book_xlsx(&f, &out, &e), 0);
    char *sheet = read_xlsx(path);
    assert_contains(sheet, "rows 102\n");
    assert_contains(sheet, "frozen A3\n");
    assert_contains(sheet, "STT|Mã hồ sơ|Tên thủ tục hành chính|");
    assert_contains(sheet, "SỔ THEO DÕI HỒ SƠ");
    assert_contains(sheet,
                    "\n1|000.00.33.H33-270429-0001|Chứng thực bản sao từ bản chính|1|" APPLICANT
                    "|Ấp Vĩnh Phước, xã Vĩnh Thạnh 0912 345 678|Phòng Tư pháp|08:00 "
                    "01/04/2027|08:00 06/04/2027|||");
    assert_contains(sheet, "\n100|000.00.33.H33-270429-0100|");
    free(sheet);

    struct buf b;
    buf_init(&b, 1 << 20);
    struct doc_sink mem = {.buf = &b};
    assert_int_equal(forms_book_xlsx(&f, &mem, &e), 0);
    assert_memory_equal(b.data, "PK\x03\x04", 4);
    buf_free(&b);
    free(rows);
}

static void test_xlsx_rejects_bad_table(void **state)
{
    (void)state;
    struct err e = {0};
    struct table t = {.ncols = 0};
    struct doc_sink out = {.path = path_in_dir("bad.xlsx")};
    assert_int_equal(xlsx_write_table(&t, &out, &e), E_INVALID);
    static const char *const headers[] = {"A"};
    const struct table_cell cells[] = {{"\xFF", 0, 0}};
    t = (struct table){.ncols = 1, .nrows = 1, .headers = headers, .cells = cells};
    assert_int_equal(xlsx_write_table(&t, &out, &e), E_INVALID);
    assert_string_equal(e.field, "cells");
}

/* ---- CSV ---- */

static void test_csv_quoting_and_injection(void **state)
{
    (void)state;
    static const char *const headers[] = {"Tên", "Ghi chú", "Số"};
    const struct table_cell cells[] = {
        {"Nguyễn Văn A", 0, 0},
        {"a,b", 0, 0},
        {"3", 3, 1},
        {"say \"hi\"", 0, 0},
        {"line1\nline2", 0, 0},
        {"-5", -5, 1},
        {"=SUM(A1:A9)", 0, 0},
        {"+84 912", 0, 0},
        {"0.5", 0.5, 1},
        {"-2+3", 0, 0},
        {"@cmd", 0, 0},
        {NULL, 0, 0},
        {"=HYPERLINK(\"x\",\"y\")", 0, 0},
        {"\tTab", 0, 0},
        {"1e20", 1e20, 1},
    };
    struct table t = {.ncols = 3, .nrows = 5, .headers = headers, .cells = cells};
    struct buf b;
    struct err e = {0};
    buf_init(&b, 4096);
    assert_int_equal(csv_write_table(&t, &b, &e), 0);
    assert_string_equal(buf_str(&b), "\xEF\xBB\xBF"
                                     "Tên,Ghi chú,Số\r\n"
                                     "Nguyễn Văn A,\"a,b\",3\r\n"
                                     "\"say \"\"hi\"\"\",\"line1\nline2\",-5\r\n"
                                     "'=SUM(A1:A9),'+84 912,0.5\r\n"
                                     "'-2+3,'@cmd,\r\n"
                                     "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\",'\tTab,1e+20\r\n");
    buf_reset(&b);
    const char *fields[] = {"=1", "ok", NULL};
    assert_int_equal(csv_row(&b, fields, 3), 0);
    assert_string_equal(buf_str(&b), "'=1,ok,\r\n");
    buf_free(&b);

    buf_init(&b, 16);
    assert_int_equal(csv_write_table(&t, &b, &e), E_TOOLARGE);
    buf_free(&b);
}

/* ---- SVG ---- */

static void assert_xml_well_formed(const char *svg)
{
    if (!have_tool("xmllint")) {
        print_message("xmllint missing (package libxml2-utils): XML check skipped\n");
        return;
    }
    const char *path = path_in_dir("chart.svg");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(svg, f);
    fclose(f);
    char *ok = run("xmllint --noout '%s' 2>&1", path);
    assert_non_null(ok);
    assert_string_equal(ok, "");
    free(ok);
}

static void test_svg_bar_chart(void **state)
{
    (void)state;
    const struct svg_point units[] = {
        {"Phòng Tư pháp", 95.5},
        {"<script>alert('x')</script> & \"Co\"", 40},
        {"Xã Vĩnh Thạnh", 100},
    };
    struct svg_chart c = {.title = "Tỉ lệ đúng hạn theo đơn vị",
                          .desc = "Quý 2/2027",
                          .unit = "%",
                          .points = units,
                          .npoints = 3,
                          .max = 100};
    struct buf b;
    struct err e = {0};
    buf_init(&b, 1 << 20);
    assert_int_equal(svg_bar_chart(&c, &b, &e), 0);
    const char *svg = buf_str(&b);
    assert_contains(svg, "role=\"img\"");
    assert_contains(svg, "<title>Tỉ lệ đúng hạn theo đơn vị</title>");
    assert_contains(svg, "<desc>Quý 2/2027</desc>");
    assert_contains(svg, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;");
    assert_null(strstr(svg, "<script"));
    assert_contains(svg, "95,5%");
    assert_contains(svg, "<title>Phòng Tư pháp: 95,5%</title>");
    /* the one writer of shares (core/format.c): whatever it writes, the chart writes */
    struct buf share;
    buf_init(&share, 64);
    assert_int_equal(fmt_percent(&share, 95.5), 0);
    char title[128];
    snprintf(title, sizeof title, "<title>Phòng Tư pháp: %s</title>", buf_str(&share));
    assert_contains(svg, title);
    buf_free(&share);
    assert_xml_well_formed(svg);
    buf_free(&b);
}

static void test_svg_line_chart(void **state)
{
    (void)state;
    struct svg_point months[12];
    char labels[12][16];
    for (int i = 0; i < 12; i++) {
        snprintf(labels[i], sizeof labels[i], "%02d/2027", i + 1);
        months[i] = (struct svg_point){labels[i], 80 + i * 1.5};
    }
    struct svg_chart c = {.title = "Tỉ lệ hồ sơ đúng hạn theo tháng <2027>",
                          .unit = "%",
                          .points = months,
                          .npoints = 12,
                          .max = 100};
    struct buf b;
    struct err e = {0};
    buf_init(&b, 1 << 20);
    assert_int_equal(svg_line_chart(&c, &b, &e), 0);
    const char *svg = buf_str(&b);
    assert_contains(svg, "<title>Tỉ lệ hồ sơ đúng hạn theo tháng &lt;2027&gt;</title>");
    assert_contains(svg, "<polyline");
    assert_contains(svg, ">12/2027</text>");
    assert_contains(svg, "<title>12/2027: 96,5%</title>");
    assert_xml_well_formed(svg);

    buf_reset(&b);
    c.npoints = 0;
    assert_int_equal(svg_line_chart(&c, &b, &e), 0);
    assert_contains(buf_str(&b), "Không có dữ liệu");
    assert_xml_well_formed(buf_str(&b));

    months[3].value = -1;
    c.npoints = 12;
    assert_int_equal(svg_bar_chart(&c, &b, &e), E_INVALID);
    months[3].value = NAN;
    assert_int_equal(svg_line_chart(&c, &b, &e), E_INVALID);
    c.title = NULL;
    assert_int_equal(svg_bar_chart(&c, &b, &e), E_INVALID);
    buf_free(&b);
}

/* ---- pdfdoc directly ---- */

static int draw_many_paragraphs(struct pdfdoc *d, const void *ctx)
{
    (void)ctx;
    for (int i = 1; i <= 120; i++) {
        char line[96];
        snprintf(line, sizeof line, "Đoạn văn số %d: Tiếng Việt có dấu đầy đủ — ỹ ự ẫ ổ.", i);
        pdf_text(d, line, i % 3 ? PDF_JUSTIFY : PDF_CENTER);
    }
    return pdf_qr(d, "https://example.vn/a", 30, "Mã QR");
}

static void test_pdfdoc_flows_over_pages(void **state)
{
    (void)state;
    REQUIRE_TOOL("pdftotext");
    const char *path = path_in_dir("flow.pdf");
    struct doc_sink out = {.path = path};
    struct pdf_setup setup = {.page = PDF_A4, .title = "Thử nghiệm"};
    struct err e = {0};
    assert_int_equal(pdf_render(&out, &setup, draw_many_paragraphs, NULL, &e), 0);
    assert_page_size(path, "595.276 x 841.89 pts (A4)");
    int pages = pdf_pages(path);
    assert_true(pages >= 3);
    char *text = pdf_text_of(path, 0);
    assert_contains(text, "Đoạn văn số 1: Tiếng Việt có dấu đầy đủ — ỹ ự ẫ ổ.");
    assert_contains(text, "Đoạn văn số 120:");
    free(text);

    setup.page = (enum pdf_page)9;
    assert_int_equal(pdf_render(&out, &setup, draw_many_paragraphs, NULL, &e), E_INVALID);
    setup.page = PDF_A5;
    setup.title = NULL;
    assert_int_equal(pdf_render(&out, &setup, draw_many_paragraphs, NULL, &e), E_INVALID);
}

static int draw_bad_qr(struct pdfdoc *d, const void *ctx)
{
    (void)ctx;
    pdf_text(d, "trước", 0);
    pdf_qr(d, "", 30, NULL);
    return pdf_text(d, "sau", 0);
}

static void test_pdfdoc_errors_are_sticky(void **state)
{
    (void)state;
    struct buf b;
    struct err e = {0};
    buf_init(&b, 1 << 20);
    struct doc_sink out = {.buf = &b};
    struct pdf_setup setup = {.page = PDF_A5, .title = "x"};
    assert_int_equal(pdf_render(&out, &setup, draw_bad_qr, NULL, &e), E_INVALID);
    assert_string_equal(e.field, "qr");
    assert_int_equal(b.len, 0);
    buf_free(&b);
}

int main(void)
{
    snprintf(dir, sizeof dir, "%s", test_tmpdir("motcua-render"));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form_sets_by_date),
        cmocka_unit_test(test_receipt_pdf),
        cmocka_unit_test(test_receipt_qr_decodes),
        cmocka_unit_test(test_receipt_to_buffer),
        cmocka_unit_test(test_markup_is_printed_literally),
        cmocka_unit_test(test_receipt_rejects_bad_input),
        cmocka_unit_test(test_supplement_pdf),
        cmocka_unit_test(test_refusal_pdf),
        cmocka_unit_test(test_stop_notice_only_in_2025_set),
        cmocka_unit_test(test_apology_wording_follows_set),
        cmocka_unit_test(test_control_sheet),
        cmocka_unit_test(test_book_paginates_with_repeated_header),
        cmocka_unit_test(test_tall_row_splits_across_pages),
        cmocka_unit_test(test_long_note_wraps_by_words),
        cmocka_unit_test(test_columns_fit_their_longest_word),
        cmocka_unit_test(test_stats_report_signature_block),
        cmocka_unit_test(test_forms_need_a_place_name),
        cmocka_unit_test(test_copy_labels),
        cmocka_unit_test(test_book_xlsx_matches_rows),
        cmocka_unit_test(test_xlsx_rejects_bad_table),
        cmocka_unit_test(test_csv_quoting_and_injection),
        cmocka_unit_test(test_svg_bar_chart),
        cmocka_unit_test(test_svg_line_chart),
        cmocka_unit_test(test_pdfdoc_flows_over_pages),
        cmocka_unit_test(test_pdfdoc_errors_are_sticky),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    /* MOTCUA_KEEP_OUTPUT=1 keeps the documents for a look by eye. */
    if (!failed && !getenv("MOTCUA_KEEP_OUTPUT")) {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", dir);
    }
    return failed;
}
