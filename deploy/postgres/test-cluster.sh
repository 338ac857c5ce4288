#!/usr/bin/env bash
# A throw-away PostgreSQL cluster on loopback for the tests and for trying the PostgreSQL
# configuration of the node and the coordinator (docs/development.md):
#
#   deploy/postgres/test-cluster.sh start   # initdb (first time) + start; prints the settings
#   deploy/postgres/test-cluster.sh stop
#
# Settings (environment): TNET_PG_DIR (default /tmp/tnet-pg-cluster), TNET_PG_PORT (15432).
# It creates the role transitionnet (password transitionnet) and the databases transitionnet and
# transitionnet_coordinator, the names the node's and the coordinator's defaults use. PostgreSQL
# refuses to run as root: as root the cluster belongs to the system user "postgres" (Debian's
# package creates it). Needs Debian's postgresql package (apt-get install postgresql).
set -euo pipefail

DIR="${TNET_PG_DIR:-/tmp/tnet-pg-cluster}"
PORT="${TNET_PG_PORT:-15432}"
BIN="${TNET_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
if [[ -z "$BIN" || ! -x "$BIN/initdb" ]]; then
  echo "test-cluster: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 3
fi

as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "${1:-}" in
  start)
    if [[ ! -f "$DIR/PG_VERSION" ]]; then
      mkdir -p "$DIR"
      [[ "$(id -u)" == 0 ]] && chown postgres "$DIR"
      as_owner "$BIN/initdb" -D "$DIR" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
    fi
    # a cluster left running by an earlier run (or its stale pid file) is restarted cleanly
    as_owner "$BIN/pg_ctl" -D "$DIR" -m fast stop >/dev/null 2>&1 || true
    as_owner "$BIN/pg_ctl" -D "$DIR" -w -t 60 -l "$DIR/server.log" \
      -o "-p $PORT -c listen_addresses=127.0.0.1 -k $DIR" start >/dev/null
    psql=("$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA)
    if [[ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname='transitionnet'")" != 1 ]]; then
      "${psql[@]}" -c "CREATE ROLE transitionnet LOGIN PASSWORD 'transitionnet'"
    fi
    for db in transitionnet transitionnet_coordinator; do
      if [[ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname='$db'")" != 1 ]]; then
        "${psql[@]}" -c "CREATE DATABASE $db OWNER transitionnet"
      fi
    done
    echo "PostgreSQL on 127.0.0.1:$PORT (data $DIR): user transitionnet, password transitionnet,"
    echo "databases transitionnet, transitionnet_coordinator."
    echo "Node ITs against it: TNET_IT_DB=postgresql ./mvnw verify  (or -Ddb.kind=postgresql -Ddb.port=$PORT)"
    ;;
  stop)
    if [[ -f "$DIR/PG_VERSION" ]]; then
      as_owner "$BIN/pg_ctl" -D "$DIR" -m fast stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
