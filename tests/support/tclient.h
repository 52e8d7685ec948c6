/* tclient.h — a small HTTP client over libcurl for the HTTP suites: one client is one browser
 * (it keeps cookies), requests return status, headers and body, and helpers pull tokens out
 * of pages the way a person's browser would submit them. */
#ifndef MOTCUA_TCLIENT_H
#define MOTCUA_TCLIENT_H

#include <jansson.h>
#include <stddef.h>

struct tresp {
    long status;
    char *body;
    size_t len;
    char *headers; /* raw header block */
    json_t *json;  /* parsed body when it is JSON, else NULL */
};

struct tclient;

/* A client for $MOTCUA_TEST_URL (or base when given). */
struct tclient *tc_new(const char *base);
void tc_free(struct tclient *c);
void tc_resp_free(struct tresp *r);
/* Connects from this local address ("127.0.0.2": the server then sees another client on
 * loopback); NULL for the default. */
void tc_set_source(struct tclient *c, const char *address);
/* Sets a header sent with every request ("Authorization: Bearer …"); NULL clears. */
void tc_set_header(struct tclient *c, const char *header);

struct tresp tc_get(struct tclient *c, const char *path);
/* body is an urlencoded form ("a=1&b=2"); build values with tc_escape. */
struct tresp tc_post_form(struct tclient *c, const char *path, const char *body);
struct tresp tc_post_json(struct tclient *c, const char *path, const char *json);
/* Any method, body and content type, and extra headers separated by "\n". */
struct tresp tc_request(struct tclient *c, const char *method, const char *path,
                        const char *content_type, const char *body, size_t len,
                        const char *extra_headers);

/* URL-encodes s (static buffer per call slot 0..3). */
const char *tc_escape(struct tclient *c, const char *s);
/* The value of the first <input name="NAME" value="…"> in html (static buffer), or NULL. */
const char *tc_input_value(const char *html, const char *name);
/* The value of a response header (case-insensitive), static buffer, or NULL. */
const char *tc_header(const struct tresp *r, const char *name);
/* Logs in through the HTML form; returns the page's CSRF token for later forms (static). */
const char *tc_login_form(struct tclient *c, const char *user, const char *password);
/* A new client logged in through the JSON API as user; fails the running cmocka test when
 * the login is refused. */
struct tclient *tc_as(const char *user, const char *password);
/* The string member key of a JSON object, or "" when it is absent or not a string. */
const char *tj_str(json_t *j, const char *key);
/* Logs in through the JSON API and sends the token as Bearer from then on. 0 on success. */
int tc_login_api(struct tclient *c, const char *user, const char *password);

#endif
