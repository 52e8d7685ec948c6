/* procedure.h — a procedure (thủ tục hành chính) as one version's document says it, typed.
 * The catalogue stores a version as canonical JSON text (docs/catalogue.md); this is the one
 * place that reads that text or a document sent to the API: proc_decode checks every rule
 * and fills the defaults, naming the field of the first error ("fees[0].per"), and
 * proc_to_json writes the canonical form back. Everything else reads the struct. */
#ifndef MOTCUA_PROCEDURE_H
#define MOTCUA_PROCEDURE_H

#include "arena.h"
#include "buf.h"
#include "cal_deadline.h"
#include "err.h"

#include <jansson.h>
#include <stdint.h>

/* An integer the document may leave unknown (null): amounts set by the provincial council,
 * a step without a budget, a time limit fixed by a specialised law. */
#define PROC_UNKNOWN (-1)

/* The most components, steps, fees or list entries a document may hold. */
#define PROC_MAX_ITEMS 200
/* The copies one component may ask for. */
#define PROC_COUNT_MAX 100

struct proc_component {
    const char *name, *kind; /* kind: original | certified_copy | copy | present */
    const char *form;        /* template reference, or NULL */
    int count;               /* 0..PROC_COUNT_MAX */
};

struct proc_step {
    const char *actor, *unit, *external_agency, *role; /* at least one is set */
    const char *transfer_to_level;                     /* province | district | commune or NULL */
    int64_t budget_hours;                              /* working hours, or PROC_UNKNOWN */
};

struct proc_fee {
    int64_t amount, online_amount; /* đồng, or PROC_UNKNOWN */
    const char *per;               /* page | copy | case, or NULL when nothing is priced */
    const char *exemptions, *note;
};

struct proc_time_limit {
    enum cal_unit unit;
    int64_t value; /* in the unit, or PROC_UNKNOWN */
};

struct proc_strings {
    const char **v;
    int n;
};

struct procedure {
    const char *code; /* NULL on import: a local code is given later */
    const char *name, *field, *level, *online, *note;
    const char *effective_from; /* YYYY-MM-DD or NULL; not part of the stored body */
    int postal, verified;
    struct proc_strings implementing, coordinating; /* org unit keys */
    struct proc_strings channels;                   /* in_person | online | post */
    struct proc_component *components;
    int ncomponents;
    struct proc_time_limit time_limit;
    struct proc_step *steps;
    int nsteps;
    struct proc_fee *fees;
    int nfees;
    const char *result_type; /* NULL when not said */
    int paper_required;
    const char *decision_number, *decision_date; /* number NULL = no announcing decision */
    struct proc_strings legal_basis, subjects;
};

/* Says whether a step's role names a staff role; NULL accepts any (reading stored bodies). */
typedef int (*proc_role_check)(const char *role);

/* Checks a document and fills *out (strings copied into a): defaults filled in, the legacy
 * single "fee" turned into a fee line, step budgets checked against the time limit.
 * E_INVALID with the field, e.g. "steps[2].budget_hours". */
int proc_decode(struct arena *a, json_t *doc, proc_role_check role_ok, struct procedure *out,
                struct err *e);
/* Decodes a stored body (canonical JSON text); E_INTERNAL when it is not a procedure. */
int proc_parse(struct arena *a, const char *text, struct procedure *out, struct err *e);
/* A stored body as the JSON it is (new reference, NULL when it is not JSON), for answers
 * that return the stored text itself (the API's procedure, the export file). */
json_t *proc_stored_json(const char *text);
/* The canonical form (new reference): every key present, defaults written out. */
json_t *proc_to_json(const struct procedure *p);

/* Working hours the time limit allows (8 per working day; calendar days count as working
 * days, same_day as one day); -1 when the value is unknown. */
int proc_limit_hours(const struct proc_time_limit *t);
/* The time limit in words ("Trong ngày làm việc", "3 ngày làm việc", "15 ngày") and, in
 * *working_days, its length in working days (-1 when unknown or not fixed in working days). */
int proc_limit_words(struct buf *b, const struct proc_time_limit *t, int *working_days);
/* The sum of the known fee amounts, in đồng. */
int64_t proc_fee_total(const struct procedure *p);
/* 1 when code has the catalogue's shape: one digit, a dot, six digits ("1.001193"). */
int proc_code_valid(const char *code);
/* Vietnamese labels of the enumerations, or NULL for an unknown value (the kinds' words
 * belong to the receipt, render/forms.h). */
const char *proc_level_label(const char *level);
const char *proc_online_label(const char *online);
const char *proc_per_label(const char *per);
const char *proc_channel_label(const char *channel);
/* 1 when the procedure lists channel ("post", "online", …). */
int proc_has_channel(const struct procedure *p, const char *channel);

#endif
