/* api_consult.h — handlers of /api/v1/dossiers/{code}/consultations (ask another unit) and
 * /api/v1/consultations (the open ones for me, and answering one). */
#ifndef MOTCUA_API_CONSULT_H
#define MOTCUA_API_CONSULT_H

#include "http.h"

int api_consult_ask(struct http_req *r, struct http_resp *w, void *app);
int api_consult_open(struct http_req *r, struct http_resp *w, void *app);
int api_consult_answer(struct http_req *r, struct http_resp *w, void *app);

#endif
