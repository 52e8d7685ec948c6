/* embed.c — lookup in a generated table of embedded files (see embed.h). Tables are small
 * (tens of entries), so a linear scan is simpler than hashing and just as fast. */
#include "embed.h"

#include <string.h>

const struct embed_file *embed_find(const struct embed_file *table, const char *name)
{
    for (const struct embed_file *f = table; f && f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}
