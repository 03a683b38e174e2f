#!/usr/bin/env bash
# Regenerates manifests/crds/ from the resource types in model/. CrdsUpToDateTest fails the build
# when the committed files differ from what the types generate.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl model -am test -Dtest=CrdsUpToDateTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dslipway.crds.update=true
git status --short manifests/crds
