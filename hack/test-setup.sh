#!/usr/bin/env bash
# The set-up of the test command (./mvnw verify runs it first, from the root project's validate
# phase): installs the Debian packages that are missing (hack/prerequisites.sh) and builds the
# local cluster's programs from their Go modules when they are not cached, one line per program
# (hack/cluster-programs.sh). -Dslipway.setup.skip=true passes it over.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
"$root/hack/prerequisites.sh"
"$root/hack/cluster-programs.sh"
