/* svc_backup.h — backups an operator can trust: `motcua backup` writes one consistent moment
 * of the database and of every stored file into a new directory, with a manifest of every
 * file's SHA-256 and the audit chain's head, while the server keeps receiving dossiers;
 * `motcua restore` checks a backup against its manifest, refuses a damaged or partial one
 * before touching anything, restores into a new place, and verifies the audit chain there
 * (docs/operations.md). */
#ifndef MOTCUA_SVC_BACKUP_H
#define MOTCUA_SVC_BACKUP_H

#include "svc.h"

struct svc_backup_report {
    const char *engine; /* "sqlite" | "postgresql" */
    const char *motcua_version;
    int64_t created_at, audit_seq, dossiers, files, bytes;
    const char *audit_hash;
};

/* Backs up s's database and files directory into dir, which is created and must not exist
 * or be empty. The manifest (MANIFEST.json) is written last, so a backup cut short has none. */
int svc_backup(struct svc *s, struct arena *a, const char *dir, struct svc_backup_report *out,
               struct err *e);
/* Checks the backup in dir against its manifest — the dump and every file hashed — without
 * restoring anything. E_NOTFOUND without a manifest, E_INVALID for anything damaged or
 * missing, with the first problem and how many there are in the message. */
int svc_backup_check(struct arena *a, const char *dir, struct svc_backup_report *out,
                     struct err *e);
/* svc_backup_check, then the database into db_url (a new SQLite file or an empty PostgreSQL
 * database of the same engine as the backup) and the files into files_dir; then the database
 * is migrated to this version and its audit chain must verify and end at the manifest's head. */
int svc_restore(struct arena *a, const char *dir, const char *db_url, const char *files_dir,
                struct svc_backup_report *out, struct err *e);

#endif
