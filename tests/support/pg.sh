#!/usr/bin/env bash
# pg.sh — a throwaway PostgreSQL 15 cluster for the test suites.
#   pg.sh start DIR          initdb + start on a free loopback port; writes DIR/url
#                            (database motcua_test) and DIR/port
#   pg.sh createdb DIR NAME  (re)creates database NAME in that cluster and prints its URL
#   pg.sh stop DIR           stops the cluster and removes DIR
# initdb and postgres refuse to run as root, so when run as root they run as the postgres
# user. Durability is switched off: the cluster lives only as long as the test run.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

usage() {
  echo "usage: $0 start DIR | stop DIR | createdb DIR NAME" >&2
  exit 2
}

# The cluster keeps the real clock when the suites run under libfaketime
# (scripts/test-at.sh): every time the server stores is passed from C, and PostgreSQL's own
# timers (lock_timeout, statement_timeout) misfire with a shifted clock.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    env -u LD_PRELOAD -u FAKETIME -u FAKETIME_DONT_RESET runuser -u postgres -- "$@"
  else
    env -u LD_PRELOAD -u FAKETIME -u FAKETIME_DONT_RESET "$@"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Where the cluster's data and socket live: DIR itself, unless its path is too long for a
# unix socket (~107 bytes) or the postgres user cannot reach it; then a short /tmp directory
# recorded in DIR/home.
cluster_home() {
  local dir=$1
  if [ -f "$dir/home" ]; then
    cat "$dir/home"
  else
    echo "$dir"
  fi
}

choose_home() {
  local dir=$1 home
  if [ ${#dir} -lt 80 ] && as_owner test -w "$dir"; then
    return 0
  fi
  home=$(mktemp -d /tmp/motcua-pg.XXXXXX)
  chown postgres: "$home" 2>/dev/null || true
  echo "$home" >"$dir/home"
}

stop_cluster() {
  local dir=$1 home
  [ -d "$dir" ] || return 0
  home=$(cluster_home "$dir")
  if [ -f "$home/data/postmaster.pid" ]; then
    as_owner "$PGBIN/pg_ctl" stop -D "$home/data" -m fast -w >/dev/null 2>&1 ||
      as_owner "$PGBIN/pg_ctl" stop -D "$home/data" -m immediate -w >/dev/null 2>&1 || true
  fi
  [ "$home" = "$dir" ] || rm -rf "$home"
  rm -rf "$dir"
}

start_on_free_port() {
  local dir=$1 home=$2 port
  local base=$((20000 + RANDOM % 30000))
  for ((i = 0; i < 50; i++)); do
    port=$((base + i * 7))
    port_in_use "$port" && continue
    if as_owner "$PGBIN/pg_ctl" start -D "$home/data" -l "$home/log" -w -t 60 \
      -o "-p $port -k $home -c listen_addresses=127.0.0.1 -c fsync=off \
          -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      >/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "pg.sh: could not start PostgreSQL; see $home/log" >&2
  return 1
}

create_db() {
  local dir=$1 name=$2 port
  port=$(cat "$dir/port")
  PGOPTIONS="-c client_min_messages=warning" "$PGBIN/dropdb" -h 127.0.0.1 -p "$port" -U postgres --if-exists "$name"
  "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres -E UTF8 -T template0 "$name"
  echo "postgresql://postgres@127.0.0.1:$port/$name"
}

start_cluster() {
  local dir=$1 home port
  stop_cluster "$dir"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  chown postgres: "$dir" 2>/dev/null || true
  choose_home "$dir"
  home=$(cluster_home "$dir")
  as_owner "$PGBIN/initdb" -D "$home/data" -U postgres -A trust -E UTF8 --no-locale \
    --no-sync >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    return 1
  }
  port=$(start_on_free_port "$dir" "$home")
  echo "$port" >"$dir/port"
  create_db "$dir" motcua_test >"$dir/url"
  echo "pg.sh: PostgreSQL on port $port ($(cat "$dir/url"))"
}

[ $# -ge 2 ] || usage
case $1 in
start) start_cluster "$2" ;;
stop) stop_cluster "$2" ;;
createdb)
  [ $# -eq 3 ] || usage
  create_db "$2" "$3"
  ;;
*) usage ;;
esac
