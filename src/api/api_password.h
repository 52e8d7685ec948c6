/* api_password.h — a citizen's forgotten password over the API (handlers in auth.c). */
#ifndef MOTCUA_API_PASSWORD_H
#define MOTCUA_API_PASSWORD_H

struct api_call;

#include "http.h"

/* POST /api/v1/citizens/password-reset {"login"}: 202, the same for every login. */
int api_password_reset_request(struct api_call *c);
/* POST /api/v1/citizens/password-reset/confirm {"login","code","password"}. */
int api_password_reset_confirm(struct api_call *c);

#endif
