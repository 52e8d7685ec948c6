/* pages_account.h — the signed-in person's account page (/tai-khoan): who they are, the
 * login and contacts on file, the channels that tell a citizen about their dossiers, and the
 * way to change the password. */
#ifndef MOTCUA_PAGES_ACCOUNT_H
#define MOTCUA_PAGES_ACCOUNT_H

#include "http.h"

int page_account(struct http_req *r, struct http_resp *w, void *app);
int page_account_notify_save(struct http_req *r, struct http_resp *w, void *app);

#endif
