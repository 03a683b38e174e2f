#!/usr/bin/env bash
# Checks for the Debian packages that running and testing Slipway need, and installs the missing
# ones with apt-get when it runs as root on Debian; otherwise stops and prints the apt-get line to
# run. Java 17 and Go cannot be installed here: it says so when they are missing.
#
#   hack/prerequisites.sh          what the tests need (hack/test-setup.sh, which ./mvnw verify runs first)
#   hack/prerequisites.sh --run    what hack/up.sh needs
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
log() { echo "prerequisites: $*" >&2; }

# program:package pairs: the control plane (openssl, curl, ss, setsid, flock, timeout, git), the real
# node (runc, iptables, conntrack, ip, gcc for its pause program, mmdebstrap for its Debian image).
programs=(openssl:openssl curl:curl ss:iproute2 ip:iproute2 setsid:util-linux flock:util-linux
  timeout:coreutils git:git runc:runc iptables:iptables conntrack:conntrack gcc:gcc mmdebstrap:mmdebstrap)
# The web console's browser tests drive Debian's Chromium through its WebDriver.
[ "${1:-}" = --run ] || programs+=(chromium:chromium chromedriver:chromium-driver)
packages=(libc6-dev)
# The builder image tests run each builder's scripts with its toolchain, and shellcheck over them.
[ "${1:-}" = --run ] || mapfile -t -O ${#packages[@]} packages < <(grep -v '^$' "$root/builder-images/apt-packages.txt")

need=()
for p in "${programs[@]}"; do
  command -v "${p%%:*}" >/dev/null || need+=("${p#*:}")
done
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u | grep -v '^$' || true)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    log "missing Debian packages; run: sudo apt-get install -y --no-install-recommends ${need[*]}"
    exit 1
  fi
fi
command -v java >/dev/null || { log "Java 17 is needed (Debian: apt-get install openjdk-17-jdk-headless)"; exit 1; }
command -v go >/dev/null || { log "Go 1.26 or newer is needed, to build the local cluster's programs (go.dev/dl)"; exit 1; }
log "all there"
