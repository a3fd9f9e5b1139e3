#!/usr/bin/env bash
# Stop the local Keycloak started by start.sh (SIGTERM to its process group, then SIGKILL after
# KEYCLOAK_STOP_TIMEOUT seconds, default 30). Exits 0 if it is not running.
#   --wipe   also delete its database (infra/keycloak/run/data): the next start imports the realm afresh.
set -euo pipefail

KC_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIST_DIR="$KC_DIR/dist"
RUN_DIR="$KC_DIR/run"
PID_FILE="$RUN_DIR/keycloak.pid"
TIMEOUT="${KEYCLOAK_STOP_TIMEOUT:-30}"

wipe=0
for arg in "$@"; do
  case "$arg" in
    --wipe) wipe=1 ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "keycloak/stop: unknown argument '$arg' (only --wipe)" >&2; exit 2 ;;
  esac
done

log() { echo "keycloak: $*" >&2; }
is_keycloak_pid() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null &&
    tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF "$DIST_DIR/bin/"
}
# Live members of process group $1 (kc.sh and its JVM), zombies excepted.
group_alive() {
  local state
  for state in $(ps -o stat= -g "$1" 2>/dev/null); do
    [[ "$state" != Z* ]] && return 0
  done
  return 1
}

pid="$(cat "$PID_FILE" 2>/dev/null || true)"
if is_keycloak_pid "$pid"; then
  # start.sh ran it under setsid, so its pid is also its process group's id.
  log "stopping (pid $pid)"
  kill -TERM -- "-$pid" 2>/dev/null || true
  deadline=$((SECONDS + TIMEOUT))
  while group_alive "$pid" && (( SECONDS < deadline )); do
    sleep 0.2
  done
  if group_alive "$pid"; then
    log "still alive after ${TIMEOUT}s, sending SIGKILL"
    kill -KILL -- "-$pid" 2>/dev/null || true
    while group_alive "$pid"; do sleep 0.1; done
  fi
  log "stopped"
else
  log "not running"
fi
rm -f "$PID_FILE" "$RUN_DIR/keycloak.json"

if (( wipe )); then
  rm -rf "$RUN_DIR/data"
  log "wiped infra/keycloak/run/data"
fi
