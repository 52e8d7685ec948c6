/* svc_audit.h — reading and verifying the audit chain. */
#ifndef MOTCUA_SVC_AUDIT_H
#define MOTCUA_SVC_AUDIT_H

#include "svc.h"

struct svc_audit_entry {
    int64_t seq, at;
    const char *actor, *action, *object_type, *object_id, *summary, *hash;
};

/* Admins and auditors. *broken_seq is 0 when the whole chain verifies. */
int svc_audit_verify(struct svc *s, const struct actor *a, int64_t *count, int64_t *broken_seq,
                     struct err *e);
/* Newest first; object_type/object_id NULL for all. Admins and auditors. */
int svc_audit_recent(struct svc *s, const struct actor *a, struct arena *ar,
                     const char *object_type, const char *object_id, int limit,
                     struct svc_audit_entry **out, int *n, struct err *e);

#endif
