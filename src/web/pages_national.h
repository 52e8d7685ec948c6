/* pages_national.h — the administrator's import from the national catalogue
 * (/desk/danh-muc-quoc-gia). */
#ifndef MOTCUA_PAGES_NATIONAL_H
#define MOTCUA_PAGES_NATIONAL_H

#include "http.h"

int page_national_catalogue(struct http_req *r, struct http_resp *w, void *app);
int page_national_catalogue_import(struct http_req *r, struct http_resp *w, void *app);

#endif
