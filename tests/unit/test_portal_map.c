/* test_portal_map.c — the national portal's words for a dossier (portal_map.h): the date
 * format in Vietnam time, the dated status map and its per-sub-state override, every field
 * of the DongBoHoSoMC record and the Decision 766 flags, progress entries, supplement cycles
 * with their old and new appointment, fees, results with a link, the rating, a pushed
 * dossier with base64 files, and the differences reconciliation lists. */
#include "cal_date.h"
#include "portal_map.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

/* 2026-03-02 08:30:05 Vietnam time. */
static int64_t at(int y, int m, int d, int hh, int mm, int ss)
{
    return cal_instant(cal_day_from_ymd(y, m, d), hh * 3600 + mm * 60 + ss);
}

static const char *s_of(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (!s)
        fail_msg("%s is not a string", key);
    return s;
}

static long long i_of(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (!json_is_integer(v))
        fail_msg("%s is not an integer", key);
    return (long long)json_integer_value(v);
}

static void test_dates_are_vietnam_time(void **state)
{
    (void)state;
    char buf[PORTAL_DATE_SIZE];
    portal_date(at(2026, 3, 2, 8, 30, 5), buf);
    assert_string_equal(buf, "20260302083005");
    /* 23:59:59 UTC on 31 Dec is already the next year in Vietnam. */
    portal_date(at(2027, 1, 1, 6, 59, 59), buf);
    assert_string_equal(buf, "20270101065959");
    assert_int_equal(at(2027, 1, 1, 6, 59, 59) % 86400, 86399);
    portal_date(0, buf);
    assert_string_equal(buf, "");
    int64_t t = 0;
    assert_int_equal(portal_date_parse("20260302083005", &t, "d", NULL), 0);
    assert_int_equal(t, at(2026, 3, 2, 8, 30, 5));
    struct err e = {0};
    assert_int_equal(portal_date_parse("20260230083005", &t, "NgayNopHoSo", &e), E_INVALID);
    assert_string_equal(e.field, "NgayNopHoSo");
    assert_int_equal(portal_date_parse("2026-03-02", &t, "d", NULL), E_INVALID);
    assert_int_equal(portal_date_parse(NULL, &t, "d", NULL), E_INVALID);
}

static void test_builtin_map_gives_every_state_its_code(void **state)
{
    (void)state;
    const struct portal_status_map *m = portal_status_map_builtin();
    assert_true(m->n > 0);
    int64_t t = at(2026, 3, 2, 9, 0, 0);
    struct {
        const char *state, *sub;
        int code;
    } want[] = {
        {"submitted", NULL, 1},
        {"processing", "accepted", 2},
        {"refused", NULL, 3},
        {"processing", NULL, 4},
        {"processing", "advance", 4},
        {"reception_supplement", NULL, 5},
        {"supplement", NULL, 5},
        {"processing", "awaiting_fees", 6},
        {"withdrawn", "withdraw_requested", 7},
        {"withdrawn", NULL, 8},
        {"stopped", NULL, 8},
        {"result_ready", NULL, 9},
        {"returned", NULL, 10},
        {"none", NULL, 0},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (portal_status_at(m, want[i].state, want[i].sub, t) != want[i].code)
            fail_msg("%s/%s: %d, want %d", want[i].state, want[i].sub ? want[i].sub : "-",
                     portal_status_at(m, want[i].state, want[i].sub, t), want[i].code);
}

static const char *dated_map =
    "{\"rules\":["
    "{\"state\":\"processing\",\"national\":4,\"valid_from\":\"2018-06-21\",\"valid_to\":null},"
    "{\"state\":\"result_ready\",\"national\":9,\"valid_from\":\"2018-06-21\","
    "\"valid_to\":\"2026-07-01\"},"
    "{\"state\":\"result_ready\",\"national\":10,\"valid_from\":\"2026-07-01\"},"
    "{\"state\":\"processing\",\"sub_state\":\"awaiting_fees\",\"national\":6,"
    "\"valid_from\":\"2026-01-25\"}]}";

static void test_map_is_dated_with_a_sub_state_override(void **state)
{
    (void)state;
    struct arena *ar = arena_new();
    struct portal_status_map m;
    struct err e = {0};
    assert_int_equal(portal_status_map_parse(ar, dated_map, &m, &e), 0);
    /* The row in force the day of the change, in Vietnam time. */
    assert_int_equal(portal_status_at(&m, "result_ready", NULL, at(2026, 6, 30, 23, 59, 59)), 9);
    assert_int_equal(portal_status_at(&m, "result_ready", NULL, at(2026, 7, 1, 0, 0, 0)), 10);
    /* The override applies from its own day; before it, the state's row. */
    assert_int_equal(portal_status_at(&m, "processing", "awaiting_fees", at(2026, 1, 24, 9, 0, 0)),
                     4);
    assert_int_equal(portal_status_at(&m, "processing", "awaiting_fees", at(2026, 1, 25, 9, 0, 0)),
                     6);
    assert_int_equal(portal_status_at(&m, "processing", NULL, at(2026, 1, 25, 9, 0, 0)), 4);
    assert_int_equal(portal_status_at(&m, "result_ready", NULL, at(2017, 1, 1, 9, 0, 0)), 0);
    arena_free(ar);
}

static void test_map_refuses_overlaps_and_bad_rows(void **state)
{
    (void)state;
    struct arena *ar = arena_new();
    struct portal_status_map m;
    struct err e = {0};
    assert_int_equal(portal_status_map_parse(
                         ar,
                         "{\"rules\":[{\"state\":\"returned\",\"national\":10,\"valid_from\":"
                         "\"2018-06-21\"},{\"state\":\"returned\",\"national\":9,"
                         "\"valid_from\":\"2026-01-01\"}]}",
                         &m, &e),
                     E_INVALID);
    assert_non_null(strstr(e.msg, "trùng"));
    assert_int_equal(portal_status_map_parse(ar,
                                             "{\"rules\":[{\"state\":\"returned\",\"national\":11,"
                                             "\"valid_from\":\"2018-06-21\"}]}",
                                             &m, &e),
                     E_INVALID);
    assert_int_equal(portal_status_map_parse(ar,
                                             "{\"rules\":[{\"state\":\"returned\",\"national\":10,"
                                             "\"valid_from\":\"2018-13-01\"}]}",
                                             &m, &e),
                     E_INVALID);
    assert_int_equal(portal_status_map_parse(ar, "[1,2", &m, &e), E_INVALID);
    arena_free(ar);
}

static struct portal_file files[] = {
    {"f1", "don.pdf", "TP1", "https://motcua.example/f/1", 0, 1, 0, 0, NULL},
    {"f2", "cccd.pdf", "TP2", "https://motcua.example/f/2", 0, 1, 1, 2, "KQ-2025-1"},
};
static struct portal_fee fees[] = {{"Lệ phí cấp giấy", "LP01", 50000, 2, 2, 0}};
static struct portal_supplement supplements[] = {
    {7, 0, 0, 0, 0, "Trần Văn Bình", "Bổ sung bản sao sổ đỏ", "Nguyễn Thị An", "Đã nhận đủ"}};
static struct portal_result results[] = {
    {"r1", "Giấy chứng nhận", "KQ", "https://motcua.example/kq/1", "KQ-2026-9"}};
static const struct portal_rating rating = {0, "dissatisfied", "Chờ lâu", "online"};

static struct portal_dossier a_dossier(void)
{
    supplements[0].requested_at = at(2026, 3, 3, 10, 0, 0);
    supplements[0].received_at = at(2026, 3, 5, 14, 0, 0);
    supplements[0].due_before = at(2026, 3, 10, 17, 0, 0);
    supplements[0].due_after = at(2026, 3, 12, 17, 0, 0);
    fees[0].paid_at = at(2026, 3, 6, 9, 0, 0);
    return (struct portal_dossier){
        .code = "000.00.15.H33-260302-0001",
        .procedure_code = "1.001234",
        .procedure_name = "Cấp giấy chứng nhận",
        .field_code = "DD",
        .field_name = "Đất đai",
        .applicant_kind = 1,
        .applicant_name = "Lê Thị Hoa",
        .applicant_id = "091234567890",
        .applicant_phone = "0912345678",
        .applicant_email = "hoa@example.vn",
        .applicant_address = "Ấp 3, xã Thạnh Lộc",
        .state = "processing",
        .sub_state = NULL,
        .channel = "online",
        .return_method = "post",
        .unit_code = "000.00.15.H33",
        .unit_name = "UBND xã Thạnh Lộc",
        .submitted_at = at(2026, 3, 1, 20, 15, 0),
        .received_at = at(2026, 3, 2, 8, 30, 5),
        .due_at = at(2026, 3, 12, 17, 0, 0),
        .vneid_verified = 1,
        .paid_online = 2,
        .files = files,
        .nfiles = 2,
        .fees = fees,
        .nfees = 1,
        .supplements = supplements,
        .nsupplements = 1,
        .results = results,
        .nresults = 1,
        .rating = NULL,
    };
}

static void test_record_has_every_field(void **state)
{
    (void)state;
    struct portal_dossier d = a_dossier();
    json_t *r = portal_dossier_record(&d, portal_status_map_builtin(), at(2026, 3, 6, 9, 0, 0));
    assert_non_null(r);
    static const char *const keys[] = {"MaHoSo",
                                       "MaTTHC",
                                       "TenTTHC",
                                       "MaLinhVuc",
                                       "TenLinhVuc",
                                       "SoBienNhan",
                                       "ChuHoSo",
                                       "LoaiDoiTuong",
                                       "MaDoiTuong",
                                       "ThongTinKhac",
                                       "Email",
                                       "Fax",
                                       "SoDienThoai",
                                       "TrichYeuHoSo",
                                       "NgayTiepNhan",
                                       "NgayHenTra",
                                       "TrangThaiHoSo",
                                       "NgayTra",
                                       "ThongTinTra",
                                       "HinhThuc",
                                       "NgayKetThucXuLy",
                                       "DonViXuLy",
                                       "GhiChu",
                                       "TaiLieuNop",
                                       "DanhSachLePhi",
                                       "DanhSachTepDinhKemKhac",
                                       "DanhSachHoSoBoSung",
                                       "DanhSachGiayToKetQua",
                                       "KenhThucHien",
                                       "HinhThucTra",
                                       "NoiNopHoSo",
                                       "SoDinhDanh",
                                       "NgayTuChoi",
                                       "NgayNopHoSo",
                                       "LoaiDinhDanh",
                                       "TaiKhoanDuocXacThucVoiVNeID",
                                       "HoSoCoThanhPhanSoHoa",
                                       "DuocThanhToanTrucTuyen"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (!json_object_get(r, keys[i]))
            fail_msg("record has no %s", keys[i]);
    assert_string_equal(s_of(r, "MaHoSo"), "000.00.15.H33-260302-0001");
    assert_string_equal(s_of(r, "SoBienNhan"), "000.00.15.H33-260302-0001");
    assert_string_equal(s_of(r, "NgayTiepNhan"), "20260302083005");
    assert_string_equal(s_of(r, "NgayHenTra"), "20260312170000");
    assert_string_equal(s_of(r, "NgayNopHoSo"), "20260301201500");
    assert_string_equal(s_of(r, "NgayTra"), "");
    assert_int_equal(i_of(r, "TrangThaiHoSo"), 4);
    assert_int_equal(i_of(r, "LoaiDoiTuong"), 1);
    assert_int_equal(i_of(r, "KenhThucHien"), 2);
    assert_int_equal(i_of(r, "HinhThucTra"), 3);
    assert_int_equal(i_of(r, "HinhThuc"), 1);
    assert_int_equal(i_of(r, "LoaiDinhDanh"), 1);
    assert_int_equal(i_of(r, "TaiKhoanDuocXacThucVoiVNeID"), 1);
    assert_int_equal(i_of(r, "HoSoCoThanhPhanSoHoa"), 1);
    assert_int_equal(i_of(r, "DuocThanhToanTrucTuyen"), 2);
    assert_string_equal(s_of(r, "NoiNopHoSo"), "000.00.15.H33");
    assert_string_equal(s_of(r, "DonViXuLy"), "UBND xã Thạnh Lộc");
    json_decref(r);
}

static void test_files_carry_the_766_flags(void **state)
{
    (void)state;
    struct portal_dossier d = a_dossier();
    json_t *r = portal_dossier_record(&d, portal_status_map_builtin(), at(2026, 3, 6, 9, 0, 0));
    const json_t *f = json_object_get(r, "TaiLieuNop");
    assert_int_equal(json_array_size(f), 2);
    const json_t *f1 = json_array_get(f, 0), *f2 = json_array_get(f, 1);
    assert_string_equal(s_of(f1, "TenTepDinhKem"), "don.pdf");
    assert_string_equal(s_of(f1, "MaThanhPhanHoSo"), "TP1");
    assert_string_equal(s_of(f1, "DuongDanTaiTepTin"), "https://motcua.example/f/1");
    assert_int_equal(i_of(f1, "IsDeleted"), 0);
    assert_int_equal(i_of(f1, "DuocSoHoa"), 1);
    assert_int_equal(i_of(f1, "DuocTaiSuDung"), 0);
    assert_int_equal(i_of(f1, "DuocLayTuKhoDMQG"), 0);
    assert_int_equal(i_of(f2, "DuocTaiSuDung"), 2);
    assert_int_equal(i_of(f2, "DuocLayTuKhoDMQG"), 1);
    assert_string_equal(s_of(f2, "MaKetQuaThayThe"), "KQ-2025-1");
    json_decref(r);
    /* No digitised file that is still there: HoSoCoThanhPhanSoHoa 0; an old ID: LoaiDinhDanh 2. */
    struct portal_file paper[] = {{"f3", "don.pdf", "TP1", "", 0, 0, 0, 0, NULL},
                                  {"f4", "x.pdf", "TP1", "", 1, 1, 0, 0, NULL}};
    d.files = paper;
    d.applicant_id = "123456789";
    d.vneid_verified = 0;
    d.channel = "counter";
    r = portal_dossier_record(&d, portal_status_map_builtin(), at(2026, 3, 6, 9, 0, 0));
    assert_int_equal(i_of(r, "HoSoCoThanhPhanSoHoa"), 0);
    assert_int_equal(i_of(r, "LoaiDinhDanh"), 2);
    assert_int_equal(i_of(r, "TaiKhoanDuocXacThucVoiVNeID"), 0);
    assert_int_equal(i_of(r, "KenhThucHien"), 1);
    json_decref(r);
    assert_int_equal(portal_id_kind("0912345678901"), 0);
    assert_int_equal(portal_id_kind("09123456789A"), 0);
    assert_int_equal(portal_id_kind(NULL), 0);
    assert_int_equal(portal_channel_code("post"), 3);
}

static void test_supplements_fees_results_rating(void **state)
{
    (void)state;
    struct portal_dossier d = a_dossier();
    d.state = "returned";
    d.finished_at = at(2026, 3, 11, 16, 0, 0);
    d.returned_at = at(2026, 3, 12, 9, 0, 0);
    d.rating = &rating;
    json_t *r = portal_dossier_record(&d, portal_status_map_builtin(), at(2026, 3, 12, 9, 0, 0));
    assert_int_equal(i_of(r, "TrangThaiHoSo"), 10);
    assert_string_equal(s_of(r, "NgayKetThucXuLy"), "20260311160000");
    assert_string_equal(s_of(r, "NgayTra"), "20260312090000");
    const json_t *s = json_array_get(json_object_get(r, "DanhSachHoSoBoSung"), 0);
    assert_int_equal(i_of(s, "HoSoBoSungId"), 7);
    assert_string_equal(s_of(s, "NoiDungBoSung"), "Bổ sung bản sao sổ đỏ");
    assert_string_equal(s_of(s, "NgayBoSung"), "20260303100000");
    assert_string_equal(s_of(s, "NgayTiepNhanBoSung"), "20260305140000");
    assert_string_equal(s_of(s, "NgayHenTraTruoc"), "20260310170000");
    assert_string_equal(s_of(s, "NgayHenTraMoi"), "20260312170000");
    assert_int_equal(i_of(s, "TrangThaiBoSung"), 1);
    assert_true(json_is_array(json_object_get(s, "DanhSachGiayToBoSung")));
    const json_t *f = json_array_get(json_object_get(r, "DanhSachLePhi"), 0);
    assert_string_equal(s_of(f, "TenPhiLePhi"), "Lệ phí cấp giấy");
    assert_int_equal(i_of(f, "Gia"), 50000);
    assert_int_equal(i_of(f, "HinhThucThu"), 2);
    assert_int_equal(i_of(f, "LoaiPhiLePhi"), 2);
    const json_t *k = json_array_get(json_object_get(r, "DanhSachGiayToKetQua"), 0);
    assert_string_equal(s_of(k, "DuongDanTepTinKetQua"), "https://motcua.example/kq/1");
    assert_string_equal(s_of(k, "MaGiayToKetQua"), "KQ-2026-9");
    const json_t *g = json_object_get(r, "DanhGiaHaiLong");
    assert_int_equal(i_of(g, "MucDoHaiLong"), 3);
    assert_int_equal(i_of(g, "KenhDanhGia"), 2);
    json_decref(r);
}

static void test_progress_entry_and_calls(void **state)
{
    (void)state;
    struct portal_progress p = {"HS-1",
                                "Nguyễn Thị An",
                                "Chuyên viên",
                                "Phòng Tài nguyên",
                                "Tiếp nhận",
                                "processing",
                                "accepted",
                                at(2026, 3, 2, 8, 30, 5),
                                at(2026, 3, 2, 8, 30, 5),
                                at(2026, 3, 4, 17, 0, 0)};
    json_t *entry = portal_progress_entry(&p, portal_status_map_builtin());
    assert_int_equal(i_of(entry, "TrangThai"), 2);
    assert_string_equal(s_of(entry, "ThoiDiemXuLy"), "20260302083005");
    assert_string_equal(s_of(entry, "NgayKetThucTheoQuyDinh"), "20260304170000");
    assert_string_equal(s_of(entry, "NguoiXuLy"), "Nguyễn Thị An");
    assert_string_equal(s_of(entry, "PhongBanXuLy"), "Phòng Tài nguyên");
    json_t *call = portal_progress_call("tok", "000.00.15.H33", json_pack("[o]", entry));
    assert_string_equal(s_of(call, "service"), "CapNhatTienDoHoSoMC");
    assert_string_equal(s_of(call, "madonvi"), "000.00.15.H33");
    json_decref(call);
    call = portal_sync_call("tok", "U", 0, json_array());
    assert_string_equal(s_of(call, "isUpdating"), "False");
    assert_string_equal(s_of(call, "service"), "DongBoHoSoMC");
    json_decref(call);
    call = portal_sync_call("tok", "U", 1, json_array());
    assert_string_equal(s_of(call, "isUpdating"), "True");
    json_decref(call);
    json_t *ok = json_pack("{s:s}", "error_code", "00");
    assert_int_equal(portal_answer_ok(ok, NULL), 0);
    json_decref(ok);
    ok = json_pack("{s:i}", "error_code", 0);
    assert_int_equal(portal_answer_ok(ok, NULL), 0);
    json_decref(ok);
    struct err e = {0};
    json_t *bad = json_pack("{s:i, s:s}", "error_code", -1, "message", "Sai MaTTHC");
    assert_int_equal(portal_answer_ok(bad, &e), E_UNAVAILABLE);
    assert_non_null(strstr(e.msg, "Sai MaTTHC"));
    json_decref(bad);
}

static void test_inbound_push_is_read(void **state)
{
    (void)state;
    struct arena *ar = arena_new();
    json_t *in =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:i, s:[{s:s, s:s, s:s}]}", "MaHoSo",
                  "G22.99-260302-0007", "MaTTHC", "1.001234", "MaDonVi", "000.00.15.H33", "ChuHoSo",
                  "Lê Thị Hoa", "SoDinhDanh", "091234567890", "HinhThucTra", 3, "NgayNopHoSo",
                  "20260301201500", "TaiKhoanDuocXacThucVoiVNeID", 1, "TepDinhKem", "TenTepDinhKem",
                  "don.pdf", "MaThanhPhanHoSo", "TP1", "NoiDungBase64", "JVBERi0xLjQK");
    struct portal_inbound d;
    struct err e = {0};
    assert_int_equal(portal_inbound_parse(ar, in, 1 << 20, &d, &e), 0);
    assert_string_equal(d.code, "G22.99-260302-0007");
    assert_string_equal(d.unit_code, "000.00.15.H33");
    assert_string_equal(d.return_method, "post");
    assert_int_equal(d.vneid_verified, 1);
    assert_int_equal(d.submitted_at, at(2026, 3, 1, 20, 15, 0));
    assert_int_equal(d.nfiles, 1);
    assert_int_equal(d.files[0].len, 9);
    assert_memory_equal(d.files[0].data, "%PDF-1.4\n", 9);
    /* Too large, broken base64, a missing field. */
    assert_int_equal(portal_inbound_parse(ar, in, 4, &d, &e), E_TOOLARGE);
    json_object_set_new(json_array_get(json_object_get(in, "TepDinhKem"), 0), "NoiDungBase64",
                        json_string("!!!"));
    assert_int_equal(portal_inbound_parse(ar, in, 1 << 20, &d, &e), E_INVALID);
    assert_string_equal(e.field, "TepDinhKem");
    json_object_del(in, "MaTTHC");
    assert_int_equal(portal_inbound_parse(ar, in, 1 << 20, &d, &e), E_INVALID);
    assert_string_equal(e.field, "MaTTHC");
    json_decref(in);
    json_t *ans = portal_push_answer(PORTAL_PUSH_ALREADY, "Đã nhận");
    assert_int_equal(i_of(ans, "error_code"), 1);
    json_decref(ans);
    arena_free(ar);
}

static void test_compare_lists_every_difference(void **state)
{
    (void)state;
    struct arena *ar = arena_new();
    struct portal_dossier d = a_dossier();
    json_t *ours = portal_dossier_record(&d, portal_status_map_builtin(), at(2026, 3, 6, 9, 0, 0));
    struct portal_diff *diffs;
    int n;
    portal_compare(ar, ours, ours, &diffs, &n);
    assert_int_equal(n, 0);
    portal_compare(ar, ours, NULL, &diffs, &n);
    assert_int_equal(n, 1);
    assert_int_equal(diffs[0].kind, PORTAL_DIFF_MISSING);
    json_t *theirs = json_deep_copy(ours);
    json_object_set_new(theirs, "TrangThaiHoSo", json_string("2"));
    json_object_set_new(theirs, "NgayHenTra", json_string("20260313170000"));
    portal_compare(ar, ours, theirs, &diffs, &n);
    assert_int_equal(n, 2);
    assert_int_equal(diffs[0].kind, PORTAL_DIFF_STATUS);
    assert_string_equal(diffs[0].ours, "4");
    assert_string_equal(diffs[0].theirs, "2");
    assert_int_equal(diffs[1].kind, PORTAL_DIFF_DATE);
    assert_string_equal(diffs[1].field, "NgayHenTra");
    assert_string_equal(portal_diff_kind_name(diffs[1].kind), "date");
    json_decref(theirs);
    json_decref(ours);
    arena_free(ar);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates_are_vietnam_time),
        cmocka_unit_test(test_builtin_map_gives_every_state_its_code),
        cmocka_unit_test(test_map_is_dated_with_a_sub_state_override),
        cmocka_unit_test(test_map_refuses_overlaps_and_bad_rows),
        cmocka_unit_test(test_record_has_every_field),
        cmocka_unit_test(test_files_carry_the_766_flags),
        cmocka_unit_test(test_supplements_fees_results_rating),
        cmocka_unit_test(test_progress_entry_and_calls),
        cmocka_unit_test(test_inbound_push_is_read),
        cmocka_unit_test(test_compare_lists_every_difference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
