/* delivery_internal.h — the channel adapters the delivery loop (delivery.c) calls, outside
 * any transaction. Each returns 0 when the far end accepted the message, E_INVALID when it
 * never will (retrying is pointless), another E_* code for a failure worth retrying; the
 * message in e says what went wrong, for last_error. */
#ifndef MOTCUA_DELIVERY_INTERNAL_H
#define MOTCUA_DELIVERY_INTERNAL_H

#include "err.h"
#include "svc_delivery.h"

#include <stddef.h>
#include <stdint.h>

struct delivery_msg {
    int64_t id;
    const char *channel, *recipient, *event, *code; /* code: the dossier's, or NULL */
    const char *subject, *text; /* UTF-8; text with the lookup link already added */
};

/* An RFC 5322 message over SMTP (libcurl) to cfg->smtp_url. */
int delivery_smtp_send(const struct svc_delivery_config *cfg, const struct delivery_msg *m,
                       struct err *e);
/* An HTTP POST of {id, channel, to, text, event, dossier_code} to url, signed with
 * cfg->webhook_secret when it is set; 2xx is success. */
int delivery_webhook_send(const struct svc_delivery_config *cfg, const char *url,
                          const struct delivery_msg *m, struct err *e);

/* "sha256=" and 64 hex digits, and the NUL. */
#define WEBHOOK_SIGNATURE_MAX    72
#define WEBHOOK_SIGNATURE_HEADER "X-Motcua-Signature"
/* The signature of data under secret (webhook_signature.c). */
void webhook_sign(const char *secret, const char *data, size_t len,
                  char out[WEBHOOK_SIGNATURE_MAX]);
/* 1 when given is the signature of data under secret (a non-empty one), in constant time. */
int webhook_signature_ok(const char *secret, const char *data, size_t len, const char *given);

#endif
