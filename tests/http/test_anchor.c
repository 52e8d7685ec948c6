/* test_anchor.c — anchoring the audit chain outside the database (issue 18 item 8), on both
 * databases. The suite makes a test CA key as the agency's (a PKCS#12 file, see
 * test_anchor.env); an admin anchors the head on demand; the public list carries the
 * statement and its detached CMS signature, which `openssl cms -verify` accepts against the
 * certificate; `motcua audit anchor` timestamps through a local RFC 3161 authority (`openssl
 * ts -reply` behind a small Python HTTP server) and `openssl ts -verify` accepts the token;
 * `motcua audit verify --anchors` passes an intact chain against the published list (file or
 * URL); then, with a copy of the list kept aside, the chain's tail is cut after the anchor
 * and the head row rewritten to match — plain `audit verify` finds nothing, the anchors show
 * the cut — and once new entries cover the cut seq, they show the rewritten entry. */
#include "tcheck.h"
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static struct tclient *admin, *anon;
static char work[512];

static int setup(void **state)
{
    (void)state;
    snprintf(work, sizeof work, "%s", test_env("MOTCUA_TEST_WORK", "/tmp"));
    char out[4096];
    int rc = td_sh(out, sizeof out,
                   "cd '%s' && openssl req -x509 -newkey rsa:2048 -nodes -keyout anchor.key "
                   "-out anchor.crt -days 30 -subj '/CN=UBND xa thu nghiem/O=motcua test' "
                   "2>/dev/null && openssl pkcs12 -export -inkey anchor.key -in anchor.crt "
                   "-out anchor.p12 -passout pass:anchor-test && rm anchor.key",
                   work);
    if (rc != 0)
        return -1;
    admin = tc_as("admin", "quantri@2026");
    anon = tc_new(NULL);
    return admin && anon ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tc_free(admin);
    tc_free(anon);
    return 0;
}

static void write_text(const char *name, const char *text)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", work, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The anchors as published, newest first (a new reference). */
static json_t *published(void)
{
    json_t *j = tc_get_json(anon, "/api/v1/audit/anchors");
    json_t *list = json_incref(json_object_get(j, "anchors"));
    json_decref(j);
    assert_true(json_is_array(list));
    return list;
}

/* `motcua audit …` on the suite's database with extra environment (may be ""). */
static int audit_cli(char *out, size_t len, const char *env, const char *args)
{
    return td_sh(out, len, "%s '%s' audit %s --db '%s' 2>&1", env, test_env("MOTCUA_BIN", ""), args,
                 test_env("MOTCUA_TEST_DB", ""));
}

static void test_admin_anchors_a_signed_head(void **state)
{
    (void)state;
    json_t *made = td_post_expect(admin, "/api/v1/audit/anchors", "{}", 201);
    const char *sig = tj_str(made, "signature");
    assert_non_null(sig);
    assert_non_null(strstr(tj_str(made, "signer"), "UBND xa thu nghiem"));
    json_t *list = published();
    assert_int_equal(json_array_size(list), 1);
    json_t *a = json_array_get(list, 0);
    assert_int_equal(tj_int(a, "seq"), tj_int(made, "seq"));
    assert_string_equal(tj_str(a, "hash"), tj_str(made, "hash"));
    /* The statement names the head; the signature verifies over it with the certificate. */
    char want[128];
    snprintf(want, sizeof want, "seq: %lld\nhash: %s\n", tj_int(a, "seq"), tj_str(a, "hash"));
    assert_non_null(strstr(tj_str(a, "statement"), want));
    write_text("statement.txt", tj_str(a, "statement"));
    write_text("signature.b64", tj_str(a, "signature"));
    char out[4096];
    assert_int_equal(td_sh(out, sizeof out,
                           "cd '%s' && base64 -d -w0 signature.b64 > signature.der 2>/dev/null "
                           "|| base64 -d signature.b64 > signature.der; openssl cms -verify "
                           "-binary -inform DER -in signature.der -content statement.txt "
                           "-CAfile anchor.crt -purpose any -out /dev/null 2>&1",
                           work),
                     0);
    assert_non_null(strstr(out, "Verification successful"));
    /* A changed statement does not verify. */
    write_text("statement.txt", "motcua audit anchor\nseq: 1\nhash: 00\n");
    assert_int_not_equal(td_sh(out, sizeof out,
                               "cd '%s' && openssl cms -verify -binary -inform DER -in "
                               "signature.der -content statement.txt -CAfile anchor.crt "
                               "-purpose any -out /dev/null 2>&1",
                               work),
                         0);
    json_decref(list);
    json_decref(made);
}

/* A local RFC 3161 authority: a CA, a TSA certificate for timeStamping, and
 * tests/support/tsa_server.py answering with `openssl ts -reply`; its URL in url. */
static pid_t start_tsa(char *url, size_t len)
{
    char out[4096];
    const char *support = test_env("MOTCUA_TEST_SUPPORT", ".");
    int rc = td_sh(out, sizeof out, "'%s/tsa_setup.sh' '%s/tsa' 2>&1", support, work);
    if (rc != 0)
        fprintf(stderr, "tsa_setup: %s\n", out);
    assert_int_equal(rc, 0);
    pid_t pid = fork();
    if (pid == 0) {
        char dir[700];
        snprintf(dir, sizeof dir, "%s/tsa", work);
        char script[700];
        snprintf(script, sizeof script, "%s/tsa_server.py", support);
        execlp("python3", "python3", script, dir, (char *)NULL);
        _exit(127);
    }
    char port_file[700];
    snprintf(port_file, sizeof port_file, "%s/tsa/port", work);
    int port = 0;
    for (int i = 0; i < 100 && !port; i++) {
        FILE *f = fopen(port_file, "r");
        if (f) {
            if (fscanf(f, "%d", &port) != 1)
                port = 0;
            fclose(f);
        }
        if (!port)
            usleep(100000);
    }
    assert_true(port > 0);
    snprintf(url, len, "http://127.0.0.1:%d/tsa", port);
    return pid;
}

static void test_command_line_anchor_is_timestamped(void **state)
{
    (void)state;
    char url[128], env[256], out[4096];
    pid_t tsa = start_tsa(url, sizeof url);
    snprintf(env, sizeof env, "MOTCUA_ANCHOR_TSA=%s", url);
    int rc = audit_cli(out, sizeof out, env, "anchor");
    kill(tsa, SIGTERM);
    waitpid(tsa, NULL, 0);
    if (rc != 0)
        fprintf(stderr, "audit anchor: %s\n", out);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "signed by"));
    json_t *list = published();
    json_t *a = json_array_get(list, 0);
    assert_true(tj_int(a, "tsa_time") > 0);
    write_text("signature.b64", tj_str(a, "signature"));
    write_text("tsr.b64", tj_str(a, "timestamp_token"));
    assert_int_equal(td_sh(out, sizeof out,
                           "cd '%s' && base64 -d signature.b64 > signature.der && base64 -d "
                           "tsr.b64 > tsr.der && openssl ts -verify -in tsr.der -data "
                           "signature.der -CAfile tsa/ca.crt 2>&1",
                           work),
                     0);
    assert_non_null(strstr(out, "Verification: OK"));
    json_decref(list);
}

static char copy_path[700];
static int64_t anchored;

static void test_intact_chain_passes_its_anchors(void **state)
{
    (void)state;
    json_t *made = td_post_expect(admin, "/api/v1/audit/anchors", "{}", 201);
    anchored = tj_int(made, "seq");
    json_decref(made);
    /* A copy of the published list, kept where the database's owner cannot reach it. */
    struct tresp r = tc_get(anon, "/api/v1/audit/anchors");
    assert_int_equal(r.status, 200);
    snprintf(copy_path, sizeof copy_path, "%s/anchors-copy.json", work);
    write_text("anchors-copy.json", r.body);
    tc_resp_free(&r);
    char out[4096], args[1024];
    snprintf(args, sizeof args, "verify --anchors '%s'", copy_path);
    assert_int_equal(audit_cli(out, sizeof out, "", args), 0);
    assert_non_null(strstr(out, "anchors match"));
    snprintf(args, sizeof args, "verify --anchors '%s/api/v1/audit/anchors'",
             test_env("MOTCUA_TEST_URL", ""));
    assert_int_equal(audit_cli(out, sizeof out, "", args), 0);
    assert_non_null(strstr(out, "3 anchors match"));
}

static void test_cut_tail_and_rewritten_head_are_reported(void **state)
{
    (void)state;
    int64_t keep = anchored - 1;
    char keep_s[32];
    snprintf(keep_s, sizeof keep_s, "%lld", (long long)keep);
    tc_db_run("DELETE FROM audit_log WHERE seq > $1", DB_ARGS(DB_I(keep)));
    tc_db_run("UPDATE audit_head SET seq = $1, hash = (SELECT hash FROM audit_log WHERE seq = $1) "
              "WHERE id = 1",
              DB_ARGS(DB_I(keep)));
    char out[4096], args[1024];
    /* The chain alone looks whole. */
    assert_int_equal(audit_cli(out, sizeof out, "", "verify"), 0);
    assert_non_null(strstr(out, "intact"));
    snprintf(args, sizeof args, "verify --anchors '%s'", copy_path);
    assert_int_equal(audit_cli(out, sizeof out, "", args), 1);
    assert_non_null(strstr(out, "tail cut"));
    /* New entries cover the cut seq: now the anchor's entry has another hash. */
    for (int i = 0; i < 2; i++) {
        json_t *j = td_post_expect(admin, "/api/v1/audit/anchors", "{}", 201);
        json_decref(j);
    }
    assert_int_equal(audit_cli(out, sizeof out, "", "verify"), 0);
    assert_int_equal(audit_cli(out, sizeof out, "", args), 1);
    assert_non_null(strstr(out, "head rewritten"));
    char first[64];
    snprintf(first, sizeof first, "first at entry %lld", (long long)anchored);
    assert_non_null(strstr(out, first));
}

/* The daily job (`motcua jobs run-once` at a chosen moment): it anchors when the newest
 * anchor is a day old, not twice the same day, and again the next day. */
static void test_the_job_anchors_once_a_day(void **state)
{
    (void)state;
    char out[4096];
    const char *moments[] = {"2030-01-01T08:00", "2030-01-01T20:00", "2030-01-02T08:01"};
    const char *said[] = {"anchored the chain's head", "less than a day old",
                          "anchored the chain's head"};
    for (int i = 0; i < 3; i++) {
        char args[256];
        snprintf(args, sizeof args, "'%s' jobs run-once --db '%s' --now %s 2>&1",
                 test_env("MOTCUA_BIN", ""), test_env("MOTCUA_TEST_DB", ""), moments[i]);
        assert_int_equal(td_run(args, out, sizeof out), 0);
        if (!strstr(out, said[i]))
            fail_msg("run %d: %s", i, out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_admin_anchors_a_signed_head),
        cmocka_unit_test(test_command_line_anchor_is_timestamped),
        cmocka_unit_test(test_intact_chain_passes_its_anchors),
        cmocka_unit_test(test_cut_tail_and_rewritten_head_are_reported),
        cmocka_unit_test(test_the_job_anchors_once_a_day),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
