/* svc_catalogue.h — the procedure catalogue (thủ tục hành chính): what the public portal
 * publishes and what every dossier is built from. A procedure is identified by its national
 * code and carries immutable versions; editing publishes a new version, a dossier keeps the
 * version it was received under. The body of a version is a canonical JSON document (see
 * docs/catalogue.md), decoded once by core/procedure.h; the layers above read the struct. */
#ifndef MOTCUA_SVC_CATALOGUE_H
#define MOTCUA_SVC_CATALOGUE_H

#include "buf.h"
#include "procedure.h"
#include "svc.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* One row of a catalogue listing (the version in force today). */
struct svc_proc_row {
    const char *code, *name, *field, *level, *online, *effective_from;
    int version, verified, retired;
};

struct svc_proc_query {
    const char *q;                               /* what the person typed; any case or accents */
    const char *field, *level, *agency, *online; /* exact filters; NULL or "" = any */
    int page, per_page;                          /* page from 1; per_page 1..100 (default 20) */
    int include_retired;                         /* staff listing */
};

struct svc_proc_page {
    struct svc_proc_row *rows;
    int n, page, per_page;
    int64_t total;
};

struct svc_proc_unit {
    const char *key, *name, *role; /* role: "receive" | "resolve" */
};

struct svc_procedure {
    const char *code, *effective_from;
    const char *body;            /* canonical JSON of the version, for answers that return it */
    const struct procedure *doc; /* the same, decoded */
    int version, latest_version;
    int64_t created_at, retired_at; /* retired_at 0 = in force */
    struct svc_proc_unit *units;
    int nunits;
};

/* Searches the procedures in force today (and retired ones when asked), sorted by
 * Vietnamese collation of their names. */
int svc_proc_search(struct svc *s, struct arena *a, const struct svc_proc_query *q,
                    struct svc_proc_page *out, struct err *e);
/* The distinct fields of the procedures in force and the units they are assigned to, for
 * the search filters. */
int svc_proc_facets(struct svc *s, struct arena *a, const char ***fields, int *nfields,
                    struct svc_proc_unit **units, int *nunits, struct err *e);
/* A procedure as of version (0 = the one in force today, -1 = the latest written, for
 * editors); E_NOTFOUND when there is none. */
int svc_proc_get(struct svc *s, struct arena *a, const char *code, int version,
                 struct svc_procedure *out, struct err *e);
/* Creates a procedure from a document with a code; admins only. */
int svc_proc_create(struct svc *s, const struct actor *a, json_t *doc, int *version, struct err *e);
/* Publishes a new version; E_CONFLICT when expected_version is not the latest one. */
int svc_proc_update(struct svc *s, const struct actor *a, const char *code, int expected_version,
                    json_t *doc, int *version, struct err *e);
/* Retires (bãi bỏ) a procedure: it leaves the public catalogue, its versions stay readable. */
int svc_proc_retire(struct svc *s, const struct actor *a, const char *code, struct err *e);
/* Replaces the units that receive and resolve a procedure. */
int svc_proc_set_units(struct svc *s, const struct actor *a, const char *code,
                       const struct svc_proc_unit *units, int n, struct err *e);

struct svc_proc_import_stats {
    int added, versions, unchanged;
};
/* Imports a catalogue file (docs/catalogue.md) in one transaction: new codes are created,
 * changed bodies become new versions, identical ones are left alone. */
int svc_proc_import(struct svc *s, const struct actor *a, const char *json, size_t len,
                    struct svc_proc_import_stats *st, struct err *e);
/* Checks an import file without touching any database (the fuzz target's entry point):
 * E_INVALID with the entry and field, e.g. "procedures[3].fees[0].per". */
int svc_proc_import_check(const char *json, size_t len, size_t *count, struct err *e);
/* The whole catalogue, every version of every procedure, in the import format; the caller
 * frees *out. */
int svc_proc_export(struct svc *s, char **out, struct err *e);
/* Adds a synthetic catalogue ("[Tổng hợp] …", codes 9.9xxxxx) of the given size. */
int svc_proc_synthetic(struct svc *s, const struct actor *a, int district, int commune, int *added,
                       struct err *e);

/* The QR code of a procedure page's address, as an SVG document appended to out (for
 * printing at the counter). */
int svc_proc_qr_svg(struct buf *out, const char *url, struct err *e);

/* Checks a procedure document and returns its canonical form (new reference in *out):
 * defaults filled in, legacy shapes converted, step budgets checked against the time limit.
 * Pure: org unit keys are checked later, against the database. E_INVALID names the field,
 * e.g. "steps[2].budget_hours". */
int svc_proc_normalize(json_t *in, json_t **out, struct err *e);
/* 1 when code has the catalogue's shape: one digit, a dot, six digits ("1.001193"). */
int svc_proc_code_valid(const char *code);
/* Vietnamese labels of the enumerations, or NULL for an unknown value. */
const char *svc_proc_level_label(const char *level);
const char *svc_proc_online_label(const char *online);
const char *svc_proc_kind_label(const char *kind);
const char *svc_proc_per_label(const char *per);
const char *svc_proc_channel_label(const char *channel);

#endif
