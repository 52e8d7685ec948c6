#!/usr/bin/env bash
# run.sh ENGINE MOTCUA PG_DIR TEST_BINARY
# The OIDC login suite: installs the locked npm packages (oidc-provider, jose) into
# tests/oidc/node_modules when they are missing or differ from package-lock.json, starts a
# real OpenID Connect provider on a free loopback port (provider.mjs), then runs TEST_BINARY
# through tests/support/with-server.sh with MOTCUA_OIDC_* pointing motcua at that provider
# (and MOTCUA_TEST_OIDC_ISSUER telling the test where it is), and stops the provider.
set -euo pipefail
engine=$1 motcua=$2 pg_dir=$3 test_bin=$4
here=$(cd "$(dirname "$0")" && pwd)

for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "oidc: $tool is missing; run scripts/install-deps.sh" >&2; exit 1; }
done

# The installed packages match the lock file exactly, or are installed again from it. The
# builds and both engines share tests/oidc, so the check and the install happen under a lock.
locked_packages_installed() {
  node -e '
    const fs = require("fs"), dir = process.argv[1];
    const lock = JSON.parse(fs.readFileSync(dir + "/package-lock.json", "utf8"));
    for (const [path, meta] of Object.entries(lock.packages)) {
      if (!path) continue;
      const pkg = JSON.parse(fs.readFileSync(`${dir}/${path}/package.json`, "utf8"));
      if (pkg.version !== meta.version) process.exit(1);
    }' "$here" 2>/dev/null
}
(
  flock 9
  if ! locked_packages_installed; then
    echo "oidc: installing npm packages from tests/oidc/package-lock.json" >&2
    npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >&2
  fi
) 9<"$here/package-lock.json"

work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-oidc-XXXXXX")
provider_pid=
cleanup() {
  if [ -n "$provider_pid" ] && kill -0 "$provider_pid" 2>/dev/null; then
    kill -TERM "$provider_pid" 2>/dev/null || true
    wait "$provider_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

secret=$(node -e 'console.log(require("crypto").randomBytes(24).toString("base64url"))')
# A loopback redirect URI without a port: the provider's clients are "native", so it matches
# the callback of a motcua listening on any port (RFC 8252 §7.3).
node "$here/provider.mjs" --issuer-file "$work/issuer" \
  --redirect-uri http://127.0.0.1/oidc/callback --client-secret "$secret" \
  >"$work/provider.log" 2>&1 &
provider_pid=$!
for _ in $(seq 1 300); do
  [ -s "$work/issuer" ] && break
  kill -0 "$provider_pid" 2>/dev/null || { cat "$work/provider.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$work/issuer" ] || { echo "oidc: provider did not start" >&2; cat "$work/provider.log" >&2; exit 1; }
issuer=$(cat "$work/issuer")

status=0
MOTCUA_OIDC_ISSUER=$issuer MOTCUA_OIDC_CLIENT_ID=motcua MOTCUA_OIDC_CLIENT_SECRET=$secret \
  MOTCUA_TEST_OIDC_ISSUER=$issuer \
  "$here/../support/with-server.sh" "$engine" "$motcua" "$pg_dir" "$test_bin" || status=$?
if [ "$status" -ne 0 ]; then
  echo "---- provider log (last 40 lines) ----" >&2
  tail -n 40 "$work/provider.log" >&2
fi
exit "$status"
