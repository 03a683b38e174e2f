#!/usr/bin/env bash
# Builds images with BuildKit from their Dockerfiles on this machine and pushes them to the local
# cluster's registry. Nothing comes from an image registry on the internet: each Debian root file
# system is made by mmdebstrap from Debian's packages and added to its image FROM scratch.
#
#   git                    the build pod's clone and dockerfile steps     (hack/images/git)
#   buildkit               the build pod's build step, rootless BuildKit   (hack/images/buildkit)
#   jre                    the base of Slipway's own images, OpenJDK 17    (hack/images/jre)
#   static python node     the catalog's builder images, built from builder-images/<name>/Dockerfile
#   go java ruby           with BASE set to a Debian-made base (hack/images/base-<name>); the static
#                          builder's base is the node's BusyBox image
#
# An image is built only when the registry lacks the tag named after the digest of its inputs, so a
# warm run asks the registry and exits. BuildKit runs as root here (buildctl-daemonless.sh, runc
# from Debian), in a mount namespace of its own with a private /run, with its cache outside the
# repository. The images are pushed to REGISTRY_ADDRESS and printed as NAME=REFERENCE under
# REGISTRY_NAME, the name that the kubelet and pods use for the same registry.
#
#   hack/build-images.sh REGISTRY_ADDRESS REGISTRY_NAME BUSYBOX_REFERENCE NAME...
set -euo pipefail
# A failure inside $(...) ends the script too, not only the command substitution.
shopt -s inherit_errexit

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
registry_address=$1 registry_name=$2 busybox_ref=$3; shift 3
# shellcheck source=versions.env
. "$here/versions.env"
cache=${SLIPWAY_CACHE:-$HOME/.cache/slipway}
state=$cache/buildkit-images
mkdir -p "$state"
started=$(date +%s)
log() { echo "build-images: [$(( $(date +%s) - started )) s] $*" >&2; }

for tool in mmdebstrap runc unshare curl; do
  command -v "$tool" >/dev/null \
    || { log "$tool is needed (hack/prerequisites.sh installs it: apt-get install mmdebstrap runc util-linux curl)"; exit 1; }
done
buildkit_bin=$("$here/build-cluster-binaries.sh" buildkit)

# One build at a time on this machine: they share BuildKit's cache and the registry's tags.
exec {lock}>"$state.lock"
flock "$lock"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '[registry."%s"]\n  http = true\n  insecure = true\n' "$registry_address" > "$work/buildkitd.toml"

manifest_types='application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json'
digest_of() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-12; }

# Whether the registry has the tag: repository:tag under $registry_address.
in_registry() {
  local path=$1
  curl -fsI -H "Accept: $manifest_types" \
    "http://$registry_address/v2/${path%:*}/manifests/${path##*:}" >/dev/null 2>&1
}

# Tags repository:tag $1 also as tag $2 in the registry, by copying its manifest.
retag() {
  local path=$1 type
  curl -fsS -D "$work/headers" -o "$work/manifest" -H "Accept: $manifest_types" \
    "http://$registry_address/v2/${path%:*}/manifests/${path##*:}"
  type=$(sed -n 's/^[Cc]ontent-[Tt]ype: *\([^;[:space:]]*\).*/\1/p' "$work/headers" | tail -n 1)
  curl -fsS -X PUT -H "Content-Type: $type" --data-binary "@$work/manifest" \
    "http://$registry_address/v2/${path%:*}/manifests/$2" >/dev/null
}

# Builds the context $1 and pushes it under the tags $2... (repository:tag); build arguments come in
# BUILD_ARGS (an array of KEY=VALUE).
buildctl_build() {
  local context=$1; shift
  local names="" tag args=()
  for tag in "$@"; do names="$names${names:+,}$registry_address/$tag"; done
  for arg in "${BUILD_ARGS[@]}"; do args+=(--opt "build-arg:$arg"); done
  if ! unshare --mount --propagation private sh -c 'mount -t tmpfs tmpfs /run && exec "$@"' private-run \
      env PATH="$buildkit_bin:$PATH" BUILDKITD_FLAGS="--root=$state --config=$work/buildkitd.toml" \
      buildctl-daemonless.sh build --progress=plain --frontend dockerfile.v0 \
        --local context="$context" --local dockerfile="$context" "${args[@]}" \
        --output "type=image,\"name=$names\",push=true,registry.insecure=true" > "$work/build.log" 2>&1; then
    tail -n 40 "$work/build.log" >&2
    log "building $1 failed (the lines above are the end of BuildKit's output)"
    exit 1
  fi
}

# A Debian 12 root file system with the packages of $1/packages, as rootfs.tar in the context $2.
debian_rootfs() {
  local packages
  packages=$(tr -s ' \n' ',' < "$1/packages" | sed 's/,$//')
  # Without manual pages, but with their folder: OpenJDK's update-alternatives links its own there.
  mmdebstrap --quiet --variant=minbase --include="$packages" \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
    bookworm "$2/rootfs.tar" >&2
}

# An image from hack/images/$1: its Dockerfile over a Debian root file system with its packages,
# and for buildkit, BuildKit's programs. Prints the repository:tag of its inputs' digest.
debian_image() {
  local name=$1 image=$here/images/$1 context=$work/$1 repository tag
  mkdir -p "$context"
  cp "$image/Dockerfile" "$context/"
  if [ "$name" = buildkit ]; then
    mkdir -p "$context/bin"
    cp "$buildkit_bin"/{buildkitd,buildctl,buildctl-daemonless.sh,rootlesskit} "$context/bin/"
  fi
  cp "$image/packages" "$context/packages"
  repository=slipway/$name
  tag=$repository:$(digest_of "$context")
  [ "$name" = buildkit ] && tag=$repository:$BUILDKIT_VERSION-rootless-${tag##*:}
  if ! in_registry "$tag"; then
    log "making $tag (Debian packages: $(cat "$image/packages"))"
    debian_rootfs "$image" "$context"
    BUILD_ARGS=()
    buildctl_build "$context" "$tag"
    log "pushed $tag"
  fi
  rm -rf "$context"
  # The step images and the JRE also go by a name that stays, for manifests (overlays/local).
  case "$name" in
    git) retag "$tag" latest ;;
    buildkit) retag "$tag" "$BUILDKIT_VERSION-rootless" ;;
    jre) retag "$tag" 17 ;;
  esac
  echo "$tag"
}

# The catalog's builder $1 from builder-images/$1 on its base; pushed as :latest and under the tag
# of its inputs' digest, which says whether it is current. Prints the repository:tag.
builder_image() {
  local name=$1 base repository=slipway/builder-$1 context=$work/builder-$1 tag
  if [ "$name" = static ]; then
    base=$registry_address/${busybox_ref#*/}
  else
    base=$(debian_image "base-$name")
    base=$registry_address/$base
  fi
  mkdir -p "$context"
  cp -r "$root/builder-images/$name/Dockerfile" "$root/builder-images/$name/s2i" "$context/"
  echo "$base" > "$context/base"
  tag=$repository:input-$(digest_of "$context")
  rm "$context/base"
  if ! in_registry "$tag"; then
    log "building $repository on ${base#*/}"
    BUILD_ARGS=("BASE=$base")
    buildctl_build "$context" "$tag" "$repository:latest"
    log "pushed $repository:latest"
  fi
  echo "$repository:latest"
}

for name in "$@"; do
  case "$name" in
    git|buildkit|jre) tag=$(debian_image "$name"); echo "$name=$registry_name/$tag" ;;
    static|python|node|go|java|ruby) tag=$(builder_image "$name"); echo "builder-$name=$registry_name/$tag" ;;
    *) log "no image $name (git, buildkit, jre, static, python, node, go, java, ruby)"; exit 2 ;;
  esac
done
