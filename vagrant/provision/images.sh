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
# The Deployments never pull Slipway's images, but the self-test's sample app and its hooks would:
# a missing import must stop here, not become a pull of whatever another registry has by that name.
imported=$(k3s ctr -n k8s.io images ls -q)
for name in controller api-server sample-app; do
  grep -q "^docker.io/slipway/$name:" <<<"$imported" || { echo "images: slipway/$name was not imported" >&2; exit 1; }
done
