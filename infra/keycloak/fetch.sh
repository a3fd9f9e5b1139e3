#!/usr/bin/env bash
# Download the Keycloak server distribution (see pom.xml) from Maven Central and unpack it into
# infra/keycloak/dist/. Idempotent: does nothing when dist/ is complete for the current pom.xml.
set -euo pipefail

KC_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIST_DIR="$KC_DIR/dist"
RUN_DIR="$KC_DIR/run"
STAMP="$DIST_DIR/.complete"
MVN="${MVN:-mvn}"

pom_hash() { sha256sum "$KC_DIR/pom.xml" | cut -d' ' -f1; }

mkdir -p "$RUN_DIR"
# Serialise concurrent fetches (e.g. two start.sh at once) when flock is available.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$RUN_DIR/.fetch.lock"
  flock 9
fi

if [[ "$(cat "$STAMP" 2>/dev/null)" == "pom-sha256=$(pom_hash)" && -x "$DIST_DIR/bin/kc.sh" ]]; then
  exit 0
fi

command -v "$MVN" >/dev/null 2>&1 || { echo "keycloak/fetch: '$MVN' not found (Maven is needed to fetch the server)" >&2; exit 1; }

echo "keycloak: fetching the server distribution from Maven Central into infra/keycloak/dist ..." >&2
DOWNLOAD="$RUN_DIR/download"
PARTIAL="$RUN_DIR/dist.partial"
rm -rf "$DOWNLOAD" "$PARTIAL"
# Absolute outputDirectory: a relative one is resolved against the pom's directory, not the cwd.
if ! out="$("$MVN" -q -B -f "$KC_DIR/pom.xml" dependency:copy-dependencies -DoutputDirectory="$DOWNLOAD" 2>&1)"; then
  echo "$out" >&2
  rm -rf "$DOWNLOAD"
  echo "keycloak/fetch: maven failed" >&2
  exit 1
fi
archive="$(ls "$DOWNLOAD"/keycloak-quarkus-dist-*.tar.gz 2>/dev/null | head -n1)"
[[ -n "$archive" ]] || { echo "keycloak/fetch: no keycloak-quarkus-dist archive was copied" >&2; exit 1; }

mkdir -p "$PARTIAL"
# The archive holds one top-level folder (keycloak-<version>/): its contents become dist/.
tar -xzf "$archive" -C "$PARTIAL" --strip-components=1
[[ -x "$PARTIAL/bin/kc.sh" ]] || { echo "keycloak/fetch: $archive has no bin/kc.sh" >&2; exit 1; }
echo "pom-sha256=$(pom_hash)" > "$PARTIAL/.complete"
rm -rf "$DIST_DIR" "$DOWNLOAD"
mv "$PARTIAL" "$DIST_DIR"
echo "keycloak: $(cat "$DIST_DIR/version.txt" 2>/dev/null || basename "$archive") ready in infra/keycloak/dist" >&2
