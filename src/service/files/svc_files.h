/* svc_files.h — the files of a dossier: scans of the components handed in at the counter
 * (digitised copies), components the citizen uploads online (with a draft, or answering a
 * supplement request), and the result. An upload is sniffed (only PDF, JPEG and PNG are taken,
 * whatever the client calls them), stored once by its SHA-256 however many dossiers use it,
 * and attached to one component or to the result. Reading the list and downloading follow
 * the dossier's visibility: whoever may not see the dossier gets "not found", and a content
 * is only ever served through a dossier it is attached to. */
#ifndef MOTCUA_SVC_FILES_H
#define MOTCUA_SVC_FILES_H

#include "svc.h"
#include "svc_dossier.h"

#include <stdint.h>

/* The field of the errors about the uploaded file itself: a refused type ("Chỉ nhận tệp PDF,
 * JPEG hoặc PNG", which the API answers 415) and a file that does not open as its type (422).
 * Other invalid input names "kind" or "component". */
#define SVC_FILE_FIELD "file"
/* True for the refused-type error (415), false for every other error, a damaged file's too. */
int svc_file_type_refused(const struct err *e);

struct svc_upload {
    const char *code;        /* the dossier */
    const char *kind;        /* "component" or "result" */
    int component;           /* checklist index from 0; ignored for a result */
    const char *tmp_path;    /* the uploaded bytes; read, never moved or removed */
    const char *client_name; /* the client's file name: kept as metadata only */
};

struct svc_file {
    char sha256[65];
    int64_t size, uploaded_at;
    const char *mime, *name, *kind;
    const char *uploaded_by; /* full name; "" for the system */
    int component;           /* -1 for the result */
    int digitised, reused;   /* reused: the content was stored already */
    const char *reused_from; /* taken from the citizen's earlier dossier with this code */
    int answers_supplement;  /* uploaded by the applicant answering a supplement request */
    /* A PDF's digital signatures as checked at upload (docs/signatures.md): "unsigned",
     * "valid", "invalid", "unknown_signer", or NULL when not checked (not a PDF, older);
     * the reason (Vietnamese) when not valid; the newest signature's signer and time. */
    const char *sig_status, *sig_signer, *sig_reason;
    int64_t sig_time;
};
/* The label of a signature status for people ("Hợp lệ", …), "" for NULL. */
const char *svc_signature_label(const char *status);

/* Stores and attaches a file. Component scans: receptionists of the receiving unit, while the
 * dossier is not closed; the applicant's own account, only while the dossier waits for their
 * supplement (E_CONFLICT otherwise), the file then answering that cycle. Results:
 * receptionists of the receiving unit or whoever holds the current step, once the dossier has
 * been accepted. Returns 1 (not an error) when the same
 * content was already attached at the same place: nothing new is written and out describes
 * the earlier attachment. Strings of out live in ar. */
int svc_dossier_upload(struct svc *s, const struct actor *a, struct arena *ar,
                       const struct svc_upload *u, struct svc_file *out, struct err *e);

/* Every file attached to a dossier, oldest first; whoever may see the dossier. */
int svc_dossier_files(struct svc *s, const struct actor *a, struct arena *ar, const char *code,
                      struct svc_file **out, int *n, struct err *e);

struct svc_file_download {
    const char *path; /* the stored bytes, to send as they are */
    const char *mime; /* sniffed at upload */
    const char *name; /* the client's name at the first attachment to this dossier */
    int64_t size;
};

/* Where to read one file of a dossier. E_NOTFOUND unless the actor may see the dossier AND
 * the content is attached to this very dossier. */
int svc_dossier_file_open(struct svc *s, const struct actor *a, struct arena *ar, const char *code,
                          const char *sha256, struct svc_file_download *out, struct err *e);

/* --- a citizen's draft (draft_files.c): citizens only, their own draft (E_NOTFOUND for any
 * other), not yet submitted (E_CONFLICT) --- */

struct svc_draft_upload {
    int64_t draft_id;
    int component;           /* index in the procedure's checklist, from 0 */
    const char *tmp_path;    /* read, never moved or removed */
    const char *client_name; /* metadata only */
};
/* Stores and attaches a file to a component of the draft; 1 when it was there already. */
int svc_draft_file_upload(struct svc *s, const struct actor *a, struct arena *ar,
                          const struct svc_draft_upload *u, struct svc_file *out, struct err *e);
/* Attaches a content of the actor's personal store without uploading it again, flagged as
 * reused from the dossier it came from. E_NOTFOUND when the content is not in the actor's
 * own store (whoever else holds it); E_INVALID on "sha256" for a malformed hash. */
int svc_draft_file_reuse(struct svc *s, const struct actor *a, struct arena *ar, int64_t draft_id,
                         int component, const char *sha256, struct svc_file *out, struct err *e);
/* The files of the draft, oldest first. */
int svc_draft_files(struct svc *s, const struct actor *a, struct arena *ar, int64_t draft_id,
                    struct svc_file **out, int *n, struct err *e);
/* Where to read one file of the draft, for its owner before submission (after it, the file
 * is the dossier's). E_NOTFOUND for anyone else's draft or a content not attached to it. */
int svc_draft_file_open(struct svc *s, const struct actor *a, struct arena *ar, int64_t draft_id,
                        const char *sha256, struct svc_file_download *out, struct err *e);
/* Removes a content from every component of the draft; E_NOTFOUND when it is not attached. */
int svc_draft_file_remove(struct svc *s, const struct actor *a, struct arena *ar, int64_t draft_id,
                          const char *sha256, struct err *e);

/* --- the citizen's personal store (files/citizen_documents.c) --- */

struct svc_store_file {
    struct svc_file f; /* kind "component" or "result" */
    const char *dossier_code, *procedure_code, *procedure_name;
    const char *component_name; /* NULL for a result */
};
/* The files of the dossiers whose applicant is the actor: components they submitted (or the
 * counter digitised) and results they received, one entry per content, newest first. */
int svc_my_files(struct svc *s, const struct actor *a, struct arena *ar,
                 struct svc_store_file **out, int *n, struct err *e);

/* --- answering a supplement request online (supplement_answer.c) --- */

struct svc_supplement_view {
    int waiting;                /* the dossier waits for the applicant's supplement */
    const char *stage;          /* "reception" | "appraisal" of the latest cycle; NULL: none */
    const char *items, *reason; /* items: JSON array of what is missing */
    int64_t requested_at, completed_at;
    struct svc_file *files; /* the files answering the latest cycle */
    int nfiles;
};
/* The latest supplement cycle of the actor's own dossier (E_NOTFOUND for anyone else). */
int svc_supplement_get(struct svc *s, const struct actor *a, struct arena *ar, const char *code,
                       struct svc_supplement_view *out, struct err *e);
/* Removes an uploaded answer file while the cycle is open. */
int svc_supplement_file_remove(struct svc *s, const struct actor *a, struct arena *ar,
                               const char *code, const char *sha256, struct err *e);
/* The applicant sends the answer (files uploaded with svc_dossier_upload, and a note): the
 * cycle is completed now. During appraisal this is the desk's supplement_received (the time
 * limit starts again, the dossier goes back to its step, national status 4); at reception
 * the dossier is "submitted" again (national status 1), in the reception inbox to be accepted
 * or refused. Needs a file or a note (E_INVALID on "file"). Returns 1 (not an error) when the
 * applicant had answered this cycle already; E_CONFLICT when no supplement is awaited.
 * expected_version 0 = the current one. */
int svc_supplement_answer(struct svc *s, const struct actor *a, struct arena *ar, const char *code,
                          const char *note, int expected_version, struct svc_dossier_after *after,
                          struct err *e);

/* An answer sent online that the desk has not acted on yet. */
struct svc_supplement_news {
    const char *code, *procedure_name;
    const char *stage, *note; /* stage: "reception" | "appraisal" */
    int64_t answered_at;
};
/* The answers the actor was told of (internal messages "dossier.supplement_answered") about
 * dossiers of inbox (the actor's, from svc_dossier_inbox) still at the version the answer
 * left, so nobody has acted on them since; newest first, one per dossier. */
int svc_supplement_news(struct svc *s, const struct actor *a, struct arena *ar,
                        const struct svc_dossier_row *inbox, int ninbox,
                        struct svc_supplement_news **out, int *n, struct err *e);

#endif
