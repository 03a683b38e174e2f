#!/usr/bin/env bash
# Starts and stops a real Kubernetes control plane on 127.0.0.1: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler; kwok with one fake node whose pods become Ready and whose
# Job pods complete (see hack/kwok/pod-stages.yaml); and a real node that runs real containers
# (hack/real-node.sh: containerd, the kubelet, kube-proxy, a CNI bridge, CoreDNS, a registry).
#
#   hack/local-cluster.sh up [DIR] [--owner-pid PID] [--crds DIR] [--fake-only]
#                                                      start (or find running) and print the kubeconfig path
#   hack/local-cluster.sh node-up [DIR]                add the real node to a running cluster
#   hack/local-cluster.sh down [DIR]                   stop it and remove its data
#   hack/local-cluster.sh status [DIR]                 exit 0 when it answers
#
# The real node needs root; --fake-only leaves it out (benchmarks with thousands of pods, machines
# without root). Started by up, it takes every pod and the fake node is tainted
# (slipway.dev/fake-node:NoSchedule). Added later by node-up (what the test kit does) it is the one
# tainted (slipway.dev/real-node:NoSchedule), and only namespaces annotated as hack/real-node.sh
# describes send their pods there. The fake node is managed by kwok, the real one by its kubelet.
#
# DIR/kubectl links to a kubectl of the cluster's own version. CRDs given with --crds are installed
# before kube-controller-manager starts: its garbage collector then knows them from the start,
# instead of after its next discovery resync (30 s), so owned objects are collected at once.
# DIR defaults to ~/.cache/slipway/local-cluster. With --owner-pid the cluster stops by itself when
# that process ends, so a test JVM that dies leaves nothing running.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:-}
shift || true
dir=${SLIPWAY_CACHE:-$HOME/.cache/slipway}/local-cluster
owner=""
crds=""
real_node=true
while [ $# -gt 0 ]; do
  case "$1" in
    --owner-pid) owner=$2; shift 2 ;;
    --crds) crds=$2; shift 2 ;;
    --fake-only) real_node=false; shift ;;
    *) dir=$1; shift ;;
  esac
done
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
kubeconfig="$dir/admin.kubeconfig"
kubectl=kubectl
components=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok watchdog)

log_name=local-cluster
# shellcheck source=cluster-lib.sh
. "$here/cluster-lib.sh"

answers() {
  [ -f "$kubeconfig" ] || return 1
  local port
  port=$(cat "$dir/ports/apiserver" 2>/dev/null) || return 1
  curl -fsk --max-time 2 "https://127.0.0.1:$port/readyz" >/dev/null 2>&1
}

down() {
  local c pid
  # The real node first: its kubelet must not see the control plane go.
  if [ -d "$dir/node" ] || [ -f "$dir/pids/containerd" ]; then "$here/real-node.sh" down "$dir"; fi
  for (( i=${#components[@]}-1; i>=0; i-- )); do
    c=${components[$i]}
    [ -f "$dir/pids/$c" ] || continue
    pid=$(cat "$dir/pids/$c")
    # The watchdog stops the cluster by becoming this script: it must not kill itself first.
    if [ "$pid" = "$$" ]; then rm -f "$dir/pids/$c"; continue; fi
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/pids/$c"
  done
  rm -rf "$dir/etcd-data" "$dir/ports"
}

pki() {
  local p=$dir/pki
  [ -f "$p/admin.crt" ] && [ -f "$p/sa.pub" ] && [ -f "$p/apiserver-kubelet-client.crt" ] && return
  rm -rf "$p"
  mkdir -p "$p"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=slipway-test-ca \
    -keyout "$p/ca.key" -out "$p/ca.crt" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  issue_cert apiserver /CN=kube-apiserver "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:10.96.0.1
extendedKeyUsage=serverAuth"
  issue_cert admin "/O=system:masters/CN=slipway-test-admin" "extendedKeyUsage=clientAuth"
  # How kube-apiserver proves itself to the real node's kubelet (logs, exec, port-forward).
  issue_cert apiserver-kubelet-client /CN=kube-apiserver-kubelet-client "extendedKeyUsage=clientAuth"
  openssl genrsa -out "$p/sa.key" 2048 2>/dev/null
  openssl rsa -in "$p/sa.key" -pubout -out "$p/sa.pub" 2>/dev/null
}

write_kubeconfig() {
  local port=$1 tmp="$kubeconfig.tmp"
  rm -f "$tmp"
  "$kubectl" config --kubeconfig="$tmp" set-cluster slipway-local --server="https://127.0.0.1:$port" \
    --certificate-authority="$dir/pki/ca.crt" --embed-certs >/dev/null
  "$kubectl" config --kubeconfig="$tmp" set-credentials slipway-admin --client-certificate="$dir/pki/admin.crt" \
    --client-key="$dir/pki/admin.key" --embed-certs >/dev/null
  "$kubectl" config --kubeconfig="$tmp" set-context slipway-local --cluster=slipway-local --user=slipway-admin >/dev/null
  "$kubectl" config --kubeconfig="$tmp" use-context slipway-local >/dev/null
  mv "$tmp" "$kubeconfig"
}

up() {
  # One up or down at a time per folder: two test JVMs may ask for the same cluster.
  exec 8>"$dir/.lock"
  flock 8
  if answers && running kube-controller-manager && running kwok && [ -x "$dir/kubectl" ]; then
    if [ "$real_node" = true ] && ! running kubelet; then node_up --default; fi
    echo "$kubeconfig"
    return
  fi
  for tool in openssl curl ss setsid timeout; do
    command -v "$tool" >/dev/null || die "$tool is needed (Debian: apt-get install openssl curl iproute2 util-linux)"
  done
  local bin
  bin=$("$here/build-cluster-binaries.sh")
  kubectl="$bin/kubectl"
  down
  mkdir -p "$dir/pids" "$dir/logs" "$dir/ports"
  # A start that fails half way stops what it started.
  trap 'down' ERR
  pki
  local etcd_port peer_port api_port kcm_port sched_port
  etcd_port=$(free_port etcd)
  peer_port=$(free_port etcd-peer)
  api_port=$(free_port apiserver)
  kcm_port=$(free_port controller-manager)
  sched_port=$(free_port scheduler)
  write_kubeconfig "$api_port"

  start etcd "$bin/etcd" --name=slipway --data-dir="$dir/etcd-data" \
    --listen-client-urls="http://127.0.0.1:$etcd_port" --advertise-client-urls="http://127.0.0.1:$etcd_port" \
    --listen-peer-urls="http://127.0.0.1:$peer_port" --initial-advertise-peer-urls="http://127.0.0.1:$peer_port" \
    --initial-cluster="slipway=http://127.0.0.1:$peer_port" --unsafe-no-fsync --log-level=warn
  wait_for etcd 30 etcd curl -fs "http://127.0.0.1:$etcd_port/health"

  # endpoint-reconciler none: a loopback address cannot be published in the kubernetes Endpoints.
  start kube-apiserver "$bin/kube-apiserver" --etcd-servers="http://127.0.0.1:$etcd_port" \
    --bind-address=127.0.0.1 --secure-port="$api_port" \
    --tls-cert-file="$dir/pki/apiserver.crt" --tls-private-key-file="$dir/pki/apiserver.key" \
    --client-ca-file="$dir/pki/ca.crt" --authorization-mode=Node,RBAC \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$dir/pki/sa.pub" --service-account-signing-key-file="$dir/pki/sa.key" \
    --api-audiences=https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range=10.96.0.0/16 --allow-privileged=true --endpoint-reconciler-type=none \
    --kubelet-client-certificate="$dir/pki/apiserver-kubelet-client.crt" \
    --kubelet-client-key="$dir/pki/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority="$dir/pki/ca.crt" --kubelet-preferred-address-types=InternalIP \
    --enable-admission-plugins=PodNodeSelector,PodTolerationRestriction \
    --profiling=false
  wait_for kube-apiserver 90 kube-apiserver curl -fsk "https://127.0.0.1:$api_port/readyz"

  if [ -n "$crds" ]; then
    "$kubectl" --kubeconfig="$kubeconfig" apply --server-side -f "$crds" >/dev/null
    "$kubectl" --kubeconfig="$kubeconfig" wait --for=condition=Established crd --all --timeout=60s >/dev/null
  fi

  start kube-controller-manager "$bin/kube-controller-manager" --kubeconfig="$kubeconfig" \
    --authentication-kubeconfig="$kubeconfig" --authorization-kubeconfig="$kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$kcm_port" --leader-elect=false \
    --service-account-private-key-file="$dir/pki/sa.key" --root-ca-file="$dir/pki/ca.crt" \
    --cluster-signing-cert-file="$dir/pki/ca.crt" --cluster-signing-key-file="$dir/pki/ca.key" \
    --profiling=false
  start kube-scheduler "$bin/kube-scheduler" --kubeconfig="$kubeconfig" \
    --authentication-kubeconfig="$kubeconfig" --authorization-kubeconfig="$kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$sched_port" --leader-elect=false --profiling=false

  cat "$bin/kwok-node-stages.yaml" > "$dir/kwok.yaml"
  printf '\n---\n' >> "$dir/kwok.yaml"
  cat "$here/kwok/pod-stages.yaml" >> "$dir/kwok.yaml"
  start kwok "$bin/kwok" --kubeconfig="$kubeconfig" --config="$dir/kwok.yaml" \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake --node-lease-duration-seconds=40 \
    --cidr=10.244.0.0/16 --node-ip=127.0.0.2

  wait_for kube-controller-manager 60 kube-controller-manager curl -fsk "https://127.0.0.1:$kcm_port/healthz"
  wait_for kube-scheduler 60 kube-scheduler curl -fsk "https://127.0.0.1:$sched_port/healthz"

  "$kubectl" --kubeconfig="$kubeconfig" apply -f "$here/kwok/node.yaml" >/dev/null
  wait_for "the fake node to be Ready" 60 kwok "$kubectl" --kubeconfig="$kubeconfig" wait --for=condition=Ready node/kwok-node-0 --timeout=1s
  wait_for "the default ServiceAccount" 60 kube-controller-manager "$kubectl" --kubeconfig="$kubeconfig" get serviceaccount default -n default

  # The kubectl of the cluster's own version, for tests and for people (kubectl skew is +-1 minor).
  ln -sfn "$kubectl" "$dir/kubectl"
  if [ "$real_node" = true ]; then
    "$kubectl" --kubeconfig="$kubeconfig" taint node kwok-node-0 slipway.dev/fake-node=true:NoSchedule --overwrite >/dev/null
    node_up --default
  fi

  if [ -n "$owner" ]; then
    start watchdog bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 2; done; exec "$2" down "$3"' \
      watchdog "$owner" "$here/local-cluster.sh" "$dir"
  fi
  trap - ERR
  echo "$kubeconfig"
}

# Adds the real node to the running control plane; a failure stops the node's parts it started.
node_up() {
  "$here/real-node.sh" up "$dir" "$dir/kubectl" "$@" || { "$here/real-node.sh" down "$dir"; die "the real node did not start (logs: $dir/logs)"; }
}

case "$cmd" in
  up) up ;;
  node-up) exec 8>"$dir/.lock"; flock 8; answers || die "no cluster runs in $dir"; running kubelet || node_up ;;
  down) exec 8>"$dir/.lock"; flock 8; down ;;
  status) answers ;;
  *) echo "usage: $0 up|down|status [DIR] [--owner-pid PID]" >&2; exit 2 ;;
esac
