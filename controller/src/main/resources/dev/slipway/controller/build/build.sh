#!/bin/sh
# Builds /workspace/build/Dockerfile over /workspace/src (over its contextDir for the repository's
# own Dockerfile) with rootless BuildKit, pushes the image to
# OUTPUT_IMAGE and writes "<OUTPUT_IMAGE>@sha256:..." as the termination message, where the
# controller reads the digest. On failure the message starts with what failed (assemble failed,
# push failed, build failed) and ends with the tail of BuildKit's output. When the dockerfile step
# detected the builder, the image is a build argument and a second line of the message names the
# builder and its image: "builder <name> <image>".
# BuildKit's cache goes to CACHE_IMAGE (a tag of the App's image repository, replaced by each build,
# so an App keeps one) and comes from it: a rebuild whose dependency files did not change takes its
# dependency layers from there. A cache that cannot be read or written never fails a build.
set -u
# The pod's shared folder, termination message file and scratch folder; tests run this script
# elsewhere. Not TMPDIR for the latter: BuildKit's rootless image sets that to a folder of its own.
ws=${WORKSPACE:-/workspace}
termination_log=${TERMINATION_LOG:-/dev/termination-log}
tmp=${SCRATCH_DIR:-/tmp}
echo "---> Building $OUTPUT_IMAGE"
set --
if [ -f "$ws/build/builder-image" ]; then
    set -- --opt "build-arg:BUILDER_IMAGE=$(cat "$ws/build/builder-image")"
fi
# The commit, for builds that stamp it (the clone has no .git); a Dockerfile sees it with ARG SOURCE_COMMIT.
if [ -f "$ws/source-commit" ]; then
    set -- "$@" --opt "build-arg:SOURCE_COMMIT=$(cat "$ws/source-commit")"
fi
# A repository's own Dockerfile is built over its contextDir, with the App's values as build arguments.
context="$ws/src"
if [ -f "$ws/build/context-dir" ]; then
    context="$ws/src/$(cat "$ws/build/context-dir")"
    while IFS= read -r arg; do
        [ -z "$arg" ] || set -- "$@" --opt "build-arg:$arg"
    done < "$ws/build/build-args"
fi
{
    buildctl-daemonless.sh build --frontend dockerfile.v0 \
        --local context="$context" --local dockerfile="$ws/build" "$@" \
        --output "type=image,name=$OUTPUT_IMAGE,push=true$OUTPUT_OPTIONS" \
        --import-cache "type=registry,ref=$CACHE_IMAGE" \
        --export-cache "type=registry,ref=$CACHE_IMAGE,mode=max,ignore-error=true$OUTPUT_OPTIONS" \
        --metadata-file "$tmp/metadata.json"
    echo $? > "$tmp/status"
} 2>&1 | tee "$tmp/build.log"
if [ "$(cat "$tmp/status")" != 0 ]; then
    if grep -q 'exporting to image' "$tmp/build.log"; then
        stage='push failed'
    elif grep -q 's2i/assemble' "$tmp/build.log"; then
        stage='assemble failed'
    else
        stage='build failed'
    fi
    { echo "$stage:"; tail -c 3500 "$tmp/build.log"; } > "$termination_log"
    echo "---> ERROR: $stage" >&2
    exit 1
fi
digest=$(sed -n 's/.*"containerimage.digest": *"\(sha256:[0-9a-f]\{64\}\)".*/\1/p' "$tmp/metadata.json" | head -n 1)
if [ -z "$digest" ]; then
    echo 'push failed: BuildKit reported no image digest' > "$termination_log"
    exit 1
fi
printf '%s@%s' "$OUTPUT_IMAGE" "$digest" > "$termination_log"
if [ -f "$ws/build/builder" ]; then
    printf '\nbuilder %s %s' "$(cat "$ws/build/builder")" "$(cat "$ws/build/builder-image")" >> "$termination_log"
fi
echo "---> Pushed $OUTPUT_IMAGE@$digest"
