#!/usr/bin/env bash
# End-to-end daemon benchmark (issue 5): N sleep services (default 200) started by bin/dinit.
# Prints: launch -> all started, SIGTERM -> daemon exited, and the daemon's RSS (current and
# peak) once everything runs. Uses bin/dinit as a user would (it builds on first use).
#
#   benchmarks/scripts/daemon-200.sh [N] [runs]
#
# DINITJ_BENCH_SETTING adds one line to every service, for example 'nice = 1' to start them all
# through the exec helper (dinit-posix/src/main/c/dinit-exec.c) instead of directly.
set -euo pipefail
root=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
n=${1:-200}
runs=${2:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/dinitj-bench.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
mkdir -p "$work/services"
{
    echo "type = internal"
    for i in $(seq 1 "$n"); do echo "depends-on = sleep$i"; done
} > "$work/services/boot"
for i in $(seq 1 "$n"); do
    printf 'type = process\ncommand = /bin/sleep 1000\n' > "$work/services/sleep$i"
    if [[ -n ${DINITJ_BENCH_SETTING:-} ]]; then
        printf '%s\n' "$DINITJ_BENCH_SETTING" >> "$work/services/sleep$i"
    fi
done

# Build (and create the class-data archive) once, outside the measurement.
"$root/bin/dinit" --user -d "$work/services" -p "$work/sock" -q nothing-to-start >/dev/null 2>&1 || true

now_ms() { date +%s%3N; }
for run in $(seq 1 "$runs"); do
    out=$work/console-$run
    t0=$(now_ms)
    "$root/bin/dinit" --user -d "$work/services" -p "$work/sock" > "$out" 2>&1 &
    pid=$!
    until grep -q '^\[  OK  \] boot$' "$out"; do
        if ! kill -0 "$pid" 2>/dev/null; then echo "daemon died:"; cat "$out"; exit 1; fi
        sleep 0.01
    done
    t1=$(now_ms)
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    started=$(grep -c '^\[  OK  \] sleep' "$out")
    t2=$(now_ms)
    kill -TERM "$pid"
    wait "$pid" || true
    t3=$(now_ms)
    left=$(pgrep -c -f '^/bin/sleep 1000$' || true)
    printf 'run %d: %d services started in %d ms; stopped and exited in %d ms; RSS %d KiB (peak %d KiB); sleeps left: %s\n' \
        "$run" "$started" $((t1 - t0)) $((t3 - t2)) "$rss" "$hwm" "$left"
done
