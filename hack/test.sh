#!/usr/bin/env bash
# Runs every test: installs what is missing (hack/prerequisites.sh), builds the local cluster's
# programs from their Go modules when they are not cached (one line per program; the full output
# in a log), then runs ./mvnw verify. CI runs this same command (.ci/run).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
start=$(date +%s)
"$root/hack/prerequisites.sh"

"$root/hack/cluster-programs.sh"

"$root/mvnw" -B -f "$root/pom.xml" verify
echo "test: done in $(( $(date +%s) - start )) s" >&2
