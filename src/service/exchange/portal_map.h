/* portal_map.h — what motcua tells the National Public Service Portal (Cổng DVCQG) and
 * what it reads back, as pure data: a dossier as a `DongBoHoSoMC` record, a change as a
 * `CapNhatTienDoHoSoMC` progress entry, the service envelopes, the portal's dates, the dated
 * map from local states to the national status codes 1–10, a dossier pushed by the portal,
 * and the differences between our dossier and the portal's `TraCuuHoSo` view. Nothing here
 * touches the database or the network: the adapter (portal_*.c) loads a struct portal_dossier
 * and hands the JSON made here to the exchange layer. The shape follows CONNECTED.md §1 (the
 * one seen in OpenCPS and a .NET provincial system); docs/national-portal.md says field by
 * field where each mapping comes from. */
#ifndef MOTCUA_PORTAL_MAP_H
#define MOTCUA_PORTAL_MAP_H

#include "arena.h"
#include "err.h"

#include <jansson.h>
#include <stdint.h>

/* "yyyyMMddHHmmss" in Asia/Ho_Chi_Minh (UTC+7, no daylight saving) into out (≥ 15 bytes);
 * "" for 0 (no such moment). */
#define PORTAL_DATE_SIZE 15
void portal_date(int64_t t, char out[PORTAL_DATE_SIZE]);
/* The inverse; E_INVALID (field given) for anything but 14 digits of a real moment. */
int portal_date_parse(const char *s, int64_t *t, const char *field, struct err *e);

/* ---- The status map: dated data (data/portal/status-map.json) ---- */

struct portal_status_rule {
    const char *state, *sub_state; /* sub_state NULL: the state's default */
    int national;                  /* 1–10 */
    int32_t valid_from, valid_to;  /* day numbers (cal_date.h), [from, to); to 0 = open */
};
struct portal_status_map {
    struct portal_status_rule *rules;
    int n;
};
/* Reads the map from its JSON text (in ar). E_INVALID with the rule's place when a row has
 * no state, a code outside 1–10, a bad date, or when two rows of the same state and
 * sub-state overlap in time (one answer for every moment). */
int portal_status_map_parse(struct arena *ar, const char *json, struct portal_status_map *m,
                            struct err *e);
/* The map shipped in the binary (data/portal/status-map.json), parsed once per process. */
const struct portal_status_map *portal_status_map_builtin(void);
/* The national code for a dossier in `state` (with sub_state, may be NULL) at instant at:
 * the row of that sub-state in force that day, else the state's own row; 0 when none. */
int portal_status_at(const struct portal_status_map *m, const char *state, const char *sub_state,
                     int64_t at);

/* ---- Outbound: a dossier as DongBoHoSoMC ---- */

struct portal_file { /* TaiLieuNop[] */
    const char *id, *name, *component_code, *url;
    int deleted, digitised, from_national_store;
    int reused;                 /* 0 no, 1 reused, 2 reused and replaced by a result code */
    const char *replacing_code; /* MaKetQuaThayThe when reused is 2 */
};
struct portal_fee { /* DanhSachLePhi[] */
    const char *name, *code;
    int64_t amount;  /* đồng */
    int method;      /* HinhThucThu: 1 at the counter, 2 online, 3 by post */
    int kind;        /* LoaiPhiLePhi: 1 fee (phí), 2 charge (lệ phí) */
    int64_t paid_at; /* 0 = not paid yet */
};
struct portal_supplement { /* DanhSachHoSoBoSung[] */
    int64_t id, requested_at, received_at;
    int64_t due_before, due_after; /* NgayHenTraTruoc / NgayHenTraMoi; 0 = unknown yet */
    const char *requested_by, *content, *received_by, *received_note;
};
struct portal_result { /* DanhSachGiayToKetQua[] */
    const char *id, *name, *component_code, *url, *code;
};
struct portal_rating {
    int64_t at;
    const char *overall; /* satisfied / neutral / dissatisfied */
    const char *comment, *channel;
};

struct portal_dossier {
    const char *code, *receipt_no, *procedure_code, *procedure_name, *field_code, *field_name;
    int applicant_kind; /* LoaiDoiTuong: 1 citizen, 2 business */
    const char *applicant_name, *applicant_id, *applicant_phone, *applicant_email,
        *applicant_address, *applicant_other;
    const char *summary, *note, *result_note;
    const char *state, *sub_state;       /* local, for the status map */
    const char *channel, *return_method; /* counter / online / post */
    const char *unit_code, *unit_name;   /* receiving unit: madonvi, DonViXuLy */
    int64_t submitted_at, received_at, due_at, finished_at, returned_at, refused_at;
    int vneid_verified; /* the applicant's account was authenticated through VNeID */
    int paid_online;    /* DuocThanhToanTrucTuyen: 0, 1 via Cổng DVCQG, 2 provincial gateway */
    struct portal_file *files;
    int nfiles;
    struct portal_fee *fees;
    int nfees;
    struct portal_supplement *supplements;
    int nsupplements;
    struct portal_result *results;
    int nresults;
    const struct portal_rating *rating; /* NULL: not rated */
};

/* Channel code KenhThucHien (1 in person, 2 online, 3 public post) of "counter"/"online"/"post". */
int portal_channel_code(const char *channel);
/* LoaiDinhDanh of an identification number: 1 for a 12-digit personal ID, 2 for an old
 * 9-digit ID card number, 0 when there is none (or it is neither). */
int portal_id_kind(const char *id);
/* The DongBoHoSoMC record of d, with its status at `at` from m (a new reference). */
json_t *portal_dossier_record(const struct portal_dossier *d, const struct portal_status_map *m,
                              int64_t at);

/* ---- Outbound: a change as CapNhatTienDoHoSoMC ---- */

struct portal_progress {
    const char *code;                       /* MaHoSo */
    const char *actor, *title, *department; /* NguoiXuLy, ChucDanh, PhongBanXuLy */
    const char *content;                    /* NoiDungXuLy */
    const char *state, *sub_state;          /* → TrangThai through the map */
    int64_t at, step_started, step_due;     /* ThoiDiemXuLy, NgayBatDau, NgayKetThucTheoQuyDinh */
};
json_t *portal_progress_entry(const struct portal_progress *p, const struct portal_status_map *m);

/* The service calls (CONNECTED §1.1): {"session","madonvi","service":"DongBoHoSoMC",
 * "isUpdating":"True"|"False","data":[records]} and {"session","madonvi",
 * "service":"CapNhatTienDoHoSoMC","data":[entries]}. data is stolen. */
json_t *portal_sync_call(const char *session, const char *unit_code, int updating, json_t *data);
json_t *portal_progress_call(const char *session, const char *unit_code, json_t *data);
/* The portal's answer: 0 when error_code is 0 or "00", else E_UNAVAILABLE with its message. */
int portal_answer_ok(const json_t *answer, struct err *e);

/* ---- Inbound: a dossier the portal pushes (CONNECTED §1.4, assumed for every family) ---- */

struct portal_inbound_file {
    const char *name, *component_code, *mime;
    unsigned char *data; /* decoded from base64, in the arena */
    size_t len;
};
struct portal_inbound {
    const char *code;           /* MaHoSo on the portal, the de-duplication key */
    const char *procedure_code; /* MaTTHC */
    const char *unit_code;      /* madonvi / MaDonVi: which counter receives it */
    int applicant_kind;         /* 1 citizen, 2 business */
    const char *applicant_name, *applicant_id, *applicant_birth, *applicant_phone, *applicant_email,
        *applicant_address;
    const char *return_method; /* counter / online / post, from HinhThucTra */
    int vneid_verified;
    int64_t submitted_at; /* NgayNopHoSo */
    struct portal_inbound_file *files;
    int nfiles;
};
/* Reads one pushed dossier; its strings point into `in`, which must outlive *out (the files'
 * decoded bytes are in ar). E_INVALID with the portal's field name when a required field is
 * missing or a file's base64 is broken, E_TOOLARGE when the files exceed max_bytes. */
int portal_inbound_parse(struct arena *ar, const json_t *in, size_t max_bytes,
                         struct portal_inbound *out, struct err *e);
/* The answer to a push: {"error_code": 0|1|-1, "message": …}. */
#define PORTAL_PUSH_ACCEPTED 0
#define PORTAL_PUSH_ALREADY  1
#define PORTAL_PUSH_ERROR    (-1)
json_t *portal_push_answer(int code, const char *message);

/* ---- Reconciliation: our record against the portal's TraCuuHoSo view ---- */

enum portal_diff_kind {
    PORTAL_DIFF_MISSING, /* the portal has no such dossier */
    PORTAL_DIFF_STATUS,  /* TrangThaiHoSo differs */
    PORTAL_DIFF_DATE,    /* one of the dates differs (field names which) */
};
struct portal_diff {
    enum portal_diff_kind kind;
    const char *field;         /* MaHoSo, TrangThaiHoSo, NgayTiepNhan, NgayHenTra … */
    const char *ours, *theirs; /* as sent / as seen ("" when missing) */
};
/* Compares the record we would send now (ours) with the portal's view (theirs; NULL or an
 * object without MaHoSo = not there). Differences in *out (in ar), how many in *n. */
void portal_compare(struct arena *ar, const json_t *ours, const json_t *theirs,
                    struct portal_diff **out, int *n);
const char *portal_diff_kind_name(enum portal_diff_kind k);

#endif
