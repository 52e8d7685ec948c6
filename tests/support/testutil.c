/* testutil.c — see testutil.h. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

const char *test_tmpdir(const char *prefix)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s-XXXXXX", test_env("TMPDIR", "/tmp"), prefix);
    if (!mkdtemp(path)) {
        perror("mkdtemp");
        abort();
    }
    return path;
}

const char *test_env(const char *name, const char *def)
{
    const char *v = getenv(name);
    return v && *v ? v : def;
}
