#!/usr/bin/env bash
# bench/install.sh — what `make bench` needs beyond scripts/install-deps.sh: the load
# generator wrk, and perf for the profile (optional: without it the profile is skipped).
# Installs only what is missing; runs `apt-get update` only when an install fails without it.
set -euo pipefail

packages=(wrk linux-perf)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "bench/install.sh: missing ${missing[*]} and not root; run: sudo $0" >&2
  exit 1
fi
echo "bench/install.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}
command -v wrk >/dev/null || { echo "bench/install.sh: wrk is not available" >&2; exit 1; }
