/* api_stats_indices.h — GET /api/v1/stats/indices: Decision 766 group 2.1 and Circular 01
 * indicator 2 with their inputs. */
#ifndef MOTCUA_API_STATS_INDICES_H
#define MOTCUA_API_STATS_INDICES_H

#include "http.h"

int api_stats_indices(struct http_req *r, struct http_resp *w, void *app);

#endif
