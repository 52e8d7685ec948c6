#!/usr/bin/env bash
# pg-restart.sh stop|start DIR — takes a cluster made by `pg.sh start DIR` down, or brings it
# back on the same port with its data, for the suites that prove the service survives its
# database going away (tests/http/test_db_outage.c). Same settings as pg.sh.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[ $# -eq 2 ] || { echo "usage: $0 stop|start DIR" >&2; exit 2; }
dir=$2
home=$dir
[ -f "$dir/home" ] && home=$(cat "$dir/home")
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case $1 in
stop) as_owner "$PGBIN/pg_ctl" stop -D "$home/data" -m fast -w >/dev/null ;;
start)
  as_owner "$PGBIN/pg_ctl" start -D "$home/data" -l "$home/log" -w -t 60 \
    -o "-p $(cat "$dir/port") -k $home -c listen_addresses=127.0.0.1 -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
  ;;
*) echo "usage: $0 stop|start DIR" >&2; exit 2 ;;
esac
