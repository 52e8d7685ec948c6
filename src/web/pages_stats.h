/* pages_stats.h — the statistics dashboard of the staff desk. */
#ifndef MOTCUA_PAGES_STATS_H
#define MOTCUA_PAGES_STATS_H

#include "http.h"

int page_stats(struct http_req *r, struct http_resp *w, void *app);

#endif
