/* tdesk.h — the one-stop desk as the fault and hostile suites drive it over the API: receive
 * a dossier at the commune counter of the demo tree, move it, read its version; and counts
 * taken straight from the database to check that nothing was lost or written twice. */
#ifndef MOTCUA_TDESK_H
#define MOTCUA_TDESK_H

#include "tclient.h"

#include <stddef.h>
#include <stdint.h>

/* Demo accounts of commune X01 (who receive, appraise and sign 1.001193, birth registration). */
#define TD_DESK "tiepnhan.xa", "tiepnhan@2026"
#define TD_SPEC "chuyenvien.xa", "chuyenvien@2026"
#define TD_LEAD "lanhdao.xa", "lanhdao@2026"
#define TD_PROC "1.001193"

/* Accepts a dossier of TD_PROC for the applicant name (and address, may be NULL): the HTTP
 * status (201 on success, -1 when the server is gone), the code copied to code. */
long td_receive(struct tclient *c, const char *name, const char *address, char *code, size_t len);
/* Posts action ("advance"…) with expected_version: the HTTP status. */
long td_act(struct tclient *c, const char *code, const char *action, int version);
/* The dossier's version, or -1 when it cannot be read (status in *status when not NULL). */
int td_version(struct tclient *c, const char *code, long *status);
/* One integer from the database behind $MOTCUA_TEST_DB (a fresh connection each call);
 * text parameters may be NULL-terminated in params. -1 on failure, with a message. */
int64_t td_db_int(const char *sql, const char *const *params);
/* One text value the same way, into out; 0, or an E_* code with a message. */
int td_db_text(const char *sql, const char *const *params, char *out, size_t len);
/* Dossiers whose code occurs more than once; sum of the daily sequences minus dossiers
 * (0 when the code counters equal a rebuild from the dossiers). */
int64_t td_duplicate_codes(void);
int64_t td_counter_drift(void);

/* What the flow suites ask of the API again and again. */
/* Posts a reception of procedure with outcome for the applicant name, with the CCCD, phone,
 * address and counter channel of td_receive; extra (may be NULL) is more members as JSON text
 * after a comma (",\"missing\":[…]"), merged over those (an applicant member into the
 * applicant). The response (caller frees). */
struct tresp td_post_reception(struct tclient *c, const char *procedure, const char *outcome,
                               const char *name, const char *extra);
/* td_post_reception with outcome "accept", failing the test unless 201: the code (caller
 * frees). */
char *td_accept(struct tclient *c, const char *procedure, const char *name, const char *extra);
/* td_act with extra members (",\"note\":…", may be NULL); the answer's JSON in *out when not
 * NULL (a new reference). Server errors are printed. */
long td_act_extra(struct tclient *c, const char *code, const char *action, int version,
                  const char *extra, json_t **out);
/* td_act_extra as actor with the version reader sees now. */
long td_act_now(struct tclient *actor, struct tclient *reader, const char *code, const char *action,
                const char *extra);
/* POST body (NULL: no body) to path as JSON, failing the test unless the answer has status
 * (the body is printed first): the answer's JSON (a new reference). For a GET, tc_get_json. */
json_t *td_post_expect(struct tclient *c, const char *path, const char *body, long status);
/* "/api/v1/dossiers/{code}{suffix}", in one of four static buffers used in turn (so that a
 * call may take two); for one thread only. */
const char *td_path(const char *code, const char *suffix);
/* The desk in a browser. */
/* A client logged in through the login form as user, its CSRF token copied to csrf ("" when
 * the login failed). */
struct tclient *td_browser(const char *user, const char *password, char *csrf, size_t len);
/* GETs a page, failing the test unless 200 (the answer is printed first): its HTML (caller
 * frees). */
char *td_page(struct tclient *c, const char *path);
/* POSTs a form body to path: the status (a 5xx answer is printed), the page in *html and the
 * Location header in *location when they are not NULL (caller frees; "" when absent). */
long td_form(struct tclient *c, const char *path, const char *body, char **html, char **location);
/* Asks unit_key for an opinion on the dossier over the API with expected_version version,
 * failing the test unless the answer has status expect: the answer's JSON (a new reference). */
json_t *td_consult(struct tclient *c, const char *code, const char *unit_key, int version,
                   long expect);

/* Runs the shell command cmd: its standard output in out (at most len - 1 bytes, NUL
 * terminated), the exit status as pclose gives it (-1 when it could not run). */
int td_run(const char *cmd, char *out, size_t len);
/* td_run of a printf-formatted command: its standard output in out, its exit code (-1 when it
 * could not run or did not exit). */
int td_sh(char *out, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
