/* api_consult.h — handlers of /api/v1/dossiers/{code}/consultations (ask another unit) and
 * /api/v1/consultations (the open ones for me, and answering one). */
#ifndef MOTCUA_API_CONSULT_H
#define MOTCUA_API_CONSULT_H

struct api_call;

#include "http.h"

int api_consult_ask(struct api_call *c);
int api_consult_open(struct api_call *c);
int api_consult_answer(struct api_call *c);

#endif
