/* pages_catalogue.h — the catalogue pages: public search and procedure pages (with the QR
 * code for the counter) and the admins' list and edit form. */
#ifndef MOTCUA_PAGES_CATALOGUE_H
#define MOTCUA_PAGES_CATALOGUE_H

#include "http.h"

int page_catalogue(struct http_req *r, struct http_resp *w, void *app);
int page_procedure(struct http_req *r, struct http_resp *w, void *app);
int page_procedure_qr(struct http_req *r, struct http_resp *w, void *app);
int page_desk_catalogue(struct http_req *r, struct http_resp *w, void *app);
int page_desk_procedure(struct http_req *r, struct http_resp *w, void *app);
int page_desk_procedure_save(struct http_req *r, struct http_resp *w, void *app);

#endif
