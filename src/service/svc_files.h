/* svc_files.h — the files of a dossier: scans of the components handed in at the counter
 * (digitised copies) and the result. An upload is sniffed (only PDF, JPEG and PNG are taken,
 * whatever the client calls them), stored once by its SHA-256 however many dossiers use it,
 * and attached to one component or to the result. Reading the list and downloading follow
 * the dossier's visibility: whoever may not see the dossier gets "not found", and a content
 * is only ever served through a dossier it is attached to. */
#ifndef MOTCUA_SVC_FILES_H
#define MOTCUA_SVC_FILES_H

#include "svc.h"

#include <stdint.h>

/* The field of the error for a refused file type ("Chỉ nhận tệp PDF, JPEG hoặc PNG"); the
 * API answers it 415. Other invalid input names "kind" or "component". */
#define SVC_FILE_FIELD "file"

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
    int digitised, reused;
};

/* Stores and attaches a file. Component scans: receptionists of the receiving unit, while the
 * dossier is not closed. Results: receptionists of the receiving unit or whoever holds the
 * current step, once the dossier has been accepted. Returns 1 (not an error) when the same
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

#endif
