#!/usr/bin/env bash
# Serves, until stopped, the git repositories under DIR at http://10.88.0.1:9480/ (the machine's
# address on the real node's bridge, where build pods reach it), after making DIR/hello-source from
# the python builder's sample app when it is not there. Needs the test kit's classes (its git server).
#
#   hack/serve-sample-git.sh DIR
set -euo pipefail

[ $# = 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
repo=$1/hello-source
if [ ! -d "$repo/.git" ]; then
  mkdir -p "$repo"
  cp -r "$root/builder-images/python/test/app/." "$repo/"
  git -C "$repo" init -q -b main
  # Builds of an exact commit (a webhook's) fetch it by id, as from GitHub.
  git -C "$repo" config uploadpack.allowAnySHA1InWant true
  git -C "$repo" add -A
  git -C "$repo" -c user.name=Slipway -c user.email=up@slipway.dev commit -q -m "hello from source"
fi
exec java -cp "$root/testkit/target/classes" dev.slipway.testkit.GitHttpServer "$1" 10.88.0.1 9480
