#!/usr/bin/env bash
# pg-pair.sh — a PostgreSQL 15 primary and a streaming standby on this machine, replicating
# synchronously (a commit is acknowledged only once the standby has it), for the failover
# suite (tests/http/test_failover.c, docs/operations.md).
#   pg-pair.sh start DIR         starts both; prints "PRIMARY_PORT STANDBY_PORT"
#   pg-pair.sh kill-primary DIR  stops the primary at once, as a crash would
#   pg-pair.sh promote DIR       promotes the standby to primary and waits until it is;
#                                its commits then no longer wait for a standby
#   pg-pair.sh stop-standby DIR  stops the standby at once, after telling the primary to
#                                stop waiting for it (tests/http/test_report_standby.c)
#   pg-pair.sh stop DIR          stops both and removes DIR
# Like pg.sh, the servers run as the postgres user when run as root.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
  local base=$((20000 + RANDOM % 30000)) port
  for ((i = 0; i < 50; i++)); do
    port=$((base + i * 11))
    port_in_use "$port" || { echo "$port"; return 0; }
  done
  return 1
}

# Starts the cluster in data on a free port and prints the port. Another suite may take the
# port between the check and the start (ctest runs suites in parallel, each with its own
# clusters), so a failed start is tried again on another port; after three tries the
# server's log goes to stderr.
start_server() {
  local data=$1 home=$2 name=$3 port
  for _ in 1 2 3; do
    port=$(free_port)
    if as_owner "$PGBIN/pg_ctl" start -D "$data" -l "$home/$name.log" -w -t 60 \
      -o "-p $port -k $home -c listen_addresses=127.0.0.1" >/dev/null 2>&1; then
      echo "$port"
      return 0
    fi
  done
  echo "pg-pair.sh: the $name server did not start:" >&2
  cat "$home/$name.log" >&2
  return 1
}

start_pair() {
  local dir=$1 home p1 p2
  stop_pair "$dir"
  mkdir -p "$dir"
  home=$(mktemp -d /tmp/motcua-pair.XXXXXX)
  chown postgres: "$home" 2>/dev/null || true
  echo "$home" >"$dir/home"
  as_owner "$PGBIN/initdb" -D "$home/primary" -U postgres -A trust -E UTF8 --no-locale \
    --no-sync >"$home/initdb.log" 2>&1 || { cat "$home/initdb.log" >&2; return 1; }
  cat >>"$home/primary/postgresql.conf" <<CONF
wal_level = replica
max_wal_senders = 5
synchronous_standby_names = 'standby1'
synchronous_commit = on
max_connections = 200
CONF
  p1=$(start_server "$home/primary" "$home" primary)
  as_owner "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$p1" -U postgres -D "$home/standby" -R \
    -X stream >/dev/null
  echo "primary_conninfo = 'host=127.0.0.1 port=$p1 user=postgres application_name=standby1'" |
    as_owner tee -a "$home/standby/postgresql.auto.conf" >/dev/null
  p2=$(start_server "$home/standby" "$home" standby)
  echo "$p1" >"$dir/primary.port"
  echo "$p2" >"$dir/standby.port"
  # The pair is ready when the primary sees the standby as its synchronous one.
  for _ in $(seq 1 300); do
    state=$("$PGBIN/psql" -h 127.0.0.1 -p "$p1" -U postgres -Atc \
      "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'" 2>/dev/null || true)
    [ "$state" = sync ] && { echo "$p1 $p2"; return 0; }
    sleep 0.1
  done
  echo "pg-pair.sh: the standby did not become synchronous; see $home/*.log" >&2
  return 1
}

kill_primary() {
  local home
  home=$(cat "$1/home")
  as_owner "$PGBIN/pg_ctl" stop -D "$home/primary" -m immediate -w >/dev/null
}

# The new primary has no standby of its own yet. It inherited synchronous_standby_names, and
# with it every commit would wait for a standby that is gone, so, as an operator (or Patroni)
# does, it is told to stop waiting until a new standby is attached.
promote() {
  local home port
  home=$(cat "$1/home")
  port=$(cat "$1/standby.port")
  as_owner "$PGBIN/pg_ctl" promote -D "$home/standby" -w -t 60 >/dev/null
  "$PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -Atq \
    -c "ALTER SYSTEM SET synchronous_standby_names = ''" -c "SELECT pg_reload_conf()" >/dev/null
}

# Reports read from the standby; losing it must cost them nothing, and the primary's commits
# must not hang waiting for it, so the primary first stops waiting (as an operator would).
stop_standby() {
  local home port
  home=$(cat "$1/home")
  port=$(cat "$1/primary.port")
  "$PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -Atq \
    -c "ALTER SYSTEM SET synchronous_standby_names = ''" -c "SELECT pg_reload_conf()" >/dev/null
  as_owner "$PGBIN/pg_ctl" stop -D "$home/standby" -m immediate -w >/dev/null
}

stop_pair() {
  local dir=$1 home
  [ -f "$dir/home" ] || { rm -rf "$dir"; return 0; }
  home=$(cat "$dir/home")
  for d in primary standby; do
    [ -f "$home/$d/postmaster.pid" ] &&
      as_owner "$PGBIN/pg_ctl" stop -D "$home/$d" -m immediate -w >/dev/null 2>&1 || true
  done
  rm -rf "$home" "$dir"
}

usage="usage: $0 start|kill-primary|promote|stop-standby|stop DIR"
[ $# -eq 2 ] || { echo "$usage" >&2; exit 2; }
case $1 in
start) start_pair "$2" ;;
kill-primary) kill_primary "$2" ;;
promote) promote "$2" ;;
stop-standby) stop_standby "$2" ;;
stop) stop_pair "$2" ;;
*) echo "$usage" >&2; exit 2 ;;
esac
