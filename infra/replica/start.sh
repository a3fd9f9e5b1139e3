#!/usr/bin/env bash
# A PostgreSQL streaming replica (hot standby) for Accord's queries (DATABASE_READ_URL), made with
# Debian's PostgreSQL binaries: pg_basebackup from the primary, then a standby that streams its
# WAL through a physical replication slot (so a standby stopped for a while catches up instead
# of needing a new base backup).
#
# The primary is PRIMARY_URL if set (it must accept replication connections from 127.0.0.1 in
# pg_hba.conf, for a role with REPLICATION, and run the same major version as PG_BIN); otherwise
# this script initialises and starts its own primary in $REPLICA_DIR/primary on PRIMARY_PORT
# (trust on loopback, for development and tests).
#
# As root, the servers run as the postgres user, which then owns REPLICA_DIR.
# Prints the URLs to use, one per line: DATABASE_URL=… and DATABASE_READ_URL=…
#
# Env: REPLICA_DIR (infra/replica/run), PG_BIN (/usr/lib/postgresql/15/bin), PRIMARY_URL,
#      PRIMARY_PORT (25432), PRIMARY_DB (accord), STANDBY_PORT (25433),
#      REPLICA_SLOT (accord_replica_<STANDBY_PORT>), REPLICA_START_TIMEOUT (60, seconds).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPLICA_DIR="${REPLICA_DIR:-$HERE/run}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PRIMARY_PORT="${PRIMARY_PORT:-25432}"
PRIMARY_DB="${PRIMARY_DB:-accord}"
STANDBY_PORT="${STANDBY_PORT:-25433}"
SLOT="${REPLICA_SLOT:-accord_replica_${STANDBY_PORT}}"
TIMEOUT="${REPLICA_START_TIMEOUT:-60}"

PRIMARY_DIR="$REPLICA_DIR/primary"
STANDBY_DIR="$REPLICA_DIR/standby"

die() {
  echo "infra/replica: $*" >&2
  exit 1
}

[ -x "$PG_BIN/pg_basebackup" ] || die "no pg_basebackup in $PG_BIN (apt-get install postgresql-15, or set PG_BIN)"

# As root, PostgreSQL refuses to run: every server-side step runs as the postgres user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

mkdir -p "$REPLICA_DIR"
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$REPLICA_DIR"
  as_pg test -x "$REPLICA_DIR" || die "the postgres user cannot reach $REPLICA_DIR; set REPLICA_DIR to a folder it can reach"
fi

# Starts the server of a cluster directory unless it is already running; the log is beside it.
start_server() {
  local dir="$1" port="$2"
  if as_pg "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then return 0; fi
  as_pg "$PG_BIN/pg_ctl" -D "$dir" -l "$dir.log" -w -t "$TIMEOUT" \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null ||
    {
      tail -n 20 "$dir.log" >&2 || true
      die "the server in $dir did not start"
    }
}

sql() {
  local url="$1"
  shift
  "$PG_BIN/psql" "$url" -X -q -t -A -v ON_ERROR_STOP=1 "$@"
}

if [ -z "${PRIMARY_URL:-}" ]; then
  if [ ! -f "$PRIMARY_DIR/PG_VERSION" ]; then
    rm -rf "$PRIMARY_DIR"
    as_pg "$PG_BIN/initdb" -D "$PRIMARY_DIR" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
    # The slot keeps WAL a stopped standby still needs; this bounds how much, so a standby gone
    # for good cannot fill the primary's disk (it then needs a new base backup: stop.sh --wipe).
    echo "max_slot_wal_keep_size = '2GB'" | as_pg tee -a "$PRIMARY_DIR/postgresql.conf" >/dev/null
  fi
  start_server "$PRIMARY_DIR" "$PRIMARY_PORT"
  PRIMARY_URL="postgres://postgres@127.0.0.1:$PRIMARY_PORT/$PRIMARY_DB"
  if [ -z "$(sql "postgres://postgres@127.0.0.1:$PRIMARY_PORT/postgres" -c "SELECT 1 FROM pg_database WHERE datname = '$PRIMARY_DB'")" ]; then
    sql "postgres://postgres@127.0.0.1:$PRIMARY_PORT/postgres" -c "CREATE DATABASE \"$PRIMARY_DB\""
  fi
fi

primary_version="$(sql "$PRIMARY_URL" -c 'SHOW server_version_num')"
[ "${primary_version:0:2}" = "$("$PG_BIN/pg_config" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')" ] ||
  die "the primary runs PostgreSQL $primary_version and PG_BIN another major version: streaming needs the same one"

if [ ! -f "$STANDBY_DIR/PG_VERSION" ]; then
  rm -rf "$STANDBY_DIR"
  # A slot left by an earlier standby of this name holds WAL from then: start from a fresh one.
  sql "$PRIMARY_URL" -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '$SLOT' AND NOT active" >/dev/null
  # -R writes primary_conninfo and standby.signal; -X stream copies the WAL made meanwhile.
  as_pg "$PG_BIN/pg_basebackup" -d "$PRIMARY_URL" -D "$STANDBY_DIR" -R -X stream -C -S "$SLOT" --checkpoint=fast ||
    die "pg_basebackup from the primary failed (does its pg_hba.conf allow replication from 127.0.0.1?)"
  # Feedback keeps the primary from vacuuming rows a query on the standby still reads, so long
  # queries are not cancelled for conflicting with recovery.
  echo "hot_standby_feedback = on" | as_pg tee -a "$STANDBY_DIR/postgresql.auto.conf" >/dev/null
fi
start_server "$STANDBY_DIR" "$STANDBY_PORT"

# The standby is a copy of the primary: same roles, passwords and pg_hba.conf, another port.
READ_URL="$(echo "$PRIMARY_URL" | sed -E "s#@[^/?]+#@127.0.0.1:$STANDBY_PORT#")"
# Ready when it streams: a standby that only replays its copied WAL would never see new writes.
for _ in $(seq 1 $((TIMEOUT * 5))); do
  state="$(sql "$READ_URL" -c "SELECT status FROM pg_stat_wal_receiver" 2>/dev/null || true)"
  [ "$state" = streaming ] && break
  sleep 0.2
done
[ "$state" = streaming ] || die "the standby on port $STANDBY_PORT does not stream from the primary (log: $STANDBY_DIR.log)"

echo "DATABASE_URL=$PRIMARY_URL"
echo "DATABASE_READ_URL=$READ_URL"
