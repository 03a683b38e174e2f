#!/usr/bin/env bash
# Installs Slipway into k3s: hack/install.sh on the hack/k3s-install overlay. No arguments.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

KUBECONFIG=$k3s_kubeconfig "$root/hack/install.sh" "$root/hack/k3s-install"
