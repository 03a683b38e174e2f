#!/usr/bin/env bash
# The real node's figures, written to bench/results/real-node.json (docs/benchmarks.md, "Real node"):
#   upColdSeconds, upWarmSeconds   hack/up.sh started to the first answer of the hello App's route,
#                                  cold (no cluster, no node images, no Slipway jars; the Go programs
#                                  cached) and warm (everything cached, the cluster stopped)
#   podReadySeconds                median of 10 pods, create to Ready, one after the other
#   rollingFailedRequests, rollingTotalRequests
#                                  requests through the route during a rolling release of the App
#   gitToLiveSeconds               the App from source (docs/examples/hello-source.yaml: the python
#                                  sample, cloned from the git server hack/up.sh runs) created to its
#                                  route's first answer: clone, rootless BuildKit build and push in
#                                  the build pod, pull, Ready, route
# Stops the local cluster in ~/.cache/slipway/local-cluster (and starts it again). Needs root.
# All traffic goes to 127.0.0.1; each loop is bounded in count and time.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${SLIPWAY_CACHE:-$HOME/.cache/slipway}/local-cluster
results="$root/bench/results/real-node.json"
logs=$(mktemp -d)
export KUBECONFIG="$dir/admin.kubeconfig"
kubectl="$dir/kubectl"
log() { echo "bench: $*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.2f", a - b }'; }

# Waits, at most 300 s with one request every 0.25 s to 127.0.0.1, until the route of host $1 answers
# $2 through the ingress controller; fails naming $3 when it never does.
await_answer() {
  local port answer=""
  port=$(cat "$dir/ports/ingress-http")
  for _ in $(seq 1 1200); do
    answer=$(curl -s --max-time 2 -H "Host: $1" "http://127.0.0.1:$port/" || true)
    [ "$answer" != "$2" ] || return 0
    sleep 0.25
  done
  log "$3 never answered \"$2\" (last answer: $answer)"
  exit 1
}

up_pid=""
stop_up() {
  if [ -n "$up_pid" ]; then kill "$up_pid" 2>/dev/null || true; wait "$up_pid" 2>/dev/null || true; up_pid=""; fi
}
trap 'stop_up; "$root/hack/local-cluster.sh" down >/dev/null 2>&1 || true' EXIT

# Starts hack/up.sh, applies the hello App as soon as the CRDs are there and sets $seconds to the
# time until its route answers. (Not in a subshell: $up_pid must reach stop_up.)
up_to_first_answer() {
  local t0
  t0=$(now)
  "$root/hack/up.sh" >"$logs/up-$1.log" 2>&1 &
  up_pid=$!
  for _ in $(seq 1 1800); do
    grep -q "resources are installed" "$logs/up-$1.log" 2>/dev/null && break
    kill -0 "$up_pid" 2>/dev/null || { cat "$logs/up-$1.log" >&2; exit 1; }
    sleep 0.5
  done
  "$kubectl" apply -f "$root/docs/examples/hello.yaml" >/dev/null
  await_answer hello-default.apps.localhost "hello from slipway" "the hello App's route"
  seconds=$(elapsed "$t0")
}

"$root/hack/local-cluster.sh" down >/dev/null 2>&1 || true
rm -rf "${SLIPWAY_CACHE:-$HOME/.cache/slipway}/images" "$root/controller/target"
log "cold start"
up_to_first_answer cold
cold=$seconds
log "cold: $cold s"

# Pods on the real node, create to Ready (kubectl's own time included: two calls a pod).
ready=()
for i in $(seq 1 10); do
  t0=$(now)
  "$kubectl" run "ready-$i" --image=registry.slipway-system.svc:5000/slipway/web-sample:1 --port=8080 \
    --overrides='{"spec":{"containers":[{"name":"ready-'"$i"'","image":"registry.slipway-system.svc:5000/slipway/web-sample:1","readinessProbe":{"httpGet":{"path":"/healthz","port":8080},"periodSeconds":1}}]}}' >/dev/null
  "$kubectl" wait --for=condition=Ready "pod/ready-$i" --timeout=60s >/dev/null
  ready+=("$(elapsed "$t0")")
done
"$kubectl" delete pod -l run --wait=false >/dev/null
pod_ready=$(printf '%s\n' "${ready[@]}" | sort -n | awk '{a[NR]=$1} END {print (a[5]+a[6])/2}')
log "pod ready median: $pod_ready s"

# A rolling release under a bounded load: at most 3000 requests or 120 s, sequential, to 127.0.0.1.
port=$(cat "$dir/ports/ingress-http")
"$kubectl" patch app hello --type=json -p '[{"op":"replace","path":"/spec/env/0/value","value":"hello again"}]' >/dev/null
total=0 failed=0 deadline=$(( $(date +%s) + 120 ))
while [ "$total" -lt 3000 ] && [ "$(date +%s)" -lt "$deadline" ]; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Host: hello-default.apps.localhost" "http://127.0.0.1:$port/" || true)
  total=$((total + 1))
  [ "$code" = 200 ] || failed=$((failed + 1))
  # Until the release is complete and its old pods are gone, looked at every 25 requests.
  [ $((total % 25)) = 0 ] || continue
  phase=$("$kubectl" get release hello-2 -o jsonpath='{.status.phase}' 2>/dev/null || true)
  if [ "$phase" = Complete ] && [ -z "$("$kubectl" get pods -l slipway.dev/app=hello,slipway.dev/role=web,slipway.dev/revision=1 -o name)" ]; then break; fi
done
log "rolling: $failed failed of $total"

# Git to live, at most 300 s, one request every 0.25 s to 127.0.0.1.
t0=$(now)
"$kubectl" apply -f "$root/docs/examples/hello-source.yaml" >/dev/null
await_answer hello-source-default.apps.localhost "Hello from the python builder" "the App from source"
git_to_live=$(elapsed "$t0")
log "git to live: $git_to_live s"

stop_up
"$root/hack/local-cluster.sh" down >/dev/null 2>&1
log "warm start"
up_to_first_answer warm
warm=$seconds
log "warm: $warm s"

mkdir -p "$(dirname "$results")"
cat > "$results" <<EOF
{
  "benchmark": "real-node",
  "command": "bench/run-real-node.sh",
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "upColdSeconds": $cold,
  "upWarmSeconds": $warm,
  "podReadySeconds": $pod_ready,
  "rollingFailedRequests": $failed,
  "rollingTotalRequests": $total,
  "gitToLiveSeconds": $git_to_live
}
EOF
cat "$results"
