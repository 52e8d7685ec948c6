/* dossier_state.h — the life of a dossier as a state machine (Decree 61/2018 Arts 17–20):
 * the internal states the one-stop system tracks, which action moves a dossier from which
 * state to which, and the national status code 1–10 (TrangThaiHoSo, DOMAIN.md §2.2) each
 * state is reported as. Pure: the service layer asks here before it changes anything. */
#ifndef MOTCUA_DOSSIER_STATE_H
#define MOTCUA_DOSSIER_STATE_H

#include "err.h"

enum dossier_state {
    DS_NONE,                 /* not yet recorded (a dossier at the counter) */
    DS_SUBMITTED,            /* online, waiting for reception (1) */
    DS_RECEPTION_SUPPLEMENT, /* not accepted, supplement asked with Mẫu 02 (5) */
    DS_REFUSED,              /* refused at reception, Mẫu 03 (3) — final */
    DS_PROCESSING,           /* accepted and moving through the steps (2 → 4) */
    DS_SUPPLEMENT,           /* supplement asked during appraisal; clock stopped (5) */
    DS_STOPPED,              /* processing stopped (8) — final */
    DS_WITHDRAWN,            /* withdrawn at the applicant's request (7 → 8) — final */
    DS_RESULT_READY,         /* result (or a refusal after appraisal) at the counter (9) */
    DS_RETURNED,             /* result handed back (10) — final */
    DS_COUNT
};

enum dossier_action {
    DA_SUBMIT_ONLINE,        /* NONE → SUBMITTED */
    DA_ACCEPT,               /* NONE, SUBMITTED, RECEPTION_SUPPLEMENT → PROCESSING */
    DA_RECEPTION_SUPPLEMENT, /* NONE, SUBMITTED → RECEPTION_SUPPLEMENT */
    DA_REFUSE_RECEPTION,     /* NONE, SUBMITTED, RECEPTION_SUPPLEMENT → REFUSED */
    DA_ADVANCE,              /* PROCESSING → PROCESSING (next step) or RESULT_READY */
    DA_REQUEST_SUPPLEMENT,   /* PROCESSING → SUPPLEMENT */
    DA_SUPPLEMENT_RECEIVED,  /* SUPPLEMENT → PROCESSING (the clock restarts) */
    DA_REFUSE,               /* PROCESSING → RESULT_READY with a refusal as the result */
    DA_EXTEND,               /* PROCESSING → PROCESSING, once, with Mẫu 04 */
    DA_STOP,                 /* PROCESSING, SUPPLEMENT → STOPPED */
    DA_WITHDRAW,             /* SUBMITTED … RESULT_READY (not final) → WITHDRAWN */
    DA_RETURN,               /* RESULT_READY → RETURNED */
    DA_ASSIGN,               /* PROCESSING → PROCESSING, marked to one handler */
    DA_SUPPLEMENT_ONLINE,    /* RECEPTION_SUPPLEMENT → SUBMITTED: the applicant answered online */
    DA_COUNT
};

/* National status of a dossier waiting for fees or taxes (TrangThaiHoSo 6): not a state of
 * its own, but reported while a payment request is pending on a processing dossier. */
#define DOSSIER_NATIONAL_AWAITING_FEES 6

/* The state an action leads to from state, or E_CONFLICT with a message saying why not.
 * DA_ADVANCE answers DS_PROCESSING; the caller decides RESULT_READY on the last step. */
int dossier_transition(enum dossier_state from, enum dossier_action action, enum dossier_state *to,
                       struct err *e);
/* National status code (1–10) of a state; 0 for DS_NONE. */
int dossier_national_status(enum dossier_state s);
/* 1 for states no action leaves. */
int dossier_state_final(enum dossier_state s);
/* Stable names used in the database and the API ("processing") and back. */
const char *dossier_state_name(enum dossier_state s);
int dossier_state_parse(const char *name, enum dossier_state *out);
const char *dossier_action_name(enum dossier_action a);
int dossier_action_parse(const char *name, enum dossier_action *out);
/* What a citizen reads: "Đang xử lý", "Chờ bổ sung", "Đã có kết quả" … */
const char *dossier_state_label(enum dossier_state s);
/* Vietnamese name of the national status code: "Đang xử lý" for 4. */
const char *dossier_national_label(int code);

#endif
