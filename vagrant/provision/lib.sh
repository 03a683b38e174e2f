# shellcheck shell=bash
# Sourced by the provisioning steps: where the repository is, whose it is, and k3s's kubeconfig.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Vagrant's rsync copies the repository as the vagrant user. Builds run as the repository's owner, so
# that target/ and ~/.m2 stay theirs and git does not refuse a repository owned by another user.
owner=$(stat -c %U "$root")
# Written by k3s, readable by root only (kubeconfig.sh gives the owner a copy).
# shellcheck disable=SC2034 # the steps use it
k3s_kubeconfig=/etc/rancher/k3s/k3s.yaml

# Runs a command as the repository's owner, with the owner's HOME.
as_owner() {
  if [ "$(id -un)" = "$owner" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi
}
