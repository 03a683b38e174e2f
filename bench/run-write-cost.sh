#!/usr/bin/env bash
# What the kube-apiserver and etcd spend per kind of write (see docs/benchmarks.md): server-side
# apply against merge patches and plain creates, on a fresh local control plane with no controller;
# writes bench/results/write-cost.json.
#   bench/run-write-cost.sh [writesPerKind=1000] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl bench -am package -DskipTests
exec timeout --kill-after=30s 20m java \
  -cp "bench/target/slipway-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" dev.slipway.bench.WriteCostBench "$@"
