#!/usr/bin/env bash
# The cost of one watch event of a Slipway kind in the controller's client (see docs/benchmarks.md):
# no cluster, one JVM; writes bench/results/watch-decode.json.
#   bench/run-watch-decode.sh [eventsPerRound=20000]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl bench -am package -DskipTests
exec timeout --kill-after=30s 10m java \
  -cp "bench/target/slipway-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" dev.slipway.bench.WatchDecodeBench "$@"
