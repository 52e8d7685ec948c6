#!/usr/bin/env bash
# run.sh MOTCUA ARTEFACT_DIR
# The end-to-end suite: installs the locked npm packages (playwright-core, axe-core) into
# tests/e2e/node_modules when they are missing or differ from package-lock.json, then runs
# scenarios.mjs in Debian's Chromium against a real `motcua serve` on a fresh SQLite database
# (tests/support/with-server.sh starts and stops it). Screenshots and PDFs go to ARTEFACT_DIR.
set -euo pipefail
motcua=$1 artifacts=$2
here=$(cd "$(dirname "$0")" && pwd)
chromium=${MOTCUA_E2E_CHROMIUM:-/usr/bin/chromium}

for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool is missing; run scripts/install-deps.sh" >&2; exit 1; }
done
[ -x "$chromium" ] || { echo "e2e: $chromium is missing; run scripts/install-deps.sh" >&2; exit 1; }

# The installed packages match the lock file exactly, or are installed again from it. Builds
# share tests/e2e, so the check and the install happen under a lock.
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
    echo "e2e: installing npm packages from tests/e2e/package-lock.json" >&2
    npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >&2
  fi
) 9<"$here/package-lock.json"

rm -rf "$artifacts"
mkdir -p "$artifacts"
export MOTCUA_E2E_ARTIFACTS=$artifacts MOTCUA_E2E_CHROMIUM=$chromium
exec "$here/../support/with-server.sh" sqlite "$motcua" - "$here/scenarios.mjs"
