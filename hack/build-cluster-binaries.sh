#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl and kwok from their Go
# modules into a cache folder outside the repository, and prints that folder. Also builds the CNCF
# distribution registry (the `registry:2` image's program) into a folder of its own, so that a
# registry version change does not rebuild Kubernetes. Does nothing when the binaries are already
# there. Needs Go (>= 1.26) and the Go module proxy; no Docker.
#
#   hack/build-cluster-binaries.sh            # build all if missing, print the Kubernetes folder
#   hack/build-cluster-binaries.sh registry   # build only the registry if missing, print its folder
#   SLIPWAY_CACHE=/somewhere hack/...         # cache root (default: ~/.cache/slipway)
set -euo pipefail

case "${1:-}" in
  "") only_registry=false ;;
  registry) only_registry=true ;;
  *) echo "usage: $0 [registry]" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"

cache=${SLIPWAY_CACHE:-$HOME/.cache/slipway}
out="$cache/cluster-bin/k8s-$KUBERNETES_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION"
bins=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok)
registry_out="$cache/cluster-bin/registry-$DISTRIBUTION_VERSION"

binaries_complete() {
  for b in "${bins[@]}"; do [ -x "$out/$b" ] || return 1; done
  [ -s "$out/kwok-node-stages.yaml" ]
}
registry_complete() { [ -x "$registry_out/registry" ]; }
if $only_registry && registry_complete; then echo "$registry_out"; exit 0; fi
if ! $only_registry && registry_complete && binaries_complete; then echo "$out"; exit 0; fi

command -v flock >/dev/null || { echo "build-cluster-binaries: flock is needed (apt-get install util-linux)" >&2; exit 1; }
command -v go >/dev/null || { echo "build-cluster-binaries: Go is needed to build the test cluster (apt-get install golang, or go.dev)" >&2; exit 1; }

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-buildvcs=false
log() { echo "build-cluster-binaries: $*" >&2; }

# The registry: its go.mod has no replace lines, so go install works as is. Its own lock, so a test
# that needs only the registry does not wait for a Kubernetes build.
mkdir -p "$registry_out"
exec 8>"$registry_out.lock"
flock 8
if ! registry_complete; then
  log "building registry $DISTRIBUTION_VERSION"
  rm -rf "$registry_out.partial"; mkdir -p "$registry_out.partial"
  GOBIN="$registry_out.partial" go install -trimpath -ldflags="-s -w" \
    "github.com/distribution/distribution/v3/cmd/registry@$DISTRIBUTION_VERSION"
  mv "$registry_out.partial/registry" "$registry_out/registry"
  rm -rf "$registry_out.partial"
fi
exec 8>&-
if $only_registry; then echo "$registry_out"; exit 0; fi

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
  log "building etcd $ETCD_VERSION"
  mkdir "$work/etcd" && cd "$work/etcd"
  go mod init slipway.invalid/etcdbin >/dev/null 2>&1
  go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >&2
  go build -trimpath -ldflags="-s -w" -o "$staging/etcd" go.etcd.io/etcd/server/v3
  mv "$staging/etcd" "$out/etcd"
fi

# Kubernetes: k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with
# ./staging paths, which a dependent module ignores. Their published tags v0.X.Y match v1.X.Y, so
# the wrapper pins every staging module named in the downloaded go.mod to that tag.
k8s_bins=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
k8s_missing() { for b in "${k8s_bins[@]}"; do [ -x "$out/$b" ] || return 0; done; return 1; }
if k8s_missing; then
  log "building ${k8s_bins[*]} $KUBERNETES_VERSION"
  minor=$(echo "$KUBERNETES_VERSION" | cut -d. -f2)
  staging_version="v0.${KUBERNETES_VERSION#v1.}"
  mkdir "$work/k8s" && cd "$work/k8s"
  go mod init slipway.invalid/k8sbin >/dev/null 2>&1
  go mod download "k8s.io/kubernetes@$KUBERNETES_VERSION"
  kmod="$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/$KUBERNETES_VERSION.mod"
  for m in $(awk '$2=="=>" && $3 ~ /^\.\/staging\/src\// {print $1}' "$kmod"); do
    go mod edit -replace="$m=$m@$staging_version"
  done
  godebug=$(awk '$1=="godebug" && $2 ~ /^default=/ {print $2}' "$kmod")
  [ -n "$godebug" ] && go mod edit -godebug="$godebug"
  pkgs=("${k8s_bins[@]/#/k8s.io/kubernetes/cmd/}")
  go get "${pkgs[@]/%/@$KUBERNETES_VERSION}" >&2
  v=k8s.io/component-base/version; c=k8s.io/client-go/pkg/version
  # Without these the binaries report v0.0.0 and version-dependent checks misbehave.
  ld="-s -w -X $v.gitVersion=$KUBERNETES_VERSION -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean"
  ld="$ld -X $v.buildDate=1970-01-01T00:00:00Z -X $c.gitVersion=$KUBERNETES_VERSION -X $c.gitMajor=1 -X $c.gitMinor=$minor"
  go build -trimpath -tags=selinux,notest -ldflags="$ld" -o "$staging/" "${pkgs[@]}"
  for b in "${k8s_bins[@]}"; do mv "$staging/$b" "$out/$b"; done
fi

# kwok: its go.mod has no replace lines, so go install works as is.
if [ ! -x "$out/kwok" ]; then
  log "building kwok $KWOK_VERSION"
  GOBIN="$staging" go install -trimpath -ldflags="-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  mv "$staging/kwok" "$out/kwok"
fi

# kwok v0.8.0 has no built-in stages: the node ones (initialize, heartbeat with a Lease) ship in
# its module; the pod ones are Slipway's own (hack/kwok/pod-stages.yaml).
if [ ! -s "$out/kwok-node-stages.yaml" ]; then
  kdir=$(go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
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
