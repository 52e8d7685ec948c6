/* svc.h — the use cases of motcua: one function per thing a person does. Each function
 * checks who is acting (struct actor) and the org-unit scope, owns its transaction, and
 * writes audit entries in the same transaction. The layers above (api/, web/, cli/) see only
 * this header and plain structs; they never see SQL or the database. Results are allocated in
 * the arena the caller passes. */
#ifndef MOTCUA_SVC_H
#define MOTCUA_SVC_H

#include "arena.h"
#include "err.h"

#include <stddef.h>
#include <stdint.h>

struct svc;

struct svc_config {
    const char *db_url; /* file path (SQLite) or postgresql://… */
    /* A hot standby of db_url (postgresql://…) for statistics and reports; NULL = the primary.
       Refused with SQLite (report_source.c, docs/operations.md). */
    const char *db_readonly_url;
    int pool_size;            /* database connections */
    int session_idle_seconds; /* a session unused this long ends (default 30 min) */
    int session_max_seconds;  /* a session ends this long after login (default 12 h) */
    /* The login policy (docs/architecture.md, "Login attempts"): only failures count. */
    int login_max_failures;   /* per (user name, address) and window, then 429 (default 5) */
    int login_max_per_ip;     /* per address over every name and window, then 429 (default 30) */
    int login_window_seconds; /* from the first failure (default 15 min) */
    int login_slow_after;     /* failures of one name from anywhere before it slows (default 10) */
    int login_slow_seconds;   /* a slowed name takes one attempt per this long (default 36) */
    int lookups_per_minute;   /* public dossier lookups per client address (default 60) */
    unsigned long long pwhash_ops; /* argon2id opslimit (default 2) */
    size_t pwhash_mem;             /* argon2id memlimit in bytes (default 19 MiB) */
    /* A directory of CA certificates (PEM or DER) trusted for the signatures of uploaded PDFs
       (docs/signatures.md); NULL: none, every signer is "unknown". */
    const char *sign_anchors_dir;
    const char *files_dir;         /* stored uploads, outside any web root (default var/files) */
    /* The VNPAY merchant (docs/payments.md): terminal code, hash secret, and the payment page
       (default the sandbox). Online payment is off while the code or the secret is unset. */
    const char *vnpay_tmn_code, *vnpay_hash_secret, *vnpay_url;
    /* Checks the SMS / Zalo gateways' delivery receipts (docs/notifications.md); receipts are
       refused while it is unset. */
    const char *webhook_secret;
    /* Seals one-time codes until their message is delivered (docs/notifications.md): 64 hex
       digits, the same on every instance; unset = a random key per process. */
    const char *code_key;
    /* The national population database partner (exchange/population.c): the lookup endpoint
       and its HTTP Basic credentials; unset = the forms' lookup button is not offered. */
    const char *population_url, *population_user, *population_password;
    /* Anchors of the audit chain (docs/signatures.md, "Anchors"): the agency's key as a
       PKCS#12 file (PATH, file:PATH, pkcs12:PATH) or a PKCS#11 URI, its PIN source (env:NAME,
       file:PATH or pass:TEXT), and an RFC 3161 timestamp authority's URL. Without a key anchors are
       made on demand only, unsigned; with one the anchor job signs the head once a day. */
    const char *anchor_key, *anchor_pin, *anchor_tsa_url;
    /* The PKCS#11 module of a pkcs11: anchor key (…/opensc-pkcs11.so); NULL: the default. */
    const char *anchor_module;
};

/* Fills unset (zero) fields with defaults. */
void svc_config_defaults(struct svc_config *cfg);
/* Opens the database and applies pending migrations. */
int svc_open(const struct svc_config *cfg, struct svc **out, struct err *e);
void svc_close(struct svc *s);
void svc_pool_stats(struct svc *s, int *in_use, int *size);
/* Where the reports read from (report_source.c): the standby of db_readonly_url while it
 * answers, else the primary. The state as of the last report read. */
struct svc_report_source {
    int configured;    /* db_readonly_url is set */
    int standby;       /* the last report was read from the standby */
    int64_t lag_ms;    /* how far the standby was behind the primary then */
    int64_t as_of;     /* the moment its figures were current (unix seconds): then − lag */
    int64_t fallbacks; /* reports read from the primary because the standby failed */
};
void svc_report_source(struct svc *s, struct svc_report_source *out);
/* 1 when the database has no users yet (a fresh install that wants demo data). */
int svc_is_fresh(struct svc *s, int *fresh, struct err *e);
int64_t svc_now(void);

enum role {
    ROLE_RECEPTIONIST = 1 << 0,
    ROLE_SPECIALIST = 1 << 1,
    ROLE_LEADER = 1 << 2,
    ROLE_ADMIN = 1 << 3,
    ROLE_AUDITOR = 1 << 4,
    ROLE_CITIZEN = 1 << 5,
};
#define ROLE_STAFF (ROLE_RECEPTIONIST | ROLE_SPECIALIST | ROLE_LEADER | ROLE_ADMIN | ROLE_AUDITOR)

/* Role names as stored and shown in the API: "receptionist", …; 0 for an unknown name. */
int role_from_name(const char *name);
const char *role_name(int role);
/* Vietnamese label for pages: "Cán bộ một cửa", … */
const char *role_label(int role);
/* The roles in their table's order, for lists that offer them: the i-th (from 0), 0 past
 * the last, so a new role appears in every list without editing a template. */
int role_nth(int i);

struct actor_role {
    int role;
    int64_t unit_id; /* 0 = not tied to a unit */
    const char *unit_key, *unit_name;
};

/* Who is acting. user_id 0 is the system itself (command line, background jobs). */
struct actor {
    int64_t user_id;
    const char *username, *full_name, *kind;
    const struct actor_role *roles;
    int nroles;
    const char *csrf_token; /* of the current session */
};

extern const struct actor svc_system;

/* Bitmask of the roles the actor holds anywhere. */
int actor_roles(const struct actor *a);
/* Bitmask of the roles the actor holds without a unit (those reach everything, and the
 * things of no unit: see perm.c). For pages choosing what to offer; the service decides. */
int actor_roles_unscoped(const struct actor *a);

/* The lookup link of a dossier: base_url/tra-cuu/{code}?t={token} (without ?t= when token is
 * NULL) — the receipt's QR code and the notifications' link, one spelling (links.c). */
const char *svc_dossier_lookup_url(struct arena *ar, const char *base_url, const char *code,
                                   const char *token);

#endif
