/* api_dossiers.h — handlers of /api/v1/dossiers (the one-stop desk) and /api/v1/lookup. */
#ifndef MOTCUA_API_DOSSIERS_H
#define MOTCUA_API_DOSSIERS_H

struct api_call;

#include "http.h"

int api_dossier_receive(struct api_call *c);
int api_dossier_search(struct api_call *c);
int api_dossier_inbox(struct api_call *c);
int api_dossier_get(struct api_call *c);
int api_dossier_act(struct api_call *c);
int api_dossier_form(struct api_call *c);
int api_tracking_book(struct api_call *c);
int api_lookup(struct api_call *c);

struct svc_dossier_after;
/* {"code","state","national_status","version"}: how a dossier is after a change, the answer
 * of every request that changes one (the desk's actions, a withdrawal, a supplement answer). */
json_t *api_dossier_after_json(const char *code, const struct svc_dossier_after *after);

#endif
