#!/usr/bin/env bash
# Writes controller/src/main/cds/classes.lst, the classes that the controller's class-data-sharing
# archive holds (see docs/operations.md, "Start-up"): the classes the JVM loaded while the
# controller started, made an App's objects, rolled out a second release and stopped, on a local
# control plane with the fake node of its own. Run it after a change that brings in many new
# classes (a new library, a new reconciler); a class missing from the list is only loaded the
# slow way, and a class listed that no longer exists is skipped.
#
#   hack/controller-class-list.sh
set -euo pipefail
shopt -s inherit_errexit

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/controller/src/main/cds/classes.lst"
work=$(mktemp -d)
controller=""
cleanup() {
  [ -z "$controller" ] || kill "$controller" 2>/dev/null || true
  "$root/hack/local-cluster.sh" down "$work/cluster" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

log() { echo "controller-class-list: $*" >&2; }

log "building the controller"
"$root/mvnw" -q -B -f "$root/pom.xml" -Dslipway.setup.skip=true -Dslipway.cds.skip=true -pl controller -am package \
  -DskipTests
log "starting a local control plane (fake node only)"
kubeconfig=$("$root/hack/local-cluster.sh" up "$work/cluster" --fake-only --crds "$root/manifests/crds" \
  --owner-pid $$)
k() { "$work/cluster/kubectl" --kubeconfig="$kubeconfig" "$@"; }
k create namespace class-list >/dev/null

log "running the controller over one App and two releases"
KUBECONFIG="$kubeconfig" SLIPWAY_NAMESPACES=class-list SLIPWAY_LEASE_NAMESPACE=class-list \
  SLIPWAY_METRICS_PORT=0 java -Xshare:off -XX:DumpLoadedClassList="$work/classes.lst" \
  -jar "$root/controller/target/slipway-controller.jar" > "$work/controller.log" 2>&1 &
controller=$!
k apply -f - >/dev/null <<'EOF'
apiVersion: slipway.dev/v1alpha1
kind: App
metadata: {name: shop, namespace: class-list}
spec:
  image: registry.example.com/class-list/shop:1
  replicas: 2
  port: 8080
  healthCheck: {path: /healthz}
  routes: [{}]
EOF
ready() {
  k -n class-list wait app/shop --for=jsonpath='{.status.phase}'=Ready --timeout=120s >/dev/null
  k -n class-list wait "release/shop-$1" --for=jsonpath='{.status.phase}'=Complete --timeout=120s >/dev/null
}
ready 1
k -n class-list patch app shop --type=merge -p '{"spec":{"image":"registry.example.com/class-list/shop:2"}}' \
  >/dev/null
ready 2
kill -TERM "$controller"
wait "$controller" || true
controller=""

mkdir -p "$(dirname "$out")"
{
  echo "# The controller's classes for its class-data-sharing archive: hack/controller-class-list.sh"
  echo "# wrote this list with -XX:DumpLoadedClassList; the build dumps the archive from it."
  grep -v '^#' "$work/classes.lst"
} > "$out"
log "$(grep -vc '^#' "$out") classes written to controller/src/main/cds/classes.lst"
