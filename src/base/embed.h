/* embed.h — files compiled into the binary (templates, CSS, migrations, demo data), so the
 * program needs nothing beside itself at run time. The build generates one table per group
 * with cmake/embed.cmake; each group is looked up by its relative path. */
#ifndef MOTCUA_EMBED_H
#define MOTCUA_EMBED_H

#include <stddef.h>

struct embed_file {
    const char *name; /* path relative to the group's root, e.g. "layout.html" */
    const unsigned char *data;
    size_t len; /* data[len] is always '\0' */
};

/* Finds name in a NULL-name-terminated table, or returns NULL. */
const struct embed_file *embed_find(const struct embed_file *table, const char *name);

#endif
