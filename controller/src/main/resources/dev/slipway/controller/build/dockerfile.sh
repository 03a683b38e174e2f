#!/bin/sh
# Writes the build's generated Dockerfile and BuildKit's registry settings where build.sh reads them.
set -eu
mkdir -p /workspace/build
printf '%s' "$DOCKERFILE" > /workspace/build/Dockerfile
printf '%s' "$BUILDKITD_TOML" > /workspace/build/buildkitd.toml
echo "---> Dockerfile:"
cat /workspace/build/Dockerfile
