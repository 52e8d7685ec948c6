/* svc_dossier.h — the one-stop desk's use cases: recording a dossier at reception (accept
 * with a receipt, ask for a supplement, or refuse), moving it through the steps of its
 * procedure, the side paths (supplement during appraisal, refusal after appraisal, apology
 * with a new appointment, stop, withdrawal), returning the result, and reading dossiers:
 * one dossier, an inbox, a search, and the masked public lookup. */
#ifndef MOTCUA_SVC_DOSSIER_H
#define MOTCUA_SVC_DOSSIER_H

#include "buf.h"
#include "svc.h"

#include <stddef.h>
#include <stdint.h>

struct svc_applicant {
    const char *kind; /* "person" or "organisation" */
    const char *name, *id_number, *birth_date, *phone, *email, *address;
};

struct svc_reception {
    const char *procedure_code;
    const char *unit_key; /* the receiving one-stop section; NULL = the receptionist's own */
    const char *channel, *return_method; /* counter | online | post */
    struct svc_applicant applicant;
    int sets;            /* number of dossier sets (default 1) */
    const int *received; /* count handed in per component of the procedure, in order */
    int nreceived;
    const char *outcome;        /* accept | supplement | refuse */
    const char *reason;         /* required for supplement and refuse */
    const char *const *missing; /* what must be supplemented, complete (Art. 15: once) */
    int nmissing;
    const char *idem_key; /* a replay with the same key returns the first dossier's code */
};

/* The numbers a reception takes, owned here; the edges present them (an API's range, a
 * form's max attribute). sets 0 means the default, one set. */
#define SVC_DOSSIER_SETS_MAX     100  /* dossier sets handed in at once */
#define SVC_DOSSIER_RECEIVED_MAX 1000 /* copies received of one component */
#define SVC_DOSSIER_ITEMS_MAX    200  /* lines of a list: papers missing, counts received */

/* The reason Mẫu 02 prints when the officer wrote none, for a supplement asked at reception
 * ("reception") or after appraisal ("appraisal"); the forms offer it to be changed. */
const char *svc_supplement_reason(const char *stage);
/* What a citizen and an officer read for a dossier state ("processing" → "Đang xử lý");
 * NULL for an unknown name. */
const char *svc_dossier_state_label(const char *state);

/* Every problem of what the counter typed that needs no database (outcome, channel, sets,
 * the applicant's fields, the reason of a refusal), up to max into problems with their fields
 * ("applicant.id_number" …): E_INVALID when there is one. svc_dossier_receive checks the same
 * and then what needs the database. */
int svc_reception_check(const struct svc_reception *r, struct err *problems, int max, int *n);
/* Records a dossier; *code receives its code (in a). Receptionists of the receiving unit.
 * Returns 1 (not an error) when idem_key was seen before and *code is the earlier dossier. */
int svc_dossier_receive(struct svc *s, const struct actor *a, const struct svc_reception *r,
                        struct arena *ar, const char **code, struct err *e);

struct svc_dossier_act {
    const char *action;       /* advance | request_supplement | supplement_received | refuse |
                                 extend | stop | withdraw | return */
    int expected_version;     /* the version the person saw; a stale one gives E_CONFLICT */
    const char *note;         /* reason: required for refuse, extend, stop, request_supplement */
    const char *const *items; /* request_supplement: what is missing */
    int nitems;
    const char *new_due;  /* extend: the new appointment, YYYY-MM-DDTHH:MM (Vietnam time) */
    const char *assignee; /* assign: the user name of the handler it is marked to */
    /* return: a paper result's number and signing date (YYYY-MM-DD), needed when no result
     * file is attached; an online return needs the file itself */
    const char *result_number, *result_date;
    /* advance: why the current step is finished past its own due time; required then
     * (svc_dossier_step_late), stored with the step */
    const char *reason;
    /* 1: everything is checked and nothing is written (0 when the action would go through),
     * so that the desk asks for a confirmation only of an action that can be taken */
    int check_only;
};

/* Where the dossier stands after an action (the actor may no longer be allowed to read it:
 * a specialist who hands it to the leader). */
struct svc_dossier_after {
    const char *state; /* static storage */
    int national_status, version;
};

int svc_dossier_act(struct svc *s, const struct actor *a, const char *code,
                    const struct svc_dossier_act *act, struct svc_dossier_after *after,
                    struct err *e);

struct svc_dossier_step {
    int idx;
    const char *role, *unit_key, *unit_name, *actor_label, *timing;
    int64_t budget_seconds, started_at, due_at, finished_at;
    const char *late_reason; /* why it was finished late; NULL when not */
};

struct svc_dossier_event {
    int64_t at;
    const char *actor, *action, *from_state, *to_state, *from_unit, *to_unit, *timing, *note;
};

struct svc_dossier_component {
    int idx, required_count, received_count;
    const char *name, *kind;
};

struct svc_dossier_supplement {
    const char *stage, *items, *reason; /* items: JSON array of strings */
    int64_t requested_at, completed_at;
};

/* One choice of a list the desk picks from (a person for a step, a unit to consult): key is
 * what the form sends back (a user name, a unit code), label what the officer reads, depth
 * the level in the organisation tree (0 for people and roots). */
struct svc_pick {
    const char *key, *label;
    int depth;
};

struct svc_dossier {
    const char *code, *procedure_code, *procedure_name, *state, *state_label;
    int national_status, version, procedure_version, sets, extended, supplements, step_index;
    const char *receiving_unit_key, *receiving_unit_name, *agency_code;
    const char *channel, *return_method;
    struct svc_applicant applicant;
    int64_t fee_total, received_at, accepted_at, first_due_at, due_at, finished_at, returned_at;
    const char *limit_unit;
    int limit_value;
    const char *step_role, *step_unit_key, *step_unit_name, *result_kind, *reason;
    int64_t step_due_at;
    int step_late;      /* the current step is past its due time: finishing it needs a reason */
    const char *timing; /* so far: early | on_time | late, "" while open and not late */
    struct svc_dossier_component *components;
    int ncomponents;
    struct svc_dossier_step *steps;
    int nsteps;
    struct svc_dossier_event *events;
    int nevents;
    struct svc_dossier_supplement *supplement_cycles;
    int nsupplement_cycles;
    struct svc_consultation *consultations; /* other units asked for their opinion */
    int nconsultations;
    const char *actions[16]; /* what this actor may do now, NULL-terminated */
    /* When "assign" is among the actions: the people who may take the current step (active
     * staff holding its role at its unit or above), the only ones the service accepts. */
    struct svc_pick *assignees;
    int nassignees;
    /* When the actor may consult another unit now: the units it may ask (in force, other than
     * the step's own), depth-first, the only ones the service accepts; else none. */
    struct svc_pick *consult_units;
    int nconsult_units;
};

/* A dossier with everything about it; staff whose roles reach its receiving or current unit,
 * and the applicant's own account. */
int svc_dossier_get(struct svc *s, const struct actor *a, struct arena *ar, const char *code,
                    struct svc_dossier *out, struct err *e);

struct svc_dossier_row {
    const char *code, *procedure_name, *state, *state_label, *applicant_name, *step_role,
        *step_unit_name;
    int national_status, version;
    int64_t received_at, due_at, step_due_at;
    int overdue, near_due;
};

/* The leader's "what is late, where": the dossiers of the units the actor leads whose
 * current step is overdue or due within one office day of working time, still in progress, due
 * soonest first; holder names the officer the step is assigned to (NULL: anyone of the step's
 * role). Leaders only. */
struct svc_late_row {
    struct svc_dossier_row d;
    const char *holder;
    /* working days past the step's time limit by the receiving unit's calendar (at least 1
     * once it is past); 0: not yet late */
    int days_late;
    const char *late_reason; /* the latest reason given for finishing one of its steps late */
};
int svc_dossier_late(struct svc *s, const struct actor *a, struct arena *ar,
                     struct svc_late_row **out, int *n, struct err *e);
/* The same list as it stands at the instant now (svc_dossier_late uses the clock). */
int svc_dossier_late_at(struct svc *s, const struct actor *a, struct arena *ar, int64_t now,
                        struct svc_late_row **out, int *n, struct err *e);

/* 1 when a step due at due is late at now, so finishing it needs a reason (the rule the
 * step's timing uses). */
int svc_dossier_step_late(int64_t now, int64_t due);

/* What the actor can act on now, over all their roles, due soonest first. */
int svc_dossier_inbox(struct svc *s, const struct actor *a, struct arena *ar,
                      struct svc_dossier_row **out, int *n, struct err *e);

/* The counter's queues: waiting at reception (online dossiers to accept, supplements
 * pending), due today (the appointment or the step's time limit falls today), results ready
 * to return. One owner for what each holds and how it is called; the desk's home page counts
 * them and the inbox lists one with ?hang=<slug>. */
enum svc_queue { SVC_QUEUE_RECEPTION, SVC_QUEUE_DUE_TODAY, SVC_QUEUE_RETURN, SVC_QUEUE_COUNT };
struct svc_queue_info {
    const char *slug, *label, *help;
};
const struct svc_queue_info *svc_queue_info(int queue);
/* The queue of a slug, or -1. */
int svc_queue_from_slug(const char *slug);
/* The dossiers of one queue the actor works on, due soonest first (as the inbox). */
int svc_counter_queue(struct svc *s, const struct actor *a, struct arena *ar, int queue,
                      struct svc_dossier_row **out, int *n, struct err *e);

/* A returning applicant: the applicant of the latest dossier with this CCCD (or tax code)
 * among those the receptionist may see, so that nothing is typed twice; *from_code names
 * that dossier. Receptionists only; E_NOTFOUND when none is known. */
int svc_applicant_known(struct svc *s, const struct actor *a, struct arena *ar,
                        const char *id_number, struct svc_applicant *out, const char **from_code,
                        struct err *e);

struct svc_dossier_search {
    const char *code, *name, *id_number, *phone, *procedure_code, *state;
    const char *from, *to; /* YYYY-MM-DD, received on or after / on or before */
    int limit;
};
int svc_dossier_find(struct svc *s, const struct actor *a, struct arena *ar,
                     const struct svc_dossier_search *q, struct svc_dossier_row **out, int *n,
                     struct err *e);

/* The public lookup (dossier_lookup.c). By the code alone anyone sees the status and the
 * appointment; with a second factor — the dossier's lookup token (the receipt's QR code, a
 * notification's link) or the last four digits of the applicant's CCCD or phone — also the
 * masked name, the procedure, the receiving unit, the reception date and the timeline. */
struct svc_lookup_query {
    const char *code;
    const char *token; /* "t" of the lookup link, or NULL */
    const char *last4; /* four digits, or NULL; anything else is E_INVALID on "last4" */
    const char *client_ip;
};
struct svc_public_dossier {
    const char *code, *state_label;
    int national_status, result_ready;
    int64_t due_at;
    int verified; /* a second factor matched: the fields below are filled */
    const char *procedure_name, *masked_name, *receiving_unit_name;
    int64_t received_at;
    struct svc_dossier_event *events; /* actor and notes removed */
    int nevents;
    const char *factor_problem; /* a second factor was given but did not match: why */
};
/* E_NOTFOUND for a malformed or unknown code; E_RATE (on "last4") when the client or the
 * dossier has used up its tries of a second factor (ten an hour each; every try of the last
 * four digits counts, and every wrong token). */
int svc_dossier_lookup(struct svc *s, struct arena *ar, const struct svc_lookup_query *q,
                       struct svc_public_dossier *out, struct err *e);
/* Counts one public lookup (page or API) from client_ip against the one limit both share
 * (svc_config.lookups_per_minute): E_RATE past it. Codes are sequential, so lookups are
 * limited lest they be walked. */
int svc_dossier_lookup_admit(struct svc *s, struct arena *ar, const char *client_ip, struct err *e);
/* The same limit for the public verification of issued papers (/kiem-tra, svc_issued.h), in
 * a bucket of its own per client address. */
int svc_dossier_paper_admit(struct svc *s, struct arena *ar, const char *client_ip, struct err *e);
/* A new dossier's lookup token (made at reception, counter and online alike). */
const char *svc_dossier_lookup_token(struct arena *ar);

/* The official forms of a dossier. Each has a stable name — receipt (Mẫu 01), supplement
 * (02), refusal (03), apology (04), stop (the 2025 set's stop notice) and control (the control
 * sheet) — and a number that depends on the form set in force on the reception date:
 * Circular 01/2018 numbers the control sheet 05 and has no stop notice; Circular 03/2025
 * numbers the stop notice 05 and the control sheet 06. */
struct svc_dossier_form_ref {
    const char *name; /* "control" */
    int number;       /* 6 */
    const char *label; /* "Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu số 06)" */
};

/* The forms d has a reason to print now (accepted: receipt and control sheet; a supplement
 * asked: 02; refused: 03; extended: 04; stopped: the stop notice), in the order of their
 * numbers, allocated in ar. */
int svc_dossier_printable(const struct svc_dossier *d, struct arena *ar,
                          struct svc_dossier_form_ref **out, int *n);

/* The official form `form` of a dossier as a PDF in out: a name of the list above or the
 * form's number in the dossier's set ("6", "06"). E_NOTFOUND for a form the set does not
 * have, E_CONFLICT for one the dossier has no reason to print (a stop notice for a dossier
 * that was not stopped). *number receives the official number (for the file name); base_url
 * makes the receipt's QR code. */
int svc_dossier_form(struct svc *s, const struct actor *a, const char *code, const char *form,
                     const char *base_url, struct buf *out, int *number, struct err *e);

/* The tracking book (Sổ theo dõi hồ sơ, Mẫu 06/07) of a receiving unit for the dossiers
 * received from `from` to `to` (YYYY-MM-DD, both included), as a PDF (A4 landscape) or an
 * XLSX with the same rows. Receptionists and leaders of the unit, admins and auditors. */
int svc_dossier_book(struct svc *s, const struct actor *a, const char *unit_key, const char *from,
                     const char *to, const char *format, struct buf *out, struct err *e);

/* Consultation of another unit (Decree 61 Art. 19(5)), dossier_consult.c: the officer of the
 * current step asks another unit for its opinion, a sub-task with its own due time that does
 * not change the dossier's state; while it is open the consulted unit may read the dossier. */
struct svc_consultation {
    int64_t id, requested_at, due_at, answered_at; /* answered_at 0 while open */
    const char *dossier_code, *procedure_name, *from_unit_key, *from_unit_name, *to_unit_key,
        *to_unit_name, *question, *requested_by, *answer, *answered_by;
    int overdue;    /* open past its due time */
    int can_answer; /* the reader may answer it now */
};

/* Asks unit_key about dossier code; the due time is budget_hours of working time (1–240) from
 * now at the consulted unit. The current step's officer, on a dossier being processed; bumps
 * the version (a stale expected_version gives E_CONFLICT). *id (may be NULL) receives the new
 * consultation's id. */
int svc_dossier_consult(struct svc *s, const struct actor *a, const char *code,
                        int expected_version, const char *unit_key, const char *question,
                        int budget_hours, int64_t *id, struct err *e);
/* Answers an open consultation: specialists and leaders of the consulted unit (subtree).
 * E_CONFLICT when it was answered already; E_NOTFOUND for whoever may not see it at all. */
int svc_dossier_consult_answer(struct svc *s, const struct actor *a, int64_t consultation_id,
                               const char *answer, struct err *e);
/* Open consultations addressed to the actor's units (as specialist or leader), due soonest
 * first, overdue ones marked. */
int svc_dossier_consultations_open(struct svc *s, const struct actor *a, struct arena *ar,
                                   struct svc_consultation **out, int *n, struct err *e);

#endif
