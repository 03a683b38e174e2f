#!/usr/bin/env bash
# Makes the images the real node needs before anything can be pulled, from programs on this machine
# (no image registry on the internet is needed), and loads them into the node's containerd and the
# cluster's registry:
#   slipway/pause:<kubernetes version>   the sandbox program, Kubernetes' own pause.c
#   slipway/busybox:<version>            Debian's static BusyBox with its applets, as root and as 1001
#   slipway/web-sample:1                 BusyBox's httpd serving $MESSAGE on $PORT (8080), with /healthz:
#                                        a small app for tests and the first example
#   slipway/postgres-sample:1            Debian 12 (mmdebstrap) with PostgreSQL 15 and BusyBox: a
#                                        throwaway database server (postgres-server) and an app that
#                                        serves the columns of table users (its default command)
# The small ones are imported into containerd at every node start; the large one is only pushed to
# the registry, once, and the kubelet pulls it when a pod needs it.
# The archives are cached (rebuilt when their inputs change) in ~/.cache/slipway/images.
#
#   hack/node-images.sh DIR NODE_BIN CONTAINERD_SOCKET REGISTRY_NAME REGISTRY_ADDRESS
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
dir=$1 node_bin=$2 socket=$3 registry_name=$4 registry_address=$5
# shellcheck source=versions.env
. "$here/versions.env"
images=${SLIPWAY_CACHE:-$HOME/.cache/slipway}/images
mkdir -p "$images"
log() { echo "node-images: $*" >&2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rootfs_tar() {
  tar -C "$1" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$2" .
}

pause_image() {
  local ref=$registry_name/slipway/pause:$KUBERNETES_VERSION out=$images/pause-$KUBERNETES_VERSION.tar
  if [ ! -s "$out" ]; then
    mkdir -p "$work/pause"
    cp "$node_bin/pause" "$work/pause/pause"
    rootfs_tar "$work/pause" "$work/pause.tar"
    "$here/oci-image.sh" "$out" "$ref" --entrypoint '["/pause"]' "$work/pause.tar"
  fi
  echo "$ref $out"
}

busybox_image() {
  local bb version ref out
  bb="$("$here/build-cluster-binaries.sh" buildkit)/busybox"
  version=$("$bb" 2>&1 | sed -n '1s/^BusyBox v\([0-9.]*\).*/\1/p')
  ref=$registry_name/slipway/busybox:$version
  out=$images/busybox-$version-$(sha256sum "$bb" | cut -c1-12).tar
  if [ ! -s "$out" ]; then
    local r=$work/busybox a
    mkdir -p "$r/bin" "$r/etc" "$r/tmp" "$r/home/app"
    chmod 1777 "$r/tmp"
    cp "$bb" "$r/bin/busybox"
    for a in $("$bb" --list); do [ "$a" = busybox ] || ln -s busybox "$r/bin/$a"; done
    printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1001:0:app:/home/app:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$r/etc/passwd"
    printf 'root:x:0:\nnobody:x:65534:\n' > "$r/etc/group"
    chown 1001:0 "$r/home/app"
    rootfs_tar "$r" "$work/busybox.tar"
    "$here/oci-image.sh" "$out" "$ref" --cmd '["sh"]' "$work/busybox.tar"
  fi
  echo "$ref $out"
}

# BusyBox's layer (from its archive) under one of the sample's script. httpd is not PID 1: a shell
# is, which stops it on SIGTERM, so a pod stops at once rather than after its grace period.
web_sample_image() {
  local busybox_archive=$1 ref out
  # The sample's own version: change it when the script below changes.
  ref=$registry_name/slipway/web-sample:1
  out=$images/web-sample-1-$(cat "$busybox_archive" "$here/oci-image.sh" "$0" | sha256sum | cut -c1-12).tar
  if [ ! -s "$out" ]; then
    local r=$work/web-sample
    mkdir -p "$r/usr/local/bin" "$work/busybox-layout"
    cat > "$r/usr/local/bin/web-sample" <<'SCRIPT'
#!/bin/sh
# Serves $MESSAGE at / and "ok" at /healthz on $PORT until SIGTERM.
www=/tmp/www
mkdir -p "$www"
echo "${MESSAGE:-hello from slipway}" > "$www/index.html"
echo ok > "$www/healthz"
httpd -f -p "${PORT:-8080}" -h "$www" &
server=$!
trap 'kill "$server"; wait "$server"; exit 0' TERM INT
wait "$server"
SCRIPT
    chmod 0755 "$r/usr/local/bin/web-sample"
    rootfs_tar "$r" "$work/web-sample.tar"
    tar -C "$work/busybox-layout" -xf "$busybox_archive"
    local manifest layer
    manifest=$(sed 's/.*"digest":"sha256:\([0-9a-f]*\)".*/\1/' "$work/busybox-layout/index.json")
    layer=$(sed 's/.*"layers":\[{[^}]*"digest":"sha256:\([0-9a-f]*\)".*/\1/' "$work/busybox-layout/blobs/sha256/$manifest")
    gunzip -c "$work/busybox-layout/blobs/sha256/$layer" > "$work/busybox-layer.tar"
    "$here/oci-image.sh" "$out" "$ref" --cmd '["/usr/local/bin/web-sample"]' --user 1001 \
      "$work/busybox-layer.tar" "$work/web-sample.tar"
  fi
  echo "$ref $out"
}

# Debian 12 from Debian's packages as one layer, with PostgreSQL and BusyBox, and two scripts. Made
# by mmdebstrap from the machine's apt sources; about 100 s and 400 MB, so it is pushed once.
postgres_sample_image() {
  local ref=$registry_name/slipway/postgres-sample:1 out
  out=$images/postgres-sample-1-$(cat "$here/oci-image.sh" "$0" | sha256sum | cut -c1-12).tar
  if [ ! -s "$out" ]; then
    command -v mmdebstrap >/dev/null || { log "mmdebstrap is needed to make $ref (apt-get install mmdebstrap)"; exit 1; }
    local r=$work/postgres-sample
    mkdir -p "$r/usr/local/bin"
    cat > "$r/usr/local/bin/postgres-server" <<'SCRIPT'
#!/bin/sh
# A throwaway PostgreSQL 15 for tests: user app, no passwords, data in /tmp, any client address.
set -e
export PGDATA=/tmp/pgdata
/usr/lib/postgresql/15/bin/initdb --username=app --auth=trust >/dev/null
echo "host all all 0.0.0.0/0 trust" >> "$PGDATA/pg_hba.conf"
exec /usr/lib/postgresql/15/bin/postgres -c listen_addresses='*' -c unix_socket_directories=/tmp
SCRIPT
    cat > "$r/usr/local/bin/schema-sample" <<'SCRIPT'
#!/bin/sh
# Reads the columns of table users from the database at $DATABASE_HOST once, at start, and serves
# them at / (and "ok" at /healthz) on $PORT (8080) until SIGTERM: which schema this version saw.
www=/tmp/www
mkdir -p "$www"
query="select string_agg(column_name, ',' order by ordinal_position) from information_schema.columns where table_name = 'users'"
until columns=$(psql -h "$DATABASE_HOST" -U app -d postgres -tAc "$query"); do sleep 1; done
echo "$columns" > "$www/index.html"
echo ok > "$www/healthz"
busybox httpd -f -p "${PORT:-8080}" -h "$www" &
server=$!
trap 'kill "$server"; wait "$server"; exit 0' TERM INT
wait "$server"
SCRIPT
    chmod 0755 "$r/usr/local/bin/"*
    mmdebstrap --quiet --variant=minbase --include=postgresql-15,busybox \
      --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
      --dpkgopt='path-exclude=/usr/share/locale/*' bookworm "$work/debian.tar" >&2
    rootfs_tar "$r" "$work/scripts.tar"
    "$here/oci-image.sh" "$out" "$ref" --cmd '["/usr/local/bin/schema-sample"]' --user postgres \
      "$work/debian.tar" "$work/scripts.tar"
    rm -f "$work/debian.tar"
  fi
  echo "$ref $out"
}

ctr=("$node_bin/ctr" --address "$socket" --namespace k8s.io)
# What tests and people run, by name (testkit's RealNode reads it).
: > "$dir/node/images.properties"
busybox=$(busybox_image)
for made in "pause $(pause_image)" "busybox $busybox" "web-sample $(web_sample_image "${busybox#* }")"; do
  read -r name ref archive <<<"$made"
  echo "$name=$ref" >> "$dir/node/images.properties"
  "${ctr[@]}" images import "$archive" >/dev/null 2>"$work/import.log" \
    || { cat "$work/import.log" >&2; log "could not import $archive"; exit 1; }
  # Pushed too, so that build pods can start FROM it and a node with an empty store can pull it.
  "${ctr[@]}" images push --plain-http --hosts-dir "$dir/node/certs.d" "$ref" >/dev/null 2>"$work/push.log" \
    || { cat "$work/push.log" >&2; log "could not push $ref to $registry_address"; exit 1; }
  log "$ref ready"
done

# Pushed only, and only when the registry lacks it (its storage outlives the cluster).
pushed() {
  local path=${1#*/}
  curl -fsI -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "http://$registry_address/v2/${path%:*}/manifests/${path##*:}" >/dev/null 2>&1
}
ref=$registry_name/slipway/postgres-sample:1
if ! pushed "$ref"; then
  log "making $ref (about 2 minutes, once)"
  read -r ref archive <<<"$(postgres_sample_image)"
  "${ctr[@]}" images import --no-unpack "$archive" >/dev/null 2>"$work/import.log" \
    || { cat "$work/import.log" >&2; log "could not import $archive"; exit 1; }
  "${ctr[@]}" images push --plain-http --hosts-dir "$dir/node/certs.d" "$ref" >/dev/null 2>"$work/push.log" \
    || { cat "$work/push.log" >&2; log "could not push $ref to $registry_address"; exit 1; }
  "${ctr[@]}" images rm "$ref" >/dev/null 2>&1
fi
echo "postgres-sample=$ref" >> "$dir/node/images.properties"
log "$ref ready"
