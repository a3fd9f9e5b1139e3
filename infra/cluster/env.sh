# Sourced by the infra/cluster scripts: where the cluster lives and which ports it uses.
# Every port derives from CLUSTER_PORT_BASE (default 29000), below Linux's ephemeral range
# (32768–60999) and away from the single broker's 9092–9096 and Keycloak's 18080:
#   Kafka broker i (1..3): client BASE+10*i+2, KRaft controller BASE+10*i+3
#   API process j (1..3):  BASE+100+j
#   the front (HAProxy):   BASE+100
# shellcheck shell=bash
CLUSTER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$CLUSTER_DIR/../.." && pwd)"
RUN_DIR="${CLUSTER_RUN_DIR:-$CLUSTER_DIR/run}"
HOST="${CLUSTER_HOST:-127.0.0.1}"
BASE="${CLUSTER_PORT_BASE:-29000}"
[[ "$BASE" =~ ^[0-9]+$ ]] && (( BASE >= 1024 && BASE + 200 <= 65535 )) || {
  echo "cluster: CLUSTER_PORT_BASE must be a number from 1024 to 65335" >&2
  exit 2
}
JAVA="${JAVA:-java}"
BROKERS=(1 2 3)

broker_port() { echo $((BASE + 10 * $1 + 2)); }
controller_port() { echo $((BASE + 10 * $1 + 3)); }
api_port() { echo $((BASE + 100 + $1)); }
front_port() { echo $((BASE + 100)); }
bootstrap_servers() {
  local i out=""
  for i in "${BROKERS[@]}"; do out="$out${out:+,}$HOST:$(broker_port "$i")"; done
  echo "$out"
}
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
# True when the pid file names a live process whose command line holds $2.
running() {
  local pid
  pid="$(cat "$1" 2>/dev/null || true)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$2"
}
