#!/usr/bin/env bash
# with-smtp.sh ENGINE MOTCUA PG_DIR TEST_BINARY
# For the notification suite: picks two free loopback ports, one for a local SMTP server
# (Debian's python3-aiosmtpd storing messages in a Maildir) and one for a small HTTP
# receiver standing in for the SMS and Zalo OA gateways, points motcua at them
# (MOTCUA_SMTP_URL, MOTCUA_SMS_WEBHOOK, MOTCUA_ZALO_WEBHOOK, with MOTCUA_WEBHOOK_SECRET
# shared by motcua, the receiver and the test, which signs delivery receipts) and runs
# TEST_BINARY through with-server.sh. Neither receiver is
# started here: the test starts them itself (MOTCUA_TEST_SMTP_PORT, MOTCUA_TEST_MAILDIR,
# MOTCUA_TEST_HOOK_PORT, MOTCUA_TEST_HOOK_DIR), so it can first see delivery fail and then
# see the retry succeed.
set -euo pipefail
engine=$1 motcua=$2 pg_dir=$3 test_bin=$4
here=$(cd "$(dirname "$0")" && pwd)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null ||
  { echo "with-smtp: python3-aiosmtpd is missing; run scripts/install-deps.sh" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-smtp-XXXXXX")
trap 'rm -rf "$work"' EXIT

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
smtp_port=$(free_port)
hook_port=$(free_port)
while [ "$hook_port" = "$smtp_port" ]; do hook_port=$(free_port); done

export MOTCUA_SMTP_URL="smtp://127.0.0.1:$smtp_port"
export MOTCUA_MAIL_FROM="motcua@mot-cua.example.vn"
export MOTCUA_SMS_WEBHOOK="http://127.0.0.1:$hook_port/sms"
export MOTCUA_ZALO_WEBHOOK="http://127.0.0.1:$hook_port/zalo"
export MOTCUA_WEBHOOK_SECRET="motcua-test-webhook-secret"
export MOTCUA_TEST_SMTP_PORT=$smtp_port MOTCUA_TEST_MAILDIR="$work/maildir"
export MOTCUA_TEST_HOOK_PORT=$hook_port MOTCUA_TEST_HOOK_DIR="$work/hook"
mkdir -p "$work/hook"
"$here/with-server.sh" "$engine" "$motcua" "$pg_dir" "$test_bin"
