#!/usr/bin/env bash
# Generates a small, never-seen Synthea 3.3.0 FHIR R4 Bulk Data export (another state and seed than
# the shipped sites) and imports it with the shipped task files through FhirImportBenchmark.
#
#   fhir/scripts/synthea-smoke.sh [population] [seed] [state]     # defaults: 40 404 Utah
#
# Needs Maven Central (Synthea and its dependencies, about 200 MB, land in ~/.m2). Takes a few
# minutes on 2 cores. Output goes to a temporary directory that is printed and kept.
set -euo pipefail
population="${1:-40}"
seed="${2:-404}"
state="${3:-Utah}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d -t synthea-smoke.XXXXXX)"

cat > "$work/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local</groupId><artifactId>synthea-run</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.mitre.synthea</groupId><artifactId>synthea</artifactId><version>3.3.0</version></dependency>
  </dependencies>
</project>
POM
"$repo/mvnw" -q -B -f "$work/pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/cp.txt"

echo "generating $population patients, seed $seed, $state into $work/out"
java -Xmx2g -cp "$(cat "$work/cp.txt")" App -p "$population" -s "$seed" -cs "$seed" \
  --exporter.fhir.export true --exporter.fhir.bulk_data true \
  --exporter.hospital.fhir.export false --exporter.practitioner.fhir.export false \
  --exporter.baseDirectory "$work/out" "$state" > "$work/synthea.log"
tail -4 "$work/synthea.log"

cd "$repo"
./mvnw -q -B -pl proto,transitions install -DskipTests -Dspotless.check.skip=true
./mvnw -q -B -pl fhir test-compile exec:exec -Dbench.dir="$work/out/fhir" -Dbench.heap=256m
echo "export kept in $work/out/fhir"
