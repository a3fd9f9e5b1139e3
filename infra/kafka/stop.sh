#!/usr/bin/env bash
# Stop the local Kafka broker started by start.sh (SIGTERM, then SIGKILL after
# KAFKA_STOP_TIMEOUT seconds, default 30). Exits 0 if it is not running.
#   --wipe   also delete its data (infra/kafka/run/data): topics, offsets, cluster id.
set -euo pipefail

KAFKA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN_DIR="$KAFKA_DIR/run"
PID_FILE="$RUN_DIR/broker.pid"
TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

wipe=0
for arg in "$@"; do
  case "$arg" in
    --wipe) wipe=1 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "kafka/stop: unknown argument '$arg' (only --wipe)" >&2; exit 2 ;;
  esac
done

log() { echo "kafka: $*" >&2; }
# kill -0 also succeeds for a zombie (e.g. when start.sh, the parent, calls us) and for a JVM
# whose main thread has exited while other threads still shut down (leader shows Z, other
# tasks remain). Gone = no such pid, or a zombie with no thread left.
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local state tasks
  state="$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null || true)"
  [[ "$state" != "Z" ]] && return 0
  tasks="$(ls "/proc/$1/task" 2>/dev/null | wc -l)"
  (( tasks > 1 ))
}
is_broker_pid() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null &&
    tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka '
}

pid="$(cat "$PID_FILE" 2>/dev/null || true)"
if is_broker_pid "$pid"; then
  log "stopping broker (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + TIMEOUT))
  while alive "$pid" && (( SECONDS < deadline )); do
    sleep 0.2
  done
  if alive "$pid"; then
    log "still alive after ${TIMEOUT}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while alive "$pid"; do sleep 0.1; done
  fi
  # Give the reaper a moment so the pid is really gone (bounded: our caller may be the parent).
  for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  log "stopped"
else
  log "not running"
fi
rm -f "$PID_FILE"

if (( wipe )); then
  rm -rf "$RUN_DIR/data"
  log "wiped infra/kafka/run/data"
fi
