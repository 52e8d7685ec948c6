/* test_notify.c — notifications to applicants through real channels: a dossier received
 * while the SMTP server and the SMS gateway are both down is still received (a failed channel
 * never blocks a transition); its messages go back to `queued` with the error kept; once a
 * real SMTP server (python3-aiosmtpd, storing a Maildir) and a webhook receiver are up, the
 * retries deliver them: the e-mail arrives with its UTF-8 subject and Vietnamese body (code,
 * procedure, appointment in the official style, lookup link, never the CCCD), and the SMS
 * gateway gets its JSON, signed. A later event (supplement requested at reception) gets its
 * own template, and one dossier walked through its life shows the e-mail and SMS text of each
 * of the nine statuses applicants are told about. The gateway's delivery receipts (HMAC
 * signed, here with libsodium, not the server's OpenSSL) move SMS messages to delivered or
 * failed, idempotently, and a forged one changes nothing; a citizen who chose Zalo and no
 * e-mail gets Zalo and SMS; a failed message is sent again from the administrators' page.
 * Runs through tests/support/with-smtp.sh, which chose the ports and the shared secret. */
#include "tcal.h"
#include "tcheck.h"
#include "tclient.h"
#include "tdesk.h"
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
#include <time.h>
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

/* What the gateway received about the dossier on channel for event (a new reference). */
static json_t *hook_message(const char *code, const char *channel, const char *event)
{
    const char *dir = test_env("MOTCUA_TEST_HOOK_DIR", "");
    for (int i = 0; i < 100000; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%d.json", dir, i);
        if (access(path, R_OK) != 0)
            break;
        json_t *j = json_load_file(path, 0, NULL);
        if (j && strcmp(tj_str(j, "dossier_code"), code) == 0 &&
            strcmp(tj_str(j, "channel"), channel) == 0 && strcmp(tj_str(j, "event"), event) == 0)
            return j;
        json_decref(j);
    }
    fprintf(stderr, "the gateway got nothing on %s about %s (%s)\n", channel, code, event);
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
    /* The lookup link carries the dossier's token: it opens the masked name and timeline. */
    snprintf(line, sizeof line, "Tra cứu hồ sơ: https://dichvucong.example.vn/tra-cuu/%s?t=", code);
    assert_non_null(strstr(body, line));
    assert_null(strstr(body, CCCD));
    assert_null(strstr(msg, CCCD));
    free(msg);

    json_t *row = outbox_row(admin, code, "sms");
    json_t *sms = hook_message(code, "sms", "dossier.received");
    assert_int_equal(tj_int(sms, "id"), tj_int(row, "id"));
    json_decref(row);
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
/* The code in the newest stored e-mail to `to` whose subject starts with prefix, waiting for
 * it to arrive; the raw message in *raw (caller frees both). */
static char *wait_code_mail(const char *to, const char *prefix, char **raw)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/new", test_env("MOTCUA_TEST_MAILDIR", ""));
    for (int round = 0; round < WAIT_ROUNDS; round++) {
        DIR *d = opendir(dir);
        char *code = NULL;
        for (struct dirent *de; d && !code && (de = readdir(d)) != NULL;) {
            if (de->d_name[0] == '.')
                continue;
            char path[8192], got[1024];
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            char *msg = read_file(path);
            mail_subject(msg, got, sizeof got);
            if (strstr(msg, to) && strncmp(got, prefix, strlen(prefix)) == 0) {
                code = strndup(got + strlen(prefix), 6);
                *raw = msg;
            } else
                free(msg);
        }
        if (d)
            closedir(d);
        if (code)
            return code;
        usleep(100 * 1000);
    }
    fail_msg("no e-mail to %s with subject '%s…'", to, prefix);
    return NULL;
}

/* A citizen account opened through the real sign-up, with the code from the e-mail it got
 * (here the code goes out at once and is forgotten, so tc_citizen cannot open it), logged
 * in. */
static struct tclient *citizen_by_mail(const char *login, const char *name, const char *password)
{
    struct tclient *c = tc_new(NULL);
    char body[512], *msg = NULL;
    snprintf(body, sizeof body, "{\"login\":\"%s\",\"full_name\":\"%s\",\"password\":\"%s\"}",
             login, name, password);
    tc_post_expect(c, "/api/v1/citizens", body, 201, NULL);
    char *otp = wait_code_mail(login, "Mã xác minh tài khoản Dịch vụ công: ", &msg);
    snprintf(body, sizeof body, "{\"login\":\"%s\",\"code\":\"%s\"}", login, otp);
    tc_post_expect(c, "/api/v1/citizens/verify", body, 200, NULL);
    assert_int_equal(tc_login_api(c, login, password), 0);
    free(otp);
    free(msg);
    return c;
}

/* What an administrator can see of the outbox: the API's list and the page (caller frees). */
static char *admin_views(struct tclient *admin)
{
    struct tresp api = tc_get(admin, "/api/v1/outbox?limit=500");
    struct tresp page = tc_get(admin, "/desk/thong-bao");
    assert_int_equal(api.status, 200);
    assert_int_equal(page.status, 200);
    size_t n = strlen(api.body) + strlen(page.body) + 2;
    char *both = malloc(n);
    snprintf(both, n, "%s\n%s", api.body, page.body);
    tc_resp_free(&api);
    tc_resp_free(&page);
    return both;
}

static void expect_no_code_in(const char *seen, const char *code, const char *when)
{
    if (strstr(seen, code))
        fail_msg("the code %s is visible to the administrator %s", code, when);
}

/* The outbox row of a code names the code row and holds no code; once delivered, the code is
 * gone from the database too (the sealed copy forgotten, only its hash left). */
static void expect_code_row_clean(const char *recipient, const char *event, const char *code)
{
    json_t *rows = tc_outbox_to(recipient, event, "email");
    json_t *m = json_array_get(rows, 0);
    assert_non_null(m);
    assert_string_equal(tj_str(m, "status"), "sent");
    json_t *p = json_object_get(m, "payload");
    assert_true(tj_int(p, "code_ref") > 0);
    assert_null(json_object_get(p, "code"));
    assert_non_null(strstr(tj_str(p, "subject"), "******"));
    char *stored = tc_db_text("SELECT payload FROM outbox WHERE id = $1",
                              DB_ARGS(DB_I((int64_t)tj_int(m, "id"))));
    expect_no_code_in(stored, code, "in the stored outbox row");
    free(stored);
    char *sealed = tc_db_text("SELECT code_sealed FROM verification_codes WHERE id = $1",
                              DB_ARGS(DB_I((int64_t)tj_int(p, "code_ref"))));
    assert_null(sealed);
    json_decref(rows);
}

/* Waits until the newest code message of event to recipient is recorded as sent. */
static void wait_code_sent(const char *recipient, const char *event)
{
    for (int i = 0; i < WAIT_ROUNDS; i++) {
        json_t *rows = tc_outbox_to(recipient, event, "email");
        int sent = strcmp(tj_str(json_array_get(rows, 0), "status"), "sent") == 0;
        json_decref(rows);
        if (sent)
            return;
        usleep(100 * 1000);
    }
    fail_msg("the %s message to %s was never sent", event, recipient);
}

#define OTP_MAIL "ma.xac.minh@example.vn"

/* A sign-up code and then a reset code by e-mail: the code arrives and works, and at no
 * moment does an administrator's view, or after delivery the database, hold it (issue #13). */
static void test_signup_code_by_email(void **state)
{
    (void)state;
    struct tclient *admin = tc_as("admin", "quantri@2026");
    struct tclient *anon = tc_new(NULL);
    tc_post_expect(anon, "/api/v1/citizens",
                   "{\"login\":\"" OTP_MAIL "\",\"full_name\":\"Trần Thị Mai\","
                   "\"password\":\"matkhau-rat-dai\"}",
                   201, NULL);
    char *before = admin_views(admin), *msg = NULL;
    char *otp = wait_code_mail(OTP_MAIL, "Mã xác minh tài khoản Dịch vụ công: ", &msg);
    expect_no_code_in(before, otp, "before delivery");
    free(before);
    char body[16384];
    mail_body(msg, body, sizeof body);
    assert_non_null(strstr(body, "Kính gửi ông/bà Trần Thị Mai."));
    assert_non_null(strstr(body, otp));
    assert_null(strstr(body, "Tra cứu hồ sơ"));
    free(msg);
    wait_code_sent(OTP_MAIL, "citizen.verify_code");
    char *after = admin_views(admin);
    expect_no_code_in(after, otp, "after delivery");
    free(after);
    expect_code_row_clean(OTP_MAIL, "citizen.verify_code", otp);
    char req[256];
    snprintf(req, sizeof req, "{\"login\":\"" OTP_MAIL "\",\"code\":\"%s\"}", otp);
    tc_post_expect(anon, "/api/v1/citizens/verify", req, 200, NULL);
    free(otp);

    /* A reset code the same way; it sets a new password. */
    tc_post_expect(anon, "/api/v1/citizens/password-reset", "{\"login\":\"" OTP_MAIL "\"}", 202,
                   NULL);
    otp = wait_code_mail(OTP_MAIL, "Mã đặt lại mật khẩu Dịch vụ công: ", &msg);
    free(msg);
    wait_code_sent(OTP_MAIL, "citizen.reset_code");
    after = admin_views(admin);
    expect_no_code_in(after, otp, "after delivering a reset code");
    free(after);
    expect_code_row_clean(OTP_MAIL, "citizen.reset_code", otp);
    snprintf(req, sizeof req,
             "{\"login\":\"" OTP_MAIL "\",\"code\":\"%s\",\"password\":\"mat-khau-moi-2027\"}",
             otp);
    tc_post_expect(anon, "/api/v1/citizens/password-reset/confirm", req, 200, NULL);
    assert_int_equal(tc_login_api(anon, OTP_MAIL, "mat-khau-moi-2027"), 0);

    /* A failed code message is not sent again: its code is gone; the person asks anew. */
    json_t *rows = tc_outbox_to(OTP_MAIL, "citizen.reset_code", "email");
    long long id = tj_int(json_array_get(rows, 0), "id");
    json_decref(rows);
    tc_db_run("UPDATE outbox SET status = 'failed' WHERE id = $1", DB_ARGS(DB_I(id)));
    char path[128];
    snprintf(path, sizeof path, "/api/v1/outbox/%lld/requeue", id);
    struct tresp r = tc_request(admin, "POST", path, "application/json", "{}", 2, NULL);
    tc_expect(&r, 409, "id");
    assert_non_null(strstr(r.body, "yêu cầu mã mới"));
    tc_resp_free(&r);
    free(otp);
    tc_free(anon);
    tc_free(admin);
}

/* The newest outbox row of the dossier on channel for event (a new reference), or NULL. */
static json_t *event_row(struct tclient *admin, const char *code, const char *channel,
                         const char *event)
{
    json_t *j = tc_get_json(admin, "/api/v1/outbox?limit=500"), *m, *found = NULL;
    size_t i;
    json_array_foreach(json_object_get(j, "messages"), i, m)
    {
        if (!found && strcmp(tj_str(m, "channel"), channel) == 0 &&
            strcmp(tj_str(m, "event"), event) == 0 &&
            strcmp(tj_str(json_object_get(m, "payload"), "code"), code) == 0)
            found = json_incref(m);
    }
    json_decref(j);
    return found;
}

/* One applicant-facing template: what the e-mail and the SMS must say. */
struct tpl {
    const char *event, *subject; /* subject after "Hồ sơ CODE " */
    const char *sentence;        /* a part of what happened */
    const char *state;           /* "Trạng thái: …" */
    const char *date;            /* the date line's label, NULL = no date */
    const char *note;            /* the start of the note line, NULL = none */
};

#define NAME "Lê Thị Bích"

static void expect_template(struct tclient *admin, const char *code, const struct tpl *t)
{
    char want[1024];
    json_t *mail = event_row(admin, code, "email", t->event);
    json_t *sms = event_row(admin, code, "sms", t->event);
    if (!mail || !sms)
        fail_msg("no e-mail or SMS for %s of %s", t->event, code);
    json_t *p = json_object_get(mail, "payload");
    const char *text = tj_str(p, "text");
    snprintf(want, sizeof want, "Hồ sơ %s %s", code, t->subject);
    assert_string_equal(tj_str(p, "subject"), want);
    assert_string_equal(tj_str(json_object_get(sms, "payload"), "subject"), want);
    assert_non_null(strstr(text, "Kính gửi ông/bà " NAME ","));
    if (!strstr(text, t->sentence))
        fail_msg("%s: '%s' not in:\n%s", t->event, t->sentence, text);
    snprintf(want, sizeof want, "Mã hồ sơ: %s.\n", code);
    assert_non_null(strstr(text, want));
    snprintf(want, sizeof want, "Trạng thái: %s.\n", t->state);
    if (!strstr(text, want))
        fail_msg("%s: '%s' not in:\n%s", t->event, want, text);
    assert_non_null(strstr(text, "Bộ phận Tiếp nhận và Trả kết quả (Một cửa)."));
    assert_true(!strstr(text, "Ngày hẹn trả kết quả") == !t->date);
    if (t->date) {
        snprintf(want, sizeof want, "%s: ", t->date);
        assert_non_null(strstr(text, want));
        assert_non_null(strstr(text, " giờ "));
    }
    if (t->note && !strstr(text, t->note))
        fail_msg("%s: note '%s' not in:\n%s", t->event, t->note, text);
    assert_null(strstr(text, CCCD));

    const char *line = tj_str(json_object_get(sms, "payload"), "text");
    snprintf(want, sizeof want, "Hồ sơ %s %s.", code, t->subject);
    if (strncmp(line, want, strlen(want)) != 0)
        fail_msg("%s: SMS '%s' does not start with '%s'", t->event, line, want);
    assert_null(strchr(line, '\n'));
    assert_true(!strstr(line, " Hẹn trả kết quả: ") == !t->date);
    assert_null(strstr(line, CCCD));
    json_decref(mail);
    json_decref(sms);
}

static char *accept_with_contacts(struct tclient *desk, const char *procedure)
{
    return td_accept(desk, procedure, NAME, ",\"applicant\":{\"email\":\"bich.le@example.vn\"}");
}

/* The apology's new appointment: one working day after the current one by the server's
 * calendar (a constant number of days may land on a weekend or a holiday). */
static void new_due_extra(struct tclient *desk, const char *code, char *out, size_t len)
{
    json_t *d = tc_get_json(desk, td_path(code, ""));
    int64_t due = (int64_t)json_integer_value(json_object_get(d, "due_at"));
    json_decref(d);
    char when[32];
    tcal_local(tcal_working_days_after(desk, due, 1), when, sizeof when);
    snprintf(out, len, ",\"new_due\":\"%s\",\"note\":\"Cần xác minh thêm\"", when);
}

/* Advances through the remaining steps (specialist, then leader) until the result is ready. */
static void advance_to_result(struct tclient *desk, struct tclient *spec, struct tclient *lead,
                              const char *code)
{
    for (int i = 0; i < 8; i++) {
        json_t *d = tc_get_json(desk, td_path(code, ""));
        int ready = strcmp(tj_str(d, "state"), "result_ready") == 0;
        json_decref(d);
        if (ready)
            return;
        if (td_act_now(spec, desk, code, "advance", NULL) != 200)
            assert_int_equal(td_act_now(lead, desk, code, "advance", NULL), 200);
    }
    fail_msg("%s never reached result_ready", code);
}

/* One dossier with a fee, walked through its life, and three more for the endings: the e-mail
 * and SMS of each of the nine statuses. */
static void test_nine_templates(void **state)
{
    (void)state;
    struct tclient *admin = tc_as("admin", "quantri@2026");
    struct tclient *desk = tc_as(TD_DESK), *spec = tc_as(TD_SPEC), *lead = tc_as(TD_LEAD);
    char *code = accept_with_contacts(desk, "2.000884");
    expect_template(admin, code,
                    &(struct tpl){"dossier.received", "đã được tiếp nhận",
                                  "đã được tiếp nhận và chuyển xử lý", "Đang xử lý",
                                  "Ngày hẹn trả kết quả", NULL});
    tc_post_expect(spec, td_path(code, "/payments"), "{}", 201, NULL);
    expect_template(admin, code,
                    &(struct tpl){"dossier.payment_requested", "cần nộp phí, lệ phí",
                                  "Đề nghị ông/bà nộp phí, lệ phí", "Đang xử lý", NULL,
                                  "Chi tiết: Yêu cầu nộp phí, lệ phí: "});
    json_decref(td_post_expect(desk, td_path(code, "/payments/counter"),
                               "{\"receipt_no\":\"BL-TB-1\"}", 200));
    expect_template(admin, code,
                    &(struct tpl){"dossier.processing", "đang được giải quyết",
                                  "Ông/bà đã nộp phí, lệ phí; hồ sơ của ông/bà tiếp tục",
                                  "Đang xử lý", "Ngày hẹn trả kết quả",
                                  "Chi tiết: Đã nộp phí, lệ phí tại quầy"});
    assert_int_equal(td_act_now(spec, desk, code, "request_supplement",
                                ",\"items\":[\"Bản sao giấy tờ tùy thân\"],"
                                "\"note\":\"Bản sao bị mờ\""),
                     200);
    expect_template(admin, code,
                    &(struct tpl){"dossier.supplement_requested", "cần bổ sung",
                                  "hồ sơ của ông/bà cần được bổ sung, hoàn thiện",
                                  "Chờ bổ sung hồ sơ", NULL, "Nội dung cần bổ sung: "});
    assert_int_equal(td_act_now(desk, desk, code, "supplement_received", NULL), 200);
    expect_template(admin, code,
                    &(struct tpl){"dossier.processing", "đang được giải quyết",
                                  "đã nhận đủ hồ sơ bổ sung", "Đang xử lý", "Ngày hẹn trả kết quả",
                                  NULL});
    advance_to_result(desk, spec, lead, code);
    expect_template(admin, code,
                    &(struct tpl){"dossier.result_ready", "đã có kết quả",
                                  "đã có kết quả giải quyết", "Đã có kết quả", NULL, NULL});
    assert_int_equal(td_act_now(desk, desk, code, "return", NULL), 200);
    expect_template(admin, code,
                    &(struct tpl){"dossier.returned", "đã trả kết quả", "đã được trả cho ông/bà",
                                  "Đã trả kết quả", NULL, NULL});
    free(code);

    struct tresp r = td_post_reception(desk, "1.004873", "refuse", NAME,
                                       ",\"reason\":\"Không thuộc thẩm quyền\","
                                       "\"applicant\":{\"email\":\"bich.le@example.vn\"}");
    tc_expect(&r, 201, NULL);
    code = strdup(tj_str(r.json, "code"));
    tc_resp_free(&r);
    expect_template(admin, code,
                    &(struct tpl){"dossier.refused", "không được tiếp nhận",
                                  "Hồ sơ của ông/bà không được tiếp nhận.", "Từ chối tiếp nhận",
                                  NULL, "Lý do: Không thuộc thẩm quyền"});
    free(code);

    /* The apology on a dossier due in three working days: a same-day dossier is due within
     * the day of notice the apology needs, whenever the suite runs. */
    code = accept_with_contacts(desk, "1.004873");
    char extra[256];
    new_due_extra(desk, code, extra, sizeof extra);
    assert_int_equal(td_act_now(spec, desk, code, "extend", extra), 200);
    expect_template(admin, code,
                    &(struct tpl){"dossier.apology", "được hẹn lại ngày trả kết quả",
                                  "thành thật xin lỗi ông/bà", "Đang xử lý",
                                  "Ngày hẹn trả kết quả mới", "Lý do: Cần xác minh thêm"});
    free(code);

    code = accept_with_contacts(desk, "1.004873");
    assert_int_equal(td_act_now(lead, desk, code, "stop", ",\"note\":\"Theo yêu cầu của tòa án\""),
                     200);
    expect_template(admin, code,
                    &(struct tpl){"dossier.stopped", "đã dừng giải quyết",
                                  "Việc giải quyết hồ sơ của ông/bà đã dừng.", "Dừng xử lý", NULL,
                                  "Lý do: Theo yêu cầu của tòa án"});
    free(code);

    code = accept_with_contacts(desk, "1.004873");
    assert_int_equal(td_act_now(desk, desk, code, "withdraw", ",\"note\":\"Công dân xin rút\""),
                     200);
    expect_template(admin, code,
                    &(struct tpl){"dossier.withdrawn", "đã được rút", "đã được rút theo yêu cầu",
                                  "Đã rút hồ sơ", NULL, NULL});
    free(code);
    tc_free(desk);
    tc_free(spec);
    tc_free(lead);
    tc_free(admin);
}

/* "sha256=" and the HMAC-SHA256 of the receipt's signed text under the shared secret. */
static void receipt_signature(const char *secret, long long id, const char *status,
                              const char *error, char out[80])
{
    char text[1024];
    snprintf(text, sizeof text, "id=%lld&status=%s&error=%s", id, status, error ? error : "");
    crypto_auth_hmacsha256_state st;
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)text, strlen(text));
    crypto_auth_hmacsha256_final(&st, mac);
    strcpy(out, "sha256=");
    sodium_bin2hex(out + 7, 80 - 7, mac, sizeof mac);
}

/* Posts a receipt as the gateway does (no session), signed with secret (NULL: unsigned) over
 * signed_status, which may differ from the status in the body: the answer (caller frees). */
static struct tresp post_receipt(long long id, const char *status, const char *signed_status,
                                 const char *error, const char *secret)
{
    struct tclient *gw = tc_new(NULL);
    char body[1024], header[128] = "", sig[80];
    if (error)
        snprintf(body, sizeof body, "{\"id\":%lld,\"status\":\"%s\",\"error\":\"%s\"}", id, status,
                 error);
    else
        snprintf(body, sizeof body, "{\"id\":%lld,\"status\":\"%s\"}", id, status);
    if (secret) {
        receipt_signature(secret, id, signed_status, error, sig);
        snprintf(header, sizeof header, "X-Motcua-Signature: %s", sig);
    }
    struct tresp r = tc_request(gw, "POST", "/api/v1/outbox/receipts", "application/json", body,
                                strlen(body), secret ? header : NULL);
    tc_free(gw);
    return r;
}

static long receipt(long long id, const char *status, const char *error, int *changed)
{
    struct tresp r = post_receipt(id, status, status, error, test_env("MOTCUA_WEBHOOK_SECRET", ""));
    long got = r.status;
    if (changed)
        *changed = json_is_true(json_object_get(r.json, "changed"));
    if (got != 200)
        fprintf(stderr, "receipt %lld %s: %ld %s\n", id, status, r.status, r.body);
    tc_resp_free(&r);
    return got;
}

static void expect_status(struct tclient *admin, const char *code, const char *channel,
                          const char *status)
{
    json_t *m = outbox_row(admin, code, channel);
    assert_string_equal(tj_str(m, "status"), status);
    json_decref(m);
}

/* The gateway's receipts: forged or unsigned ones change nothing; a signed one moves the SMS
 * to delivered, once; e-mail takes none. */
static void test_receipts(void **state)
{
    (void)state;
    struct tclient *admin = tc_as("admin", "quantri@2026");
    char *code = receive("accept", NULL);
    json_t *m = wait_row(admin, code, "sms", is_sent);
    long long id = tj_int(m, "id");
    json_decref(m);
    m = wait_row(admin, code, "email", is_sent);
    long long mail_id = tj_int(m, "id");
    json_decref(m);

    struct tresp r = post_receipt(id, "delivered", "delivered", NULL, NULL);
    tc_expect(&r, 401, "signature");
    tc_resp_free(&r);
    r = post_receipt(id, "delivered", "delivered", NULL, "not-the-shared-secret");
    tc_expect(&r, 401, "signature");
    tc_resp_free(&r);
    r = post_receipt(id, "delivered", "failed", NULL, test_env("MOTCUA_WEBHOOK_SECRET", ""));
    tc_expect(&r, 401, "signature");
    tc_resp_free(&r);
    expect_status(admin, code, "sms", "sent");

    int changed = -1;
    assert_int_equal(receipt(id, "delivered", NULL, &changed), 200);
    assert_int_equal(changed, 1);
    expect_status(admin, code, "sms", "delivered");
    assert_int_equal(receipt(id, "delivered", NULL, &changed), 200);
    assert_int_equal(changed, 0);
    r = post_receipt(id, "failed", "failed", "late", test_env("MOTCUA_WEBHOOK_SECRET", ""));
    tc_expect(&r, 409, "status");
    tc_resp_free(&r);
    expect_status(admin, code, "sms", "delivered");

    r = post_receipt(mail_id, "delivered", "delivered", NULL,
                     test_env("MOTCUA_WEBHOOK_SECRET", ""));
    tc_expect(&r, 409, "id");
    tc_resp_free(&r);
    expect_status(admin, code, "email", "sent");
    r = post_receipt(99999999, "delivered", "delivered", NULL,
                     test_env("MOTCUA_WEBHOOK_SECRET", ""));
    tc_expect(&r, 404, "id");
    tc_resp_free(&r);
    r = post_receipt(id, "read", "read", NULL, test_env("MOTCUA_WEBHOOK_SECRET", ""));
    tc_expect(&r, 422, "status");
    tc_resp_free(&r);
    free(code);
    tc_free(admin);
}

static void put_prefs(struct tclient *c, const char *body, long status)
{
    struct tresp r = tc_request(c, "PUT", "/api/v1/me/notifications", "application/json", body,
                                strlen(body), NULL);
    tc_expect(&r, status, NULL);
    tc_resp_free(&r);
}

/* The citizen's online dossier of TD_PROC with a phone number, accepted at the counter. */
static char *online_dossier(struct tclient *citizen, struct tclient *desk)
{
    json_t *d = td_post_expect(citizen, "/api/v1/drafts",
                               "{\"procedure_code\":\"" TD_PROC "\",\"data\":{\"applicant\":{"
                               "\"id_number\":\"" CCCD "\",\"phone\":\"0987 654 321\","
                               "\"address\":\"Ấp 1\"},\"components\":[1,1],"
                               "\"return_method\":\"post\"}}",
                               201);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/drafts/%lld/submit", tj_int(d, "id"));
    json_decref(d);
    d = td_post_expect(citizen, path, "{}", 201);
    char *code = strdup(tj_str(d, "code"));
    json_decref(d);
    assert_int_equal(td_act_now(desk, desk, code, "accept", NULL), 200);
    return code;
}

/* A citizen who chose Zalo and SMS but no e-mail hears about their dossier on those two; a
 * Zalo message the gateway reports as failed is shown to administrators with its reason and
 * sent again from their page. */
static void test_zalo_preference_failed_and_sent_again(void **state)
{
    (void)state;
    struct tclient *admin = tc_as("admin", "quantri@2026"), *desk = tc_as(TD_DESK);
    struct tclient *citizen =
        citizen_by_mail("zalo.user@example.vn", "Phạm Văn Zalo", "matkhau-dai-1");
    json_t *p = tc_get_json(citizen, "/api/v1/me/notifications");
    assert_true(json_is_true(json_object_get(p, "email")));
    assert_true(json_is_true(json_object_get(p, "sms")));
    assert_true(json_is_false(json_object_get(p, "zalo")));
    assert_true(json_is_false(json_object_get(p, "chosen")));
    json_decref(p);
    put_prefs(citizen, "{\"email\":false,\"sms\":true}", 422);
    put_prefs(citizen, "{\"email\":false,\"sms\":true,\"zalo\":\"yes\"}", 422);
    put_prefs(citizen, "{\"email\":false,\"sms\":true,\"zalo\":true}", 200);
    p = tc_get_json(citizen, "/api/v1/me/notifications");
    assert_true(json_is_false(json_object_get(p, "email")));
    assert_true(json_is_true(json_object_get(p, "zalo")));
    assert_true(json_is_true(json_object_get(p, "chosen")));
    json_decref(p);
    put_prefs(admin, "{\"email\":true,\"sms\":true,\"zalo\":true}", 403);

    char *code = online_dossier(citizen, desk);
    json_t *z = wait_row(admin, code, "zalo", is_sent);
    long long id = tj_int(z, "id");
    assert_string_equal(tj_str(z, "event"), "dossier.received");
    json_decref(z);
    json_decref(wait_row(admin, code, "sms", is_sent));
    assert_null(outbox_row(admin, code, "email"));
    json_t *got = hook_message(code, "zalo", "dossier.received");
    assert_int_equal(tj_int(got, "id"), id);
    assert_non_null(strstr(tj_str(got, "text"), "Kính gửi ông/bà Phạm Văn Zalo,"));
    assert_non_null(strstr(tj_str(got, "to"), "0987"));
    json_decref(got);

    assert_int_equal(receipt(id, "failed", "Người nhận chưa quan tâm OA", NULL), 200);
    z = outbox_row(admin, code, "zalo");
    assert_string_equal(tj_str(z, "status"), "failed");
    assert_non_null(strstr(tj_str(z, "last_error"), "Người nhận chưa quan tâm OA"));
    json_decref(z);

    struct tclient *page = tc_new(NULL);
    const char *csrf = tc_login_form(page, "admin", "quantri@2026");
    char form[256], path[128];
    snprintf(form, sizeof form, "csrf=%s", csrf);
    struct tresp r = tc_get(page, "/desk/thong-bao");
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(r.body, "Người nhận chưa quan tâm OA"));
    snprintf(path, sizeof path, "/desk/thong-bao/%lld/gui-lai", id);
    assert_non_null(strstr(r.body, path));
    tc_resp_free(&r);
    r = tc_post_form(page, path, form);
    tc_expect(&r, 303, NULL);
    tc_resp_free(&r);
    json_decref(wait_row(admin, code, "zalo", is_sent));
    r = tc_post_form(page, path, form);
    tc_expect(&r, 409, NULL);
    tc_resp_free(&r);
    snprintf(path, sizeof path, "/api/v1/audit?object_type=outbox&object_id=%lld", id);
    json_t *audit = tc_get_json(admin, path);
    assert_string_equal(tj_str(json_array_get(json_object_get(audit, "entries"), 0), "action"),
                        "outbox.requeue");
    json_decref(audit);
    free(code);
    tc_free(page);
    tc_free(citizen);
    tc_free(desk);
    tc_free(admin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_down_then_delivered),
        cmocka_unit_test(test_supplement_template),
        cmocka_unit_test(test_signup_code_by_email),
        cmocka_unit_test(test_nine_templates),
        cmocka_unit_test(test_receipts),
        cmocka_unit_test(test_zalo_preference_failed_and_sent_again),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
