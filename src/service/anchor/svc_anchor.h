/* svc_anchor.h — anchors of the audit chain outside the database (issue 18 item 8). A hash
 * chain shows any edit in its middle, but not a tail cut off with the head row rewritten to
 * match. An anchor is the chain's head (seq, hash) at a moment, signed with the agency's key
 * (detached CMS) and optionally timestamped by an RFC 3161 authority, and published at a
 * public URL; once copied elsewhere it cannot be taken back, and `motcua audit verify
 * --anchors` checks the chain against such a copy. */
#ifndef MOTCUA_SVC_ANCHOR_H
#define MOTCUA_SVC_ANCHOR_H

#include "svc.h"

struct svc_anchor {
    int64_t id, seq, anchored_at, tsa_time; /* tsa_time 0 = not timestamped */
    const char *hash, *statement;
    const char *signature;       /* base64 DER detached CMS over statement; NULL = unsigned */
    const char *signer;          /* the certificate's subject; NULL = unsigned */
    const char *timestamp_token; /* base64 DER RFC 3161 response; NULL = none */
};

/* Anchors the head now: admins without a unit, and the system (job, command line). The
 * statement signed is "motcua audit anchor\nseq: N\nhash: H\nat: ISO 8601 UTC\n". With
 * svc_config.anchor_key unset the anchor is unsigned; a key or authority that fails is
 * E_UNAVAILABLE and nothing is stored. The audit entry "audit.anchor" follows the anchored
 * head. */
int svc_audit_anchor(struct svc *s, const struct actor *a, int64_t now, struct arena *ar,
                     struct svc_anchor *out, struct err *e);
/* For the daily job: anchors when a key is configured and the newest anchor is a day old or
 * there is none (*made = 1); else *made = 0 and *why says why not. */
int svc_audit_anchor_due(struct svc *s, int64_t now, struct arena *ar, int *made, const char **why,
                         struct err *e);
/* The published list, newest first (public). */
int svc_anchor_list(struct svc *s, struct arena *ar, int limit, struct svc_anchor **out, int *n,
                    struct err *e);

/* One published anchor as read back from a copy. */
struct svc_anchor_ref {
    int64_t seq;
    const char *hash;
};

struct svc_anchor_report {
    int64_t count;      /* entries in the chain */
    int64_t broken_seq; /* first entry that does not verify inside the chain; 0 = none */
    int anchors;        /* anchors checked */
    int cut;            /* anchors beyond the chain's head: the tail was cut */
    int rewritten;      /* anchors whose entry now has another hash: rewritten */
    int64_t first_bad;  /* seq of the first such anchor; 0 = none */
};

/* Verifies the chain and then each anchor against it. Admins and auditors. */
int svc_audit_verify_anchors(struct svc *s, const struct actor *a,
                             const struct svc_anchor_ref *refs, int n,
                             struct svc_anchor_report *out, struct err *e);

#endif
