/* pages_password.h — a citizen's forgotten password: ask for a code (/quen-mat-khau), then
 * enter it with the new password (/quen-mat-khau/xac-nhan). */
#ifndef MOTCUA_PAGES_PASSWORD_H
#define MOTCUA_PAGES_PASSWORD_H

#include "http.h"

int page_password_forgot(struct http_req *r, struct http_resp *w, void *app);
int page_password_forgot_submit(struct http_req *r, struct http_resp *w, void *app);
int page_password_reset(struct http_req *r, struct http_resp *w, void *app);
int page_password_reset_submit(struct http_req *r, struct http_resp *w, void *app);

#endif
