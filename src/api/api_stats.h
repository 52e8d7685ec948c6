/* api_stats.h — handlers of /api/v1/stats: figures from the counters (JSON or an export),
 * the dossiers behind a number, and the targets tracker. */
#ifndef MOTCUA_API_STATS_H
#define MOTCUA_API_STATS_H

#include "buf.h"
#include "err.h"
#include "http.h"

int api_stats(struct http_req *r, struct http_resp *w, void *app);
int api_stats_dossiers(struct http_req *r, struct http_resp *w, void *app);
int api_stats_targets(struct http_req *r, struct http_resp *w, void *app);
/* Answers an export the service wrote into out (rc its result, e its error) as an attachment
 * named name; frees out. */
int api_stats_send_file(struct http_req *r, struct http_resp *w, int rc, struct buf *out,
                        const char *type, const char *name, struct err *e);

#endif
