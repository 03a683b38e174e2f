#!/usr/bin/env bash
# Runs Slipway: starts the local Kubernetes control plane (or, with --current-context, uses the
# cluster of the current kubeconfig), installs Slipway's CRDs there, builds the controller and runs
# it in the foreground until Ctrl-C.
#
#   hack/up.sh                     local control plane in ~/.cache/slipway/local-cluster
#   hack/up.sh --current-context   the cluster kubectl talks to now
#   hack/up.sh --install-only      install the CRDs and stop there (no controller)
#   hack/up.sh --down              stop the local control plane
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
mode=local
run_controller=true
for arg in "$@"; do
  case "$arg" in
    --current-context) mode=current ;;
    --install-only) run_controller=false ;;
    --down) exec "$root/hack/local-cluster.sh" down ;;
    *) echo "usage: $0 [--current-context] [--install-only] | --down" >&2; exit 2 ;;
  esac
done

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

cat >&2 <<MSG
Slipway's resources are installed on $("$kubectl" config current-context).
In another shell:  $( [ "$mode" = local ] && echo "export KUBECONFIG=$KUBECONFIG PATH=$(dirname "$kubectl"):\$PATH; " )kubectl create secret generic billing-stripe --from-literal=api-key=sk_test_example && kubectl apply -f docs/examples/prebuilt-image.yaml && kubectl get apps,releases -w
MSG
[ "$run_controller" = true ] || exit 0

"$root/mvnw" -q -B -f "$root/pom.xml" -pl controller -am package -DskipTests >&2
echo "Running the controller (Ctrl-C stops it)" >&2
export SLIPWAY_LEASE_NAMESPACE=${SLIPWAY_LEASE_NAMESPACE:-default} SLIPWAY_METRICS_PORT=${SLIPWAY_METRICS_PORT:-9464}
# From outside the cluster the installation's registry (a Service name) cannot be reached, so the
# builder image trigger stays off unless SLIPWAY_REGISTRY names a registry this machine reaches.
[ -n "${SLIPWAY_REGISTRY:-}" ] || export SLIPWAY_BUILDER_POLL_SECONDS=${SLIPWAY_BUILDER_POLL_SECONDS:-0}
exec java -jar "$root/controller/target/slipway-controller.jar"
