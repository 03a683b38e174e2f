#!/usr/bin/env bash
# Builds Slipway's own images, the controller and the API server, with Jib (no Docker daemon) on
# the Debian-made JRE (hack/build-images.sh jre), labelled with the version and the git commit, and
# pushes them to the local cluster's registry: registry.slipway-system.svc:5000/slipway/controller
# and .../slipway/api-server, tagged as manifests/ names them (hack/local-install installs them).
#
#   hack/slipway-images.sh [REGISTRY_ADDRESS]   default 10.88.0.1:5000, the real node's registry
set -euo pipefail
shopt -s inherit_errexit

root=$(cd "$(dirname "$0")/.." && pwd)
registry_address=${1:-10.88.0.1:5000}
jre=$("$root/hack/build-images.sh" "$registry_address" registry.slipway-system.svc:5000 - jre)
jre=${jre#jre=*/}
commit=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)
tag=$(sed -n 's|^ *image: slipway/controller:||p' "$root/manifests/controller/deployment.yaml")
mvn=("$root/mvnw" -q -B -f "$root/pom.xml" -Dslipway.setup.skip=true)
# Installed first: jib:build runs on the two modules alone, which take the others from ~/.m2.
"${mvn[@]}" -pl controller,api-server -am install -DskipTests
"${mvn[@]}" -pl controller,api-server jib:build -Djib.allowInsecureRegistries=true \
  -Djib.disableUpdateChecks=true -Dslipway.image.base="$registry_address/$jre" \
  -Dslipway.image.prefix="$registry_address/slipway" -Dslipway.image.tag="$tag" -Dslipway.git.commit="$commit"
echo "slipway-images: $registry_address/slipway/controller:$tag and api-server:$tag pushed (base $jre, commit $commit)" >&2
