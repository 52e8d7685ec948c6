/* api_stats.h — handlers of /api/v1/stats: figures from the counters (JSON or an export),
 * the dossiers behind a number, and the targets tracker. */
#ifndef MOTCUA_API_STATS_H
#define MOTCUA_API_STATS_H

#include "http.h"

int api_stats(struct http_req *r, struct http_resp *w, void *app);
int api_stats_dossiers(struct http_req *r, struct http_resp *w, void *app);
int api_stats_targets(struct http_req *r, struct http_resp *w, void *app);

#endif
