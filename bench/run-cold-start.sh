#!/usr/bin/env bash
# The controller's cold start (see docs/benchmarks.md): builds the controller (with its
# class-data-sharing archive) and the benchmark, starts a fresh local control plane with the fake
# node, and writes bench/results/cold-start.json.
#   bench/run-cold-start.sh [runs=5]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
case "$runs" in
  ""|*[!0-9]*) echo "run-cold-start.sh: runs is a count" >&2; exit 2 ;;
esac
./mvnw -q -B -pl bench,controller -am package -DskipTests
exec timeout --kill-after=30s 20m java \
  -cp "bench/target/slipway-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" dev.slipway.bench.ColdStartBench "$runs"
