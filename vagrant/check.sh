#!/usr/bin/env bash
# Checks the sandbox as far as a machine without VirtualBox or libvirt can: shellcheck over the
# scripts that provisioning runs, and `vagrant validate` when vagrant is installed. One line per check
# saying what ran, passed, failed or was passed over for want of its tool; exits 1 when a check that
# ran failed. The VM itself is not started.
#
#   vagrant/check.sh
set -euo pipefail

dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$dir")
failed=0
# Runs a check when its tool is installed, and says what became of it.
check() {
  local tool=$1 name=$2; shift 2
  if ! command -v "$tool" >/dev/null; then
    echo "check: $name: not run, $tool is not installed (apt-get install $tool)"
  elif "$@"; then
    echo "check: $name: passed"
  else
    echo "check: $name: FAILED (above)"
    failed=1
  fi
}

# Names relative to the repository, as they are printed.
cd "$root"
scripts=(vagrant/check.sh vagrant/provision/*.sh hack/install.sh hack/selftest.sh hack/slipway-images.sh)
check shellcheck "shellcheck -x ${scripts[*]}" shellcheck -x "${scripts[@]}"
check kubectl "kubectl kustomize hack/k3s-install (the VM's overlay renders)" \
  bash -c 'kubectl kustomize hack/k3s-install >/dev/null'
check vagrant "vagrant validate of vagrant/Vagrantfile" bash -c 'cd vagrant && vagrant validate'
exit "$failed"
