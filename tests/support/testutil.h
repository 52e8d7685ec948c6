/* testutil.h — small helpers shared by the test programs: temporary directories and
 * environment lookups. */
#ifndef MOTCUA_TESTUTIL_H
#define MOTCUA_TESTUTIL_H

/* Creates a fresh directory under $TMPDIR (or /tmp) and returns its path (static storage,
 * overwritten by the next call). */
const char *test_tmpdir(const char *prefix);
/* Value of an environment variable, or def when unset or empty. */
const char *test_env(const char *name, const char *def);

#endif
