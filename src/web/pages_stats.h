/* pages_stats.h — the statistics dashboard of the staff desk. */
#ifndef MOTCUA_PAGES_STATS_H
#define MOTCUA_PAGES_STATS_H

#include "arena.h"
#include "http.h"

int page_stats(struct http_req *r, struct http_resp *w, void *app);
/* The dossiers behind one count of the dashboard (pages_stats_drill.c). */
int page_stats_dossiers(struct http_req *r, struct http_resp *w, void *app);
/* s percent-encoded for a query string (a field name has spaces and diacritics), in ar. */
const char *stats_query_escape(struct arena *ar, const char *s);

#endif
