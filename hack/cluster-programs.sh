#!/usr/bin/env bash
# Builds the local cluster's programs when they are not cached (hack/build-cluster-binaries.sh),
# showing one line per program with the time so far; the full output goes to a log, whose end is
# shown when the build fails. What hack/test-setup.sh and hack/up.sh run first.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
log=${SLIPWAY_CACHE:-$HOME/.cache/slipway}/build-cluster-binaries.log
mkdir -p "$(dirname "$log")"
start=$(date +%s)
echo "cluster programs: built from their Go modules when missing (about 35 minutes on 2 cores, once); output in $log" >&2
if ! "$here/build-cluster-binaries.sh" 2> >(tee "$log" | grep --line-buffered '^build-cluster-binaries:' >&2) >/dev/null; then
  sleep 0.5
  tail -n 25 "$log" >&2
  echo "cluster programs: the build failed (full log: $log); hack/build-cluster-binaries.sh runs it again" >&2
  exit 1
fi
if grep -q '^build-cluster-binaries: .* built$' "$log"; then
  echo "cluster programs: ready after $(( $(date +%s) - start )) s" >&2
else
  echo "cluster programs: all cached (a warm start)" >&2
fi
