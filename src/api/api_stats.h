/* api_stats.h — handlers of /api/v1/stats: figures from the counters (JSON or an export),
 * the dossiers behind a number, and the targets tracker. */
#ifndef MOTCUA_API_STATS_H
#define MOTCUA_API_STATS_H

struct api_call;

#include "buf.h"
#include "err.h"
#include "http.h"

int api_stats(struct api_call *c);
int api_stats_dossiers(struct api_call *c);
int api_stats_targets(struct api_call *c);
/* Answers an export the service wrote into out (rc its result, c->e its error) as an
 * attachment named name. */
int api_stats_send_file(struct api_call *c, int rc, struct buf *out, const char *type,
                        const char *name);

#endif
