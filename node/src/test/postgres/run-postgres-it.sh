#!/usr/bin/env bash
# Runs the node's integration tests (NodeApiIT) against a real PostgreSQL from Debian's packages
# instead of the embedded H2 database.
#
#   bash node/src/test/postgres/run-postgres-it.sh
#
# Installs the postgresql package if it is missing (needs root), starts a throw-away cluster
# listening only on 127.0.0.1 (port PGPORT, default 55432), creates the role and database the
# node's db.* defaults name, runs `./mvnw -pl node verify -Ddb.kind=postgresql`, and removes the
# cluster on exit. The node listens on 19081 here so that it does not collide with a default run.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../../../.." && pwd)"
PGPORT="${PGPORT:-55432}"
NODE_HTTP_PORT="${NODE_HTTP_PORT:-19081}"
NODE_HTTPS_PORT="${NODE_HTTPS_PORT:-19444}"

if ! ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
fi
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"

DATA="$(mktemp -d /tmp/transitionnet-pg.XXXXXX)"
DATA_DIR="$DATA/cluster"
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$DATA"; fi

stop_cluster() {
  as_postgres "$PGBIN/pg_ctl" -D "$DATA_DIR" -m fast -w stop > /dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap stop_cluster EXIT

PWFILE="$DATA/.pw"
echo postgres | as_postgres tee "$PWFILE" > /dev/null
as_postgres "$PGBIN/initdb" -D "$DATA_DIR" -U postgres --pwfile="$PWFILE" \
  --auth-local=trust --auth-host=scram-sha-256 > "$DATA/initdb.log"
as_postgres "$PGBIN/pg_ctl" -D "$DATA_DIR" -l "$DATA/postgres.log" -w \
  -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $DATA" start

as_postgres "$PGBIN/psql" -h "$DATA" -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -q <<'SQL'
CREATE ROLE transitionnet LOGIN PASSWORD 'transitionnet';
CREATE DATABASE transitionnet OWNER transitionnet;
SQL
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT"

cd "$ROOT"
./mvnw -B -ntp -pl node verify \
  -Ddb.kind=postgresql -Ddb.host=127.0.0.1 -Ddb.port="$PGPORT" \
  -Dnode.http.port="$NODE_HTTP_PORT" -Dnode.https.port="$NODE_HTTPS_PORT"

echo "Rows the integration tests left in PostgreSQL:"
as_postgres "$PGBIN/psql" -h "$DATA" -p "$PGPORT" -U postgres -d transitionnet -At \
  -c "SELECT 'tn_transition ' || count(*) FROM tn_transition" \
  -c "SELECT 'tn_import_report ' || count(*) FROM tn_import_report"
