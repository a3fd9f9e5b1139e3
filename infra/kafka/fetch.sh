#!/usr/bin/env bash
# Download the jars of the local Kafka broker (see pom.xml) into infra/kafka/lib/.
# Idempotent: does nothing when lib/ is complete for the current pom.xml.
set -euo pipefail

KAFKA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LIB_DIR="$KAFKA_DIR/lib"
RUN_DIR="$KAFKA_DIR/run"
STAMP="$LIB_DIR/.complete"
MVN="${MVN:-mvn}"

pom_hash() { sha256sum "$KAFKA_DIR/pom.xml" | cut -d' ' -f1; }

# lib/ is complete when its stamp names the current pom.xml and every jar it lists is there.
lib_complete() {
  [[ -f "$STAMP" ]] || return 1
  local first=1 line
  while IFS= read -r line; do
    if (( first )); then
      [[ "$line" == "pom-sha256=$(pom_hash)" ]] || return 1
      first=0
      continue
    fi
    [[ -z "$line" || -s "$LIB_DIR/$line" ]] || return 1
  done < "$STAMP"
  (( first == 0 ))
}

mkdir -p "$RUN_DIR"
# Serialise concurrent fetches (e.g. two start.sh at once) when flock is available.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$RUN_DIR/.fetch.lock"
  flock 9
fi

if lib_complete; then
  exit 0
fi

command -v "$MVN" >/dev/null 2>&1 || { echo "kafka/fetch: '$MVN' not found (Maven is needed to fetch the broker jars)" >&2; exit 1; }

echo "kafka: fetching broker jars from Maven Central into infra/kafka/lib ..." >&2
PARTIAL="$RUN_DIR/lib.partial"
rm -rf "$PARTIAL"
# Absolute outputDirectory: a relative one is resolved against the pom's directory, not the cwd.
if ! out="$("$MVN" -q -B -f "$KAFKA_DIR/pom.xml" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$PARTIAL" 2>&1)"; then
  echo "$out" >&2
  echo "kafka/fetch: maven failed" >&2
  rm -rf "$PARTIAL"
  exit 1
fi
ls "$PARTIAL"/kafka_2.13-*.jar >/dev/null 2>&1 || { echo "kafka/fetch: no kafka_2.13 jar was copied" >&2; exit 1; }

{ echo "pom-sha256=$(pom_hash)"; (cd "$PARTIAL" && ls -1 -- *.jar); } > "$PARTIAL/.complete"
rm -rf "$LIB_DIR"
mv "$PARTIAL" "$LIB_DIR"
echo "kafka: $(ls -1 "$LIB_DIR"/*.jar | wc -l) jars ready in infra/kafka/lib" >&2
