#!/bin/sh
# Writes the build's Dockerfile (generated, or the repository's own) and BuildKit's registry
# settings where build.sh reads them.
# A build that names no builder gets the catalog's detect scripts (DETECT_SCRIPTS), runs them over
# the source and writes the chosen builder and its image (from BUILDER_IMAGES, "name image" lines)
# for build.sh; when nothing matches, the termination message says so and the build fails.
set -eu
# The pod's shared folder and termination message file; tests run this script elsewhere.
ws=${WORKSPACE:-/workspace}
termination_log=${TERMINATION_LOG:-/dev/termination-log}
mkdir -p "$ws/build"
printf '%s' "$BUILDKITD_TOML" > "$ws/build/buildkitd.toml"
if [ -n "${DOCKERFILE_PATH:-}" ]; then
    # The repository's own Dockerfile (spec.source.dockerfile): build.sh builds it over contextDir,
    # with the App's plain env values as build arguments.
    if [ ! -f "$ws/src/$DOCKERFILE_PATH" ]; then
        printf 'dockerfile not found: %s is not in the repository (spec.source.dockerfile is relative to contextDir)\n' \
            "$DOCKERFILE_PATH" > "$termination_log"
        printf -- '---> ERROR: no Dockerfile at %s\n' "$DOCKERFILE_PATH" >&2
        exit 1
    fi
    cp "$ws/src/$DOCKERFILE_PATH" "$ws/build/Dockerfile"
    printf '%s' "${CONTEXT_DIR:-.}" > "$ws/build/context-dir"
    printf '%s' "${BUILD_ARGS:-}" > "$ws/build/build-args"
    echo "---> Dockerfile of the repository: $DOCKERFILE_PATH"
    cat "$ws/build/Dockerfile"
    exit 0
fi
printf '%s' "$DOCKERFILE" > "$ws/build/Dockerfile"
if [ -n "${DETECT_SCRIPTS:-}" ]; then
    mkdir -p "$ws/detect"
    (cd "$ws/detect" && sh -c "$DETECT_SCRIPTS")
    if ! builder=$(sh "$ws/detect/detect" "$ws/src/${CONTEXT_DIR:-.}" 2>"$ws/detect/error"); then
        reason=$(cat "$ws/detect/error")
        printf 'detect failed: %s\n' "${reason#detect: }" | tail -c 3500 > "$termination_log"
        printf -- '---> ERROR: %s\n' "$reason" >&2
        exit 1
    fi
    image=$(printf '%s\n' "$BUILDER_IMAGES" | awk -v b="$builder" '$1 == b { print $2 }')
    printf '%s' "$builder" > "$ws/build/builder"
    printf '%s' "$image" > "$ws/build/builder-image"
    echo "---> Detected builder $builder: $image"
fi
echo "---> Dockerfile:"
cat "$ws/build/Dockerfile"
