/* portal_map.c — a dossier and its changes in the words of the National Public Service Portal
 * (portal_map.h). Every field of the DongBoHoSoMC record (CONNECTED.md §1.2) is written, empty
 * when motcua has nothing for it, because the receivers seen in other provinces read a fixed
 * shape; the Decision 766 fields (§1.3) are derived from what motcua records (the files'
 * digitised and reused flags, the payment method, the applicant's VNeID log-in) so that the
 * portal counts indicators 3.6 and 4.1–4.5 from the same facts our statistics do. Dates go out
 * as yyyyMMddHHmmss in Vietnam time; codes go out as numbers. */
#include "portal_map.h"

#include "cal_date.h"
#include "jpack.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *nz(const char *s)
{
    return s ? s : "";
}

static int is(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

void portal_date(int64_t t, char out[PORTAL_DATE_SIZE])
{
    int y, m, d;
    if (!t) {
        out[0] = '\0';
        return;
    }
    int sec = cal_local_second(t);
    cal_ymd_from_day(cal_local_day(t), &y, &m, &d);
    char buf[48]; /* room for any int the compiler imagines; a real date takes 14 */
    snprintf(buf, sizeof buf, "%04d%02d%02d%02d%02d%02d", y, m, d, sec / 3600, sec / 60 % 60,
             sec % 60);
    snprintf(out, PORTAL_DATE_SIZE, "%.14s", buf);
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int portal_date_parse(const char *s, int64_t *t, const char *field, struct err *e)
{
    size_t len = s ? strlen(s) : 0;
    for (size_t i = 0; i < len; i++)
        if (!isdigit((unsigned char)s[i]))
            len = 0;
    if (len != 14)
        return err_set(e, E_INVALID, field, "Ngày giờ phải có dạng yyyyMMddHHmmss");
    int y = digits(s, 4), mo = digits(s + 4, 2), d = digits(s + 6, 2);
    int h = digits(s + 8, 2), mi = digits(s + 10, 2), sec = digits(s + 12, 2);
    if (!cal_ymd_valid(y, mo, d) || h > 23 || mi > 59 || sec > 59)
        return err_set(e, E_INVALID, field, "Ngày giờ %s không có thật", s);
    *t = cal_instant(cal_day_from_ymd(y, mo, d), h * 3600 + mi * 60 + sec);
    return 0;
}

static json_t *date_of(int64_t t)
{
    char buf[PORTAL_DATE_SIZE];
    portal_date(t, buf);
    return json_string(buf);
}

int portal_channel_code(const char *channel)
{
    if (is(channel, "online"))
        return 2;
    if (is(channel, "post"))
        return 3;
    return 1;
}

int portal_id_kind(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)id[i]))
            return 0;
    return n == 12 ? 1 : n == 9 ? 2 : 0;
}

static json_t *files_json(const struct portal_dossier *d, int *digitised)
{
    json_t *a = json_array();
    for (int i = 0; i < d->nfiles; i++) {
        const struct portal_file *f = &d->files[i];
        *digitised |= f->digitised && !f->deleted;
        json_array_append_new(
            a, jpack("{s:s, s:s, s:i, s:s, s:s, s:i, s:i, s:i, s:s}", "TepDinhKemId", nz(f->id),
                     "TenTepDinhKem", nz(f->name), "IsDeleted", f->deleted, "MaThanhPhanHoSo",
                     nz(f->component_code), "DuongDanTaiTepTin", nz(f->url), "DuocSoHoa",
                     f->digitised ? 1 : 0, "DuocTaiSuDung", f->reused, "DuocLayTuKhoDMQG",
                     f->from_national_store ? 1 : 0, "MaKetQuaThayThe", nz(f->replacing_code)));
    }
    return a;
}

static json_t *fees_json(const struct portal_dossier *d)
{
    json_t *a = json_array();
    for (int i = 0; i < d->nfees; i++) {
        const struct portal_fee *f = &d->fees[i];
        json_array_append_new(a, jpack("{s:s, s:s, s:i, s:I, s:i, s:o}", "TenPhiLePhi", nz(f->name),
                                       "MaPhiLePhi", nz(f->code), "HinhThucThu", f->method, "Gia",
                                       (json_int_t)f->amount, "LoaiPhiLePhi", f->kind,
                                       "NgayThanhToan", date_of(f->paid_at)));
    }
    return a;
}

static json_t *supplements_json(const struct portal_dossier *d)
{
    json_t *a = json_array();
    for (int i = 0; i < d->nsupplements; i++) {
        const struct portal_supplement *s = &d->supplements[i];
        json_t *o =
            jpack("{s:I, s:s, s:s, s:o, s:s, s:s, s:o, s:i}", "HoSoBoSungId", (json_int_t)s->id,
                  "NguoiYeuCauBoSung", nz(s->requested_by), "NoiDungBoSung", nz(s->content),
                  "NgayBoSung", date_of(s->requested_at), "NguoiTiepNhanBoSung", nz(s->received_by),
                  "ThongTinTiepNhan", nz(s->received_note), "NgayTiepNhanBoSung",
                  date_of(s->received_at), "TrangThaiBoSung", s->received_at ? 1 : 0);
        json_object_update_new(o, jpack("{s:[], s:[], s:o, s:o}", "DanhSachGiayToBoSung",
                                        "DanhSachLePhiBoSung", "NgayHenTraTruoc",
                                        date_of(s->due_before), "NgayHenTraMoi",
                                        date_of(s->due_after)));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *results_json(const struct portal_dossier *d)
{
    json_t *a = json_array();
    for (int i = 0; i < d->nresults; i++) {
        const struct portal_result *r = &d->results[i];
        json_array_append_new(a, jpack("{s:s, s:s, s:s, s:s, s:s}", "TenGiayTo", nz(r->name),
                                       "MaThanhPhanHoSo", nz(r->component_code), "GiayToId",
                                       nz(r->id), "DuongDanTepTinKetQua", nz(r->url),
                                       "MaGiayToKetQua", nz(r->code)));
    }
    return a;
}

/* Decision 766 indicator 5.4 counts "dislike": satisfied 1, neutral 2, dissatisfied 3. */
static json_t *rating_json(const struct portal_rating *r)
{
    if (!r)
        return json_null();
    int level = is(r->overall, "satisfied") ? 1 : is(r->overall, "neutral") ? 2 : 3;
    return jpack("{s:i, s:s, s:o, s:i}", "MucDoHaiLong", level, "NoiDungDanhGia", nz(r->comment),
                 "NgayDanhGia", date_of(r->at), "KenhDanhGia", portal_channel_code(r->channel));
}

static json_t *identity_part(const struct portal_dossier *d)
{
    return jpack("{s:s, s:s, s:s, s:s, s:s, s:s}", "MaHoSo", nz(d->code), "SoBienNhan",
                 nz(d->receipt_no ? d->receipt_no : d->code), "MaTTHC", nz(d->procedure_code),
                 "TenTTHC", nz(d->procedure_name), "MaLinhVuc", nz(d->field_code), "TenLinhVuc",
                 nz(d->field_name));
}

static json_t *applicant_part(const struct portal_dossier *d)
{
    return jpack("{s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s}", "ChuHoSo", nz(d->applicant_name),
                 "LoaiDoiTuong", d->applicant_kind == 2 ? 2 : 1, "MaDoiTuong", nz(d->applicant_id),
                 "ThongTinKhac", nz(d->applicant_other ? d->applicant_other : d->applicant_address),
                 "Email", nz(d->applicant_email), "Fax", "", "SoDienThoai", nz(d->applicant_phone),
                 "DiaChi", nz(d->applicant_address));
}

static json_t *dossier_part(const struct portal_dossier *d, const struct portal_status_map *m,
                            int64_t at)
{
    return jpack("{s:s, s:o, s:o, s:i, s:o, s:s, s:i, s:o, s:s, s:s}", "TrichYeuHoSo",
                 nz(d->summary ? d->summary : d->procedure_name), "NgayTiepNhan",
                 date_of(d->received_at), "NgayHenTra", date_of(d->due_at), "TrangThaiHoSo",
                 portal_status_at(m, d->state, d->sub_state, at), "NgayTra",
                 date_of(d->returned_at), "ThongTinTra", nz(d->result_note), "HinhThuc",
                 is(d->return_method, "post") ? 1 : 0, "NgayKetThucXuLy", date_of(d->finished_at),
                 "DonViXuLy", nz(d->unit_name), "GhiChu", nz(d->note));
}

static json_t *decision766_part(const struct portal_dossier *d, int digitised)
{
    return jpack("{s:i, s:i, s:s, s:s, s:o, s:o, s:i, s:i, s:i, s:i}", "KenhThucHien",
                 portal_channel_code(d->channel), "HinhThucTra",
                 portal_channel_code(d->return_method), "NoiNopHoSo", nz(d->unit_code),
                 "SoDinhDanh", nz(d->applicant_id), "NgayTuChoi", date_of(d->refused_at),
                 "NgayNopHoSo", date_of(d->submitted_at ? d->submitted_at : d->received_at),
                 "LoaiDinhDanh", portal_id_kind(d->applicant_id), "TaiKhoanDuocXacThucVoiVNeID",
                 d->vneid_verified ? 1 : 0, "HoSoCoThanhPhanSoHoa", digitised ? 1 : 0,
                 "DuocThanhToanTrucTuyen", d->paid_online);
}

json_t *portal_dossier_record(const struct portal_dossier *d, const struct portal_status_map *m,
                              int64_t at)
{
    int digitised = 0;
    json_t *files = files_json(d, &digitised);
    json_t *rec = identity_part(d);
    json_object_update_new(rec, applicant_part(d));
    json_object_update_new(rec, dossier_part(d, m, at));
    json_object_update_new(rec, decision766_part(d, digitised));
    json_object_update_new(rec,
                           jpack("{s:o, s:o, s:[], s:o, s:o, s:o}", "TaiLieuNop", files,
                                 "DanhSachLePhi", fees_json(d), "DanhSachTepDinhKemKhac",
                                 "DanhSachHoSoBoSung", supplements_json(d), "DanhSachGiayToKetQua",
                                 results_json(d), "DanhGiaHaiLong", rating_json(d->rating)));
    return rec;
}

json_t *portal_progress_entry(const struct portal_progress *p, const struct portal_status_map *m)
{
    return jpack("{s:s, s:s, s:s, s:o, s:s, s:s, s:i, s:o, s:o}", "MaHoSo", nz(p->code),
                 "NguoiXuLy", nz(p->actor), "ChucDanh", nz(p->title), "ThoiDiemXuLy",
                 date_of(p->at), "PhongBanXuLy", nz(p->department), "NoiDungXuLy", nz(p->content),
                 "TrangThai", portal_status_at(m, p->state, p->sub_state, p->at), "NgayBatDau",
                 date_of(p->step_started), "NgayKetThucTheoQuyDinh", date_of(p->step_due));
}

json_t *portal_sync_call(const char *session, const char *unit_code, int updating, json_t *data)
{
    return jpack("{s:s, s:s, s:s, s:s, s:o}", "session", nz(session), "madonvi", nz(unit_code),
                 "service", "DongBoHoSoMC", "isUpdating", updating ? "True" : "False", "data",
                 data);
}

json_t *portal_progress_call(const char *session, const char *unit_code, json_t *data)
{
    return jpack("{s:s, s:s, s:s, s:o}", "session", nz(session), "madonvi", nz(unit_code),
                 "service", "CapNhatTienDoHoSoMC", "data", data);
}

int portal_answer_ok(const json_t *answer, struct err *e)
{
    const json_t *code = json_object_get(answer, "error_code");
    const char *msg = json_string_value(json_object_get(answer, "message"));
    if ((json_is_integer(code) && json_integer_value(code) == 0) ||
        (json_is_string(code) &&
         (is(json_string_value(code), "00") || is(json_string_value(code), "0"))))
        return 0;
    return err_set(e, E_UNAVAILABLE, "error_code", "Cổng DVCQG từ chối: %s",
                   msg ? msg : "không rõ lý do");
}

/* ---- inbound ---- */

static const char *str_of(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s && *s ? s : NULL;
}

static const char *return_method_of(const json_t *o)
{
    const json_t *v = json_object_get(o, "HinhThucTra");
    int code = json_is_integer(v)  ? (int)json_integer_value(v)
               : json_is_string(v) ? atoi(json_string_value(v))
                                   : 0;
    return code == 3 ? "post" : code == 2 ? "online" : "counter";
}

static int decode_file(struct arena *ar, const json_t *f, struct portal_inbound_file *out,
                       size_t *total, size_t max_bytes, struct err *e)
{
    const char *b64 = str_of(f, "NoiDungBase64");
    if (!b64)
        b64 = str_of(f, "NoiDungTep");
    out->name = str_of(f, "TenTepDinhKem");
    out->component_code = str_of(f, "MaThanhPhanHoSo");
    out->mime = str_of(f, "LoaiTep");
    if (!out->name || !b64)
        return err_set(e, E_INVALID, "TepDinhKem", "Tệp đính kèm thiếu tên hoặc nội dung");
    size_t cap = strlen(b64) / 4 * 3 + 3;
    if (*total + cap / 2 > max_bytes)
        return err_set(e, E_TOOLARGE, "TepDinhKem", "Tệp đính kèm vượt quá dung lượng cho phép");
    out->data = arena_alloc(ar, cap + 1);
    if (sodium_base642bin(out->data, cap, b64, strlen(b64), " \r\n", &out->len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return err_set(e, E_INVALID, "TepDinhKem", "Tệp \"%s\" không giải mã được (base64)",
                       out->name);
    *total += out->len;
    if (*total > max_bytes)
        return err_set(e, E_TOOLARGE, "TepDinhKem", "Tệp đính kèm vượt quá dung lượng cho phép");
    return 0;
}

static int inbound_files(struct arena *ar, const json_t *in, size_t max_bytes,
                         struct portal_inbound *out, struct err *e)
{
    const json_t *files = json_object_get(in, "TepDinhKem");
    if (!files)
        files = json_object_get(in, "TaiLieuNop");
    size_t total = 0;
    out->nfiles = json_is_array(files) ? (int)json_array_size(files) : 0;
    out->files = arena_alloc(ar, sizeof *out->files * (size_t)(out->nfiles + 1));
    for (int i = 0; i < out->nfiles; i++) {
        int rc =
            decode_file(ar, json_array_get(files, (size_t)i), &out->files[i], &total, max_bytes, e);
        if (rc)
            return rc;
    }
    return 0;
}

static const char *dup(struct arena *ar, const char *s)
{
    return s ? arena_strdup(ar, s) : NULL;
}

int portal_inbound_parse(struct arena *ar, const json_t *in, size_t max_bytes,
                         struct portal_inbound *out, struct err *e)
{
    *out = (struct portal_inbound){0};
    if (!json_is_object(in))
        return err_set(e, E_INVALID, "data", "Hồ sơ gửi sang không phải một đối tượng JSON");
    static const char *const required[] = {"MaHoSo", "MaTTHC", "ChuHoSo"};
    for (size_t i = 0; i < sizeof required / sizeof *required; i++)
        if (!str_of(in, required[i]))
            return err_set(e, E_INVALID, required[i], "Thiếu trường %s", required[i]);
    out->code = dup(ar, str_of(in, "MaHoSo"));
    out->procedure_code = dup(ar, str_of(in, "MaTTHC"));
    out->unit_code = dup(ar, str_of(in, "MaDonVi") ? str_of(in, "MaDonVi") : str_of(in, "madonvi"));
    const json_t *kind = json_object_get(in, "LoaiDoiTuong");
    out->applicant_kind =
        (json_is_integer(kind) && json_integer_value(kind) == 2) || is(json_string_value(kind), "2")
            ? 2
            : 1;
    out->applicant_name = dup(ar, str_of(in, "ChuHoSo"));
    out->applicant_id =
        dup(ar, str_of(in, "SoDinhDanh") ? str_of(in, "SoDinhDanh") : str_of(in, "MaDoiTuong"));
    out->applicant_birth = dup(ar, str_of(in, "NgaySinh"));
    out->applicant_phone = dup(ar, str_of(in, "SoDienThoai"));
    out->applicant_email = dup(ar, str_of(in, "Email"));
    out->applicant_address = dup(ar, str_of(in, "DiaChi"));
    out->return_method = return_method_of(in);
    const json_t *vneid = json_object_get(in, "TaiKhoanDuocXacThucVoiVNeID");
    out->vneid_verified = (json_is_integer(vneid) && json_integer_value(vneid) == 1) ||
                          is(json_string_value(vneid), "1");
    const char *submitted = str_of(in, "NgayNopHoSo");
    if (submitted && portal_date_parse(submitted, &out->submitted_at, "NgayNopHoSo", e))
        return E_INVALID;
    return inbound_files(ar, in, max_bytes, out, e);
}

json_t *portal_push_answer(int code, const char *message)
{
    return jpack("{s:i, s:s}", "error_code", code, "message", nz(message));
}

/* ---- reconciliation ---- */

static const char *const compared_dates[] = {"NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy",
                                             "NgayTra"};

const char *portal_diff_kind_name(enum portal_diff_kind k)
{
    switch (k) {
    case PORTAL_DIFF_MISSING:
        return "missing";
    case PORTAL_DIFF_STATUS:
        return "status";
    case PORTAL_DIFF_DATE:
        return "date";
    }
    return "";
}

static const char *text_of(struct arena *ar, const json_t *v)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        return arena_printf(ar, "%lld", (long long)json_integer_value(v));
    return "";
}

void portal_compare(struct arena *ar, const json_t *ours, const json_t *theirs,
                    struct portal_diff **out, int *n)
{
    size_t cap = 2 + sizeof compared_dates / sizeof *compared_dates;
    *out = arena_alloc(ar, sizeof **out * cap);
    *n = 0;
    if (!json_is_object(theirs) || !json_string_value(json_object_get(theirs, "MaHoSo"))) {
        (*out)[(*n)++] = (struct portal_diff){PORTAL_DIFF_MISSING, "MaHoSo",
                                              text_of(ar, json_object_get(ours, "MaHoSo")), ""};
        return;
    }
    const char *a = text_of(ar, json_object_get(ours, "TrangThaiHoSo"));
    const char *b = text_of(ar, json_object_get(theirs, "TrangThaiHoSo"));
    if (strcmp(a, b) != 0)
        (*out)[(*n)++] = (struct portal_diff){PORTAL_DIFF_STATUS, "TrangThaiHoSo", a, b};
    for (size_t i = 0; i < sizeof compared_dates / sizeof *compared_dates; i++) {
        a = text_of(ar, json_object_get(ours, compared_dates[i]));
        b = text_of(ar, json_object_get(theirs, compared_dates[i]));
        if (strcmp(a, b) != 0)
            (*out)[(*n)++] = (struct portal_diff){PORTAL_DIFF_DATE, compared_dates[i], a, b};
    }
}
