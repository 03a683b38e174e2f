#!/usr/bin/env bash
# Slipway installing itself on the local cluster, written to bench/results/install.json
# (docs/benchmarks.md, "Installing Slipway"):
#   installToReadySeconds            hack/install.sh hack/local-install (kubectl apply -k) to both
#                                    Deployments rolled out (images already in the node's registry)
#   imageMbController, imageMbApiServer, imageMbSampleApp
#                                    compressed size of each image (layers + config), MB
#   reproducible                     whether building the images again from the same commit gives
#                                    the same digests
#   selftestPassed, selftestFailed, selftestSkipped, selftestSeconds
#                                    `slipway selftest` (hack/selftest.sh) on that installation, with
#                                    the sample git repository of hack/serve-sample-git.sh
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
git_server="" repos=""
trap 'kill $git_server 2>/dev/null; rm -rf "$repos"; "$root/hack/local-cluster.sh" down >/dev/null 2>&1 || true' EXIT

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
KUBECTL=$kubectl "$root/hack/install.sh" "$root/hack/local-install" 2>/dev/null
ready=$(elapsed "$t0")
log "install to ready: $ready s"

repos=$(mktemp -d)
"$root/hack/serve-sample-git.sh" "$repos" >/dev/null 2>&1 &
git_server=$!
ingress=127.0.0.1:$(cat "$dir/ports/ingress-http")
report=$(KUBECTL=$kubectl "$root/hack/selftest.sh" --ingress "$ingress" \
  --git-url http://10.88.0.1:9480/hello-source -o json 2>/dev/null) || true
# A figure of the report's JSON (Jackson's indented form), or null when the report has none.
figure() {
  local value
  value=$(printf '%s\n' "$report" | sed -n "s/^  \"$1\" : \([0-9.]*\),*$/\1/p")
  echo "${value:-null}"
}
log "selftest: $(figure passed) passed, $(figure failed) failed in $(figure seconds) s"

mkdir -p "$(dirname "$results")"
cat > "$results" <<JSON
{
  "benchmark": "install",
  "command": "bench/run-install.sh",
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "installToReadySeconds": $ready,
  "imageMbController": $(megabytes controller),
  "imageMbApiServer": $(megabytes api-server),
  "imageMbSampleApp": $(megabytes sample-app),
  "controllerDigest": "$first_controller",
  "apiServerDigest": "$first_api",
  "reproducible": $reproducible,
  "selftestPassed": $(figure passed),
  "selftestFailed": $(figure failed),
  "selftestSkipped": $(figure skipped),
  "selftestSeconds": $(figure seconds)
}
JSON
cat "$results"
