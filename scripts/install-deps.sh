#!/usr/bin/env bash
# Installs the Debian 12 packages motcua needs to build, run and test, when any is missing.
# Runs `apt-get update` once, only if something has to be installed. Safe to run repeatedly.
set -euo pipefail

packages=(
  build-essential cmake pkg-config clang libclang-rt-14-dev clang-format
  libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libpq-dev postgresql-15
  libsodium-dev libcmocka-dev libcurl4-openssl-dev libicu-dev libssl-dev libmagic-dev
  libcairo2-dev libpango1.0-dev libqrencode-dev libxlsxwriter-dev fonts-liberation
  libpoppler-glib-dev libjpeg-dev libpng-dev
  poppler-utils zbar-tools python3 python3-yaml curl nginx-light openssl
  fonts-liberation2 libxml2-utils
  libsystemd-dev debhelper fakeroot dpkg-dev help2man lintian
  librsvg2-bin
  python3-aiosmtpd
  chromium
  faketime
  softhsm2 libengine-pkcs11-openssl opensc xmlsec1 libxmlsec1-dev
)
# Node.js and npm drive the browser tests (tests/e2e). A machine may have them from elsewhere
# (NodeSource's nodejs bundles npm), so Debian's are wanted only when npm is absent.
command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages and not root; run: sudo $0" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
