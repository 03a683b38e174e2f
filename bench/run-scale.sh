#!/usr/bin/env bash
# The scale benchmark (see docs/benchmarks.md): builds the controller and the benchmark, starts a fresh
# local control plane with the fake node, and writes bench/results/scale.json: kube-controller-manager's
# writes for the same Apps, and heap, memory, CPU and writes as Apps are added.
#   bench/run-scale.sh [steps=1000,2000,5000]
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${1:-1000,2000,5000}

case "$steps" in
  ""|*[!0-9,]*) echo "run-scale.sh: steps are App counts separated by commas" >&2; exit 2 ;;
esac
./mvnw -q -B -pl bench,controller -am package -DskipTests
exec timeout --kill-after=30s "${SLIPWAY_BENCH_MINUTES:-90}m" java \
  -cp "bench/target/slipway-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" dev.slipway.bench.ScaleBench "$steps"
