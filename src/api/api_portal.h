/* api_portal.h — handlers of the national portal adapter (docs/national-portal.md): the
 * portal's push of a dossier, and for operators reconciliation, its differences and resend. */
#ifndef MOTCUA_API_PORTAL_H
#define MOTCUA_API_PORTAL_H

struct api_call;

int api_portal_push(struct api_call *c);
int api_portal_reconcile(struct api_call *c);
int api_portal_differences(struct api_call *c);
int api_portal_resend(struct api_call *c);

#endif
