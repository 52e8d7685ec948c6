/* backup_store.h — what a backup's manifest records of the database, read inside the
 * snapshot that the backup copies: the audit chain's head, how many dossiers there are, and
 * every stored content (its bytes are copied beside the dump). */
#ifndef MOTCUA_BACKUP_STORE_H
#define MOTCUA_BACKUP_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

struct backup_content {
    const char *sha256;
    int64_t size;
};

struct backup_facts {
    int64_t audit_seq, dossiers;
    const char *audit_hash;
    struct backup_content *contents;
    int ncontents;
};

int backup_facts_read(struct db_conn *c, struct arena *a, struct backup_facts *out, struct err *e);

#endif
