#!/usr/bin/env bash
# make package — builds dist/motcua_<version>_amd64.deb with dpkg-buildpackage (debhelper,
# debian/). The source is copied to a temporary directory first (the tracked and new files,
# not build trees), because dpkg-buildpackage writes into the tree and its parent; the work
# tree stays clean. Uses ccache when present; the copy is always at the same path
# ($MOTCUA_PACKAGE_TMP, default /tmp/motcua-package) so that a rebuild hits the cache.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
version=$(sed -n 's/^project(motcua VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
debversion=$(dpkg-parsechangelog -S Version)
if [ "${debversion%-*}" != "$version" ]; then
  echo "package: debian/changelog is at $debversion but CMakeLists.txt says $version;" \
       "add a changelog entry (dch -v $version-1)" >&2
  exit 1
fi

tmp=${MOTCUA_PACKAGE_TMP:-/tmp/motcua-package}
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
src=$tmp/motcua-$version
mkdir -p "$src"
git ls-files -z --cached --others --exclude-standard | \
  while IFS= read -r -d '' f; do [ -e "$f" ] || [ -L "$f" ] && printf '%s\0' "$f"; done | \
  tar -C "$root" --null -T - -cf - | tar -C "$src" -xf -

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache)
export MOTCUA_CMAKE_ARGS="${launcher[*]}"
(cd "$src" && dpkg-buildpackage -b -us -uc -j"$(nproc)" >"$tmp/build.log" 2>&1) || {
  tail -40 "$tmp/build.log" >&2
  echo "package: dpkg-buildpackage failed (log above)" >&2
  exit 1
}
mkdir -p dist
deb=$(cd "$tmp" && ls motcua_*_*.deb)
mv -f "$tmp/$deb" dist/
echo "dist/$deb"
