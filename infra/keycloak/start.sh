#!/usr/bin/env bash
# Start a local Keycloak (dev mode, dev-file database) in the background with the realm in
# realm-accord.json imported, and wait until that realm answers its discovery document.
#
# The realm is imported into a fresh database whenever realm-accord.json changes; otherwise the
# database in run/data is kept across restarts. A TEST-ONLY administrator of the master realm
# (random password, kept in run/admin-credentials) is made with the database, and run/keycloak.json
# describes the running server for the tests.
#
# Env: KEYCLOAK_HOST (127.0.0.1), KEYCLOAK_PORT (18080), KEYCLOAK_STALL_TIMEOUT (300, seconds the
#      server may go without writing to its log before it counts as stuck), KEYCLOAK_START_TIMEOUT
#      (1800, seconds the whole start may take: the first start on a fresh dist/ builds the server
#      and makes its database, which on a busy two-core machine took over 10 minutes),
#      KEYCLOAK_HEAP_OPTS ("-Xms64m -Xmx768m"), KEYCLOAK_JAVA_HOME (a Java 21+ home; found under
#      /usr/lib/jvm when unset), MVN (mvn).
set -euo pipefail

KC_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIST_DIR="$KC_DIR/dist"
RUN_DIR="$KC_DIR/run"
DATA_DIR="$RUN_DIR/data"
PID_FILE="$RUN_DIR/keycloak.pid"
LOG_FILE="$RUN_DIR/keycloak.log"
CREDENTIALS="$RUN_DIR/admin-credentials"
DESCRIPTION="$RUN_DIR/keycloak.json"
REALM_FILE="$KC_DIR/realm-accord.json"
REALM_STAMP="$DATA_DIR/.realm-sha256"
REALM=accord

HOST="${KEYCLOAK_HOST:-127.0.0.1}"
PORT="${KEYCLOAK_PORT:-18080}"
TIMEOUT="${KEYCLOAK_START_TIMEOUT:-1800}"
STALL_TIMEOUT="${KEYCLOAK_STALL_TIMEOUT:-300}"
HEAP_OPTS="${KEYCLOAK_HEAP_OPTS:--Xms64m -Xmx768m}"
BASE_URL="http://$HOST:$PORT"

log() { echo "keycloak: $*" >&2; }
die() { echo "keycloak/start: $*" >&2; exit 1; }

# True when $1 is a live process of this Keycloak (kc.sh, or the JVM it runs or execs into).
is_keycloak_pid() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null &&
    tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF "$DIST_DIR/bin/"
}
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
show_log_tail() {
  if [[ -f "$LOG_FILE" ]]; then
    echo "---- last 40 lines of $LOG_FILE ----" >&2
    tail -n 40 "$LOG_FILE" >&2
    echo "----" >&2
  fi
}
realm_hash() { sha256sum "$REALM_FILE" | cut -d' ' -f1; }

# The feature version of the Java in home $1 (25 for "25.0.1", 1 for "1.8.0"), or nothing.
java_feature() {
  local version
  version="$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true)"
  if [[ -z "$version" && -x "$1/bin/java" ]]; then
    version="$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n1)"
  fi
  echo "$version"
}
# Keycloak 26 needs Java 21+; the machine's default java may be older.
find_java_home() {
  local home feature best="" best_feature=0
  if [[ -n "${KEYCLOAK_JAVA_HOME:-}" ]]; then
    feature="$(java_feature "$KEYCLOAK_JAVA_HOME")"
    (( ${feature:-0} >= 21 )) || die "KEYCLOAK_JAVA_HOME=$KEYCLOAK_JAVA_HOME is not a Java 21+ home"
    echo "$KEYCLOAK_JAVA_HOME"
    return
  fi
  for home in ${JAVA_HOME:-} "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" /usr/lib/jvm/*; do
    [[ -x "$home/bin/java" ]] || continue
    feature="$(java_feature "$home")"
    if (( ${feature:-0} >= 21 && ${feature:-0} > best_feature )); then
      best="$home"
      best_feature="$feature"
    fi
  done
  [[ -n "$best" ]] || die "no Java 21+ found (JAVA_HOME, java on PATH, /usr/lib/jvm/*): Keycloak 26 needs one; set KEYCLOAK_JAVA_HOME"
  echo "$best"
}

mkdir -p "$RUN_DIR"

if [[ -f "$PID_FILE" ]]; then
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  if is_keycloak_pid "$pid"; then
    log "already running (pid $pid) on $(sed -n 's/^ *"url": "\(.*\)",$/\1/p' "$DESCRIPTION" 2>/dev/null || echo "$BASE_URL")"
    if [[ "$(cat "$REALM_STAMP" 2>/dev/null)" != "$(realm_hash)" ]]; then
      log "WARNING: realm-accord.json changed since it was imported; stop.sh then start.sh imports it again"
    fi
    exit 0
  fi
  rm -f "$PID_FILE" # stale
fi

command -v curl >/dev/null 2>&1 || die "'curl' not found (start.sh uses it to wait for the server)"
port_open "$HOST" "$PORT" && die "$HOST:$PORT is already in use by another process (set KEYCLOAK_PORT)"
java_home="$(find_java_home)"

"$KC_DIR/fetch.sh"

# TEST-ONLY administrator of the master realm: a random password kept across restarts. Keycloak
# creates it with the master realm, i.e. with a fresh database.
if [[ ! -s "$CREDENTIALS" ]]; then
  (umask 077; printf 'username=accord-admin\npassword=%s\n' "$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$CREDENTIALS.tmp")
  mv -f "$CREDENTIALS.tmp" "$CREDENTIALS"
  rm -rf "$DATA_DIR" # made with another administrator
fi
admin_user="$(sed -n 's/^username=//p' "$CREDENTIALS")"
admin_password="$(sed -n 's/^password=//p' "$CREDENTIALS")"
[[ "$admin_user$admin_password" =~ ^[A-Za-z0-9-]+$ ]] || die "$CREDENTIALS: username and password must be letters, digits and '-' (delete it to regenerate)"

# Keycloak imports a realm only when it does not exist yet: a changed realm file means a fresh database.
if [[ -d "$DATA_DIR" && "$(cat "$REALM_STAMP" 2>/dev/null)" != "$(realm_hash)" ]]; then
  log "realm-accord.json changed since the last import: starting from a fresh database"
  rm -rf "$DATA_DIR"
fi
mkdir -p "$DATA_DIR"
rm -rf "$DIST_DIR/data/import"
mkdir -p "$DIST_DIR/data/import"
cp "$REALM_FILE" "$DIST_DIR/data/import/realm-accord.json"

[[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
rm -f "$DESCRIPTION" # written again once the server is ready

log "starting on $BASE_URL with $java_home (log: infra/keycloak/run/keycloak.log)"
start_ts=$SECONDS
# setsid: the server gets its own session and process group (stop.sh ends the group), and a
# Ctrl-C in the caller's terminal does not reach it. The inner shell writes its own pid and then
# execs kc.sh, which runs the JVM (and execs into it after a rebuild).
JAVA_HOME="$java_home" JAVA_OPTS_KC_HEAP="$HEAP_OPTS" \
  KC_BOOTSTRAP_ADMIN_USERNAME="$admin_user" KC_BOOTSTRAP_ADMIN_PASSWORD="$admin_password" \
  setsid bash -c 'echo $$ > "$1"; shift; exec "$@"' _ "$PID_FILE" \
  "$DIST_DIR/bin/kc.sh" start-dev \
  --http-host="$HOST" --http-port="$PORT" \
  --db-url="jdbc:h2:file:$DATA_DIR/keycloakdb;NON_KEYWORDS=VALUE" \
  --import-realm \
  </dev/null >>"$LOG_FILE" 2>&1 &

admin_token() {
  curl -fsS --max-time 10 "$BASE_URL/realms/master/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=admin-cli \
    --data-urlencode "username=$admin_user" --data-urlencode "password=$admin_password" 2>/dev/null |
    sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}

# Ready: the realm answers its discovery document naming this issuer, and the administrator can sign in.
# A slow start is not a failed one: while the log grows the server is working (building itself,
# making its database, importing the realm); it is stuck when the log stays still STALL_TIMEOUT.
deadline=$((SECONDS + TIMEOUT))
log_size=0
progress_at=$SECONDS
said_at=$SECONDS
pid=""
while :; do
  size="$(stat -c %s "$LOG_FILE" 2>/dev/null || echo 0)"
  if (( size != log_size )); then
    log_size=$size
    progress_at=$SECONDS
  fi
  if (( SECONDS - said_at >= 60 )); then
    said_at=$SECONDS
    log "still starting after $((SECONDS - start_ts))s: $(tail -n 1 "$LOG_FILE" 2>/dev/null | sed 's/^[0-9-]* [0-9:,]* //' | cut -c1-120)"
  fi
  [[ -z "$pid" && -s "$PID_FILE" ]] && pid="$(cat "$PID_FILE")"
  if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
    [[ "$(cat "$PID_FILE" 2>/dev/null)" == "$pid" ]] && rm -f "$PID_FILE"
    show_log_tail
    die "Keycloak exited during startup"
  fi
  discovery="$(curl -fsS --max-time 5 "$BASE_URL/realms/$REALM/.well-known/openid-configuration" 2>/dev/null || true)"
  if [[ "$discovery" == *"\"issuer\":\"$BASE_URL/realms/$REALM\""* ]]; then
    [[ -n "$(admin_token)" ]] || {
      "$KC_DIR/stop.sh" >&2 || true
      die "the administrator in $CREDENTIALS cannot sign in (run/data was made with another one): stop.sh --wipe, then start.sh"
    }
    realm_hash > "$REALM_STAMP"
    (umask 077; cat > "$DESCRIPTION.tmp" <<JSON
{
  "comment": "TEST-ONLY local Keycloak (infra/keycloak/start.sh); rewritten on start",
  "url": "$BASE_URL",
  "realm": "$REALM",
  "issuer": "$BASE_URL/realms/$REALM",
  "jwksUrl": "$BASE_URL/realms/$REALM/protocol/openid-connect/certs",
  "adminUsername": "$admin_user",
  "adminPassword": "$admin_password"
}
JSON
    )
    mv -f "$DESCRIPTION.tmp" "$DESCRIPTION"
    log "ready on $BASE_URL, realm '$REALM' (pid $pid) after $((SECONDS - start_ts))s; test administrator: infra/keycloak/run/keycloak.json"
    exit 0
  fi
  if (( SECONDS - progress_at >= STALL_TIMEOUT )); then
    show_log_tail
    log "its log has not moved for ${STALL_TIMEOUT}s; stopping it"
    "$KC_DIR/stop.sh" >&2 || true
    die "stuck: no log output for ${STALL_TIMEOUT}s and not ready (raise KEYCLOAK_STALL_TIMEOUT if this machine is just slow)"
  fi
  if (( SECONDS >= deadline )); then
    show_log_tail
    log "not ready after ${TIMEOUT}s; stopping it"
    "$KC_DIR/stop.sh" >&2 || true
    die "not ready after ${TIMEOUT}s (raise KEYCLOAK_START_TIMEOUT if this machine is just slow)"
  fi
  sleep 1
done
