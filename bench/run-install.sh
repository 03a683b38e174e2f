#!/usr/bin/env bash
# Slipway installing itself on the local cluster, written to bench/results/install.json
# (docs/benchmarks.md, "Installing Slipway"):
#   installToReadySeconds            kubectl apply -k hack/local-install to both Deployments
#                                    rolled out (images already in the node's registry)
#   imageMbController, imageMbApiServer
#                                    compressed size of each image (layers + config), MB
#   reproducible                     whether building the images again from the same commit gives
#                                    the same digests
#   selftestPassed, selftestFailed   null until `slipway selftest` exists
# Starts the local cluster in ~/.cache/slipway/local-cluster (stops it at the end). Needs root.
# Traffic goes to 127.0.0.1 and to the node's registry on its bridge address only.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${SLIPWAY_CACHE:-$HOME/.cache/slipway}/local-cluster
results="$root/bench/results/install.json"
registry=10.88.0.1:5000
log() { echo "bench: $*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.2f", a - b }'; }
trap '"$root/hack/local-cluster.sh" down >/dev/null 2>&1 || true' EXIT

accept='application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'
digest() {
  curl -fsI -H "Accept: $accept" "http://$registry/v2/slipway/$1/manifests/0.1.0" \
    | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: *\(sha256:[0-9a-f]*\).*/\1/p'
}
megabytes() {
  curl -fs -H "Accept: $accept" "http://$registry/v2/slipway/$1/manifests/0.1.0" \
    | grep -o '"size": *[0-9]*' | awk -F: '{ s += $2 } END { printf "%.1f", s / 1e6 }'
}

"$root/hack/local-cluster.sh" down >/dev/null 2>&1 || true
"$root/hack/local-cluster.sh" up >/dev/null
export KUBECONFIG="$dir/admin.kubeconfig"
kubectl="$dir/kubectl"
"$root/hack/slipway-images.sh" 2>/dev/null
first_controller=$(digest controller) first_api=$(digest api-server)
"$root/hack/slipway-images.sh" 2>/dev/null
reproducible=false
[ "$(digest controller)" != "$first_controller" ] || [ "$(digest api-server)" != "$first_api" ] || reproducible=true
log "digests $first_controller $first_api, same again: $reproducible"

t0=$(now)
"$kubectl" apply --server-side -k "$root/hack/local-install" >/dev/null
for d in slipway-controller slipway-api-server; do
  "$kubectl" -n slipway-system rollout status "deployment/$d" --timeout=300s >/dev/null
done
ready=$(elapsed "$t0")
log "install to ready: $ready s"

mkdir -p "$(dirname "$results")"
cat > "$results" <<JSON
{
  "benchmark": "install",
  "command": "bench/run-install.sh",
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "installToReadySeconds": $ready,
  "imageMbController": $(megabytes controller),
  "imageMbApiServer": $(megabytes api-server),
  "controllerDigest": "$first_controller",
  "apiServerDigest": "$first_api",
  "reproducible": $reproducible,
  "selftestPassed": null,
  "selftestFailed": null
}
JSON
cat "$results"
