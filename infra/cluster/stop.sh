#!/usr/bin/env bash
# Stop what start.sh started: the front, the workers and APIs (SIGTERM, SIGKILL after
# CLUSTER_STOP_TIMEOUT seconds), then the three brokers. --wipe also deletes the brokers' data and
# the shared data directory (signing keys) in CLUSTER_RUN_DIR; the PostgreSQL database is never
# touched.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
wipe=0
for arg in "$@"; do
  case "$arg" in
    --wipe) wipe=1 ;;
    *) echo "cluster/stop: unknown argument '$arg' (only --wipe)" >&2; exit 2 ;;
  esac
done
for name in front worker-1 worker-2 api-1 api-2 api-3; do
  pid_file="$RUN_DIR/$name.pid"
  if running "$pid_file" "$([[ $name == front ]] && echo haproxy || echo dist/apps/)"; then
    pid="$(cat "$pid_file")"
    kill -TERM "$pid"
    deadline=$((SECONDS + ${CLUSTER_STOP_TIMEOUT:-30}))
    while kill -0 "$pid" 2>/dev/null; do
      (( SECONDS < deadline )) || kill -KILL "$pid" 2>/dev/null || true
      sleep 0.1
    done
    echo "cluster: $name stopped" >&2
  fi
  rm -f "$pid_file"
done
for i in "${BROKERS[@]}"; do "$CLUSTER_DIR/broker.sh" stop "$i"; done
if (( wipe )); then
  rm -rf "$RUN_DIR"
  echo "cluster: wiped $RUN_DIR" >&2
fi
