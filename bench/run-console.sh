#!/usr/bin/env bash
# The console figures, written to bench/results/console.json (docs/benchmarks.md, "Console"):
#   appsPageP99Ms, jsonListP99Ms, appsPageRatioToJsonList
#       with 500 Apps in a namespace, the console's apps page at 50 concurrent signed-in sessions
#       (20 requests each) against the API's JSON list of the same Apps at 50 concurrent clients,
#       same server, same run; each measured twice, alternating, the better p99 of each kept
#   stepToPageP50Ms, stepToPageP99Ms
#       40 times: a release step's status written to the cluster as the controller writes it, then
#       the moment an open app page in headless Chromium shows the step's new state
# Runs against the local cluster the test kit starts (kwok's node is enough: no container runs).
# All traffic stays on this machine.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
results="$root/bench/results/console.json"
work=$(mktemp -d)
log() { echo "bench: $*" >&2; }
trap 'rm -rf "$work"' EXIT

log "building the modules"
"$root/mvnw" -q -B -f "$root/pom.xml" -pl model,testkit,controller,api-server -am install -DskipTests \
  -Djacoco.skip=true -Dslipway.setup.skip=true
log "console: 500 apps, 50 sessions; 40 step changes in a browser"
"$root/mvnw" -q -B -f "$root/pom.xml" -pl api-server verify -Djacoco.skip=true -Dtest=NONE \
  -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ConsoleBench -Dbench.results="$work/console.json" \
  >"$work/bench.log" 2>&1 || { tail -n 60 "$work/bench.log" >&2; exit 1; }

python3 - "$work/console.json" "$results" <<'PY'
import json, sys, datetime
figures = {"benchmark": "console", "command": "bench/run-console.sh",
           "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
figures.update(json.load(open(sys.argv[1])))
json.dump(figures, open(sys.argv[2], "w"), indent=2)
open(sys.argv[2], "a").write("\n")
print(json.dumps(figures, indent=2))
PY
