# shellcheck shell=bash
# shellcheck disable=SC2154  # dir and log_name are the sourcing script's
# What hack/local-cluster.sh and hack/real-node.sh share: starting and waiting for the cluster's
# programs, free ports and certificates. Both set $dir (the cluster folder) and $log_name before
# sourcing it.

log() { echo "$log_name: $*" >&2; }
die() { log "$*"; exit 1; }

running() { [ -f "$dir/pids/$1" ] && kill -0 "$(cat "$dir/pids/$1")" 2>/dev/null; }

# A free TCP port on 127.0.0.1, chosen at random, checked against the listening sockets and the
# ports this cluster already chose, and recorded as $dir/ports/$1.
free_port() {
  local p
  mkdir -p "$dir/ports"
  for _ in $(seq 1 100); do
    # Below the kernel's range for outgoing connections (32768 and up), so no client takes it first.
    p=$(( 20000 + RANDOM % 12000 ))
    if ! ss -Htln "sport = :$p" 2>/dev/null | grep -q .; then
      if ! grep -qx "$p" "$dir"/ports/* 2>/dev/null; then echo "$p" > "$dir/ports/$1"; echo "$p"; return; fi
    fi
  done
  die "no free port found"
}

start() {
  local name=$1; shift
  # 8>&-: the cluster's programs must not inherit (and so hold) the folder's lock.
  setsid "$@" >"$dir/logs/$name.log" 2>&1 < /dev/null 8>&- &
  echo $! > "$dir/pids/$name"
}

wait_for() {
  local what=$1 seconds=$2 program=$3; shift 3
  for _ in $(seq 1 $(( seconds * 5 ))); do
    if timeout 5 "$@" >/dev/null 2>&1; then return 0; fi
    running "$program" || { tail -n 30 "$dir/logs/$program.log" >&2; die "$program exited while waiting for $what"; }
    sleep 0.2
  done
  tail -n 30 "$dir/logs/$program.log" >&2
  die "timed out after ${seconds}s waiting for $what (logs: $dir/logs)"
}

# A key and a certificate signed by the cluster's CA: $1 the file name in $dir/pki, $2 the subject,
# $3 the extensions (subjectAltName, extendedKeyUsage), one a line.
issue_cert() {
  local p=$dir/pki
  openssl req -newkey rsa:2048 -nodes -subj "$2" -keyout "$p/$1.key" -out "$p/$1.csr" 2>/dev/null
  openssl x509 -req -in "$p/$1.csr" -CA "$p/ca.crt" -CAkey "$p/ca.key" -CAcreateserial -days 3650 \
    -out "$p/$1.crt" -extfile <(printf '%s\n' "$3") 2>/dev/null
}
