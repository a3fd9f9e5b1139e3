#!/usr/bin/env bash
# Start a single-node Apache Kafka broker (KRaft, broker+controller) in the background
# and wait until it serves clients. Data lives in infra/kafka/run/data.
#
# Listeners (all on KAFKA_HOST, loopback by default):
#   KAFKA_PORT           (9092) PLAINTEXT: what Accord and the tests use by default
#   KAFKA_SASL_PORT      (9094) SASL_PLAINTEXT: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512
#   KAFKA_SSL_PORT       (9095) SSL: TLS with a test CA (no client certificates)
#   KAFKA_SASL_SSL_PORT  (9096) SASL_SSL: the same SASL mechanisms over that TLS
#   KAFKA_CONTROLLER_PORT (9093) KRaft controller
# KAFKA_SECURE_LISTENERS=off runs PLAINTEXT only. TEST-ONLY credentials and TLS material are
# generated once under infra/kafka/run/ (git-ignored) and described in
# run/secure-listeners.json: one SASL user (PLAIN in the JAAS config, SCRAM credentials added at
# storage format time), a self-signed CA (run/tls/ca.pem, for clients to trust) and the broker's
# PKCS12 keystore signed by it (made with the JDK's keytool).
#
# Env: KAFKA_HOST (127.0.0.1), the ports above, KAFKA_SECURE_LISTENERS (on),
#      KAFKA_HEAP_OPTS ("-Xms256m -Xmx512m"), KAFKA_OPTS (extra JVM flags),
#      KAFKA_START_TIMEOUT (60, seconds), JAVA (java), KEYTOOL (keytool), MVN (mvn).
set -euo pipefail

KAFKA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LIB_DIR="$KAFKA_DIR/lib"
RUN_DIR="$KAFKA_DIR/run"
DATA_DIR="$RUN_DIR/data"
PID_FILE="$RUN_DIR/broker.pid"
LOG_FILE="$RUN_DIR/broker.log"
PROPS="$RUN_DIR/server.properties"
LOG4J="$RUN_DIR/log4j.properties"
TOOLS_LOG4J="$RUN_DIR/tools-log4j.properties"
TLS_DIR="$RUN_DIR/tls"
CREDENTIALS="$RUN_DIR/sasl-credentials"
SECURE_JSON="$RUN_DIR/secure-listeners.json"
SCRAM_STAMP="$DATA_DIR/.accord-scram"

HOST="${KAFKA_HOST:-127.0.0.1}"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
SASL_PORT="${KAFKA_SASL_PORT:-9094}"
SSL_PORT="${KAFKA_SSL_PORT:-9095}"
SASL_SSL_PORT="${KAFKA_SASL_SSL_PORT:-9096}"
case "${KAFKA_SECURE_LISTENERS:-on}" in
  on|true|1) SECURE=1 ;;
  off|false|0) SECURE=0 ;;
  *) echo "kafka/start: KAFKA_SECURE_LISTENERS must be on or off" >&2; exit 2 ;;
esac
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
JAVA="${JAVA:-java}"
KEYTOOL="${KEYTOOL:-keytool}"
source "$KAFKA_DIR/kraft.sh"

log() { echo "kafka: $*" >&2; }
die() { echo "kafka/start: $*" >&2; exit 1; }

# True when $1 is a live kafka.Kafka process (guards against recycled pids).
is_broker_pid() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null &&
    tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka '
}
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
# Which SCRAM credentials run/data holds (so a data dir formatted before them, or with another
# password, gets them added once the broker is up).
scram_stamp() { printf '%s\n' "$sasl_user:$sasl_password" | sha256sum | cut -d' ' -f1; }
show_log_tail() {
  if [[ -f "$LOG_FILE" ]]; then
    echo "---- last 40 lines of $LOG_FILE ----" >&2
    tail -n 40 "$LOG_FILE" >&2
    echo "----" >&2
  fi
}

mkdir -p "$RUN_DIR"

if [[ -f "$PID_FILE" ]]; then
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  if is_broker_pid "$pid"; then
    running="$(sed -n 's/^advertised\.listeners=//p' "$PROPS" 2>/dev/null || true)"
    log "already running (pid $pid) on ${running:-PLAINTEXT://$HOST:$PORT}"
    exit 0
  fi
  rm -f "$PID_FILE"   # stale
fi

command -v "$JAVA" >/dev/null 2>&1 || die "'$JAVA' not found (Java 17+ is needed)"
port_open "$HOST" "$PORT" && die "$HOST:$PORT is already in use by another process (set KAFKA_PORT)"
port_open "$HOST" "$CONTROLLER_PORT" && die "$HOST:$CONTROLLER_PORT is already in use by another process (set KAFKA_CONTROLLER_PORT)"
if (( SECURE )); then
  port_open "$HOST" "$SASL_PORT" && die "$HOST:$SASL_PORT is already in use by another process (set KAFKA_SASL_PORT, or KAFKA_SECURE_LISTENERS=off)"
  port_open "$HOST" "$SSL_PORT" && die "$HOST:$SSL_PORT is already in use by another process (set KAFKA_SSL_PORT, or KAFKA_SECURE_LISTENERS=off)"
  port_open "$HOST" "$SASL_SSL_PORT" && die "$HOST:$SASL_SSL_PORT is already in use by another process (set KAFKA_SASL_SSL_PORT, or KAFKA_SECURE_LISTENERS=off)"
fi

"$KAFKA_DIR/fetch.sh"

mkdir -p "$DATA_DIR"

listeners="PLAINTEXT://$HOST:$PORT"
protocol_map="PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
secure_props=""
if (( SECURE )); then
  # TEST-ONLY SASL credentials: one user, a random password kept across restarts.
  if [[ ! -s "$CREDENTIALS" ]]; then
    (umask 077; printf 'username=accord-test\npassword=%s\n' "$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$CREDENTIALS.tmp")
    mv -f "$CREDENTIALS.tmp" "$CREDENTIALS"
  fi
  sasl_user="$(sed -n 's/^username=//p' "$CREDENTIALS")"
  sasl_password="$(sed -n 's/^password=//p' "$CREDENTIALS")"
  [[ "$sasl_user$sasl_password" =~ ^[A-Za-z0-9-]+$ ]] || die "$CREDENTIALS: username and password must be letters, digits and '-' (delete it to regenerate)"

  # TEST-ONLY TLS: a self-signed CA and the broker's keystore signed by it, valid for
  # localhost, 127.0.0.1 and KAFKA_HOST. Made once (and again if KAFKA_HOST changes).
  tls_stamp="host=$HOST v1"
  if [[ ! -s "$TLS_DIR/broker.p12" || ! -s "$TLS_DIR/ca.pem" || "$(cat "$TLS_DIR/.stamp" 2>/dev/null)" != "$tls_stamp" ]]; then
    command -v "$KEYTOOL" >/dev/null 2>&1 || die "'$KEYTOOL' not found (the JDK's keytool makes the test TLS certificates; or KAFKA_SECURE_LISTENERS=off)"
    log "generating a test CA and broker keystore in infra/kafka/run/tls"
    rm -rf "$TLS_DIR.tmp"
    mkdir -p "$TLS_DIR.tmp"
    store_pass="$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    san="dns:localhost,ip:127.0.0.1"
    [[ "$HOST" != "127.0.0.1" ]] && san="$san,$( [[ "$HOST" =~ ^[0-9.]+$ ]] && echo ip || echo dns ):$HOST"
    kt() { "$KEYTOOL" -J-XX:TieredStopAtLevel=1 -J-Xshare:auto "$@" 2>&1; }
    # (set -e does not apply inside "if !", hence the && chain)
    if ! out="$(
      cd "$TLS_DIR.tmp" &&
      kt -genkeypair -alias ca -dname "CN=Accord test CA - infra-kafka TEST ONLY" -keyalg RSA -keysize 2048 -validity 3650 \
        -ext bc:c -ext ku:c=keyCertSign,cRLSign -keystore ca.p12 -storetype PKCS12 -storepass "$store_pass" &&
      kt -exportcert -rfc -alias ca -keystore ca.p12 -storepass "$store_pass" -file ca.pem &&
      kt -genkeypair -alias broker -dname "CN=localhost" -keyalg RSA -keysize 2048 -validity 3650 \
        -keystore broker.p12 -storetype PKCS12 -storepass "$store_pass" &&
      kt -certreq -alias broker -keystore broker.p12 -storepass "$store_pass" -file broker.csr &&
      kt -gencert -alias ca -keystore ca.p12 -storepass "$store_pass" -infile broker.csr -outfile broker.pem -rfc -validity 3650 \
        -ext "SAN=$san" -ext ku:c=digitalSignature,keyEncipherment -ext eku=serverAuth &&
      kt -importcert -noprompt -alias ca -file ca.pem -keystore broker.p12 -storepass "$store_pass" &&
      kt -importcert -alias broker -file broker.pem -keystore broker.p12 -storepass "$store_pass"
    )"; then
      echo "$out" >&2
      rm -rf "$TLS_DIR.tmp"
      die "keytool failed"
    fi
    (umask 077; echo "$store_pass" > "$TLS_DIR.tmp/store-password")
    echo "$tls_stamp" > "$TLS_DIR.tmp/.stamp"
    rm -rf "$TLS_DIR"
    mv "$TLS_DIR.tmp" "$TLS_DIR"
  fi
  store_pass="$(cat "$TLS_DIR/store-password")"

  listeners="$listeners,SASL_PLAINTEXT://$HOST:$SASL_PORT,SSL://$HOST:$SSL_PORT,SASL_SSL://$HOST:$SASL_SSL_PORT"
  protocol_map="$protocol_map,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,SASL_SSL:SASL_SSL"
  plain_jaas="org.apache.kafka.common.security.plain.PlainLoginModule required user_$sasl_user=\"$sasl_password\";"
  scram_jaas="org.apache.kafka.common.security.scram.ScramLoginModule required;"
  secure_props="# TEST-ONLY secure listeners (credentials in run/sasl-credentials, CA in run/tls/ca.pem).
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
ssl.keystore.type=PKCS12
ssl.keystore.location=$TLS_DIR/broker.p12
ssl.keystore.password=$store_pass
ssl.key.password=$store_pass
ssl.client.auth=none"
  for l in sasl_plaintext sasl_ssl; do
    secure_props="$secure_props
listener.name.$l.plain.sasl.jaas.config=$plain_jaas
listener.name.$l.scram-sha-256.sasl.jaas.config=$scram_jaas
listener.name.$l.scram-sha-512.sasl.jaas.config=$scram_jaas"
  done
fi

{
  echo "# Generated by infra/kafka/start.sh on each start; edits are overwritten."
  kraft_properties 1 "1@$HOST:$CONTROLLER_PORT" "$listeners,CONTROLLER://$HOST:$CONTROLLER_PORT" "$listeners" \
    "$protocol_map" "$DATA_DIR" 1 1
  cat <<PROPS
delete.topic.enable=true
num.io.threads=4
log.retention.hours=168
$secure_props
PROPS
} > "$PROPS"
chmod 600 "$PROPS"

kraft_log4j "$LOG4J"

cat > "$TOOLS_LOG4J" <<'LOG4J'
# Generated by infra/kafka/start.sh: quiet logging for the CLI tools it runs.
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
LOG4J

# Format the storage once. The cluster id is kept in meta.properties by the format step.
if [[ ! -f "$DATA_DIR/meta.properties" ]]; then
  cluster_id="$(kraft_cluster_id)"
  log "formatting storage in infra/kafka/run/data (cluster id $cluster_id)"
  scram_args=()
  if (( SECURE )); then
    for m in SCRAM-SHA-256 SCRAM-SHA-512; do scram_args+=(--add-scram "$m=[name=$sasl_user,password=$sasl_password]"); done
  fi
  if ! out="$(kraft_format "$cluster_id" "$PROPS" "$TOOLS_LOG4J" "${scram_args[@]}" 2>&1)"; then
    echo "$out" >&2
    die "storage format failed"
  fi
  (( SECURE )) && scram_stamp > "$SCRAM_STAMP"
fi
cluster_id="$(sed -n 's/^cluster\.id=//p' "$DATA_DIR/meta.properties")"
[[ -n "$cluster_id" ]] || die "no cluster.id in $DATA_DIR/meta.properties"

[[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
rm -f "$SECURE_JSON"   # written again once the secure listeners are up

log "starting broker on $HOST:$PORT$( (( SECURE )) && echo " (+ SASL :$SASL_PORT, SSL :$SSL_PORT, SASL_SSL :$SASL_SSL_PORT)") (controller $HOST:$CONTROLLER_PORT), log: infra/kafka/run/broker.log"
start_ts=$SECONDS
# shellcheck disable=SC2086 # KAFKA_OPTS is a list of options
kraft_launch "$PID_FILE" "$LOG_FILE" "$PROPS" "$LOG4J" "$HEAP_OPTS" \
  -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent ${KAFKA_OPTS:-}

# The secure listeners are up (they bind with the PLAINTEXT one), the SCRAM user exists (added
# through the admin API when run/data predates it) and run/secure-listeners.json describes them.
secure_ready() {
  port_open "$HOST" "$SASL_PORT" && port_open "$HOST" "$SSL_PORT" && port_open "$HOST" "$SASL_SSL_PORT" || return 1
  if [[ "$(cat "$SCRAM_STAMP" 2>/dev/null)" != "$(scram_stamp)" ]]; then
    # One mechanism per request: ConfigCommand 3.9 refuses both for one user in one request.
    # A failure here leaves PLAINTEXT, PLAIN and TLS working: warn and try again next start.
    log "adding the SCRAM credentials of $sasl_user (run/data predates them)"
    local m out ok=1
    for m in SCRAM-SHA-256 SCRAM-SHA-512; do
      if ! out="$(timeout 30 "$JAVA" -Xmx128m -XX:TieredStopAtLevel=1 -Dlog4j.configuration="file:$TOOLS_LOG4J" -cp "$LIB_DIR/*" kafka.admin.ConfigCommand \
            --bootstrap-server "$HOST:$PORT" --alter --entity-type users --entity-name "$sasl_user" \
            --add-config "$m=[password=$sasl_password]" 2>&1)"; then
        echo "$out" | tail -n 5 >&2
        log "WARNING: could not add the $m credentials of $sasl_user; SCRAM logins will fail until the next start"
        ok=0
      fi
    done
    (( ok )) && scram_stamp > "$SCRAM_STAMP"
  fi
  (umask 077; cat > "$SECURE_JSON.tmp" <<JSON
{
  "comment": "TEST-ONLY credentials of the local broker (infra/kafka/start.sh); regenerated on start",
  "host": "$HOST",
  "plaintextPort": $PORT,
  "saslPlaintextPort": $SASL_PORT,
  "sslPort": $SSL_PORT,
  "saslSslPort": $SASL_SSL_PORT,
  "mechanisms": ["plain", "scram-sha-256", "scram-sha-512"],
  "username": "$sasl_user",
  "password": "$sasl_password",
  "caFile": "$TLS_DIR/ca.pem"
}
JSON
  )
  mv -f "$SECURE_JSON.tmp" "$SECURE_JSON"
}

# Wait: the port accepts connections, the broker logged that it started, and an admin
# client sees this cluster (metadata round trip with the id we formatted).
deadline=$((SECONDS + TIMEOUT))
pid=""
while :; do
  [[ -z "$pid" && -s "$PID_FILE" ]] && pid="$(cat "$PID_FILE")"
  if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
    # (only our broker's pid file: a concurrent stop.sh/start.sh may have started another)
    [[ "$(cat "$PID_FILE" 2>/dev/null)" == "$pid" ]] && rm -f "$PID_FILE"
    show_log_tail
    die "broker exited during startup"
  fi
  if [[ -n "$pid" ]] && port_open "$HOST" "$PORT" && grep -q 'Kafka Server started' "$LOG_FILE" 2>/dev/null; then
    seen_id="$(timeout 20 "$JAVA" -Xmx128m -XX:TieredStopAtLevel=1 -Dlog4j.configuration="file:$TOOLS_LOG4J" -cp "$LIB_DIR/*" org.apache.kafka.tools.ClusterTool cluster-id \
      --bootstrap-server "$HOST:$PORT" 2>/dev/null | sed -n 's/^Cluster ID: *//p' || true)"
    if [[ "$seen_id" == "$cluster_id" ]]; then
      if (( SECURE )); then
        secure_ready || { sleep 0.5; continue; }
        log "ready on $HOST:$PORT, SASL_PLAINTEXT :$SASL_PORT, SSL :$SSL_PORT, SASL_SSL :$SASL_SSL_PORT (pid $pid, cluster $cluster_id) after $((SECONDS - start_ts))s; test credentials: infra/kafka/run/secure-listeners.json"
      else
        log "ready on $HOST:$PORT (pid $pid, cluster $cluster_id) after $((SECONDS - start_ts))s"
      fi
      exit 0
    fi
  fi
  if (( SECONDS >= deadline )); then
    show_log_tail
    log "broker not ready after ${TIMEOUT}s; stopping it"
    "$KAFKA_DIR/stop.sh" >&2 || true
    die "broker not ready after ${TIMEOUT}s (raise KAFKA_START_TIMEOUT if this machine is just slow)"
  fi
  sleep 0.5
done
