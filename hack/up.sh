#!/usr/bin/env bash
# Runs Slipway: starts the local Kubernetes control plane (or, with --current-context, uses the
# cluster of the current kubeconfig) and installs Slipway's CRDs there.
#
#   hack/up.sh                     local control plane in ~/.cache/slipway/local-cluster
#   hack/up.sh --current-context   the cluster kubectl talks to now
#   hack/up.sh --down              stop the local control plane
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
mode=local
case "${1:-}" in
  "") ;;
  --current-context) mode=current ;;
  --down) exec "$root/hack/local-cluster.sh" down ;;
  *) echo "usage: $0 [--current-context | --down]" >&2; exit 2 ;;
esac

if [ "$mode" = local ]; then
  kubeconfig=$("$root/hack/local-cluster.sh" up)
  export KUBECONFIG="$kubeconfig"
  kubectl="$(dirname "$kubeconfig")/kubectl"
else
  kubectl=kubectl
  "$kubectl" cluster-info >/dev/null || { echo "up: the current kubeconfig's cluster does not answer" >&2; exit 1; }
fi

"$kubectl" apply --server-side --field-manager=slipway-up -f "$root/manifests/crds/" >&2
"$kubectl" wait --for=condition=Established --timeout=60s crd/apps.slipway.dev crd/releases.slipway.dev \
  crd/builds.slipway.dev crd/routes.slipway.dev >&2

cat <<MSG
Slipway's resources are installed on $("$kubectl" config current-context).
Try:  $( [ "$mode" = local ] && echo "export KUBECONFIG=$KUBECONFIG PATH=$(dirname "$kubectl"):\$PATH; " )kubectl apply -f docs/examples/ && kubectl get apps
MSG
