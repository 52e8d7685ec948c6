/* test_notify.c — notifications to applicants through real channels: a dossier received
 * while the SMTP server and the SMS gateway are both down is still received (a failed channel
 * never blocks a transition); its messages go back to `queued` with the error kept; once a
 * real SMTP server (python3-aiosmtpd, storing a Maildir) and a webhook receiver are up, the
 * retries deliver them: the e-mail arrives with its UTF-8 subject and Vietnamese body (code,
 * procedure, appointment in the official style, lookup link, never the CCCD), and the SMS
 * gateway gets its JSON. A later event (supplement requested at reception) gets its own
 * template. Runs through tests/support/with-smtp.sh, which chose the ports. */
#include "tcheck.h"
#include "tclient.h"
#include "testutil.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define CCCD        "079203001234"
#define EMAIL       "an.nguyen@example.vn"
#define WAIT_ROUNDS 1200 /* of 100 ms: a generous bound for a liveness wait, not a timing check */

extern char **environ;

static pid_t smtp_pid, hook_pid;

static pid_t spawn(char *const argv[])
{
    pid_t pid = 0;
    assert_int_equal(posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ), 0);
    return pid;
}

static int port_open(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
    close(fd);
    return ok;
}

static void wait_port(int port, pid_t pid)
{
    for (int i = 0; i < WAIT_ROUNDS && !port_open(port); i++) {
        assert_int_equal(waitpid(pid, NULL, WNOHANG), 0);
        usleep(100 * 1000);
    }
    assert_true(port_open(port));
}

static void stop(pid_t *pid)
{
    if (*pid > 0) {
        kill(*pid, SIGTERM);
        waitpid(*pid, NULL, 0);
    }
    *pid = 0;
}

static void start_receivers(void)
{
    char hook_script[4096];
    snprintf(hook_script, sizeof hook_script, "%s/tests/notify/hook_receiver.py",
             test_env("MOTCUA_TEST_SOURCE_DIR", "."));
    char listen[64];
    snprintf(listen, sizeof listen, "127.0.0.1:%s", test_env("MOTCUA_TEST_SMTP_PORT", "0"));
    char *smtp[] = {"/usr/bin/python3",
                    "-m",
                    "aiosmtpd",
                    "-n",
                    "-l",
                    listen,
                    "-c",
                    "aiosmtpd.handlers.Mailbox",
                    (char *)test_env("MOTCUA_TEST_MAILDIR", ""),
                    NULL};
    char *hook[] = {"/usr/bin/python3", hook_script, (char *)test_env("MOTCUA_TEST_HOOK_PORT", "0"),
                    (char *)test_env("MOTCUA_TEST_HOOK_DIR", ""), NULL};
    smtp_pid = spawn(smtp);
    hook_pid = spawn(hook);
    wait_port(atoi(test_env("MOTCUA_TEST_SMTP_PORT", "0")), smtp_pid);
    wait_port(atoi(test_env("MOTCUA_TEST_HOOK_PORT", "0")), hook_pid);
}

static int teardown(void **state)
{
    (void)state;
    stop(&smtp_pid);
    stop(&hook_pid);
    return 0;
}

static char *receive(const char *outcome, const char *extra)
{
    struct tclient *desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    char body[2048];
    snprintf(body, sizeof body,
             "{\"procedure_code\":\"1.001193\",\"outcome\":\"%s\",\"channel\":\"counter\","
             "\"return_method\":\"counter\",\"received\":[1,1,1,1,1,1,1,1],"
             "\"applicant\":{\"kind\":\"person\",\"name\":\"Nguyễn Văn An\",\"id_number\":\"" CCCD
             "\",\"phone\":\"0912 345 678\",\"email\":\"" EMAIL "\","
             "\"address\":\"Ấp 1, thị trấn Giồng Riềng\"}%s}",
             outcome, extra ? extra : "");
    struct tresp r = tc_post_json(desk, "/api/v1/dossiers", body);
    if (r.status != 201)
        fprintf(stderr, "receive: %ld %s\n", r.status, r.body);
    assert_int_equal(r.status, 201);
    char *code = strdup(tj_str(r.json, "code"));
    tc_resp_free(&r);
    tc_free(desk);
    return code;
}

/* The outbox row of the dossier on channel, as administrators see it (a new reference), or
 * NULL. */
static json_t *outbox_row(struct tclient *admin, const char *code, const char *channel)
{
    struct tresp r = tc_get(admin, "/api/v1/outbox?limit=500");
    assert_int_equal(r.status, 200);
    json_t *found = NULL, *m;
    size_t i;
    json_array_foreach(json_object_get(r.json, "messages"), i, m)
    {
        if (!found && strcmp(tj_str(m, "channel"), channel) == 0 &&
            strcmp(tj_str(json_object_get(m, "payload"), "code"), code) == 0)
            found = json_incref(m);
    }
    tc_resp_free(&r);
    return found;
}

static int is_retry(json_t *m)
{
    return strcmp(tj_str(m, "status"), "queued") == 0 &&
           json_integer_value(json_object_get(m, "attempts")) >= 1 && *tj_str(m, "last_error");
}

static int is_sent(json_t *m)
{
    return strcmp(tj_str(m, "status"), "sent") == 0;
}

/* Waits until the row satisfies want; returns it (caller decrefs). */
static json_t *wait_row(struct tclient *admin, const char *code, const char *channel,
                        int (*want)(json_t *))
{
    json_t *m = NULL;
    for (int i = 0; i < WAIT_ROUNDS; i++) {
        json_decref(m);
        m = outbox_row(admin, code, channel);
        if (m && want(m))
            return m;
        usleep(100 * 1000);
    }
    fprintf(stderr, "outbox row for %s/%s never reached the wanted state\n", code, channel);
    if (m)
        json_dumpf(m, stderr, JSON_INDENT(1));
    fail();
    return NULL;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *s = calloc(1, 1 << 20);
    size_t n = fread(s, 1, (1 << 20) - 1, f);
    s[n] = '\0';
    fclose(f);
    return s;
}

static void base64_append(char *out, size_t cap, const char *b64, size_t len)
{
    size_t have = strlen(out), got = 0;
    assert_int_equal(sodium_base642bin((unsigned char *)out + have, cap - have - 1, b64, len,
                                       "\r\n \t", &got, NULL, sodium_base64_VARIANT_ORIGINAL),
                     0);
    out[have + got] = '\0';
}

/* The decoded Subject of a stored message (RFC 2047 B-encoded words). */
static void mail_subject(const char *msg, char *out, size_t cap)
{
    *out = '\0';
    const char *p = strstr(msg, "\nSubject:");
    assert_non_null(p);
    const char *end = strstr(p + 1, "\n");
    while (end && (end[1] == ' ' || end[1] == '\t'))
        end = strstr(end + 1, "\n");
    for (const char *w = strstr(p, "=?UTF-8?B?"); w && w < end; w = strstr(w, "=?UTF-8?B?")) {
        w += 10;
        const char *close = strstr(w, "?=");
        base64_append(out, cap, w, (size_t)(close - w));
        w = close + 2;
    }
}

static void mail_body(const char *msg, char *out, size_t cap)
{
    *out = '\0';
    const char *p = strstr(msg, "\n\n");
    const char *crlf = strstr(msg, "\r\n\r\n");
    const char *start = p && (!crlf || p < crlf) ? p + 2 : crlf + 4;
    base64_append(out, cap, start, strlen(start));
}

/* The raw stored message whose decoded subject is subject (caller frees), or fails. */
static char *find_mail(const char *subject)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/new", test_env("MOTCUA_TEST_MAILDIR", ""));
    DIR *d = opendir(dir);
    assert_non_null(d);
    char *found = NULL;
    for (struct dirent *de; !found && (de = readdir(d)) != NULL;) {
        if (de->d_name[0] == '.')
            continue;
        char path[8192], got[1024];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        char *msg = read_file(path);
        mail_subject(msg, got, sizeof got);
        if (strcmp(got, subject) == 0)
            found = msg;
        else
            free(msg);
    }
    closedir(d);
    if (!found)
        fprintf(stderr, "no stored e-mail with subject '%s'\n", subject);
    assert_non_null(found);
    return found;
}

static json_t *hook_message(const char *code)
{
    const char *dir = test_env("MOTCUA_TEST_HOOK_DIR", "");
    for (int i = 0; i < 100; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%d.json", dir, i);
        if (access(path, R_OK) != 0)
            break;
        json_t *j = json_load_file(path, 0, NULL);
        if (j && strcmp(tj_str(j, "dossier_code"), code) == 0)
            return j;
        json_decref(j);
    }
    fprintf(stderr, "the SMS gateway got nothing about %s\n", code);
    fail();
    return NULL;
}

static void test_down_then_delivered(void **state)
{
    (void)state;
    struct tclient *admin = tc_as("admin", "quantri@2026");
    /* Both channels are down: the reception still succeeds. */
    char *code = receive("accept", NULL);
    json_t *m = wait_row(admin, code, "email", is_retry);
    assert_string_equal(tj_str(m, "recipient"), EMAIL);
    assert_string_equal(tj_str(m, "event"), "dossier.received");
    assert_non_null(strstr(tj_str(m, "last_error"), "SMTP"));
    json_decref(m);
    json_decref(wait_row(admin, code, "sms", is_retry));

    /* The channels come up: the retries deliver. */
    start_receivers();
    m = wait_row(admin, code, "email", is_sent);
    assert_true(json_integer_value(json_object_get(m, "attempts")) >= 2);
    assert_true(json_is_null(json_object_get(m, "last_error")) ||
                !json_object_get(m, "last_error"));
    json_decref(m);
    json_decref(wait_row(admin, code, "sms", is_sent));

    char subject[1024], body[16384];
    snprintf(subject, sizeof subject, "Hồ sơ %s đã được tiếp nhận", code);
    char *msg = find_mail(subject);
    assert_non_null(strstr(msg, "To: " EMAIL));
    assert_non_null(strstr(msg, "Content-Type: text/plain; charset=UTF-8"));
    assert_non_null(strstr(msg, "Message-ID: <motcua.outbox."));
    if (strncmp(msg, "Date: ", 6) != 0 && !strstr(msg, "\nDate: "))
        fail_msg("no Date header in:\n%s", msg);
    mail_body(msg, body, sizeof body);
    assert_non_null(strstr(body, "Kính gửi ông/bà Nguyễn Văn An,"));
    char line[512];
    snprintf(line, sizeof line, "Mã hồ sơ: %s.", code);
    assert_non_null(strstr(body, line));
    assert_non_null(strstr(body, "Trạng thái: Đang xử lý."));
    assert_non_null(strstr(body, "Ngày hẹn trả kết quả: "));
    assert_non_null(strstr(body, " giờ "));
    assert_non_null(strstr(body, ", ngày "));
    snprintf(line, sizeof line, "Tra cứu hồ sơ: https://dichvucong.example.vn/tra-cuu/%s", code);
    assert_non_null(strstr(body, line));
    assert_null(strstr(body, CCCD));
    assert_null(strstr(msg, CCCD));
    free(msg);

    json_t *sms = hook_message(code);
    assert_string_equal(tj_str(sms, "channel"), "sms");
    assert_string_equal(tj_str(sms, "event"), "dossier.received");
    assert_non_null(strstr(tj_str(sms, "to"), "0912"));
    assert_non_null(strstr(tj_str(sms, "text"), code));
    assert_null(strstr(tj_str(sms, "text"), CCCD));
    json_decref(sms);
    free(code);
    tc_free(admin);
}

static void test_supplement_template(void **state)
{
    (void)state;
    struct tclient *admin = tc_as("admin", "quantri@2026");
    char *code = receive("supplement", ",\"missing\":[\"Giấy chứng sinh\"]");
    json_t *m = wait_row(admin, code, "email", is_sent);
    assert_string_equal(tj_str(m, "event"), "dossier.supplement_requested");
    json_decref(m);
    char subject[1024], body[16384];
    snprintf(subject, sizeof subject, "Hồ sơ %s cần bổ sung", code);
    char *msg = find_mail(subject);
    mail_body(msg, body, sizeof body);
    assert_non_null(strstr(body, "đề nghị bổ sung, hoàn thiện"));
    assert_non_null(strstr(body, "Trạng thái: Chờ bổ sung hồ sơ."));
    assert_null(strstr(body, "Ngày hẹn trả kết quả"));
    free(msg);
    free(code);
    tc_free(admin);
}

/* A one-time code is not about a dossier: it goes out by e-mail as written, with its own
 * subject and no lookup link. */
static void test_signup_code_by_email(void **state)
{
    (void)state;
    struct tclient *admin = tc_as("admin", "quantri@2026");
    struct tclient *citizen = tc_citizen("ma.xac.minh@example.vn", "ma.xac.minh@example.vn",
                                         "Trần Thị Mai", "matkhau-rat-dai");
    char *otp = tc_code_sent_to("ma.xac.minh@example.vn");
    json_t *m = wait_row(admin, otp, "email", is_sent);
    assert_string_equal(tj_str(m, "event"), "citizen.verify_code");
    json_decref(m);
    char subject[256], body[16384];
    snprintf(subject, sizeof subject, "Mã xác minh tài khoản Dịch vụ công: %s", otp);
    char *msg = find_mail(subject);
    mail_body(msg, body, sizeof body);
    assert_non_null(strstr(body, "Kính gửi ông/bà Trần Thị Mai."));
    assert_non_null(strstr(body, otp));
    assert_null(strstr(body, "Tra cứu hồ sơ"));
    free(msg);
    free(otp);
    tc_free(citizen);
    tc_free(admin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_down_then_delivered),
        cmocka_unit_test(test_supplement_template),
        cmocka_unit_test(test_signup_code_by_email),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
