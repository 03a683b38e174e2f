#!/bin/sh
# Clones GIT_URL at GIT_COMMIT (exactly) or GIT_REF (a branch or tag; empty: the default branch)
# into /workspace/src. The termination message is what the controller reads into the Build's status:
# on failure what git said, on success the commit, its author and its subject, one per line.
set -eu
# The pod's shared folder and termination message file; tests run this script elsewhere.
ws=${WORKSPACE:-/workspace}
termination_log=${TERMINATION_LOG:-/dev/termination-log}
fail() {
    printf '%s\n' "$1" | tail -c 3500 > "$termination_log"
    printf -- '---> ERROR: %s\n' "$1" >&2
    exit 1
}
echo "---> Cloning $GIT_URL ${GIT_COMMIT:-${GIT_REF:-default branch}}"
if [ -n "$GIT_COMMIT" ]; then
    git init -q "$ws/src"
    cd "$ws/src"
    git remote add origin "$GIT_URL"
    out=$(git fetch -q --depth 1 origin "$GIT_COMMIT" 2>&1) || fail "$out"
    out=$(git checkout -q FETCH_HEAD 2>&1) || fail "$out"
elif [ -n "$GIT_REF" ]; then
    out=$(git clone -q --depth 1 --branch "$GIT_REF" "$GIT_URL" "$ws/src" 2>&1) || fail "$out"
else
    out=$(git clone -q --depth 1 "$GIT_URL" "$ws/src" 2>&1) || fail "$out"
fi
git -C "$ws/src" log -1 --format='---> Commit %H: %s'
# What was cloned, for the Build's status.revision: the controller reads it from the termination message.
git -C "$ws/src" log -1 --format='commit %H%nauthor %an <%ae>%nmessage %s' | head -c 3500 > "$termination_log"
