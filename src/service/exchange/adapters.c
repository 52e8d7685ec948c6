/* adapters.c — the partner adapters compiled into motcua. A partner's configuration names one
 * (MOTCUA_PARTNER_<NAME>_ADAPTER, default its own name); adding a partner system is adding
 * its adapter to this table. */
#include "exchange_internal.h"
#include "portal_internal.h"

#include <string.h>

static const struct exchange_adapter *const adapters[] = {
    &exchange_webhook_adapter,
    &exchange_portal_adapter,
};

const struct exchange_adapter *exchange_adapter_named(const char *name)
{
    for (size_t i = 0; name && i < sizeof adapters / sizeof adapters[0]; i++)
        if (strcmp(adapters[i]->name, name) == 0)
            return adapters[i];
    return NULL;
}
