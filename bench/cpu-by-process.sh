#!/usr/bin/env bash
# CPU of the local cluster's processes, sampled from /proc while a benchmark runs beside it (see
# docs/benchmarks.md): every INTERVAL seconds one line with the time, the machine's idle and stolen
# share since the line before, and for each process the cores it used since the line before and
# its CPU seconds so far (a phase's total is the difference of two lines). Stops after COUNT lines.
#   bench/cpu-by-process.sh [interval=10] [count=360] > cpu.log
set -euo pipefail
interval=${1:-10}
count=${2:-360}
case "$interval$count" in
  *[!0-9]*) echo "cpu-by-process.sh: interval and count are whole numbers" >&2; exit 2 ;;
esac
ticks=$(getconf CLK_TCK)
pattern='etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kwok|slipway-controller.jar|dev.slipway.bench'
declare -A before
read -r -a machine_before < <(head -1 /proc/stat)
for ((line = 0; line < count; line++)); do
  sleep "$interval"
  read -r -a machine < <(head -1 /proc/stat)
  total=0
  for i in 1 2 3 4 5 6 7 8; do total=$((total + machine[i] - machine_before[i])); done
  idle=$((machine[4] - machine_before[4]))
  steal=$((machine[8] - machine_before[8]))
  machine_before=("${machine[@]}")
  out="$(date -u +%H:%M:%S) idle=$((100 * idle / (total > 0 ? total : 1)))% steal=$((100 * steal / (total > 0 ? total : 1)))%"
  for pid in $(pgrep -f "$pattern" || true); do
    name=$(tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | grep -m1 -oE "$pattern" || true)
    used=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true)
    [ -n "$name" ] && [ -n "$used" ] || continue
    previous=${before[$pid]:-$used}
    before[$pid]=$used
    out+=" $name=$(awk -v d=$((used - previous)) -v t="$ticks" -v s="$interval" 'BEGIN {printf "%.2f", d / t / s}')"
    out+="/$(awk -v u="$used" -v t="$ticks" 'BEGIN {printf "%.0fs", u / t}')"
  done
  echo "$out"
done
