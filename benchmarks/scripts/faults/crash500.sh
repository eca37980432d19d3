#!/usr/bin/env bash
# Fault check 5: N process services (restart = yes) all killed at once with SIGKILL; every one
# must be running again under a new pid, and the daemon still answer. Prints the time from the
# kill to the last restart (restart-delay is 0.2 s by default: the floor).
#
#   benchmarks/scripts/faults/crash500.sh [N]   (default 500)
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
n=${1:-500}
faults_init crash500
faults_good_services
for i in $(seq "$n"); do
    printf 'type = process\ncommand = /bin/sleep 100001\nrestart = yes\n' > "$work/sd/crash-$i"
    echo "waits-for = crash-$i" >> "$work/sd/boot"
done
children() { { pgrep -P "$DPID" -f '^/bin/sleep 100001$' || true; } | sort; }
t0=$(date +%s%N)
faults_start
for _ in $(seq 600); do
    [[ $(children | wc -l) -eq $n ]] && break
    sleep 0.1
done
old=$(children)
if [[ $(wc -l <<< "$old") -ne $n ]]; then
    echo "FAILED: $(wc -l <<< "$old") of $n services running after boot" >&2
    exit 1
fi
echo "services running: $n (boot took $((($(date +%s%N) - t0) / 1000000)) ms)"
rss0=$(rss_kib) fd0=$(fd_count)
t1=$(date +%s%N)
# shellcheck disable=SC2086
kill -KILL $old
recovered=no
for _ in $(seq 600); do
    now=$(children)
    if [[ $(wc -l <<< "$now") -eq $n && -z $(comm -12 <(echo "$old") <(echo "$now")) ]]; then
        recovered=yes
        break
    fi
    sleep 0.05
done
t2=$(date +%s%N)
faults_alive
echo "killed: $n at once; all restarted with new pids: $recovered, in $(((t2 - t1) / 1000000)) ms"
rc=0
if [[ $recovered != yes ]]; then
    echo "FAILED: $(comm -13 <(echo "$old") <(echo "$now") | grep -c . || true) of $n restarted" >&2
    rc=1
fi
fc good --seconds 2 || rc=1
echo "daemon RSS: $rss0 KiB before the kill, $(rss_kib) KiB after; fds $fd0 before, $(fd_count) after"
exit "$rc"
