#!/usr/bin/env bash
# The API server under abuse (chaos/README.md): builds the API server and the benchmark module,
# starts a fresh local control plane (hack/local-cluster.sh --fake-only), runs the API server in a
# JVM of its own as its shipped ServiceAccount, and sends it, on 127.0.0.1 only:
#   REQUESTS malformed or random requests, 1,000 requests with distinct bogus tokens,
#   STREAMS event streams opened at once by one user, SLOW clients sending their heads a byte a second.
# Merges its figures into bench/results/chaos.json (other keys are kept). Logs: bench/target/chaos/.
#   chaos/api-abuse.sh [requests=10000] [streams=500] [slow=50]
# Bounded by count and by time: each part has a deadline, and the whole run is stopped after
# SLIPWAY_CHAOS_MINUTES (30).
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-10000}
streams=${2:-500}
slow=${3:-50}
for n in "$requests" "$streams" "$slow"; do
  case "$n" in
    ''|*[!0-9]*) echo "api-abuse.sh: counts are whole numbers: $requests $streams $slow" >&2; exit 2 ;;
  esac
done
./mvnw -q -B -pl bench -am package -DskipTests
mkdir -p bench/target/chaos
# Each stream and slow client is a connection, on both ends.
ulimit -n "$(( streams + slow + 1024 ))" 2>/dev/null || echo "api-abuse.sh: could not raise the open file limit" >&2
exec timeout --kill-after=30s "${SLIPWAY_CHAOS_MINUTES:-30}m" java \
  -Dlogback.configurationFile=api-server-bench-logback.xml \
  -DapiServerLog=bench/target/chaos/driver.log -DapiServerAuditLog=bench/target/chaos/driver-audit.log \
  -cp "bench/target/slipway-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" dev.slipway.bench.ApiAbuseChaos \
  "$requests" "$streams" "$slow"
