#!/usr/bin/env bash
# Gives a user (default: the repository's owner) k3s's kubeconfig. Usage: kubeconfig.sh [USER]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

user=${1:-$owner}
home=$(getent passwd "$user" | cut -d: -f6)
group=$(id -gn "$user")
install -d -o "$user" -g "$group" -m 700 "$home/.kube"
install -o "$user" -g "$group" -m 600 "$k3s_kubeconfig" "$home/.kube/config"
# k3s's kubectl reads its own kubeconfig, which only root may read, whenever KUBECONFIG is unset.
sed -i '/^KUBECONFIG=/d' /etc/environment
echo "KUBECONFIG=$home/.kube/config" >>/etc/environment
