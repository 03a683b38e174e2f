#!/usr/bin/env bash
# Installs k3s and waits for its node and its Traefik. Usage: k3s.sh [VERSION], default v1.34.1+k3s1
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

version=${1:-v1.34.1+k3s1}
installer=$(mktemp)
trap 'rm -f "$installer"' EXIT
# Saved to a file first: piped into sh, a download cut short would run half an installer.
curl -sfL https://get.k3s.io -o "$installer"
INSTALL_K3S_VERSION=$version sh "$installer"

export KUBECONFIG=$k3s_kubeconfig
# kubectl wait fails at once on what does not exist yet, and Traefik's Deployment comes from a Helm
# job that runs only once the node is up.
for _ in $(seq 60); do
  kubectl -n kube-system get deployment traefik >/dev/null 2>&1 && break
  sleep 5
done
kubectl wait --for=condition=Ready node --all --timeout=300s
kubectl -n kube-system rollout status deployment/traefik --timeout=300s
