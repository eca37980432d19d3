#!/usr/bin/env bash
# Fault check 2: many connections that each send half a request, or nothing, and hold on.
# While they are held the good client (FaultClient's checked rounds, and dinitctl list) must
# be answered at once; once they close, the daemon's descriptor count must be back where it
# began. The daemon closes a connection with no complete request after 10 s, and at 128 open
# ones closes the quietest such to make room (docs/control-protocol.md §2).
#
#   benchmarks/scripts/faults/stalled.sh [CONNECTIONS [HOLD_MS]]   (default 1000 5000)
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
n=${1:-1000}
hold=${2:-5000}
faults_init stalled
faults_good_services
faults_start
sleep 1
heap_kib >/dev/null # attach once now: jcmd's socket is a descriptor of the daemon
fd0=$(fd_count)
fc stall --connections "$n" --silent 20 --hold-ms "$hold" > "$work/stall.out" 2>&1 &
staller=$!
faults_jobs+=("$staller")
for _ in $(seq 600); do
    grep -q HOLDING "$work/stall.out" && break
    kill -0 "$staller" 2>/dev/null || break
    sleep 0.1
done
fd_held=$(fd_count)
t0=$(date +%s%N)
listed=no
if dctl list > "$work/list.out" 2>&1 && grep -q 'good-steady' "$work/list.out"; then
    listed=yes
fi
t1=$(date +%s%N)
rc=0
wait "$staller" || rc=$?
cat "$work/stall.out"
faults_alive
fd1=$(fd_back_to "$fd0") || { echo "FAILED: fds $fd1 after the close, began with $fd0" >&2; rc=1; }
echo "dinitctl list while held: $listed, $(((t1 - t0) / 1000000)) ms (a JVM start included)"
echo "daemon fds: $fd0 before, $fd_held while held, $fd1 after"
if [[ $listed != yes ]]; then
    echo "FAILED: dinitctl list while the connections were held:" >&2
    cat "$work/list.out" >&2
    rc=1
fi
exit "$rc"
