/* links.c — the public links the service writes into what leaves it (receipts' QR codes,
 * notifications): one spelling each, shared by the dossier forms and the delivery loop, so
 * neither module asks the other for it. */
#include "svc.h"

const char *svc_dossier_lookup_url(struct arena *ar, const char *base_url, const char *code,
                                   const char *token)
{
    if (!token || !*token)
        return arena_printf(ar, "%s/tra-cuu/%s", base_url, code);
    return arena_printf(ar, "%s/tra-cuu/%s?t=%s", base_url, code, token);
}
