#!/usr/bin/env bash
# The release engine benchmark (see docs/benchmarks.md): builds the controller and the benchmark,
# starts a fresh local control plane, and writes bench/results/release-engine.json.
#   bench/run-release-engine.sh [apps=500] [appsLarge=2000]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl bench,controller -am package -DskipTests
exec java -cp "bench/target/slipway-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" dev.slipway.bench.ReleaseEngineBench "$@"
