/* api_procedures.h — the /api/v1/procedures handlers (the procedure catalogue as JSON). */
#ifndef MOTCUA_API_PROCEDURES_H
#define MOTCUA_API_PROCEDURES_H

#include "http.h"

int api_procedures_list(struct http_req *r, struct http_resp *w, void *app);
int api_procedure_get(struct http_req *r, struct http_resp *w, void *app);
int api_procedure_create(struct http_req *r, struct http_resp *w, void *app);
int api_procedure_update(struct http_req *r, struct http_resp *w, void *app);
int api_procedure_retire(struct http_req *r, struct http_resp *w, void *app);
int api_procedure_units(struct http_req *r, struct http_resp *w, void *app);

#endif
