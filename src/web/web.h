/* web.h — the server-rendered HTML pages: the public portal at / and the staff desk at
 * /desk/…. Pages are plain functions that gather data from the service layer into a JSON
 * context and render an embedded template into the base layout. */
#ifndef MOTCUA_WEB_H
#define MOTCUA_WEB_H

#include "app.h"
#include "http.h"

/* Compiles the embedded templates once; call before serving. */
int web_init(struct err *e);
void web_shutdown(void);
/* The page routes (static storage). */
const struct http_route *web_routes(int *n);
/* An HTML error page for status and message; used for http_config.error_page and
 * app.error_page. */
void web_error_page(struct http_req *r, struct http_resp *w, int status, const char *message,
                    void *app);

#endif
