#!/bin/sh
# Clones GIT_URL at GIT_COMMIT (exactly) or GIT_REF (a branch, a tag, or a tag pattern with *: the
# newest matching tag in version order; empty: the default branch) into /workspace/src. A private
# repository's credentials are the files of the Secret mounted at GIT_CREDENTIALS (this step's
# only): ssh-privatekey with known_hosts, or password (a token) with an optional username. They go
# to git through ssh's options and an askpass program, never on a command line, in the URL or in
# the environment, so no log line and no later step can show them.
# The termination message is what the controller reads into the Build's status: on failure what
# went wrong, on success the commit, its author and its subject, one per line.
set -eu
# The pod's shared folder and termination message file; tests run this script elsewhere.
ws=${WORKSPACE:-/workspace}
termination_log=${TERMINATION_LOG:-/dev/termination-log}
creds=${GIT_CREDENTIALS:-}
fail() {
    printf '%s\n' "$1" | tail -c 3500 > "$termination_log"
    printf -- '---> ERROR: %s\n' "$1" >&2
    exit 1
}
# What git said; refused credentials and unknown host keys in one plain sentence, whatever the
# protocol's own words were, naming the repository and the Secret but nothing of what it holds.
fail_git() {
    case "$1" in
        *"Authentication failed"*|*"Permission denied (publickey"*|*"could not read Username"*|*"could not read Password"*)
            if [ -n "$creds" ]; then
                fail "authentication failed for $GIT_URL: it refused the credentials of Secret $GIT_CREDENTIALS_SECRET"
            fi
            fail "authentication failed for $GIT_URL: it asks for credentials; a private repository needs a Secret in spec.source.git.credentialsSecret" ;;
        *"Host key verification failed"*)
            fail "host key verification failed for $GIT_URL: the server's key is not in known_hosts of Secret ${GIT_CREDENTIALS_SECRET:-(none)}" ;;
        *) fail "$1" ;;
    esac
}
export GIT_TERMINAL_PROMPT=0
if [ -n "$creds" ]; then
    export GIT_CREDENTIALS
    if [ -f "$creds/ssh-privatekey" ]; then
        # A copy of the key only this user can read, as ssh demands; the mounted file is the group's.
        key=$(mktemp)
        cat "$creds/ssh-privatekey" > "$key"
        if [ -n "$(tail -c 1 "$key")" ]; then
            echo >> "$key"
        fi
        export GIT_SSH_COMMAND="ssh -i $key -o IdentitiesOnly=yes -o IdentityAgent=none -o BatchMode=yes \
-o StrictHostKeyChecking=yes -o UserKnownHostsFile=$creds/known_hosts -o GlobalKnownHostsFile=/dev/null"
    fi
    if [ -f "$creds/password" ]; then
        askpass=$(mktemp)
        cat > "$askpass" <<'ASKPASS'
#!/bin/sh
case "$1" in
    Username*) if [ -f "$GIT_CREDENTIALS/username" ]; then cat "$GIT_CREDENTIALS/username"; else echo x-access-token; fi ;;
    *) cat "$GIT_CREDENTIALS/password" ;;
esac
ASKPASS
        chmod 700 "$askpass"
        export GIT_ASKPASS="$askpass"
    fi
fi
ref=$GIT_REF
case "$ref" in
    *'*'*)
        out=$(git ls-remote --tags --refs --sort=-version:refname "$GIT_URL" 2>&1) || fail_git "$out"
        ref=""
        for tag in $(printf '%s\n' "$out" | cut -f 2 | sed -n 's|^refs/tags/||p'); do
            # shellcheck disable=SC2254 # the pattern is the point
            case "$tag" in $GIT_REF) ref=$tag; break ;; esac
        done
        [ -n "$ref" ] || fail "no tag of $GIT_URL matches $GIT_REF"
        echo "---> The newest tag that matches $GIT_REF is $ref"
        ;;
esac
echo "---> Cloning $GIT_URL ${GIT_COMMIT:-${ref:-default branch}}"
if [ -n "$GIT_COMMIT" ]; then
    git init -q "$ws/src"
    cd "$ws/src"
    git remote add origin "$GIT_URL"
    out=$(git fetch -q --depth 1 origin "$GIT_COMMIT" 2>&1) || fail_git "$out"
    out=$(git checkout -q FETCH_HEAD 2>&1) || fail "$out"
elif [ -n "$ref" ]; then
    out=$(git clone -q --depth 1 --branch "$ref" "$GIT_URL" "$ws/src" 2>&1) || fail_git "$out"
else
    out=$(git clone -q --depth 1 "$GIT_URL" "$ws/src" 2>&1) || fail_git "$out"
fi
git -C "$ws/src" log -1 --format='---> Commit %H: %s'
# What was cloned, for the Build's status.revision: the controller reads it from the termination message.
git -C "$ws/src" log -1 --format='commit %H%nauthor %an <%ae>%nmessage %s' | head -c 3500 > "$termination_log"
# An image holds the source, not its history: without .git, the same commit is the same build
# context in every pod, so BuildKit's cache of an earlier build applies. The build gets the commit
# as the build argument SOURCE_COMMIT instead (Heroku's SOURCE_VERSION).
git -C "$ws/src" rev-parse HEAD > "$ws/source-commit"
rm -rf "$ws/src/.git"
