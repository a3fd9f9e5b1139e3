#!/usr/bin/env bash
# Start Accord's scale-out layout on loopback: a three-broker Kafka KRaft cluster (replication
# factor 3, min.insync.replicas=2), then three API processes (BACKGROUND_JOBS=off) and two
# workers on one PostgreSQL (DATABASE_URL, required: the embedded database belongs to a single
# API), and the front (HAProxy, front.cfg) that sends each aggregate's requests to one API.
# Each background job runs in one worker at a time; the other takes over when it dies.
# Pids and logs in infra/cluster/run (CLUSTER_RUN_DIR); ports from CLUSTER_PORT_BASE (env.sh).
# Running it twice is safe: what already runs is left alone. Stop with stop.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

[[ -n "${DATABASE_URL:-}" ]] || { echo "cluster: DATABASE_URL is required (one PostgreSQL for every process)" >&2; exit 2; }
mkdir -p "$RUN_DIR/data"
log() { echo "cluster: $*" >&2; }
TIMEOUT="${CLUSTER_START_TIMEOUT:-90}"
command -v haproxy >/dev/null || { log "haproxy not found, the front needs it (Debian: apt-get install haproxy)"; exit 2; }

# The brokers must start together: none serves before a majority of the controller voters is up.
"$ROOT_DIR/infra/kafka/fetch.sh"
pids=()
for i in "${BROKERS[@]}"; do "$CLUSTER_DIR/broker.sh" start "$i" & pids+=($!); done
for pid in "${pids[@]}"; do wait "$pid"; done
deadline=$((SECONDS + TIMEOUT))
for i in "${BROKERS[@]}"; do
  until "$CLUSTER_DIR/broker.sh" ready "$i"; do
    (( SECONDS < deadline )) || { tail -n 30 "$RUN_DIR/kafka-$i.log" >&2; log "broker $i not ready after ${TIMEOUT}s"; exit 1; }
    sleep 0.5
  done
done
log "kafka ready on $(bootstrap_servers)"

(cd "$ROOT_DIR" && ACCORD_BUILD_QUIET=1 node scripts/build.mjs)
NODE="${NODE:-$(cd "$ROOT_DIR" && npm exec -c 'command -v node')}"

# start_node NAME SCRIPT [VAR=value...]: one Node process in the background, pid in NAME.pid.
start_node() {
  local name="$1" script="$2"
  shift 2
  if running "$RUN_DIR/$name.pid" "$script"; then log "$name already running (pid $(cat "$RUN_DIR/$name.pid"))"; return; fi
  [[ -f "$RUN_DIR/$name.log" ]] && mv -f "$RUN_DIR/$name.log" "$RUN_DIR/$name.log.1"
  env ACCORD_DATA_DIR="$RUN_DIR/data" KAFKA_BROKERS="$(bootstrap_servers)" "$@" \
    setsid "$NODE" "$ROOT_DIR/dist/$script" </dev/null >>"$RUN_DIR/$name.log" 2>&1 &
  echo $! >"$RUN_DIR/$name.pid"
  log "$name started (pid $!), log: $RUN_DIR/$name.log"
}
wait_ready() {
  local port="$1" deadline=$((SECONDS + TIMEOUT))
  until curl -fs "http://$HOST:$port/health/ready" >/dev/null; do
    (( SECONDS < deadline )) || { log "API on $port not ready after ${TIMEOUT}s"; exit 1; }
    sleep 0.5
  done
}

# The first API migrates the schema; the others start once it has (migrations take an advisory
# lock, so this only saves them the wait).
for j in 1 2 3; do
  start_node "api-$j" apps/api/src/main.js PORT="$(api_port "$j")" HOST="$HOST" BACKGROUND_JOBS=off
  [[ $j == 1 ]] && wait_ready "$(api_port 1)"
done
for j in 2 3; do wait_ready "$(api_port "$j")"; done
for w in 1 2; do start_node "worker-$w" apps/worker/src/main.js; done

if running "$RUN_DIR/front.pid" haproxy; then
  log "front already running (pid $(cat "$RUN_DIR/front.pid"))"
else
  [[ -f "$RUN_DIR/front.log" ]] && mv -f "$RUN_DIR/front.log" "$RUN_DIR/front.log.1"
  ACCORD_FRONT_BIND="$HOST:$(front_port)" ACCORD_API_1="$HOST:$(api_port 1)" ACCORD_API_2="$HOST:$(api_port 2)" \
    ACCORD_API_3="$HOST:$(api_port 3)" setsid haproxy -f "$CLUSTER_DIR/front.cfg" </dev/null >>"$RUN_DIR/front.log" 2>&1 &
  echo $! >"$RUN_DIR/front.pid"
  wait_ready "$(front_port)"
  log "front started (pid $(cat "$RUN_DIR/front.pid")), log: $RUN_DIR/front.log"
fi
log "front on http://$HOST:$(front_port) (APIs on :$(api_port 1), :$(api_port 2), :$(api_port 3)); workers 1 and 2; Kafka $(bootstrap_servers)"
