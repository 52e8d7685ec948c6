/* files_internal.h — what the files use cases (dossier files, a citizen's draft files and
 * supplement answers) share besides the stores: the type sniffer, the cleaning of client
 * file names, taking an upload into the blob store, and the supplement cycle a citizen's
 * upload answers. */
#ifndef MOTCUA_FILES_INTERNAL_H
#define MOTCUA_FILES_INTERNAL_H

#include "arena.h"
#include "blob_store.h"
#include "dossier_store.h"
#include "err.h"
#include "file_store.h"
#include "svc_files.h"

/* The type of what fd holds, sniffed by libmagic from the bytes (never from a name), when it
 * is one motcua accepts: "application/pdf", "image/jpeg" or "image/png" (static strings).
 * Anything else fails with E_INVALID on field "file". fd is left at an unspecified offset. */
int file_sniff(int fd, const char **mime, struct err *e);

/* E_INVALID on field "file" (a message for a person) unless what fd holds opens as mime, a
 * type file_sniff returned: a PDF with at least one page and no password, a JPEG or PNG whose
 * header decodes to an image (file_parse.c). fd is read from its start and left open. */
int file_parse(int fd, const char *mime, struct err *e);

/* The client's file name made harmless for metadata: NFC, without any directory part or
 * control characters, its extension replaced by the one of mime (".pdf", ".jpg", ".png": a
 * PDF called x.html is kept as x.pdf), at most FILE_NAME_MAX bytes, never "", "." or "..":
 * a name that ends up empty becomes "tep" with the extension of mime. */
#define FILE_NAME_MAX 200
const char *file_clean_name(struct arena *a, const char *client_name, const char *mime);

/* An upload taken in: sniffed (E_INVALID on "file" for a refused type), parsed as its type
 * (E_INVALID on "file" for a damaged file), copied into the blob
 * store and named. Outside any transaction: db_tx may run its callback again. */
struct file_intake {
    struct blob_id id;
    const char *mime, *name;
    struct file_signature sig; /* a PDF's signature check; status NULL when not checked */
};
int file_take_in(struct svc *s, struct arena *ar, const char *tmp_path, const char *client_name,
                 struct file_intake *out, struct err *e);

/* Checks the digital signatures of a PDF (file_signature.c) into out (strings from ar);
 * out->status stays NULL for another type or a check that could not run. */
void file_check_signature(struct svc *s, struct arena *ar, int fd, const char *mime,
                          struct file_signature *out);
/* Records a content taken in, with its signature check (file_content_put, then
 * file_signature_put when the content was checked). */
int file_content_record(struct db_conn *c, const struct file_intake *in, int64_t now, int *existed,
                        struct err *e);

/* The attachment as the use cases give it out (strings stay in the row's arena). */
void file_to_svc(const struct file_row *r, struct svc_file *out);
/* The same for a list: one array of n from ar (never NULL). */
struct svc_file *file_list_to_svc(struct arena *ar, const struct file_row *rows, int n);

/* E_INVALID on "component" unless the dossier's checklist has component idx. */
int file_component_listed(struct db_conn *c, struct arena *ar, int64_t dossier_id, int idx,
                          struct err *e);

/* The supplement cycle d waits for: state reception_supplement or supplement with a cycle
 * still open; E_CONFLICT otherwise (open_supplement.c). */
int dossier_open_supplement(struct db_conn *c, struct arena *ar, const struct dossier_row *d,
                            struct dossier_supplement_row *out, struct err *e);

#endif
