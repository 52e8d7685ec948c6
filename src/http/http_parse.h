/* http_parse.h — the request parsers of the HTTP layer as pure functions over bytes, so each
 * can be unit-tested and fuzzed without a socket. Every string they hand back has been
 * checked to be UTF-8 and normalised to NFC; a string that is not UTF-8 makes the parser fail
 * with E_INVALID and the offending field's name in e->field. Everything is allocated in the
 * given arena. */
#ifndef MOTCUA_HTTP_PARSE_H
#define MOTCUA_HTTP_PARSE_H

#include "http.h"

/* Validates s[0..len) as UTF-8 without NUL bytes and returns its NFC form in *out.
 * E_INVALID (e names `field`) when it is not. */
int http_clean_text(struct arena *a, const char *s, size_t len, const char *field, char **out,
                    struct err *e);

/* Replaces every string and object key in j by its NFC form, recursively. Keys that become
 * equal after normalisation, or nesting deeper than max_depth, are E_INVALID. */
int http_clean_json(struct arena *a, json_t *j, int max_depth, struct err *e);

/* Percent-decoding. HTTP_PCT_PLUS turns '+' into a space (form encoding); HTTP_PCT_STRICT
 * rejects a malformed escape and any NUL byte, raw or %00 (paths). The result may
 * contain NUL bytes when not strict, hence the explicit length. */
enum { HTTP_PCT_PLUS = 1, HTTP_PCT_STRICT = 2 };
int http_percent_decode(struct arena *a, const char *s, size_t len, unsigned flags, char **out,
                        size_t *out_len);

/* application/x-www-form-urlencoded body or URL query string. Lenient: empty pieces and
 * malformed escapes are tolerated; `what` ("query", "form") names the field of an error
 * about a key that is itself not UTF-8. */
int http_parse_urlencoded(struct arena *a, const char *s, size_t len, const char *what,
                          struct http_kv **out, int *nout, struct err *e);

/* One Cookie: header value ("a=1; b=\"2\""). Pieces without '=' or with an empty name are
 * skipped; surrounding double quotes are removed from values. Results are appended to
 * out and nout, which may already hold cookies from an earlier Cookie: header. */
int http_parse_cookies(struct arena *a, const char *header, size_t len, struct http_kv **out,
                       int *nout, struct err *e);

/* The value of parameter `name` in a header such as `form-data; name="a"; filename="b.pdf"`
 * or `multipart/form-data; boundary=xyz` (names compare case-insensitively; values may be
 * tokens or quoted strings). E_NOTFOUND when absent. Not UTF-8 checked. */
int http_header_param(struct arena *a, const char *header, const char *name, char **out);

/* Streaming multipart/form-data: bytes go in as they arrive, parts come out through
 * callbacks. The strings passed to part_begin are raw (not yet UTF-8 checked); name and
 * filename are NULL when absent. A nonzero callback return stops the parser and is
 * returned by http_multipart_feed. */
struct http_multipart_cb {
    int (*part_begin)(void *ud, const char *name, const char *filename, const char *content_type);
    int (*part_data)(void *ud, const char *data, size_t len);
    int (*part_end)(void *ud);
};
struct http_multipart;

/* The boundary of a multipart/form-data Content-Type value; E_INVALID when missing or
 * longer than RFC 2046 allows. */
int http_multipart_boundary(struct arena *a, const char *content_type, char **out);
struct http_multipart *http_multipart_new(struct arena *a, const char *boundary,
                                          const struct http_multipart_cb *cb, void *ud);
int http_multipart_feed(struct http_multipart *m, const char *data, size_t len);
/* E_INVALID unless the closing boundary has been seen. */
int http_multipart_finish(struct http_multipart *m);

#endif
