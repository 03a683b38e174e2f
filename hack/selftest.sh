#!/usr/bin/env bash
# Runs `slipway selftest` against the Slipway installed in the cluster of the current kubeconfig,
# through a port-forward to its API server, and exits with the self-test's code. The report (one
# line per check, then a summary) goes to standard output; progress to standard error. Runs
# $KUBECTL, else kubectl from the PATH; builds the command line first when it is not built.
#
#   hack/selftest.sh [SELFTEST OPTIONS...]   for example --ingress 127.0.0.1:80 (slipway selftest --help)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
kubectl=${KUBECTL:-kubectl}
slipway=$root/cli/target/slipway-dist/slipway/bin/slipway
[ -x "$slipway" ] || "$root/mvnw" -q -B -f "$root/pom.xml" -pl cli -am package -DskipTests -Dslipway.setup.skip=true >&2

forward_log=$(mktemp)
"$kubectl" -n slipway-system port-forward --address 127.0.0.1 service/slipway-api-server :80 \
  >"$forward_log" 2>&1 &
forward=$!
trap 'kill "$forward" 2>/dev/null; rm -f "$forward_log"' EXIT
# kubectl picks a free port, and names it once it listens.
port=""
for _ in $(seq 100); do
  port=$(sed -n 's/^Forwarding from 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$forward_log")
  [ -z "$port" ] || break
  kill -0 "$forward" 2>/dev/null || break
  sleep 0.2
done
if [ -z "$port" ]; then
  echo "selftest: kubectl port-forward did not start:" >&2
  cat "$forward_log" >&2
  exit 1
fi

"$slipway" selftest --server "http://127.0.0.1:$port" "$@"
