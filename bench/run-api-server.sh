#!/usr/bin/env bash
# The API server benchmark (see docs/benchmarks.md): builds the API server and the benchmark,
# starts a fresh local control plane, and writes bench/results/api-server.json. The API server's
# logs go to bench/target/api-server/.
#   bench/run-api-server.sh [apps=500] [seconds=20]
# GET load comes from wrk (Debian package wrk): installed here when missing and apt-get can.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "---> installing wrk" >&2
    apt-get install -y -q wrk >/dev/null
  else
    echo "run-api-server.sh: wrk is not installed; install it first (Debian, Ubuntu: apt-get install wrk)" >&2
    exit 1
  fi
fi
./mvnw -q -B -pl bench -am package -DskipTests
exec java -Dlogback.configurationFile=api-server-bench-logback.xml \
  -cp "bench/target/slipway-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" dev.slipway.bench.ApiServerBench "$@"
