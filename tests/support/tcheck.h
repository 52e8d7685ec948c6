/* tcheck.h — what the HTTP suites assert about answers (status and the field an error names),
 * the database statements they run as time passing or an operator would, and the citizen
 * accounts they register through the real sign-up flow. Assertions fail the running cmocka
 * test. */
#ifndef MOTCUA_TCHECK_H
#define MOTCUA_TCHECK_H

#include "db.h"
#include "tclient.h"

/* Expects status and, for errors, the field named in the error body (NULL: any). */
void tc_expect(struct tresp *r, long status, const char *field);
void tc_post_expect(struct tclient *c, const char *path, const char *body, long status,
                    const char *field);
void tc_get_expect(struct tclient *c, const char *path, long status);
/* GET path, expecting 200; the JSON body (a new reference). */
json_t *tc_get_json(struct tclient *c, const char *path);
/* The integer member key of a JSON object (0 when absent). */
long long tj_int(json_t *j, const char *key);
/* Runs one statement on the server's database ($MOTCUA_TEST_DB). */
void tc_db_run(const char *sql, const struct db_param *p, int n);
/* The first column of the first row of a query on the server's database, or NULL when there
 * is no row or the value is NULL (caller frees). */
char *tc_db_text(const char *sql, const struct db_param *p, int n);
/* The newest one-time code of purpose ("signup", "reset") for username, opened from its seal
 * in the database with $MOTCUA_CODE_KEY (with-server.sh sets it) the way delivery opens it;
 * NULL once it was forgotten (delivered) or never issued (caller frees). No administrator's
 * view shows a code (docs/notifications.md). */
char *tc_sealed_code(const char *username, const char *purpose);
/* The newest sign-up code of username, still waiting for delivery (caller frees). */
char *tc_code_sent_to(const char *username);
/* Registers login with full name and password, verifies it with the code from the outbox,
 * and returns a client logged in as username. */
struct tclient *tc_citizen(const char *login, const char *username, const char *name,
                           const char *password);
/* The outbox messages of event to recipient on channel (NULL: any), in the outbox's order
 * (newest first), as an administrator reads them (a new reference). */
json_t *tc_outbox_to(const char *recipient, const char *event, const char *channel);

#endif
