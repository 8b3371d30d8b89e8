#!/usr/bin/env bash
# A throwaway PostgreSQL cluster with PostGIS for the tests: socket-only (no
# TCP), trust authentication, no fsync, in a folder of its own.
#   scripts/postgis_cluster.sh start DIR   prints the URL of its `postgres` database
#   scripts/postgis_cluster.sh stop DIR    stops it and removes DIR
# Needs PostgreSQL 15 with postgresql-15-postgis-3; run as root (the server
# runs as the `postgres` user) or as the user who owns DIR.
set -euo pipefail
action=${1:?usage: postgis_cluster.sh start|stop DIR}
dir=${2:?usage: postgis_cluster.sh start|stop DIR}
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}
port=55432  # only names the socket file in $dir: no TCP port is opened
as_owner=()
if [ "$(id -u)" = 0 ]; then
  as_owner=(runuser -u postgres --)
fi
case "$action" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
    "${as_owner[@]}" "$pgbin/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
    "${as_owner[@]}" "$pgbin/pg_ctl" -D "$dir/data" -w -l "$dir/log" \
      -o "-p $port -k $dir -c listen_addresses='' -c fsync=off -c max_connections=60" start >/dev/null
    echo "postgresql://postgres@/postgres?host=$dir&port=$port"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      "${as_owner[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: postgis_cluster.sh start|stop DIR" >&2
    exit 2
    ;;
esac
