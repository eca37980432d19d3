#!/usr/bin/env bash
# Fault check 6: churn soak. For N minutes: three clients start, stop, restart, reload and
# unload ten process services over short-lived connections (each operation's answer checked),
# the good client runs its checked rounds, five services exit every 3 s and are restarted,
# and every 5 s a service file is rewritten (so reloads re-read it), dinitctl list is run and
# the daemon's RSS, descriptors and heap in use after a full collection (jcmd) are sampled.
# Fails if an answer is wrong, the daemon dies, the heap in use or RSS grows without bound
# (the median of the last third of the samples above that of the first third by more than
# 20% + 1 MiB for the heap, 25% + 40 MiB for RSS), or the descriptors are not back at the baseline once
# the churn ends.
#
#   benchmarks/scripts/faults/soak.sh [--minutes N]   (default 60)
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
minutes=60
if [[ ${1:-} == --minutes ]]; then minutes=$2; fi
secs=$((minutes * 60))
faults_init "soak"
faults_good_services
churn_file() { printf 'type = process\ncommand = /bin/sleep 100002\nrestart = no\n# %s\n' "$2" \
    > "$work/sd/churn-$1"; }
for i in $(seq 10); do churn_file "$i" 0; done
for i in $(seq 5); do
    printf 'type = process\ncommand = /bin/sleep 3\nrestart = yes\nrestart-limit-count = 0\n' \
        > "$work/sd/flap-$i"
    echo "waits-for = flap-$i" >> "$work/sd/boot"
done
faults_start
sleep 2
heap_kib >/dev/null
fd0=$(fd_count)
fc churn --seconds "$secs" --threads 3 --services 10 > "$work/churn.out" 2>&1 &
churner=$!
faults_jobs+=("$churner")
: > "$work/samples"
t0=$(date +%s)
k=0
while kill -0 "$churner" 2>/dev/null; do
    faults_alive
    k=$((k + 1))
    churn_file $((1 + k % 10)) "$k"
    if ! dctl list > "$work/list.out" 2>&1 || ! grep -q good-steady "$work/list.out"; then
        faults_alive
        echo "FAILED: dinitctl list during the soak:" >&2
        cat "$work/list.out" >&2
        exit 1
    fi
    echo "$(($(date +%s) - t0)) $(rss_kib) $(fd_count) $(heap_kib)" >> "$work/samples"
    sleep 5
done
rc=0
wait "$churner" || rc=$?
cat "$work/churn.out"
faults_alive
fd1=$(fd_back_to "$fd0") || { echo "FAILED: fds $fd1 after the churn, began with $fd0" >&2; rc=1; }
n=$(wc -l < "$work/samples")
if ((n < 6)); then
    echo "FAILED: only $n samples" >&2
    exit 1
fi
third=$((n / 3))
rss_first=$(median "$work/samples" 2 1 "$third")
rss_last=$(median "$work/samples" 2 $((n - third + 1)) "$n")
heap_first=$(median "$work/samples" 4 1 "$third")
heap_last=$(median "$work/samples" 4 $((n - third + 1)) "$n")
echo "soak: $minutes min, $n samples"
echo "daemon RSS: first $(head -1 "$work/samples" | cut -d' ' -f2) KiB, last $(tail -1 "$work/samples" | cut -d' ' -f2) KiB, max $(sort -k2 -n "$work/samples" | tail -1 | cut -d' ' -f2) KiB; medians first/last third $rss_first/$rss_last KiB"
echo "daemon heap after GC: first $(head -1 "$work/samples" | cut -d' ' -f4) KiB, last $(tail -1 "$work/samples" | cut -d' ' -f4) KiB, max $(sort -k4 -n "$work/samples" | tail -1 | cut -d' ' -f4) KiB; medians first/last third $heap_first/$heap_last KiB"
echo "daemon fds: $fd0 before, max $(sort -k3 -n "$work/samples" | tail -1 | cut -d' ' -f3) during, $fd1 after"
# RSS also grows while the JVM's heap expands towards its -Xmx64m and the code cache fills,
# which is no leak: 40 MiB of that is allowed on top of the 25%. A leak inside the heap shows
# in the heap check below; this one is for native memory.
if ((rss_last * 100 > rss_first * 125 + 4096000)); then
    echo "FAILED: RSS grew: median $rss_first KiB -> $rss_last KiB" >&2
    rc=1
fi
if [[ $heap_first -gt 0 ]] && ((heap_last * 100 > heap_first * 120 + 102400)); then
    echo "FAILED: heap in use grew: median $heap_first KiB -> $heap_last KiB" >&2
    rc=1
fi
exit "$rc"
