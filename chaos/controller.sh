#!/usr/bin/env bash
# The controller under fire (chaos/README.md): builds the controller and the benchmark module, starts
# a fresh local control plane of its own (hack/local-cluster.sh --fake-only), runs releases with hooks
# and breaks the controller's world while they run:
#   chaos/controller.sh kill      [apps=20] [releasesPerApp=5]   SIGKILL of the controller at random moments
#   chaos/controller.sh failover  [apps=10] [releasesPerApp=3] [kills=20]   two replicas, the leader SIGKILLed
#   chaos/controller.sh apiserver [apps=10] [releasesPerApp=3] [restarts=5]   kube-apiserver restarts, then etcd once
#   chaos/controller.sh network   [apps=10] [releasesPerApp=3]   a Toxiproxy between the controller and the kube-apiserver
# Merges its figures into bench/results/chaos.json (other keys are kept). Logs: bench/target/chaos/.
# Bounded: each run stops after SLIPWAY_CHAOS_MINUTES (30); all traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
case "$mode" in
  kill) defaults=(20 5) ;;
  failover) defaults=(10 3 20) ;;
  apiserver) defaults=(10 3 5) ;;
  network) defaults=(10 3) ;;
  *) echo "usage: chaos/controller.sh kill|failover|apiserver|network [apps] [releasesPerApp] [faults]" >&2; exit 2 ;;
esac
shift
args=("$@")
for i in "${!defaults[@]}"; do args[i]=${args[i]:-${defaults[i]}}; done
for n in "${args[@]}"; do
  case "$n" in ''|*[!0-9]*) echo "controller.sh: counts are whole numbers: ${args[*]}" >&2; exit 2 ;; esac
done
./mvnw -q -B -pl bench,controller -am package -DskipTests
mkdir -p bench/target/chaos
props=()
if [ "$mode" = network ]; then
  props+=("-Dslipway.toxiproxy=$(hack/build-cluster-binaries.sh toxiproxy)/toxiproxy-server")
fi
exec timeout --kill-after=30s "${SLIPWAY_CHAOS_MINUTES:-30}m" java "${props[@]}" \
  -cp "bench/target/slipway-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" dev.slipway.bench.ControllerChaos \
  "$mode" "${args[@]}"
