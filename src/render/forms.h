/* forms.h — the official one-stop forms, drawn from plain C structs (no database).
 *
 * Two sets exist: Circular 01/2018/TT-VPCP (six forms, in force 2019-01-06) and Circular
 * 03/2025/TT-VPCP (seven forms, in force 2025-09-15). Which set, and so which numbers and
 * titles, a document uses is data: forms_set_for_date() with the date the dossier was
 * received. The official appendices are not available (DOMAIN.md §8): these forms follow
 * provincial replicas of them (DOMAIN.md §2.4), under the national heading, in Liberation
 * Serif, on A5 (A4 landscape for the tracking book). Instants are Unix seconds UTC (0 = not yet),
 * shown in Vietnam time; money is integer đồng. Every form writes a PDF to a doc_sink. */
#ifndef MOTCUA_FORMS_H
#define MOTCUA_FORMS_H

#include "arena.h"
#include "err.h"
#include "sink.h"
#include "table.h"

#include <stddef.h>
#include <stdint.h>

enum forms_kind {
    FORM_RECEIPT,    /* Giấy tiếp nhận hồ sơ và hẹn trả kết quả */
    FORM_SUPPLEMENT, /* Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ */
    FORM_REFUSAL,    /* Phiếu từ chối tiếp nhận giải quyết hồ sơ */
    FORM_APOLOGY,    /* 2018: apology and new date; 2025: apology and extension request */
    FORM_STOP,       /* 2025 only: Thông báo dừng giải quyết hồ sơ */
    FORM_CONTROL,    /* Phiếu kiểm soát quá trình giải quyết hồ sơ */
    FORM_BOOK,       /* Sổ theo dõi hồ sơ */
    FORM_KIND_COUNT
};

struct forms_entry {
    const char *number; /* "Mẫu số 01"; NULL when the set has no such form */
    const char *title;  /* upper-case official title */
    const char *name;   /* the title in sentence case, for links and lists */
};

struct forms_set {
    const char *circular;  /* "01/2018/TT-VPCP" */
    const char *effective; /* first day in force, "YYYY-MM-DD" */
    /* Closing promise of the apology form: "hẹn trả kết quả vào" or the extension wording. */
    const char *apology_promise;
    struct forms_entry forms[FORM_KIND_COUNT];
};

/* The set in force on date ("YYYY-MM-DD"): E_INVALID for a malformed date, E_NOTFOUND before
 * the first set took effect. */
int forms_set_for_date(const char *date, const struct forms_set **out, struct err *e);
/* The entry of kind in set, or NULL when the set has no such form. */
const struct forms_entry *forms_entry(const struct forms_set *set, enum forms_kind kind);
/* The official number of an entry as an integer (6 for "Mẫu số 06"), 0 for none. */
int forms_entry_number(const struct forms_entry *entry);

/* The heading every form shares. */
struct forms_head {
    const struct forms_set *set; /* from forms_set_for_date() */
    const char *parent;          /* "UBND huyện Giồng Riềng", or NULL */
    const char *issuer;          /* "Bộ phận tiếp nhận và trả kết quả" */
    const char *number;          /* document number "Số: 15/GTN", or NULL */
    const char *place;           /* "Giồng Riềng": the unit's place name (required) */
    int64_t issued_at;           /* date on the place/date line */
    /* The Circular 01/2023 QR code's text, top left of page 1 (issued papers: dossier code,
     * procedure code, masked ID, document name, verification link); NULL for none. */
    const char *qr;
};

struct forms_person {
    const char *name;      /* person or organisation */
    const char *id_number; /* CCCD or tax code */
    const char *address, *phone, *email;
};

/* How a component is handed in. FORMS_PRESENT: the original is shown to be compared with a
 * copy and given back ("xuất trình bản chính để đối chiếu"), so it is not kept. */
enum forms_copy { FORMS_ORIGINAL, FORMS_CERTIFIED_COPY, FORMS_COPY, FORMS_PRESENT };

/* The printed wording of a kind: "Bản chính", "Bản sao có chứng thực", "Bản sao",
 * "Xuất trình bản chính để đối chiếu". The one place these labels are written. */
const char *forms_copy_label(enum forms_copy kind);
/* The kind a catalogue component's "kind" key names (original, certified_copy, copy,
 * present); -1 for anything else. */
int forms_copy_parse(const char *key);

struct forms_component {
    const char *name;
    enum forms_copy kind;
    int count;
};

/* Mẫu 01: receipt and appointment. */
struct forms_receipt {
    struct forms_head head;
    const char *dossier_code;
    struct forms_person applicant;
    const char *procedure;
    const struct forms_component *components;
    size_t ncomponents;
    int sets;               /* number of dossier sets */
    const char *time_limit; /* "05 ngày làm việc" */
    int64_t received_at, appointment_at;
    const char *return_place; /* where the result is collected */
    int64_t fee;              /* đồng; 0 prints "Miễn phí", negative omits the line */
    /* The line "Vào Sổ theo dõi hồ sơ, Quyển số: … Số thứ tự: …": either may be NULL (dotted,
     * filled in by hand when a paper book is kept). */
    const char *book_volume, *book_number;
    const char *receiver;   /* receiving officer */
    const char *lookup_url; /* encoded in the QR; NULL for none */
};

/* Mẫu 02: request to supplement the dossier. */
struct forms_supplement {
    struct forms_head head;
    const char *dossier_code; /* or NULL */
    struct forms_person applicant;
    const char *procedure;
    const struct forms_component *items; /* what is missing or must be corrected */
    size_t nitems;
    const char *reason;
    const char *guidance; /* where the rules can be looked up, or NULL */
    const char *contact_name, *contact_phone;
    const char *officer; /* guiding officer who signs */
};

/* Mẫu 03 refusal and (2025) Mẫu 05 notice of stopping: one reason, one signer. */
struct forms_notice {
    struct forms_head head;
    const char *dossier_code; /* or NULL */
    struct forms_person applicant;
    const char *procedure;
    int64_t received_at; /* 0 when refused at reception */
    const char *reason;
    const char *signer_title; /* "NGƯỜI TIẾP NHẬN HỒ SƠ", "THỦ TRƯỞNG CƠ QUAN" */
    /* Under the title: NULL for the form's own ("(Ký và ghi rõ họ tên)" on the refusal,
     * "(Ký, ghi rõ họ tên và đóng dấu)" on the stop notice). */
    const char *signer_hint;
    const char *signer;
};

/* Mẫu 04: apology and new appointment (2018) / apology and extension request (2025). */
struct forms_apology {
    struct forms_head head;
    const char *dossier_code;
    struct forms_person applicant;
    const char *procedure;
    int64_t received_at, appointment_at, new_appointment_at;
    const char *reason;
    const char *signer_title;
    const char *signer;
};

enum forms_result { FORMS_RESULT_NONE, FORMS_EARLY, FORMS_ON_TIME, FORMS_LATE };

struct forms_handover {
    const char *from_agency, *to_agency;
    int64_t at;
    const char *giver, *receiver;
    enum forms_result result;
    const char *note;
};

/* Mẫu 05 (2018) / 06 (2025): control sheet. */
struct forms_control {
    struct forms_head head;
    const char *dossier_code;
    const char *applicant_name;
    const char *procedure;
    int64_t received_at, appointment_at;
    const char *resolving_agency; /* "Cơ quan (bộ phận) giải quyết hồ sơ", or NULL (dotted) */
    const char *coordinating_agency; /* "Cơ quan phối hợp giải quyết hồ sơ", or NULL (dotted) */
    const struct forms_handover *handovers;
    size_t nhandovers;
};

struct forms_book_row {
    const char *dossier_code, *procedure;
    int sets;
    const char *applicant, *address, *phone;
    const char *lead_agency;
    int64_t received_at, appointment_at, transferred_at, result_at, returned_at;
    const char *note;
};

/* Mẫu 06 (2018) / 07 (2025): tracking book of one unit over a period. */
struct forms_book {
    struct forms_head head;
    const char *unit;   /* "Bộ phận một cửa UBND huyện Giồng Riềng" */
    const char *period; /* "Từ ngày 01/04/2027 đến ngày 30/04/2027" */
    const struct forms_book_row *rows;
    size_t nrows;
};

int forms_receipt(const struct forms_receipt *f, const struct doc_sink *out, struct err *e);
int forms_supplement(const struct forms_supplement *f, const struct doc_sink *out, struct err *e);
int forms_refusal(const struct forms_notice *f, const struct doc_sink *out, struct err *e);
int forms_apology(const struct forms_apology *f, const struct doc_sink *out, struct err *e);
/* E_INVALID when the set (the 2018 one) has no stop notice. */
int forms_stop(const struct forms_notice *f, const struct doc_sink *out, struct err *e);
int forms_control(const struct forms_control *f, const struct doc_sink *out, struct err *e);
int forms_book(const struct forms_book *f, const struct doc_sink *out, struct err *e);
/* The tracking book as a table (strings allocated in a), the same rows the PDF prints, for the
 * XLSX and CSV writers. */
int forms_book_table(const struct forms_book *f, struct arena *a, struct table *out, struct err *e);
/* The tracking book as an XLSX workbook. */
int forms_book_xlsx(const struct forms_book *f, const struct doc_sink *out, struct err *e);

#endif
