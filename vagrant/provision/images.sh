#!/usr/bin/env bash
# Builds Slipway's images as tars and imports them into k3s's containerd. No arguments.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

tars=$(mktemp -d)
trap 'rm -rf "$tars"' EXIT
chown "$owner" "$tars"
as_owner "$root/hack/slipway-images.sh" --tar "$tars"
for tar in "$tars"/*.tar; do
  # k8s.io: the containerd namespace whose images the kubelet sees.
  k3s ctr -n k8s.io images import "$tar"
done
