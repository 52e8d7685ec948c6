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
/* Dossiers whose code occurs more than once; sum of the daily sequences minus dossiers
 * (0 when the code counters equal a rebuild from the dossiers). */
int64_t td_duplicate_codes(void);
int64_t td_counter_drift(void);

#endif
