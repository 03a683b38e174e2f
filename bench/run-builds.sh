#!/usr/bin/env bash
# The build figures, written to bench/results/builds.json (docs/benchmarks.md, "Builds"):
#   firstBuildSeconds<J>, cachedRebuildSeconds<J>, cachedRebuildRatio<J>, cacheBytes<J>
#       for J = Java (the java builder's sample) and Node (bench/samples/node: the node builder
#       with express from the npm registry): a build pod run on this machine (BuildKit as root,
#       as the build pod test runs it) against the local cluster's registry, then the same after a
#       one-line source change in a BuildKit that never saw the App (a new pod), which imports the
#       App's cache from the registry; the ratio is second over first; the cache's bytes as its
#       manifest lists them
#   uploadHeapMb200, uploadHeapMb2
#       the API server's live heap (after a forced collection, sampled every 200 ms) during a
#       200 MB upload into a registry, over the same before it; a 2 MB upload is the baseline
# Starts the local cluster (for its registry and builder images; hack/local-cluster.sh) and stops
# it at the end. Needs root. The builds' RUN steps download from Maven Central and the npm
# registry, which this machine reaches and the cluster's pods do not; all other traffic stays on
# this machine.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
results="$root/bench/results/builds.json"
work=$(mktemp -d)
log() { echo "bench: $*" >&2; }
trap '"$root/hack/local-cluster.sh" down >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

log "starting the local cluster and building the java and node builder images"
"$root/hack/local-cluster.sh" down >/dev/null 2>&1 || true
kubeconfig=$("$root/hack/local-cluster.sh" up | tail -n 1)
images="$(dirname "$kubeconfig")/node/images.properties"
"$root/hack/build-images.sh" 10.88.0.1:5000 registry.slipway-system.svc:5000 \
  "$(sed -n 's/^busybox=//p' "$images")" java node >/dev/null

# The test kit finds this cluster running and serves the API server's benchmark from it.
log "building the modules"
"$root/mvnw" -q -B -f "$root/pom.xml" -pl model,testkit,controller,api-server -am install -DskipTests \
  -Djacoco.skip=true -Dslipway.setup.skip=true
run_bench() {
  local module=$1 class=$2 out=$3; shift 3
  "$root/mvnw" -q -B -f "$root/pom.xml" -pl "$module" verify -Djacoco.skip=true -Dtest=NONE \
    -Dsurefire.failIfNoSpecifiedTests=false -Dit.test="$class" -Dbench.results="$out" "$@" \
    >"$work/$class.log" 2>&1 || { tail -n 60 "$work/$class.log" >&2; exit 1; }
}
log "build cache: java and node, twice each (minutes)"
run_bench controller BuildCacheBench "$work/cache.json" -Dbench.registry=10.88.0.1:5000
log "upload heap: 2 MB and 200 MB"
run_bench api-server UploadHeapBench "$work/heap.json"

python3 - "$work/cache.json" "$work/heap.json" "$results" <<'PY'
import json, sys, datetime
figures = {"benchmark": "builds", "command": "bench/run-builds.sh",
           "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
for path in sys.argv[1:3]:
    figures.update(json.load(open(path)))
with open(sys.argv[3], "w") as out:
    json.dump(figures, out, indent=2)
    out.write("\n")
PY
cat "$results"
