/* api_procedures.h — the /api/v1/procedures handlers (the procedure catalogue as JSON). */
#ifndef MOTCUA_API_PROCEDURES_H
#define MOTCUA_API_PROCEDURES_H

struct api_call;

#include "http.h"

int api_procedures_list(struct api_call *c);
int api_procedure_get(struct api_call *c);
int api_procedure_create(struct api_call *c);
int api_procedure_update(struct api_call *c);
int api_procedure_retire(struct api_call *c);
int api_procedure_units(struct api_call *c);

#endif
