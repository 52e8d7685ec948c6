/* files_internal.h — what the dossier-files use cases need besides the stores: the type
 * sniffer and the cleaning of client file names. */
#ifndef MOTCUA_FILES_INTERNAL_H
#define MOTCUA_FILES_INTERNAL_H

#include "arena.h"
#include "err.h"

/* The type of what fd holds, sniffed by libmagic from the bytes (never from a name), when it
 * is one motcua accepts: "application/pdf", "image/jpeg" or "image/png" (static strings).
 * Anything else fails with E_INVALID on field "file". fd is left at an unspecified offset. */
int file_sniff(int fd, const char **mime, struct err *e);

/* The client's file name made harmless for metadata: NFC, without any directory part or
 * control characters, at most FILE_NAME_MAX bytes (the extension kept), never "", "." or
 * "..": a name that ends up empty becomes "tep" with the extension of mime. */
#define FILE_NAME_MAX 200
const char *file_clean_name(struct arena *a, const char *client_name, const char *mime);

#endif
