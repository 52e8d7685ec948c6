#!/bin/sh
# manpage.sh BINARY OUT — motcua(8) from the program's own help: help2man turns
# `motcua --help` and `--version` into the page, and each command's --help follows in a
# COMMANDS section, so the page cannot say anything the program does not. The help is
# Vietnamese in places: help2man's default locale is C, where it writes "?" for those
# letters, hence --locale=C.UTF-8.
set -eu
bin=$1 out=$2
inc=$(mktemp)
trap 'rm -f "$inc"' EXIT
{
	echo '[COMMANDS]'
	for cmd in $("$bin" --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p'); do
		echo ".SS \"motcua $cmd\""
		echo '.nf'
		"$bin" "$cmd" --help | sed -e 's/\\/\\e/g' -e 's/^/\\\&/'
		echo '.fi'
	done
	cat debian/motcua.h2m
} >"$inc"
help2man --locale=C.UTF-8 --no-info --section=8 --name='electronic one-stop shop for Vietnamese local government' \
	--include="$inc" --output="$out" "$bin"
