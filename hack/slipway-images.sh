#!/usr/bin/env bash
# Builds Slipway's own images, the controller, the API server (with the command line in
# /opt/slipway) and the sample app that `slipway selftest` deploys, with Jib (no Docker daemon),
# labelled with the version and the git commit, tagged as manifests/ names them.
#
#   hack/slipway-images.sh [REGISTRY_ADDRESS]   on the Debian-made JRE (hack/build-images.sh jre),
#       pushed to the local cluster's registry (default 10.88.0.1:5000, the real node's) as
#       registry.slipway-system.svc:5000/slipway/<name>; hack/local-install installs them
#   hack/slipway-images.sh --tar DIR            on the upstream JRE (eclipse-temurin:17-jre, from
#       the internet), written as DIR/<name>.tar named slipway/<name>:<tag>, for a cluster that
#       imports images (k3s ctr images import)
set -euo pipefail
shopt -s inherit_errexit

root=$(cd "$(dirname "$0")/.." && pwd)
modules=controller,api-server,sample-app
commit=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)
tag=$(sed -n 's|^ *image: slipway/controller:||p' "$root/manifests/controller/deployment.yaml")
mvn=("$root/mvnw" -q -B -f "$root/pom.xml" -Dslipway.setup.skip=true)
jib=(-Djib.disableUpdateChecks=true -Dslipway.image.tag="$tag" -Dslipway.git.commit="$commit")

if [ "${1:-}" = --tar ]; then
  [ -n "${2:-}" ] || { echo "usage: $0 --tar DIR" >&2; exit 2; }
  mkdir -p "$2"
  tar_dir=$(cd "$2" && pwd)
  "${mvn[@]}" -pl "$modules,cli" -am install -DskipTests
  "${mvn[@]}" -pl "$modules" jib:buildTar "${jib[@]}" -Dslipway.image.tarDir="$tar_dir"
  echo "slipway-images: slipway/{controller,api-server,sample-app}:$tag written to $tar_dir (commit $commit)" >&2
  exit 0
fi

registry_address=${1:-10.88.0.1:5000}
jre=$("$root/hack/build-images.sh" "$registry_address" registry.slipway-system.svc:5000 - jre)
jre=${jre#jre=*/}
# Installed first: jib:build runs on the image modules alone, which take the others from ~/.m2. The
# command line's distribution goes into the API server's image.
"${mvn[@]}" -pl "$modules,cli" -am install -DskipTests
"${mvn[@]}" -pl "$modules" jib:build "${jib[@]}" -Djib.allowInsecureRegistries=true \
  -Dslipway.image.base="$registry_address/$jre" -Dslipway.image.prefix="$registry_address/slipway"
echo "slipway-images: $registry_address/slipway/{controller,api-server,sample-app}:$tag pushed (base $jre, commit $commit)" >&2
