#!/usr/bin/env bash
# Prints the folder holding the Gateway API CRDs of a release channel (standard, the default, or
# experimental) from the Go module sigs.k8s.io/gateway-api at GATEWAY_API_VERSION of
# hack/versions.env, downloading the module into Go's module cache when it is not there yet.
# Route tests apply these CRDs:  kubectl apply --server-side -f "$(hack/gateway-api-crds.sh)"
set -euo pipefail
channel=${1:-standard}
case "$channel" in
  standard|experimental) ;;
  *) echo "usage: gateway-api-crds.sh [standard|experimental]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")"
# shellcheck source=versions.env
. ./versions.env
command -v go >/dev/null || { echo "gateway-api-crds.sh: Go is needed to fetch sigs.k8s.io/gateway-api" >&2; exit 1; }
dir=$(go mod download -json "sigs.k8s.io/gateway-api@${GATEWAY_API_VERSION}" \
  | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
if [ -z "$dir" ] || [ ! -d "$dir/config/crd/$channel" ]; then
  echo "gateway-api-crds.sh: no config/crd/$channel in sigs.k8s.io/gateway-api@${GATEWAY_API_VERSION}" >&2
  exit 1
fi
echo "$dir/config/crd/$channel"
