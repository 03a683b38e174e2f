#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl and kwok from their Go
# modules into a cache folder outside the repository, and prints that folder. Also builds the CNCF
# distribution registry (the `registry:2` image's program) into a folder of its own, so that a
# registry version change does not rebuild Kubernetes, and BuildKit (buildkitd, buildctl and
# buildctl-daemonless.sh, with RootlessKit and a static BusyBox: what the build pod's image runs)
# into another. Toxiproxy (the fault-injecting TCP proxy of the chaos runs) only when asked for by
# name, into a folder of its own.
# Does nothing when the binaries are already there. The durations it expects are those measured for
# the versions pinned in versions.env, cold, on 2 cores (docs/benchmarks.md); change them with a pin. Needs Go (>= 1.26) and the Go module proxy; no Docker.
#
#   hack/build-cluster-binaries.sh            # build all if missing, print the Kubernetes folder
#   hack/build-cluster-binaries.sh registry   # build only the registry if missing, print its folder
#   hack/build-cluster-binaries.sh buildkit   # build only BuildKit if missing, print its folder
#   hack/build-cluster-binaries.sh toxiproxy  # build Toxiproxy if missing (never built by default), print its folder
#   SLIPWAY_CACHE=/somewhere hack/...         # cache root (default: ~/.cache/slipway)
set -euo pipefail

only=${1:-}
case "$only" in
  ""|registry|buildkit|node|ingress|toxiproxy) ;;
  *) echo "usage: $0 [registry|buildkit|node|ingress|toxiproxy]" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"

cache=${SLIPWAY_CACHE:-$HOME/.cache/slipway}
out="$cache/cluster-bin/k8s-$KUBERNETES_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION"
bins=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok)
registry_out="$cache/cluster-bin/registry-$DISTRIBUTION_VERSION"
buildkit_out="$cache/cluster-bin/buildkit-$BUILDKIT_VERSION-rootlesskit-$ROOTLESSKIT_VERSION"
node_out="$cache/cluster-bin/node-k8s-$KUBERNETES_VERSION-containerd-$CONTAINERD_VERSION-cni-$CNI_PLUGINS_VERSION-coredns-$COREDNS_VERSION"
node_bins=(kubelet kube-proxy containerd ctr containerd-shim-runc-v2 coredns pause cni/bridge cni/host-local cni/loopback cni/portmap)
ingress_out="$cache/cluster-bin/traefik-$TRAEFIK_VERSION"
toxiproxy_out="$cache/cluster-bin/toxiproxy-$TOXIPROXY_VERSION"

binaries_complete() {
  for b in "${bins[@]}"; do [ -x "$out/$b" ] || return 1; done
  [ -s "$out/kwok-node-stages.yaml" ]
}
registry_complete() { [ -x "$registry_out/registry" ]; }
node_complete() {
  for b in "${node_bins[@]}"; do [ -x "$node_out/$b" ] || return 1; done
}
ingress_complete() { [ -x "$ingress_out/traefik" ]; }
toxiproxy_complete() { [ -x "$toxiproxy_out/toxiproxy-server" ] && [ -x "$toxiproxy_out/toxiproxy-cli" ]; }
buildkit_complete() {
  for b in buildkitd buildctl buildctl-daemonless.sh rootlesskit busybox; do [ -x "$buildkit_out/$b" ] || return 1; done
}
case "$only" in
  registry) registry_complete && { echo "$registry_out"; exit 0; } ;;
  buildkit) buildkit_complete && { echo "$buildkit_out"; exit 0; } ;;
  node) node_complete && { echo "$node_out"; exit 0; } ;;
  ingress) ingress_complete && { echo "$ingress_out"; exit 0; } ;;
  toxiproxy) toxiproxy_complete && { echo "$toxiproxy_out"; exit 0; } ;;
  *) registry_complete && buildkit_complete && node_complete && ingress_complete && binaries_complete \
       && { echo "$out"; exit 0; } ;;
esac

command -v flock >/dev/null || { echo "build-cluster-binaries: flock is needed (apt-get install util-linux)" >&2; exit 1; }
command -v go >/dev/null || { echo "build-cluster-binaries: Go is needed to build the test cluster (apt-get install golang, or go.dev)" >&2; exit 1; }

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-buildvcs=false
started=$(date +%s)
log() { echo "build-cluster-binaries: [$(( $(date +%s) - started )) s] $*" >&2; }

# Builds a program set into its own folder, under its own lock, so that a test that needs only the
# registry or BuildKit does not wait for a Kubernetes build: $1 the folder, $2 the check that it is
# complete, $3 the function that builds into the staging folder it is given.
build_into() {
  local dir=$1 complete=$2 build=$3 lock
  mkdir -p "$dir"
  exec {lock}>"$dir.lock"
  flock "$lock"
  if ! "$complete"; then
    rm -rf "$dir.partial"; mkdir -p "$dir.partial"
    "$build" "$dir.partial"
    log "$(basename "$dir") built"
    mv "$dir.partial"/* "$dir/"
    rm -rf "$dir.partial"
  fi
  exec {lock}>&-
}

# Kubernetes commands ($3...) built into $2, in a wrapper module made in $1. k8s.io/kubernetes
# requires its staging modules at v0.0.0 and replaces them with ./staging paths, which a dependent
# module ignores. Their published tags v0.X.Y match v1.X.Y, so the wrapper pins every staging module
# named in the downloaded go.mod to that tag.
build_kubernetes() {
  local wrapper=$1 into=$2 expected=$3; shift 3
  log "building $* $KUBERNETES_VERSION (expect $expected)"
  local minor staging_version kmod godebug m
  minor=$(echo "$KUBERNETES_VERSION" | cut -d. -f2)
  staging_version="v0.${KUBERNETES_VERSION#v1.}"
  mkdir -p "$wrapper"
  (
    cd "$wrapper"
    go mod init slipway.invalid/k8sbin >/dev/null 2>&1
    go mod download "k8s.io/kubernetes@$KUBERNETES_VERSION"
    kmod="$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/$KUBERNETES_VERSION.mod"
    for m in $(awk '$2=="=>" && $3 ~ /^\.\/staging\/src\// {print $1}' "$kmod"); do
      go mod edit -replace="$m=$m@$staging_version"
    done
    godebug=$(awk '$1=="godebug" && $2 ~ /^default=/ {print $2}' "$kmod")
    [ -z "$godebug" ] || go mod edit -godebug="$godebug"
    local pkgs=("${@/#/k8s.io/kubernetes/cmd/}")
    go get "${pkgs[@]/%/@$KUBERNETES_VERSION}" >&2
    local v=k8s.io/component-base/version c=k8s.io/client-go/pkg/version
    # Without these the binaries report v0.0.0 and version-dependent checks misbehave.
    local ld="-s -w -X $v.gitVersion=$KUBERNETES_VERSION -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean"
    ld="$ld -X $v.buildDate=1970-01-01T00:00:00Z -X $c.gitVersion=$KUBERNETES_VERSION -X $c.gitMajor=1 -X $c.gitMinor=$minor"
    go build -trimpath -tags=selinux,notest -ldflags="$ld" -o "$into/" "${pkgs[@]}"
  )
}

# The real node's programs: the kubelet and kube-proxy of the control plane's version, containerd
# with ctr and its runc shim, the CNI plugins the node's bridge network uses, CoreDNS, and the
# sandbox ("pause") program. runc itself comes from Debian.
build_node() {
  build_kubernetes "$1/k8s" "$1" "about 6 min" kubelet kube-proxy
  rm -rf "$1/k8s"
  log "building containerd $CONTAINERD_VERSION (expect about 1.5 min)"
  GOBIN="$1" go install -trimpath -ldflags="-s -w -X github.com/containerd/containerd/v2/version.Version=$CONTAINERD_VERSION" \
    "github.com/containerd/containerd/v2/cmd/containerd@$CONTAINERD_VERSION" \
    "github.com/containerd/containerd/v2/cmd/ctr@$CONTAINERD_VERSION" \
    "github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2@$CONTAINERD_VERSION"
  log "building the CNI plugins $CNI_PLUGINS_VERSION (expect under 1 min)"
  local p=github.com/containernetworking/plugins/plugins
  mkdir -p "$1/cni"
  GOBIN="$1/cni" go install -trimpath -ldflags="-s -w" "$p/main/bridge@$CNI_PLUGINS_VERSION" \
    "$p/main/loopback@$CNI_PLUGINS_VERSION" "$p/ipam/host-local@$CNI_PLUGINS_VERSION" "$p/meta/portmap@$CNI_PLUGINS_VERSION"
  log "building CoreDNS $COREDNS_VERSION (expect about 3.5 min)"
  GOBIN="$1" go install -trimpath -ldflags="-s -w" "github.com/coredns/coredns@$COREDNS_VERSION"
  # The sandbox program is Kubernetes' own pause.c, which ships in the kubernetes module; a static
  # C program of a few kilobytes, so its image needs no base.
  log "building pause from Kubernetes $KUBERNETES_VERSION"
  command -v gcc >/dev/null || { log "gcc is needed to build pause (apt-get install gcc libc6-dev)"; exit 1; }
  local kdir
  kdir=$(module_dir "k8s.io/kubernetes@$KUBERNETES_VERSION")
  gcc -Os -static -Wall -Werror -DVERSION="$KUBERNETES_VERSION" -o "$1/pause" "$kdir/build/pause/linux/pause.c"
  strip "$1/pause"
}

# Traefik, the ingress controller of the real node (as in k3s): it serves both Ingress and the
# Gateway API. Built as the main module (its go.mod has replace lines). Its web UI assets are not in
# the module; routing does not need them.
build_ingress() {
  log "building Traefik $TRAEFIK_VERSION (expect about 10 min, the longest)"
  build_as_main_module "github.com/traefik/traefik/v3@$TRAEFIK_VERSION" "$1" \
    github.com/traefik/traefik/v3/pkg/version.Version ./cmd/traefik
}

# The registry: its go.mod has no replace lines, so go install works as is.
build_registry() {
  log "building registry $DISTRIBUTION_VERSION (expect about 2 min)"
  GOBIN="$1" go install -trimpath -ldflags="-s -w" \
    "github.com/distribution/distribution/v3/cmd/registry@$DISTRIBUTION_VERSION"
}

# Toxiproxy, for the chaos runs only: its go.mod has no replace lines, so go install works as is. Its
# commands are the packages cmd/server and cmd/cli, named here as its releases name them.
build_toxiproxy() {
  log "building Toxiproxy $TOXIPROXY_VERSION (expect about 10 s)"
  local m=github.com/Shopify/toxiproxy/v2
  GOBIN="$1" go install -trimpath -ldflags="-s -w -X $m.Version=$TOXIPROXY_VERSION" \
    "$m/cmd/server@$TOXIPROXY_VERSION" "$m/cmd/cli@$TOXIPROXY_VERSION"
  mv "$1/server" "$1/toxiproxy-server"
  mv "$1/cli" "$1/toxiproxy-cli"
}

# The folder of a downloaded module: $1 module@version.
module_dir() { go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'; }

# Builds packages of a module whose go.mod has replace or exclude lines, which go install refuses
# outside the main module: as the main module, from a writable copy of the downloaded module (the
# module zip has no vendor folder: -mod=mod). $1 module@version, $2 the output folder, $3 the
# version variable to set (package.Variable), then the packages.
build_as_main_module() {
  local module=$1 into=$2 version_var=$3; shift 3
  cp -r "$(module_dir "$module")" "$into/src" && chmod -R u+w "$into/src"
  (cd "$into/src" && go build -mod=mod -trimpath -ldflags="-s -w -X $version_var=${module#*@}" -o "$into/" "$@")
  rm -rf "$into/src"
}

# BuildKit, built as the main module (its go.mod has exclude lines). buildctl-daemonless.sh, the build
# pod's entry point (it starts buildkitd, waits for its socket and runs buildctl), ships in the
# module's examples.
build_buildkit() {
  log "building buildkitd and buildctl $BUILDKIT_VERSION (expect about 4 min)"
  build_as_main_module "github.com/moby/buildkit@$BUILDKIT_VERSION" "$1" github.com/moby/buildkit/version.Version \
    ./cmd/buildkitd ./cmd/buildctl
  log "building rootlesskit $ROOTLESSKIT_VERSION (expect under 1 min)"
  GOBIN="$1" go install -trimpath -ldflags="-s -w" \
    "github.com/rootless-containers/rootlesskit/v2/cmd/rootlesskit@$ROOTLESSKIT_VERSION"
  install -m 0755 "$(module_dir "github.com/moby/buildkit@$BUILDKIT_VERSION")/examples/buildctl-daemonless/buildctl-daemonless.sh" "$1/"
  # A static BusyBox, the base of the test's builder image (FROM scratch: nothing can be pulled),
  # from Debian's busybox-static package, unpacked but not installed: installing it would remove the
  # busybox package (they conflict) that other tests and the builder images' list expect.
  command -v apt-get >/dev/null || { log "apt-get is needed for busybox-static (a Debian machine)"; exit 1; }
  # A fresh machine may have no package lists yet: read them once and try again.
  (cd "$1" && { apt-get download -qq busybox-static 2>/dev/null \
    || { apt-get update -qq && apt-get download -qq busybox-static; }; }) \
    || { log "apt-get download busybox-static failed, even after apt-get update"; exit 1; }
  (cd "$1" && dpkg-deb -x busybox-static_*.deb deb && mv deb/bin/busybox busybox && rm -rf deb busybox-static_*.deb)
}

case "$only" in
  registry) build_into "$registry_out" registry_complete build_registry; echo "$registry_out"; exit 0 ;;
  buildkit) build_into "$buildkit_out" buildkit_complete build_buildkit; echo "$buildkit_out"; exit 0 ;;
  node) build_into "$node_out" node_complete build_node; echo "$node_out"; exit 0 ;;
  ingress) build_into "$ingress_out" ingress_complete build_ingress; echo "$ingress_out"; exit 0 ;;
  toxiproxy) build_into "$toxiproxy_out" toxiproxy_complete build_toxiproxy; echo "$toxiproxy_out"; exit 0 ;;
esac
build_into "$registry_out" registry_complete build_registry
build_into "$buildkit_out" buildkit_complete build_buildkit
build_into "$node_out" node_complete build_node
build_into "$ingress_out" ingress_complete build_ingress

# One build at a time per cache folder: parallel Maven forks may all ask for the binaries.
mkdir -p "$out"
exec 9>"$out.lock"
flock 9
if binaries_complete; then echo "$out"; exit 0; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
staging="$out.partial"
rm -rf "$staging"; mkdir -p "$staging"

# etcd: server/v3's go.mod replaces its sibling modules with relative paths, but its require lines
# name real releases, so a wrapper module without replace lines builds it.
if [ ! -x "$out/etcd" ]; then
  log "building etcd $ETCD_VERSION (expect about 1 min)"
  mkdir "$work/etcd" && cd "$work/etcd"
  go mod init slipway.invalid/etcdbin >/dev/null 2>&1
  go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >&2
  go build -trimpath -ldflags="-s -w" -o "$staging/etcd" go.etcd.io/etcd/server/v3
  mv "$staging/etcd" "$out/etcd"
fi

k8s_bins=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
k8s_missing() { for b in "${k8s_bins[@]}"; do [ -x "$out/$b" ] || return 0; done; return 1; }
if k8s_missing; then
  build_kubernetes "$work/k8s" "$staging" "about 4 min after the kubelet, 10 alone" "${k8s_bins[@]}"
  for b in "${k8s_bins[@]}"; do mv "$staging/$b" "$out/$b"; done
fi

# kwok: its go.mod has no replace lines, so go install works as is.
if [ ! -x "$out/kwok" ]; then
  log "building kwok $KWOK_VERSION (expect about 2 min)"
  GOBIN="$staging" go install -trimpath -ldflags="-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  mv "$staging/kwok" "$out/kwok"
fi

# kwok v0.8.0 has no built-in stages: the node ones (initialize, heartbeat with a Lease) ship in
# its module; the pod ones are Slipway's own (hack/kwok/pod-stages.yaml).
if [ ! -s "$out/kwok-node-stages.yaml" ]; then
  kdir=$(module_dir "sigs.k8s.io/kwok@$KWOK_VERSION")
  {
    cat "$kdir/kustomize/stage/node/fast/node-initialize.yaml"
    echo "---"
    cat "$kdir/kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml"
  } > "$staging/kwok-node-stages.yaml"
  mv "$staging/kwok-node-stages.yaml" "$out/kwok-node-stages.yaml"
fi

rm -rf "$staging"
binaries_complete || { log "binaries missing after the build in $out"; exit 1; }
echo "$out"
