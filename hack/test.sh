#!/usr/bin/env bash
# Runs every test: installs what is missing (hack/prerequisites.sh), builds the local cluster's
# programs from their Go modules when they are not cached (one line per program; the full output
# in a log), then runs ./mvnw verify. CI runs this same command (.ci/run).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
start=$(date +%s)
"$root/hack/prerequisites.sh"

log=${SLIPWAY_CACHE:-$HOME/.cache/slipway}/build-cluster-binaries.log
mkdir -p "$(dirname "$log")"
echo "test: the local cluster's programs (built once, about 35 minutes on 2 cores; output in $log)" >&2
if ! "$root/hack/build-cluster-binaries.sh" 2> >(tee "$log" | grep --line-buffered '^build-cluster-binaries:' >&2) >/dev/null; then
  tail -n 25 "$log" >&2
  echo "test: building the cluster's programs failed (full log: $log)" >&2
  exit 1
fi
echo "test: cluster programs ready after $(( $(date +%s) - start )) s" >&2

"$root/mvnw" -B -f "$root/pom.xml" verify
echo "test: done in $(( $(date +%s) - start )) s" >&2
