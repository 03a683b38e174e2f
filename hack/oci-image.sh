#!/usr/bin/env bash
# Writes an OCI image archive (an OCI image layout, as a tar) from layer tars, without Docker: what
# `ctr images import` loads and what a registry takes. The same layers and settings give the same
# bytes, so the same digest.
#
#   hack/oci-image.sh OUT.tar REF [--entrypoint JSON] [--cmd JSON] [--user USER] [--env K=V]... LAYER.tar...
#
# REF is the image's name (registry/repository:tag); JSON is an array such as '["/pause"]'. Layer
# tars are uncompressed root file system tars, lowest first; they are gzipped here.
set -euo pipefail

out=${1:?out.tar}; ref=${2:?image reference}; shift 2
entrypoint=null cmd=null user="" env='"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"'
layers=()
while [ $# -gt 0 ]; do
  case "$1" in
    --entrypoint) entrypoint=$2; shift 2 ;;
    --cmd) cmd=$2; shift 2 ;;
    --user) user=$2; shift 2 ;;
    --env) env="$env,\"$2\""; shift 2 ;;
    *) layers+=("$1"); shift ;;
  esac
done
[ ${#layers[@]} -gt 0 ] || { echo "oci-image: no layer given" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
blobs="$work/layout/blobs/sha256"
mkdir -p "$blobs"

sha() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }
# Stores a file as a blob and prints its descriptor with the given media type.
blob() {
  local digest
  digest=$(sha "$2")
  cp "$2" "$blobs/$digest"
  printf '{"mediaType":"%s","digest":"sha256:%s","size":%s}' "$1" "$digest" "$(size "$2")"
}

diff_ids="" layer_descriptors=""
for layer in "${layers[@]}"; do
  diff_ids="$diff_ids${diff_ids:+,}\"sha256:$(sha "$layer")\""
  gzip -n -c "$layer" > "$work/layer.gz"
  layer_descriptors="$layer_descriptors${layer_descriptors:+,}$(blob application/vnd.oci.image.layer.v1.tar+gzip "$work/layer.gz")"
done

# os and architecture are required: containerd skips an image whose config lacks them.
printf '{"architecture":"amd64","os":"linux","config":{"Env":[%s],"Entrypoint":%s,"Cmd":%s,"User":"%s"},"rootfs":{"type":"layers","diff_ids":[%s]}}' \
  "$env" "$entrypoint" "$cmd" "$user" "$diff_ids" > "$work/config.json"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":%s,"layers":[%s]}' \
  "$(blob application/vnd.oci.image.config.v1+json "$work/config.json")" "$layer_descriptors" > "$work/manifest.json"
manifest=$(blob application/vnd.oci.image.manifest.v1+json "$work/manifest.json")
printf '{"schemaVersion":2,"manifests":[%s]}' \
  "${manifest%\}},\"annotations\":{\"io.containerd.image.name\":\"$ref\",\"org.opencontainers.image.ref.name\":\"${ref##*:}\"}}" \
  > "$work/layout/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' > "$work/layout/oci-layout"
tar -C "$work/layout" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$out.tmp" .
mv "$out.tmp" "$out"
