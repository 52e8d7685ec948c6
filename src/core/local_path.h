/* local_path.h — the one check of a place to go back to after signing in (`next`): only a
 * path on this site, never another host. */
#ifndef MOTCUA_LOCAL_PATH_H
#define MOTCUA_LOCAL_PATH_H

/* Longest `next` accepted, in bytes. */
#define LOCAL_PATH_MAX 1024

/* 1 when s is a path of this site that is safe to put in a Location header as it is. */
int local_path_ok(const char *s);
/* s when local_path_ok(s), else NULL: `next = local_path_or_null(given)`. */
const char *local_path_or_null(const char *s);

#endif
