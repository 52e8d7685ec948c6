/* api_issued.h — the public verification of issued papers and the audit chain's anchors. */
#ifndef MOTCUA_API_ISSUED_H
#define MOTCUA_API_ISSUED_H

#include "api.h"

int api_issued_by_token(struct api_call *c);
int api_issued_by_sha(struct api_call *c);
int api_audit_anchors(struct api_call *c);
int api_audit_anchor_now(struct api_call *c);

#endif
