#!/usr/bin/env bash
# Runs Slipway: starts the local Kubernetes cluster with its real node (or, with --current-context,
# uses the cluster of the current kubeconfig) and installs Slipway's CRDs and roles there. On the
# real node Slipway then runs as users run it: from its own images, installed in the cluster
# (hack/slipway-images.sh, hack/install.sh hack/local-install), with its API server forwarded to
# 127.0.0.1:8443; the script also makes the catalog's builder images and serves, until Ctrl-C, a git
# repository with a sample app (docs/examples/hello-source.yaml builds it from source), after
# proving the installation with `slipway selftest` (hack/selftest.sh). Elsewhere,
# or with --jars, it builds the controller and the API server and runs them on this machine until
# Ctrl-C. One line per step, with the time it took; the output of long steps goes to a log file,
# whose end is shown when the step fails.
#
#   hack/up.sh                     local cluster in ~/.cache/slipway/local-cluster, with a real node
#   hack/up.sh --fake-only         local cluster with kwok's fake node only (no root needed; pods
#                                  become Ready without running)
#   hack/up.sh --current-context   the cluster kubectl talks to now
#   hack/up.sh --install-only      install the CRDs and stop there (no controller)
#   hack/up.sh --jars              run the controller and the API server on this machine instead of
#                                  in the cluster (a faster loop when changing them)
#   hack/up.sh --no-selftest       install in the cluster without running `slipway selftest` after
#   hack/up.sh --down              stop the local cluster
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
mode=local
run_controller=true
jars=false
selftest=true
cluster_args=()
for arg in "$@"; do
  case "$arg" in
    --current-context) mode=current ;;
    --fake-only) cluster_args+=(--fake-only) ;;
    --install-only) run_controller=false ;;
    --jars) jars=true ;;
    --no-selftest) selftest=false ;;
    --down) exec "$root/hack/local-cluster.sh" down ;;
    *) echo "usage: $0 [--current-context | --fake-only] [--install-only | --jars] [--no-selftest] | --down" >&2; exit 2 ;;
  esac
done

logs=${SLIPWAY_CACHE:-$HOME/.cache/slipway}/up-logs
mkdir -p "$logs"
started=$(date +%s)
# Runs a step with its output in a log; prints one line when it ends, and the log's end if it fails.
step() {
  local name=$1 log="$logs/$1.log" t0 rc=0; shift
  t0=$(date +%s)
  echo "up: $name ..." >&2
  "$@" >"$log" 2>&1 || rc=$?
  if [ "$rc" != 0 ]; then
    tail -n 25 "$log" >&2
    echo "up: $name failed after $(( $(date +%s) - t0 )) s (full log: $log)" >&2
    exit "$rc"
  fi
  echo "up: $name done in $(( $(date +%s) - t0 )) s" >&2
}

if [ "$mode" = local ]; then
  "$root/hack/prerequisites.sh" --run
  "$root/hack/cluster-programs.sh"
  step cluster "$root/hack/local-cluster.sh" up "${cluster_args[@]}"
  kubeconfig=$(tail -n 1 "$logs/cluster.log")
  export KUBECONFIG="$kubeconfig"
  kubectl="$(dirname "$kubeconfig")/kubectl"
  cluster_dir=$(dirname "$kubeconfig")
  if [ -f "$cluster_dir/node/images.properties" ]; then
    # The rest of the catalog (static and python came with the node), so that builder detection
    # finds every builder's image: minutes the first time, then a question to the registry.
    step builder-images "$root/hack/build-images.sh" 10.88.0.1:5000 registry.slipway-system.svc:5000 \
      "$(sed -n 's/^busybox=//p' "$cluster_dir/node/images.properties")" node go java ruby
  fi
else
  kubectl=kubectl
  "$kubectl" cluster-info >/dev/null || { echo "up: the current kubeconfig's cluster does not answer" >&2; exit 1; }
fi

# The CRDs, the user roles, and a ServiceAccount "developer" that may use Slipway in namespace
# default, whose token the web API and the command line take.
install_crds() {
  "$kubectl" apply --server-side --field-manager=slipway-up -f "$root/manifests/crds/"
  "$kubectl" wait --for=condition=Established --timeout=60s crd/apps.slipway.dev crd/releases.slipway.dev \
    crd/builds.slipway.dev crd/routes.slipway.dev
  "$kubectl" apply --server-side --field-manager=slipway-up -f "$root/manifests/rbac/slipway-admin.yaml" \
    -f "$root/manifests/rbac/slipway-developer.yaml" -f "$root/manifests/rbac/slipway-viewer.yaml" \
    -f "$root/manifests/rbac/slipway-approver.yaml"
  "$kubectl" create serviceaccount developer --dry-run=client -o yaml | "$kubectl" apply --server-side \
    --field-manager=slipway-up -f -
  "$kubectl" create rolebinding developer-slipway-admin --clusterrole=slipway-admin \
    --serviceaccount=default:developer --dry-run=client -o yaml | "$kubectl" apply --server-side \
    --field-manager=slipway-up -f -
}
step install install_crds

ingress=""
[ "$mode" != local ] || [ ! -f "$(dirname "$kubeconfig")/ports/ingress-http" ] \
  || ingress=$(cat "$(dirname "$kubeconfig")/ports/ingress-http")
{
  echo "Slipway's resources are installed on $("$kubectl" config current-context) ($(( $(date +%s) - started )) s)."
  echo "In another shell:"
  [ "$mode" != local ] || echo "  export KUBECONFIG=$KUBECONFIG PATH=$(dirname "$kubectl"):\$PATH"
  if [ -n "$ingress" ]; then
    echo "  kubectl apply -f docs/examples/hello.yaml && kubectl get apps,releases -w"
    echo "  curl http://hello-default.apps.localhost:$ingress/"
    [ "$run_controller" = false ] || {
      echo "  kubectl apply -f docs/examples/hello-source.yaml && kubectl get builds,releases -w    # from source"
      echo "  curl http://hello-source-default.apps.localhost:$ingress/"
    }
    [ "$run_controller" = false ] || echo "  curl -H \"Authorization: Bearer \$(kubectl create token developer)\" http://127.0.0.1:8443/api/v1/namespaces/default/apps"
  else
    echo "  kubectl create secret generic billing-stripe --from-literal=api-key=sk_test_example"
    echo "  kubectl apply -f docs/examples/prebuilt-image.yaml && kubectl get apps,releases -w"
  fi
} >&2
[ "$run_controller" = true ] || exit 0

git_server="" port_forward="" api_server="" controller=""
# Whatever this script started stops with it, whether by Ctrl-C or by a signal.
trap 'kill $git_server $port_forward $api_server $controller 2>/dev/null; wait' EXIT
trap 'exit 130' INT TERM

# Build pods on the real node clone from a git server on the machine's bridge address: a
# repository with the python builder's sample app, made once. Needs the test kit's classes.
serve_git() {
  local repos=${SLIPWAY_CACHE:-$HOME/.cache/slipway}/up-git
  "$root/hack/serve-sample-git.sh" "$repos" >"$logs/git-server.log" 2>&1 &
  git_server=$!
  echo "up: git repositories of $repos at http://10.88.0.1:9480/ (log: $logs/git-server.log)" >&2
}

if [ -n "$ingress" ] && [ "$jars" = false ]; then
  install_in_cluster() {
    "$root/hack/slipway-images.sh"
    KUBECTL=$kubectl "$root/hack/install.sh" "$root/hack/local-install"
  }
  step in-cluster install_in_cluster
  "$kubectl" -n slipway-system port-forward --address 127.0.0.1 service/slipway-api-server 8443:80 \
    >"$logs/port-forward.log" 2>&1 &
  port_forward=$!
  serve_git
  if [ "$selftest" = true ]; then
    # What a user runs after installing: every capability checked on this cluster, one line each,
    # the App built from source cloned from the git server above (about three minutes).
    echo "up: slipway selftest ..." >&2
    KUBECTL=$kubectl "$root/hack/selftest.sh" --ingress "127.0.0.1:$ingress" \
      --git-url http://10.88.0.1:9480/hello-source || echo "up: the self-test failed (above); Slipway stays installed" >&2
  fi
  echo "up: Slipway runs in the cluster (kubectl -n slipway-system get pods), its API forwarded to" \
    "http://127.0.0.1:8443; Ctrl-C stops the git server and the forward, Slipway stays (hack/up.sh --down stops all)" >&2
  wait "$git_server"
  exit 0
fi

step build "$root/mvnw" -q -B -f "$root/pom.xml" -pl testkit,controller,api-server -am package -DskipTests \
  -Dslipway.setup.skip=true
# Uploaded folders go to the installation's registry, which this machine reaches on the bridge.
[ -z "$ingress" ] || export SLIPWAY_REGISTRY_ADDRESS=${SLIPWAY_REGISTRY_ADDRESS:-10.88.0.1:5000}
SLIPWAY_API_HOST=127.0.0.1 java -jar "$root/api-server/target/slipway-api-server.jar" >"$logs/api-server.log" 2>&1 &
api_server=$!
echo "up: API server on http://127.0.0.1:8443 (log: $logs/api-server.log); running the controller (Ctrl-C stops both)" >&2
export SLIPWAY_LEASE_NAMESPACE=${SLIPWAY_LEASE_NAMESPACE:-default} SLIPWAY_METRICS_PORT=${SLIPWAY_METRICS_PORT:-9464}
# Route hosts under .localhost resolve to 127.0.0.1 by themselves (curl, browsers), where the local
# cluster's ingress controller listens.
[ -z "$ingress" ] || export SLIPWAY_APPS_DOMAIN=${SLIPWAY_APPS_DOMAIN:-apps.localhost}
# From outside the cluster the installation's registry (a Service name) cannot be reached, so the
# builder image trigger stays off unless SLIPWAY_REGISTRY names a registry this machine reaches.
[ -n "${SLIPWAY_REGISTRY:-}" ] || export SLIPWAY_BUILDER_POLL_SECONDS=${SLIPWAY_BUILDER_POLL_SECONDS:-0}
if [ -n "$ingress" ]; then
  # Build pods run the step images the real node made.
  images="$cluster_dir/node/images.properties"
  export SLIPWAY_BUILD_GIT_IMAGE=$(sed -n 's/^git=//p' "$images") \
    SLIPWAY_BUILD_BUILDKIT_IMAGE=$(sed -n 's/^buildkit=//p' "$images")
  serve_git
fi
java -XX:SharedArchiveFile="$root/controller/target/slipway-controller.jsa" \
  -jar "$root/controller/target/slipway-controller.jar" &
controller=$!
wait "$controller"
