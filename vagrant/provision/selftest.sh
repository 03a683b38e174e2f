#!/usr/bin/env bash
# Runs `slipway selftest` on the installed Slipway (hack/selftest.sh, as the local real-node test
# does), with its exit code. Usage: selftest.sh [HOST:PORT of the ingress, default 127.0.0.1:80]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

# Run as the repository's owner, with the kubeconfig kubeconfig.sh gave them.
[ "$(id -un)" = "$owner" ] || { as_owner bash "$0" "$@"; exit; }
export KUBECONFIG=${KUBECONFIG:-$HOME/.kube/config}
# k3s's Traefik listens on the node's port 80; route hosts go in the Host header.
"$root/hack/selftest.sh" --ingress "${1:-127.0.0.1:80}"
