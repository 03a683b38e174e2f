#!/bin/sh
# The source step of a build of an uploaded folder: fetches the archive (a gzip-compressed tar)
# from the installation's registry, where the API server stored it as the blob UPLOAD_DIGEST of the
# repository UPLOAD_REPOSITORY, checks that its digest is the one the Build names, and unpacks it
# into /workspace/src as a clone would. The API server deletes the blob once the build ends.
# On failure the termination message says what went wrong, as clone.sh's does.
set -eu
ws=${WORKSPACE:-/workspace}
termination_log=${TERMINATION_LOG:-/dev/termination-log}
fail() {
    printf '%s\n' "$1" | tail -c 3500 > "$termination_log"
    printf -- '---> ERROR: %s\n' "$1" >&2
    exit 1
}
url="http://$UPLOAD_REGISTRY/v2/$UPLOAD_REPOSITORY/blobs/$UPLOAD_DIGEST"
archive=$(mktemp)
echo "---> Fetching the uploaded folder $UPLOAD_DIGEST"
# curl in Slipway's own step image, BusyBox's wget in Alpine-based ones.
if command -v curl >/dev/null; then
    out=$(curl -fsS -o "$archive" "$url" 2>&1) || fail "the upload $UPLOAD_DIGEST cannot be fetched from the registry: $out"
else
    out=$(wget -q -O "$archive" "$url" 2>&1) || fail "the upload $UPLOAD_DIGEST cannot be fetched from the registry: $out"
fi
actual="sha256:$(sha256sum "$archive" | cut -d ' ' -f 1)"
[ "$actual" = "$UPLOAD_DIGEST" ] || fail "the upload fetched has the digest $actual, not $UPLOAD_DIGEST"
mkdir -p "$ws/src"
out=$(tar -xzf "$archive" -C "$ws/src" 2>&1) || fail "the upload $UPLOAD_DIGEST is not a gzip-compressed tar: $out"
rm -f "$archive"
echo "---> Unpacked $(find "$ws/src" -type f | wc -l) files"
