#!/usr/bin/env bash
# Installs Slipway from a kustomization (manifests/ or an overlay of it) on the cluster of the
# current kubeconfig, and waits until the controller and the API server have rolled out. Runs
# $KUBECTL, else kubectl from the PATH.
#
#   hack/install.sh KUSTOMIZE_DIR
set -euo pipefail

[ $# = 1 ] || { echo "usage: $0 KUSTOMIZE_DIR" >&2; exit 2; }
kubectl=${KUBECTL:-kubectl}
# Progress only, nothing to return: on standard error, where callers keep their logs.
exec >&2
# The CRDs may be there already under another field manager (hack/up.sh's first step, the test
# kit): this apply takes them over.
"$kubectl" apply --server-side --force-conflicts -k "$1"
for deployment in slipway-controller slipway-api-server; do
  "$kubectl" -n slipway-system rollout status "deployment/$deployment" --timeout=240s
done
