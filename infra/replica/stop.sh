#!/usr/bin/env bash
# Stops the standby started by start.sh, then the primary if start.sh made its own (fast shutdown:
# open transactions roll back, nothing committed is lost). Exits 0 if they are not running.
# `stop.sh standby` stops the standby only (start.sh brings it back; it catches up through its slot);
# `stop.sh primary` the primary start.sh made only (start.sh brings it back; the standby reconnects).
# --wipe also deletes REPLICA_DIR and, on a PRIMARY_URL that is still up, the standby's slot
# (which would otherwise keep WAL for it).
# Env: as start.sh (REPLICA_DIR, PG_BIN, PRIMARY_URL, STANDBY_PORT, REPLICA_SLOT).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPLICA_DIR="${REPLICA_DIR:-$HERE/run}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
SLOT="${REPLICA_SLOT:-accord_replica_${STANDBY_PORT:-25433}}"

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

dirs=("$REPLICA_DIR/standby" "$REPLICA_DIR/primary")
[ "${1:-}" = standby ] && dirs=("$REPLICA_DIR/standby")
[ "${1:-}" = primary ] && dirs=("$REPLICA_DIR/primary")
for dir in "${dirs[@]}"; do
  if [ -f "$dir/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null || true
  fi
done

if [ "${1:-}" = --wipe ]; then
  if [ -n "${PRIMARY_URL:-}" ]; then
    "$PG_BIN/psql" "$PRIMARY_URL" -X -q -t -A \
      -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '$SLOT' AND NOT active" \
      >/dev/null 2>&1 || echo "infra/replica: could not drop slot $SLOT on the primary" >&2
  fi
  rm -rf "$REPLICA_DIR"
fi
