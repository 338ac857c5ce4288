#!/usr/bin/env bash
# Round overhead (no local training) and peak heap of the federation protocol, per transport,
# number of sites and model size. Run from the repository root after
#   ./mvnw -q -B -pl federation install -DskipTests
set -uo pipefail
cd "$(dirname "$0")"
../mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
CP="target/classes:$(cat target/bench.cp)"
for transport in ${TRANSPORTS:-inprocess tls}; do
  for params in 100000 1000000; do
    for sites in 3 10 50; do
      java -Xmx6g -cp "$CP" org.transitionnet.federation.simulation.RoundOverheadBenchmark \
        "$transport" "$sites" "$params" "${ROUNDS:-3}" 2>/dev/null | grep "^transport=" || echo "transport=$transport sites=$sites parameters=$params FAILED"
    done
  done
done
